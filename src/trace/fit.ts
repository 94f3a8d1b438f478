/**
 * Events to parameters: match the instances of one operation across CPUs
 * (a CSD by its pointer and target CPU, a work item by its pointer, a
 * kworker by its comm), drop what is not an all-CPU call (wake-list CSDs,
 * `sched_ttwu_pending`; polling-idle wake-ups), and estimate each model
 * parameter the trace supports, with the estimator named
 * (../shared/trace-calibration.md, "What each parameter can be estimated
 * from"). Intervals are 90% bootstrap intervals of the estimate (200
 * resamples, a fixed seed: the same trace gives the same fit everywhere).
 *
 * Pitfalls handled, not hidden: cross-CPU clock skew: an entry read before
 * its CSD (the sender's clock ahead) waits for it instead of taking the
 * next call's; where IPIs went both ways between CPUs and each way's
 * fastest delivery stays positive, their clock offsets are estimated
 * (clockOffsets) and every cross-CPU delta is corrected; a target event still before its
 * sender's is counted and left out, and the result recommends
 * `trace-cmd record -C global`; with lost events only the window after every
 * CPU's first event is used; the tracer's own cost per event (the shortest
 * gap between csd_function_exit and call_function_exit, which the handler
 * emits back to back) is subtracted as a floor; µs input is
 * interval-censored (each delta ±1 µs), which the result says.
 *
 * The IPI send: smp_call_function_many_cond() (kernel/smp.c) queues every
 * CSD, then send_call_function_ipi_mask() traces one ipi_send_cpumask and
 * x2APIC physical mode (x2apic_phys.c, __x2apic_send_IPI_mask) writes the
 * ICR once per target in CPU order. Timed from that event, an awake
 * target's entry comes after (its position + 1) writes and the delivery:
 * a line over the position whose slope is costs.icrWriteNs and whose
 * intercept is costs.ipiDeliveryNs. With the 'all but self' shorthand or
 * cluster mode the targets get their IPIs together: no slope, and the
 * delivery is the median less one write. Targets on another socket add
 * the cross-socket line premium to their delivery (ipiArrival(),
 * src/ipi.ts): when the trace's CPUs are the scenario's, each is placed on
 * a socket as the model numbers them (DRAW_PARTS.topology: cores socket by
 * socket, then the SMT siblings; the trace itself holds no topology) and a
 * cross-socket delivery is read less the scenario's premium; otherwise the
 * fit reports the mixture and says so.
 *
 * Interrupts-off time: an awake target whose IPI came more than 5 median
 * absolute deviations after the others' was held up by whatever kept its
 * interrupts off (a section, an NMI, another handler): their share is
 * workload.irqOff.probability and their extra delay its remaining length,
 * the model's own definitions. When the trace has preemptirq events
 * (CONFIG_PREEMPTIRQ_TRACEPOINTS, off in most distribution kernels;
 * kernel/trace/trace_preemptirq.c emits irq_disable/irq_enable only on the
 * transition, interrupt entry included) the sections are read directly and
 * replace that estimate (preemptirqSections): the share is the traced time
 * with interrupts off; the remaining length is that of a request arriving
 * at a uniform moment: it lands in a section with probability ∝ its length
 * L, at a uniform point, so ln R = ln L + ln V (V uniform: E ln V = −1,
 * E ln² V = 2), and the log-normal MLE of R is a length-weighted mean and
 * variance, computed exactly. A section during which the CPU went idle is
 * the idle loop's (do_idle disables interrupts around cpuidle_enter; mwait
 * wakes on an interrupt regardless) and is not counted: the model charges
 * idle exit on its own.
 *
 * Simplifications: the model charges the call-function interrupt's entry,
 * exit and CSD dispatch before the function, so the trace gives
 * hardirqNs + csdHandlingNs as one sum: csdHandlingNs is estimated with
 * hardirqNs kept at the scenario's value. Wake-ups of kworkers on busy CPUs
 * are split at e^(median + 4σ) of ln (tailThreshold): a log-normal body
 * below, and above it the tail's share (a Wilson interval) and its own
 * log-normal, from 5 tail samples on. The tail's part
 * below the threshold is cut off, so its median reads high and its σ low
 * when it reaches down to the body (in the round trip: +10% and -0.14).
 *
 * cpuhp steps (cpuhp_setup_state() on every online CPU: cpuhp_issue_call ->
 * cpuhp_invoke_ap_callback -> __cpuhp_kick_ap, kernel/cpu.c): the caller
 * wakes cpuhp/N (sched_waking on its own CPU) and sleeps; cpuhp/N runs the
 * callback between cpuhp_enter and cpuhp_exit (cpuhp_invoke_callback()),
 * wakes the caller, and the caller kicks the next CPU. The model charges
 * the time from one callback's end to the next kick as
 * costs.crossCpuWakeNs (the wake-up back and the step's bookkeeping,
 * src/strategies/cpuhp.ts), so its estimate is the median of cpuhp_exit on
 * a CPU → the caller's next sched_waking of cpuhp/M, where M then runs the
 * same step (the caller's own CPU's step is a local switch and left out).
 * With that estimate the busy-CPU wake-ups subtract it instead of the
 * scenario's value.
 */
import type { Params } from "../params/schema.ts";
import { type ParseStats, maskCpus, newStats, visitRawEvents } from "./parse.ts";
import { rng } from "../random.ts";
import { formatNs, formatNumber } from "../format.ts";
import { DRAW_PARTS } from "../machine.ts";

/** One parameter's estimate from a trace: value, 90% interval, samples and the estimator. */
export interface FitValue {
  /** The estimate. */
  value: number;
  /** Low end of the 90% bootstrap interval. */
  low: number;
  /** High end of the 90% bootstrap interval. */
  high: number;
  /** Samples the estimate rests on. */
  n: number;
  /** How it was estimated. */
  estimator: string;
}

/** The fit of a trace: per parameter path (as in a scenario link) an estimate, or null where the trace lacks its events. */
export interface TraceFit {
  /** Per path of FITTED_PATHS: the estimate, or null where the trace lacks its events or holds too few of them. */
  fit: Record<string, FitValue | null>;
  /** The samples behind each estimate, for QQ plots (ns; at most 5,000 each). */
  samples: Record<string, number[]>;
  /** What the parser saw. */
  stats: ParseStats;
  /** Sentences on what was and was not estimated, and the traps met. */
  notes: string[];
  /** Target events found before their sender's (clock skew), left out. */
  skewed: number;
  /** The tracer's cost per event subtracted from each delta, ns. */
  overheadNs: number;
  /** Per CPU, how far its clock reads ahead of the reference CPU's (the busiest sender), ns, where IPIs went both ways between them (directly or through other CPUs); the deltas were corrected by these. */
  clockOffsetsNs: Record<number, number>;
}

/** The parameter paths a trace can give (the rest keep the scenario's values). */
export const FITTED_PATHS: readonly string[] = ["costs.icrWriteNs", "costs.ipiDeliveryNs", "costs.csdHandlingNs", "costs.idleWakeMedianShare", "costs.crossCpuWakeNs", "costs.cfsWakeMedianNs", "costs.cfsWakeSigma", "costs.cfsWakeTailShare", "costs.cfsWakeTailMedianNs", "costs.cfsWakeTailSigma", "workload.irqOff.probability", "workload.irqOff.medianNs", "workload.irqOff.sigma"];

/** What every table prints for a parameter the fit left at its value (the fit's notes say why: events absent, too few, or a send whose slope the trace does not give). */
export const NOT_FITTED = "not estimated from this trace: default kept";

/** The cpuidle state names by index, as intel_idle lists them on these parts (state0 POLL, state1 C1, ...). */
export const DEFAULT_IDLE_NAMES: readonly string[] = ["POLL", "C1", "C1E", "C6"];

const MAX_SAMPLES = 5_000;
/** The events the fit reads; the parser builds no others. */
const READ: ReadonlySet<string> = new Set(["cpu_idle", "csd_queue_cpu", "ipi_send_cpu", "ipi_send_cpumask", "call_function_entry", "call_function_single_entry", "csd_function_entry", "csd_function_exit", "call_function_exit", "call_function_single_exit", "sched_waking", "sched_switch", "irq_disable", "irq_enable", "cpuhp_enter", "cpuhp_exit"]);
const IDLE_EXIT = 4294967295;
const CPU_KEYS = ["cpu"], MASK_KEYS = ["cpumask"], IDLE_KEYS = ["state", "cpu_id"], QUEUE_KEYS = ["func", "cpu"], WAKING_KEYS = ["comm", "target_cpu"], SWITCH_KEYS = ["prev_comm", "next_comm"], STEP_KEYS = ["step"];

export function median(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return NaN;
  // The middle order statistics by selection (O(n); the bootstraps take thousands of medians), the values a sort gives.
  const s = Float64Array.from(xs);
  for (let i = 0; i < n; i++) if (Number.isNaN(s[i])) { s.sort(); return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; } // (a sort puts NaN last)
  const hi = select(s, n >> 1);
  if (n % 2) return hi;
  // The lower middle is the largest value left of the upper one.
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (s[i] > lo) lo = s[i];
  return (lo + hi) / 2;
}

/** The k-th smallest of a (0-based), a partly reordered in place: Hoare's quickselect, the middle element as pivot; values not NaN. */
function select(a: Float64Array, k: number): number {
  let l = 0, r = a.length - 1;
  while (l < r) {
    const pivot = a[(l + r) >> 1];
    let i = l, j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return a[k];
  }
  return a[k];
}

/** Bootstrap resamples per estimate. */
const RESAMPLES = 200;

/** An estimate with its 90% interval: the 5th and 95th percentiles of the resamples' statistic. */
type Interval = { value: number; low: number; high: number };
const interval = (value: number, reps: number[]): Interval => {
  reps.sort((a, b) => a - b);
  return { value, low: reps[Math.floor(0.05 * reps.length)], high: reps[Math.ceil(0.95 * reps.length) - 1] };
};

/**
 * The RESAMPLES bootstrap resamples of n samples as indices, drawn as the plain
 * resampling loop draws them (rng(seed, 7), n draws per resample, one
 * buffer reused): the statistics below read a resample without copying it.
 */
function* resamples(n: number, seed = 20221122): Generator<Int32Array> {
  const r = rng(seed, 7);
  const draw = new Int32Array(n);
  for (let b = 0; b < RESAMPLES; b++) {
    for (let i = 0; i < n; i++) draw[i] = Math.floor(r.next() * n);
    yield draw;
  }
}

/**
 * The median of xs with its 90% bootstrap interval (200 resamples,
 * seeded). A resample's median is found from the ranks it drew (a count
 * per rank, then the middle of their running sum), not by sorting it:
 * O(n) per resample, the same value (test/fast-paths.test.ts).
 */
export function bootstrapMedian(xs: readonly number[]): Interval {
  const n = xs.length;
  const order = Array.from(xs.keys()).sort((a, b) => xs[a] - xs[b]);
  const sorted = Float64Array.from(order, (i) => xs[i]);
  const rank = new Int32Array(n);
  order.forEach((i, k) => { rank[i] = k; });
  const count = new Int32Array(n);
  // The order statistics a median reads (0-based): one for odd n, two for even.
  const lo = n % 2 ? (n - 1) / 2 : n / 2 - 1, hi = n % 2 ? lo : n / 2;
  const reps: number[] = [];
  for (const draw of resamples(n)) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[rank[draw[i]]]++;
    let seen = 0, a = NaN, k = 0;
    for (; k < n; k++) { seen += count[k]; if (seen > lo) { a = sorted[k]; break; } }
    if (hi !== lo) while (seen <= hi) seen += count[++k];
    reps.push(hi === lo ? a : (a + sorted[k]) / 2);
  }
  return interval(median(xs), reps);
}

/**
 * Log-normal MLE (median e^μ, σ of ln) of positive samples, each with its
 * 90% bootstrap interval (200 resamples, seeded; the logs taken once, the
 * sums in the resample's order: the same values as resampling the samples).
 */
export function bootstrapLogNormal(xs: readonly number[]): { median: Interval; sigma: Interval } {
  const logs = Float64Array.from(xs, Math.log);
  const fit = (pick: (i: number) => number, n: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += pick(i);
    const mu = sum / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (pick(i) - mu) ** 2;
    return { median: Math.exp(mu), sigma: Math.sqrt(v / Math.max(1, n - 1)) };
  };
  const n = xs.length;
  const medians: number[] = [], sigmas: number[] = [];
  for (const draw of resamples(n)) {
    const f = fit((i) => logs[draw[i]], n);
    medians.push(f.median);
    sigmas.push(f.sigma);
  }
  const all = fit((i) => logs[i], n);
  return { median: interval(all.median, medians), sigma: interval(all.sigma, sigmas) };
}

/**
 * A time per CPU, or none: a Map<number, number> in a Float64Array indexed
 * by CPU (NaN for none). The fit sets one or two per event; a Map boxes
 * each time in a new heap number.
 */
class PerCpu {
  private t = new Float64Array(64).fill(NaN);
  get(cpu: number): number | undefined {
    const v = cpu < this.t.length ? this.t[cpu] : NaN;
    return Number.isNaN(v) ? undefined : v;
  }
  has(cpu: number): boolean {
    return this.get(cpu) !== undefined;
  }
  set(cpu: number, ts: number): void {
    if (cpu >= this.t.length) {
      // CPU numbers have at most 5 digits (the parser's [CPU] field): at most 100,000 slots.
      const grown = new Float64Array(Math.max(cpu + 1, 2 * this.t.length)).fill(NaN);
      grown.set(this.t);
      this.t = grown;
    }
    this.t[cpu] = ts;
  }
  delete(cpu: number): void {
    if (cpu < this.t.length) this.t[cpu] = NaN;
  }
  values(): number[] {
    return Array.from(this.t).filter((v) => !Number.isNaN(v));
  }
}

/**
 * A line y = a + b·x through points sorted by x, robust to the long tail
 * of interrupts-off waits: b the median slope between points half the
 * sample apart (a Theil–Sen estimate over n/2 pairs), a the median of
 * y − b·x. NaN when the x values do not spread.
 */
function robustLine(xs: ArrayLike<number>, ys: ArrayLike<number>, idx: ArrayLike<number>): { a: number; b: number } {
  const n = idx.length, m = Math.floor(n / 2);
  const slopes: number[] = [];
  for (let j = 0; j + m < n; j++) {
    const dx = xs[idx[j + m]] - xs[idx[j]];
    if (dx > 0) slopes.push((ys[idx[j + m]] - ys[idx[j]]) / dx);
  }
  if (!slopes.length) return { a: NaN, b: NaN };
  const b = median(slopes);
  const rest: number[] = [];
  for (let j = 0; j < n; j++) rest.push(ys[idx[j]] - b * xs[idx[j]]);
  return { a: median(rest), b };
}

/** robustLine with 90% bootstrap intervals of a and b (200 resamples of the points, seeded). */
export function bootstrapLine(xs: readonly number[], ys: readonly number[]): { a: Interval; b: Interval } {
  const n = xs.length;
  const order = Array.from(xs.keys()).sort((i, j) => xs[i] - xs[j]);
  const rank = Int32Array.from(order);
  const all = robustLine(xs, ys, rank);
  const as: number[] = [], bs: number[] = [];
  const pick = new Int32Array(n), count = new Int32Array(n);
  for (const draw of resamples(n)) {
    // A resample's points in x order: the drawn positions of the sorted order, sorted.
    // (A counting sort: the draws are positions 0..n-1.)
    count.fill(0);
    for (let i = 0; i < n; i++) count[draw[i]]++;
    for (let k = 0, i = 0; k < n; k++) for (let c = count[k]; c > 0; c--) pick[i++] = rank[k];
    const f = robustLine(xs, ys, pick);
    as.push(f.a);
    bs.push(f.b);
  }
  return { a: interval(all.a, as), b: interval(all.b, bs) };
}

/** Awake deliveries needed before the share held up by interrupts-off time is estimated. */
const MIN_HELD_UP_SAMPLES = 50;
/** The least extra delay read as interrupts-off time: a delivery's own spread is far below it (σ 27 TSC cycles, about 9 ns at 3 GHz, in sgx-step's bare-metal IPI benchmark, data/parameters.json costs.ipiDeliveryNs). */
const MIN_HELD_UP_NS = 100;

/** Where an awake target's delivery is held up: 5 × the median absolute deviation of the extra delays, at least MIN_HELD_UP_NS. */
function heldUpThreshold(excess: readonly number[]): number {
  const m = median(excess);
  return Math.max(MIN_HELD_UP_NS, 5 * median(excess.map((x) => Math.abs(x - m))));
}

/** Tail samples needed before the tail's share and shape are estimated. */
const MIN_TAIL = 5;

/** e^(median + 4σ) of ln xs, σ = the interquartile range of ln / 1.349 (a normal's): where a log-normal body has 3 in 100,000 of its mass left. */
function tailThreshold(xs: readonly number[]): number {
  const ls = Float64Array.from(xs, Math.log).sort();
  const q = (f: number) => ls[Math.min(ls.length - 1, Math.floor(f * (ls.length - 1)))];
  return Math.exp(q(0.5) + (4 * (q(0.75) - q(0.25))) / 1.349);
}

/** A share k/n with its 90% Wilson score interval (z = 1.645): defined at 0 and n, where a bootstrap collapses. */
export function wilson(k: number, n: number): Interval {
  const z = 1.645, phat = k / n, z2 = z * z;
  const centre = (phat + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: phat, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** preemptirq sections needed before the interrupts-off time is read from them. */
const MIN_SECTIONS = 50;

/**
 * Interrupts-off time from preemptirq sections (lengths L, ns, a uniform
 * sample of the trace's `total` sections over `spanNs` of CPU time): the
 * share of time inside one, and the log-normal MLE of the remaining length
 * at a uniform moment (length-weighted: μ = Σ L (ln L − 1) / Σ L,
 * E ln² = Σ L (ln² L − 2 ln L + 2) / Σ L), each with a 90% bootstrap
 * interval over the sections.
 */
export function preemptirqSections(lengths: readonly number[], total: number, spanNs: number): { share: Interval; median: Interval; sigma: Interval } {
  const logs = Float64Array.from(lengths, Math.log);
  const scale = total / lengths.length / spanNs;
  const stat = (pick: (i: number) => number, n: number) => {
    let w = 0, m1 = 0, m2 = 0;
    for (let i = 0; i < n; i++) {
      const k = pick(i), l = lengths[k], g = logs[k];
      w += l; m1 += l * (g - 1); m2 += l * (g * g - 2 * g + 2);
    }
    const mu = m1 / w;
    return { share: Math.min(1, w * scale), median: Math.exp(mu), sigma: Math.sqrt(Math.max(0, m2 / w - mu * mu)) };
  };
  const n = lengths.length;
  const shares: number[] = [], medians: number[] = [], sigmas: number[] = [];
  for (const draw of resamples(n)) {
    const f = stat((i) => draw[i], n);
    shares.push(f.share); medians.push(f.median); sigmas.push(f.sigma);
  }
  const all = stat((i) => i, n);
  return { share: interval(all.share, shares), median: interval(all.median, medians), sigma: interval(all.sigma, sigmas) };
}

/** Remaining lengths at uniform moments inside the sections (a section ∝ its length, a uniform point in it): the samples a QQ plot of the fit reads. */
function residuals(lengths: readonly number[], count: number): number[] {
  const cum = new Float64Array(lengths.length);
  let w = 0;
  lengths.forEach((l, i) => { w += l; cum[i] = w; });
  const r = rng(20221122, 12);
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const at = r.next() * w;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] > at) hi = mid; else lo = mid + 1; }
    out.push(lengths[lo] * (1 - r.next()));
  }
  return out;
}

/** Offsets smaller than this are not listed in the notes (they are still applied): a display choice, ten times a delivery's own spread (see MIN_HELD_UP_NS). */
const OFFSET_SHOWN_NS = 100;

/** A (sender, target) pair of CPU numbers as one map key (CPU numbers have at most 5 digits: below 2^17). */
const PAIR = 131072;
const pairKey = (a: number, b: number) => a * PAIR + b;
const pairOf = (k: number): [number, number] => [Math.floor(k / PAIR), k % PAIR];

/** The reference clock: the CPU that sent to the most others (ties: the lowest number). */
function refOf(pairMin: ReadonlyMap<number, number>): number {
  const count = new Map<number, number>();
  for (const k of pairMin.keys()) { const [a] = pairOf(k); count.set(a, (count.get(a) ?? 0) + 1); }
  let best = -1, n = -1;
  for (const [a, c] of count) if (c > n || (c === n && a < best)) { best = a; n = c; }
  return best;
}

/**
 * Each CPU's clock offset against the reference, where IPIs went both
 * ways: the smallest delay a→b is d + (off_b − off_a), b→a is
 * d + (off_a − off_b), so off_b − off_a is half their difference (NTP's
 * estimate, assuming the fastest deliveries each way take as long). CPUs
 * reached only one way get no offset; the rest are reached breadth-first.
 * A pair counts only when its smallest delay is positive both ways: an
 * offset larger than the fastest delivery puts entries before their sends
 * in the trace's order, where calls are matched to the wrong CSD, so such
 * skew is only detected (and counted), never corrected.
 */
function clockOffsets(pairMin: ReadonlyMap<number, number>): { ref: number; offsets: Map<number, number> } {
  const ref = refOf(pairMin);
  const out = new Map<number, number>();
  if (ref < 0) return { ref, offsets: out };
  const both = new Map<number, [number, number][]>();
  for (const [k, ab] of pairMin) {
    const [a, b] = pairOf(k);
    const ba = pairMin.get(pairKey(b, a));
    if (ba === undefined || !(ab > 0 && ba > 0)) continue;
    (both.get(a) ?? both.set(a, []).get(a)!).push([b, (ab - ba) / 2]);
  }
  if (!both.size) return { ref, offsets: out };
  out.set(ref, 0);
  for (const queue = [ref]; queue.length;) {
    const a = queue.shift()!;
    for (const [b, rel] of both.get(a) ?? []) if (!out.has(b)) { out.set(b, out.get(a)! + rel); queue.push(b); }
  }
  return { ref, offsets: out };
}

/** Push into a bounded sample (reservoir-free: the first MAX_SAMPLES, enough for a trigger's calls). */
function keep(list: number[], x: number): void {
  if (list.length < MAX_SAMPLES) list.push(x);
}

/**
 * Fit the model's parameters from a trace. p gives what the trace cannot:
 * the declared idle exit latencies and hardirqNs; idleNames maps cpuidle
 * indexes to C-state names (the contents of /sys/devices/system/cpu/cpu0/cpuidle/stateN/name, N = 0, 1, ...).
 */
export async function fitTrace(stream: ReadableStream<Uint8Array>, p: Params, options: { idleNames?: readonly string[]; onBytes?: (n: number) => void; signal?: AbortSignal } = {}): Promise<TraceFit> {
  const idleNames = options.idleNames ?? DEFAULT_IDLE_NAMES;
  const stats = newStats();
  // Per CPU: its idle state index, its first event time (lost events), and when
  // its CSD function returned: csd_function_exit and call_function_exit are
  // back to back in the handler, so their gap is the tracer's cost per event.
  const idleOf = new Map<number, number>();
  const firstTs = new PerCpu();
  const csdExit = new PerCpu();
  let overhead = Infinity;
  // Open instances: the CSDs queued for each target CPU, oldest first (send time, the target's idle state then); an entry by CPU.
  const sent = new Map<number, { ts: number; idle: number; from: number }[]>();
  // The latest send to each CPU: when it was traced and the target's position in the send (0 for ipi_send_cpu; k for the k-th CPU of an ipi_send_cpumask, in the CPU order the x2APIC driver writes them).
  const lastSend = new Map<number, { ts: number; pos: number; from: number }>();
  // The call-function entry each CPU is in (its time), until its CSD function starts.
  const entered = new PerCpu();
  const waking = new Map<string, { ts: number; busy: boolean; from: number }>();
  const busyPrev = new Map<number, boolean>();
  // x: the target's writes up to its own (position + 1) when timed from a send event; 0 when timed from its CSD's queueing.
  // s, t: sender and target CPU (the deltas cross CPUs: a clock offset between them is in d until corrected).
  const delivery: { d: number; idle: number; ts: number; x: number; s: number; t: number }[] = [];
  const dispatch: number[] = [];
  const wake: { d: number; ts: number; s: number; t: number }[] = [];
  // The smallest delay seen from each sender to each target: clock offsets from IPIs both ways.
  const pairMin = new Map<number, number>();
  // Clock skew can put a target's entry before its sender's CSD in the trace's order: the entry waits (orphan) for its CSD,
  // then the CSD for its send (awaiting); exitedFrom keeps the idle state an entry's CPU left, for such late matches.
  const orphan = new Map<number, { ts: number; idle: number }>();
  // preemptirq: the open section per CPU (its irq_disable time), each CPU's first and last such event (the span the
  // sections are counted over), and a uniform sample (reservoir) of the closed sections: start and raw length.
  const irqOffSince = new PerCpu();
  const irqSpan = new Map<number, [number, number]>();
  const sections: { ts: number; len: number }[] = [];
  const pick = rng(20221122, 11);
  let sectionsSeen = 0;
  const awaiting = new Map<number, { csd: { ts: number; idle: number; from: number }; entryTs: number }>();
  // cpuhp: the CPU that last kicked each cpuhp/N, the latest callback end per caller (of a CPU other than its own),
  // a wake-back per kicked CPU until its cpuhp_enter shows the same step, and the wake-backs (d: exit → next kick).
  const hpCaller = new Map<number, number>();
  const hpExit = new Map<number, { ts: number; cpu: number; step: string | undefined }>();
  const hpPending = new Map<number, { d: number; ts: number; s: number; t: number; step: string | undefined }>();
  const handBack: { d: number; ts: number; s: number; t: number }[] = [];
  const exitedFrom = new Map<number, number>();
  /** One delivery: the CSD, the send that followed it when there is one (kernels from 6.4), else its queueing, then the entry. */
  const deliver = (csd: { ts: number; idle: number; from: number }, target: number, entryTs: number, late: boolean) => {
    const send = lastSend.get(target);
    // In order, a send after the entry is a later call's; read late, the send is known to be this call's.
    const viaSend = send !== undefined && send.ts >= csd.ts && (late || send.ts <= entryTs);
    if (viaSend) lastSend.delete(target);
    const t0 = viaSend ? send.ts : csd.ts, sender = viaSend ? send.from : csd.from, x = viaSend ? send.pos + 1 : 0;
    // A negative delta is kept for now: an offset found from IPIs the other way may correct it. The pair
    // minimum reads awake targets at most one ICR write after the send (a single send, or a mask's first
    // target): a later position's writes depend on the APIC mode, and would differ between the two directions.
    if (csd.idle < 0 && sender !== target && x <= 1) {
      const k = pairKey(sender, target), y = entryTs - t0 - p.costs.icrWriteNs * x;
      if (!(pairMin.get(k)! <= y)) pairMin.set(k, y);
    }
    if (delivery.length < MAX_SAMPLES * 4) delivery.push({ d: entryTs - t0, idle: csd.idle, ts: t0, x, s: sender, t: target });
  };
  /** A late-read CSD whose send has now been read: deliver it. */
  const settle = (target: number) => {
    const w = awaiting.get(target);
    if (w) { awaiting.delete(target); deliver(w.csd, target, w.entryTs, true); }
  };
  let skewed = 0, sawIpi = false, sawCsd = false, sawWake = false, ttwu = 0;
  await visitRawEvents(stream, stats, { ...options, only: READ }, (e) => {
    if (!firstTs.has(e.cpu)) firstTs.set(e.cpu, e.ts);
    if (e.event === "csd_function_exit") csdExit.set(e.cpu, e.ts);
    else if (e.event === "call_function_exit" || e.event === "call_function_single_exit") {
      const x = csdExit.get(e.cpu);
      if (x !== undefined && e.ts >= x && e.ts - x < overhead) overhead = e.ts - x;
      csdExit.delete(e.cpu);
    }
    switch (e.event) {
      case "cpu_idle": {
        const [st, id] = e.numbers(IDLE_KEYS);
        const state = st ?? NaN, cpu = id ?? e.cpu;
        if (state === IDLE_EXIT) { const was = idleOf.get(cpu); if (was !== undefined) exitedFrom.set(cpu, was); idleOf.delete(cpu); } else { idleOf.set(cpu, state); irqOffSince.delete(cpu); } // the idle loop's section: not counted
        break;
      }
      case "csd_queue_cpu": {
        sawCsd = true;
        const [func, cpuArg] = e.args(QUEUE_KEYS);
        if (func === "sched_ttwu_pending") { ttwu++; break; } // a wake-list CSD, not an all-CPU call
        const target = Number(cpuArg);
        const queue = sent.get(target);
        const x = { ts: e.ts, idle: idleOf.get(target) ?? -1, from: e.cpu };
        // The target's entry was read first (the sender's clock is ahead): this CSD is the one it served, timed once its send is read.
        const early = orphan.get(target);
        if (early) { orphan.delete(target); awaiting.set(target, { csd: { ...x, idle: early.idle }, entryTs: early.ts }); break; }
        // Bounded: a target that never takes its interrupts keeps only its latest 64 CSDs.
        if (queue) { queue.push(x); if (queue.length > 64) queue.shift(); } else sent.set(target, [x]);
        break;
      }
      case "ipi_send_cpu": {
        sawIpi = true;
        const target = e.numbers(CPU_KEYS)[0] ?? NaN;
        if (Number.isInteger(target)) { lastSend.set(target, { ts: e.ts, pos: 0, from: e.cpu }); settle(target); }
        break;
      }
      case "ipi_send_cpumask": {
        sawIpi = true;
        const mask = e.args(MASK_KEYS)[0];
        if (mask === undefined) break;
        let pos = 0;
        for (const target of maskCpus(mask)) if (target !== e.cpu) { lastSend.set(target, { ts: e.ts, pos: pos++, from: e.cpu }); settle(target); }
        break;
      }
      case "call_function_entry":
      case "call_function_single_entry": {
        entered.set(e.cpu, e.ts);
        const wasIdle = exitedFrom.get(e.cpu) ?? -1;
        exitedFrom.delete(e.cpu);
        // The oldest CSD queued for this CPU is the one this interrupt serves; none yet: it is read later (clock skew).
        const best = sent.get(e.cpu)?.shift();
        if (best) deliver(best, e.cpu, e.ts, false);
        else orphan.set(e.cpu, { ts: e.ts, idle: wasIdle });
        break;
      }
      case "csd_function_entry": {
        const en = entered.get(e.cpu);
        if (en !== undefined) { keep(dispatch, e.ts - en); entered.delete(e.cpu); }
        break;
      }
      case "irq_disable":
      case "irq_enable": {
        const span = irqSpan.get(e.cpu);
        if (span) span[1] = e.ts; else irqSpan.set(e.cpu, [e.ts, e.ts]);
        if (e.event === "irq_disable") { irqOffSince.set(e.cpu, e.ts); break; }
        const since = irqOffSince.get(e.cpu);
        if (since === undefined) break;
        irqOffSince.delete(e.cpu);
        // Algorithm R: every closed section equally likely to be kept, memory bounded.
        const x = { ts: since, len: e.ts - since };
        if (sections.length < MAX_SAMPLES * 4) sections.push(x);
        else { const j = Math.floor(pick.next() * (sectionsSeen + 1)); if (j < sections.length) sections[j] = x; }
        sectionsSeen++;
        break;
      }
      case "cpuhp_exit": {
        const caller = hpCaller.get(e.cpu);
        if (caller !== undefined && caller !== e.cpu) hpExit.set(caller, { ts: e.ts, cpu: e.cpu, step: e.args(STEP_KEYS)[0] });
        break;
      }
      case "cpuhp_enter": {
        const w = hpPending.get(e.cpu);
        if (w === undefined) break;
        hpPending.delete(e.cpu);
        // The same step as the callback before it: one cpuhp_setup_state() walking the CPUs, not the next operation.
        if (w.step !== undefined && w.step === e.args(STEP_KEYS)[0] && handBack.length < MAX_SAMPLES) handBack.push(w);
        break;
      }
      case "sched_waking": {
        const [comm, targetCpu] = e.args(WAKING_KEYS);
        if (comm !== undefined && comm.startsWith("cpuhp/")) {
          const target = Number(targetCpu);
          const x = hpExit.get(e.cpu);
          hpExit.delete(e.cpu);
          if (!Number.isInteger(target) || target === e.cpu) break;
          hpCaller.set(target, e.cpu);
          if (x) hpPending.set(target, { d: e.ts - x.ts, ts: x.ts, s: x.cpu, t: e.cpu, step: x.step });
          break;
        }
        if (comm === undefined || !comm.startsWith("kworker/")) break;
        const cpu = Number(targetCpu);
        waking.set(comm, { ts: e.ts, busy: busyPrev.get(cpu) ?? !idleOf.has(cpu), from: e.cpu });
        sawWake = true;
        break;
      }
      case "sched_switch": {
        const [prevArg, nextArg] = e.args(SWITCH_KEYS);
        const prev = prevArg ?? "", next = nextArg ?? "";
        busyPrev.set(e.cpu, !prev.startsWith("swapper"));
        const w = waking.get(next);
        if (w) {
          waking.delete(next);
          if (!prev.startsWith("swapper") && wake.length < MAX_SAMPLES) wake.push({ d: e.ts - w.ts, ts: w.ts, s: w.from, t: e.cpu });
          else if (e.ts < w.ts) skewed++;
        }
        break;
      }
    }
  });
  // Late CSDs whose send never came (no ipi_send_* events): timed from their queueing.
  for (const [target, w] of awaiting) deliver(w.csd, target, w.entryTs, true);
  const floor = Number.isFinite(overhead) ? overhead : 0;
  // Clock offsets, then every cross-CPU delta corrected; what is still negative is skew the trace cannot undo.
  const { ref, offsets } = clockOffsets(pairMin);
  const fix = (d: number, a: number, b: number) => d - ((offsets.get(b) ?? 0) - (offsets.get(a) ?? 0));
  // Cross-socket deliveries less the model's premium, with the CPUs placed on sockets as the model numbers them.
  const topo = DRAW_PARTS.topology(p.machine);
  let maxCpu = -1;
  for (const x of delivery) maxCpu = Math.max(maxCpu, x.s, x.t);
  const placed = p.machine.sockets > 1 && (stats.cpus ?? maxCpu + 1) === topo.n && maxCpu < topo.n;
  const premium = p.costs.remoteLineTransferNs - p.costs.lineTransferNs;
  let crossed = 0;
  if (placed) for (const x of delivery) if (topo.socket[x.s] !== topo.socket[x.t]) { x.d -= premium; crossed++; }
  let socketNote = "";
  if (placed && crossed) socketNote = (`${crossed} of ${delivery.length} deliveries crossed sockets (CPUs placed as the model numbers them: cores socket by socket, then the SMT siblings): each is read less the scenario's premium, ${formatNs(premium)}.`);
  else if (p.machine.sockets > 1 && delivery.length && !placed) socketNote = (`The trace's ${stats.cpus ?? maxCpu + 1} CPUs are not the scenario's ${topo.n}: deliveries across sockets cannot be told apart, and the delivery reads up to the premium (${formatNs(premium)}) high.`);
  for (const list of [delivery, wake, handBack] as { d: number; s: number; t: number }[][]) {
    let kept = 0;
    for (const x of list) {
      x.d = fix(x.d, x.s, x.t);
      if (x.d < 0) skewed++; else list[kept++] = x;
    }
    list.length = kept;
  }
  // With lost events, only the window after every CPU's first event is whole.
  const lostAny = Object.keys(stats.lost).length > 0;
  const from = lostAny ? Math.max(...firstTs.values()) : -Infinity;
  const notes: string[] = socketNote ? [socketNote] : [];
  const fit: Record<string, FitValue | null> = Object.fromEntries(FITTED_PATHS.map((k) => [k, null]));
  const samples: Record<string, number[]> = {};
  const net = (d: number) => Math.max(0, d - floor);

  // The awake targets' delivery: y = (writes up to theirs) × the ICR write + the delivery, timed from the send.
  const awake = delivery.filter((x) => x.idle < 0 && x.ts >= from);
  const bySend = awake.filter((x) => x.x > 0).slice(0, MAX_SAMPLES);
  const spread = new Set(bySend.map((x) => x.x)).size >= 3;
  let icrUsed = p.costs.icrWriteNs;
  // Writes up to a target's own: its position + 1 when each target takes one, else the one write of the send.
  let perTarget = false;
  const writes = (x: number) => (perTarget ? x : Math.min(x, 1));
  // A delivery less the tracer's floor and the ICR writes before the target's own.
  const afterWrites = (x: { d: number; x: number }) => net(x.d) - icrUsed * writes(x.x);
  if (bySend.length >= 3 && spread && p.kernel.apicMode === "physical") {
    const line = bootstrapLine(bySend.map((x) => x.x), bySend.map((x) => net(x.d)));
    if (line.b.low > 0) {
      icrUsed = line.b.value;
      perTarget = true;
      fit["costs.icrWriteNs"] = { ...line.b, n: bySend.length, estimator: "slope of send (ipi_send_cpumask) → call_function_entry over the target's position in the mask, awake targets (a Theil–Sen slope; x2APIC physical mode writes one ICR per target in CPU order)" };
      fit["costs.ipiDeliveryNs"] = { ...line.a, n: bySend.length, estimator: "intercept of the same line: send → call_function_entry less the target's ICR writes" };
      samples["costs.ipiDeliveryNs"] = bySend.map(afterWrites);
    } else notes.push("The IPIs of each send reached their targets together (the 'all but self' shorthand, or cluster mode): costs.icrWriteNs keeps its value.");
  } else if (bySend.length >= 3 && p.kernel.apicMode === "cluster") notes.push("In x2APIC cluster mode one ICR write serves a cluster: costs.icrWriteNs is not estimated.");
  if (!fit["costs.ipiDeliveryNs"]) {
    // One write per send (ipi_send_cpu), or sends whose slope the trace does not give: the kept ICR write is taken off.
    const timed = (bySend.length >= 3 ? bySend : awake.filter((x) => x.x === 0)).map(afterWrites);
    if (timed.length >= 3) {
      const b = bootstrapMedian(timed);
      fit["costs.ipiDeliveryNs"] = { ...b, n: timed.length, estimator: bySend.length >= 3 ? `median of send (ipi_send_*) → call_function_entry on an awake target, less one ICR write, costs.icrWriteNs (${Math.round(icrUsed)} ns, kept)` : "median of csd_queue_cpu on the sender → call_function_entry on an awake target (no ipi_send_* events: the queueing and the send are in it)" };
      samples["costs.ipiDeliveryNs"] = timed;
    } else notes.push(sawCsd ? "Fewer than 3 IPIs to awake CPUs: costs.ipiDeliveryNs keeps its value." : "No csd_queue_cpu events (kernels before 6.5 have none): costs.ipiDeliveryNs, costs.csdHandlingNs and the idle exit keep their values.");
  }
  if (dispatch.length >= 3) {
    const d = dispatch.map(net);
    const b = bootstrapMedian(d);
    const h = p.costs.hardirqNs;
    fit["costs.csdHandlingNs"] = { value: Math.max(0, b.value - h), low: Math.max(0, b.low - h), high: Math.max(0, b.high - h), n: d.length, estimator: `median of call_function_entry → csd_function_entry on one CPU, less costs.hardirqNs (${h} ns, kept: the trace gives only their sum)` };
    samples["costs.csdHandlingNs"] = d;
  } else if (sawCsd) notes.push("Fewer than 3 call_function_entry → csd_function_entry pairs: costs.csdHandlingNs keeps its value.");
  const idleShares: number[] = [];
  const idleDeltas: number[] = [];
  const base = fit["costs.ipiDeliveryNs"]?.value ?? p.costs.ipiDeliveryNs;
  const queueTimed = bySend.length < 3;
  // Interrupts-off time at awake targets, from the IPIs it held up: an awake target's delivery beyond the line is
  // the rest of whatever kept its interrupts off when the IPI came (a section, an NMI, another handler).
  // preemptirq sections, when the trace has them, give the interrupts-off time directly: the IPIs' estimate is then only a cross-check.
  let spanNs = 0;
  for (const [first, last] of irqSpan.values()) spanNs += Math.max(0, last - Math.max(first, from));
  const kept = sections.filter((x) => x.ts >= from).map((x) => net(x.len)).filter((l) => l > 0);
  const bySections = kept.length >= MIN_SECTIONS && spanNs > 0;
  if (!bySections && sectionsSeen > 0) notes.push(`Only ${kept.length} preemptirq sections (fewer than ${MIN_SECTIONS}): interrupts-off time is read from the IPIs it held up, if any.`);
  const excess = awake.filter((x) => queueTimed === (x.x === 0)).map((x) => afterWrites(x) - base);
  let crossCheck = "";
  if (excess.length >= MIN_HELD_UP_SAMPLES) {
    const cut = heldUpThreshold(excess);
    const held = excess.filter((x) => x > cut);
    const share = wilson(held.length, excess.length);
    if (bySections) crossCheck = `; the IPIs they held up (${held.length} of ${excess.length} awake targets, ${(100 * share.value).toPrecision(2)}%, NMIs included) are only a cross-check`;
    else {
      fit["workload.irqOff.probability"] = { ...share, n: excess.length, estimator: `share of awake targets whose IPI arrived more than ${formatNs(cut)} after the rest (5 × the deliveries' median absolute deviation, at least ${MIN_HELD_UP_NS} ns), with a 90% Wilson interval: interrupts off for any reason, NMIs included` };
      if (held.length >= 5) {
        const t = bootstrapLogNormal(held);
        fit["workload.irqOff.medianNs"] = { ...t.median, n: held.length, estimator: `log-normal MLE (e^μ) of those IPIs' extra delay: the remaining interrupts-off time when the IPI came (below ${formatNs(cut)} it is not told from the deliveries' spread)` };
        fit["workload.irqOff.sigma"] = { ...t.sigma, n: held.length, estimator: "log-normal MLE (σ of ln) of the same" };
        samples["workload.irqOff.medianNs"] = held;
      } else notes.push(`${held.length} of ${excess.length} IPIs to awake CPUs were held up by interrupts-off time: its length keeps its values.`);
    }
  }
  if (bySections) {
    const total = sectionsSeen * (kept.length / sections.length);
    const t = preemptirqSections(kept, total, spanNs);
    const sample = sectionsSeen > kept.length ? `a uniform sample of ${formatNumber(kept.length)} of the trace's ${formatNumber(sectionsSeen)} sections` : "every section";
    fit["workload.irqOff.probability"] = { ...t.share, n: kept.length, estimator: `share of the traced CPU time inside a preemptirq section (irq_disable → irq_enable on one CPU, less the tracer's cost per event; ${sample}; sections the CPU went idle in are the idle loop's and left out), with a 90% bootstrap interval over the sections` };
    fit["workload.irqOff.medianNs"] = { ...t.median, n: kept.length, estimator: "log-normal MLE (e^μ) of the remaining interrupts-off time at a uniform moment: length-weighted over the sections (a moment lands in one with probability ∝ its length, at a uniform point)" };
    fit["workload.irqOff.sigma"] = { ...t.sigma, n: kept.length, estimator: "log-normal MLE (σ of ln) of the same" };
    samples["workload.irqOff.medianNs"] = residuals(kept, MAX_SAMPLES);
    notes.push(`Interrupts-off time was read from ${formatNumber(kept.length)} preemptirq sections${crossCheck}.`);
  }
  for (const x of delivery) {
    if (x.idle < 0 || x.ts < from) continue;
    const name = idleNames[x.idle];
    const declared = name === "C1" ? p.costs.idleExitC1Ns : name === "C1E" ? p.costs.idleExitC1ENs : name === "C6" ? p.costs.idleExitC6Ns : NaN;
    if (!(declared > 0)) continue; // POLL or an unknown state: no exit latency to scale
    // Timed from a send: less the target's ICR writes; from the queueing when the awake delivery was too.
    if (queueTimed !== (x.x === 0)) continue;
    const exit = afterWrites(x) - base;
    idleDeltas.push(exit);
    idleShares.push(Math.max(0.01, Math.min(1, exit / declared)));
  }
  if (idleShares.length >= 3) {
    const b = bootstrapMedian(idleShares);
    fit["costs.idleWakeMedianShare"] = { ...b, n: idleShares.length, estimator: "median over idle targets of (send → call_function_entry − the awake delivery) / the declared exit latency of the target's state (power:cpu_idle index → name)" };
    samples["costs.idleWakeMedianShare"] = idleDeltas;
  } else notes.push("Fewer than 3 IPIs to CPUs in a known idle state (power:cpu_idle): costs.idleWakeMedianShare keeps its value.");
  const backs = handBack.filter((x) => x.ts >= from).map((x) => net(x.d));
  let crossNs = p.costs.crossCpuWakeNs;
  if (backs.length >= 5) {
    const b = bootstrapMedian(backs);
    fit["costs.crossCpuWakeNs"] = { ...b, n: backs.length, estimator: "median of cpuhp_exit on a CPU → the caller's next sched_waking of cpuhp/M (M then runs the same step): the wake-up back to the caller and the step's bookkeeping, which the model charges as one cross-CPU wake-up" };
    samples["costs.crossCpuWakeNs"] = backs;
    crossNs = b.value;
  } else notes.push(backs.length ? `Fewer than 5 cpuhp steps in a row on other CPUs (${backs.length}): costs.crossCpuWakeNs keeps its value.` : "No cpuhp steps in a row (record -e cpuhp -e sched:sched_waking with a cpuhp_setup_state() trigger, such as loading coretemp): costs.crossCpuWakeNs keeps its value.");
  const wakes = wake.filter((x) => x.ts >= from).map((x) => net(x.d) - crossNs).filter((x) => x > 0);
  if (wakes.length >= 5) {
    // Body and tail split where the body cannot reach: e^(median + 4σ) of ln, σ from the quartiles (a small tail barely moves them).
    const threshold = tailThreshold(wakes);
    const body = wakes.filter((x) => x <= threshold), tail = wakes.filter((x) => x > threshold);
    const { median: m, sigma: s } = bootstrapLogNormal(body);
    const cut = formatNs(threshold);
    fit["costs.cfsWakeMedianNs"] = { ...m, n: body.length, estimator: `log-normal MLE (e^μ) of sched_waking → sched_switch to the kworker on a busy CPU, less costs.crossCpuWakeNs (${Math.round(crossNs)} ns${fit["costs.crossCpuWakeNs"] ? ", from the cpuhp steps" : ""}), below the tail threshold (${cut})` };
    fit["costs.cfsWakeSigma"] = { ...s, n: body.length, estimator: "log-normal MLE (σ of ln) of the same" };
    samples["costs.cfsWakeMedianNs"] = body;
    // A share read from fewer tail samples would mostly say how long the trace is (0 of a few hundred is not "no tail").
    if (tail.length >= MIN_TAIL) {
      fit["costs.cfsWakeTailShare"] = { ...wilson(tail.length, wakes.length), n: wakes.length, estimator: `share of the wake-ups above ${cut} (the body's median × e^(4σ) of ln, σ from its quartiles), with a 90% Wilson interval` };
      const t = bootstrapLogNormal(tail);
      fit["costs.cfsWakeTailMedianNs"] = { ...t.median, n: tail.length, estimator: `log-normal MLE (e^μ) of the wake-ups above ${cut} (the tail's part below it is cut off: read high when the tail reaches down to the body)` };
      fit["costs.cfsWakeTailSigma"] = { ...t.sigma, n: tail.length, estimator: "log-normal MLE (σ of ln) of the same" };
    } else notes.push(`${tail.length} of ${wakes.length} busy-CPU wake-ups above ${cut} (fewer than ${MIN_TAIL}): the tail keeps its share and shape.`);
  } else notes.push(sawWake ? "Fewer than 5 kworker wake-ups on busy CPUs: the busy-CPU wake-up keeps its values." : "No sched_waking of kworkers (record -e sched:sched_waking -e sched:sched_switch with a workqueue trigger): the busy-CPU wake-up keeps its values.");
  if (!sawIpi && sawCsd) notes.push("No ipi_send_* events: sends are timed from csd_queue_cpu, and costs.icrWriteNs keeps its value.");
  if (ttwu) notes.push(`${ttwu} wake-list CSDs (sched_ttwu_pending) were not all-CPU calls and were left out.`);
  const shown = [...offsets].filter(([, v]) => Math.abs(v) >= OFFSET_SHOWN_NS).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  if (shown.length) notes.push(`Clock offsets from IPIs sent both ways (half the difference of the smallest delay each way), against CPU ${ref}: ${shown.slice(0, 5).map(([c, v]) => `CPU ${c} ${v > 0 ? "+" : "−"}${formatNumber(Math.abs(v))} ns`).join(", ")}${shown.length > 5 ? `, and ${shown.length - 5} more` : ""}. Every cross-CPU delta was corrected by them; record with trace-cmd record -C global to need none.`);
  if (skewed) notes.push(`${skewed} target events came before their sender's${offsets.size ? " even after the clock offsets were taken off" : ""}: the CPUs' clocks are not in step. They were left out; record with trace-cmd record -C global.`);
  if (lostAny) notes.push(`The tracer lost events on CPU ${Object.keys(stats.lost).join(", ")}: only the span after every CPU's first event was used.`);
  if (stats.resolution === "us") notes.push("Timestamps are in µs (tracefs text): each delta is known to ±1 µs only; use trace-cmd report -t or perf script --ns.");
  if (floor > 0) notes.push(`The shortest gap between csd_function_exit and call_function_exit, back to back on one CPU, ${Math.round(floor)} ns, was taken as the tracer's cost per event and subtracted from every delta.`);
  if (stats.events === 0) notes.push("No trace events were found in this input: nothing was fitted.");
  return { fit, samples, stats, notes, skewed, overheadNs: floor, clockOffsetsNs: Object.fromEntries([...offsets].filter(([c]) => c !== ref).map(([c, v]) => [c, Math.round(v)])) };
}

/** The scenario's parameters with a fit's estimates applied (each within its schema's caps, or left alone). */
export function fittedInput(f: TraceFit): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, v] of Object.entries(f.fit)) if (v && Number.isFinite(v.value)) out[path] = path.endsWith("Ns") ? Math.round(v.value) : Number(v.value.toPrecision(4));
  return out;
}

