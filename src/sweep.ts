/**
 * One parameter over a list of values, every other parameter fixed: tidy
 * rows (one per value x strategy x metric), ready for Plot.
 */
import { CAPS, STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import { params as validate } from "./params/parse.ts";
import { setPath } from "./params/paths.ts";
import { METRICS, type Metric } from "./result.ts";
import { biosLps } from "./machine.ts";
import { monteCarloAll } from "./monte-carlo.ts";
import type { Percentiles } from "./stats.ts";

export interface SweepRow extends Percentiles {
  /** The swept parameter's dotted path. */
  param: string;
  value: number | string | boolean;
  strategy: Strategy;
  lps: number;
  onlineLps: number;
  metric: Metric;
  /** Share of trials that got stuck at this point. */
  stuck: number;
}

export interface SweepOptions {
  strategies?: readonly Strategy[];
  trials?: number;
  metrics?: readonly Metric[];
}

export function sweep(p: Params, path: string, values: readonly (number | string | boolean)[], options: SweepOptions = {}): SweepRow[] {
  const strategies = options.strategies ?? [p.strategy];
  const trials = options.trials ?? p.trials;
  const metrics = options.metrics ?? METRICS;
  if (values.length > CAPS.maxSweepPoints) {
    throw new RangeError(`sweep of ${path}: ${values.length} values is above the cap of ${CAPS.maxSweepPoints} (CAPS.maxSweepPoints)`);
  }
  // Every point is validated like any input, so a sweep cannot step past a cap.
  const points = values.map((v) => validate(setPath(p, path, v)));
  const work = points.reduce((a, q) => a + biosLps(q.machine) * trials * strategies.length, 0);
  if (work > CAPS.maxSweepCpuRuns) {
    throw new RangeError(`sweep of ${path}: ${work} simulated CPU-runs is above the cap of ${CAPS.maxSweepCpuRuns} (CAPS.maxSweepCpuRuns)`);
  }
  const rows: SweepRow[] = [];
  points.forEach((q, i) => {
    for (const s of monteCarloAll(q, strategies, trials)) {
      for (const metric of metrics) {
        rows.push({ param: path, value: values[i], strategy: s.strategy, lps: s.lps, onlineLps: s.onlineLps, metric, ...s.metrics[metric], stuck: s.stuck });
      }
    }
  });
  return rows;
}
