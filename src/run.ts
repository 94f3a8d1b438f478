/**
 * The record a strategy fills while it plays out one run, and its reduction
 * to the metrics of a RunResult. Strategies only say what happened on which
 * CPU; every metric is computed here, the same way for all of them.
 */
import type { Strategy } from "./params/schema.ts";
import type { CpuLane, CompletionStatus, RunResult, SegmentKind } from "./result.ts";
import type { Params } from "./params/schema.ts";
import { type MachineDraw, ISOLATED, RT, STATE_NAMES } from "./machine.ts";
import { outcomeOf } from "./outcome.ts";
import { deadlockRisk } from "./linux-paths.ts";
import { f64 } from "./arena.ts";

/** What a run records beyond its metrics. */
export interface RecordOptions {
  /** Swimlanes: of every CPU, or of these CPU indices only. */
  lanes?: "all" | readonly number[];
  /** Track each CPU's latest segment end (RunRecord.laneEnd). */
  ends?: boolean;
  /** Keep each CPU's state and SEAMCALL start (RunResult.perCpu). */
  perCpu?: boolean;
}

export class RunRecord {
  readonly n: number;
  /** SEAMCALL start per online CPU (NaN: it never ran there). */
  readonly seamStart: Float64Array;
  /** Interrupts-off time the operation caused per CPU. */
  readonly irqOff: Float64Array;
  /** CPU time the operation took per CPU, the caller's own work excluded. */
  readonly busy: Float64Array;
  /** Delay the operation imposed on the task running on each CPU. */
  readonly delay: Float64Array;
  /** Swimlanes by CPU index (a sparse array when only some lanes are kept). */
  readonly lanes: CpuLane[] | undefined;
  /** The latest segment end per CPU, when asked (to pick lanes before recording them). */
  readonly laneEnd: Float64Array | undefined;
  readonly perCpu: boolean;
  private readonly tracking: boolean;
  callerLatencyNs = 0;
  callerCpuNs = 0;
  callerSpinNs = 0;
  /** Longest stretch the caller ran with preemption off (IRQs-off stretches included). */
  callerPreemptOffNs = 0;
  stuck = false;
  readonly watchdogs: string[] = [];

  constructor(readonly draw: MachineDraw, options: RecordOptions = {}) {
    const n = (this.n = draw.cpu.length);
    // The four arrays never outlive the run (finish() reduces them): arena slices.
    const buffer = f64(4 * n);
    this.seamStart = buffer.subarray(0, n).fill(NaN);
    this.irqOff = buffer.subarray(n, 2 * n);
    this.busy = buffer.subarray(2 * n, 3 * n);
    this.delay = buffer.subarray(3 * n);
    const lane = (i: number): CpuLane => ({ cpu: draw.cpu[i], state: STATE_NAMES[draw.state[i]], segments: [] });
    const { lanes } = options;
    if (lanes === "all") this.lanes = Array.from(draw.cpu, (_, i) => lane(i));
    else if (lanes) {
      this.lanes = new Array<CpuLane>(n);
      for (const i of lanes) this.lanes[i] = lane(i);
    }
    this.laneEnd = options.ends ? new Float64Array(n) : undefined;
    this.perCpu = options.perCpu ?? false;
    this.tracking = this.lanes !== undefined || this.laneEnd !== undefined;
  }

  /** Add a swimlane segment (only to the lanes requested; empty ones are dropped). */
  seg(i: number, kind: SegmentKind, start: number, end: number): void {
    if (!this.tracking || !(end > start) || !Number.isFinite(end)) return;
    if (this.laneEnd && end > this.laneEnd[i]) this.laneEnd[i] = end;
    this.lanes?.[i]?.segments.push({ kind, start, end });
  }

  /** Cross a watchdog threshold: "warned" unless the run is stuck anyway. */
  watchdog(name: string): void {
    if (!this.watchdogs.includes(name)) this.watchdogs.push(name);
  }
}

export function finish(rec: RunRecord, p: Params, strategy: Strategy, seed: number): RunResult {
  const { draw, n } = rec;
  let irqOffMax = 0, irqOffSum = 0, busySum = 0;
  let first = Infinity, last = -Infinity, ran = 0;
  let rtN = 0, rtWorst = 0, isoN = 0, isoWorst = 0, disturbed = 0;
  for (let i = 0; i < n; i++) {
    const off = rec.irqOff[i];
    if (off > irqOffMax) irqOffMax = off;
    irqOffSum += off;
    busySum += rec.busy[i];
    const s = rec.seamStart[i];
    if (s === s) {
      ran++;
      if (s < first) first = s;
      if (s > last) last = s;
    }
    const d = rec.delay[i];
    if (d > 0) {
      if (draw.state[i] === RT || draw.state[i] === ISOLATED) disturbed += d;
      if (draw.state[i] === RT) { rtN++; if (d > rtWorst) rtWorst = d; }
      else if (draw.state[i] === ISOLATED) { isoN++; if (d > isoWorst) isoWorst = d; }
    }
  }
  const covered = ran;
  const status: CompletionStatus = rec.stuck ? "stuck" : rec.watchdogs.length ? "warned" : "completed";
  const latency = rec.callerLatencyNs;
  const o = outcomeOf(p, strategy, draw.lps, n, covered);
  const nothing = outcomeOf(p, "none", draw.lps, n, 0);
  const effective = o.bogusDistinct !== nothing.bogusDistinct || o.bogusNotReady !== nothing.bogusNotReady || o.corruption !== nothing.corruption || o.undefinedEntry !== nothing.undefinedEntry || o.retryable !== nothing.retryable;
  return {
    strategy,
    seed,
    lps: draw.lps,
    onlineLps: n,
    benefitShare: o.bogusDistinct,
    bogusDistinct: o.bogusDistinct,
    bogusNotReady: o.bogusNotReady,
    bogusProcessed: o.bogusProcessed,
    bogusUnknown: o.bogusUnknown,
    bogusUndefined: o.bogusUndefined,
    corruption: o.corruption,
    undefinedEntry: o.undefinedEntry,
    retryable: o.retryable,
    tdxUp: p.tdx.operation === "lp_init" && covered === draw.lps && !rec.stuck ? 1 : 0,
    deadlockRisk: deadlockRisk(p, strategy),
    callerPreemptOffNs: rec.callerPreemptOffNs,
    effective,
    callerLatencyNs: latency,
    callerCpuNs: rec.callerCpuNs,
    callerSpinNs: rec.callerSpinNs,
    callerSleepNs: Math.max(0, latency - rec.callerCpuNs),
    totalCpuNs: rec.callerCpuNs + busySum,
    irqOffMaxNs: irqOffMax,
    irqOffSumNs: irqOffSum,
    rtDisturbed: rtN,
    rtWorstDelayNs: rtWorst,
    isolatedDisturbed: isoN,
    isolatedWorstDelayNs: isoWorst,
    disturbedCpus: rtN + isoN,
    disturbedWorstDelayNs: Math.max(rtWorst, isoWorst),
    disturbanceSumNs: disturbed,
    spreadNs: ran > 1 ? last - first : 0,
    coveredLps: covered,
    coverage: covered / draw.lps,
    requirementMet: covered === draw.lps,
    completion: { status, watchdogs: rec.watchdogs },
    ...(rec.lanes ? { timeline: rec.lanes.filter(Boolean) } : {}),
    ...(rec.perCpu ? { perCpu: { state: Array.from(draw.state, (s) => STATE_NAMES[s]), seamcallStartNs: Array.from(rec.seamStart) } } : {}),
  };
}
