// Prepares docs/lib/ (generated, ignored). Bundles the kernel (src/mod.ts, .ts specifiers, zod/mini, JSON data) for the
// pages, which Framework cannot import directly: docs/lib/kernel.js for
// imports, docs/lib/kernel-worker.js for the Web Worker. --watch rebuilds on
// every change in src/ or data/, so `npm run dev` reloads the pages.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as esbuild from "esbuild";
import { lazyNumberFormat } from "./plot-lazy-format.mjs";

const watch = process.argv.includes("--watch");
// Source maps inline while developing; none in the build (Framework would not
// copy a separate .map, so the site would point at a missing file).
const common = { bundle: true, format: "esm", platform: "browser", target: "es2022", sourcemap: watch ? "inline" : false, logLevel: "info", legalComments: "none", minify: true };
const builds = [
  { ...common, entryPoints: ["src/mod.ts"], outfile: "docs/lib/kernel.js" },
  // Names, colours and formatters without the model or zod, for pages that run nothing.
  { ...common, entryPoints: ["src/display.ts"], outfile: "docs/lib/display.js" },
  { ...common, entryPoints: ["docs/workers/kernel-worker.ts"], outfile: "docs/lib/kernel-worker.js" },
  // Plot with only the marks the pages draw (see scripts/plot-marks.mjs).
  { ...common, entryPoints: ["scripts/plot-marks.mjs"], outfile: "docs/lib/plot.js", plugins: [lazyNumberFormat()] },
];

// Framework adds the Inputs stylesheet only for npm:@observablehq/inputs; our pages
// import Inputs from node_modules, so docs/style.css imports this copy instead.
// Framework's copy is theme-aware but a template: its __ns__ placeholder must
// become the class namespace of the Inputs we import ("inputs-3a86ea" for
// 0.12), or no rule matches and the panel is unstyled.
mkdirSync("docs/lib", { recursive: true });
const ns = readFileSync("node_modules/@observablehq/inputs/dist/index.js", "utf-8").match(/inputs-[0-9a-f]{6}/)?.[0];
if (!ns) throw new Error("cannot find the class namespace of @observablehq/inputs");
const template = readFileSync("node_modules/@observablehq/framework/dist/client/stdlib/inputs.css", "utf-8");

writeFileSync("docs/lib/inputs.css", template.replaceAll("__ns__", ns));

// The commit and date of this build, for the footer (observablehq.config.ts) and the citation
// (Method and sources): written here on every build, so no cache can keep an older one.
const git = (...args) => { try { return execFileSync("git", args, { encoding: "utf-8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { return ""; } };
// The published site's address (TDX_SHUTDOWN_SITE_URL, as for the report), for Method's citation;
// the page checks it (siteUrlProblem in src/site-url.ts) and cites no address it refuses.
writeFileSync("docs/lib/build.json", JSON.stringify({ commit: git("rev-parse", "--short=12", "HEAD") || "unknown", date: git("log", "-1", "--format=%cs") || "unknown", siteUrl: process.env.TDX_SHUTDOWN_SITE_URL || null }) + "\n");

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
