/** The plain, JSON-serialisable result of one simulated run. Times in ns. */
import type { Strategy } from "./params/schema.ts";

/** What a CPU is doing during a segment of the swimlane figure. */
export type SegmentKind =
  | "queue"        // caller: queueing CSDs / work items, writing the ICR
  | "ipi-pending"  // an IPI or wake-up is on its way
  | "idle-exit"    // the target leaves its idle state before it can take the interrupt
  | "irq-off"      // the CPU's own interrupts-off section or NMI delays the request
  | "hardirq"      // call-function / wake-up interrupt entry, CSD handling, exit
  | "lock-wait"    // SEAMCALL entry and the wait for the module's lock line
  | "seamcall"     // the leaf runs (from the lock grant) and returns, interrupts off
  | "wait-kthread" // a kworker, cpuhp or stopper thread is woken but not running yet
  | "switch"       // context switch into or out of the kthread
  | "spin"         // caller or stopper busy-waiting
  | "rendezvous"   // stop_machine: spinning in multi_cpu_stop with interrupts off
  | "sleep";       // caller asleep in flush_work / wait_for_completion

/** One stretch of a CPU's swimlane. Times in ns since the call. */
export interface Segment {
  /** What the CPU does. */
  kind: SegmentKind;
  /** Start, ns. */
  start: number;
  /** End, ns. */
  end: number;
}

/** Per-CPU state when the request arrives. "caller" is the CPU running the init code. */
export type CpuState = "caller" | "idle" | "cfs" | "rt" | "isolated" | "offline";

/** One online CPU's swimlane. */
export interface CpuLane {
  /** Linux CPU number. */
  cpu: number;
  /** What the CPU was doing when the request arrived. */
  state: CpuState;
  /** Its segments, in time order per kind. */
  segments: Segment[];
}

/** How a run ended: completed, completed past a watchdog's threshold, or never. */
export type CompletionStatus = "completed" | "warned" | "stuck";

/** How a run ended, and which watchdogs it crossed. */
export interface Completion {
  /** completed, warned or stuck. */
  status: CompletionStatus;
  /** Watchdogs whose threshold the run crossed, e.g. "csd_lock_timeout", "hung_task". */
  watchdogs: string[];
}

/** What a run leaves after the failed initialisation (src/outcome.ts): shares of bogus SEAMCALLs by answer, and of failed initialisations. */
export interface OutcomeMetrics {
  /** Share of bogus SEAMCALLs after a failed initialisation refused with TDX_SYS_SHUTDOWN where doing nothing would have let the half-initialised module process them: what the dollar lens prices as "a more unique error". */
  benefitShare: number;
  /** Share of bogus SEAMCALLs after a failed initialisation refused with TDX_SYS_SHUTDOWN. */
  bogusDistinct: number;
  /** ... refused with TDX_SYS_NOT_READY. */
  bogusNotReady: number;
  /** ... processed by the half-initialised module. */
  bogusProcessed: number;
  /** ... entering the SEAMLDR's shutdown entry, whose answer is unknown. */
  bogusUnknown: number;
  /** ... entering an unset HOST_RIP. */
  bogusUndefined: number;
  /** Share of failed initialisations after which PAMT writes into freed memory remain possible. */
  corruption: number;
  /** Share of failed initialisations after which this run left an LP with an unset HOST_RIP. */
  undefinedEntry: number;
  /** Share of failed initialisations after which TDX can be initialised again without a reboot. */
  retryable: number;
}

/** The numbers of one run, all plain numbers (ns, counts, shares). */
export interface RunMetrics extends OutcomeMetrics {
  /** TDH.SYS.LP.INIT only: 1 when every BIOS-enabled LP ran it and the run completed, so TDH.SYS.CONFIG can succeed; else 0. */
  tdxUp: number;
  /** Probability the run deadlocks on a recursive cpus_read_lock() under v7's caller (src/linux-paths.ts). */
  deadlockRisk: number;
  /** Longest stretch the caller ran with preemption (or interrupts) off. */
  callerPreemptOffNs: number;
  /** Wall-clock time from the call until the caller returns. Stuck runs report the time the last watchdog fired. */
  callerLatencyNs: number;
  /** CPU time the caller consumed (queueing, spinning, its own SEAMCALL). */
  callerCpuNs: number;
  /** Part of callerCpuNs spent busy-waiting. */
  callerSpinNs: number;
  /** Time the caller slept. */
  callerSleepNs: number;
  /** CPU time the operation consumed on all CPUs, caller included. */
  totalCpuNs: number;
  /** Longest interrupts-off stretch the operation caused on one CPU. */
  irqOffMaxNs: number;
  /** Interrupts-off time the operation caused, summed over CPUs. */
  irqOffSumNs: number;
  /** RT-hog CPUs whose task the operation delayed, and the worst delay. */
  rtDisturbed: number;
  /** The worst delay to an RT hog's task. */
  rtWorstDelayNs: number;
  /** nohz_full CPUs whose task the operation delayed, and the worst delay. */
  isolatedDisturbed: number;
  /** The worst delay to a nohz_full task. */
  isolatedWorstDelayNs: number;
  /** RT-hog and nohz_full CPUs whose task the operation delayed (rtDisturbed + isolatedDisturbed of the same run). */
  disturbedCpus: number;
  /** The worst delay to any RT or nohz_full task in the run. */
  disturbedWorstDelayNs: number;
  /** Delay imposed on RT and nohz_full tasks, summed over those CPUs. */
  disturbanceSumNs: number;
  /** Last SEAMCALL start minus first (0 when fewer than two ran). A SEAMCALL starts at its lock grant. */
  spreadNs: number;
  /** The most SEAMCALLs in flight (from lock grant to return) at one moment (0 when none ran). */
  maxInFlight: number;
  /** Share of all SEAMCALL time during which another LP's SEAMCALL was in flight too (0 when fewer than two ran). */
  overlapShare: number;
  /** Time from the call until half the SEAMCALLs that ran had started. */
  halfStartedNs: number;
  /** Time from the call until every SEAMCALL that ran had started. */
  allStartedNs: number;
  /** LPs that executed the SEAMCALL (what the changelog promised; it does not scale the benefit). */
  coveredLps: number;
  /** coveredLps / BIOS-enabled LPs. */
  coverage: number;
  /** The changelog's "all BIOS-enabled CPUs" is met. */
  requirementMet: boolean;
}

/** One simulated run: its metrics, how it ended, and optionally its swimlanes. */
export interface RunResult extends RunMetrics {
  /** The strategy played. */
  strategy: Strategy;
  /** The seed of the machine draw. */
  seed: number;
  /** BIOS-enabled LPs. */
  lps: number;
  /** Online LPs. */
  onlineLps: number;
  /** The strategy changes the outcome against doing nothing in some failed state (the LP answers, corruption, undefined entries or retry). */
  effective: boolean;
  /** How the run ended. */
  completion: Completion;
  /**
   * Per-CPU swimlanes; present when requested: every online CPU's (up to
   * CAPS.maxTimelineLps LPs), or only the lanes a chart of SimulateOptions.lanes shows.
   */
  timeline?: CpuLane[];
  /** With a timeline, for a send to many CPUs at once (on_each_cpu): when the caller, every CSD queued, began writing the ICR (where the kernel traces ipi_send_cpumask), ns. */
  sendStartNs?: number;
  /** Per online CPU, when SimulateOptions.perCpu asks: its state and its SEAMCALL's start (NaN: it never ran there). */
  perCpu?: { state: CpuState[]; seamcallStartNs: number[] };
  /** When SimulateOptions.criticalPath asks: the chain of steps that sets the caller's latency, summing to it. */
  criticalPath?: CriticalPart[];
}

/** What one part of the critical path is. */
export type PathKind = "store" | "send" | "delivery" | "idle-exit" | "irq-off" | "hardirq" | "kthread-wait" | "lock-wait" | "seamcall" | "rendezvous" | "spin" | "wake" | "stuck";

/** The parts of a critical path, in the order they happen, with labels for every table and chart. */
export const PATH_KINDS: readonly PathKind[] = ["store", "send", "delivery", "idle-exit", "irq-off", "hardirq", "kthread-wait", "lock-wait", "seamcall", "rendezvous", "spin", "wake", "stuck"];

/** Labels of the critical path's parts. */
export const PATH_LABELS: Readonly<Record<PathKind, string>> = {
  store: "records the error (a store)",
  send: "caller queues and sends",
  delivery: "IPI or wake-up in flight",
  "idle-exit": "idle exit",
  "irq-off": "target's interrupts-off section",
  hardirq: "interrupt entry, CSD, exit",
  "kthread-wait": "woken thread waits to run",
  "lock-wait": "SEAMCALL entry, module lock",
  seamcall: "SEAMCALL (leaf and return)",
  rendezvous: "stop_machine steps",
  spin: "caller spins on the rest",
  wake: "caller wakes up",
  stuck: "never ends (until the last watchdog)",
};

/** One part of a critical path: what, on which CPU, how long. */
export interface CriticalPart {
  /** What the time is spent on. */
  kind: PathKind;
  /** The Linux CPU it is spent on; null when the part sums several CPUs (a serial chain). */
  cpu: number | null;
  /** How long, ns. */
  ns: number;
}

/** Numeric metrics, in a fixed order, for Monte Carlo and sweeps. */
export const METRICS = [
  "callerLatencyNs",
  "callerCpuNs",
  "callerSpinNs",
  "callerSleepNs",
  "totalCpuNs",
  "irqOffMaxNs",
  "irqOffSumNs",
  "rtDisturbed",
  "rtWorstDelayNs",
  "isolatedDisturbed",
  "isolatedWorstDelayNs",
  "disturbedCpus",
  "disturbedWorstDelayNs",
  "disturbanceSumNs",
  "spreadNs",
  "maxInFlight",
  "overlapShare",
  "halfStartedNs",
  "allStartedNs",
  "coveredLps",
  "coverage",
  "benefitShare",
  "callerPreemptOffNs",
  "deadlockRisk",
  "bogusDistinct",
  "bogusNotReady",
  "bogusProcessed",
  "bogusUnknown",
  "bogusUndefined",
  "corruption",
  "undefinedEntry",
  "retryable",
  "tdxUp",
] as const satisfies readonly (keyof RunMetrics)[];
/** One numeric metric of a run. */
export type Metric = (typeof METRICS)[number];

/** What a metric's numbers are: nanoseconds, a count of CPUs or LPs, or a share in [0, 1]. */
export type MetricUnit = "ns" | "CPUs" | "LPs" | "share";

/** Label and unit of every metric, for every table, chart and report. */
export const METRIC_META: Readonly<Record<Metric, { label: string; unit: MetricUnit }>> = {
  callerLatencyNs: { label: "caller latency", unit: "ns" },
  callerCpuNs: { label: "caller CPU time", unit: "ns" },
  callerSpinNs: { label: "caller spinning", unit: "ns" },
  callerSleepNs: { label: "caller asleep", unit: "ns" },
  totalCpuNs: { label: "CPU time, all CPUs", unit: "ns" },
  irqOffMaxNs: { label: "longest interrupts-off stretch", unit: "ns" },
  irqOffSumNs: { label: "interrupts-off time, summed", unit: "ns" },
  rtDisturbed: { label: "RT CPUs disturbed", unit: "CPUs" },
  rtWorstDelayNs: { label: "worst RT delay", unit: "ns" },
  isolatedDisturbed: { label: "nohz_full CPUs disturbed", unit: "CPUs" },
  isolatedWorstDelayNs: { label: "worst nohz_full delay", unit: "ns" },
  disturbedCpus: { label: "RT and nohz_full CPUs disturbed", unit: "CPUs" },
  disturbedWorstDelayNs: { label: "worst delay to an RT or nohz_full task", unit: "ns" },
  disturbanceSumNs: { label: "delay to RT and nohz_full tasks", unit: "ns" },
  spreadNs: { label: "first-to-last SEAMCALL start", unit: "ns" },
  maxInFlight: { label: "most SEAMCALLs in flight at once", unit: "LPs" },
  overlapShare: { label: "share of SEAMCALL time overlapping another LP's", unit: "share" },
  halfStartedNs: { label: "time until half the SEAMCALLs started", unit: "ns" },
  allStartedNs: { label: "time until every SEAMCALL started", unit: "ns" },
  coveredLps: { label: "LPs that ran the SEAMCALL", unit: "LPs" },
  coverage: { label: "share of BIOS-enabled LPs that ran it", unit: "share" },
  benefitShare: { label: "bogus SEAMCALLs refused with TDX_SYS_SHUTDOWN instead of processed", unit: "share" },
  callerPreemptOffNs: { label: "caller preempt-off, longest", unit: "ns" },
  deadlockRisk: { label: "deadlock risk (recursive cpus_read_lock)", unit: "share" },
  bogusDistinct: { label: "bogus SEAMCALL refused: TDX_SYS_SHUTDOWN", unit: "share" },
  bogusNotReady: { label: "bogus SEAMCALL refused: TDX_SYS_NOT_READY", unit: "share" },
  bogusProcessed: { label: "bogus SEAMCALL processed", unit: "share" },
  bogusUnknown: { label: "bogus SEAMCALL enters the SEAMLDR entry (unknown)", unit: "share" },
  bogusUndefined: { label: "bogus SEAMCALL enters an unset HOST_RIP", unit: "share" },
  corruption: { label: "PAMT writes into freed memory possible", unit: "share" },
  undefinedEntry: { label: "an LP left with an unset HOST_RIP", unit: "share" },
  retryable: { label: "TDX can be initialised again without a reboot", unit: "share" },
  tdxUp: { label: "TDX comes up (every BIOS-enabled LP ran LP.INIT)", unit: "share" },
};
