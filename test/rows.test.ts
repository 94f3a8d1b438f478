/** Tidy rows: what every consumer reads, computed once in the kernel. */
import { describe, expect, it } from "vitest";
import { METRICS, METRIC_META, compare, compareRows, metricOf, monteCarloAll, params, swimlaneRows, simulateAll, valueRows } from "../src/mod.ts";

describe("tidy rows", () => {
  const p = params({ preset: "tiny-4", trials: 20, workload: { idle: 0.34, cfs: 0, rt: 0.33, isolated: 0.33 } });
  const rows = compare(p, ["on_each_cpu", "stop_machine", "none"]);

  it("one row per strategy and metric, labelled and with units from METRIC_META", () => {
    const m = compareRows(rows);
    expect(m).toHaveLength(3 * METRICS.length);
    for (const r of m) expect({ label: r.label, unit: r.unit }).toEqual(METRIC_META[r.metric]);
    const lat = metricOf(m, "stop_machine", "callerLatencyNs");
    expect(lat.p50).toBe(rows[1].summary.metrics.callerLatencyNs.p50);
    expect(lat.p5).toBeLessThanOrEqual(lat.p95);
  });

  it("disturbed CPUs are counted per run, not as a sum of two medians", () => {
    // Each trial's count is rt + isolated of that trial, so every quantile of
    // the sum is bounded by the sum of the parts' maxima and is a whole number.
    const [s] = monteCarloAll(p, ["stop_machine"], 20);
    const d = s.metrics.disturbedCpus;
    expect(Number.isInteger(d.p50)).toBe(true);
    expect(d.max).toBeLessThanOrEqual(s.metrics.rtDisturbed.max + s.metrics.isolatedDisturbed.max);
    const runs = simulateAll(p, ["stop_machine"]);
    expect(runs[0].disturbedCpus).toBe(runs[0].rtDisturbed + runs[0].isolatedDisturbed);
    expect(runs[0].disturbedWorstDelayNs).toBe(Math.max(runs[0].rtWorstDelayNs, runs[0].isolatedWorstDelayNs));
  });

  it("value rows carry the verdict", () => {
    const v = valueRows(rows);
    expect(v.map((r) => r.strategy)).toEqual(["on_each_cpu", "stop_machine", "none"]);
    expect(v[0].netUsd).toBe(rows[0].value.netUsd);
    expect(v[1].dominatedBy).toEqual(rows[1].dominance.dominatedBy);
  });

  it("swimlane rows keep the same CPUs for every run, in ns", () => {
    const runs = simulateAll(params({ preset: "emr-2s" }), ["on_each_cpu", "stop_machine"], { timeline: true });
    const lanes = swimlaneRows(runs, 24);
    const cpus = (s: string) => new Set(lanes.filter((r) => r.strategy === s).map((r) => r.cpu));
    expect(cpus("on_each_cpu").size).toBe(24);
    expect([...cpus("on_each_cpu")].sort()).toEqual([...cpus("stop_machine")].sort());
    expect(lanes.every((r) => r.endNs >= r.startNs)).toBe(true);
    expect(lanes.find((r) => r.cpu === 0)!.lane).toBe("CPU 0 (caller)");
  });
});

describe("planSweep", () => {
  it("drops the points a scenario does not allow and cuts trials to the budget, so the sweep cannot fail", async () => {
    const { params, planSweep, sweep, STRATEGIES } = await import("../src/mod.ts");
    // 16 sockets x 4 threads: 256 cores per socket is 16,384 LPs (the cap), 1,024 is 65,536 (over).
    const p = params({ machine: { sockets: 16, threadsPerCore: 4 }, trials: 1 });
    const plan = planSweep(p, "machine.coresPerSocket", [1, 4, 16, 64, 256, 1024], STRATEGIES, 10);
    expect(plan.values).toEqual([1, 4, 16, 64, 256]);
    expect(plan.dropped.map((d) => d.value)).toEqual([1024]);
    expect(plan.dropped[0].reason).toMatch(/16384|LPs/);
    expect(plan.trials).toBe(10);
    // Per trial, the five points are (16 x 4 x 341 LPs + 5 x 60) x (11 + 2) = 287,612 units:
    // a budget of 8,400,000 allows 29 trials, so 1,000 wanted are cut to 29.
    expect(planSweep(p, "machine.coresPerSocket", [1, 4, 16, 64, 256, 1024], STRATEGIES, 1000).trials).toBe(29);
    expect(() => sweep(p, "machine.coresPerSocket", plan.values.slice(0, 3), { strategies: STRATEGIES, trials: plan.trials, metrics: ["callerLatencyNs"] })).not.toThrow();
  });
});
