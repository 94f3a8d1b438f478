/**
 * When each SEAMCALL actually starts. TDX 1.0's TDH.SYS.LP.SHUTDOWN takes
 * the module's global lock shared (tdh_sys_lp_shutdown.c), so calls overlap;
 * the tdx.lockSerialises what-if makes them queue FIFO, one at a time.
 */
export function seamcallStarts(ready: Float64Array, durationNs: number, serialise: boolean): Float64Array {
  if (!serialise) return ready.slice();
  const start = new Float64Array(ready.length);
  const order = Array.from(ready.keys()).sort((a, b) => ready[a] - ready[b] || a - b);
  let free = 0;
  for (const i of order) {
    const r = ready[i];
    if (!Number.isFinite(r)) { start[i] = r; continue; }
    start[i] = Math.max(free, r);
    free = start[i] + durationNs;
  }
  return start;
}
