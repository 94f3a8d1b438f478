/**
 * Machine draws kept across calls, part by part. drawMachine() is made of
 * parts (machine.ts DrawParts: topology, states, interrupts-off and NMI
 * sections, busy-CPU delays, idle wake-ups), each reading only the
 * parameters DRAW_PART_INPUTS names, the seed and the parts before it. A
 * DrawCache keys each part by those, so a change redraws only the parts
 * that read it: after a change to a cost the draw does not read, the TDX
 * module or a benefit input, nothing is drawn (on a 4,096-LP machine, a
 * quarter of a run of every strategy); after one to workload.irqOff, only
 * the interrupts-off sections. With uncertainty on, each trial's sampled
 * parameters are keyed, and they only move where the reader's change does
 * (each is sampled from its own uniform).
 *
 * Draws and their parts are read-only once drawn (every strategy of a trial
 * already shares one draw), so sharing them across calls changes no
 * result. The least recently used parts leave first, beyond maxLps online
 * LPs per part.
 */
import type { Params } from "./params/schema.ts";
import { getPath } from "./params/paths.ts";
import { DRAW_PARTS, DRAW_PART_INPUTS, type DrawParts, type MachineDraw, drawWith, onlineCount } from "./machine.ts";

/** Online LPs kept per part by default: 2^18 LPs of every part hold about 12 MB (45 bytes an LP). */
export const DRAW_CACHE_LPS = 1 << 18;

type Part = keyof DrawParts;
const PARTS = Object.keys(DRAW_PART_INPUTS) as Part[];

/** The values a part reads, as a key. */
function inputsKey(q: Params, part: Part): string {
  return JSON.stringify(DRAW_PART_INPUTS[part].map((path) => getPath(q, path)));
}

/** A map that forgets its least recently used entries beyond a total size. */
class Recent<T> {
  private readonly kept = new Map<string, { value: T; size: number }>();
  private total = 0;
  constructor(private readonly max: number) {}
  get(key: string): T | undefined {
    const e = this.kept.get(key);
    if (!e) return undefined;
    this.kept.delete(key); // re-inserted: a Map iterates oldest first
    this.kept.set(key, e);
    return e.value;
  }
  set(key: string, value: T, size: number): void {
    this.kept.set(key, { value, size });
    this.total += size;
    for (const [k, e] of this.kept) {
      if (this.total <= this.max || k === key) break;
      this.kept.delete(k);
      this.total -= e.size;
    }
  }
  get size(): number {
    return this.total;
  }
}

/** drawMachine() with a memory: see the module comment. */
export class DrawCache {
  /** Draws that drew no part. */
  hits = 0;
  /** Draws that drew at least one part. */
  misses = 0;
  /** Parts drawn, by part. */
  readonly drawn: Record<keyof DrawParts, number> = { topology: 0, states: 0, blocked: 0, busy: 0, idle: 0 };
  private readonly kept: Record<Part, Recent<unknown>>;

  /** A cache that keeps up to maxLps online LPs of each part. */
  constructor(maxLps: number = DRAW_CACHE_LPS) {
    this.kept = Object.fromEntries(PARTS.map((part) => [part, new Recent(maxLps)])) as Record<Part, Recent<unknown>>;
  }

  /** drawMachine(q, seed), from the parts kept where their inputs are unchanged. */
  readonly draw = (q: Params, seed: number): MachineDraw => {
    let drew = false;
    const keep = <T>(part: Part, key: string, n: number, make: () => T): T => {
      const kept = this.kept[part].get(key) as T | undefined;
      if (kept !== undefined) return kept;
      drew ||= part !== "topology"; // a topology has no randomness: not a draw
      this.drawn[part]++;
      const value = make();
      this.kept[part].set(key, value, n);
      return value;
    };
    const topologyKey = inputsKey(q, "topology");
    const statesKey = `${seed}|${topologyKey}|${inputsKey(q, "states")}`;
    const parts: DrawParts = {
      topology: (m) => keep("topology", topologyKey, onlineCount(m), () => DRAW_PARTS.topology(m)),
      states: (p, t, s) => keep("states", statesKey, t.n, () => DRAW_PARTS.states(p, t, s)),
      blocked: (p, n, s) => keep("blocked", `${statesKey}|${inputsKey(q, "blocked")}`, n, () => DRAW_PARTS.blocked(p, n, s)),
      busy: (p, s) => keep("busy", `${statesKey}|${inputsKey(q, "busy")}`, s.state.length, () => DRAW_PARTS.busy(p, s)),
      idle: (p, s) => keep("idle", `${statesKey}|${inputsKey(q, "idle")}`, s.state.length, () => DRAW_PARTS.idle(p, s)),
    };
    const d = drawWith(q, seed, parts);
    if (drew) this.misses++;
    else this.hits++;
    return d;
  };

  /** Online LPs kept, summed over the parts. */
  get size(): number {
    return PARTS.reduce((a, part) => a + this.kept[part].size, 0);
  }
}
