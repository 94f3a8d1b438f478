/**
 * One draw of the machine at the moment the request arrives: which LPs are
 * online, on which socket, what each is doing, and how long it stays unable
 * to take the request. Every strategy of a run sees the same draw (common
 * random numbers), so differences between strategies are never sampling noise.
 *
 * Idle CPUs: at boot (subsys_initcall) intel_idle has not registered yet
 * (device_initcall(intel_idle_init), drivers/idle/intel_idle.c), so idle
 * CPUs sit in HLT through default_idle(): C1. At KVM load the governor has
 * put deepIdleShare of them in the deepest enabled state, the rest in C1. A
 * wake-up is drawn around the measured median (a share of intel_idle's
 * declared exit_latency) and capped at the declared value, which is a worst case.
 *
 * RT throttling: def_rt_bandwidth has one rt_period_timer, and
 * do_sched_rt_period_timer() (kernel/sched/rt.c) replenishes every CPU in
 * the same callback, so all RT hogs are throttled at the same phase: one
 * phase per run. (From v6.12 the fair server replaces it, commit 5f6bd380c7bd;
 * the model keeps the 2022 kernel's behaviour.)
 */
import type { Params } from "./params/schema.ts";
import { type Mulberry32, rng, roundedLogNormal } from "./random.ts";

/** Per-CPU state codes, indexed like MachineDraw.cpu. */
export const CALLER = 0, IDLE = 1, CFS = 2, RT = 3, ISOLATED = 4;
export const STATE_NAMES = ["caller", "idle", "cfs", "rt", "isolated"] as const;

/** Uniforms each CPU owns in the stream: irqOff, its length, NMI, its length, CFS wake-up, its tail, preempt-off, its length, deep idle, its wake-up. */
const DRAWS = 10;

/** Lognormal draws are capped so that every time stays finite (10 minutes). */
export const MAX_SECTION_NS = 600e9;

/** One draw of the machine: every online LP's state and what delays it (drawMachine()). */
export interface MachineDraw {
  /** BIOS-enabled LPs (sockets x cores x threads). */
  lps: number;
  /** Online LPs, in Linux CPU-number order; index 0 is the caller's CPU. */
  cpu: Int32Array;
  /** x2APIC cluster (16 LPs) of each online LP, for cluster-mode IPIs. */
  cluster: Int32Array;
  /** State code of each online LP (CALLER, IDLE, CFS, RT, ISOLATED). */
  state: Uint8Array;
  /** Remaining interrupts-off section or NMI when the request reaches the CPU. */
  blockedNs: Float64Array;
  /** Socket of each online LP. */
  socket: Int32Array;
  /** Extra delay before a woken SCHED_NORMAL kthread runs (busy CFS CPUs). */
  cfsDelayNs: Float64Array;
  /** Remaining non-preemptible section: delays a woken stopper, not an IPI. */
  preemptOffNs: Float64Array;
  /** Wake-up latency of each idle CPU from the state it sits in (0 for busy CPUs). */
  idleWakeNs: Float64Array;
  /** Delay until RT throttling lets SCHED_NORMAL run on an RT-hog CPU (Infinity: never). */
  rtDelayNs: Float64Array;
  /** All BIOS-enabled LPs are online (the "all BIOS-enabled CPUs" requirement can be met). */
  allOnline: boolean;
  /**
   * The kernel may use the 'all but self' IPI shorthand: apic_smt_update()
   * enables it only when every present CPU has booted once (SMT-off siblings
   * did; CPUs cut by maxcpus= did not) and no_ipi_broadcast is not set.
   */
  shorthand: boolean;
}

/** BIOS-enabled LPs: sockets x cores x threads. */
export function biosLps(m: Params["machine"]): number {
  return m.sockets * m.coresPerSocket * m.threadsPerCore;
}

/**
 * Linux numbers the first thread of every core first (CPU 0..cores-1), then
 * the second threads, and so on: so SMT off and maxcpus= keep a prefix.
 */
export function onlineCount(m: Params["machine"]): number {
  const cores = m.sockets * m.coresPerSocket;
  const booted = m.smtOff ? cores : cores * m.threadsPerCore;
  return m.maxcpus > 0 ? Math.min(m.maxcpus, booted) : booted;
}

export function drawMachine(p: Params, seed: number): MachineDraw {
  return drawWith(p, seed, DRAW_PARTS);
}

/** Where a machine's topology sits: which LP is online where. No randomness. */
export interface Topology {
  /** Online LPs. */
  n: number;
  /** Linux CPU number of each online LP. */
  cpu: Int32Array;
  /** x2APIC cluster of each online LP. */
  cluster: Int32Array;
  /** Socket of each online LP. */
  socket: Int32Array;
}

/** Each online LP's state, and the stream where the per-CPU uniforms start. */
export interface StateDraw {
  /** State code per online LP (index 0 is the caller). */
  state: Uint8Array;
  /** The stream after the states and the RT phase were drawn (read with ahead() only). */
  stream: Mulberry32;
  /** Delay until RT throttling lets SCHED_NORMAL run on each RT-hog LP (Infinity: never; 0 elsewhere). */
  rtDelayNs: Float64Array;
}

/**
 * The parts of a draw, each reading only the parameters its comment names
 * (with the seed, and the parts before it). drawWith() puts them together;
 * a DrawCache (draw-cache.ts) keeps each part under those parameters, so a
 * change redraws only the parts that read it. Every CPU's uniforms sit at a
 * fixed place in the stream (DRAWS each, read with ahead()), so the parts
 * can be drawn apart, in any order, with the same values.
 */
export interface DrawParts {
  /** machine (except idleCState). */
  topology(m: Params["machine"]): Topology;
  /** The topology; workload idle/cfs/rt/isolated; kernel rtThrottling, rtRuntimeUs, rtPeriodUs. */
  states(p: Params, t: Topology, seed: number): StateDraw;
  /** The stream; workload.irqOff and workload.nmi. */
  blocked(p: Params, n: number, s: StateDraw): Float64Array;
  /** The states and stream; costs.cfsWake* and workload.preemptOff. */
  busy(p: Params, s: StateDraw): { cfsDelayNs: Float64Array; preemptOffNs: Float64Array };
  /** The states and stream; machine.idleCState, workload.initAt and deepIdleShare, costs.idleExit* and idleWake*. */
  idle(p: Params, s: StateDraw): Float64Array;
}

/**
 * The parameters each part reads, as leaf paths: a part's value is the same
 * for the same seed, the same parts before it, and these values. A test
 * holds DrawCache, which keys the parts by them, to drawMachine().
 */
export const DRAW_PART_INPUTS: Readonly<Record<keyof DrawParts, readonly string[]>> = {
  topology: ["machine.sockets", "machine.coresPerSocket", "machine.threadsPerCore", "machine.smtOff", "machine.maxcpus"],
  states: ["workload.idle", "workload.cfs", "workload.rt", "workload.isolated", "kernel.rtThrottling", "kernel.rtRuntimeUs", "kernel.rtPeriodUs"],
  blocked: ["workload.irqOff.probability", "workload.irqOff.medianNs", "workload.irqOff.sigma", "workload.nmi.probability", "workload.nmi.medianNs", "workload.nmi.sigma"],
  busy: ["costs.cfsWakeMedianNs", "costs.cfsWakeSigma", "costs.cfsWakeTailShare", "costs.cfsWakeTailMedianNs", "costs.cfsWakeTailSigma", "workload.preemptOff.probability", "workload.preemptOff.medianNs", "workload.preemptOff.sigma"],
  idle: ["machine.idleCState", "workload.initAt", "workload.deepIdleShare", "costs.idleExitC1Ns", "costs.idleExitC1ENs", "costs.idleExitC6Ns", "costs.idleWakeMedianShare", "costs.idleWakeSigma"],
};

/**
 * Every parameter drawMachine() reads: its parts' and drawWith()'s own
 * (kernel.ipiShorthand; the machine's size, which the parts read too). Two
 * scenarios equal on these draw the same machine for the same seed.
 */
export const DRAW_INPUTS: ReadonlySet<string> = new Set([...Object.values(DRAW_PART_INPUTS).flat(), "kernel.ipiShorthand"]);

/** Does drawMachine() read this parameter (a leaf path)? */
export function drawReads(path: string): boolean {
  return DRAW_INPUTS.has(path);
}

/** A machine draw from its parts. */
export function drawWith(p: Params, seed: number, parts: DrawParts): MachineDraw {
  const m = p.machine;
  const t = parts.topology(m);
  const s = parts.states(p, t, seed);
  const { cfsDelayNs, preemptOffNs } = parts.busy(p, s);
  const cores = m.sockets * m.coresPerSocket;
  const lps = biosLps(m);
  return {
    lps,
    cpu: t.cpu, cluster: t.cluster, socket: t.socket,
    state: s.state,
    blockedNs: parts.blocked(p, t.n, s),
    cfsDelayNs, preemptOffNs,
    rtDelayNs: s.rtDelayNs,
    idleWakeNs: parts.idle(p, s),
    allOnline: t.n === lps,
    // apic_smt_update(): see MachineDraw.shorthand.
    shorthand: p.kernel.ipiShorthand && (m.maxcpus === 0 || m.maxcpus >= cores * m.threadsPerCore),
  };
}

/** Drawn durations are whole nanoseconds: every later sum of them is exact, so
 * two strategies that add the same steps in another order agree exactly. */
const cap = (x: number) => Math.round(Math.min(MAX_SECTION_NS, x));
/** cap(logNormal(u, median, sigma)) (roundedLogNormal() computes it; cap() is
 * monotone, so cap(max(a, b)) is max(cap(a), cap(b)) and likewise for min). */
const ns = (u: number, median: number, sigma: number) => roundedLogNormal(u, median, sigma, MAX_SECTION_NS);

/** The parts as drawMachine() draws them, nothing kept. */
export const DRAW_PARTS: DrawParts = {
  topology(m) {
    const n = onlineCount(m);
    const cores = m.sockets * m.coresPerSocket;
    const cpu = new Int32Array(n);
    const cluster = new Int32Array(n);
    const socket = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      cpu[i] = i;
      const thread = Math.floor(i / cores);
      const core = i % cores;
      // x2APIC IDs put the threads of a core next to each other; 16 IDs a cluster.
      cluster[i] = Math.floor((core * m.threadsPerCore + thread) / 16);
      socket[i] = Math.floor(core / m.coresPerSocket);
    }
    return { n, cpu, cluster, socket };
  },

  states(p, t, seed) {
    const r = rng(seed, 1);
    const state = assignStates(p.workload, t.n, r);
    const k = p.kernel;
    const rtNeverYields = !k.rtThrottling || k.rtRuntimeUs >= k.rtPeriodUs;
    // sched-rt-group.rst: the RT hogs run rtRuntimeUs of every rtPeriodUs, all
    // in phase (one period timer); a SCHED_NORMAL thread woken at a uniform
    // phase waits for the budget to run out.
    const rtDelay = rtNeverYields ? Infinity : Math.round(Math.max(0, k.rtRuntimeUs - r.next() * k.rtPeriodUs) * 1000);
    const rtDelayNs = new Float64Array(t.n);
    if (rtDelay !== 0) for (let i = 1; i < t.n; i++) if (state[i] === RT) rtDelayNs[i] = rtDelay;
    return { state, stream: r, rtDelayNs };
  },

  // Every CPU owns DRAWS consecutive uniforms of the stream, so the streams
  // never shift when the mix changes; only the ones that matter are computed.
  blocked(p, n, { stream: r }) {
    const w = p.workload;
    const blockedNs = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      const at = i * DRAWS + 1;
      const irqOff = r.ahead(at) < w.irqOff.probability ? ns(r.ahead(at + 1), w.irqOff.medianNs, w.irqOff.sigma) : 0;
      const nmi = r.ahead(at + 2) < w.nmi.probability ? ns(r.ahead(at + 3), w.nmi.medianNs, w.nmi.sigma) : 0;
      blockedNs[i] = Math.max(irqOff, nmi);
    }
    return blockedNs;
  },

  busy(p, { state, stream: r }) {
    const n = state.length;
    const c = p.costs, w = p.workload;
    const cfsDelayNs = new Float64Array(n);
    const preemptOffNs = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      if (state[i] !== CFS) continue;
      const at = i * DRAWS + 1;
      // A log-normal body and a heavy tail (schbench's p99.9 is 18x its p99).
      const uCfs = r.ahead(at + 4);
      cfsDelayNs[i] = r.ahead(at + 5) < c.cfsWakeTailShare
        ? ns(uCfs, c.cfsWakeTailMedianNs, c.cfsWakeTailSigma)
        : ns(uCfs, c.cfsWakeMedianNs, c.cfsWakeSigma);
      preemptOffNs[i] = r.ahead(at + 6) < w.preemptOff.probability ? ns(r.ahead(at + 7), w.preemptOff.medianNs, w.preemptOff.sigma) : 0;
    }
    return { cfsDelayNs, preemptOffNs };
  },

  idle(p, { state, stream: r }) {
    const n = state.length;
    const c = p.costs, m = p.machine, w = p.workload;
    const deepest = m.idleCState === "C1" ? c.idleExitC1Ns : m.idleCState === "C1E" ? c.idleExitC1ENs : c.idleExitC6Ns;
    const deepShare = w.initAt === "boot" ? 0 : w.deepIdleShare;
    const idleWakeNs = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      if (state[i] !== IDLE) continue;
      const at = i * DRAWS + 1;
      const declared = r.ahead(at + 8) < deepShare ? deepest : c.idleExitC1Ns;
      idleWakeNs[i] = Math.min(cap(declared), ns(r.ahead(at + 9), declared * c.idleWakeMedianShare, c.idleWakeSigma));
    }
    return idleWakeNs;
  },
};

/**
 * Exact counts by largest remainder (so a 25% mix on 8 CPUs is 2 CPUs, not
 * "about 2"), placed on CPUs 1..n-1 by a seeded shuffle.
 */
/**
 * How many of the n - 1 CPUs other than the caller's are idle, busy with
 * normal tasks, RT hogs and nohz_full: the workload's shares realised
 * exactly, by largest remainder (so at small n a share rounds to whole
 * CPUs: 10% idle is no idle CPU among 3, one among 7).
 */
export function stateCounts(w: Pick<Params["workload"], "idle" | "cfs" | "rt" | "isolated">, n: number): { idle: number; cfs: number; rt: number; isolated: number } {
  const c = countsOf(w, n);
  return { idle: c[0], cfs: c[1], rt: c[2], isolated: c[3] };
}

function countsOf(w: Pick<Params["workload"], "idle" | "cfs" | "rt" | "isolated">, n: number): number[] {
  const others = Math.max(0, n - 1);
  const shares = [w.idle, w.cfs, w.rt, w.isolated];
  const total = shares.reduce((a, b) => a + b, 0) || 1;
  const exact = shares.map((s) => (s / total) * others);
  const counts = exact.map(Math.floor);
  let left = others - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j++, left--) counts[order[j % 4][1]]++;
  return counts;
}

function assignStates(w: Params["workload"], n: number, r: { next(): number }): Uint8Array {
  const state = new Uint8Array(n);
  const counts = countsOf(w, n);
  let i = 1;
  counts.forEach((count, s) => {
    for (let j = 0; j < count; j++) state[i++] = s + 1;
  });
  for (let a = n - 1; a > 1; a--) {
    const b = 1 + Math.floor(r.next() * a); // Fisher-Yates over 1..a
    const t = state[a]; state[a] = state[b]; state[b] = t;
  }
  state[0] = CALLER;
  return state;
}
