/**
 * One TDH.SYS.LP.SHUTDOWN on the CPU that runs tdx_enable(), no IPI, no
 * other CPU involved. Nobody in the thread proposed it; the module source
 * shows it is enough on 1.0: tdh_sys_lp_shutdown() sets the global
 * sys_state = SYS_SHUTDOWN, and tdx_vmm_dispatcher() then answers
 * TDX_SYS_SHUTDOWN to every other leaf on every LP (src/tdx-module.ts).
 * Only this LP's HOST_RIP is repointed, which nothing depends on.
 *
 * The caller holds cpus_read_lock() and runs the SEAMCALL with IRQs off,
 * as the kernel's seamcall() wrappers do.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { seamcallNs } from "../module-lock.ts";

export function callerCpu(d: MachineDraw, p: Params, rec: RunRecord): void {
  const dur = seamcallNs(d, p, 0, 0);
  rec.seamStart[0] = 0;
  rec.seg(0, "seamcall", 0, dur);
  rec.irqOff[0] = dur;
  rec.callerLatencyNs = rec.callerCpuNs = dur;
}
