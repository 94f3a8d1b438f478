/**
 * Sending call-function IPIs and waking kthreads on other CPUs: the two ways
 * a request reaches a remote CPU, shared by all strategies.
 *
 * Socket distance: the per-target costs (CSD enqueue, ICR write, the caller's
 * csd_lock_wait() read) come from a single-socket measurement (Nadav Amit's
 * Haswell marginal), which already holds a same-socket cache-line transfer.
 * A target on another socket adds the difference between a cross-socket and
 * a same-socket transfer to each line that crosses: the llist_add onto its
 * call_single_queue, the IPI message, and the caller's read of its CSD flag.
 */
import type { Params } from "./params/schema.ts";
import type { RunRecord } from "./run.ts";
import type { MachineDraw } from "./machine.ts";
import { CFS, RT } from "./machine.ts";
import { f64 } from "./arena.ts";

/** Idle CPUs pay their drawn wake-up latency before they can react (0 when busy). */
export function idleExit(d: MachineDraw, i: number): number {
  return d.idleWakeNs[i];
}

/** What one cache line costs to cross from CPU a's socket to CPU b's, beyond a same-socket transfer. */
export function remotePremium(d: MachineDraw, p: Params, a: number, b: number): number {
  return d.socket[a] === d.socket[b] ? 0 : p.costs.remoteLineTransferNs - p.costs.lineTransferNs;
}

/** A full cache-line transfer between two CPUs (0 on the same CPU). */
export function lineTransfer(d: MachineDraw, p: Params, a: number, b: number): number {
  if (a === b) return 0;
  return d.socket[a] === d.socket[b] ? p.costs.lineTransferNs : p.costs.remoteLineTransferNs;
}

/**
 * When the IPI to each target leaves the caller in smp_call_function_many_cond()
 * (kernel/smp.c): all CSDs are queued first, then native_send_call_func_ipi()
 * (arch/x86/kernel/apic/ipi.c) writes the ICR: once with the 'all but self'
 * shorthand when allowed and the mask is every online CPU, once per cluster
 * of 16 LPs in x2APIC cluster mode, else once per target.
 */
export function sendCallFunctionIpis(d: MachineDraw, p: Params, startNs: number): { sentAt: Float64Array; endNs: number; firstWriteNs: number } {
  const n = d.cpu.length;
  const icr = p.costs.icrWriteNs;
  const sentAt = f64(n);
  // Each llist_add onto a target's queue owned by another socket pulls the line across.
  let t = startNs;
  for (let i = 1; i < n; i++) t += remotePremium(d, p, 0, i);
  // send_call_function_ipi_mask() traces ipi_send_cpumask here, before the first ICR write.
  const firstWriteNs = t;
  if (n > 1 && d.shorthand) {
    t += icr;
    sentAt.fill(t, 1);
  } else if (p.kernel.apicMode === "cluster") {
    // x2apic_cluster.c: collapse the mask to one write per cluster, in CPU order of first appearance.
    const done = new Map<number, number>();
    for (let i = 1; i < n; i++) {
      const c = d.cluster[i];
      let at = done.get(c);
      if (at === undefined) { t += icr; at = t; done.set(c, at); }
      sentAt[i] = at;
    }
  } else {
    for (let i = 1; i < n; i++) sentAt[i] = t += icr;
  }
  return { sentAt, endNs: t, firstWriteNs };
}

/**
 * A call-function IPI sent at sentNs: when it arrives. Its handler starts
 * once the CPU's interrupts are on: arriveNs + d.blockedNs[i] (handlerStart).
 * Numbers, not an object: one object per CPU per run was most of the
 * kernel's garbage on big machines.
 */
export function ipiArrival(d: MachineDraw, p: Params, i: number, sentNs: number): number {
  return sentNs + p.costs.ipiDeliveryNs + remotePremium(d, p, 0, i) + idleExit(d, i);
}

/** When the handler of an IPI that arrived at arriveNs on CPU i starts. */
export function handlerStart(d: MachineDraw, i: number, arriveNs: number): number {
  return arriveNs + d.blockedNs[i];
}

/** What wakeKthread() found; one shared record, overwritten by each call (read it before the next). */
export interface KthreadWake { arriveNs: number; irqNs: number; irqEndNs: number; runNs: number }
const WAKE: KthreadWake = { arriveNs: 0, irqNs: 0, irqEndNs: 0, runNs: 0 };

export type WakePolicy = "normal" | "stop";

/**
 * A kthread woken on remote CPU i at sentNs by try_to_wake_up(): the wake-up
 * IPI's handler runs once the CPU's IRQs are on, and the thread runs after
 * the measured cross-CPU wake-up-and-switch time, plus what the CPU's load
 * adds for a SCHED_NORMAL thread (kworker, cpuhp/N): a busy CPU's wake-up
 * latency, an RT hog's remaining budget until throttling. The stopper
 * (stop_sched_class) preempts every task, but not a non-preemptible section:
 * IRQs-off and preempt-off sections delay it. (The busy-CPU wake-up latency
 * of a kworker is measured, preempt-off sections included: not added again.)
 */
export function wakeKthread(d: MachineDraw, p: Params, i: number, sentNs: number, policy: WakePolicy): Readonly<KthreadWake> {
  const c = p.costs;
  const arriveNs = ipiArrival(d, p, i, sentNs);
  const handlerNs = handlerStart(d, i, arriveNs);
  const irqEndNs = handlerNs + c.hardirqNs + c.csdHandlingNs;
  const s = d.state[i];
  const load = policy === "stop" ? d.preemptOffNs[i] : s === CFS ? d.cfsDelayNs[i] : s === RT ? d.rtDelayNs[i] : 0;
  WAKE.runNs = Math.max(irqEndNs, sentNs + c.crossCpuWakeNs + idleExit(d, i) + d.blockedNs[i]) + load;
  WAKE.arriveNs = arriveNs;
  WAKE.irqNs = handlerNs;
  WAKE.irqEndNs = irqEndNs;
  return WAKE;
}

export interface KthreadWakeups {
  /** When the caller has queued every work item. */
  queuedNs: number;
  /** When each CPU's kthread starts running. */
  runNs: Float64Array;
  /** Each CPU's wake-up interrupt (equal start and end on the caller's CPU, which takes none). */
  irqNs: Float64Array;
  irqEndNs: Float64Array;
  /** Longest time from queueing to running. */
  longestWaitNs: number;
}

/**
 * Queue a work item on every online CPU in order, each waking that CPU's
 * kthread (schedule_work_on() for kworkers, cpu_stop_queue_work() for
 * stoppers). The caller's own kthread runs once the caller goes to sleep
 * waiting for them all. Records the wake-up lanes.
 */
export function queueOnEveryCpu(d: MachineDraw, p: Params, rec: RunRecord, policy: WakePolicy): KthreadWakeups {
  const c = p.costs;
  const n = d.cpu.length;
  const queuedNs = n * c.queueWorkNs;
  const runNs = f64(n);
  const irqNs = f64(n);
  const irqEndNs = f64(n);
  rec.seg(0, "queue", 0, queuedNs);
  runNs[0] = queuedNs + c.contextSwitchNs;
  irqNs[0] = irqEndNs[0] = queuedNs;
  rec.seg(0, "switch", queuedNs, runNs[0]);
  let longestWaitNs = 0;
  for (let i = 1; i < n; i++) {
    const sent = (i + 1) * c.queueWorkNs;
    const w = wakeKthread(d, p, i, sent, policy);
    runNs[i] = w.runNs;
    irqNs[i] = w.irqNs;
    irqEndNs[i] = w.irqEndNs;
    if (w.runNs - sent > longestWaitNs) longestWaitNs = w.runNs - sent;
    rec.seg(i, "ipi-pending", sent, w.arriveNs);
    rec.seg(i, "irq-off", w.arriveNs, w.irqNs);
    rec.seg(i, "hardirq", w.irqNs, w.irqEndNs);
    rec.seg(i, "wait-kthread", w.irqEndNs, w.runNs - c.contextSwitchNs);
    rec.seg(i, "switch", Math.max(w.irqEndNs, w.runNs - c.contextSwitchNs), w.runNs);
  }
  return { queuedNs, runNs, irqNs, irqEndNs, longestWaitNs };
}
