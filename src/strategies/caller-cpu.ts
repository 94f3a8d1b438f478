/**
 * One TDH.SYS.LP.SHUTDOWN on the CPU that runs tdx_enable(), no IPI, no
 * other CPU involved. Nobody in the thread proposed it. It follows from an
 * implementation detail of module 1.0, not from the leaf's contract
 * ("Prevent further SEAMCALL on the current LP"; 1.5 deprecates the leaf):
 * tdh_sys_lp_shutdown() sets the global sys_state = SYS_SHUTDOWN, so
 * tdx_vmm_dispatcher() answers TDX_SYS_SHUTDOWN on every other LP. Its own
 * LP's HOST_RIP is repointed to shutdown_host_rip, which is unset after a
 * failed TDH.SYS.INIT: that LP's next SEAMCALL then has an undefined entry
 * (src/tdx-module.ts). Not harmless.
 *
 * The caller holds cpus_read_lock() and runs the SEAMCALL with IRQs off,
 * as the kernel's seamcall() wrappers do.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { grantOffsetNs, seamcallNs } from "../module-lock.ts";

export function callerCpu(d: MachineDraw, p: Params, rec: RunRecord): void {
  const dur = seamcallNs(d, p, 0, 0);
  const grant = grantOffsetNs(d, p, 0, 0);
  rec.seamcall(0, 0, grant, dur);
  rec.path("lock-wait", d.cpu[0], grant);
  rec.path("seamcall", d.cpu[0], dur - grant);
  rec.irqOff[0] = dur;
  rec.callerLatencyNs = rec.callerCpuNs = rec.callerPreemptOffNs = dur;
}
