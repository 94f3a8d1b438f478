/**
 * schedule_on_each_cpu(func): Peter Zijlstra's suggestion, "no reason to use
 * IPIs and spin-waiting for any of this".
 *
 * Models kernel/workqueue.c: the caller queues one work item per online CPU
 * on system_wq (schedule_work_on, which wakes that CPU's kworker), then calls
 * flush_work() on each in CPU order, sleeping until each is done. The
 * calling CPU's own kworker runs once the caller sleeps in the first flush.
 * A kworker is SCHED_NORMAL: on a CPU hogged by a SCHED_FIFO task it runs
 * only when RT throttling stops the hog, and never if throttling is off.
 *
 * Simplifications: flush_work() on a finished item costs nothing; the
 * caller's wake-ups cost one cross-CPU wake-up (or a local switch for its
 * own CPU's kworker); kworker concurrency management is not modelled.
 */
import type { Params } from "../params/schema.ts";
import { type MachineDraw, ISOLATED } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { idleExit, ipiArrival, queueOnEveryCpu } from "../ipi.ts";
import { seamcallTimes } from "../module-lock.ts";
import { sleepWatchdogs } from "./watchdogs.ts";

export function scheduleOnEachCpu(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const cs = c.contextSwitchNs;
  const n = d.cpu.length;
  // The caller sleeps in the first flush_work(); its own kworker switches in then.
  const { queuedNs, runNs: ready, irqNs: irqStart, irqEndNs: irqEnd, longestWaitNs: longestWait } = queueOnEveryCpu(d, p, rec, "normal");
  const { grant, end, order } = seamcallTimes(d, p, ready);
  rec.seamOrder = order;

  for (let i = 0; i < n; i++) {
    const irq = irqEnd[i] - irqStart[i];
    if (!Number.isFinite(ready[i])) {
      // The kworker never runs, but the wake-up interrupt still happened.
      rec.irqOff[i] = rec.busy[i] = rec.delay[i] = irq;
      continue;
    }
    const done = end[i];
    rec.seamcall(i, ready[i], grant[i], done);
    rec.seg(i, "switch", done, done + cs);
    rec.irqOff[i] = irq + (done - ready[i]);
    rec.busy[i] = irq + 2 * cs + (done - ready[i]);
    // The kworker preempts a nohz_full task at once; on an RT-hog CPU it only
    // runs while the hog is throttled anyway, so the hog loses just the IRQ.
    rec.delay[i] = d.state[i] === ISOLATED ? rec.busy[i] : irq;
  }

  // flush_work() in CPU order: sleep until each item is done, then get woken.
  // The item the caller waited for last (k) is on the critical path.
  let t = queuedNs;
  let cpu = queuedNs;
  let k = -1;
  for (let i = 0; i < n && Number.isFinite(t); i++) {
    const done = end[i];
    if (done > t) {
      rec.seg(0, "sleep", t, done);
      t = done + (i === 0 ? cs : c.crossCpuWakeNs);
      cpu += cs;
      k = i;
    }
  }
  rec.callerCpuNs = cpu;
  // queue_work_on(): local_irq_save() around each queueing; the caller sleeps otherwise.
  rec.callerPreemptOffNs = c.queueWorkNs;
  rec.callerLatencyNs = sleepWatchdogs(rec, p, longestWait, t, true);
  if (rec.pathParts) kthreadPath(rec, d, p, k, queuedNs, ready, irqStart, irqEnd, grant, end, t, rec.callerLatencyNs);
}

/**
 * The critical path of a caller that queued work on every CPU and then
 * waited for CPU k's item (k = -1: it never finished; t: when the caller
 * is back, or Infinity; latencyNs: what the run reports).
 */
function kthreadPath(rec: RunRecord, d: MachineDraw, p: Params, k: number, queuedNs: number, ready: Float64Array, irqStart: Float64Array, irqEnd: Float64Array, grant: Float64Array, end: Float64Array, t: number, latencyNs: number): void {
  // A run that never ends: the caller queued its work, then waits until the last watchdog fires.
  if (k < 0 || !Number.isFinite(t)) { rec.path("send", d.cpu[0], queuedNs); rec.path("stuck", null, latencyNs - queuedNs); return; }
  wakePath(rec, d, p, k, queuedNs, ready, irqStart, irqEnd);
  rec.path("lock-wait", d.cpu[k], grant[k] - ready[k]);
  rec.path("seamcall", d.cpu[k], end[k] - grant[k]);
  rec.path("wake", d.cpu[0], t - end[k]);
}

/**
 * The critical path up to CPU k's kthread running, for work queued on every
 * CPU in turn by queueOnEveryCpu() (k's item sent at (k + 1) queueings; the
 * caller's own, k = 0, once all are queued).
 */
export function wakePath(rec: RunRecord, d: MachineDraw, p: Params, k: number, queuedNs: number, run: Float64Array, irqStart: Float64Array, irqEnd: Float64Array): void {
  if (k === 0) {
    rec.path("send", d.cpu[0], queuedNs);
    rec.path("kthread-wait", d.cpu[0], run[0] - queuedNs);
    return;
  }
  const sent = (k + 1) * p.costs.queueWorkNs;
  const arrive = ipiArrival(d, p, k, sent);
  const exit = idleExit(d, k);
  rec.path("send", d.cpu[0], sent);
  rec.path("delivery", d.cpu[k], arrive - exit - sent);
  rec.path("idle-exit", d.cpu[k], exit);
  rec.path("irq-off", d.cpu[k], irqStart[k] - arrive);
  rec.path("hardirq", d.cpu[k], irqEnd[k] - irqStart[k]);
  rec.path("kthread-wait", d.cpu[k], run[k] - irqEnd[k]);
}
