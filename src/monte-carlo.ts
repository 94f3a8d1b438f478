/**
 * Many runs with seeds derived from params.seed: percentiles per metric.
 * Trial t of every strategy sees the same machine draw.
 */
import { CAPS, STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import { METRICS, type Metric } from "./result.ts";
import { biosLps, drawMachine } from "./machine.ts";
import { mixSeed } from "./random.ts";
import { type Percentiles, percentiles } from "./stats.ts";
import { assertWithinCaps, runOn } from "./simulate.ts";

export interface MonteCarloSummary {
  strategy: Strategy;
  trials: number;
  seed: number;
  lps: number;
  onlineLps: number;
  effective: boolean;
  metrics: Record<Metric, Percentiles>;
  /** Share of trials by outcome. */
  completed: number;
  warned: number;
  stuck: number;
  /** Share of trials that met "all BIOS-enabled CPUs". */
  requirementMet: number;
}

/** The seed of trial t: a stream of its own, never overlapping another trial's. */
export function trialSeed(seed: number, t: number): number {
  return mixSeed(seed, t + 1);
}

/** monteCarlo(params, trials): params.strategy over `trials` seeded runs. */
export function monteCarlo(p: Params, trials: number = p.trials): MonteCarloSummary {
  return monteCarloAll(p, [p.strategy], trials)[0];
}

/** Several strategies over the same `trials` machine draws. */
export function monteCarloAll(p: Params, strategies: readonly Strategy[] = STRATEGIES, trials: number = p.trials): MonteCarloSummary[] {
  assertWithinCaps(p);
  if (!Number.isInteger(trials) || trials < 1 || trials > CAPS.maxTrials) {
    throw new RangeError(`trials: ${trials} is outside 1..${CAPS.maxTrials} (CAPS.maxTrials)`);
  }
  const work = biosLps(p.machine) * trials * strategies.length;
  if (work > CAPS.maxCpuRuns) {
    throw new RangeError(`LPs x trials x strategies = ${work} is above the cap of ${CAPS.maxCpuRuns} (CAPS.maxCpuRuns)`);
  }
  const samples = strategies.map(() => METRICS.map(() => new Float64Array(trials)));
  const outcome = strategies.map(() => ({ completed: 0, warned: 0, stuck: 0, met: 0 }));
  let first: { lps: number; onlineLps: number; effective: boolean }[] = [];
  for (let t = 0; t < trials; t++) {
    const seed = trialSeed(p.seed, t);
    const draw = drawMachine(p, seed);
    strategies.forEach((s, k) => {
      const r = runOn(draw, p, s, seed);
      METRICS.forEach((m, j) => { samples[k][j][t] = r[m]; });
      outcome[k][r.completion.status]++;
      if (r.requirementMet) outcome[k].met++;
      if (t === 0) first[k] = { lps: r.lps, onlineLps: r.onlineLps, effective: r.effective };
    });
  }
  return strategies.map((strategy, k) => ({
    strategy,
    trials,
    seed: p.seed,
    ...first[k],
    metrics: Object.fromEntries(METRICS.map((m, j) => [m, percentiles(samples[k][j])])) as Record<Metric, Percentiles>,
    completed: outcome[k].completed / trials,
    warned: outcome[k].warned / trials,
    stuck: outcome[k].stuck / trials,
    requirementMet: outcome[k].met / trials,
  }));
}
