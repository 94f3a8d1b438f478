// Rectangles drawn as one path a fill (docs/components/markpaths.js) land where Plot's own cell and
// barX marks put their rects: same corners, same fill, same group styles and facets; the mark keeps its tip.
import { describe, expect, it } from "vitest";
import { parseHTML } from "linkedom";
import * as Plot from "@observablehq/plot";
// @ts-expect-error: a browser helper in plain JS, without types
import { rectPaths } from "../docs/components/markpaths.js";

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

type Box = { x: number; y: number; w: number; h: number; fill: string | null; facet: string | null };
/** Plot's rects, and the rectangles in rectPaths' paths, with the transform of the facet they sit in. */
const rectsOf = (svg: Element, label: string): Box[] => Array.from(svg.querySelectorAll(`g[aria-label="${label}"] rect`)).map((r) => ({
  x: Number(r.getAttribute("x")), y: Number(r.getAttribute("y")), w: Number(r.getAttribute("width")), h: Number(r.getAttribute("height")), fill: r.getAttribute("fill"), facet: r.closest("g[transform]")?.getAttribute("transform") ?? null,
}));
const pathsOf = (svg: Element, label: string): Box[] => Array.from(svg.querySelectorAll(`g[aria-label="${label}"] path`)).flatMap((p) => [...p.getAttribute("d")!.matchAll(/M([\d.-]+),([\d.-]+)h([\d.-]+)v([\d.-]+)h([\d.-]+)z/g)].map((m) => {
  expect(Number(m[5])).toBe(-Number(m[3]));
  return { x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]), fill: p.getAttribute("fill"), facet: p.closest("g[transform]")?.getAttribute("transform") ?? null };
}));
const same = (a: Box[], b: Box[]) => {
  expect(b.length).toBe(a.length);
  for (const c of b) expect(a.some((r) => r.fill === c.fill && r.facet === c.facet && [r.x - c.x, r.y - c.y, r.w - c.w, r.h - c.h].every((d) => Math.abs(d) < 0.006)), JSON.stringify(c)).toBe(true);
};

describe("rectPaths", () => {
  it("draws the cells of a fill as one path, where Plot draws its rects", () => {
    const rects = Array.from(group(draw()).querySelectorAll("rect")).map((r) => ({
      x: Number(r.getAttribute("x")), y: Number(r.getAttribute("y")), w: Number(r.getAttribute("width")), h: Number(r.getAttribute("height")), fill: r.getAttribute("fill"),
    }));
    expect(rects.length).toBe(data.length);
    const g = group(draw(rectPaths()));
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

  it("draws a faceted barX's segments (x1 to x2, inset) where Plot draws them", () => {
    const bars = [
      { s: "p", lane: "CPU 0", a: 0, b: 3.5, k: "spin" }, { s: "p", lane: "CPU 0", a: 3.5, b: 9, k: "call" }, { s: "p", lane: "CPU 1", a: 1, b: 2, k: "call" },
      { s: "q", lane: "CPU 0", a: 0, b: 0.01, k: "spin" }, { s: "q", lane: "CPU 1", a: 7, b: 4, k: "call" },
    ];
    const plot = (render?: Plot.RenderFunction) => Plot.plot({
      document, width: 420, height: 240, color: { domain: ["spin", "call"], range: ["#111111", "#eeeeee"] },
      marks: [Plot.barX(bars, { x1: "a", x2: "b", y: "lane", fy: "s", fill: "k", insetTop: 1, insetBottom: 1, ...(render ? { render, tip: true } : {}) })],
    }) as unknown as Element;
    const plain = plot(), drawn = plot(rectPaths());
    expect(rectsOf(drawn, "bar").length).toBe(0);
    same(rectsOf(plain, "bar"), pathsOf(drawn, "bar"));
    expect(drawn.querySelectorAll('g[aria-label="bar"] path').length).toBe(4); // a path per fill and facet
  });

  it("keeps the group's constant styles, and the mark still gets Plot's tip", () => {
    const plain = group(draw()), paths = group(draw(rectPaths()));
    for (const a of ["transform", "fill-opacity", "stroke"]) expect(paths.getAttribute(a)).toBe(plain.getAttribute(a));
    const svg = Plot.plot({
      document, x: { type: "band" }, y: { type: "band" },
      marks: [Plot.cell(data, { x: "x", y: "y", fill: "w", render: rectPaths(), tip: true, title: (d) => `${d.x}: ${d.w}` })],
    }) as unknown as Element;
    expect(svg.querySelector('g[aria-label="tip"]')).not.toBeNull();
  });
});
