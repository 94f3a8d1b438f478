/**
 * on_each_cpu(func, info, wait=1): the v7 patch's seamcall_on_each_cpu().
 *
 * Models kernel/smp.c as of 2022: on_each_cpu_cond_mask() disables
 * preemption and calls smp_call_function_many_cond(), which queues one CSD
 * per online target, sends the IPIs, runs func locally with IRQs off, then
 * spins in csd_lock_wait() on every CSD in CPU order. A target takes the IPI
 * only once its IRQs are on, and runs func in hardirq context. The module's
 * shared lock meets the concurrent calls on one cache line (module-lock.ts).
 *
 * Simplifications: a target's CSD is released at the end of its handler
 * (hardirq entry and exit are charged before func); idle targets take a
 * real IPI (no polling-idle shortcut); the caller never gets an NMI; reading
 * each CSD flag costs the caller only the cross-socket premium (ipi.ts).
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { handlerStart, idleExit, ipiArrival, remotePremium, sendCallFunctionIpis } from "../ipi.ts";
import { seamcallTimes } from "../module-lock.ts";
import { ipiWatchdogs } from "./watchdogs.ts";
import { f64 } from "../arena.ts";

export function onEachCpu(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const n = d.cpu.length;
  const queuedNs = (n - 1) * c.csdQueueNs;
  const { sentAt, endNs: sentNs, firstWriteNs } = sendCallFunctionIpis(d, p, queuedNs);
  rec.sendStartNs = firstWriteNs;
  rec.seg(0, "queue", 0, sentNs);

  const ready = f64(n);
  const handler = f64(n);
  const arrive = f64(n);
  ready[0] = sentNs;
  for (let i = 1; i < n; i++) {
    const arriveNs = (arrive[i] = ipiArrival(d, p, i, sentAt[i]));
    const handlerNs = handlerStart(d, i, arriveNs);
    handler[i] = handlerNs;
    ready[i] = handlerNs + c.hardirqNs + c.csdHandlingNs;
    rec.seg(i, "ipi-pending", sentAt[i], arriveNs);
    rec.seg(i, "irq-off", arriveNs, handlerNs);
    rec.seg(i, "hardirq", handlerNs, ready[i]);
  }
  const { grant, end, order } = seamcallTimes(d, p, ready);
  rec.seamOrder = order;

  for (let i = 0; i < n; i++) {
    rec.seamcall(i, ready[i], grant[i], end[i]);
    if (i > 0) rec.irqOff[i] = rec.busy[i] = rec.delay[i] = end[i] - handler[i];
  }
  const localDone = end[0];
  rec.irqOff[0] = localDone - sentNs;
  // csd_lock_wait() on each CSD in CPU order: wait for its release, then read
  // the flag. The CSD the caller waited for last (k) is on the critical path.
  let t = localDone, k = 0;
  for (let i = 1; i < n; i++) {
    if (end[i] >= t) k = i;
    t = Math.max(t, end[i]) + remotePremium(d, p, i, 0);
  }
  rec.seg(0, "spin", localDone, t);
  if (rec.pathParts) {
    if (k === 0) rec.path("send", d.cpu[0], sentNs);
    else {
      rec.path("send", d.cpu[0], sentAt[k]);
      const exit = idleExit(d, k);
      rec.path("delivery", d.cpu[k], arrive[k] - exit - sentAt[k]);
      rec.path("idle-exit", d.cpu[k], exit);
      rec.path("irq-off", d.cpu[k], handler[k] - arrive[k]);
      rec.path("hardirq", d.cpu[k], ready[k] - handler[k]);
    }
    rec.path("lock-wait", d.cpu[k], grant[k] - ready[k]);
    rec.path("seamcall", d.cpu[k], end[k] - grant[k]);
    rec.path("spin", d.cpu[0], t - end[k]);
  }
  // The caller is busy throughout: preemption is off and csd_lock_wait() spins.
  // on_each_cpu_cond_mask(): preempt_disable() around the whole call.
  rec.callerLatencyNs = rec.callerCpuNs = rec.callerPreemptOffNs = t;
  rec.callerSpinNs = t - localDone;
  ipiWatchdogs(rec, p, t - sentNs, t);
}
