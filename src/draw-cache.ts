/**
 * Machine draws kept across calls. drawMachine(q, seed) reads only the
 * parameters DRAW_INPUTS names (machine.ts; a test holds the code to it), so
 * a draw is keyed by their values and the seed. A caller that asks again
 * after changing anything else (a cost the draw does not read, the TDX
 * module, a benefit input) gets the same draw back without drawing: on a
 * 4,096-LP machine, a quarter of a run of every strategy. With uncertainty
 * on, each trial's sampled parameters are keyed, so the draws are reused
 * when the sampled draw inputs are the same, as they are when only other
 * parameters changed (each is sampled from its own uniform).
 *
 * Draws are read-only once drawn (every strategy of a trial already shares
 * one), so sharing one across calls changes no result. The least recently
 * used draws leave first, beyond maxLps online LPs in all.
 */
import type { Params } from "./params/schema.ts";
import { PARAM_PATHS } from "./params/parse.ts";
import { getPath } from "./params/paths.ts";
import { type MachineDraw, drawMachine, drawReads } from "./machine.ts";

/** The leaf paths drawMachine() reads, in schema order. */
const DRAW_PATHS: readonly string[] = PARAM_PATHS.filter(drawReads);

/** Online LPs kept by default: about 14 MB of draws (53 bytes an LP). */
export const DRAW_CACHE_LPS = 1 << 18;

/** drawMachine() with a memory: see the module comment. */
export class DrawCache {
  /** Calls answered from the cache. */
  hits = 0;
  /** Calls that drew. */
  misses = 0;
  private readonly kept = new Map<string, MachineDraw>();
  private lps = 0;

  /** A cache that keeps up to maxLps online LPs of draws. */
  constructor(private readonly maxLps: number = DRAW_CACHE_LPS) {}

  /** drawMachine(q, seed), or the same draw kept from an earlier call. */
  readonly draw = (q: Params, seed: number): MachineDraw => {
    const key = `${seed}|${JSON.stringify(DRAW_PATHS.map((path) => getPath(q, path)))}`;
    const kept = this.kept.get(key);
    if (kept) {
      this.hits++;
      this.kept.delete(key); // re-inserted below: a Map iterates oldest first
      this.kept.set(key, kept);
      return kept;
    }
    this.misses++;
    const d = drawMachine(q, seed);
    this.kept.set(key, d);
    this.lps += d.cpu.length;
    for (const [k, old] of this.kept) {
      if (this.lps <= this.maxLps || old === d) break;
      this.kept.delete(k);
      this.lps -= old.cpu.length;
    }
    return d;
  };

  /** Online LPs of the draws kept. */
  get size(): number {
    return this.lps;
  }
}
