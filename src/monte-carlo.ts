/**
 * Many runs with seeds derived from params.seed: percentiles per metric.
 * Trial t of every strategy sees the same machine draw and, with
 * params.uncertainty, the same draw of the uncertain parameters (common
 * random numbers: differences between strategies are paired).
 */
import { STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import { METRICS, type Metric } from "./result.ts";
import { type MachineDraw, drawMachine } from "./machine.ts";
import { mixSeed } from "./random.ts";
import { type Percentiles, percentiles } from "./stats.ts";
import { assertWithinCaps, runOn } from "./simulate.ts";
import { uncertaintySampler } from "./uncertainty.ts";
import { assertStrategies, assertTrials, assertWork } from "./params/work.ts";
import { type Steps, complete, mapSteps } from "./steps.ts";

/** One strategy over many trials: percentiles per metric and outcome shares. */
export interface MonteCarloSummary {
  /** The strategy. */
  strategy: Strategy;
  /** Trials run. */
  trials: number;
  /** The scenario's seed (trial t uses trialSeed(seed, t)). */
  seed: number;
  /** BIOS-enabled LPs. */
  lps: number;
  /** Online LPs. */
  onlineLps: number;
  /** The strategy changes what a bogus SEAMCALL gets after some failed state (first trial). */
  effective: boolean;
  /** Percentiles of every metric. */
  metrics: Record<Metric, Percentiles>;
  /** Share of trials by outcome. */
  completed: number;
  /** Share of trials that crossed a watchdog threshold but completed. */
  warned: number;
  /** Share of trials that never complete. */
  stuck: number;
  /** Share of trials that met "all BIOS-enabled CPUs". */
  requirementMet: number;
}

/** Per-trial values of one strategy: each metric, and whether the run hung (1) or not (0). */
export interface TrialSamples {
  /** Each metric's value in each trial. */
  metrics: Record<Metric, Float64Array>;
  /** 1 where the trial hung, else 0. */
  stuck: Float64Array;
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
  return monteCarloSamples(p, strategies, trials).summaries;
}

/**
 * monteCarloAll() one trial at a time (see steps.ts); at each trial count in
 * `previews` it yields monteCarloAll() of that many trials, on the way.
 */
export function monteCarloAllSteps(p: Params, strategies: readonly Strategy[] = STRATEGIES, trials: number = p.trials, previews: readonly number[] = [], drawOf: DrawOf = drawMachine): Steps<MonteCarloSummary[], MonteCarloSummary[]> {
  return mapSteps(monteCarloSamplesSteps(p, strategies, trials, previews, drawOf), (mc) => mc.summaries);
}

/**
 * Where a run gets its machine draws: drawMachine(), or anything that
 * returns what drawMachine() would (a DrawCache's draw, draw-cache.ts).
 */
export type DrawOf = (q: Params, seed: number) => MachineDraw;

/** monteCarloSamples() one trial at a time, with previews as in monteCarloAllSteps(). */
export function monteCarloSamplesSteps(p: Params, strategies: readonly Strategy[], trials: number, previews: readonly number[] = [], drawOf: DrawOf = drawMachine): Steps<MonteCarloSamples, MonteCarloSamples> {
  checkMonteCarlo(p, strategies, trials);
  return samplesSteps(p, strategies, trials, drawOf, previews);
}

function checkMonteCarlo(p: Params, strategies: readonly Strategy[], trials: number): void {
  assertWithinCaps(p, "monteCarlo: p");
  assertStrategies(strategies);
  assertTrials(trials);
  assertWork(p, strategies, trials, "monteCarlo");
}

/** monteCarloAll, keeping every trial's values for paired comparisons. */
export function monteCarloSamples(p: Params, strategies: readonly Strategy[], trials: number): MonteCarloSamples {
  checkMonteCarlo(p, strategies, trials);
  return complete(samplesSteps(p, strategies, trials, drawMachine));
}

/** The summaries and every trial's values of monteCarloSamples(). */
export interface MonteCarloSamples {
  /** One summary per strategy. */
  summaries: MonteCarloSummary[];
  /** One set of per-trial values per strategy. */
  samples: TrialSamples[];
}

/**
 * monteCarloSamples() without its checks, one trial at a time, drawing
 * machines with drawOf (a caller may reuse the draws of an identical
 * machine: sensitivity()). At each count k in previews (below
 * trials) it also yields the result of k trials: trial t's seed depends on
 * t alone, so the first k trials of a longer run are a k-trial run, and a
 * preview costs no extra simulation.
 */
export function samplesSteps(p: Params, strategies: readonly Strategy[], trials: number, drawOf: DrawOf): Steps<MonteCarloSamples>;
export function samplesSteps(p: Params, strategies: readonly Strategy[], trials: number, drawOf: DrawOf, previews: readonly number[]): Steps<MonteCarloSamples, MonteCarloSamples>;
export function* samplesSteps(p: Params, strategies: readonly Strategy[], trials: number, drawOf: DrawOf, previews: readonly number[] = []): Steps<MonteCarloSamples, MonteCarloSamples> {
  const samples: TrialSamples[] = strategies.map(() => ({
    metrics: Object.fromEntries(METRICS.map((m) => [m, new Float64Array(trials)])) as Record<Metric, Float64Array>,
    stuck: new Float64Array(trials),
  }));
  const outcome = strategies.map(() => ({ completed: 0, warned: 0, stuck: 0, met: 0 }));
  const first: { lps: number; onlineLps: number; effective: boolean }[] = [];
  const sample = p.uncertainty ? uncertaintySampler(p) : undefined;
  for (let t = 0; t < trials; t++) {
    const seed = trialSeed(p.seed, t);
    const q = sample ? sample(seed) : p;
    const draw = drawOf(q, seed);
    strategies.forEach((s, k) => {
      const r = runOn(draw, q, s, seed);
      for (const m of METRICS) samples[k].metrics[m][t] = r[m];
      samples[k].stuck[t] = r.completion.status === "stuck" ? 1 : 0;
      outcome[k][r.completion.status]++;
      if (r.requirementMet) outcome[k].met++;
      if (t === 0) first[k] = { lps: r.lps, onlineLps: r.onlineLps, effective: r.effective };
    });
    yield;
    if (t + 1 < trials && previews.includes(t + 1)) yield resultOf(t + 1);
  }
  return resultOf(trials);

  /** The result of the first n trials (the outcome counts are those of the first n when called). */
  function resultOf(n: number): MonteCarloSamples {
    const head = samples.map((s) => ({
      metrics: Object.fromEntries(METRICS.map((m) => [m, s.metrics[m].subarray(0, n)])) as Record<Metric, Float64Array>,
      stuck: s.stuck.subarray(0, n),
    }));
    const summaries = strategies.map((strategy, k) => ({
      strategy,
      trials: n,
      seed: p.seed,
      ...first[k],
      metrics: Object.fromEntries(METRICS.map((m) => [m, percentiles(head[k].metrics[m])])) as Record<Metric, Percentiles>,
      completed: outcome[k].completed / n,
      warned: outcome[k].warned / n,
      stuck: outcome[k].stuck / n,
      requirementMet: outcome[k].met / n,
    }));
    return { summaries, samples: n === trials ? samples : head };
  }
}
