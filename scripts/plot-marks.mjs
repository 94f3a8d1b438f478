// The Plot the site's pages use, bundled by scripts/bundle-kernel.mjs into
// docs/lib/plot.js. Plot from npm imports the whole d3 umbrella package
// (every d3 module, ~100 kB gzip) on top of its own 68 kB; naming only the
// marks the pages draw lets esbuild keep only the d3 code they need
// (91 kB gzip for all of it). test/build.test.ts checks that every Plot.x
// a page or component uses is exported here.
export { areaY, barX, cell, dot, line, lineY, link, plot, ruleX, ruleY, stackX, text, tickX } from "@observablehq/plot";
