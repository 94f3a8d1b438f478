/**
 * One smp_call_function_single(cpu, func, info, wait=1) per online CPU, in
 * CPU order: "can run concurrently != must run concurrently" (tglx).
 *
 * Models kernel/smp.c: for the calling CPU, func runs locally with IRQs off;
 * for each other CPU, one CSD is queued, one ICR written, and the caller
 * spins until that CPU's handler has run func. No two calls overlap, so the
 * module's lock line only moves from one CPU to the next.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { handlerStart, ipiArrival, remotePremium } from "../ipi.ts";
import { seamcallNs } from "../module-lock.ts";
import { ipiWatchdogs } from "./watchdogs.ts";

export function serial(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const n = d.cpu.length;
  const own = seamcallNs(d, p, 0, 0);
  rec.seamStart[0] = 0;
  rec.seg(0, "seamcall", 0, own);
  rec.irqOff[0] = own;
  let t = own;
  let sending = 0;
  let longestWait = 0;
  // smp_call_function_single(): get_cpu() .. put_cpu() around each call; preemption is on between calls.
  let longestCall = own;
  for (let i = 1; i < n; i++) {
    const sent = t + c.csdQueueNs + remotePremium(d, p, 0, i) + c.icrWriteNs;
    sending += sent - t;
    rec.seg(0, "queue", t, sent);
    const arriveNs = ipiArrival(d, p, i, sent);
    const handlerNs = handlerStart(d, i, arriveNs);
    const start = handlerNs + c.hardirqNs + c.csdHandlingNs;
    const done = start + seamcallNs(d, p, i, i - 1);
    const seen = done + remotePremium(d, p, i, 0);
    rec.seg(i, "ipi-pending", sent, arriveNs);
    rec.seg(i, "irq-off", arriveNs, handlerNs);
    rec.seg(i, "hardirq", handlerNs, start);
    rec.seg(i, "seamcall", start, done);
    rec.seg(0, "spin", sent, seen);
    rec.seamStart[i] = start;
    rec.irqOff[i] = rec.busy[i] = rec.delay[i] = done - handlerNs;
    if (seen - sent > longestWait) longestWait = seen - sent;
    if (seen - t > longestCall) longestCall = seen - t;
    t = seen;
  }
  rec.callerLatencyNs = rec.callerCpuNs = t;
  rec.callerSpinNs = t - own - sending;
  rec.callerPreemptOffNs = longestCall;
  // Preemption is re-enabled between calls, so only one wait can trip the soft-lockup detector.
  ipiWatchdogs(rec, p, longestWait, longestWait);
}
