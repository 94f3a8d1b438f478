/** The benefit model, by hand, and its link to simulated costs. */
import { describe, expect, it } from "vitest";
import { compare, evaluateBenefit, params, type BenefitInputs, type StrategyCost } from "../src/mod.ts";

const inputs: BenefitInputs = {
  fleetHosts: 1_000, bootsPerHostYear: 10, pInitFailure: 0.01, pBogusSeamcall: 0.1,
  hoursSavedPerBogus: 2, engineerHourUsd: 100, cpuSecondUsd: 0.001, disturbanceUsdPerUs: 0.5,
  hoursPerHang: 4, upkeepHoursPerLineYear: 0.0625,
  failedStage: { sys_init: 0, lp_init: 0, tdmr_build: 0, config: 0, key_config: 0, tdmr_init: 1 },
};
const cost = (over: Partial<StrategyCost>): StrategyCost => ({ strategy: "on_each_cpu", benefitShare: 1, totalCpuNs: 2e9, disturbanceSumNs: 10_000, stuck: 0, ...over });

describe("evaluateBenefit", () => {
  it("cost, benefit, net and break-even by hand", () => {
    // Failures per year: 1,000 x 10 x 0.01 = 100.
    // Per run: 2 CPU-s x 0.001 + 10 µs x 0.5 = 0.002 + 5 = 5.002 USD -> 500.2 USD/yr, the fleet's cost.
    // Upkeep, upstream and apart: on_each_cpu's 48 lines x 0.0625 h x 100 = 300 USD/yr.
    // Per bogus SEAMCALL: 2 h x 100 = 200 USD; 100 failures x 200 = 20,000 x P(bogus 0.1) = 2,000.
    const [r] = evaluateBenefit(inputs, [cost({})]);
    expect(r.failuresPerYear).toBeCloseTo(100, 9);
    expect(r.runCostUsd).toBeCloseTo(500.2, 9);
    expect(r.costUsd).toBeCloseTo(500.2, 9);
    expect(r.upkeepUsd).toBe(300);
    expect(r.benefitUsd).toBeCloseTo(2_000, 9);
    expect(r.netUsd).toBeCloseTo(1_499.8, 9);
    expect(r.breakEvenPBogus).toBeCloseTo(500.2 / 20_000, 12);
  });

  it("the benefit share and hangs shrink the benefit; hangs cost engineer time", () => {
    // The distinct error after half the failures, a quarter of runs stuck:
    // benefit x 0.5 x 0.75; hangs add 100 x 0.25 x 4 h x 100.
    const [r] = evaluateBenefit(inputs, [cost({ benefitShare: 0.5, stuck: 0.25, disturbanceSumNs: 0, totalCpuNs: 0 })]);
    expect(r.effectiveShare).toBe(0.375);
    expect(r.benefitUsd).toBeCloseTo(2_000 * 0.375, 9);
    expect(r.runCostUsd).toBeCloseTo(10_000, 9);
  });

  it("upkeep scales with each strategy's lines of code", () => {
    const [a, b, c] = evaluateBenefit(inputs, [cost({}), cost({ strategy: "caller_cpu" }), cost({ strategy: "cpuhp" })]);
    expect(b.upkeepUsd / a.upkeepUsd).toBeCloseTo(6 / 48, 12);
    expect(c.upkeepUsd / a.upkeepUsd).toBeCloseTo(60 / 48, 12);
    // The fleet's net does not include it: it is paid once, upstream.
    expect(b.netUsd).toBe(a.netUsd);
  });

  it("no effect, no benefit: none, and LP.SHUTDOWN on a 1.5 module", () => {
    const [none, noop] = evaluateBenefit(inputs, [cost({ strategy: "none", benefitShare: 0, totalCpuNs: 1 }), cost({ benefitShare: 0 })]);
    expect(none.upkeepUsd).toBe(0);
    expect(none.benefitUsd).toBe(0);
    expect(none.breakEvenPBogus).toBeNull();
    expect(noop.benefitUsd).toBe(0);
    expect(noop.netUsd).toBeLessThan(0);
  });

  it("reads Monte Carlo summaries: same ranking as the simulated CPU time", () => {
    const p = params({ preset: "tiny-4", trials: 10, uncertainty: false });
    const rows = compare(p, ["on_each_cpu", "serial", "none"]);
    const by = Object.fromEntries(rows.map((r) => [r.strategy, r]));
    expect(by.serial.value.runCostUsd).toBeGreaterThan(by.on_each_cpu.value.runCostUsd);
    expect(by.none.value.costUsd).toBeLessThan(by.on_each_cpu.value.costUsd);
    expect(by.on_each_cpu.value.runCostUsd).toBeCloseTo(by.on_each_cpu.value.failuresPerYear * (by.on_each_cpu.summary.metrics.totalCpuNs.mean / 1e9) * p.benefit.cpuSecondUsd + by.on_each_cpu.value.failuresPerYear * (by.on_each_cpu.summary.metrics.disturbanceSumNs.mean / 1e3) * p.benefit.disturbanceUsdPerUs, 9);
  });
});
