/**
 * Uncertainty sampling and the verdict (dominance, ties), by hand where the
 * numbers are fixed and by construction where they are random.
 */
import { describe, expect, it } from "vitest";
import {
  PER_CPU_STRATEGIES, STRATEGIES, UNCERTAIN_PARAMETERS, compare, compareAxis, defaultParams, dominance, getPath, monteCarloAll, monteCarloSamples, params,
  sampleUncertain, simulate, trialSeed, triangular, verdict,
} from "../src/mod.ts";
import { fixedTiny } from "./fixtures.ts";

const material = { materialNs: 1_000, materialShare: 0.05, materialUsd: 1 };
const f64 = (xs: number[]) => Float64Array.from(xs);

describe("uncertainty", () => {
  it("on the default preset, p95 > p50 of the caller latency for every strategy but none", () => {
    const p = defaultParams();
    expect(p.uncertainty).toBe(true);
    for (const s of monteCarloAll(p, STRATEGIES, 100)) {
      if (s.strategy === "none") continue;
      expect(s.metrics.callerLatencyNs.p95, s.strategy).toBeGreaterThan(s.metrics.callerLatencyNs.p50);
    }
  });

  it("off, every trial is the point estimate: the scenario's own parameters at the trial's seed", () => {
    const p = params({ preset: "tiny-4", uncertainty: false, workload: { idle: 0.5, cfs: 0.5 } });
    const [mc] = monteCarloAll(p, ["schedule_on_each_cpu"], 7);
    const runs = Array.from({ length: 7 }, (_, t) => simulate(p, { strategy: "schedule_on_each_cpu", seed: trialSeed(p.seed, t) }).callerLatencyNs);
    expect(mc.metrics.callerLatencyNs.max).toBe(Math.max(...runs));
    expect(mc.metrics.callerLatencyNs.min).toBe(Math.min(...runs));
  });

  it("samples only assumed and derived mechanism parameters, inside their widened ranges", () => {
    const p = defaultParams();
    const paths = UNCERTAIN_PARAMETERS.map((u) => u.path);
    expect(paths).toContain("tdx.seamcallNs");
    expect(paths).toContain("costs.ipiDeliveryNs");
    expect(paths.some((x) => x.startsWith("benefit.") || x.startsWith("machine.") || x === "costs.idleExitC6Ns")).toBe(false);
    for (let seed = 0; seed < 50; seed++) {
      const q = sampleUncertain(p, seed);
      for (const u of UNCERTAIN_PARAMETERS) {
        const v = getPath(q, u.path) as number;
        const at = getPath(p, u.path) as number;
        expect(v, u.path).toBeGreaterThanOrEqual(Math.min(u.low, at));
        expect(v, u.path).toBeLessThanOrEqual(Math.max(u.high, at));
      }
      expect(q.machine).toEqual(p.machine);
      // The benefit inputs stay, but for the failed-stage prior: TDMR.INIT's share is drawn, the rest rescaled.
      const { failedStage: fq, ...bq } = q.benefit, { failedStage: fp, ...bp } = p.benefit;
      expect(bq).toEqual(bp);
      expect(fq.tdmr_init).toBeGreaterThanOrEqual(0);
      expect(fq.tdmr_init).toBeLessThanOrEqual(getPath(p, "benefit.failedStage.tdmr_init") as number * 2 + 1e-12);
      expect(Object.values(fq).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(fq.sys_init / fq.config).toBeCloseTo(fp.sys_init / fp.config, 12);
    }
  });

  it("the failed-stage draw keeps a reader's prior: shares sum to 1, a ruled-out stage stays out, a certain stage stays certain", () => {
    const only = (stage: string) => Object.fromEntries(Object.keys(defaultParams().benefit.failedStage).map((s) => [s, s === stage ? 1 : 0]));
    for (const stage of ["sys_init", "tdmr_init"]) {
      const p = params({ benefit: { failedStage: only(stage) } });
      for (let seed = 0; seed < 20; seed++) expect(sampleUncertain(p, seed).benefit.failedStage, `${stage} seed ${seed}`).toEqual(p.benefit.failedStage);
    }
    // Half on TDMR.INIT, half on CONFIG: TDMR.INIT's share moves, CONFIG fills the rest, the others stay 0.
    const half = params({ benefit: { failedStage: { ...only("config"), config: 0.5, tdmr_init: 0.5 } } });
    const drawn = Array.from({ length: 40 }, (_, seed) => sampleUncertain(half, seed).benefit.failedStage);
    for (const f of drawn) {
      expect(Object.values(f).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect([f.sys_init, f.lp_init, f.tdmr_build, f.key_config]).toEqual([0, 0, 0, 0]);
    }
    expect(new Set(drawn.map((f) => f.tdmr_init)).size).toBeGreaterThan(30);
  });

  it("the triangular draw has its mode at the scenario's value", () => {
    // Inverse CDF on [0, 10] with mode 2: F(2) = 0.2, so u = 0.2 maps to 2;
    // u = 0 and 1 map to the ends; u = 0.5 lies right of the mode.
    expect(triangular(0.2, 0, 2, 10)).toBeCloseTo(2, 12);
    expect(triangular(0, 0, 2, 10)).toBe(0);
    expect(triangular(1, 0, 2, 10)).toBe(10);
    expect(triangular(0.5, 0, 2, 10)).toBeCloseTo(10 - Math.sqrt(0.5 * 10 * 8), 12);
  });
});

describe("compareAxis: ties are never winners", () => {
  it("below the materiality threshold", () => {
    // 500 ns apart: under 1 µs -> tie; 2 µs apart: 2 µs > max(1 µs, 5% of 7 µs) -> the cheaper wins.
    expect(compareAxis(f64([5_000]), f64([5_500]), "callerLatencyNs", material)).toBe(0);
    expect(compareAxis(f64([5_000]), f64([7_000]), "callerLatencyNs", material)).toBe(-1);
    expect(compareAxis(f64([7_000]), f64([5_000]), "callerLatencyNs", material)).toBe(1);
    // 5% of the larger value: 1 ms against 1.04 ms is a tie.
    expect(compareAxis(f64([1e6]), f64([1.04e6]), "totalCpuNs", material)).toBe(0);
  });

  it("inside the Monte Carlo noise: paired differences within two standard errors", () => {
    // Differences +20 µs and -10 µs: mean 5 µs, sd 21.2 µs, se 15 µs: a tie.
    expect(compareAxis(f64([120_000, 90_000]), f64([100_000, 100_000]), "callerLatencyNs", material)).toBe(0);
    // Differences +20 and +22 µs: mean 21 µs, se 1 µs: B is better.
    expect(compareAxis(f64([120_000, 122_000]), f64([100_000, 100_000]), "callerLatencyNs", material)).toBe(1);
  });

  it("higher is better on outcomes such as a retry; a run that never ends loses to one that does", () => {
    expect(compareAxis(f64([1 / 6]), f64([0]), "retryable", material)).toBe(-1);
    expect(compareAxis(f64([1 / 6]), f64([0]), "corruption", material)).toBe(1);
    expect(compareAxis(f64([Infinity]), f64([5]), "callerLatencyNs", material)).toBe(1);
  });
});

describe("dominance on the 4-LP machine", () => {
  it("caller_cpu dominates on_each_cpu, and none dominates both", () => {
    // Fixed costs: caller_cpu 7,000 ns latency, CPU 7,000, IRQs-off 7,000;
    // on_each_cpu 9,050 latency (all of it preempt-off), 31,550 CPU, 7,500
    // IRQs-off (kernel.test.ts). Latency and preempt-off -2,050 (> 1 µs and
    // > 5%): better. CPU: better. IRQs-off -500: tie. Disturbance, hangs: 0.
    // Lines 6 against 48: better. Outcomes on 1.0 with v7's order: PAMT
    // writes stay possible after a TDMR.INIT failure for both (tie); both
    // leave an unset HOST_RIP after a SYS.INIT failure (tie); the SEAMLDR's
    // unknown answer on 1 LP of 4 against all 4 (better); neither can retry.
    const p = fixedTiny({ trials: 3 });
    const rows = compare(p);
    const by = Object.fromEntries(rows.map((r) => [r.strategy, r]));
    expect(by.caller_cpu.dominance.against.on_each_cpu).toEqual({
      callerLatencyNs: -1, callerPreemptOffNs: -1, totalCpuNs: -1, irqOffMaxNs: 0, disturbanceSumNs: 0, hangRisk: 0, linesAdded: -1,
      corruption: 0, undefinedEntry: 0, bogusUnknown: -1, retryable: 0,
    });
    expect(by.on_each_cpu.dominance.dominatedBy).toContain("caller_cpu");
    // none: cheaper everywhere, no unset HOST_RIP, no unknown answer, and a failed SYS.INIT can be retried.
    expect(by.none.dominance.against.caller_cpu).toMatchObject({ undefinedEntry: -1, bogusUnknown: -1, retryable: -1, corruption: 0 });
    expect(by.none.dominance.dominates).toEqual(STRATEGIES.filter((s) => s !== "none"));
    const v = verdict(rows, p);
    expect(v.front).toEqual(["none"]);
    expect(v.unpriced).toContain("RT/nohz_full disturbance");
    expect(v.unpriced).toContain("PAMT writes into freed memory possible");
  });

  it("with the shutdown before the PAMT free, a 1.0 shutdown prevents what none leaves possible: both stay on the front", () => {
    const p = fixedTiny({ trials: 3, tdx: { pamtOrder: "shutdown_first" } });
    const rows = compare(p);
    const by = Object.fromEntries(rows.map((r) => [r.strategy, r]));
    expect(by.caller_cpu.dominance.against.none!.corruption).toBe(-1);
    expect(verdict(rows, p).front).toEqual(expect.arrayContaining(["caller_cpu", "none"]));
    expect(verdict(rows, p).front).not.toContain("on_each_cpu");
  });

  it("TDH.SYS.LP.INIT is its own question: per-CPU strategies only, judged on whether TDX comes up", () => {
    const p = fixedTiny({ trials: 3, tdx: { operation: "lp_init" } });
    const rows = compare(p);
    expect(rows.map((r) => r.strategy)).toEqual(PER_CPU_STRATEGIES);
    for (const r of rows) expect(Object.keys(r.dominance.against[rows[0].strategy === r.strategy ? rows[1].strategy : rows[0].strategy]!)).toContain("tdxUp");
    expect(rows.every((r) => r.summary.metrics.tdxUp.mean === 1)).toBe(true);
    // One LP.INIT, or none, leaves TDX down: offered only when asked for, and dominated.
    const more = compare(p, ["on_each_cpu", "caller_cpu", "none"]);
    const byMore = Object.fromEntries(more.map((r) => [r.strategy, r]));
    expect(byMore.caller_cpu.summary.metrics.tdxUp.mean).toBe(0);
    expect(byMore.none.dominance.against.on_each_cpu!.tdxUp).toBe(1);
    // SMT off: no mechanism brings TDX up.
    const off = compare(fixedTiny({ trials: 3, tdx: { operation: "lp_init" }, machine: { smtOff: true } }));
    expect(off.every((r) => r.summary.metrics.tdxUp.mean === 0)).toBe(true);
  });

  it("identical samples tie on every axis: neither dominates", () => {
    // The control: one strategy's trials against themselves (compare() refuses a
    // strategy listed twice, so the samples are passed to dominance() directly).
    const p = fixedTiny({ trials: 3 });
    const { samples } = monteCarloSamples(p, ["on_each_cpu"], 3);
    // schedule_on_each_cpu's code size is the same 48 lines (data/strategies.json), so every axis ties.
    const [a, b] = dominance(["on_each_cpu", "schedule_on_each_cpu"], [samples[0], samples[0]], p);
    expect(a.tiesWith).toEqual(["schedule_on_each_cpu"]);
    expect(b.tiesWith).toEqual(["on_each_cpu"]);
    expect(a.dominates).toEqual([]);
  });

  it("net values within the materiality threshold tie for the best", () => {
    // A free CPU, no hours saved and no pending hotplug writer: every fleet net is 0, a tie of all.
    const p = fixedTiny({ trials: 3, benefit: { hoursSavedPerBogus: 0, cpuSecondUsd: 0 }, kernel: { pHotplugWriterPending: 0 } });
    expect(verdict(compare(p), p).bestNet).toEqual([...STRATEGIES]);
    // With hours saved, only the distinct error pays: caller_cpu alone (the per-CPU shutdowns reach every LP, which then enter the SEAMLDR entry).
    const q = fixedTiny({ trials: 3, benefit: { hoursSavedPerBogus: 1, cpuSecondUsd: 0 }, kernel: { pHotplugWriterPending: 0 } });
    expect(verdict(compare(q), q).bestNet).toEqual(["caller_cpu"]);
  });
});

describe("sensitivity", () => {
  it("covers the new parameters and names what drives each headline number", async () => {
    const { sensitivity, drivers } = await import("../src/mod.ts");
    const r = sensitivity(params({ preset: "emr-1s" }), "on_each_cpu", 5);
    const moved = r.rows.map((x) => x.param);
    for (const path of ["tdx.seamcallNs", "tdx.lpShutdownWorkNs", "benefit.failedStage.tdmr_init", "costs.lineTransferNs", "costs.idleWakeMedianShare", "workload.deepIdleShare", "costs.cfsWakeTailShare", "kernel.pHotplugWriterPending", "benefit.upkeepHoursPerLineYear"]) {
      expect(moved, path).toContain(path);
    }
    for (const h of ["callerLatencyNs", "spreadNs", "totalCpuNs", "irqOffMaxNs"] as const) expect(drivers(r, h).length, h).toBeGreaterThan(0);
    // on_each_cpu reaches every LP: no bogus SEAMCALL gets the distinct error, so no probability pays at any range end.
    expect(r.rows.every((x) => x.headlinesAtLow.breakEvenPBogus === null && x.headlinesAtHigh.breakEvenPBogus === null)).toBe(true);
    // caller_cpu leaves the other LPs to the distinct error: its break-even has drivers, the hours it saves first.
    const c = sensitivity(params({ preset: "emr-1s" }), "caller_cpu", 3);
    const be = drivers(c, "breakEvenPBogus").map((d) => d.param);
    expect(be[0]).toBe("benefit.hoursSavedPerBogus");
  });
});

describe("the cost-versus-outcome figure's rows", () => {
  it("on the default scenario separate the shutdown strategies: at least three distinct caller latencies", async () => {
    const { axisRows, formatNs } = await import("../src/mod.ts");
    const p = params({});
    const rows = axisRows(compare(p), p);
    const latency = rows.filter((r) => r.axis === "callerLatencyNs" && r.strategy !== "none");
    expect(new Set(latency.map((r) => formatNs(r.value))).size).toBeGreaterThanOrEqual(3);
    // Every axis of the verdict is there, once per strategy, and the front is the verdict's.
    expect(rows.length).toBe(compare(p).length * (7 + 4));
    expect([...new Set(rows.filter((r) => r.front).map((r) => r.strategy))]).toEqual(verdict(compare(p), p).front);
  });
});
