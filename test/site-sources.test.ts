/**
 * The pages' Plot is docs/lib/plot.js, a bundle of the marks named in
 * scripts/plot-marks.mjs (Plot from npm would load all of d3). Every
 * Plot.x a page or component calls must be exported there, and nothing may
 * import Plot from npm.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";

/** The names scripts/plot-marks.mjs re-exports from Plot. */
const exported = readFileSync("scripts/plot-marks.mjs", "utf-8").match(/export \{([^}]*)\} from "@observablehq\/plot"/)![1].split(",").map((s) => s.trim());

const sources = [
  ...readdirSync("docs").filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  ...readdirSync("docs/components").filter((f) => f.endsWith(".js")).map((f) => `docs/components/${f}`),
];

describe("the pages' Plot bundle", () => {
  it("exports every Plot function a page or component uses", () => {
    const used = new Set(sources.flatMap((f) => [...readFileSync(f, "utf-8").matchAll(/\bPlot\.([A-Za-z]+)/g)].map((m) => m[1])));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(exported, `Plot.${name}`).toContain(name);
  });
  it("is the only Plot the pages import", () => {
    for (const f of sources) expect(readFileSync(f, "utf-8"), f).not.toMatch(/from\s+["'](?:npm:)?@observablehq\/plot["']/);
  });
});

describe("number formatting without Intl (src/format.ts says why)", () => {
  const code = (f: string) => readFileSync(f, "utf-8").split("\n").filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line));
  const kernel = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? kernel(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []));
  it("no page, component or kernel module formats through Intl", () => {
    const files = [...sources, ...kernel("src")];
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) for (const line of code(f)) expect(line, f).not.toMatch(/\.toLocale\w*String\(|\bIntl\.|\.localeCompare\(/);
  });
  it("the pages' Plot makes no Intl format when imported, only when it first formats a number", async () => {
    const esbuild = await import("esbuild");
    const { lazyNumberFormat } = await import("../scripts/plot-lazy-format.mjs");
    const out = await esbuild.build({ entryPoints: ["scripts/plot-marks.mjs"], bundle: true, format: "esm", platform: "browser", write: false, logLevel: "silent", plugins: [lazyNumberFormat()] });
    const made: string[] = [];
    const NumberFormat = Intl.NumberFormat;
    Intl.NumberFormat = new Proxy(NumberFormat, { construct: (target, args) => (made.push(String(args[0])), Reflect.construct(target, args)) });
    try {
      await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
      expect(made).toEqual([]);
    } finally {
      Intl.NumberFormat = NumberFormat;
    }
  });
});
