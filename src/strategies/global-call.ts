/**
 * One SEAMCALL with global effect: TDH.SYS.SHUTDOWN (leaf 52), as the 2026
 * runtime module update calls it from a single CPU ("Module shutdown has
 * global effect, so it only needs to run on one CPU", Chao Gao).
 *
 * Models intel/tdx-module tdh_sys_shutdown.c: take the global lock
 * exclusive, set SYS_SHUTDOWN, loop over all addressable LPs checking
 * lp_is_busy. The leaf exists from module 1.5; on a 1.0 module the call
 * fails and has no effect. With no TDs running (initialisation failed),
 * no LP is busy, so no stop_machine() is needed around it here.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";

export function globalCall(d: MachineDraw, p: Params, rec: RunRecord): void {
  const supported = p.tdx.moduleVersion !== "1.0";
  const dur = p.tdx.sysShutdownBaseNs + (supported ? d.lps * p.tdx.sysShutdownPerLpNs : 0);
  rec.seg(0, "seamcall", 0, dur);
  rec.irqOff[0] = dur;
  rec.callerLatencyNs = rec.callerCpuNs = dur;
  if (supported) {
    rec.seamStart[0] = 0;
    rec.globalCoverage = d.lps;
  }
}
