/**
 * What we don't know, sampled. With params.uncertainty on, every Monte Carlo
 * trial draws each mechanism parameter whose basis in data/parameters.json
 * is "assumption" or "derived" from its plausible range, so the p5-p95 bands
 * hold parameter uncertainty as well as workload randomness.
 *
 * The distribution is triangular with its mode at the scenario's value (the
 * range widened to include that value, so a reader's choice stays the most
 * likely one), taken in log space when the range spans 4x or more, since
 * those ranges are orders of magnitude, not margins. Sourced values,
 * scenario choices and the benefit model's exchange rates are not sampled:
 * they are the reader's to set (the sensitivity analysis moves them).
 */
import type { Params } from "./params/schema.ts";
import { PARAMETER_TABLE } from "./params/defaults.ts";
import { getPath, setPath } from "./params/paths.ts";
import { exp, log, rng } from "./random.ts";

export interface UncertainParameter {
  path: string;
  low: number;
  high: number;
  /** Sampled in log space. */
  logScale: boolean;
}

const MECHANISM = /^(costs\.|tdx\.|workload\.(irqOff|preemptOff|nmi)\.|workload\.deepIdleShare$)/;

/** The parameters uncertainty sampling draws, in data/parameters.json order. */
export const UNCERTAIN_PARAMETERS: readonly UncertainParameter[] = Object.entries(PARAMETER_TABLE)
  .filter(([path, row]) => (row.basis === "assumption" || row.basis === "derived") && MECHANISM.test(path) && typeof row.value === "number")
  .flatMap(([path, row]) => {
    const [low, high] = row.plausible;
    if (low === null || high === null || !(low < high)) return [];
    return [{ path, low, high, logScale: low > 0 && high / low >= 4 }];
  });

/** Inverse CDF of the triangular distribution on [a, b] with mode c. */
export function triangular(u: number, a: number, c: number, b: number): number {
  if (!(b > a)) return c;
  const fc = (c - a) / (b - a);
  return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/** One draw of every uncertain parameter around the scenario p (a new object; p is untouched). */
export function sampleUncertain(p: Params, seed: number): Params {
  const r = rng(seed, 3);
  let q = p;
  for (const u of UNCERTAIN_PARAMETERS) {
    const v = getPath(p, u.path) as number;
    const x = r.next();
    const lo = Math.min(u.low, v), hi = Math.max(u.high, v);
    const drawn = u.logScale && lo > 0
      ? exp(triangular(x, log(lo), log(v), log(hi)))
      : triangular(x, lo, v, hi);
    const x2 = Math.min(hi, Math.max(lo, drawn));
    // Durations stay whole nanoseconds, like every drawn time (machine.ts),
    // unless the range itself is below a nanosecond (a single store).
    q = setPath(q, u.path, u.path.endsWith("Ns") && lo >= 1 ? Math.round(x2) : x2);
  }
  return q;
}
