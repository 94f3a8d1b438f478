/**
 * A CPU-hotplug state callback: cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, ...,
 * startup) runs startup on every online CPU in turn, each time kicking that
 * CPU's cpuhp/N thread and sleeping until it is done (cpuhp_issue_call ->
 * cpuhp_invoke_ap_callback -> __cpuhp_kick_ap, kernel/cpu.c). Mainline KVM
 * ran TDH.SYS.LP.INIT this way (tdx_online_cpu() wraps it in
 * local_irq_save/restore).
 *
 * cpuhp/N is an smpboot thread with no RT policy, so, like a kworker, it
 * waits for RT throttling on an RT-hog CPU. Simplifications: the per-step
 * bookkeeping of the hotplug state machine is folded into the wake-ups; the
 * local CPU's thread costs one local switch each way.
 */
import type { Params } from "../params/schema.ts";
import { type MachineDraw, ISOLATED } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { idleExit, wakeKthread } from "../ipi.ts";
import { grantOffsetNs, seamcallNs } from "../module-lock.ts";
import { sleepWatchdogs } from "./watchdogs.ts";

export function cpuhp(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const cs = c.contextSwitchNs;
  const n = d.cpu.length;
  let t = 0;
  let longestWait = 0;
  let kicks = 0;
  // Every CPU's step is on the critical path, one after another.
  rec.pathChain = true;
  let stuckAt = NaN;
  for (let i = 0; i < n; i++) {
    kicks++;
    const seam = seamcallNs(d, p, i, i > 0 ? i - 1 : 0);
    let run: number;
    let irq = 0;
    if (i === 0) {
      run = t + cs;
      rec.seg(0, "switch", t, run);
      rec.path("kthread-wait", d.cpu[0], cs);
    } else {
      const w = wakeKthread(d, p, i, t, "normal");
      run = w.runNs;
      irq = w.irqEndNs - w.irqNs;
      if (rec.pathParts && Number.isFinite(run)) {
        const exit = idleExit(d, i);
        rec.path("delivery", d.cpu[i], w.arriveNs - exit - t);
        rec.path("idle-exit", d.cpu[i], exit);
        rec.path("irq-off", d.cpu[i], w.irqNs - w.arriveNs);
        rec.path("hardirq", d.cpu[i], w.irqEndNs - w.irqNs);
        rec.path("kthread-wait", d.cpu[i], run - w.irqEndNs);
      }
      rec.seg(i, "ipi-pending", t, w.arriveNs);
      rec.seg(i, "irq-off", w.arriveNs, w.irqNs);
      rec.seg(i, "hardirq", w.irqNs, w.irqEndNs);
      rec.seg(i, "wait-kthread", w.irqEndNs, run - cs);
      rec.seg(i, "switch", Math.max(w.irqEndNs, run - cs), run);
      rec.seg(0, "sleep", t, Number.isFinite(run) ? run + seam : t);
    }
    if (run - t > longestWait) longestWait = run - t;
    if (!Number.isFinite(run)) {
      // cpuhp/N never runs; the wake-up interrupt still happened, and the caller waits forever.
      rec.irqOff[i] = rec.busy[i] = rec.delay[i] = irq;
      stuckAt = t;
      t = run;
      break;
    }
    const done = run + seam;
    const grant = run + grantOffsetNs(d, p, i, i > 0 ? i - 1 : 0);
    rec.seamcall(i, run, grant, done);
    rec.path("lock-wait", d.cpu[i], grant - run);
    rec.path("seamcall", d.cpu[i], done - grant);
    rec.path("wake", d.cpu[0], i === 0 ? cs : c.crossCpuWakeNs);
    rec.seg(i, "switch", done, done + cs);
    rec.irqOff[i] = irq + seam;
    rec.busy[i] = irq + 2 * cs + seam;
    rec.delay[i] = d.state[i] === ISOLATED ? rec.busy[i] : irq;
    t = done + (i === 0 ? cs : c.crossCpuWakeNs);
  }
  // The caller only switches out and back in per CPU; it sleeps the rest.
  rec.callerCpuNs = kicks * cs;
  rec.callerLatencyNs = sleepWatchdogs(rec, p, longestWait, t, false);
  if (stuckAt === stuckAt) rec.path("stuck", null, rec.callerLatencyNs - stuckAt);
}
