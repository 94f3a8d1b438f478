/**
 * Monte Carlo runs kept across calls (a worker's compare and sensitivity jobs). A scenario's samples
 * (samplesSteps in monte-carlo.ts) depend only on the strategies, the
 * trials and the parameters a run reads: every one but the priceOnly()
 * ones and the default trial count (samePlay() in compare.ts says the same
 * of two scenarios). So after a change to a benefit or verdict input, the
 * analysis' ~120 range ends play exactly as before and are only re-priced:
 * a worker keeps one RunsCache across jobs (docs/workers/jobs.ts), as it
 * keeps a DrawCache, and a compare() after such a change is re-priced too.
 *
 * Samples are read-only once made (sensitivity and compare only read them),
 * so sharing them changes no result. The least recently used leave first,
 * beyond `maxCells` strategy-trials kept (a cell is one trial of one
 * strategy: a float per metric and one for its outcome, 272 bytes with
 * today's 33 metrics).
 */
import type { Params, Strategy } from "./params/schema.ts";
import { PARAM_PATHS } from "./params/parse.ts";
import { priceOnly } from "./compare.ts";
import { type DrawOf, type MonteCarloSamples, samplesSteps } from "./monte-carlo.ts";
import type { Steps } from "./steps.ts";

/** Samples of a scenario, as samplesSteps() makes them; sensitivity() takes one to reuse runs. */
export type SamplesOf = (q: Params, strategies: readonly Strategy[], trials: number, drawOf: DrawOf) => Steps<MonteCarloSamples>;

/**
 * Strategy-trials kept by default: 2^15 cells, about 9 MB. The default
 * scenario's sensitivity analysis (11 strategies, 10 trials) simulates 89
 * scenarios, 9,790 cells: the last few analyses stay, with their previews.
 */
export const RUNS_CACHE_CELLS = 1 << 15;

/** The paths a run reads, split once (a key is built for every range end). */
const PLAY_PATHS = PARAM_PATHS.filter((path) => path !== "trials" && !priceOnly(path)).map((path) => path.split("."));

/** What a scenario's runs depend on, as a key. Leaves are numbers (String() is exact), booleans and enum strings without a "|". */
function playKey(q: Params, strategies: readonly Strategy[], trials: number): string {
  let key = `${strategies.join()}|${trials}|`;
  for (const keys of PLAY_PATHS) {
    let v: unknown = q;
    for (const k of keys) v = (v as Record<string, unknown>)[k];
    key += `${String(v)}|`;
  }
  return key;
}

/** Runs of recent scenarios, answered again for a scenario that plays the same (see the module). */
export class RunsCache {
  readonly #kept = new Map<string, MonteCarloSamples>();
  #cells = 0;
  /** Scenarios simulated (not found kept) since the cache was made. */
  misses = 0;

  /** A cache keeping at most `maxCells` strategy-trials of runs. */
  constructor(readonly maxCells: number = RUNS_CACHE_CELLS) {}

  /** samplesSteps(), answered from the runs kept when a scenario plays the same as one simulated before. */
  readonly samples: SamplesOf = (q, strategies, trials, drawOf) => this.#get(q, strategies, trials, drawOf);

  /** The runs kept for a scenario that plays the same as `q`, if any (now the most recently used). */
  kept(q: Params, strategies: readonly Strategy[], trials: number): MonteCarloSamples | undefined {
    const key = playKey(q, strategies, trials);
    const hit = this.#kept.get(key);
    if (hit) {
      this.#kept.delete(key); // most recently used last
      this.#kept.set(key, hit);
    }
    return hit;
  }

  /** Keep the runs of `q` (made by samplesSteps() or monteCarloSamplesSteps() with these strategies and trials). */
  keep(q: Params, strategies: readonly Strategy[], trials: number, samples: MonteCarloSamples): void {
    const key = playKey(q, strategies, trials);
    if (!this.#kept.has(key)) this.#cells += strategies.length * trials;
    this.#kept.delete(key);
    this.#kept.set(key, samples);
    for (const [k, old] of this.#kept) {
      if (this.#cells <= this.maxCells || k === key) break;
      this.#kept.delete(k);
      this.#cells -= old.samples.length * (old.samples[0]?.stuck.length ?? 0);
    }
  }

  *#get(q: Params, strategies: readonly Strategy[], trials: number, drawOf: DrawOf): Steps<MonteCarloSamples> {
    const hit = this.kept(q, strategies, trials);
    if (hit) return hit;
    this.misses++;
    const samples = yield* samplesSteps(q, strategies, trials, drawOf);
    this.keep(q, strategies, trials, samples);
    return samples;
  }
}
