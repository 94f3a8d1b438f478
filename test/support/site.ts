/**
 * Build the site once per test run (under unshare -n when root, so the
 * build provably needs no network) and share it between the build and
 * browser suites.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const MARKER = "dist/.built-by-tests";
export const asRoot = process.getuid?.() === 0;

/** Build unless this test process (or its group) already did. */
export function buildSite(): { offline: boolean; seconds: number } {
  const runId = process.env.VITEST_RUN_ID ?? String(process.ppid);
  if (existsSync(MARKER) && readFileSync(MARKER, "utf-8") === runId) return { offline: asRoot, seconds: 0 };
  const t0 = Date.now();
  execFileSync("rm", ["-rf", "dist", "docs/.observablehq/cache"]);
  const [cmd, args] = asRoot ? ["unshare", ["-n", "npm", "run", "build"]] : ["npm", ["run", "build"]];
  execFileSync(cmd, args, { stdio: "pipe", env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" }, maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(MARKER, runId);
  return { offline: asRoot, seconds: (Date.now() - t0) / 1000 };
}

/** Page paths from the Framework config, plus the index. */
export async function pages(): Promise<string[]> {
  const config = (await import("../../observablehq.config.ts")).default as { pages: { path: string }[] };
  return ["/index", ...config.pages.map((p) => p.path)];
}
