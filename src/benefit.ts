/**
 * The dollar lens, below the verdict and never its basis: what the
 * shutdown's "more unique error" could be worth to a fleet, against what
 * running it costs there, with the upstream upkeep of its code apart. The
 * shutdown runs only after initialisation failed; its only priced benefit
 * is Sean Christopherson's: "subsequent bogus SEAMCALLs would get a more
 * unique error message", counted where it replaces a call the
 * half-initialised module would have processed (src/outcome.ts,
 * benefitShare): before SYS_READY doing nothing already gets
 * TDX_SYS_NOT_READY, which names the cause too. Memory corruption prevented and
 * undefined entries caused have no exchange rate; the verdict
 * (src/verdict.ts) counts them in their own units. Every rate is an input
 * in params.benefit.
 */
import type { BenefitInputs, Strategy } from "./params/schema.ts";
import type { RunResult } from "./result.ts";
import type { MonteCarloSummary } from "./monte-carlo.ts";
import { CODE_SIZE } from "./code-size.ts";
import { isPlainObject, kind } from "./params/guard.ts";
import { benefitSchema, PARSE } from "./params/schema.ts";
import { STRATEGIES } from "./strategies/names.ts";

/** What the benefit model reads from a simulated strategy (means over trials). */
export interface StrategyCost {
  /** The strategy. */
  strategy: Strategy;
  /** Share of bogus SEAMCALLs after a failed initialisation that get the distinct error instead of being processed (mean over trials). */
  benefitShare: number;
  /** CPU time per run, all CPUs. */
  totalCpuNs: number;
  /** Delay imposed on RT and nohz_full tasks per run. */
  disturbanceSumNs: number;
  /** Share of runs that hang the caller, deadlocks included. */
  stuck: number;
}

/** The chance the caller never returns: a hang the run saw, or a deadlock it risks (both shares, capped at 1). */
export function hangRisk(stuck: number, deadlockRisk: number): number {
  return Math.min(1, stuck + deadlockRisk);
}

/** What the benefit model reads from one run or a Monte Carlo summary (means over trials). */
export function costOf(x: RunResult | MonteCarloSummary): StrategyCost {
  if ("metrics" in x) {
    const m = x.metrics;
    return { strategy: x.strategy, benefitShare: m.benefitShare.mean, totalCpuNs: m.totalCpuNs.mean, disturbanceSumNs: m.disturbanceSumNs.mean, stuck: hangRisk(x.stuck, m.deadlockRisk.mean) };
  }
  return { strategy: x.strategy, benefitShare: x.benefitShare, totalCpuNs: x.totalCpuNs, disturbanceSumNs: x.disturbanceSumNs, stuck: hangRisk(x.completion.status === "stuck" ? 1 : 0, x.deadlockRisk) };
}

/** The dollar lens for one strategy: fleet cost, benefit and net per year, and the upstream upkeep apart. */
export interface BenefitRow {
  /** The strategy. */
  strategy: Strategy;
  /** Failed initialisations per fleet-year. */
  failuresPerYear: number;
  /** Expected USD per fleet-year: running the shutdown after each failure (CPU time, disturbed RT/nohz_full tasks, hangs). */
  runCostUsd: number;
  /** The fleet's cost, USD per year (= runCostUsd; the upkeep is upstream's, see upkeepUsd). */
  costUsd: number;
  /** USD per year upstream to keep the strategy's lines of code working, paid once whatever the fleet (0 for none). */
  upkeepUsd: number;
  /** Share of bogus SEAMCALLs that get the distinct error instead of being processed, in runs that did not hang. */
  effectiveShare: number;
  /** Expected USD per fleet-year saved by the distinct error. */
  benefitUsd: number;
  /** Fleet benefit minus fleet cost, USD per year. */
  netUsd: number;
  /** P(bogus SEAMCALL | failure) at which the fleet's net value is zero; null when no probability pays (no distinct error). May exceed 1: then none does. */
  breakEvenPBogus: number | null;
}

/** The dollar lens of each strategy, from its simulated costs and outcomes and the benefit inputs. */
export function evaluateBenefit(b: BenefitInputs, strategies: readonly (StrategyCost | RunResult | MonteCarloSummary)[]): BenefitRow[] {
  if (!isPlainObject(b)) throw new TypeError(`evaluateBenefit: b: expected the benefit inputs (params.benefit), got ${kind(b)}`);
  const r = benefitSchema.safeParse(b, PARSE);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new (issue.code === "invalid_type" || issue.code === "unrecognized_keys" ? TypeError : RangeError)(`evaluateBenefit: b.${issue.path.join(".")}: ${issue.message}`);
  }
  if (!Array.isArray(strategies)) throw new TypeError(`evaluateBenefit: strategies: expected a list of runs, summaries or costs, got ${kind(strategies)}`);
  for (const x of strategies) {
    if (!isPlainObject(x) || !(STRATEGIES as readonly string[]).includes(x.strategy as string)) throw new TypeError(`evaluateBenefit: strategies: expected runs, summaries or costs with a known strategy, got ${kind(x)}`);
  }
  const failuresPerYear = b.fleetHosts * b.bootsPerHostYear * b.pInitFailure;
  return strategies.map((x) => {
    const s = "totalCpuNs" in x && !("seed" in x) ? (x as StrategyCost) : costOf(x as RunResult | MonteCarloSummary);
    const perRun = (s.totalCpuNs / 1e9) * b.cpuSecondUsd + (s.disturbanceSumNs / 1e3) * b.disturbanceUsdPerUs + s.stuck * b.hoursPerHang * b.engineerHourUsd;
    const runCostUsd = failuresPerYear * perRun;
    const upkeepUsd = CODE_SIZE[s.strategy].linesAdded * b.upkeepHoursPerLineYear * b.engineerHourUsd;
    const effectiveShare = s.benefitShare * (1 - s.stuck);
    const perBug = failuresPerYear * b.hoursSavedPerBogus * b.engineerHourUsd * effectiveShare;
    const benefitUsd = perBug * b.pBogusSeamcall;
    const breakEven = perBug > 0 ? runCostUsd / perBug : null;
    return {
      strategy: s.strategy,
      failuresPerYear,
      runCostUsd,
      costUsd: runCostUsd,
      upkeepUsd,
      effectiveShare,
      benefitUsd,
      netUsd: benefitUsd - runCostUsd,
      breakEvenPBogus: breakEven !== null && Number.isFinite(breakEven) ? breakEven : null,
    };
  });
}
