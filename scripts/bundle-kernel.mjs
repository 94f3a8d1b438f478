// Prepares docs/lib/ (generated, ignored). Bundles the kernel (src/mod.ts, .ts specifiers, zod, JSON data) for the
// pages, which Framework cannot import directly: docs/lib/kernel.js for
// imports, docs/lib/kernel-worker.js for the Web Worker. --watch rebuilds on
// every change in src/ or data/, so `npm run dev` reloads the pages.
import { copyFileSync, mkdirSync } from "node:fs";
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const common = { bundle: true, format: "esm", platform: "browser", target: "es2022", sourcemap: true, logLevel: "info", legalComments: "none", minify: true };
const builds = [
  { ...common, entryPoints: ["src/mod.ts"], outfile: "docs/lib/kernel.js" },
  { ...common, entryPoints: ["docs/workers/kernel-worker.ts"], outfile: "docs/lib/kernel-worker.js" },
];

// Framework adds the Inputs stylesheet only for npm:@observablehq/inputs; our pages
// import Inputs from node_modules, so docs/style.css imports this copy instead.
mkdirSync("docs/lib", { recursive: true });
copyFileSync("node_modules/@observablehq/framework/dist/client/stdlib/inputs.css", "docs/lib/inputs.css");

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
