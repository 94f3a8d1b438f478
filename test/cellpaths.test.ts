// Cells drawn as one path a fill (docs/components/cellpaths.js) land where Plot's own cell mark puts
// its rects: same corners, same fill, same group styles; the title channel becomes the tip's text.
import { describe, expect, it } from "vitest";
import { parseHTML } from "linkedom";
import * as Plot from "@observablehq/plot";
// @ts-expect-error: a browser helper in plain JS, without types
import { cellPaths } from "../docs/components/cellpaths.js";

const { document } = parseHTML("<!doctype html><html><body></body></html>");
const data = [
  { x: 4, y: 0.1, w: "a" }, { x: 16, y: 0.1, w: "b" }, { x: 64, y: 0.1, w: "a" },
  { x: 4, y: 0.01, w: "b" }, { x: 16, y: 0.01, w: "b" }, { x: 64, y: 0.01, w: "tie" },
];
const draw = (render?: Plot.RenderFunction) => Plot.plot({
  document, width: 333, height: 171, marginLeft: 40,
  x: { type: "band" }, y: { type: "band", reverse: true }, color: { domain: ["a", "b", "tie"], range: ["#123456", "#abcdef", "#999999"] },
  marks: [Plot.cell(data, { x: "x", y: "y", fill: "w", inset: 0.5, title: (d) => `${d.x}: ${d.w}`, ...(render ? { render } : {}) })],
}) as unknown as Element;
const group = (svg: Element) => svg.querySelector('g[aria-label="cell"]')!;

describe("cellPaths", () => {
  it("draws the cells of a fill as one path, where Plot draws its rects", () => {
    const rects = Array.from(group(draw()).querySelectorAll("rect")).map((r) => ({
      x: Number(r.getAttribute("x")), y: Number(r.getAttribute("y")), w: Number(r.getAttribute("width")), h: Number(r.getAttribute("height")), fill: r.getAttribute("fill"),
    }));
    expect(rects.length).toBe(data.length);
    const g = group(draw(cellPaths()));
    expect(g.querySelectorAll("rect, title").length).toBe(0);
    const paths = Array.from(g.querySelectorAll("path"));
    expect(paths.map((p) => p.getAttribute("fill")).sort()).toEqual(["#123456", "#999999", "#abcdef"]);
    const cells = paths.flatMap((p) => [...p.getAttribute("d")!.matchAll(/M([\d.-]+),([\d.-]+)h([\d.-]+)v([\d.-]+)h([\d.-]+)z/g)].map((m) => ({
      x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]), back: Number(m[5]), fill: p.getAttribute("fill"),
    })));
    expect(cells.length).toBe(rects.length);
    for (const c of cells) {
      const r = rects.find((r) => r.fill === c.fill && Math.abs(r.x - c.x) < 0.006 && Math.abs(r.y - c.y) < 0.006);
      expect(r, JSON.stringify(c)).toBeDefined();
      expect(Math.abs(c.w - r!.w)).toBeLessThan(0.006);
      expect(Math.abs(c.h - r!.h)).toBeLessThan(0.006);
      expect(c.back).toBe(-c.w);
    }
  });

  it("keeps the group's constant styles, and the mark still gets Plot's tip", () => {
    const plain = group(draw()), paths = group(draw(cellPaths()));
    for (const a of ["transform", "fill-opacity", "stroke"]) expect(paths.getAttribute(a)).toBe(plain.getAttribute(a));
    const svg = Plot.plot({
      document, x: { type: "band" }, y: { type: "band" },
      marks: [Plot.cell(data, { x: "x", y: "y", fill: "w", render: cellPaths(), tip: true, title: (d) => `${d.x}: ${d.w}` })],
    }) as unknown as Element;
    expect(svg.querySelector('g[aria-label="tip"]')).not.toBeNull();
  });
});
