/**
 * sensitivity() skips work by two declarations: drawReads() (the parameters
 * drawMachine reads) and priceOnly() (the ones no run reads). Both are
 * checked here against the code: moving any other parameter to either end
 * of its plausible range must leave the draw, or the runs, unchanged.
 */
import { describe, expect, it } from "vitest";
import { PARAMETER_TABLE, getPath, params, setPath, setShare, type Params } from "../src/mod.ts";
import { changeErrors } from "../src/params/parse.ts";
import { drawMachine, drawReads } from "../src/machine.ts";
import { monteCarloSamples } from "../src/monte-carlo.ts";
import { compare, compareSamples, priceOnly, samePlay } from "../src/compare.ts";
import { shareGroup } from "../src/params/shares.ts";

const base = params({ preset: "emr-2s", uncertainty: false, workload: { idle: 0.4, cfs: 0.3, rt: 0.2, isolated: 0.1 } });
const ends = (): { path: string; q: Params }[] =>
  Object.entries(PARAMETER_TABLE).flatMap(([path, row]) => {
    const [low, high] = row.plausible;
    if (typeof getPath(base, path) !== "number" || low === null || high === null) return [];
    return [low, high].map((v) => ({ path, q: setShare(base, path, v) })).filter(({ path, q }) => changeErrors(q, shareGroup(path) ?? [path]).length === 0);
  });
const categorical: { path: string; q: Params }[] = [
  ["tdx.operation", "lp_init"], ["tdx.moduleVersion", "1.5"], ["kernel.apicMode", "cluster"], ["kernel.ipiShorthand", false], ["workload.initAt", "boot"],
].map(([path, v]) => ({ path: path as string, q: setPath(base, path as string, v) as Params }));

describe("what sensitivity() may reuse", () => {
  const cases = [...ends(), ...categorical];
  it("covers most parameters", () => {
    expect(new Set(cases.map((c) => c.path)).size).toBeGreaterThan(30);
  });
  it("a parameter drawReads() leaves out never changes the machine draw", () => {
    const seeds = [1, 7, 12345];
    const before = seeds.map((s) => drawMachine(base, s));
    let checked = 0;
    for (const { path, q } of cases) {
      const same = seeds.every((s, k) => JSON.stringify(drawMachine(q, s)) === JSON.stringify(before[k]));
      if (!drawReads(path)) { expect(same, `${path} changed the draw but drawReads() leaves it out`).toBe(true); checked++; }
    }
    expect(checked).toBeGreaterThan(10);
  });
  it("some parameter drawReads() names does change the draw (the check can fail)", () => {
    const moved = cases.filter(({ path }) => drawReads(path)).filter(({ q }) => JSON.stringify(drawMachine(q, 1)) !== JSON.stringify(drawMachine(base, 1)));
    expect(moved.length).toBeGreaterThan(5);
  });
  it("a priceOnly() parameter never changes a run", () => {
    const runs = JSON.stringify(monteCarloSamples(base, ["on_each_cpu", "stop_machine", "none"], 4));
    const priced = cases.filter(({ path }) => priceOnly(path));
    expect(priced.length).toBeGreaterThan(3);
    for (const { path, q } of priced) {
      expect(JSON.stringify(monteCarloSamples(q, ["on_each_cpu", "stop_machine", "none"], 4)), path).toBe(runs);
    }
  });
  it("re-pricing the runs of a samePlay() scenario gives exactly compare()'s answer (the worker's kept runs)", () => {
    const S = ["on_each_cpu", "stop_machine", "caller_cpu", "none"] as const;
    const kept = monteCarloSamples(base, S, 4);
    let repriced = 0;
    for (const { path, q } of cases) {
      if (!samePlay(base, q)) { expect(priceOnly(path), `${path}: samePlay() false for a price-only change`).toBe(false); continue; }
      expect(JSON.stringify(compareSamples(q, S, kept)), path).toBe(JSON.stringify(compare(q, S, 4)));
      repriced++;
    }
    expect(repriced).toBeGreaterThan(3);
  });
});

describe("sensitivityTrials", () => {
  it("is what one call's budget allows, at most the trials wanted, and 0 where not one fits", async () => {
    const { CAPS, SENSITIVITY_RUNS, STRATEGIES, sensitivityTrials, workOf } = await import("../src/mod.ts");
    // gnr-2s, every strategy: (512 + 60) x (11 + 2) = 7,436 units a run, 169 runs a trial: 1,256,684 units a trial.
    const gnr = params({ preset: "gnr-2s" });
    expect(workOf(gnr, STRATEGIES, 1) * SENSITIVITY_RUNS).toBe(1_256_684);
    expect(sensitivityTrials(gnr, STRATEGIES, 10)).toBe(Math.floor(CAPS.maxWork / 1_256_684));
    expect(sensitivityTrials(gnr, STRATEGIES, 10)).toBeLessThan(10);
    expect(sensitivityTrials(params({ preset: "tiny-4" }), STRATEGIES, 10)).toBe(10);
    // 16,384 LPs: one trial is already over the budget.
    expect(sensitivityTrials(params({ preset: "gnr-2s", machine: { sockets: 16, coresPerSocket: 512, threadsPerCore: 2 }, trials: 1 }), STRATEGIES, 10)).toBe(0);
    // One trial more than it allows is refused (the budget, not the trials wanted, set it).
    const { sensitivity } = await import("../src/mod.ts");
    const small = params({ preset: "emr-2s", machine: { sockets: 8, coresPerSocket: 64, threadsPerCore: 2 }, trials: 1 });
    const n = sensitivityTrials(small, ["on_each_cpu", "none"], 1000);
    expect(n).toBeGreaterThan(0);
    expect(() => sensitivity(small, "on_each_cpu", n + 1, ["on_each_cpu", "none"])).toThrow(RangeError);
  });
});
