/**
 * The Your machine page's QQ panels (src/trace/qq.ts): points of a
 * log-normal sample lie on y = x; samples that do not spread give a value,
 * not a line of equal dots; too few samples give no panel.
 */
import { describe, expect, it } from "vitest";
import { qqPanels } from "../src/mod.ts";
import { logNormal, rng } from "../src/random.ts";

describe("qqPanels", () => {
  it("a log-normal sample lies on y = x; a constant one is said; fewer than 5 samples give no panel", () => {
    const r = rng(3, 1);
    const xs = Array.from({ length: 4_000 }, () => logNormal(r.next(), 1_000, 0.7));
    const [ln, flat, ...rest] = qqPanels({ "costs.cfsWakeMedianNs": xs, "costs.csdHandlingNs": Array(50).fill(400), "costs.ipiDeliveryNs": [1, 2, 3, 4] });
    expect(rest).toEqual([]);
    expect(ln).toMatchObject({ path: "costs.cfsWakeMedianNs", n: 4_000, constant: null, log: true });
    expect(ln.points.length).toBe(200);
    // Inside the central 90% the fitted quantile is within 10% of the sample's.
    for (const pt of ln.points.slice(10, -10)) expect(Math.abs(pt.sample / pt.fitted - 1)).toBeLessThan(0.1);
    expect(ln.points.map((p) => p.sample)).toEqual([...ln.points.map((p) => p.sample)].sort((a, b) => a - b));
    expect(flat).toMatchObject({ path: "costs.csdHandlingNs", n: 50, constant: 400, points: [] });
    // A sample that is not log-normal bends away from the line: two clusters a factor 1.3 apart.
    const [bi] = qqPanels({ "costs.ipiDeliveryNs": [...Array(500).fill(270), ...Array(500).fill(350)] });
    expect(Math.max(...bi.points.map((p) => Math.abs(p.sample / p.fitted - 1)))).toBeGreaterThan(0.1);
    expect(bi.log).toBe(false); // 270 to 350 ns: a log axis would get one tick
  });
});
