/**
 * The record a strategy fills while it plays out one run, and its reduction
 * to the metrics of a RunResult. Strategies only say what happened on which
 * CPU; every metric is computed here, the same way for all of them.
 */
import type { Strategy } from "./params/schema.ts";
import { type CpuLane, type CompletionStatus, type CriticalPart, PATH_KINDS, type PathKind, type RunResult, type SegmentKind } from "./result.ts";
import type { Params } from "./params/schema.ts";
import { type MachineDraw, ISOLATED, RT, STATE_NAMES } from "./machine.ts";
import { type Outcome, runOutcome } from "./outcome.ts";
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
  /** Keep the critical path (RunResult.criticalPath). */
  criticalPath?: boolean;
}

export class RunRecord {
  readonly n: number;
  /** SEAMCALL start (its lock grant) per online CPU (NaN: it never ran there). */
  readonly seamStart: Float64Array;
  /** SEAMCALL end per online CPU. */
  readonly seamEnd: Float64Array;
  /** CPU indices in which the SEAMCALLs' starts and ends both ascend (seamcallTimes' grant order); none: index order. */
  seamOrder: Uint32Array | undefined;
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
  /** The critical path's parts, when asked. */
  readonly pathParts: CriticalPart[] | undefined;
  /** The path is a chain through every CPU in turn (serial, cpuhp): parts sum by kind. */
  pathChain = false;
  private readonly tracking: boolean;
  callerLatencyNs = 0;
  /** When the caller began the ICR writes of a many-target send (on_each_cpu), ns; NaN otherwise. */
  sendStartNs = NaN;
  callerCpuNs = 0;
  callerSpinNs = 0;
  /** Longest stretch the caller ran with preemption off (IRQs-off stretches included). */
  callerPreemptOffNs = 0;
  stuck = false;
  readonly watchdogs: string[] = [];

  constructor(readonly draw: MachineDraw, options: RecordOptions = {}) {
    const n = (this.n = draw.cpu.length);
    // The four arrays never outlive the run (finish() reduces them): arena slices.
    const buffer = f64(5 * n);
    this.seamStart = buffer.subarray(0, n).fill(NaN);
    this.irqOff = buffer.subarray(n, 2 * n);
    this.busy = buffer.subarray(2 * n, 3 * n);
    this.delay = buffer.subarray(3 * n, 4 * n);
    this.seamEnd = buffer.subarray(4 * n).fill(NaN);
    this.seamOrder = undefined;
    const lane = (i: number): CpuLane => ({ cpu: draw.cpu[i], state: STATE_NAMES[draw.state[i]], segments: [] });
    const { lanes } = options;
    if (lanes === "all") this.lanes = Array.from(draw.cpu, (_, i) => lane(i));
    else if (lanes) {
      this.lanes = new Array<CpuLane>(n);
      for (const i of lanes) this.lanes[i] = lane(i);
    }
    this.laneEnd = options.ends ? new Float64Array(n) : undefined;
    this.perCpu = options.perCpu ?? false;
    this.pathParts = options.criticalPath ? [] : undefined;
    this.tracking = this.lanes !== undefined || this.laneEnd !== undefined;
  }

  /**
   * Add a swimlane segment (only to the lanes requested; empty ones are
   * dropped). An IPI or wake-up in flight to an idle CPU ends with that
   * CPU's idle exit, drawn as a segment of its own.
   */
  seg(i: number, kind: SegmentKind, start: number, end: number): void {
    if (!this.tracking || !(end > start) || !Number.isFinite(end)) return;
    if (this.laneEnd && end > this.laneEnd[i]) this.laneEnd[i] = end;
    const lane = this.lanes?.[i];
    if (!lane) return;
    const exit = kind === "ipi-pending" ? Math.min(this.draw.idleWakeNs[i], end - start) : 0;
    if (exit > 0) {
      if (end - exit > start) lane.segments.push({ kind, start, end: end - exit });
      lane.segments.push({ kind: "idle-exit", start: end - exit, end });
    } else lane.segments.push({ kind, start, end });
  }

  /** CPU i's SEAMCALL: entered at `entry`, the leaf started at `grant` (the lock), returned at `end`. */
  seamcall(i: number, entry: number, grant: number, end: number): void {
    this.seamStart[i] = grant;
    this.seamEnd[i] = end;
    this.seg(i, "lock-wait", entry, grant);
    this.seg(i, "seamcall", grant, end);
  }

  /** Part of the critical path (kept only when asked: SimulateOptions.criticalPath). */
  path(kind: PathKind, cpu: number | null, ns: number): void {
    if (!this.pathParts || !(ns > 0)) return;
    const last = this.pathParts[this.pathParts.length - 1];
    // Consecutive parts of one kind merge; a serial chain's parts of one kind on many CPUs sum, with no single CPU.
    const same = this.pathParts.find((x) => x.kind === kind && (x.cpu === cpu || this.pathChain));
    if (same && (this.pathChain || last === same)) { same.ns += ns; if (same.cpu !== cpu) same.cpu = null; return; }
    this.pathParts.push({ kind, cpu, ns });
  }

  /** Cross a watchdog threshold: "warned" unless the run is stuck anyway. */
  watchdog(name: string): void {
    if (!this.watchdogs.includes(name)) this.watchdogs.push(name);
  }
}

// What a strategy can change against doing nothing: every LP answer's share, and the
// failed-state outcomes (benefitShare follows from bogusDistinct).
const OUTCOME_CHANGES = ["bogusDistinct", "bogusNotReady", "bogusProcessed", "bogusUnknown", "bogusUndefined", "corruption", "undefinedEntry", "retryable"] as const satisfies readonly (keyof Outcome)[];

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
  const overlap = overlapOf(rec, ran);
  const status: CompletionStatus = rec.stuck ? "stuck" : rec.watchdogs.length ? "warned" : "completed";
  const latency = rec.callerLatencyNs;
  const o = runOutcome(p, strategy, draw.lps, n, covered);
  const nothing = runOutcome(p, "none", draw.lps, n, 0);
  const effective = OUTCOME_CHANGES.some((k) => o[k] !== nothing[k]);
  return {
    strategy,
    seed,
    lps: draw.lps,
    onlineLps: n,
    benefitShare: o.benefitShare,
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
    maxInFlight: overlap.maxInFlight,
    overlapShare: overlap.overlapShare,
    halfStartedNs: overlap.halfStartedNs,
    allStartedNs: ran > 0 ? last : 0,
    coveredLps: covered,
    coverage: covered / draw.lps,
    requirementMet: covered === draw.lps,
    completion: { status, watchdogs: rec.watchdogs },
    ...(rec.lanes ? { timeline: rec.lanes.filter(Boolean), ...(Number.isFinite(rec.sendStartNs) ? { sendStartNs: rec.sendStartNs } : {}) } : {}),
    ...(rec.pathParts ? { criticalPath: rec.pathChain ? [...rec.pathParts].sort((a, b) => PATH_KINDS.indexOf(a.kind) - PATH_KINDS.indexOf(b.kind)) : rec.pathParts } : {}),
    ...(rec.perCpu ? { perCpu: { state: Array.from(draw.state, (s) => STATE_NAMES[s]), seamcallStartNs: Array.from(rec.seamStart) } } : {}),
  };
}

/**
 * How the SEAMCALLs overlapped: the most in flight at once, the share of
 * their time that overlaps another's, and when half had started. In the
 * record's seamOrder (or index order) starts and ends both ascend, which
 * every strategy's calls do (grants in lock order, each call its own
 * length); then one pass does it. Otherwise the general sort.
 */
function overlapOf(rec: RunRecord, ran: number): { maxInFlight: number; overlapShare: number; halfStartedNs: number } {
  if (ran === 0) return { maxInFlight: 0, overlapShare: 0, halfStartedNs: 0 };
  const { seamStart: s, seamEnd: e, n } = rec;
  const idx = f64(ran);
  let k = 0;
  const order = rec.seamOrder;
  for (let j = 0; j < n; j++) { const i = order ? order[j] : j; if (s[i] === s[i]) idx[k++] = i; }
  let sorted = true;
  for (let j = 1; j < ran; j++) if (s[idx[j]] < s[idx[j - 1]] || e[idx[j]] < e[idx[j - 1]]) { sorted = false; break; }
  if (!sorted) return overlapBySort(s, e, n, ran);
  let most = 0, covered = 0, total = 0;
  for (let j = 0, gone = 0; j < ran; j++) {
    const i = idx[j], a = s[i], b = e[i];
    while (e[idx[gone]] <= a && gone < j) gone++;
    if (j - gone + 1 > most) most = j - gone + 1;
    total += b - a;
    // Others cover [a, min(b, previous end)] and [next start, b]: ends and starts ascend.
    const prevEnd = j > 0 ? Math.min(b, Math.max(a, e[idx[j - 1]])) : a;
    const nextStart = j + 1 < ran ? Math.max(a, Math.min(b, s[idx[j + 1]])) : b;
    covered += nextStart <= prevEnd ? b - a : (prevEnd - a) + (b - nextStart);
  }
  return { maxInFlight: most, overlapShare: total > 0 ? covered / total : 0, halfStartedNs: s[idx[Math.ceil(ran / 2) - 1]] };
}

/** overlapOf() for calls in any order: a sweep over sorted start and end events. */
function overlapBySort(s: Float64Array, e: Float64Array, n: number, ran: number): { maxInFlight: number; overlapShare: number; halfStartedNs: number } {
  const starts = new Float64Array(ran), ends = new Float64Array(ran);
  for (let i = 0, k = 0; i < n; i++) if (s[i] === s[i]) { starts[k] = s[i]; ends[k++] = e[i]; }
  starts.sort(); ends.sort();
  // Time with at least one call in flight and with two or more, from one sweep; the overlapping time of each call sums the second.
  let active = 0, most = 0, t = -Infinity, total = 0, shared = 0;
  for (let a = 0, b = 0; a < ran || b < ran;) {
    const next = a < ran && starts[a] < ends[b] ? starts[a] : ends[b];
    if (active >= 2) shared += active * (next - t);
    if (active >= 1) total += active * (next - t);
    t = next;
    if (a < ran && starts[a] < ends[b]) { active++; a++; } else { active--; b++; }
    if (active > most) most = active;
  }
  return { maxInFlight: most, overlapShare: total > 0 ? shared / total : 0, halfStartedNs: starts[Math.ceil(ran / 2) - 1] };
}
