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
 * (ack_state), so acks serialise on that cache line; the last ack of RUN
 * sets MULTI_STOP_EXIT. Each CPU turns its IRQs back on (local_irq_restore)
 * as soon as it sees EXIT, after one ack nobody waits for: IRQs are off from
 * DISABLE_IRQ until EXIT is set. Each CPU is stalled from the moment its
 * stopper runs until it has acked EXIT.
 *
 * Simplifications: the caller's own stopper runs when the caller sleeps in
 * wait_for_completion(); each ack costs stopperAckNs; the caller is woken
 * when the last stopper has acked EXIT.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { queueOnEveryCpu } from "../ipi.ts";
import { wakePath } from "./schedule-on-each-cpu.ts";
import { seamcallTimes } from "../module-lock.ts";
import { stopperWatchdogs } from "./watchdogs.ts";
import { f64, u32 } from "../arena.ts";

export function stopMachine(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const cs = c.contextSwitchNs;
  const n = d.cpu.length;
  const step = n * c.stopperAckNs;
  // Stoppers are stop_sched_class: nothing but an IRQs-off section delays them.
  const { queuedNs, runNs: run, irqNs: irqAt, irqEndNs } = queueOnEveryCpu(d, p, rec, "stop");
  const irq = f64(n);
  for (let i = 0; i < n; i++) irq[i] = irqEndNs[i] - irqAt[i];

  // MULTI_STOP_PREPARE ends when the last stopper has arrived and acked.
  const t1 = lastAck(run, c.stopperAckNs);
  const t2 = t1 + step; // every CPU has disabled IRQs and acked DISABLE_IRQ
  const { grant, end, order } = seamcallTimes(d, p, f64(n).fill(t2));
  rec.seamOrder = order;
  const t3 = lastAck(end, c.stopperAckNs); // the last RUN ack sets EXIT: IRQs back on
  const t4 = t3 + step; // every CPU has acked EXIT; the stoppers return

  let longestStall = 0;
  for (let i = 0; i < n; i++) {
    rec.seg(i, "spin", run[i], t1);
    rec.seg(i, "rendezvous", t1, t2);
    // Every CPU enters at t2; the leaves start one lock grant after another.
    rec.seamcall(i, t2, grant[i], end[i]);
    rec.seg(i, "rendezvous", end[i], t3);
    rec.seg(i, "spin", t3, t4);
    rec.seg(i, "switch", t4, t4 + cs);
    rec.irqOff[i] = irq[i] + (t3 - t1);
    rec.busy[i] = irq[i] + (t4 + cs - run[i]) + (i === 0 ? cs : 0);
    rec.delay[i] = t4 + cs - irqAt[i];
    longestStall = Math.max(longestStall, t4 - run[i]);
  }
  rec.seg(0, "sleep", run[0], t4 + cs);
  rec.callerCpuNs = queuedNs + cs;
  // queue_stop_cpus_work(): preempt_disable() while it queues every stopper's work.
  rec.callerPreemptOffNs = queuedNs;
  rec.callerLatencyNs = t4 + cs;
  if (rec.pathParts) {
    // The stopper that ran last sets the rendezvous; the SEAMCALL that returned last, its end.
    let k = 0, j = 0;
    for (let i = 1; i < n; i++) { if (run[i] > run[k]) k = i; if (end[i] > end[j]) j = i; }
    wakePath(rec, d, p, k, queuedNs, run, irqAt, irqEndNs);
    rec.path("rendezvous", d.cpu[k], t2 - run[k]);
    rec.path("lock-wait", d.cpu[j], grant[j] - t2);
    rec.path("seamcall", d.cpu[j], end[j] - grant[j]);
    rec.path("rendezvous", d.cpu[j], t4 - end[j]);
    rec.path("wake", d.cpu[0], cs);
  }
  stopperWatchdogs(rec, p, t3 - t1, longestStall);
}

/**
 * When the last of CPUs arriving at times[] has acked, acks serialising on
 * one line: t = max(t, a) + ackNs over the arrivals in time order, which
 * unrolls to the largest a + (arrivals at or after a) x ackNs. Linear: an
 * arrival more than n acks before the latest cannot be that largest, and
 * of the arrivals within one ack of each other the earliest is (it counts
 * all of them), so one bucket per ack of the last n acks suffices. Exact,
 * like the recurrence, when every time and the ack are whole ns; otherwise
 * the recurrence over sorted times.
 */
export function lastAck(times: Float64Array, ackNs: number): number {
  const n = times.length;
  let latest = -Infinity, whole = Number.isInteger(ackNs) && ackNs > 0;
  for (let i = 0; i < n; i++) {
    const a = times[i];
    if (!Number.isInteger(a)) whole = false;
    if (a > latest) latest = a;
  }
  if (!whole || latest + (n + 1) * ackNs > Number.MAX_SAFE_INTEGER) {
    const order = Float64Array.from(times).sort();
    let t = -Infinity;
    for (const a of order) t = Math.max(t, a) + ackNs;
    return t;
  }
  const from = latest - n * ackNs;
  const earliest = f64(n + 1).fill(Infinity);
  const count = u32(n + 1);
  for (let i = 0; i < n; i++) {
    const a = times[i];
    if (a < from) continue;
    const b = Math.floor((a - from) / ackNs);
    count[b]++;
    if (a < earliest[b]) earliest[b] = a;
  }
  let t = -Infinity;
  for (let b = n, atOrAfter = 0; b >= 0; b--) {
    if (count[b] === 0) continue;
    atOrAfter += count[b];
    t = Math.max(t, earliest[b] + atOrAfter * ackNs);
  }
  return t;
}
