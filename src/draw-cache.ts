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
 * LPs per part (down to three quarters of it).
 */
import type { Params } from "./params/schema.ts";
import { DRAW_PARTS, DRAW_PART_INPUTS, type DrawParts, type MachineDraw, drawWith, onlineCount } from "./machine.ts";

/** Online LPs kept per part by default: 2^18 LPs of every part hold about 14 MB (53 bytes an LP). */
export const DRAW_CACHE_LPS = 1 << 18;

type Part = keyof DrawParts;
const PARTS = Object.keys(DRAW_PART_INPUTS) as Part[];

/** Each part's input paths, split once (keys are built for every draw). */
const KEY_PATHS = Object.fromEntries(PARTS.map((part) => [part, DRAW_PART_INPUTS[part].map((path) => path.split("."))])) as Record<Part, string[][]>;

/**
 * The values a part reads, as a key. Values are numbers (String() is exact
 * and unique), booleans and enum strings without a "|".
 */
function inputsKey(q: Params, part: Part): string {
  let key = "";
  for (const keys of KEY_PATHS[part]) {
    let v: unknown = q;
    for (const k of keys) v = (v as Record<string, unknown>)[k];
    key += `${String(v)}|`;
  }
  return key;
}

/**
 * A map that forgets its least recently used entries beyond a total size.
 * A hit only stamps the entry (re-inserting it into the Map cost more than
 * the lookup); going over the bound drops the least recently stamped down
 * to three quarters of it, so the sort is paid once per many misses.
 */
class Recent<T> {
  private readonly kept = new Map<string, { value: T; size: number; used: number }>();
  private total = 0;
  private clock = 0;
  constructor(private readonly max: number) {}
  get(key: string): T | undefined {
    const e = this.kept.get(key);
    if (!e) return undefined;
    e.used = ++this.clock;
    return e.value;
  }
  set(key: string, value: T, size: number): void {
    this.kept.set(key, { value, size, used: ++this.clock });
    this.total += size;
    if (this.total <= this.max) return;
    for (const [k, e] of [...this.kept].sort((x, y) => x[1].used - y[1].used)) {
      if (this.total <= 0.75 * this.max) break;
      if (k === key) continue;
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
