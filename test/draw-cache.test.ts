/**
 * A DrawCache (src/draw-cache.ts) changes no result: its draws equal
 * drawMachine()'s, no strategy writes to a draw it shares, and a sweep or a
 * comparison through the cache equals the plain call, across calls whose
 * scenarios differ, and so does every draw over random sequences of changes.
 * It does reuse draws where the draw inputs are the same (with uncertainty
 * on too), redraws only the part a change reads, and keeps to its bound.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DrawCache, STRATEGIES, compareSteps, params, sensitivity, sensitivitySteps, setPath, sweep, type Params } from "../src/mod.ts";
import { DRAW_PART_INPUTS, drawMachine } from "../src/machine.ts";
import { PARAMETER_TABLE, getPath, setShare } from "../src/mod.ts";
import { PARAM_PATHS, changeErrors } from "../src/params/parse.ts";
import { shareGroup } from "../src/params/shares.ts";

const SEED = Number(process.env.FC_SEED ?? 20221122);
fc.configureGlobal({ seed: SEED });
import { runOn } from "../src/simulate.ts";
import { complete } from "../src/steps.ts";

const base = params({ preset: "emr-2s" });
const moved = (p: Params, path: string, v: number) => setPath(p, path, v) as Params;
const SIZES = [1, 4, 16, 64];

/** One change to a scenario: a numeric parameter to a point of its plausible range, or a choice. */
const NUMERIC = Object.entries(PARAMETER_TABLE).filter(([path, row]) => typeof getPath(base, path) === "number" && row.plausible[0] !== null && row.plausible[1] !== null && !path.startsWith("machine."));
const CHOICES: [string, unknown[]][] = [
  ["machine.idleCState", ["C1", "C1E", "C6"]], ["workload.initAt", ["boot", "kvm_load"]], ["kernel.rtThrottling", [true, false]],
  ["kernel.ipiShorthand", [true, false]], ["machine.smtOff", [true, false]], ["machine.coresPerSocket", [2, 3, 8]], ["machine.maxcpus", [0, 5]],
];
const change = fc.oneof(
  fc.tuple(fc.constantFrom(...NUMERIC), fc.double({ min: 0, max: 1, noNaN: true })).map(([[path, row], f]) => ({ path, value: row.plausible[0]! + f * (row.plausible[1]! - row.plausible[0]!) })),
  fc.constantFrom(...CHOICES).chain(([path, values]) => fc.constantFrom(...values).map((value) => ({ path, value }))),
);
const apply = (p: Params, { path, value }: { path: string; value: unknown }): Params => {
  const q = shareGroup(path) ? setShare(p, path, value as number) : (setPath(p, path, value) as Params);
  return changeErrors(q, shareGroup(path) ?? [path]).length ? p : q;
};

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

  it("a change to one part of the draw redraws that part alone, and the draw equals drawMachine()", () => {
    const cache = new DrawCache();
    const p = params({ preset: "emr-2s", workload: { idle: 0.5, cfs: 0.3, rt: 0.1, isolated: 0.1 } });
    cache.draw(p, 3);
    const before = { ...cache.drawn };
    const q = moved(p, "workload.irqOff.probability", 0.2);
    expect(cache.draw(q, 3)).toEqual(drawMachine(q, 3));
    expect(cache.drawn).toEqual({ ...before, blocked: before.blocked + 1 });
    const r = moved(q, "costs.idleWakeSigma", q.costs.idleWakeSigma * 1.5);
    expect(cache.draw(r, 3)).toEqual(drawMachine(r, 3));
    expect(cache.drawn).toEqual({ ...before, blocked: before.blocked + 1, idle: before.idle + 1 });
  });

  it("keys its parts by parameters only (a renamed one would never change a key)", () => {
    for (const path of Object.values(DRAW_PART_INPUTS).flat()) expect(PARAM_PATHS, path).toContain(path);
  });

  it("over any sequence of changes, every draw through one cache equals drawMachine() (fast-check, fixed seed)", () => {
    const small = params({ preset: "emr-2s", uncertainty: false, machine: { sockets: 2, coresPerSocket: 3, threadsPerCore: 2 }, workload: { idle: 0.4, cfs: 0.3, rt: 0.2, isolated: 0.1, irqOff: { probability: 0.3 }, preemptOff: { probability: 0.3 }, nmi: { probability: 0.2 } } });
    fc.assert(fc.property(fc.array(fc.tuple(change, fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 25 }), (steps) => {
      const cache = new DrawCache();
      let p = small;
      for (const [c, seed] of steps) {
        p = apply(p, c);
        expect(cache.draw(p, seed)).toEqual(drawMachine(p, seed));
      }
    }), { numRuns: 150 });
  });

  it("keeps to its bound in LPs per part, least recently used out first", () => {
    const lps = base.machine.sockets * base.machine.coresPerSocket * base.machine.threadsPerCore;
    const cache = new DrawCache(3 * lps);
    for (const seed of [1, 2, 3]) cache.draw(base, seed);
    cache.draw(base, 1); // now the most recent
    cache.draw(base, 4); // over the bound: the least recent, seeds 2 and 3, leave (down to three quarters)
    const misses = cache.misses;
    cache.draw(base, 1);
    cache.draw(base, 4);
    expect(cache.misses).toBe(misses);
    cache.draw(base, 2);
    expect(cache.misses).toBe(misses + 1);
    expect(cache.size).toBeLessThanOrEqual(5 * 3 * lps);
  });
});
