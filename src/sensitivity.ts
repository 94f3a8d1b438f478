/**
 * Which parameters move the verdict and the headline numbers: each numeric
 * parameter moved to the ends of its plausible range (data/parameters.json),
 * all others at the scenario's values (a share moves with the rest of its
 * group rescaled), and at each end the verdict's non-dominated strategies,
 * the net value of a focus strategy and the dollar winner, and the focus
 * strategy's headline numbers. Runs as point estimates
 * (uncertainty sampling off), so a swing is the parameter's alone.
 */
import type { Params, Strategy } from "./params/schema.ts";
import { PARAMETER_TABLE } from "./params/defaults.ts";
import { changeErrors } from "./params/parse.ts";
import { getPath } from "./params/paths.ts";
import { setShare, shareGroup } from "./params/shares.ts";
import { type Comparison, bestStrategy, priceOnly, strategiesFor } from "./compare.ts";
import { evaluateBenefit } from "./benefit.ts";
import { dominance } from "./verdict.ts";
import { assertParams } from "./params/guard.ts";
import { DrawCache } from "./draw-cache.ts";
import { type DrawOf, type MonteCarloSamples, samplesSteps } from "./monte-carlo.ts";
import type { SamplesOf } from "./runs-cache.ts";
import { type Steps, complete } from "./steps.ts";
import { assertStrategies, assertStrategy, assertTrials, assertWork, workOf } from "./params/work.ts";
import { CAPS } from "./params/schema.ts";

/** The numbers a page leads with, for the focus strategy (medians), with labels and units. */
export const HEADLINES: readonly { id: Headline; label: string; unit: "ns" | "probability" }[] = [
  { id: "callerLatencyNs", label: "caller latency (median)", unit: "ns" },
  { id: "spreadNs", label: "spread of SEAMCALL starts (median)", unit: "ns" },
  { id: "totalCpuNs", label: "CPU time, all CPUs (median)", unit: "ns" },
  { id: "irqOffMaxNs", label: "longest interrupts-off (median)", unit: "ns" },
  { id: "breakEvenPBogus", label: "break-even P(bogus SEAMCALL)", unit: "probability" },
];
/** A headline number of the focus strategy. */
export type Headline = "callerLatencyNs" | "spreadNs" | "totalCpuNs" | "irqOffMaxNs" | "breakEvenPBogus";

/** The headline numbers (null: a break-even that no probability reaches). */
export type HeadlineValues = Record<Headline, number | null>;

/** One parameter moved to both ends of its plausible range. */
export interface SensitivityRow {
  /** Its dotted path. */
  param: string;
  /** The low end of its plausible range. */
  low: number;
  /** The high end. */
  high: number;
  /** Net value (USD per fleet-year) of the focus strategy at each end. */
  netAtLow: number;
  /** The focus strategy's net value at the high end. */
  netAtHigh: number;
  /** The best net value at the low end. */
  winnerAtLow: Strategy;
  /** The best net value at the high end. */
  winnerAtHigh: Strategy;
  /** The winner at either end differs from the scenario's. */
  flips: boolean;
  /** The non-dominated strategies (the verdict, without dollars) at each end. */
  frontAtLow: Strategy[];
  /** The non-dominated strategies at the high end. */
  frontAtHigh: Strategy[];
  /** The verdict's front at either end differs from the scenario's. */
  frontFlips: boolean;
  /** The focus strategy's headline numbers at each end. */
  headlinesAtLow: HeadlineValues;
  /** The headline numbers at the high end. */
  headlinesAtHigh: HeadlineValues;
}

/** The scenario's own numbers and one row per parameter, widest net swing first. */
export interface SensitivityResult {
  /** The focus strategy. */
  strategy: Strategy;
  /** Its net value in the scenario. */
  baseNet: number;
  /** The best net value in the scenario. */
  baseWinner: Strategy;
  /** Its headline numbers in the scenario. */
  baseHeadlines: HeadlineValues;
  /** The non-dominated strategies in the scenario. */
  baseFront: Strategy[];
  /** One row per parameter with a plausible range. */
  rows: SensitivityRow[];
}

function headlines(row: Pick<Comparison, "summary" | "value">): HeadlineValues {
  const m = row.summary.metrics;
  return {
    callerLatencyNs: m.callerLatencyNs.p50,
    spreadNs: m.spreadNs.p50,
    totalCpuNs: m.totalCpuNs.p50,
    irqOffMaxNs: m.irqOffMaxNs.p50,
    breakEvenPBogus: row.value.breakEvenPBogus,
  };
}

/**
 * Move each numeric parameter to both ends of its plausible range, one at a
 * time, as point estimates. Runs sensitivitySteps() to its end.
 */
export function sensitivity(p0: Params, strategy: Strategy = "on_each_cpu", trials = 20, strategies?: readonly Strategy[]): SensitivityResult {
  assertParams(p0, "sensitivity: p");
  return complete(sensitivitySteps(p0, strategy, trials, strategies ?? strategiesFor(p0)));
}

/** Runs of compare() a sensitivity analysis costs: the scenario, then each parameter at both ends. */
export const SENSITIVITY_RUNS: number = 1 + 2 * Object.keys(PARAMETER_TABLE).length;

/**
 * The most trials, at most `wanted`, that one sensitivity analysis of p over
 * these strategies may run within CAPS.maxWork (the budget of one call);
 * 0 when not even one fits (a machine of several thousand LPs).
 */
export function sensitivityTrials(p: Params, strategies?: readonly Strategy[], wanted = 20): number {
  assertParams(p, "sensitivityTrials: p");
  const list = strategies ?? strategiesFor(p);
  assertStrategies(list, "sensitivityTrials: strategies");
  assertTrials(wanted, "sensitivityTrials: wanted");
  return Math.min(wanted, Math.floor(CAPS.maxWork / (workOf(p, list, 1) * SENSITIVITY_RUNS)));
}

/**
 * sensitivity() one trial at a time (see steps.ts). Work it
 * does not need is skipped, with results identical to re-running compare():
 * p0 is valid (Params come from params() or parseParams(), as everywhere in
 * the kernel), so each range end is checked only where it changed; a
 * parameter no run reads (priceOnly) re-prices the scenario's runs; the
 * draws come from a DrawCache (drawOf: the caller's, kept across calls, or
 * one for this call), so a range end redraws only the parts of the machine
 * draw that its parameter reads; and the runs from samplesOf (a RunsCache's,
 * kept across calls: after a change to a priceOnly input every range end
 * plays as before, and is only re-priced).
 */
export function* sensitivitySteps(p0: Params, strategy: Strategy = "on_each_cpu", trials = 20, strategiesAsked?: readonly Strategy[], drawOf: DrawOf = new DrawCache().draw, samplesOf: SamplesOf = samplesSteps): Steps<SensitivityResult> {
  assertParams(p0, "sensitivity: p");
  const strategies = strategiesAsked ?? strategiesFor(p0);
  assertStrategy(strategy, "sensitivity: strategy");
  assertStrategies(strategies, "sensitivity: strategies");
  if (!strategies.includes(strategy)) throw new RangeError(`sensitivity: the focus strategy ${strategy} is not among the strategies compared`);
  assertTrials(trials, "sensitivity: trials");
  // The whole analysis is one call's budget.
  assertWork(p0, strategies, trials * SENSITIVITY_RUNS, "sensitivity (every parameter at both ends)");
  const p = { ...p0, uncertainty: false };
  // What compare() would give for the front, the net values, the winner and
  // the focus strategy's headlines, without the noise of net differences.
  const focusAt = strategies.indexOf(strategy);
  function summarise(q: Params, mc: MonteCarloSamples) {
    const values = evaluateBenefit(q.benefit, mc.summaries);
    const rows = mc.summaries.map((summary, k) => ({ strategy: summary.strategy, summary, value: values[k] }));
    const front = dominance(strategies, mc.samples, q).flatMap((d, k) => (d.dominatedBy.length ? [] : [strategies[k]]));
    return { net: values[focusAt].netUsd, winner: bestStrategy(rows), headlines: headlines(rows[focusAt]), front };
  }
  const baseRuns = yield* samplesOf(p, strategies, trials, drawOf);
  const base = summarise(p, baseRuns);
  const rows: SensitivityRow[] = [];
  for (const [path, row] of Object.entries(PARAMETER_TABLE)) {
    const [low, high] = row.plausible;
    if (typeof getPath(p, path) !== "number" || low === null || high === null || low === high) continue;
    const end = function* (v: number): Steps<ReturnType<typeof summarise> | undefined> {
      const q = setShare(p, path, v);
      if (changeErrors(q, shareGroup(path) ?? [path]).length) return undefined;
      if (priceOnly(path)) return summarise(q, baseRuns);
      return summarise(q, yield* samplesOf(q, strategies, trials, drawOf));
    };
    const lo = yield* end(low), hi = yield* end(high);
    if (!lo || !hi) continue; // the range end is invalid with this scenario
    rows.push({
      param: path, low, high, netAtLow: lo.net, netAtHigh: hi.net, winnerAtLow: lo.winner, winnerAtHigh: hi.winner,
      flips: lo.winner !== base.winner || hi.winner !== base.winner, headlinesAtLow: lo.headlines, headlinesAtHigh: hi.headlines,
      frontAtLow: lo.front, frontAtHigh: hi.front, frontFlips: !sameSet(lo.front, base.front) || !sameSet(hi.front, base.front),
    });
  }
  rows.sort((a, b) => Math.abs(b.netAtHigh - b.netAtLow) - Math.abs(a.netAtHigh - a.netAtLow));
  return { strategy, baseNet: base.net, baseWinner: base.winner, baseHeadlines: base.headlines, baseFront: base.front, rows };
}

function sameSet(a: readonly Strategy[], b: readonly Strategy[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The parameters that move one headline number most, largest swing first (a swing under 0.1% of the value is no driver). */
export function drivers(result: SensitivityResult, headline: Headline, count = 3, keep: (param: string) => boolean = () => true): { param: string; low: number | null; high: number | null; swing: number }[] {
  return result.rows
    .filter((r) => keep(r.param))
    .map((r) => {
      const low = r.headlinesAtLow[headline], high = r.headlinesAtHigh[headline];
      const swing = low === null || high === null ? 0 : Math.abs(high - low);
      return { param: r.param, low, high, swing };
    })
    .filter((d) => Number.isFinite(d.swing) && d.swing > 1e-3 * Math.max(Math.abs(d.low ?? 0), Math.abs(d.high ?? 0)))
    .sort((a, b) => b.swing - a.swing)
    .slice(0, count);
}
