/**
 * stop_machine(fn, data, cpu_online_mask): the only way to make the calls
 * truly simultaneous (peterz: "the only way to actually meet that
 * requirement as stated is stop_machine()").
 *
 * Models kernel/stop_machine.c: queue_stop_cpus_work() queues a work on
 * every online CPU's stopper and wakes it; each stopper (stop_sched_class,
 * above every RT task) enters multi_cpu_stop(), which steps through
 * MULTI_STOP_PREPARE, DISABLE_IRQ, RUN and EXIT. Every step ends when all
 * CPUs have acked it with an atomic decrement on one shared counter
 * (ack_state), so acks serialise on that cache line. IRQs are off from
 * DISABLE_IRQ until EXIT on every CPU; each CPU is stalled from the moment
 * its stopper runs until EXIT.
 *
 * Simplifications: the caller's own stopper runs when the caller sleeps in
 * wait_for_completion(); each step's acks cost stopperAckNs per CPU.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { queueOnEveryCpu } from "../ipi.ts";
import { seamcallStarts } from "../module-lock.ts";
import { stopperWatchdogs } from "./watchdogs.ts";

export function stopMachine(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const seam = p.tdx.seamcallNs;
  const cs = c.contextSwitchNs;
  const n = d.cpu.length;
  const step = n * c.stopperAckNs;
  // Stoppers are stop_sched_class: nothing but an IRQs-off section delays them.
  const { queuedNs, runNs: run, irqNs: irqAt, irqEndNs } = queueOnEveryCpu(d, p, rec, "stop");
  const irq = irqEndNs.map((end, i) => end - irqAt[i]);

  // MULTI_STOP_PREPARE ends when the last stopper has arrived and acked.
  const arrivals = Array.from(run).sort((a, b) => a - b);
  let t1 = 0;
  for (const a of arrivals) t1 = Math.max(t1, a) + c.stopperAckNs;
  const t2 = t1 + step; // every CPU has disabled IRQs and acked DISABLE_IRQ
  const start = seamcallStarts(new Float64Array(n).fill(t2), seam, p.tdx.lockSerialises);
  let lastDone = t2;
  for (let i = 0; i < n; i++) lastDone = Math.max(lastDone, start[i] + seam);
  const t3 = lastDone + step; // RUN acked
  const t4 = t3 + step; // EXIT acked: IRQs back on, stoppers return

  let longestStall = 0;
  for (let i = 0; i < n; i++) {
    rec.seamStart[i] = start[i];
    rec.seg(i, "spin", run[i], t1);
    rec.seg(i, "rendezvous", t1, start[i]);
    rec.seg(i, "seamcall", start[i], start[i] + seam);
    rec.seg(i, "rendezvous", start[i] + seam, t4);
    rec.seg(i, "switch", t4, t4 + cs);
    rec.irqOff[i] = irq[i] + (t4 - t1);
    rec.busy[i] = irq[i] + (t4 + cs - run[i]) + (i === 0 ? cs : 0);
    rec.delay[i] = t4 + cs - irqAt[i];
    longestStall = Math.max(longestStall, t4 - run[i]);
  }
  rec.seg(0, "sleep", run[0], t4 + cs);
  rec.callerCpuNs = queuedNs + cs;
  rec.callerLatencyNs = t4 + cs;
  stopperWatchdogs(rec, p, t4 - t1, longestStall);
}
