/**
 * A DrawCache (src/draw-cache.ts) changes no result: its draws equal
 * drawMachine()'s, no strategy writes to a draw it shares, and a sweep or a
 * comparison through the cache equals the plain call, across calls whose
 * scenarios differ. It does reuse draws where the draw inputs are the same
 * (with uncertainty on too), draws anew where they differ, and keeps to its
 * bound.
 */
import { describe, expect, it } from "vitest";
import { DrawCache, STRATEGIES, compareSteps, params, sensitivity, sensitivitySteps, setPath, sweep, type Params } from "../src/mod.ts";
import { drawMachine } from "../src/machine.ts";
import { runOn } from "../src/simulate.ts";
import { complete } from "../src/steps.ts";

const base = params({ preset: "emr-2s" });
const moved = (p: Params, path: string, v: number) => setPath(p, path, v) as Params;
const SIZES = [1, 4, 16, 64];

describe("DrawCache", () => {
  it("no strategy writes to the draw it is given", () => {
    for (const seed of [1, 99]) {
      const d = drawMachine(base, seed);
      const before = JSON.stringify(d, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
      for (const s of STRATEGIES) runOn(d, base, s, seed);
      expect(JSON.stringify(d, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(before);
    }
  });

  it("a sweep through the cache equals the plain sweep, and a cost change reuses every draw (uncertainty on)", () => {
    expect(base.uncertainty).toBe(true);
    const cache = new DrawCache();
    const options = { strategies: STRATEGIES, trials: 4 };
    const first = sweep(base, "machine.coresPerSocket", SIZES, { ...options, drawOf: cache.draw });
    expect(first).toEqual(sweep(base, "machine.coresPerSocket", SIZES, options));
    expect(cache.misses).toBe(SIZES.length * 4);
    expect(cache.hits).toBe(0);
    const q = moved(base, "costs.hardirqNs", base.costs.hardirqNs * 1.7);
    const second = sweep(q, "machine.coresPerSocket", SIZES, { ...options, drawOf: cache.draw });
    expect(second).toEqual(sweep(q, "machine.coresPerSocket", SIZES, options));
    expect(second).not.toEqual(first); // the cost does change the results
    expect(cache.hits).toBe(SIZES.length * 4);
  });

  it("a change the draw reads draws anew, and the result still equals the plain call", () => {
    const cache = new DrawCache();
    complete(compareSteps(base, STRATEGIES, 5, [], cache.draw));
    const q = moved(base, "workload.irqOff.probability", Math.min(1, base.workload.irqOff.probability * 2 + 0.01));
    const got = complete(compareSteps(q, STRATEGIES, 5, [], cache.draw));
    expect(cache.hits).toBe(0);
    expect(cache.misses).toBe(10);
    expect(got).toEqual(complete(compareSteps(q, STRATEGIES, 5)));
  });

  it("a sensitivity analysis through the cache equals the plain one, and after a cost change draws nothing", () => {
    const small = params({ preset: "emr-2s", machine: { coresPerSocket: 8 } });
    const S = ["on_each_cpu", "stop_machine", "none"] as const;
    const cache = new DrawCache();
    expect(complete(sensitivitySteps(small, "on_each_cpu", 3, S, cache.draw))).toEqual(sensitivity(small, "on_each_cpu", 3, S));
    const misses = cache.misses;
    expect(misses).toBeGreaterThan(3); // the scenario's draws, and those of every range end the draw reads
    const q = moved(small, "costs.hardirqNs", small.costs.hardirqNs * 1.5);
    expect(complete(sensitivitySteps(q, "on_each_cpu", 3, S, cache.draw))).toEqual(sensitivity(q, "on_each_cpu", 3, S));
    expect(cache.misses).toBe(misses);
  });

  it("keeps to its bound in LPs, least recently used out first", () => {
    const lps = base.machine.sockets * base.machine.coresPerSocket * base.machine.threadsPerCore;
    const cache = new DrawCache(3 * lps);
    for (const seed of [1, 2, 3]) cache.draw(base, seed);
    cache.draw(base, 1); // now the most recent
    cache.draw(base, 4); // evicts seed 2
    expect(cache.size).toBe(3 * lps);
    const misses = cache.misses;
    cache.draw(base, 1);
    cache.draw(base, 4);
    expect(cache.misses).toBe(misses);
    cache.draw(base, 2);
    expect(cache.misses).toBe(misses + 1);
    expect(cache.size).toBeLessThanOrEqual(3 * lps);
  });
});
