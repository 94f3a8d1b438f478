/**
 * How much simulation a call asks for, and the checks every entry point
 * shares: one formula (workOf), one cap (CAPS.maxWork in ./schema.ts), one
 * error type. Every public function of the kernel throws RangeError for an
 * argument it cannot run, never a TypeError.
 *
 * Work is counted in strategy-runs of one LP. Measured with npm run bench on
 * a 2-core machine (compare() of every strategy and monteCarloAll() of one,
 * 3 to 1,024 LPs, Node 20, 2026-12): a trial of every strategy costs about
 * 150 us and 2.4 us more per LP, a trial of one strategy about 30 us and
 * 0.53 us per LP. So one machine draw (shared by the strategies of a trial)
 * costs about as much as DRAW_COST strategy-runs, and a trial's fixed cost
 * (its seeds, the uncertainty draw, each run's record, outcome and result of
 * some 45 metrics, the summaries) about TRIAL_LPS LPs' worth; a unit is
 * about 0.2 us (155-246 ns by preset: the presets' workloads differ).
 */
import { CAPS, STRATEGIES, type Params, type Strategy } from "./schema.ts";
import { kind } from "./guard.ts";

/** A machine draw costs about this many strategy-runs (npm run bench). */
export const DRAW_COST = 2;
/** A trial's fixed cost, in LPs' worth of strategy-runs (npm run bench). */
export const TRIAL_LPS = 60;

/** The work of one call: trials x (LPs + TRIAL_LPS) x (strategies + DRAW_COST). */
export function workOf(p: Params, strategies: number | readonly Strategy[], trials: number): number {
  if (p === null || typeof p !== "object" || p.machine === null || typeof p.machine !== "object") throw new TypeError(`workOf: p: expected the parameters, got ${kind(p)}`);
  if (typeof strategies === "number") {
    if (!(Number.isInteger(strategies) && strategies >= 1)) throw new RangeError(`workOf: strategies: expected a count of at least 1, got ${String(strategies).slice(0, 40)}`);
  } else if (!Array.isArray(strategies)) throw new TypeError(`workOf: strategies: expected a count or a list of strategies, got ${kind(strategies)}`);
  if (typeof trials !== "number") throw new TypeError(`workOf: trials: expected a number, got ${kind(trials)}`);
  if (!(Number.isFinite(trials) && trials >= 0)) throw new RangeError(`workOf: trials: expected a finite number of at least 0, got ${String(trials).slice(0, 40)}`);
  const m = p.machine;
  const n = typeof strategies === "number" ? strategies : strategies.length;
  return trials * (m.sockets * m.coresPerSocket * m.threadsPerCore + TRIAL_LPS) * (n + DRAW_COST);
}

/** The most trials a call on p with this many strategies may run. */
export function maxTrialsFor(p: Params, strategies: number | readonly Strategy[]): number {
  return Math.min(CAPS.maxTrials, Math.floor(CAPS.maxWork / workOf(p, strategies, 1)));
}

/** Throws when a call would exceed CAPS.maxWork (about 2 s on a 2-core machine, npm run bench). */
export function assertWork(p: Params, strategies: number | readonly Strategy[], trials: number, what = "this call"): void {
  const work = workOf(p, strategies, trials);
  if (work > CAPS.maxWork) {
    throw new RangeError(`${what}: ${Math.round(work)} units of work is above the cap of ${CAPS.maxWork} (CAPS.maxWork, about 2 s); at most ${maxTrialsFor(p, strategies)} trials here`);
  }
}

/** A strategy name, checked against STRATEGIES (own names only: "__proto__" is not one). */
export function assertStrategy(s: unknown, what = "strategy"): asserts s is Strategy {
  if (typeof s !== "string" || !(STRATEGIES as readonly string[]).includes(s)) {
    throw new RangeError(`${what}: unknown strategy ${typeof s === "string" ? JSON.stringify(s.slice(0, 40)) : typeof s}; one of ${STRATEGIES.join(", ")}`);
  }
}

/** A non-empty list of distinct strategies. */
export function assertStrategies(list: unknown, what = "strategies"): asserts list is readonly Strategy[] {
  if (!Array.isArray(list) || list.length === 0) throw new RangeError(`${what}: expected a non-empty list of strategies; one of ${STRATEGIES.join(", ")}`);
  for (const s of list) assertStrategy(s, what);
  if (new Set(list).size !== list.length) throw new RangeError(`${what}: a strategy is listed twice`);
}

/** A whole number of trials in 1..CAPS.maxTrials. */
export function assertTrials(trials: unknown, what = "trials"): asserts trials is number {
  if (typeof trials !== "number" || !Number.isInteger(trials) || trials < 1 || trials > CAPS.maxTrials) {
    throw new RangeError(`${what}: ${String(trials).slice(0, 40)} is outside 1..${CAPS.maxTrials} (CAPS.maxTrials)`);
  }
}
