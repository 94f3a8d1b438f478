/**
 * on_each_cpu(func, info, wait=1): the v7 patch's seamcall_on_each_cpu().
 *
 * Models kernel/smp.c as of 2022: on_each_cpu_cond_mask() disables
 * preemption and calls smp_call_function_many_cond(), which queues one CSD
 * per online target, sends the IPIs, runs func locally with IRQs off, then
 * spins in csd_lock_wait() on every CSD. A target takes the IPI only once
 * its IRQs are on, and runs func in hardirq context.
 *
 * Simplifications: a target's CSD is released at the end of its handler
 * (hardirq entry and exit are charged before func); idle targets take a
 * real IPI (no polling-idle shortcut); the caller never gets an NMI.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { ipiArrival, sendCallFunctionIpis } from "../ipi.ts";
import { seamcallStarts } from "../module-lock.ts";
import { ipiWatchdogs } from "./watchdogs.ts";

export function onEachCpu(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const n = d.cpu.length;
  const seam = p.tdx.seamcallNs;
  const queuedNs = (n - 1) * c.csdQueueNs;
  const { sentAt, endNs: sentNs } = sendCallFunctionIpis(d, p, queuedNs);
  rec.seg(0, "queue", 0, sentNs);

  const ready = new Float64Array(n);
  const handler = new Float64Array(n);
  ready[0] = sentNs;
  for (let i = 1; i < n; i++) {
    const { arriveNs, handlerNs } = ipiArrival(d, p, i, sentAt[i]);
    handler[i] = handlerNs;
    ready[i] = handlerNs + c.hardirqNs + c.csdHandlingNs;
    rec.seg(i, "ipi-pending", sentAt[i], arriveNs);
    rec.seg(i, "irq-off", arriveNs, handlerNs);
    rec.seg(i, "hardirq", handlerNs, ready[i]);
  }
  const start = seamcallStarts(ready, seam, p.tdx.lockSerialises);

  let lastRemoteNs = 0;
  for (let i = 1; i < n; i++) {
    const done = start[i] + seam;
    rec.seg(i, "spin", ready[i], start[i]);
    rec.seg(i, "seamcall", start[i], done);
    rec.seamStart[i] = start[i];
    rec.irqOff[i] = rec.busy[i] = rec.delay[i] = done - handler[i];
    if (done > lastRemoteNs) lastRemoteNs = done;
  }
  const localDone = start[0] + seam;
  rec.seamStart[0] = start[0];
  rec.seg(0, "spin", sentNs, start[0]);
  rec.seg(0, "seamcall", start[0], localDone);
  rec.irqOff[0] = localDone - sentNs;
  const latency = Math.max(localDone, lastRemoteNs);
  rec.seg(0, "spin", localDone, latency);
  // The caller is busy throughout: preemption is off and csd_lock_wait() spins.
  rec.callerLatencyNs = rec.callerCpuNs = latency;
  rec.callerSpinNs = latency - sentNs - seam;
  ipiWatchdogs(rec, p, latency - sentNs, latency);
}
