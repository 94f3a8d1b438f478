// An esbuild plugin for the pages' Plot bundle (scripts/bundle-kernel.mjs).
import { readFileSync } from "node:fs";

/**
 * Plot's format.js makes its default number format at import
 * (`formatDefault = formatAuto()`), and a page's first Intl.NumberFormat
 * costs 45-77 ms of ICU set-up (Chromium, this machine): every page that
 * imports Plot paid it before its first figure, though a figure taken from
 * the build's copy formats nothing. This makes the format when a number is
 * first formatted (numberFormat is memoized). Fails the build if Plot's
 * source no longer reads as expected.
 */
export function lazyNumberFormat() {
  const eager = "const format = numberFormat(locale);\n  return (i) => (i != null && !isNaN(i) ? format.format(i) : undefined);";
  const lazy = "return (i) => (i != null && !isNaN(i) ? numberFormat(locale).format(i) : undefined);";
  return {
    name: "plot-lazy-number-format",
    setup(build) {
      build.onLoad({ filter: /@observablehq[\\/]plot[\\/]src[\\/]format\.js$/ }, ({ path }) => {
        const source = readFileSync(path, "utf-8");
        if (!source.includes(eager)) throw new Error(`${path}: formatNumber() no longer reads as scripts/bundle-kernel.mjs expects; update lazyNumberFormat()`);
        return { contents: source.replace(eager, lazy), loader: "js" };
      });
    },
  };
}
