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
 * they are the reader's to set (the sensitivity analysis moves them). The
 * failed-stage prior is sampled too: TDH.SYS.TDMR.INIT's share scaled by a
 * factor from its range relative to the default, the other stages in
 * proportion (a prior certain of one stage is not sampled).
 */
import type { Params, StageShares } from "./params/schema.ts";
import { PARAMETER_TABLE } from "./params/defaults.ts";
import { getPath } from "./params/paths.ts";
import { exp, log, rng } from "./random.ts";

/** A parameter uncertainty sampling draws, and its plausible range. */
export interface UncertainParameter {
  /** Its dotted path. */
  path: string;
  /** path split at its dots. */
  keys: readonly string[];
  /** Low end of the plausible range. */
  low: number;
  /** High end of the plausible range. */
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
    return [{ path, keys: path.split("."), low, high, logScale: low > 0 && high / low >= 4 }];
  });

/** Inverse CDF of the triangular distribution on [a, b] with mode c. */
export function triangular(u: number, a: number, c: number, b: number): number {
  if (!(b > a)) return c;
  const fc = (c - a) / (b - a);
  return u < fc ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
}

/** The sections the sampled paths live in, copied once per draw (then written in place). */
function copySections(p: Params): Params {
  const w = p.workload;
  return {
    ...p,
    costs: { ...p.costs },
    tdx: { ...p.tdx },
    workload: { ...w, irqOff: { ...w.irqOff }, preemptOff: { ...w.preemptOff }, nmi: { ...w.nmi } },
  };
}

/**
 * A sampler for scenario p: the ranges, widened to include p's values, and
 * their logs are computed once; each call draws one trial (a new object; p
 * is untouched).
 */
export function uncertaintySampler(p: Params): (seed: number) => Params {
  const plan = UNCERTAIN_PARAMETERS.map((u) => {
    const v = getPath(p, u.path) as number;
    const lo = Math.min(u.low, v), hi = Math.max(u.high, v);
    const logScale = u.logScale && lo > 0;
    return {
      keys: u.keys,
      lo, hi, logScale,
      a: logScale ? log(lo) : lo, c: logScale ? log(v) : v, b: logScale ? log(hi) : hi,
      // Durations stay whole nanoseconds, like every drawn time (machine.ts),
      // unless the range itself is below a nanosecond (a single store).
      round: u.path.endsWith("Ns") && lo >= 1,
    };
  });
  // The failed-stage prior is a count of error paths, not a rate: each trial
  // scales TDH.SYS.TDMR.INIT's share (the one stage where a shutdown can
  // matter) by a factor drawn from its plausible range relative to the
  // default (mode 1), and rescales the others to fill the rest. Relative, so
  // a reader's own prior keeps its shape: a stage the reader rules out stays
  // out, and a prior certain of one stage stays certain.
  const tRow = PARAMETER_TABLE["benefit.failedStage.tdmr_init"];
  const [tLo, tHi] = tRow.plausible;
  const tDef = tRow.value as number;
  const t0 = p.benefit.failedStage.tdmr_init;
  const stage = tLo !== null && tHi !== null && tHi > tLo && tDef > 0 && t0 > 0 && t0 < 1 ? { lo: tLo / tDef, hi: tHi / tDef } : undefined;
  return (seed: number) => {
    const r = rng(seed, 3);
    const q = copySections(p);
    for (const u of plan) {
      const t = triangular(r.next(), u.a, u.c, u.b);
      const x = Math.min(u.hi, Math.max(u.lo, u.logScale ? exp(t) : t));
      let parent = q as unknown as Record<string, Record<string, unknown>>;
      for (let k = 0; k < u.keys.length - 2; k++) parent = parent[u.keys[k]] as unknown as Record<string, Record<string, unknown>>;
      parent[u.keys[u.keys.length - 2]][u.keys[u.keys.length - 1]] = u.round ? Math.round(x) : x;
    }
    // Drawn after every mechanism parameter, so their draws stay as they were.
    if (stage) q.benefit = { ...p.benefit, failedStage: redrawStage(p.benefit.failedStage, Math.min(1, t0 * triangular(r.next(), stage.lo, 1, stage.hi))) };
    return q;
  };
}

/** The stage shares with TDMR.INIT's share set to t and the others scaled to 1 - t. */
function redrawStage(f: StageShares, t: number): StageShares {
  const rest = 1 - f.tdmr_init;
  const k = rest > 0 ? (1 - t) / rest : 0;
  return { sys_init: f.sys_init * k, lp_init: f.lp_init * k, tdmr_build: f.tdmr_build * k, config: f.config * k, key_config: f.key_config * k, tdmr_init: t };
}

/** One draw of every uncertain parameter around the scenario p (a new object; p is untouched). */
export function sampleUncertain(p: Params, seed: number): Params {
  return uncertaintySampler(p)(seed);
}
