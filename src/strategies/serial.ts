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
import { handlerStart, idleExit, ipiArrival, remotePremium } from "../ipi.ts";
import { grantOffsetNs, seamcallNs } from "../module-lock.ts";
import { ipiWatchdogs } from "./watchdogs.ts";

export function serial(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const n = d.cpu.length;
  const own = seamcallNs(d, p, 0, 0);
  rec.seamcall(0, 0, grantOffsetNs(d, p, 0, 0), own);
  rec.irqOff[0] = own;
  // Every call is on the critical path, one after another.
  rec.pathChain = true;
  rec.path("lock-wait", d.cpu[0], grantOffsetNs(d, p, 0, 0));
  rec.path("seamcall", d.cpu[0], own - grantOffsetNs(d, p, 0, 0));
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
    const grant = start + grantOffsetNs(d, p, i, i - 1);
    rec.seamcall(i, start, grant, done);
    rec.seg(0, "spin", sent, seen);
    if (rec.pathParts) {
      const exit = idleExit(d, i);
      rec.path("send", d.cpu[0], sent - t);
      rec.path("delivery", d.cpu[i], arriveNs - exit - sent);
      rec.path("idle-exit", d.cpu[i], exit);
      rec.path("irq-off", d.cpu[i], handlerNs - arriveNs);
      rec.path("hardirq", d.cpu[i], start - handlerNs);
      rec.path("lock-wait", d.cpu[i], grant - start);
      rec.path("seamcall", d.cpu[i], done - grant);
      rec.path("spin", d.cpu[0], seen - done);
    }
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
