/**
 * How long each SEAMCALL takes, from what the leaf does, and how concurrent
 * calls meet on the module's global lock.
 *
 * A call is the SEAMCALL/SEAMRET transition (tdx.seamcallNs, half on the
 * way in, half on the way out) around the leaf's work:
 * - TDH.SYS.LP.SHUTDOWN, 1.0 (qizhangz/tdx-module tdh_sys_lp_shutdown()):
 *   acquire_sharex_lock_sh(), a single `lock xadd` on the 16-bit global_lock
 *   (src/common/helpers/tdx_locks.h), then a state store, a VMWRITE and an
 *   INVEPT (tdx.lpShutdownWorkNs), then the release, another `lock xadd`.
 * - TDH.SYS.LP.SHUTDOWN, 1.5 (intel/tdx-module): a stub, no lock, no work.
 * - TDH.SYS.LP.INIT (tdh_sys_lp_init()): the same shared lock, then the
 *   CPUID/MSR checks and keyhole init (tdx.lpInitWorkNs), and in
 *   increment_num_of_lps() a `_lock_xadd_32b(&num_of_init_lps, 1)` on a
 *   second shared line, the count TDH.SYS.CONFIG checks (1.0 and 1.5).
 *
 * The shared lock never makes a caller wait for another's SEAMCALL: it is
 * one cache line that every acquiring CPU must own for one atomic. Acquires
 * are granted in the order they are requested, each once the line has moved
 * to the requester (a same- or cross-socket transfer), so N simultaneous
 * calls spread out by N transfers, not by N SEAMCALLs.
 *
 * Simplification: the release's atomic is not charged (uncontended, the line
 * is still in the releasing CPU's cache; contended, it would compete for the
 * line like one more acquire).
 */
import type { Params } from "./params/schema.ts";
import type { MachineDraw } from "./machine.ts";
import { lineTransfer } from "./ipi.ts";
import { f64, u32 } from "./arena.ts";

/** The leaf's own work, without the transition and the lock. */
export function leafWorkNs(p: Params): number {
  if (p.tdx.operation === "lp_init") return p.tdx.lpInitWorkNs;
  return p.tdx.moduleVersion === "1.0" ? p.tdx.lpShutdownWorkNs : 0;
}

/** Does the leaf take the module's global lock? (The 1.5 LP.SHUTDOWN stub does not.) */
export function takesLock(p: Params): boolean {
  return p.tdx.operation === "lp_init" || p.tdx.moduleVersion === "1.0";
}

/** When concurrent SEAMCALLs run: per CPU, the lock grant (the leaf starts) and the end; and the grant order. */
export interface SeamcallTimes {
  /** When the leaf starts: the lock grant, or the entry's first half for a leaf that takes no lock. */
  grant: Float64Array;
  /** When the SEAMCALL returns. */
  end: Float64Array;
  /** CPU indices in grant order; grants and ends both ascend in it. */
  order: Uint32Array;
}

/**
 * SEAMCALL end times for calls entered at ready[i] on online CPU i (NaN or
 * Infinity: never entered). Calls are taken in order of their lock request;
 * the line starts on the caller's CPU.
 */
export function seamcallEnds(d: MachineDraw, p: Params, ready: Float64Array): Float64Array {
  return seamcallTimes(d, p, ready).end;
}

/** seamcallEnds() with the grants and their order (for the overlap of the calls, run.ts). */
export function seamcallTimes(d: MachineDraw, p: Params, ready: Float64Array): SeamcallTimes {
  const n = ready.length;
  // The transition in whole nanoseconds: entry the lower half, exit the rest.
  const half = entryNs(p), out = p.tdx.seamcallNs - half;
  const work = leafWorkNs(p);
  const end = f64(n);
  const grant = f64(n);
  const order = lockOrder(ready);
  if (!takesLock(p)) {
    for (let i = 0; i < n; i++) { grant[i] = ready[i] + half; end[i] = ready[i] + p.tdx.seamcallNs + work; }
    return { grant, end, order };
  }
  const counts = countsLps(p);
  let owner = 0, free = -Infinity;
  // LP.INIT's num_of_init_lps line, requested at the end of the leaf's work, in grant order.
  let counter = 0, counterFree = -Infinity;
  for (const i of order) {
    const r = ready[i];
    if (!Number.isFinite(r)) { end[i] = grant[i] = r; continue; }
    const granted = Math.max(r + half, free) + lineTransfer(d, p, owner, i);
    grant[i] = granted;
    free = granted;
    owner = i;
    let done = granted + work;
    if (counts) {
      done = Math.max(done, counterFree) + lineTransfer(d, p, counter, i);
      counterFree = done;
      counter = i;
    }
    end[i] = done + out;
  }
  return { grant, end, order };
}

/** From entry to the leaf's start for one uncontended call on CPU i whose lock line was on CPU `from`. */
export function grantOffsetNs(d: MachineDraw, p: Params, i: number, from: number): number {
  return entryNs(p) + (takesLock(p) ? lineTransfer(d, p, from, i) : 0);
}

/** The SEAMCALL's way in, before the leaf asks for the lock: the lower half of the transition, whole ns when it is. */
function entryNs(p: Params): number {
  return Math.floor(p.tdx.seamcallNs / 2);
}

/** One SEAMCALL's duration without the lock's line: the transition and the leaf's work. */
export function seamcallDuration(p: Params): number {
  return p.tdx.seamcallNs + leafWorkNs(p);
}

/** Does the leaf also count itself on the num_of_init_lps line? (LP.INIT only.) */
export function countsLps(p: Params): boolean {
  return p.tdx.operation === "lp_init";
}

/** One uncontended call on CPU i whose lines were last owned by CPU `from`. */
export function seamcallNs(d: MachineDraw, p: Params, i: number, from: number): number {
  const lines = (takesLock(p) ? 1 : 0) + (countsLps(p) ? 1 : 0);
  return seamcallDuration(p) + (lines ? lines * lineTransfer(d, p, from, i) : 0);
}

/**
 * CPU indices in the order their lock requests arrive: by ready time, ties
 * by index (the comparator `ready[a] - ready[b] || a - b`). Linear when the
 * times already ascend (stop_machine's simultaneous calls). Otherwise, on
 * machines of RADIX_MIN_N CPUs or more, a stable LSD radix sort on the high
 * 32 bits of the times' IEEE-754 encoding (sign, exponent and the top 20
 * bits of the mantissa), which order non-negative doubles (+Infinity last)
 * as the numbers do: three passes of at most 11 bits (four of 8 on smaller
 * machines), skipping a digit every time shares. Times that share a high word (equal times, or within about a
 * millionth of each other) are then ordered by their low words: insertion
 * sort for the short runs that is nearly always, the comparator for a long
 * one. Fractional times (the uncertainty sampler draws costs) sort the same
 * way. Negative or NaN times keep the comparator.
 */
export function lockOrder(ready: Float64Array): Uint32Array {
  const n = ready.length;
  let order = u32(n);
  let ascending = true, plain = true;
  const keys = f64(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    const r = ready[i];
    if (i > 0 && !(r >= ready[i - 1])) ascending = false;
    if (!(r >= 0)) plain = false;
    keys[i] = r === 0 ? 0 : r; // -0 has the sign bit set: make it +0
  }
  if (ascending) return order; // equal times are already in index order
  if (!plain || n < RADIX_MIN_N) return order.sort((a, b) => ready[a] - ready[b] || a - b);
  const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  // Bits 0-10, 11-21 and 22-31 of the high word; below WIDE_DIGITS_N CPUs,
  // four bytes (clearing 2,048 counters a pass costs more than the CPUs).
  const digits = n < WIDE_DIGITS_N ? BYTE_DIGITS : WIDE_DIGITS;
  const count = u32(n < WIDE_DIGITS_N ? 1 << 8 : 1 << 11);
  let next = u32(n);
  for (const [shift, bits] of digits) {
    const mask = (1 << bits) - 1;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words[2 * i + HIGH] >>> shift) & mask]++;
    if (count[(words[HIGH] >>> shift) & mask] === n) continue; // one digit for all: order unchanged
    for (let d = 0, at = 0; d <= mask; d++) { const c = count[d]; count[d] = at; at += c; }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[count[(words[2 * i + HIGH] >>> shift) & mask]++] = i;
    }
    [order, next] = [next, order];
  }
  // Runs of one high word, in index order (the radix sort is stable): by low word.
  for (let a = 0; a < n;) {
    const high = words[2 * order[a] + HIGH];
    let b = a + 1;
    while (b < n && words[2 * order[b] + HIGH] === high) b++;
    if (b - a > INSERTION_MAX) {
      order.subarray(a, b).sort((x, y) => words[2 * x + LOW] - words[2 * y + LOW] || x - y);
    } else {
      for (let k = a + 1; k < b; k++) {
        const i = order[k], low = words[2 * i + LOW];
        let j = k - 1;
        for (; j >= a && words[2 * order[j] + LOW] > low; j--) order[j + 1] = order[j];
        order[j + 1] = i;
      }
    }
    a = b;
  }
  return order;
}

const WIDE_DIGITS: readonly (readonly [number, number])[] = [[0, 11], [11, 11], [22, 10]];
const BYTE_DIGITS: readonly (readonly [number, number])[] = [[0, 8], [8, 8], [16, 8], [24, 8]];
/** From this many CPUs, 11-bit digits (measured: bytes are faster at 256-1,024 CPUs, 11 bits at 4,096). */
const WIDE_DIGITS_N = 2048;
/** Runs of one high word up to this long are insertion-sorted. */
const INSERTION_MAX = 16;
/** Below this many CPUs the comparator sort is as fast as the radix passes. */
const RADIX_MIN_N = 128;
/** Index of a double's low and high 32-bit words in a Uint32Array view (0 and 1 on little-endian engines). */
const LOW = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;
