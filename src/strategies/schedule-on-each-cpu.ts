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
import { queueOnEveryCpu } from "../ipi.ts";
import { seamcallEnds } from "../module-lock.ts";
import { sleepWatchdogs } from "./watchdogs.ts";

export function scheduleOnEachCpu(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const cs = c.contextSwitchNs;
  const n = d.cpu.length;
  // The caller sleeps in the first flush_work(); its own kworker switches in then.
  const { queuedNs, runNs: ready, irqNs: irqStart, irqEndNs: irqEnd, longestWaitNs: longestWait } = queueOnEveryCpu(d, p, rec, "normal");
  const end = seamcallEnds(d, p, ready);

  for (let i = 0; i < n; i++) {
    const irq = irqEnd[i] - irqStart[i];
    if (!Number.isFinite(ready[i])) {
      // The kworker never runs, but the wake-up interrupt still happened.
      rec.irqOff[i] = rec.busy[i] = rec.delay[i] = irq;
      continue;
    }
    const done = end[i];
    rec.seamStart[i] = ready[i];
    rec.seg(i, "seamcall", ready[i], done);
    rec.seg(i, "switch", done, done + cs);
    rec.irqOff[i] = irq + (done - ready[i]);
    rec.busy[i] = irq + 2 * cs + (done - ready[i]);
    // The kworker preempts a nohz_full task at once; on an RT-hog CPU it only
    // runs while the hog is throttled anyway, so the hog loses just the IRQ.
    rec.delay[i] = d.state[i] === ISOLATED ? rec.busy[i] : irq;
  }

  // flush_work() in CPU order: sleep until each item is done, then get woken.
  let t = queuedNs;
  let cpu = queuedNs;
  for (let i = 0; i < n && Number.isFinite(t); i++) {
    const done = end[i];
    if (done > t) {
      rec.seg(0, "sleep", t, done);
      t = done + (i === 0 ? cs : c.crossCpuWakeNs);
      cpu += cs;
    }
  }
  rec.callerCpuNs = cpu;
  // queue_work_on(): local_irq_save() around each queueing; the caller sleeps otherwise.
  rec.callerPreemptOffNs = c.queueWorkNs;
  rec.callerLatencyNs = sleepWatchdogs(rec, p, longestWait, t, true);
}
