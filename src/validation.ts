/**
 * Model against measurement: each case of data/validation.json runs the
 * kernel with the measured machine's parameters and compares one figure
 * (within a stated tolerance) or one behaviour (stuck, bounded, warned).
 * Cases run as point estimates (no uncertainty sampling): they state the
 * measured machine's own parameters.
 */
import * as z from "zod/mini";
import table from "../data/validation.json" with { type: "json" };
import { params } from "./params/parse.ts";
import { PARSE, type Strategy } from "./params/schema.ts";
import { METRICS, type Metric } from "./result.ts";
import { simulate, simulateAll } from "./simulate.ts";
import { monteCarloAll } from "./monte-carlo.ts";
import { formatNs } from "./format.ts";

/** One published measurement or behaviour, as in data/validation.json. */
export interface ValidationCase {
  /** Stable identifier. */
  id: string;
  /** A number within a tolerance, or a behaviour. */
  kind: "quantitative" | "qualitative";
  /** One line, with the source's author. */
  title: string;
  /** The published figure: its value (null for a behaviour), unit, as printed, and what was measured. */
  published: { value: number | null; unit: string; text: string; what: string };
  /** Where it was published. */
  source: { text: string; url: string };
  /** The measured machine, as described by the source. */
  machine: string;
  /** What the case checks in the model, and how independent it is. */
  why: string;
  /** Parameter input for the measured machine (over a preset). */
  params: Record<string, unknown>;
  /** For differences: the run to subtract. */
  baseline?: Record<string, unknown>;
  /** stat p50: the Monte Carlo median over params.trials (a measured median); default: one run. */
  measure?: { metric: "callerLatencyNs"; minusBaseline?: boolean; stat?: "p50" };
  /** Quantitative cases: the relative tolerance and its justification. */
  tolerance?: { relative: number; why: string };
  /** Qualitative cases: the behaviours the model must show. */
  expect?: {
    status?: "completed" | "warned" | "stuck";
    watchdog?: string;
    maxLatencyNs?: number;
    otherStrategiesComplete?: string[];
    warnedFractionAbove?: number;
    spinningCaller?: boolean;
    sleepingAlternative?: string;
    /** Published orderings: the case's run against another strategy or scenario (Monte Carlo medians). */
    orderings?: Ordering[];
  };
}

/** "metric of this run is above (or below) factor x the same metric of that run". */
export interface Ordering {
  /** The metric compared (Monte Carlo medians). */
  metric: Metric;
  /** This run's strategy (default: the case's). */
  strategy?: string;
  /** The other run: another strategy, or the case's parameters with these laid over. */
  than: { strategy?: string; params?: Record<string, unknown> };
  /** Whether this run's value is above or below the other's. */
  relation: "above" | "below";
  /** By at least this factor (default 1). */
  factor?: number;
  /** The ordering in words, for the table. */
  what: string;
}

const orderingSchema: z.ZodMiniType<Ordering> = z.object({
  metric: z.enum(METRICS),
  strategy: z.optional(z.string()),
  than: z.object({ strategy: z.optional(z.string()), params: z.optional(z.record(z.string(), z.unknown())) }),
  relation: z.enum(["above", "below"]),
  factor: z.optional(z.number().check(z.positive())),
  what: z.string(),
});

const caseSchema: z.ZodMiniType<ValidationCase> = z.object({
  id: z.string(),
  kind: z.enum(["quantitative", "qualitative"]),
  title: z.string(),
  published: z.object({ value: z.nullable(z.number()), unit: z.string(), text: z.string(), what: z.string() }),
  source: z.object({ text: z.string(), url: z.string() }),
  machine: z.string(),
  why: z.string(),
  params: z.record(z.string(), z.unknown()),
  baseline: z.optional(z.record(z.string(), z.unknown())),
  measure: z.optional(z.object({ metric: z.enum(["callerLatencyNs"]), minusBaseline: z.optional(z.boolean()), stat: z.optional(z.enum(["p50"])) })),
  tolerance: z.optional(z.object({ relative: z.number().check(z.positive()), why: z.string() })),
  expect: z.optional(z.object({
    status: z.optional(z.enum(["completed", "warned", "stuck"])),
    watchdog: z.optional(z.string()),
    maxLatencyNs: z.optional(z.number()),
    otherStrategiesComplete: z.optional(z.array(z.string())),
    warnedFractionAbove: z.optional(z.number()),
    spinningCaller: z.optional(z.boolean()),
    sleepingAlternative: z.optional(z.string()),
    orderings: z.optional(z.array(orderingSchema)),
  })),
});

/** The cases of data/validation.json, validated. */
export const VALIDATION_CASES: readonly ValidationCase[] = z.object({ cases: z.array(caseSchema).check(z.minLength(1)) }).parse(table, PARSE).cases;

/** One case's outcome. */
export interface ValidationResult {
  /** The case's id. */
  id: string;
  /** The case's title. */
  title: string;
  /** Quantitative or qualitative. */
  kind: ValidationCase["kind"];
  /** The published value, ns (null for a behaviour). */
  published: number | null;
  /** The model's value, ns (null when the case checks no single number). */
  model: number | null;
  /** Tolerance band around the published value (quantitative cases). */
  low: number | null;
  /** Upper end of the tolerance band. */
  high: number | null;
  /** The published figure as printed. */
  publishedText: string;
  /** The model's result in words (and any failed check). */
  modelText: string;
  /** The tolerance in words ("±25%", "behaviour"). */
  toleranceText: string;
  /** (model - published) / published, for quantitative cases. */
  error: number | null;
  /** Within tolerance, or every behaviour shown. */
  pass: boolean;
  /** The source's citation. */
  source: string;
  /** The source's address. */
  url: string;
}

/** A case's parameters as a point estimate. */
const pointParams = (input: Record<string, unknown> | undefined) => params({ uncertainty: false, ...input });

/** Run one case: the model with the measured machine's parameters, against the published figure or behaviour. */
export function runValidationCase(c: ValidationCase): ValidationResult {
  const base = { id: c.id, title: c.title, kind: c.kind, published: c.published.value, publishedText: c.published.text, source: c.source.text, url: c.source.url };
  if (c.kind === "quantitative") {
    const p = pointParams(c.params);
    const value = (q: typeof p) => c.measure!.stat === "p50" ? monteCarloAll(q, [q.strategy])[0].metrics[c.measure!.metric].p50 : simulate(q)[c.measure!.metric];
    let model = value(p);
    if (c.measure!.minusBaseline) model -= value(pointParams(c.baseline));
    const published = c.published.value!;
    const tol = c.tolerance!.relative;
    const error = (model - published) / published;
    return { ...base, model, low: published * (1 - tol), high: published * (1 + tol), modelText: formatNs(model), toleranceText: `±${Math.round(tol * 100)}%`, error, pass: Math.abs(error) <= tol };
  }
  const e = c.expect!;
  const p = pointParams(c.params);
  const checks: [string, boolean][] = [];
  let model: number | null = null;
  let modelText = "";
  if (e.status === "stuck") {
    const runs = simulateAll(p);
    const r = runs.find((x) => x.strategy === p.strategy)!;
    checks.push(["stuck", r.completion.status === "stuck"]);
    if (e.watchdog) checks.push([e.watchdog, r.completion.watchdogs.includes(e.watchdog)]);
    for (const s of e.otherStrategiesComplete ?? []) checks.push([`${s} completes`, runs.find((x) => x.strategy === s)!.completion.status !== "stuck"]);
    modelText = `${r.completion.status} (${r.completion.watchdogs.join(", ")})`;
  } else if (e.maxLatencyNs !== undefined) {
    const [s] = monteCarloAll(p, [p.strategy]);
    model = s.metrics.callerLatencyNs.max;
    checks.push(["all complete", s.completed === 1]);
    checks.push(["bounded", model <= e.maxLatencyNs]);
    modelText = `max ${formatNs(model)} over ${s.trials} runs`;
  } else if (e.warnedFractionAbove !== undefined) {
    const alt = (e.sleepingAlternative ?? p.strategy) as Strategy;
    const [spin, sleep] = monteCarloAll(p, [p.strategy, alt]);
    model = spin.metrics.callerLatencyNs.max;
    checks.push(["some runs warned", spin.warned > e.warnedFractionAbove]);
    // The spinning caller burns its whole wait; the sleeping one almost none of it.
    if (e.spinningCaller) checks.push(["caller spins", spin.metrics.callerSpinNs.max >= 0.99 * spin.metrics.callerLatencyNs.max]);
    checks.push(["alternative sleeps", sleep.metrics.callerSleepNs.max >= 0.99 * sleep.metrics.callerLatencyNs.max]);
    modelText = `${Math.round(spin.warned * 100)}% of runs warned (${e.watchdog}); worst wait ${formatNs(model)}`;
  }
  if (e.orderings) {
    const median = (q: typeof p, strategy: string, metric: Metric) => monteCarloAll(q, [strategy as Strategy])[0].metrics[metric].p50;
    const texts: string[] = [];
    for (const o of e.orderings) {
      const mine = median(p, o.strategy ?? p.strategy, o.metric);
      const other = median(o.than.params ? pointParams({ ...c.params, ...o.than.params }) : p, o.than.strategy ?? o.strategy ?? p.strategy, o.metric);
      const f = o.factor ?? 1;
      checks.push([o.what, o.relation === "above" ? mine > f * other : mine * f < other]);
      texts.push(`${o.what}: ${formatMetric(o.metric, mine)} vs ${formatMetric(o.metric, other)}`);
    }
    modelText = texts.join("; ");
  }
  const failed = checks.filter(([, ok]) => !ok).map(([name]) => name);
  return { ...base, model, low: null, high: null, modelText: failed.length ? `${modelText}; failed: ${failed.join(", ")}` : modelText, toleranceText: "behaviour", error: null, pass: checks.length > 0 && failed.length === 0 };
}

function formatMetric(metric: Metric, v: number): string {
  return metric.endsWith("Ns") ? formatNs(v) : String(Math.round(v * 1000) / 1000);
}

/** Run every case of data/validation.json. */
export function runValidation(): ValidationResult[] {
  return VALIDATION_CASES.map(runValidationCase);
}
