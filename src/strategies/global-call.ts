/**
 * One SEAMCALL with global effect: TDH.SYS.SHUTDOWN (leaf 52), as the 2026
 * runtime module update calls it from a single CPU ("Module shutdown has
 * global effect, so it only needs to run on one CPU", Chao Gao).
 *
 * Models intel/tdx-module tdh_sys_shutdown(): take the global lock
 * exclusive, set SYS_SHUTDOWN, loop over all addressable LPs checking
 * lp_is_busy. The leaf exists from module 1.5, and tdx_vmm_dispatcher()
 * lets it through only in SYS_READY: after most failed initialisations it
 * is refused (src/tdx-module.ts decides the effect per failed stage).
 *
 * Simplification: the call is charged its full cost (base + scan of every
 * LP) on 1.5 even where the dispatcher refuses it early; on 1.0, where the
 * leaf does not exist, it costs one SEAMCALL round trip.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";

export function globalCall(d: MachineDraw, p: Params, rec: RunRecord): void {
  const exists = p.tdx.moduleVersion !== "1.0";
  const dur = exists ? p.tdx.sysShutdownBaseNs + d.lps * p.tdx.sysShutdownPerLpNs : p.tdx.seamcallNs;
  // One call with the lock exclusive and no other LP in the module: it starts at once.
  rec.seamcall(0, 0, 0, dur);
  rec.path("seamcall", d.cpu[0], dur);
  rec.irqOff[0] = dur;
  rec.callerLatencyNs = rec.callerCpuNs = rec.callerPreemptOffNs = dur;
}
