/**
 * The verdict without dollars: on which axes does one strategy beat another,
 * and where is the difference a tie? The axes are the reviewers' own units:
 * the costs of running the strategy (latency, preempt-off, CPU time,
 * interrupts-off, RT/nohz_full disturbance, hang risk, lines of code) and
 * what it leaves after the failed initialisation, per million failures
 * (src/outcome.ts: PAMT writes into freed memory possible, LPs left with an
 * unset HOST_RIP, bogus SEAMCALLs with an unknown answer, TDX retryable
 * without a reboot); for TDH.SYS.LP.INIT, whether TDX comes up. A dominates
 * B when it is no worse on every axis and better on one.
 *
 * A difference is a tie when it lies inside the Monte Carlo noise (the
 * paired mean difference within two standard errors: trials share their
 * draws, so the pairs are exact) or below the reader's materiality
 * threshold (params.verdict). A tie is never a winner.
 */
import type { Params, Strategy } from "./params/schema.ts";
import type { Metric } from "./result.ts";
import type { TrialSamples } from "./monte-carlo.ts";
import { pairedDifference } from "./stats.ts";
import { CODE_SIZE } from "./code-size.ts";

/** One axis of the dominance analysis: a cost or an outcome, in its own unit, and which way is better. */
export interface VerdictAxis {
  /** Identifier (a metric, or hangRisk, linesAdded). */
  id: string;
  /** Label for tables, charts and prose. */
  label: string;
  /** ns, a share of runs or of failed initialisations (shown per million), or lines of code. */
  unit: "ns" | "share" | "perMillion" | "lines";
  /** Which way is better. */
  better: "lower" | "higher";
  /** A cost of running the strategy, or an outcome of the failed initialisation after it. */
  kind: "cost" | "outcome";
  /** The metric it reads, if it is one. */
  metric?: Metric;
}

/** The costs, in the reviewers' units. */
export const COST_AXES: readonly VerdictAxis[] = [
  { id: "callerLatencyNs", label: "caller latency", unit: "ns", better: "lower", kind: "cost", metric: "callerLatencyNs" },
  { id: "callerPreemptOffNs", label: "caller preempt-off", unit: "ns", better: "lower", kind: "cost", metric: "callerPreemptOffNs" },
  { id: "totalCpuNs", label: "CPU time", unit: "ns", better: "lower", kind: "cost", metric: "totalCpuNs" },
  { id: "irqOffMaxNs", label: "longest interrupts-off", unit: "ns", better: "lower", kind: "cost", metric: "irqOffMaxNs" },
  { id: "disturbanceSumNs", label: "RT/nohz_full disturbance", unit: "ns", better: "lower", kind: "cost", metric: "disturbanceSumNs" },
  { id: "hangRisk", label: "hang risk", unit: "share", better: "lower", kind: "cost" },
  { id: "linesAdded", label: "lines of code added", unit: "lines", better: "lower", kind: "cost" },
];

/** What a TDH.SYS.LP.SHUTDOWN strategy leaves after a failed initialisation (src/outcome.ts), per million failed initialisations. */
export const OUTCOME_AXES: readonly VerdictAxis[] = [
  { id: "corruption", label: "PAMT writes into freed memory possible", unit: "perMillion", better: "lower", kind: "outcome", metric: "corruption" },
  { id: "undefinedEntry", label: "LPs left with an unset HOST_RIP", unit: "perMillion", better: "lower", kind: "outcome", metric: "undefinedEntry" },
  { id: "bogusUnknown", label: "bogus SEAMCALLs with an unknown answer", unit: "perMillion", better: "lower", kind: "outcome", metric: "bogusUnknown" },
  { id: "retryable", label: "TDX can be initialised again without a reboot", unit: "perMillion", better: "higher", kind: "outcome", metric: "retryable" },
];

/** TDH.SYS.LP.INIT: its only outcome is whether TDX comes up. */
export const LP_INIT_AXES: readonly VerdictAxis[] = [
  { id: "tdxUp", label: "TDX comes up", unit: "share", better: "higher", kind: "outcome", metric: "tdxUp" },
];

/** Every axis any verdict uses, for look-ups by id. */
export const VERDICT_AXES: readonly VerdictAxis[] = [...COST_AXES, ...OUTCOME_AXES, ...LP_INIT_AXES];

/** The axes of this scenario's verdict: the costs, then the shutdown's outcomes or, for LP.INIT, whether TDX comes up. */
export function verdictAxes(p: Params): readonly VerdictAxis[] {
  if (p === null || typeof p !== "object" || typeof p.tdx !== "object" || p.tdx === null) throw new TypeError("verdictAxes: p: expected the parameters");
  return [...COST_AXES, ...(p.tdx.operation === "lp_init" ? LP_INIT_AXES : OUTCOME_AXES)];
}

/** -1: A is better, 1: B is, 0: a tie. */
export type Order = -1 | 0 | 1;

/** One strategy's dominance relations with the others of a comparison. */
export interface Dominance {
  /** Per axis (verdictAxes() order): how this strategy compares with each other one. */
  against: Partial<Record<Strategy, Record<string, Order>>>;
  /** Strategies it dominates. */
  dominates: Strategy[];
  /** Strategies that dominate it. */
  dominatedBy: Strategy[];
  /** Strategies it ties with on every axis. */
  tiesWith: Strategy[];
}

function axisValues(s: TrialSamples, strategy: Strategy, axis: string): Float64Array {
  if (axis === "hangRisk") return s.stuck.map((x, t) => Math.min(1, x + s.metrics.deadlockRisk[t]));
  if (axis === "linesAdded") return new Float64Array(s.stuck.length).fill(CODE_SIZE[strategy].linesAdded);
  return s.metrics[axis as Metric];
}

/** Compare A and B on one axis (a tie within the noise or below the materiality thresholds). */
export function compareAxis(a: Float64Array, b: Float64Array, axis: string, v: Params["verdict"]): Order {
  const { mean, se } = pairedDifference(a, b);
  const meta = VERDICT_AXES.find((x) => x.id === axis);
  const higher = meta?.better === "higher";
  if (!Number.isFinite(mean)) {
    // A run that never ends against one that does: the finite one is better.
    const fa = a.every(Number.isFinite), fb = b.every(Number.isFinite);
    return fa === fb ? 0 : fa ? -1 : 1;
  }
  let ma = 0, mb = 0;
  for (let t = 0; t < a.length; t++) { ma += a[t]; mb += b[t]; }
  const larger = Math.max(Math.abs(ma), Math.abs(mb)) / a.length;
  const absolute = meta?.unit === "ns" ? v.materialNs : 0;
  if (Math.abs(mean) <= 2 * se || Math.abs(mean) < Math.max(absolute, v.materialShare * larger) || mean === 0) return 0;
  const sign = mean < 0 ? -1 : 1;
  return (higher ? -sign : sign) as Order;
}

/** Pairwise dominance among the strategies of one Monte Carlo (same trials for all). */
export function dominance(strategies: readonly Strategy[], samples: readonly TrialSamples[], p: Params): Dominance[] {
  const v = p.verdict;
  const axes = verdictAxes(p).map((x) => x.id);
  const values = strategies.map((s, k) => Object.fromEntries(axes.map((a) => [a, axisValues(samples[k], s, a)])));
  return strategies.map((s, i) => {
    const out: Dominance = { against: {}, dominates: [], dominatedBy: [], tiesWith: [] };
    strategies.forEach((o, j) => {
      if (i === j) return;
      const orders = Object.fromEntries(axes.map((a) => [a, compareAxis(values[i][a], values[j][a], a, v)])) as Record<string, Order>;
      out.against[o] = orders;
      const list = Object.values(orders);
      if (list.every((x) => x === 0)) out.tiesWith.push(o);
      else if (list.every((x) => x <= 0)) out.dominates.push(o);
      else if (list.every((x) => x >= 0)) out.dominatedBy.push(o);
    });
    return out;
  });
}

/** How a run's SEAMCALLs relate in time, in one word. */
export type ConcurrencyWord = "none ran" | "a single call" | "one after another" | "overlapping" | "simultaneous";

/**
 * The words for "did the SEAMCALLs run at the same time?" (Peter
 * Zijlstra's question; Thomas Gleixner: "can run concurrently != must run
 * concurrently"), from overlap, never from the spread of start times alone:
 * one after another when no two are ever in flight together; simultaneous
 * when every call that ran is in flight at one moment; overlapping (that
 * is, concurrent) otherwise. A SEAMCALL is in flight from its lock grant,
 * when the leaf starts, until it returns.
 */
export function concurrencyOf(m: { maxInFlight: number; overlapShare: number; coveredLps: number }): { word: ConcurrencyWord; concurrent: boolean } {
  const ran = m.coveredLps;
  if (ran === 0) return { word: "none ran", concurrent: false };
  if (ran === 1) return { word: "a single call", concurrent: false };
  if (m.maxInFlight <= 1) return { word: "one after another", concurrent: false };
  return { word: m.maxInFlight >= ran ? "simultaneous" : "overlapping", concurrent: true };
}
