/**
 * The verdict without dollars: on which axes does one strategy beat another,
 * and where is the difference a tie? A dominates B when it gives at least
 * B's benefit at no greater cost on every axis, and is better on one.
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

/** The cost axes of the dominance analysis, with labels and units, for every consumer. */
export const VERDICT_AXES: readonly { id: string; label: string; unit: "ns" | "share" | "lines"; metric?: Metric }[] = [
  { id: "callerLatencyNs", label: "caller latency", unit: "ns", metric: "callerLatencyNs" },
  { id: "totalCpuNs", label: "CPU time", unit: "ns", metric: "totalCpuNs" },
  { id: "irqOffMaxNs", label: "longest interrupts-off", unit: "ns", metric: "irqOffMaxNs" },
  { id: "disturbanceSumNs", label: "RT/nohz_full disturbance", unit: "ns", metric: "disturbanceSumNs" },
  { id: "stuck", label: "hang risk", unit: "share" },
  { id: "linesAdded", label: "lines of code added", unit: "lines" },
];

/** -1: A is better (cheaper or more benefit), 1: B is, 0: a tie. */
export type Order = -1 | 0 | 1;

/** One strategy's dominance relations with the others of a comparison. */
export interface Dominance {
  /** Per axis (VERDICT_AXES order, then "benefit"): how this strategy compares with each other one. */
  against: Partial<Record<Strategy, Record<string, Order>>>;
  /** Strategies it dominates. */
  dominates: Strategy[];
  /** Strategies that dominate it. */
  dominatedBy: Strategy[];
  /** Strategies it ties with on every axis and on benefit. */
  tiesWith: Strategy[];
}

function axisValues(s: TrialSamples, strategy: Strategy, axis: string): Float64Array {
  if (axis === "stuck") return s.stuck;
  if (axis === "linesAdded") return new Float64Array(s.stuck.length).fill(CODE_SIZE[strategy].linesAdded);
  if (axis === "benefit") return s.metrics.benefitShare.map((b, t) => (s.stuck[t] ? 0 : b));
  return s.metrics[axis as Metric];
}

/** Compare A and B on one axis: lower is better for costs, higher for benefit. */
export function compareAxis(a: Float64Array, b: Float64Array, axis: string, v: Params["verdict"]): Order {
  const { mean, se } = pairedDifference(a, b);
  if (!Number.isFinite(mean)) {
    // A run that never ends against one that does: the finite one is better.
    const fa = a.every(Number.isFinite), fb = b.every(Number.isFinite);
    return fa === fb ? 0 : fa ? -1 : 1;
  }
  let ma = 0, mb = 0;
  for (let t = 0; t < a.length; t++) { ma += a[t]; mb += b[t]; }
  const larger = Math.max(Math.abs(ma), Math.abs(mb)) / a.length;
  const unit = VERDICT_AXES.find((x) => x.id === axis)?.unit;
  const absolute = unit === "ns" ? v.materialNs : 0;
  if (Math.abs(mean) <= 2 * se || Math.abs(mean) < Math.max(absolute, v.materialShare * larger) || mean === 0) return 0;
  const sign = mean < 0 ? -1 : 1;
  return (axis === "benefit" ? -sign : sign) as Order;
}

/** Pairwise dominance among the strategies of one Monte Carlo (same trials for all). */
export function dominance(strategies: readonly Strategy[], samples: readonly TrialSamples[], v: Params["verdict"]): Dominance[] {
  const axes = [...VERDICT_AXES.map((x) => x.id), "benefit"];
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

/**
 * Peter Zijlstra's test of "concurrently": did the SEAMCALLs overlap? They
 * did only if the last one started before the first had finished, i.e. the
 * spread of start times is below one SEAMCALL's duration.
 */
export function concurrency(spreadNs: number, seamcallNs: number): { concurrent: boolean; seamcallsApart: number } {
  const seamcallsApart = seamcallNs > 0 ? spreadNs / seamcallNs : spreadNs > 0 ? Infinity : 0;
  return { concurrent: spreadNs < seamcallNs, seamcallsApart };
}
