/**
 * Every strategy side by side for one scenario: simulated cost, benefit,
 * the dominance analysis over every cost axis, and the dollar ranking with
 * its ties. The verdict reads these rows; it never recomputes the model.
 */
import { STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import { type DrawOf, type MonteCarloSamples, type MonteCarloSummary, type TrialSamples, monteCarloSamples, monteCarloSamplesSteps } from "./monte-carlo.ts";
import { drawMachine } from "./machine.ts";
import { type Steps, mapSteps } from "./steps.ts";
import { PARAM_PATHS } from "./params/parse.ts";
import { getPath } from "./params/paths.ts";
import { type BenefitRow, evaluateBenefit, hangRisk } from "./benefit.ts";
import { type Dominance, dominance, verdictAxes } from "./verdict.ts";
import { PER_CPU_STRATEGIES } from "./strategies/names.ts";
import { assertComparisons, assertParams, isPlainObject, kind } from "./params/guard.ts";
import { assertStrategies } from "./params/work.ts";
import { pairedDifference } from "./stats.ts";

/** One strategy in a comparison: its Monte Carlo summary, its value and its dominance relations. */
export interface Comparison {
  /** The strategy. */
  strategy: Strategy;
  /** Percentiles of every metric over the trials. */
  summary: MonteCarloSummary;
  /** Cost, benefit and net value, USD per fleet-year. */
  value: BenefitRow;
  /** Which strategies it dominates, is dominated by, or ties with. */
  dominance: Dominance;
  /** Net value ties with the best (within the Monte Carlo noise or params.verdict.materialUsd). */
  bestNet: boolean;
}

/** The verdict of a comparison, without dollars first. */
export interface Verdict {
  /** Strategies no other dominates. */
  front: Strategy[];
  /** Strategies tied for the best net value (the dollar lens). */
  bestNet: Strategy[];
  /** Axes the dollar lens leaves out (priced at zero or never priced). */
  unpriced: string[];
}

/**
 * The strategies a scenario's question offers: all of them for the
 * shutdown; for TDH.SYS.LP.INIT only those that run the SEAMCALL on every
 * CPU (one LP.INIT, TDH.SYS.SHUTDOWN or none cannot bring TDX up).
 */
export function strategiesFor(p: Params): readonly Strategy[] {
  assertParams(p, "strategiesFor: p");
  return p.tdx.operation === "lp_init" ? PER_CPU_STRATEGIES : STRATEGIES;
}

/** Every strategy the scenario offers (strategiesFor) over the same trials (common random numbers). */
export function compare(p: Params, strategies?: readonly Strategy[], trials?: number): Comparison[] {
  assertParams(p, "compare: p");
  const s = strategies ?? strategiesFor(p);
  return compareSamples(p, s, monteCarloSamples(p, s, trials ?? p.trials));
}

/**
 * compare() one trial at a time (see steps.ts); at each trial count in
 * previews it yields compare() of that many trials, at no extra cost.
 */
export function compareSteps(p: Params, strategies?: readonly Strategy[], trials?: number, previews: readonly number[] = [], drawOf: DrawOf = drawMachine): Steps<Comparison[], Comparison[]> {
  assertParams(p, "compareSteps: p");
  const s = strategies ?? strategiesFor(p), n = trials ?? p.trials;
  return mapSteps(monteCarloSamplesSteps(p, s, n, previews, drawOf), (mc) => compareSamples(p, s, mc));
}

/**
 * compare() on runs already simulated: prices them with p's benefit and
 * verdict parameters. The runs must be of p's other parameters (or of
 * parameters that differ only where priceOnly() says the runs do not read).
 */
export function compareSamples(p: Params, strategies: readonly Strategy[], mc: MonteCarloSamples): Comparison[] {
  assertParams(p, "compareSamples: p");
  assertStrategies(strategies, "compareSamples: strategies");
  if (!mc || !Array.isArray(mc.summaries) || !Array.isArray(mc.samples) || mc.summaries.length !== strategies.length || mc.samples.length !== strategies.length) {
    throw new TypeError("compareSamples: expected the runs of monteCarloSamples() for these strategies ({summaries, samples}, one of each per strategy)");
  }
  const { summaries, samples } = mc;
  const values = evaluateBenefit(p.benefit, summaries);
  const dom = dominance(strategies, samples, p);
  const nets = samples.map((s, k) => netPerTrial(p, s, values[k]));
  let top = 0;
  values.forEach((v, k) => { if (v.netUsd > values[top].netUsd) top = k; });
  return summaries.map((summary, k) => {
    const d = pairedDifference(nets[top], nets[k]);
    const gap = values[top].netUsd - values[k].netUsd;
    const bestNet = k === top || gap < p.verdict.materialUsd || gap <= 2 * d.se;
    return { strategy: summary.strategy, summary, value: values[k], dominance: dom[k], bestNet };
  });
}

/** The fleet's net USD per year as if every failure ran like trial t (for the noise of net differences). */
function netPerTrial(p: Params, s: TrialSamples, v: BenefitRow): Float64Array {
  const b = p.benefit;
  const perBug = v.failuresPerYear * b.hoursSavedPerBogus * b.engineerHourUsd * b.pBogusSeamcall;
  return s.stuck.map((stuck, t) => {
    const hang = hangRisk(stuck, s.metrics.deadlockRisk[t]);
    const run = (s.metrics.totalCpuNs[t] / 1e9) * b.cpuSecondUsd + (s.metrics.disturbanceSumNs[t] / 1e3) * b.disturbanceUsdPerUs + hang * b.hoursPerHang * b.engineerHourUsd;
    const benefit = perBug * s.metrics.benefitShare[t] * (1 - hang);
    return benefit - v.failuresPerYear * run;
  });
}

/** The non-dominated strategies, the tie for the best net value, and the axes the dollars leave out. */
export function verdict(rows: readonly Comparison[], p: Params): Verdict {
  assertComparisons(rows, "verdict: rows", { allowEmpty: true });
  assertParams(p, "verdict: p");
  const priced = new Set(["hangRisk"]);
  if (p.benefit.disturbanceUsdPerUs > 0) priced.add("disturbanceSumNs");
  if (p.benefit.cpuSecondUsd > 0) priced.add("totalCpuNs");
  // Upkeep is priced, apart from the fleet's net value.
  priced.add("linesAdded");
  return {
    front: rows.filter((r) => r.dominance.dominatedBy.length === 0).map((r) => r.strategy),
    bestNet: rows.filter((r) => r.bestNet).map((r) => r.strategy),
    unpriced: verdictAxes(p).filter((a) => !priced.has(a.id)).map((a) => a.label),
  };
}

/** The strategy with the highest net value (ties: the earlier in STRATEGIES order). */
export function bestStrategy(rows: readonly Pick<Comparison, "strategy" | "value">[]): Strategy {
  if (!Array.isArray(rows)) throw new TypeError(`bestStrategy: expected the rows of compare(), got ${kind(rows)}`);
  if (rows.length === 0) throw new RangeError("bestStrategy: no rows to choose from");
  for (const r of rows) {
    if (!isPlainObject(r) || !(STRATEGIES as readonly string[]).includes(r.strategy as string) || !isPlainObject(r.value) || typeof r.value.netUsd !== "number") {
      throw new TypeError(`bestStrategy: expected rows with a strategy and a value.netUsd, got ${kind(r)}`);
    }
  }
  return rows.reduce((a, b) => (b.value.netUsd > a.value.netUsd ? b : a)).strategy;
}

/**
 * Parameters no run reads, only the pricing and the verdict: the benefit
 * inputs except the failed-stage shares (a run's benefit share,
 * tdx-module.ts benefitShare()), and the verdict's thresholds.
 */
export function priceOnly(path: string): boolean {
  return (path.startsWith("benefit.") && !path.startsWith("benefit.failedStage.")) || path.startsWith("verdict.");
}

/** Two scenarios whose runs are the same: they differ at most in priceOnly() parameters (and the default trial count). */
export function samePlay(a: Params, b: Params): boolean {
  assertParams(a, "samePlay: a");
  assertParams(b, "samePlay: b");
  return PARAM_PATHS.every((path) => path === "trials" || priceOnly(path) || getPath(a, path) === getPath(b, path));
}
