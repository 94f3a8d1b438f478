/**
 * One smp_call_function_single(cpu, func, info, wait=1) per online CPU, in
 * CPU order: "can run concurrently != must run concurrently" (tglx).
 *
 * Models kernel/smp.c: for the calling CPU, func runs locally with IRQs off;
 * for each other CPU, one CSD is queued, one ICR written, and the caller
 * spins until that CPU's handler has run func. No two calls overlap, so the
 * module lock never contends.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { ipiArrival } from "../ipi.ts";
import { ipiWatchdogs } from "./watchdogs.ts";

export function serial(d: MachineDraw, p: Params, rec: RunRecord): void {
  const c = p.costs;
  const seam = p.tdx.seamcallNs;
  const n = d.cpu.length;
  rec.seamStart[0] = 0;
  rec.seg(0, "seamcall", 0, seam);
  rec.irqOff[0] = seam;
  let t = seam;
  let sending = 0;
  let longestWait = 0;
  for (let i = 1; i < n; i++) {
    const sent = t + c.csdQueueNs + c.icrWriteNs;
    sending += sent - t;
    rec.seg(0, "queue", t, sent);
    const { arriveNs, handlerNs } = ipiArrival(d, p, i, sent);
    const start = handlerNs + c.hardirqNs + c.csdHandlingNs;
    const done = start + seam;
    rec.seg(i, "ipi-pending", sent, arriveNs);
    rec.seg(i, "irq-off", arriveNs, handlerNs);
    rec.seg(i, "hardirq", handlerNs, start);
    rec.seg(i, "seamcall", start, done);
    rec.seg(0, "spin", sent, done);
    rec.seamStart[i] = start;
    rec.irqOff[i] = rec.busy[i] = rec.delay[i] = done - handlerNs;
    if (done - sent > longestWait) longestWait = done - sent;
    t = done;
  }
  rec.callerLatencyNs = rec.callerCpuNs = t;
  rec.callerSpinNs = t - seam - sending;
  // Preemption is re-enabled between calls, so only one wait can trip the soft-lockup detector.
  ipiWatchdogs(rec, p, longestWait, longestWait);
}
