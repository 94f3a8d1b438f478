/**
 * vitest globalSetup: with TDX_SITE_EAGER=1 (`npm test`), this run's site
 * build starts at once in the background, while the suites that need no
 * site run (vitest.config.ts runs the site's suites last); buildSite() in
 * those suites then waits for it instead of starting one. The run's id goes
 * into the environment first, so the workers name the same build.
 */
import { startSiteBuild } from "./site.ts";

export default function setup(): (() => Promise<void>) | undefined {
  if (process.env.TDX_SITE_EAGER !== "1" || process.env.TDX_BROWSER === "off") return undefined;
  process.env.TDX_SITE_RUN ??= `${process.pid}-${Date.now()}`;
  const child = startSiteBuild();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // A run that never asked for the site still leaves a whole build behind, never half of one.
  return () => exited;
}
