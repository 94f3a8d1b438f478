/**
 * The model's parameters: one zod schema, the single source of truth for
 * types, labels, units and hard caps. Defaults and presets (with their
 * published sources) live in data/parameters.json and are merged in
 * ./defaults.ts; the UI, CLI and notebook all read this schema.
 *
 * Hard caps are validation bounds that keep every run bounded in time and
 * memory. They are not the "plausible ranges" of data/parameters.json.
 */
// zod/mini, not the classic "zod": the same parser and issues at a 13th of the
// size (13 kB against 193 kB minified); the classic build's method-laden schema
// objects cost every page 30-40 ms to evaluate before its first cell ran.
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";

// Messages zod writes itself (a section that is not an object, a preset that is
// not a string) in English; zod/mini sets no locale of its own.
z.config(en());

/** Bounds that keep any valid input cheap enough to run (see CAPS in errors). */
export const CAPS = {
  /** Logical CPUs per machine: 2x the largest TDX machine (8S x 60C x 2T = 960) many times over. */
  maxLps: 16384,
  /** Monte Carlo trials per call. */
  maxTrials: 100_000,
  /** Work of one call (workOf in ./work.ts; a sweep's points together): about 2 s on a 2-core machine (npm run bench). */
  maxWork: 8_400_000,
  /** Timelines (swimlanes) are only built up to this many LPs. */
  maxTimelineLps: 2048,
  /** Points of one sweep. */
  maxSweepPoints: 200,
} as const;

/** A field's metadata, for labels, inputs and error messages. */
export interface FieldMeta {
  /** Short human label. */
  label: string;
  /** Unit ("ns", "µs", "fraction", ...), or "" for none. */
  unit: string;
  /** Hard cap, inclusive. */
  min?: number;
  /** Hard cap, inclusive. */
  max?: number;
  /** Integer-valued. */
  integer?: boolean;
  /** One sentence on what the field means. */
  help: string;
  /** Suggest a log scale for sliders. */
  log?: boolean;
  /** The allowed values of a choice. */
  options?: readonly string[];
  /** What a reader sees for each allowed value, where its name is an identifier ("lp_shutdown"). */
  optionLabels?: Readonly<Record<string, string>>;
}

/**
 * The interfaces below are written out (explicit types for JSR), and each is
 * checked against its schema's output at compile time, both ways: a field in
 * one and not the other, or of another type, fails `tsc` and `deno check`.
 */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

const registry = new Map<z.ZodMiniType, FieldMeta>();

/** Field metadata for a leaf schema created by the helpers below. */
export function fieldMeta(schema: z.ZodMiniType): FieldMeta | undefined {
  return registry.get(schema);
}

function num(meta: Omit<FieldMeta, "integer">, integer = false) {
  const s = z.number({ error: (i) => i.input === undefined ? "is required" : `expected a number, got ${describe(i.input)}` }).check(
    ...(integer ? [z.int({ error: "must be a whole number" })] : []),
    ...(meta.min !== undefined ? [z.minimum(meta.min)] : []),
    ...(meta.max !== undefined ? [z.maximum(meta.max)] : []),
  );
  registry.set(s, { ...meta, integer });
  return s;
}
const int = (meta: Omit<FieldMeta, "integer">) => num(meta, true);
const ns = (label: string, help: string, max = 1e9, min = 0) => num({ label, unit: "ns", min, max, help, log: true });
const fraction = (label: string, help: string) => num({ label, unit: "fraction", min: 0, max: 1, help });
/** A probability that spans orders of magnitude: a log scale, and any value from 0 to 1 typed. */
const probability = (label: string, help: string) => num({ label, unit: "fraction", min: 0, max: 1, help, log: true });
function bool(label: string, help: string) {
  const s = z.boolean({ error: (i) => `expected true or false, got ${describe(i.input)}` });
  registry.set(s, { label, unit: "", help });
  return s;
}
function choice<const T extends readonly [string, ...string[]]>(values: T, label: string, help: string, optionLabels?: Readonly<Record<T[number], string>>) {
  const s = z.enum(values, { error: (i) => `expected one of ${values.join(", ")}, got ${describe(i.input)}` });
  registry.set(s, { label, unit: "", help, options: values, ...(optionLabels ? { optionLabels } : {}) });
  return s;
}

export function describe(v: unknown): string {
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (v === null) return "null";
  return typeof v;
}

import { STRATEGIES, type Strategy } from "../strategies/names.ts";
export { STRATEGIES, type Strategy };

/** The deepest idle states a machine may allow (intel_idle max_cstate). */
export const C_STATES: readonly ["C1", "C1E", "C6"] = ["C1", "C1E", "C6"] as const;
/** One idle state. */
export type CState = (typeof C_STATES)[number];

/** The SEAMCALL the mechanism runs: the shutdown (the question) or v7 08/20's LP.INIT (a cost only). */
export const OPERATIONS: readonly ["lp_shutdown", "lp_init"] = ["lp_shutdown", "lp_init"] as const;
/** One SEAMCALL operation. */
export type Operation = (typeof OPERATIONS)[number];

/** The order of the error path: PAMTs freed before the shutdown (v7) or after it. */
export const PAMT_ORDERS: readonly ["free_first", "shutdown_first"] = ["free_first", "shutdown_first"] as const;
/** One order of PAMT free and shutdown. */
export type PamtOrder = (typeof PAMT_ORDERS)[number];

/** When initialisation runs: at boot (subsys_initcall, before intel_idle registers) or when KVM loads. */
export const INIT_TIMES: readonly ["boot", "kvm_load"] = ["boot", "kvm_load"] as const;
/** When TDX initialisation runs. */
export type InitTime = (typeof INIT_TIMES)[number];

/** Remaining length of a section a CPU is in when the request reaches it. */
const section = (what: string) => {
  // A label starts with a capital ("An NMI: median remaining"), the help keeps the article mid-sentence.
  const What = what[0].toUpperCase() + what.slice(1);
  return z.strictObject({
    probability: fraction(`P(in ${what})`, `Probability that a CPU is inside ${what} when the request reaches it.`),
    medianNs: ns(`${What}: median remaining`, `Median remaining length of ${what} (log-normal).`, 600e9),
    sigma: num({ label: `${What}: spread (σ of ln)`, unit: "", min: 0, max: 6, help: `Shape of the log-normal remaining length of ${what}; 0 means fixed.` }),
  });
};

const machineShape = z.strictObject({
  sockets: int({ label: "Sockets", unit: "", min: 1, max: 16, help: "CPU packages. TDX supports 1-8 (NUM_PKGS)." }),
  coresPerSocket: int({ label: "Cores per socket", unit: "", min: 1, max: 1024, help: "Physical cores per package.", log: true }),
  threadsPerCore: int({ label: "Threads per core", unit: "", min: 1, max: 4, help: "SMT threads per core (BIOS-enabled)." }),
  smtOff: bool("SMT off", "Sibling threads are offline (nosmt / smt=off). They were booted once, so IPI shorthands stay allowed."),
  maxcpus: int({ label: "maxcpus=", unit: "LPs", min: 0, max: CAPS.maxLps, help: "Boot at most this many CPUs (0: no limit). The rest never boot, which disables IPI shorthands." }),
  idleCState: choice(C_STATES, "Deepest idle state", "Deepest C-state intel_idle may use (max_cstate). Only reachable once intel_idle has registered, i.e. not at boot."),
});

const workloadShape = z.strictObject({
  idle: fraction("Idle CPUs", "Share of online CPUs (other than the caller's) that are idle."),
  cfs: fraction("Busy CPUs (normal tasks)", "Share running SCHED_NORMAL work."),
  rt: fraction("RT-hog CPUs", "Share running a spinning SCHED_FIFO task."),
  isolated: fraction("Isolated CPUs (nohz_full)", "Share that are nohz_full CPUs running one latency-critical task."),
  initAt: choice(INIT_TIMES, "Initialisation runs", "boot: subsys_initcall, before intel_idle (a device_initcall) registers, so idle CPUs sit in HLT (C1). kvm_load: the cpuidle governor has had time to put idle CPUs in deep states.", { boot: "at boot", kvm_load: "when KVM loads" }),
  deepIdleShare: fraction("Idle CPUs in the deepest state", "At KVM load: share of idle CPUs the governor has put in the deepest enabled state; the rest sit in C1."),
  irqOff: section("an interrupts-off section"),
  preemptOff: section("a non-preemptible section"),
  nmi: section("an NMI"),
});

const costsShape = z.strictObject({
  csdQueueNs: ns("CSD enqueue per target", "Caller cost to fill and llist_add one call_single_data (smp_call_function_many_cond)."),
  icrWriteNs: ns("ICR write (IPI send)", "Caller cost of one x2APIC ICR write; one per target in physical mode."),
  ipiDeliveryNs: ns("IPI delivery", "From the ICR write until the target starts the interrupt, for an awake target with IRQs on."),
  hardirqNs: ns("Hardirq entry + exit", "Target cost to enter and leave the call-function interrupt."),
  csdHandlingNs: ns("CSD handling", "Target cost to run the queue and release the CSD (besides the function)."),
  queueWorkNs: ns("Work queueing", "Caller cost of one queue_work_on() / cpu_stop_queue_work()."),
  crossCpuWakeNs: ns("Cross-CPU wake-up + switch", "Waking a kthread on another, awake CPU until it runs (also the cpuhp hand-off and the wake-up back)."),
  contextSwitchNs: ns("Local wake-up + switch", "Waking a task on the same CPU and switching to it."),
  idleExitC1Ns: ns("C1 exit latency", "intel_idle exit latency of C1."),
  idleExitC1ENs: ns("C1E exit latency", "intel_idle exit latency of C1E."),
  idleExitC6Ns: ns("C6 exit latency", "intel_idle exit latency of C6."),
  idleWakeMedianShare: num({ label: "Measured wake-up / declared exit latency", unit: "", min: 0.01, max: 1, help: "Median measured wake-up from an idle state, as a share of intel_idle's declared exit latency (a worst case)." }),
  idleWakeSigma: num({ label: "Wake-up spread (σ of ln)", unit: "", min: 0, max: 2, help: "Shape of the measured wake-up latency; draws are capped at the declared exit latency." }),
  cfsWakeMedianNs: ns("Wake-up delay on a busy CPU: median", "Delay before a woken kworker runs on a CPU busy with normal tasks: body of the distribution (log-normal)."),
  cfsWakeSigma: num({ label: "Wake-up delay on a busy CPU: σ of ln", unit: "", min: 0, max: 6, help: "Shape of the body." }),
  cfsWakeTailShare: fraction("Wake-up delay: share in the tail", "Share of wake-ups that land in the heavy tail (a second log-normal)."),
  cfsWakeTailMedianNs: ns("Wake-up delay: tail median", "Median of the heavy tail of busy-CPU wake-up delays."),
  cfsWakeTailSigma: num({ label: "Wake-up delay: tail σ of ln", unit: "", min: 0, max: 6, help: "Shape of the tail." }),
  lineTransferNs: ns("Cache-line transfer, same socket", "Moving a contended cache line (a CSD flag, a lock word) between two cores of one socket."),
  remoteLineTransferNs: ns("Cache-line transfer, other socket", "The same between sockets; also added to an IPI's delivery to another socket."),
  stopperAckNs: ns("stop_machine ack per CPU per step", "Each CPU's atomic ack of one multi_cpu_stop state, serialised on one cache line."),
  statusStoreNs: ns("Status store", "Recording the failure in a kernel variable (strategy none)."),
});

const tdxShape = z.strictObject({
  moduleVersion: choice(["1.0", "1.5"] as const, "TDX module", "1.0: TDH.SYS.LP.SHUTDOWN sets the global SYS_SHUTDOWN state. 1.5 and later: it is a no-op, and TDH.SYS.SHUTDOWN exists."),
  operation: choice(OPERATIONS, "SEAMCALL", "lp_shutdown: TDH.SYS.LP.SHUTDOWN (the question). lp_init: TDH.SYS.LP.INIT through the same mechanism (v7 08/20), a cost with no benefit question.", { lp_shutdown: "TDH.SYS.LP.SHUTDOWN", lp_init: "TDH.SYS.LP.INIT" }),
  seamcallNs: ns("SEAMCALL entry + exit", "The SEAMCALL/SEAMRET transition round trip, without the leaf's work, IRQs off."),
  lpShutdownWorkNs: ns("LP.SHUTDOWN work (1.0)", "tdh_sys_lp_shutdown(): state store, VMWRITE of HOST_RIP, INVEPT (the lock is the cache line, costed apart). A stub in 1.5."),
  lpInitWorkNs: ns("LP.INIT work", "tdh_sys_lp_init(): CPUID and MSR consistency checks, keyhole init, INVEPT, VMWRITE."),
  sysShutdownBaseNs: ns("TDH.SYS.SHUTDOWN base latency", "SEAMCALL round trip of the global shutdown, before its per-LP scan."),
  sysShutdownPerLpNs: ns("TDH.SYS.SHUTDOWN per-LP scan", "Check of one LP's busy flag in the global shutdown's loop over all LPs."),
  pamtOrder: choice(PAMT_ORDERS, "PAMT free and shutdown", "free_first: the error path frees the PAMTs, then shuts the module down (v7, per Kai Huang). shutdown_first: the shutdown runs before the PAMTs go back to the kernel.", { free_first: "PAMTs freed first (v7)", shutdown_first: "shutdown first" }),
});

const kernelShape = z.strictObject({
  rtThrottling: bool("RT throttling", "sched_rt_runtime_us < period: normal tasks (and kworkers) get CPU time on RT-hog CPUs."),
  rtRuntimeUs: int({ label: "sched_rt_runtime_us", unit: "µs", min: 0, max: 10_000_000, help: "RT budget per period." }),
  rtPeriodUs: int({ label: "sched_rt_period_us", unit: "µs", min: 1, max: 10_000_000, help: "RT throttling period." }),
  ipiShorthand: bool("IPI shorthand allowed", "no_ipi_broadcast=0: one 'all but self' ICR write when the mask is all online CPUs."),
  apicMode: choice(["physical", "cluster"] as const, "x2APIC mode", "physical: one ICR write per target. cluster: one per cluster of up to 16 LPs."),
  csdLockTimeoutMs: int({ label: "csd_lock_timeout", unit: "ms", min: 0, max: 3_600_000, help: "CSD-lock wait warning threshold (0 disables)." }),
  softLockupS: int({ label: "Soft-lockup threshold", unit: "s", min: 1, max: 3600, help: "A CPU that does not schedule for this long is reported." }),
  wqWatchdogS: int({ label: "Workqueue watchdog", unit: "s", min: 1, max: 3600, help: "wq_watchdog_thresh: a pool that makes no progress for this long is reported." }),
  hungTaskS: int({ label: "Hung-task timeout", unit: "s", min: 1, max: 36_000, help: "A task in D state for this long is reported." }),
  pHotplugWriterPending: probability("P(hotplug writer pending)", "Probability that a CPU-hotplug writer waits on cpus_write_lock() while the error path runs: then a mechanism that takes cpus_read_lock() again under v7's caller deadlocks."),
});

/** Where initialisation failed, as shares of failures (src/tdx-module.ts for what each stage leaves). */
const stageShares = z.strictObject({
  sys_init: fraction("Failed in TDH.SYS.INIT", "Share of failures in TDH.SYS.INIT (module left SYSINIT_PENDING)."),
  lp_init: fraction("Failed in TDH.SYS.LP.INIT", "Share of failures in TDH.SYS.LP.INIT (SYSINIT_DONE)."),
  tdmr_build: fraction("Failed building TDMRs / PAMTs", "Share of failures in the kernel's own TDMR construction or PAMT allocation (SYSINIT_DONE)."),
  config: fraction("Failed in TDH.SYS.CONFIG", "Share of failures in TDH.SYS.CONFIG (SYSINIT_DONE)."),
  key_config: fraction("Failed in TDH.SYS.KEY.CONFIG", "Share of failures in TDH.SYS.KEY.CONFIG (SYSCONFIG_DONE)."),
  tdmr_init: fraction("Failed in TDH.SYS.TDMR.INIT", "Share of failures in TDH.SYS.TDMR.INIT (SYS_READY: every leaf is processed)."),
});

const benefitShape = z.strictObject({
  fleetHosts: num({ label: "Fleet size", unit: "hosts", min: 1, max: 1e8, help: "TDX-capable hosts running this kernel.", log: true }),
  bootsPerHostYear: num({ label: "Boots per host-year", unit: "1/yr", min: 0, max: 1e5, help: "Kernel boots (each initialises TDX) per host per year.", log: true }),
  pInitFailure: probability("P(init fails) per boot", "Probability that TDX module initialisation fails on a boot."),
  pBogusSeamcall: probability("P(bogus SEAMCALL | failure)", "Probability that a kernel bug later issues a SEAMCALL after the failure."),
  hoursSavedPerBogus: num({ label: "Hours saved by the unique error", unit: "h", min: 0, max: 1e4, help: "Engineer-hours a distinct 'module shut down' error saves when that bug happens, over a call the half-initialised module would process." }),
  engineerHourUsd: num({ label: "Engineer-hour", unit: "USD/h", min: 0, max: 1e4, help: "Value of one engineer-hour." }),
  cpuSecondUsd: num({ label: "CPU-second", unit: "USD/s", min: 0, max: 1, help: "Value of one second of one CPU." }),
  disturbanceUsdPerUs: num({ label: "RT/isolated disturbance", unit: "USD/µs", min: 0, max: 1e3, help: "Cost of delaying an RT or nohz_full task by one microsecond." }),
  hoursPerHang: num({ label: "Hours per hang", unit: "h", min: 0, max: 1e4, help: "Engineer-hours to diagnose a boot that hangs (strategy stuck)." }),
  upkeepHoursPerLineYear: num({ label: "Upkeep per line of code", unit: "h/yr", min: 0, max: 100, help: "Engineer-hours a year, upstream, to keep one added line working; scaled by each strategy's lines of code. Paid once, not per fleet." }),
  failedStage: stageShares,
});

/** Thresholds below which a difference is a tie, whatever the Monte Carlo noise. */
const verdictShape = z.strictObject({
  materialNs: ns("Material time difference", "Time differences (latency, CPU time, IRQs-off, disturbance) below this are ties.", 1e9),
  materialShare: fraction("Material relative difference", "Differences below this share of the larger value are ties."),
  materialUsd: num({ label: "Material net value", unit: "USD/yr", min: 0, max: 1e9, help: "Net values closer than this are ties.", log: true }),
});

const paramsShape = z.strictObject({
  preset: z.string(),
  strategy: choice(STRATEGIES, "Strategy", "How the shutdown SEAMCALL reaches the CPUs."),
  seed: int({ label: "Seed", unit: "", min: 0, max: 4294967295, help: "Seed of the run's random draws." }),
  uncertainty: bool("Sample what we don't know", "Monte Carlo trials draw every assumed or derived mechanism parameter from its plausible range (triangular, mode at the scenario's value). Off: point estimates."),
  trials: int({ label: "Trials", unit: "", min: 1, max: CAPS.maxTrials, help: "Monte Carlo trials." }),
  machine: machineShape,
  workload: workloadShape,
  costs: costsShape,
  tdx: tdxShape,
  kernel: kernelShape,
  benefit: benefitShape,
  verdict: verdictShape,
});

/** The schemas, typed by the interfaces below (explicit types for JSR). */
export const machineSchema: z.ZodMiniType<Machine> = machineShape;
export const workloadSchema: z.ZodMiniType<Workload> = workloadShape;
export const costsSchema: z.ZodMiniType<Costs> = costsShape;
export const tdxSchema: z.ZodMiniType<Tdx> = tdxShape;
export const kernelSchema: z.ZodMiniType<KernelConfig> = kernelShape;
export const benefitSchema: z.ZodMiniType<BenefitInputs> = benefitShape;
export const verdictSchema: z.ZodMiniType<VerdictThresholds> = verdictShape;
export const paramsSchema: z.ZodMiniType<Params> = paramsShape;

/**
 * The context every parse in the kernel passes to zod. Without it zod compiles
 * a fast path for each object schema with `new Function` on its first parse:
 * the first scenario parsed took 12-18 ms with it, 4 ms without (Node), paid
 * on every page load (a page parses a handful of scenarios, never
 * thousands). Per call after warm-up both measure 0.25-0.28 ms.
 */
export const PARSE = { jitless: true } as const;

// Each interface equals its schema's output, both ways (see Exact above).
type _machineMatches = Assert<Exact<z.infer<typeof machineShape>, Machine>>;
type _workloadMatches = Assert<Exact<z.infer<typeof workloadShape>, Workload>>;
type _costsMatches = Assert<Exact<z.infer<typeof costsShape>, Costs>>;
type _tdxMatches = Assert<Exact<z.infer<typeof tdxShape>, Tdx>>;
type _kernelMatches = Assert<Exact<z.infer<typeof kernelShape>, KernelConfig>>;
type _benefitMatches = Assert<Exact<z.infer<typeof benefitShape>, BenefitInputs>>;
type _verdictMatches = Assert<Exact<z.infer<typeof verdictShape>, VerdictThresholds>>;
type _paramsMatches = Assert<Exact<z.infer<typeof paramsShape>, Params>>;

/** The remaining length of a section a CPU may be in when the request reaches it. */
export interface Section {
  /** Probability that a CPU is inside such a section. */
  probability: number;
  /** Median remaining length, ns (log-normal). */
  medianNs: number;
  /** Shape: standard deviation of ln(length); 0 for a fixed length. */
  sigma: number;
}

/** The machine: BIOS-enabled LPs and which of them are online. */
export interface Machine {
  /** Sockets: CPU packages. TDX supports 1-8 (NUM_PKGS). */
  sockets: number;
  /** Cores per socket: Physical cores per package. */
  coresPerSocket: number;
  /** Threads per core: SMT threads per core (BIOS-enabled). */
  threadsPerCore: number;
  /** Sibling threads offline (nosmt); they booted once. */
  smtOff: boolean;
  /** maxcpus= boot limit; 0 for none. The rest never boot. */
  maxcpus: number;
  /** Idle state of idle CPUs; its exit latency delays IPIs and wake-ups. */
  idleCState: CState;
}

/** What the online CPUs (other than the caller's) are doing: shares sum to 1. */
export interface Workload {
  /** Idle CPUs: Share of online CPUs (other than the caller's) that are idle. */
  idle: number;
  /** Running SCHED_NORMAL tasks. */
  cfs: number;
  /** Running a spinning SCHED_FIFO task. */
  rt: number;
  /** nohz_full CPUs running one latency-critical task. */
  isolated: number;
  /** When initialisation runs; decides which idle states are reachable. */
  initAt: InitTime;
  /** At KVM load: share of idle CPUs in the deepest enabled state (the rest in C1). */
  deepIdleShare: number;
  /** Interrupts-off sections: delay IPIs and kthreads alike. */
  irqOff: Section;
  /** Preemption disabled with IRQs on: delays kthreads (the stopper included), not IPIs. */
  preemptOff: Section;
  /** NMIs (the watchdog by default): delay everything, like an IRQs-off section. */
  nmi: Section;
}

/** Cost of each step, ns. */
export interface Costs {
  /** CSD enqueue per target (ns): Caller cost to fill and llist_add one call_single_data (smp_call_function_many_cond). */
  csdQueueNs: number;
  /** ICR write (IPI send) (ns): Caller cost of one x2APIC ICR write; one per target in physical mode. */
  icrWriteNs: number;
  /** IPI delivery (ns): From the ICR write until the target starts the interrupt, for an awake target with IRQs on. */
  ipiDeliveryNs: number;
  /** Hardirq entry + exit (ns): Target cost to enter and leave the call-function interrupt. */
  hardirqNs: number;
  /** CSD handling (ns): Target cost to run the queue and release the CSD (besides the function). */
  csdHandlingNs: number;
  /** Work queueing (ns): Caller cost of one queue_work_on() / cpu_stop_queue_work(). */
  queueWorkNs: number;
  /** Cross-CPU wake-up + switch (ns): Waking a kthread on another, awake CPU until it runs (also the cpuhp hand-off and the wake-up back). */
  crossCpuWakeNs: number;
  /** Local wake-up + switch (ns): Waking a task on the same CPU and switching to it. */
  contextSwitchNs: number;
  /** C1 exit latency (ns): intel_idle exit latency of C1. */
  idleExitC1Ns: number;
  /** C1E exit latency (ns): intel_idle exit latency of C1E. */
  idleExitC1ENs: number;
  /** C6 exit latency (ns): intel_idle exit latency of C6. */
  idleExitC6Ns: number;
  /** Measured wake-up / declared exit latency: Median measured wake-up from an idle state, as a share of intel_idle's declared exit latency (a worst case). */
  idleWakeMedianShare: number;
  /** Wake-up spread (σ of ln): Shape of the measured wake-up latency; draws are capped at the declared exit latency. */
  idleWakeSigma: number;
  /** Wake-up delay on a busy CPU: median (ns): Delay before a woken kworker runs on a CPU busy with normal tasks: body of the distribution (log-normal). */
  cfsWakeMedianNs: number;
  /** Wake-up delay on a busy CPU: σ of ln: Shape of the body. */
  cfsWakeSigma: number;
  /** Wake-up delay: share in the tail: Share of wake-ups that land in the heavy tail (a second log-normal). */
  cfsWakeTailShare: number;
  /** Wake-up delay: tail median (ns): Median of the heavy tail of busy-CPU wake-up delays. */
  cfsWakeTailMedianNs: number;
  /** Wake-up delay: tail σ of ln: Shape of the tail. */
  cfsWakeTailSigma: number;
  /** Cache-line transfer, same socket (ns): Moving a contended cache line (a CSD flag, a lock word) between two cores of one socket. */
  lineTransferNs: number;
  /** Cache-line transfer, other socket (ns): The same between sockets; also added to an IPI's delivery to another socket. */
  remoteLineTransferNs: number;
  /** stop_machine ack per CPU per step (ns): Each CPU's atomic ack of one multi_cpu_stop state, serialised on one cache line. */
  stopperAckNs: number;
  /** Status store (ns): Recording the failure in a kernel variable (strategy none). */
  statusStoreNs: number;
}

/** The TDX module. */
export interface Tdx {
  /** "1.0": LP.SHUTDOWN repoints HOST_RIP. "1.5": LP.SHUTDOWN is a no-op and SYS.SHUTDOWN exists. */
  moduleVersion: "1.0" | "1.5";
  /** SEAMCALL: lp_shutdown: TDH.SYS.LP.SHUTDOWN (the question). lp_init: TDH.SYS.LP.INIT through the same mechanism (v7 08/20), a cost with no benefit question. */
  operation: Operation;
  /** SEAMCALL + SEAMRET transition, without the leaf's work. */
  seamcallNs: number;
  /** LP.SHUTDOWN work (1.0) (ns): tdh_sys_lp_shutdown(): state store, VMWRITE of HOST_RIP, INVEPT (the lock is the cache line, costed apart). A stub in 1.5. */
  lpShutdownWorkNs: number;
  /** LP.INIT work (ns): tdh_sys_lp_init(): CPUID and MSR consistency checks, keyhole init, INVEPT, VMWRITE. */
  lpInitWorkNs: number;
  /** TDH.SYS.SHUTDOWN base latency (ns): SEAMCALL round trip of the global shutdown, before its per-LP scan. */
  sysShutdownBaseNs: number;
  /** TDH.SYS.SHUTDOWN per-LP scan (ns): Check of one LP's busy flag in the global shutdown's loop over all LPs. */
  sysShutdownPerLpNs: number;
  /** The error path's order: PAMTs freed before the shutdown (v7) or after it. */
  pamtOrder: PamtOrder;
}

/** Kernel configuration: scheduler, APIC, watchdogs. */
export interface KernelConfig {
  /** RT throttling: sched_rt_runtime_us < period: normal tasks (and kworkers) get CPU time on RT-hog CPUs. */
  rtThrottling: boolean;
  /** sched_rt_runtime_us (µs): RT budget per period. */
  rtRuntimeUs: number;
  /** sched_rt_period_us (µs): RT throttling period. */
  rtPeriodUs: number;
  /** IPI shorthand allowed: no_ipi_broadcast=0: one 'all but self' ICR write when the mask is all online CPUs. */
  ipiShorthand: boolean;
  /** x2APIC mode: physical: one ICR write per target. cluster: one per cluster of up to 16 LPs. */
  apicMode: "physical" | "cluster";
  /** csd_lock_timeout (ms): CSD-lock wait warning threshold (0 disables). */
  csdLockTimeoutMs: number;
  /** Soft-lockup threshold (s): A CPU that does not schedule for this long is reported. */
  softLockupS: number;
  /** Workqueue watchdog (s): wq_watchdog_thresh: a pool that makes no progress for this long is reported. */
  wqWatchdogS: number;
  /** Hung-task timeout (s): A task in D state for this long is reported. */
  hungTaskS: number;
  /** Probability that a CPU-hotplug writer is pending while the error path runs. */
  pHotplugWriterPending: number;
}

/** The benefit model's inputs, with their units in the field names' help. */
export interface BenefitInputs {
  /** Hosts. */
  fleetHosts: number;
  /** Boots per host per year. */
  bootsPerHostYear: number;
  /** Probability per boot. */
  pInitFailure: number;
  /** Probability per failed initialisation. */
  pBogusSeamcall: number;
  /** Engineer-hours. */
  hoursSavedPerBogus: number;
  /** USD per hour. */
  engineerHourUsd: number;
  /** USD per CPU-second. */
  cpuSecondUsd: number;
  /** USD per microsecond of delay to an RT or nohz_full task. */
  disturbanceUsdPerUs: number;
  /** Engineer-hours per hang. */
  hoursPerHang: number;
  /** Engineer-hours per year per added line of code, upstream. */
  upkeepHoursPerLineYear: number;
  /** Where initialisation failed: shares that sum to 1. */
  failedStage: StageShares;
}

/** Shares of failed initialisations by the stage that failed. */
export interface StageShares {
  /** Failed in TDH.SYS.INIT: Share of failures in TDH.SYS.INIT (module left SYSINIT_PENDING). */
  sys_init: number;
  /** Failed in TDH.SYS.LP.INIT: Share of failures in TDH.SYS.LP.INIT (SYSINIT_DONE). */
  lp_init: number;
  /** Failed building TDMRs / PAMTs: Share of failures in the kernel's own TDMR construction or PAMT allocation (SYSINIT_DONE). */
  tdmr_build: number;
  /** Failed in TDH.SYS.CONFIG: Share of failures in TDH.SYS.CONFIG (SYSINIT_DONE). */
  config: number;
  /** Failed in TDH.SYS.KEY.CONFIG: Share of failures in TDH.SYS.KEY.CONFIG (SYSCONFIG_DONE). */
  key_config: number;
  /** Failed in TDH.SYS.TDMR.INIT: Share of failures in TDH.SYS.TDMR.INIT (SYS_READY: every leaf is processed). */
  tdmr_init: number;
}

/** Materiality thresholds of the verdict. */
export interface VerdictThresholds {
  /** Material time difference (ns): Time differences (latency, CPU time, IRQs-off, disturbance) below this are ties. */
  materialNs: number;
  /** Material relative difference: Differences below this share of the larger value are ties. */
  materialShare: number;
  /** Material net value (USD/yr): Net values closer than this are ties. */
  materialUsd: number;
}

/** Every parameter of a scenario. Times in ns unless the name says otherwise. */
export interface Params {
  /** The machine preset the scenario starts from. */
  preset: string;
  /** Strategy: How the shutdown SEAMCALL reaches the CPUs. */
  strategy: Strategy;
  /** Seed: Seed of the run's random draws. */
  seed: number;
  /** Monte Carlo samples the assumed and derived mechanism parameters. */
  uncertainty: boolean;
  /** Trials: Monte Carlo trials. */
  trials: number;
  /** BIOS-enabled LPs and which are online. */
  machine: Machine;
  /** What the online CPUs are doing when the request arrives. */
  workload: Workload;
  /** The cost of each step, ns. */
  costs: Costs;
  /** The TDX module and the SEAMCALL run. */
  tdx: Tdx;
  /** Scheduler, APIC and watchdog settings. */
  kernel: KernelConfig;
  /** The benefit model's inputs and exchange rates. */
  benefit: BenefitInputs;
  /** Materiality thresholds of the verdict. */
  verdict: VerdictThresholds;
}

/** Every field optional, at every depth. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** A deep partial of Params, for overrides from presets, options and notebook cells. */
export type ParamsInput = DeepPartial<Params>;
