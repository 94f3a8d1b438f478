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
import { rng, roundedLogNormal } from "./random.ts";

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

/**
 * The parameters drawMachine() reads (dotted paths or their prefixes): two
 * scenarios equal on these draw the same machine for the same seed.
 */
export const DRAW_INPUTS: readonly string[] = [
  "machine.", "workload.", "kernel.rtThrottling", "kernel.rtRuntimeUs", "kernel.rtPeriodUs", "kernel.ipiShorthand",
  "costs.idleExit", "costs.idleWake", "costs.cfsWake",
];

/** Does drawMachine() read this parameter? */
export function drawReads(path: string): boolean {
  return DRAW_INPUTS.some((prefix) => path.startsWith(prefix));
}

export function drawMachine(p: Params, seed: number): MachineDraw {
  const m = p.machine;
  const lps = biosLps(m);
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

  const r = rng(seed, 1);
  const state = assignStates(p.workload, n, r);
  const blockedNs = new Float64Array(n);
  const cfsDelayNs = new Float64Array(n);
  const rtDelayNs = new Float64Array(n);
  const preemptOffNs = new Float64Array(n);
  const idleWakeNs = new Float64Array(n);
  const w = p.workload;
  const k = p.kernel;
  const c = p.costs;
  const rtNeverYields = !k.rtThrottling || k.rtRuntimeUs >= k.rtPeriodUs;
  // sched-rt-group.rst: the RT hogs run rtRuntimeUs of every rtPeriodUs, all
  // in phase (one period timer); a SCHED_NORMAL thread woken at a uniform
  // phase waits for the budget to run out.
  const rtDelay = rtNeverYields ? Infinity : Math.round(Math.max(0, k.rtRuntimeUs - r.next() * k.rtPeriodUs) * 1000);
  const deepest = m.idleCState === "C1" ? c.idleExitC1Ns : m.idleCState === "C1E" ? c.idleExitC1ENs : c.idleExitC6Ns;
  const deepShare = w.initAt === "boot" ? 0 : w.deepIdleShare;
  // Drawn durations are whole nanoseconds: every later sum of them is exact,
  // so two strategies that add the same steps in another order agree exactly.
  // ns(u, median, sigma) is cap(logNormal(u, median, sigma)), computed by
  // roundedLogNormal(); cap() is monotone, so cap(max(a, b)) is
  // max(cap(a), cap(b)) and cap(min(a, b)) is min(cap(a), cap(b)).
  const cap = (x: number) => Math.round(Math.min(MAX_SECTION_NS, x));
  const ns = (u: number, median: number, sigma: number) => roundedLogNormal(u, median, sigma, MAX_SECTION_NS);
  // Every CPU owns DRAWS consecutive uniforms of the stream, so the streams
  // never shift when the mix changes; only the ones that matter are computed.
  for (let i = 1; i < n; i++) {
    const at = i * DRAWS + 1;
    const irqOff = r.ahead(at) < w.irqOff.probability ? ns(r.ahead(at + 1), w.irqOff.medianNs, w.irqOff.sigma) : 0;
    const nmi = r.ahead(at + 2) < w.nmi.probability ? ns(r.ahead(at + 3), w.nmi.medianNs, w.nmi.sigma) : 0;
    blockedNs[i] = Math.max(irqOff, nmi);
    const s = state[i];
    if (s === CFS) {
      // A log-normal body and a heavy tail (schbench's p99.9 is 18x its p99).
      const uCfs = r.ahead(at + 4);
      cfsDelayNs[i] = r.ahead(at + 5) < c.cfsWakeTailShare
        ? ns(uCfs, c.cfsWakeTailMedianNs, c.cfsWakeTailSigma)
        : ns(uCfs, c.cfsWakeMedianNs, c.cfsWakeSigma);
      preemptOffNs[i] = r.ahead(at + 6) < w.preemptOff.probability ? ns(r.ahead(at + 7), w.preemptOff.medianNs, w.preemptOff.sigma) : 0;
    }
    if (s === RT) rtDelayNs[i] = rtDelay;
    if (s === IDLE) {
      const declared = r.ahead(at + 8) < deepShare ? deepest : c.idleExitC1Ns;
      idleWakeNs[i] = Math.min(cap(declared), ns(r.ahead(at + 9), declared * c.idleWakeMedianShare, c.idleWakeSigma));
    }
  }
  r.skip(n * DRAWS); // a draw added after this loop starts after every CPU's, as before

  const allOnline = n === lps;
  const shorthand = k.ipiShorthand && (m.maxcpus === 0 || m.maxcpus >= cores * m.threadsPerCore);
  return { lps, cpu, cluster, socket, state, blockedNs, cfsDelayNs, preemptOffNs, rtDelayNs, idleWakeNs, allOnline, shorthand };
}

/**
 * Exact counts by largest remainder (so a 25% mix on 8 CPUs is 2 CPUs, not
 * "about 2"), placed on CPUs 1..n-1 by a seeded shuffle.
 */
function assignStates(w: Params["workload"], n: number, r: { next(): number }): Uint8Array {
  const state = new Uint8Array(n);
  const others = n - 1;
  const shares = [w.idle, w.cfs, w.rt, w.isolated];
  const total = shares.reduce((a, b) => a + b, 0) || 1;
  const exact = shares.map((s) => (s / total) * others);
  const counts = exact.map(Math.floor);
  let left = others - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j++, left--) counts[order[j % 4][1]]++;
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
