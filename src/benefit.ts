/**
 * What shutting the module down could ever buy, against what it costs, per
 * fleet-year. The shutdown runs only after initialisation failed; it pays
 * off only if a later kernel bug issues a bogus SEAMCALL, which then gets
 * the distinct TDX_SYS_SHUTDOWN error instead of whatever the half-
 * initialised module answers (Sean Christopherson: "the only difference
 * seems to be that subsequent bogus SEAMCALLs would get a more unique error
 * message"). Whether it does depends on the module version and on the stage
 * that failed (src/tdx-module.ts): the benefit is the share of failures where
 * the strategy turns a processed bogus call into TDX_SYS_SHUTDOWN, never the
 * share of LPs it reached (one LP.SHUTDOWN on 1.0 sets the global state).
 * Every exchange rate is an input in params.benefit.
 */
import type { BenefitInputs, Strategy } from "./params/schema.ts";
import type { RunResult } from "./result.ts";
import type { MonteCarloSummary } from "./monte-carlo.ts";

/** What the benefit model reads from a simulated strategy (means over trials). */
export interface StrategyCost {
  /** The strategy. */
  strategy: Strategy;
  /** Share of failed initialisations after which a bogus SEAMCALL gets the distinct error (mean over trials). */
  benefitShare: number;
  /** CPU time per run, all CPUs. */
  totalCpuNs: number;
  /** Delay imposed on RT and nohz_full tasks per run. */
  disturbanceSumNs: number;
  /** Share of runs that hang the caller. */
  stuck: number;
}

/** What the benefit model reads from one run or a Monte Carlo summary (means over trials). */
export function costOf(x: RunResult | MonteCarloSummary): StrategyCost {
  if ("metrics" in x) {
    return { strategy: x.strategy, benefitShare: x.metrics.benefitShare.mean, totalCpuNs: x.metrics.totalCpuNs.mean, disturbanceSumNs: x.metrics.disturbanceSumNs.mean, stuck: x.stuck };
  }
  return { strategy: x.strategy, benefitShare: x.benefitShare, totalCpuNs: x.totalCpuNs, disturbanceSumNs: x.disturbanceSumNs, stuck: x.completion.status === "stuck" ? 1 : 0 };
}

/** Cost, benefit and net value of one strategy, USD per fleet-year. */
export interface BenefitRow {
  /** The strategy. */
  strategy: Strategy;
  /** Failed initialisations per fleet-year. */
  failuresPerYear: number;
  /** Expected USD per fleet-year: running the shutdown after each failure (CPU time, disturbed RT/nohz_full tasks, hangs). */
  runCostUsd: number;
  /** USD per year to maintain the extra code (0 for none). */
  maintenanceUsd: number;
  /** Running cost plus maintenance, USD per fleet-year. */
  costUsd: number;
  /** Share of failures after which the distinct error is there to save the diagnosis: benefitShare of the runs that did not hang. */
  effectiveShare: number;
  /** Expected USD per fleet-year saved by the distinct error. */
  benefitUsd: number;
  /** Benefit minus cost, USD per fleet-year. */
  netUsd: number;
  /** P(bogus SEAMCALL | failure) at which net value is zero; null when no probability pays (no effect). May exceed 1: then none does. */
  breakEvenPBogus: number | null;
}

/** Expected cost, benefit, net value and break-even of each strategy, from its simulated costs and the benefit inputs. */
export function evaluateBenefit(b: BenefitInputs, strategies: readonly (StrategyCost | RunResult | MonteCarloSummary)[]): BenefitRow[] {
  const failuresPerYear = b.fleetHosts * b.bootsPerHostYear * b.pInitFailure;
  return strategies.map((x) => {
    const s = "totalCpuNs" in x && !("seed" in x) ? (x as StrategyCost) : costOf(x as RunResult | MonteCarloSummary);
    const perRun = (s.totalCpuNs / 1e9) * b.cpuSecondUsd + (s.disturbanceSumNs / 1e3) * b.disturbanceUsdPerUs + s.stuck * b.hoursPerHang * b.engineerHourUsd;
    const runCostUsd = failuresPerYear * perRun;
    const maintenanceUsd = s.strategy === "none" ? 0 : b.maintenanceHoursPerYear * b.engineerHourUsd;
    const costUsd = runCostUsd + maintenanceUsd;
    const effectiveShare = s.benefitShare * (1 - s.stuck);
    const perBug = failuresPerYear * b.hoursSavedPerBogus * b.engineerHourUsd * effectiveShare;
    const benefitUsd = perBug * b.pBogusSeamcall;
    return {
      strategy: s.strategy,
      failuresPerYear,
      runCostUsd,
      maintenanceUsd,
      costUsd,
      effectiveShare,
      benefitUsd,
      netUsd: benefitUsd - costUsd,
      breakEvenPBogus: perBug > 0 ? costUsd / perBug : null,
    };
  });
}
