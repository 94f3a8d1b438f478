/**
 * Tidy rows of a comparison, the only shape consumers read: the pages, the
 * report, the notebook and the loaders pick columns from these and compute
 * no statistic of their own.
 */
import { METRICS, METRIC_META, type Metric, type MetricUnit } from "./result.ts";
import type { Comparison } from "./compare.ts";
import type { Strategy } from "./params/schema.ts";

/** One metric of one strategy over the Monte Carlo trials. */
export interface MetricRow {
  /** The strategy. */
  strategy: Strategy;
  /** The metric. */
  metric: Metric;
  /** Its label (METRIC_META). */
  label: string;
  /** Its unit (METRIC_META). */
  unit: MetricUnit;
  /** 5th percentile over the trials. */
  p5: number;
  /** Median over the trials. */
  p50: number;
  /** 95th percentile over the trials. */
  p95: number;
  /** Mean over the trials. */
  mean: number;
}

/** Rows of strategy x metric, in the comparison's strategy order and METRICS order. */
export function compareRows(rows: readonly Comparison[], metrics: readonly Metric[] = METRICS): MetricRow[] {
  return rows.flatMap((r) =>
    metrics.map((metric) => {
      const m = r.summary.metrics[metric];
      return { strategy: r.strategy, metric, ...METRIC_META[metric], p5: m.p5, p50: m.p50, p95: m.p95, mean: m.mean };
    })
  );
}

/** The dollar side and the verdict of one strategy. */
export interface ValueRow {
  /** The strategy. */
  strategy: Strategy;
  /** The fleet's running cost, USD per year. */
  costUsd: number;
  /** Upstream upkeep of the strategy's code, USD per year (apart from the fleet's net value). */
  upkeepUsd: number;
  /** Expected benefit, USD per fleet-year. */
  benefitUsd: number;
  /** The fleet's benefit minus its running cost, USD per year. */
  netUsd: number;
  /** P(bogus SEAMCALL | failed init) at which net value is 0; null when nothing can pay. */
  breakEvenPBogus: number | null;
  /** Share of failures after which the distinct error is there to help. */
  effectiveShare: number;
  /** Share of trials that hung. */
  stuck: number;
  /** Tied for the best net value. */
  bestNet: boolean;
  /** The strategies that dominate it. */
  dominatedBy: Strategy[];
}

/** One row per strategy: what it is worth and what beats it. */
export function valueRows(rows: readonly Comparison[]): ValueRow[] {
  return rows.map((r) => ({
    strategy: r.strategy,
    costUsd: r.value.costUsd,
    upkeepUsd: r.value.upkeepUsd,
    benefitUsd: r.value.benefitUsd,
    netUsd: r.value.netUsd,
    breakEvenPBogus: r.value.breakEvenPBogus,
    effectiveShare: r.value.effectiveShare,
    stuck: r.summary.stuck,
    bestNet: r.bestNet,
    dominatedBy: r.dominance.dominatedBy,
  }));
}

/** One metric of one strategy from compareRows() output (throws if absent: a consumer asked for a metric it did not compute). */
export function metricOf(rows: readonly MetricRow[], strategy: Strategy, metric: Metric): MetricRow {
  const row = rows.find((r) => r.strategy === strategy && r.metric === metric);
  if (!row) throw new RangeError(`metricOf: no ${metric} row for ${strategy}`);
  return row;
}
