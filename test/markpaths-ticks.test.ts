// Ticks drawn as one path a row (docs/components/markpaths.js) land where Plot's own tickX puts
// its lines: same x, same top and bottom, same colour, same group transform.
import { describe, expect, it } from "vitest";
import { parseHTML } from "linkedom";
import * as Plot from "@observablehq/plot";
// @ts-expect-error: a browser helper in plain JS, without types
import { tickPaths } from "../docs/components/markpaths.js";

const { document } = parseHTML("<!doctype html><html><body></body></html>");
const data = [
  { s: "a", x: 1 }, { s: "a", x: 7.25 }, { s: "a", x: 3 },
  { s: "b", x: 0 }, { s: "b", x: 10 },
];
const draw = (render?: Plot.RenderFunction) => Plot.plot({
  document, width: 400, height: 160, marginLeft: 40,
  y: { domain: ["a", "b"] }, color: { domain: ["a", "b"], range: ["#123456", "#abcdef"] },
  marks: [Plot.tickX(data, { x: "x", y: "s", stroke: "s", strokeWidth: 1.5, insetTop: 16, insetBottom: 2, ...(render ? { render } : {}) })],
}) as unknown as Element;
const group = (svg: Element) => svg.querySelector('g[aria-label="tick"]')!;

describe("tickPaths", () => {
  it("draws every tick of a row in one path, where Plot draws its lines", () => {
    const lines = Array.from(group(draw()).querySelectorAll("line")).map((l) => ({
      x: Number(l.getAttribute("x1")), top: Number(l.getAttribute("y1")), bottom: Number(l.getAttribute("y2")), stroke: l.getAttribute("stroke"),
    }));
    const g = group(draw(tickPaths({ title: (ix: number[]) => `${data[ix[0]].s}: ${ix.length}` })));
    expect(g.querySelectorAll("line").length).toBe(0);
    const paths = Array.from(g.querySelectorAll("path"));
    expect(paths.length).toBe(2);
    const segments = paths.flatMap((p) => [...p.getAttribute("d")!.matchAll(/M([\d.-]+),([\d.-]+)V([\d.-]+)/g)].map((m) => ({
      x: Number(m[1]), top: Number(m[2]), bottom: Number(m[3]), stroke: p.getAttribute("stroke"),
    })));
    expect(segments.length).toBe(lines.length);
    const key = (t: { x: number; stroke: string | null }) => `${t.stroke}|${t.x.toFixed(1)}`;
    const byKey = new Map(lines.map((l) => [key(l), l]));
    for (const s of segments) {
      const l = byKey.get(key(s));
      expect(l, key(s)).toBeDefined();
      expect(Math.abs(s.top - l!.top)).toBeLessThan(0.06);
      expect(Math.abs(s.bottom - l!.bottom)).toBeLessThan(0.06);
    }
    expect(paths.map((p) => p.querySelector("title")?.textContent).sort()).toEqual(["a: 3", "b: 2"]);
  });

  it("keeps the group's transform and constant styles", () => {
    const plain = group(draw()), paths = group(draw(tickPaths()));
    for (const a of ["transform", "stroke-width"]) expect(paths.getAttribute(a)).toBe(plain.getAttribute(a));
    expect(paths.querySelector("title")).toBeNull();
  });
});
