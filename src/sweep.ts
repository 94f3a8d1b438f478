/**
 * One parameter over a list of values, every other parameter fixed: tidy
 * rows (one per value x strategy x metric), ready for Plot.
 */
import { CAPS, STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import { changeErrors, formatErrors } from "./params/parse.ts";
import { setPath } from "./params/paths.ts";
import { METRICS, type Metric } from "./result.ts";
import { assertStrategies, assertTrials, workOf } from "./params/work.ts";
import { type DrawOf, type MonteCarloSummary, monteCarloAllSteps } from "./monte-carlo.ts";
import { type Steps, complete } from "./steps.ts";
import type { Percentiles } from "./stats.ts";
import { assertWithinCaps } from "./simulate.ts";
import { isPlainObject, kind } from "./params/guard.ts";
import { assertMetrics } from "./rows.ts";

/** One point x strategy x metric of a sweep. */
export interface SweepRow extends Percentiles {
  /** The swept parameter's dotted path. */
  param: string;
  /** The swept parameter's value at this point. */
  value: number | string | boolean;
  /** The strategy. */
  strategy: Strategy;
  /** BIOS-enabled LPs at this point. */
  lps: number;
  /** Online LPs at this point. */
  onlineLps: number;
  /** The metric. */
  metric: Metric;
  /** Share of trials that got stuck at this point. */
  stuck: number;
}

/** Options of sweep(). */
export interface SweepOptions {
  /** Strategies to run (default: the scenario's). */
  strategies?: readonly Strategy[];
  /** Trials per point (default: the scenario's). */
  trials?: number;
  /** Metrics to keep (default: all). */
  metrics?: readonly Metric[];
  /** Where the runs get their machine draws (default drawMachine; a DrawCache's draw gives the same). */
  drawOf?: DrawOf;
}

/** One parameter over a list of values, every other parameter fixed: tidy rows. The points share one work budget. */
export function sweep(p: Params, path: string, values: readonly (number | string | boolean)[], options: SweepOptions = {}): SweepRow[] {
  return complete(sweepSteps(p, path, values, options));
}

/**
 * sweep() one trial at a time (see steps.ts). At each trial count in
 * previews it yields sweep() with that many trials per point: every point
 * runs to that count first, then all continue (no trial is run twice).
 */
export function* sweepSteps(p: Params, path: string, values: readonly (number | string | boolean)[], options: SweepOptions = {}, previews: readonly number[] = []): Steps<SweepRow[], SweepRow[]> {
  assertWithinCaps(p, "sweep: p");
  if (typeof path !== "string") throw new TypeError(`sweep: path: expected a parameter's dotted path, got ${kind(path)}`);
  if (!Array.isArray(values)) throw new TypeError(`sweep: values: expected a list of values, got ${kind(values)}`);
  if (!isPlainObject(options as unknown)) throw new TypeError(`sweep: options: expected an object of options, got ${kind(options)}`);
  const strategies = options.strategies ?? [p.strategy];
  const trials = options.trials ?? p.trials;
  const metrics = options.metrics ?? METRICS;
  assertMetrics(metrics, "sweep: metrics");
  if (values.length > CAPS.maxSweepPoints) {
    throw new RangeError(`sweep of ${path}: ${values.length} values is above the cap of ${CAPS.maxSweepPoints} (CAPS.maxSweepPoints)`);
  }
  assertStrategies(strategies, `sweep of ${path}: strategies`);
  assertTrials(trials, `sweep of ${path}: trials`);
  // Every point is checked like any input, so a sweep cannot step past a cap:
  // p is valid, so only the swept field and the rules across fields can fail.
  // A point runs `trials` trials, whatever p.trials says (the point at 16,384
  // LPs of a 200-trial scenario is valid for a 10-trial sweep).
  const points = values.map((v) => {
    const { q, errors } = pointAt(p, path, v, trials);
    if (errors.length) throw new RangeError(`sweep of ${path} at ${String(v).slice(0, 40)}: ${formatErrors(errors)}`);
    return q;
  });
  // The whole sweep is one call: its points share one budget.
  const work = points.reduce((a, q) => a + workOf(q, strategies, trials), 0);
  if (work > CAPS.maxWork) {
    throw new RangeError(`sweep of ${path}: ${Math.round(work)} units of work is above the cap of ${CAPS.maxWork} (CAPS.maxWork, about 2 s)`);
  }
  const stops = previews.filter((k) => k > 0 && k < trials);
  const runs = points.map((q) => monteCarloAllSteps(q, strategies, trials, stops, options.drawOf));
  const rowsOf = (summaries: MonteCarloSummary[][]) => summaries.flatMap((point, i) =>
    point.flatMap((s) => metrics.map((metric) => ({ param: path, value: values[i], strategy: s.strategy, lps: s.lps, onlineLps: s.onlineLps, metric, ...s.metrics[metric], stuck: s.stuck }))));
  // Advance every point to its next preview (or its end), then show them together.
  for (let pass = 0; ; pass++) {
    const reached: MonteCarloSummary[][] = [];
    for (const run of runs) {
      for (;;) {
        const r = run.next();
        if (r.done || r.value) { reached.push(r.value!); break; }
        yield;
      }
    }
    if (pass === stops.length) return rowsOf(reached);
    yield rowsOf(reached);
  }
}

/**
 * The scenario at one point of a sweep, run with `trials` trials, and what
 * is wrong with it: p is valid, so only the swept field and the rules
 * across fields can fail.
 */
function pointAt(p: Params, path: string, v: number | string | boolean, trials: number): { q: Params; errors: ReturnType<typeof changeErrors> } {
  const q = { ...(setPath(p, path, v) as Params), trials };
  return { q, errors: changeErrors(q, [path]) };
}

/** What a sweep can run for a scenario: the values it allows, and the trials that fit one call's budget. */
export interface SweepPlan {
  /** The values whose scenario is valid (e.g. within CAPS.maxLps). */
  values: (number | string | boolean)[];
  /** The values left out, each with the reason. */
  dropped: { value: number | string | boolean; reason: string }[];
  /** Trials per point: the wanted number, or fewer so the whole sweep fits CAPS.maxWork. */
  trials: number;
}

/** Plan a sweep that cannot fail: invalid points are dropped (and said), trials are cut to the budget. */
export function planSweep(p: Params, path: string, values: readonly (number | string | boolean)[], strategies: readonly Strategy[], wantedTrials: number): SweepPlan {
  assertWithinCaps(p, "planSweep: p");
  if (typeof path !== "string") throw new TypeError(`planSweep: path: expected a parameter's dotted path, got ${kind(path)}`);
  if (!Array.isArray(values)) throw new TypeError(`planSweep: values: expected a list of values, got ${kind(values)}`);
  assertStrategies(strategies, "planSweep: strategies");
  assertTrials(wantedTrials, "planSweep: trials");
  const kept: (number | string | boolean)[] = [];
  const dropped: SweepPlan["dropped"] = [];
  let perTrial = 0;
  for (const v of values.slice(0, CAPS.maxSweepPoints)) {
    const { q, errors } = pointAt(p, path, v, 1);
    if (errors.length) { dropped.push({ value: v, reason: formatErrors(errors.slice(0, 1)) }); continue; }
    kept.push(v);
    perTrial += workOf(q, strategies, 1);
  }
  const trials = Math.max(1, Math.min(wantedTrials, perTrial > 0 ? Math.floor(CAPS.maxWork / perTrial) : wantedTrials));
  return { values: kept, dropped, trials };
}
