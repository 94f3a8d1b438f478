/**
 * Tidy rows of a comparison, the only shape consumers read: the pages, the
 * report, the notebook and the loaders pick columns from these and compute
 * no statistic of their own.
 */
import { METRICS, METRIC_META, type Metric, type MetricUnit } from "./result.ts";
import type { Comparison } from "./compare.ts";
import type { Params, Strategy } from "./params/schema.ts";
import { type VerdictAxis, verdictAxes } from "./verdict.ts";
import { CODE_SIZE } from "./code-size.ts";
import { hangRisk } from "./benefit.ts";
import { assertComparisons, assertParams, kind } from "./params/guard.ts";

/** A list of known metrics (METRICS): a TypeError for another type, a RangeError naming an unknown one. */
export function assertMetrics(metrics: unknown, what: string): asserts metrics is readonly Metric[] {
  if (!Array.isArray(metrics)) throw new TypeError(`${what}: expected a list of metrics, got ${kind(metrics)}`);
  for (const m of metrics) if (!(METRICS as readonly unknown[]).includes(m)) throw new RangeError(`${what}: unknown metric ${JSON.stringify(String(m).slice(0, 40))}; one of ${METRICS.join(", ")}`);
}

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
  assertComparisons(rows, "compareRows: rows", { allowEmpty: true });
  assertMetrics(metrics, "compareRows: metrics");
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
  assertComparisons(rows, "valueRows: rows", { allowEmpty: true });
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

/** One strategy on one verdict axis: the value the dominance analysis compares, in the axis's unit. */
export interface AxisRow {
  /** The strategy. */
  strategy: Strategy;
  /** The axis (VerdictAxis.id). */
  axis: string;
  /** Its label. */
  label: string;
  /** Its unit: ns, share, perMillion (a share of failed initialisations, shown per million) or lines. */
  unit: VerdictAxis["unit"];
  /** Which way is better. */
  better: VerdictAxis["better"];
  /** cost or outcome. */
  kind: VerdictAxis["kind"];
  /** Median for times, mean for shares (hang risk: runs that hang plus the deadlock risk), the count for lines. */
  value: number;
  /** 5th percentile over the trials (equal to value where it has no spread). */
  p5: number;
  /** 95th percentile over the trials (equal to value where it has no spread). */
  p95: number;
  /** No strategy of the comparison dominates it. */
  front: boolean;
}

/** Rows of strategy x verdict axis (verdictAxes(p) order), for the cost-versus-outcome figure and tables. */
export function axisRows(rows: readonly Comparison[], p: Params): AxisRow[] {
  assertComparisons(rows, "axisRows: rows", { allowEmpty: true });
  assertParams(p, "axisRows: p");
  return rows.flatMap((r) => verdictAxes(p).map((a) => {
    const front = r.dominance.dominatedBy.length === 0;
    const base = { strategy: r.strategy, axis: a.id, label: a.label, unit: a.unit, better: a.better, kind: a.kind, front };
    if (a.id === "linesAdded") { const v = CODE_SIZE[r.strategy].linesAdded; return { ...base, value: v, p5: v, p95: v }; }
    if (a.id === "hangRisk") { const v = hangRisk(r.summary.stuck, r.summary.metrics.deadlockRisk.mean); return { ...base, value: v, p5: v, p95: v }; }
    const m = r.summary.metrics[a.metric!];
    // Times by their median; shares of runs or of failed initialisations by their mean (an expectation).
    const value = a.unit === "ns" ? m.p50 : m.mean;
    return { ...base, value, p5: m.p5, p95: m.p95 };
  }));
}
