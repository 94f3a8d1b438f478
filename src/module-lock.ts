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
 *   CPUID/MSR checks and keyhole init (tdx.lpInitWorkNs).
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

/** The leaf's own work, without the transition and the lock. */
export function leafWorkNs(p: Params): number {
  if (p.tdx.operation === "lp_init") return p.tdx.lpInitWorkNs;
  return p.tdx.moduleVersion === "1.0" ? p.tdx.lpShutdownWorkNs : 0;
}

/** Does the leaf take the module's global lock? (The 1.5 LP.SHUTDOWN stub does not.) */
export function takesLock(p: Params): boolean {
  return p.tdx.operation === "lp_init" || p.tdx.moduleVersion === "1.0";
}

/**
 * SEAMCALL end times for calls entered at ready[i] on online CPU i (NaN or
 * Infinity: never entered). Calls are taken in order of their lock request;
 * the line starts on the caller's CPU.
 */
export function seamcallEnds(d: MachineDraw, p: Params, ready: Float64Array): Float64Array {
  const n = ready.length;
  const half = p.tdx.seamcallNs / 2;
  const work = leafWorkNs(p);
  const end = new Float64Array(n);
  if (!takesLock(p)) {
    for (let i = 0; i < n; i++) end[i] = ready[i] + 2 * half + work;
    return end;
  }
  const order = lockOrder(ready);
  let owner = 0;
  let free = -Infinity;
  for (const i of order) {
    const r = ready[i];
    if (!Number.isFinite(r)) { end[i] = r; continue; }
    const move = lineTransfer(d, p, owner, i);
    const granted = Math.max(r + half, free) + move;
    free = granted;
    owner = i;
    end[i] = granted + work + half;
  }
  return end;
}

/** One SEAMCALL's duration without the lock's line: the transition and the leaf's work. */
export function seamcallDuration(p: Params): number {
  return p.tdx.seamcallNs + leafWorkNs(p);
}

/** One uncontended call on CPU i whose line was last owned by CPU `from`. */
export function seamcallNs(d: MachineDraw, p: Params, i: number, from: number): number {
  return seamcallDuration(p) + (takesLock(p) ? lineTransfer(d, p, from, i) : 0);
}

/**
 * CPU indices in the order their lock requests arrive: by ready time, ties
 * by index (the comparator `ready[a] - ready[b] || a - b`). Linear when the
 * times already ascend (stop_machine's simultaneous calls). When every time
 * is a whole, finite, non-negative number of ns (drawn times are, and
 * integer costs keep them so), a stable LSD radix sort on digits of up to 11 bits
 * gives that order in O(n) passes (5x faster than the comparator at 8,192
 * LPs). Fractional or non-finite times keep the comparator.
 */
export function lockOrder(ready: Float64Array): Uint32Array {
  const n = ready.length;
  let order = new Uint32Array(n);
  let ascending = true, whole = true, max = 0;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    const r = ready[i];
    if (i > 0 && !(r >= ready[i - 1])) ascending = false;
    if (!Number.isInteger(r) || r < 0 || r > Number.MAX_SAFE_INTEGER) whole = false;
    else if (r > max) max = r;
  }
  if (ascending) return order; // equal times are already in index order
  if (!whole) return order.sort((a, b) => ready[a] - ready[b] || a - b);
  // Stable passes from the lowest digit keep equal times in index order.
  // Digits of about log2(n) bits keep the count array no larger than the input.
  const radix = 2 ** Math.min(11, Math.max(6, Math.ceil(Math.log2(n))));
  const mask = radix - 1;
  const count = new Uint32Array(radix);
  let next = new Uint32Array(n);
  for (let scale = 1; scale <= max; scale *= radix) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[Math.floor(ready[i] / scale) & mask]++;
    for (let d = 0, at = 0; d < radix; d++) { const c = count[d]; count[d] = at; at += c; }
    for (let k = 0; k < n; k++) {
      const i = order[k];
      next[count[Math.floor(ready[i] / scale) & mask]++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}
