/**
 * The *Steps generators the site's worker drives: run through, each gives
 * its plain function's result; and every preview it yields on the way is
 * exactly that function's result with the preview's trial count (the
 * refinement continues those trials, it does not re-run them).
 */
import { describe, expect, it } from "vitest";
import { STRATEGIES, compare, compareSteps, monteCarloAll, planSweep, monteCarloAllSteps, params, sweep, sweepSteps, type Steps } from "../src/mod.ts";

function drive<T>(steps: Steps<T, T>): { previews: T[]; result: T; pauses: number } {
  const previews: T[] = [];
  let pauses = 0;
  for (;;) {
    const r = steps.next();
    if (r.done) return { previews, result: r.value, pauses };
    if (r.value === undefined) pauses++;
    else previews.push(r.value as T);
  }
}
const json = (x: unknown) => JSON.stringify(x);
const p = params({ preset: "emr-2s", workload: { idle: 0.4, cfs: 0.3, rt: 0.2, isolated: 0.1 } });

describe("steps with previews", () => {
  it("compareSteps: previews are compare() of fewer trials; the end is compare()", () => {
    const { previews, result, pauses } = drive(compareSteps(p, STRATEGIES, 12, [3, 7]));
    expect(previews.map(json)).toEqual([json(compare(p, STRATEGIES, 3)), json(compare(p, STRATEGIES, 7))]);
    expect(json(result)).toBe(json(compare(p, STRATEGIES, 12)));
    expect(pauses).toBe(12); // one per trial: no trial run twice
  });
  it("monteCarloAllSteps: the same", () => {
    const { previews, result } = drive(monteCarloAllSteps(p, ["on_each_cpu", "stop_machine"], 9, [4]));
    expect(previews.map(json)).toEqual([json(monteCarloAll(p, ["on_each_cpu", "stop_machine"], 4))]);
    expect(json(result)).toBe(json(monteCarloAll(p, ["on_each_cpu", "stop_machine"], 9)));
  });
  it("sweepSteps: every point reaches the preview's count before any goes on", () => {
    const values = [1, 8, 32];
    const options = { strategies: STRATEGIES, trials: 8 };
    const { previews, result, pauses } = drive(sweepSteps(p, "machine.coresPerSocket", values, options, [3]));
    expect(previews.map(json)).toEqual([json(sweep(p, "machine.coresPerSocket", values, { ...options, trials: 3 }))]);
    expect(json(result)).toBe(json(sweep(p, "machine.coresPerSocket", values, options)));
    expect(pauses).toBe(3 * 8);
  });
  it("previews at or above the trial count are not yielded", () => {
    expect(drive(compareSteps(p, STRATEGIES, 5, [5, 9])).previews).toHaveLength(0);
  });
});


describe("a planned sweep cannot fail", () => {
  it("runs every point planSweep keeps, at the plan's trials, whatever the scenario's own trial count", () => {
    // 8 sockets x 1024 cores x 2 threads = 16,384 LPs: valid for a few trials, not for the scenario's 200.
    const q = params({ preset: "emr-2s", trials: 1, machine: { sockets: 8 } });
    const big = { ...q, trials: 200 };
    const plan = planSweep(big, "machine.coresPerSocket", [1, 64, 1024], STRATEGIES, 2);
    expect(plan.values).toContain(1024);
    const rows = sweep(big, "machine.coresPerSocket", plan.values, { strategies: ["on_each_cpu"], trials: plan.trials, metrics: ["callerLatencyNs"] });
    expect(rows.map((r) => r.lps)).toEqual([16, 1024, 16384]);
  });
  it("refuses a point outside the field's range with a RangeError naming it", () => {
    expect(() => sweep(p, "machine.sockets", [1, 99], { strategies: ["none"], trials: 1 })).toThrow(/sweep of machine.sockets at 99/);
  });
});
