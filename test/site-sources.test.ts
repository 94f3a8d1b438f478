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
