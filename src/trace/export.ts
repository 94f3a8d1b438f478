/**
 * A simulated run the other way round: as `trace-cmd report -t` text with
 * the events a real kernel would record for it (so the parser and the
 * fitter read it like a reviewer's trace), and as a Chrome/Perfetto JSON
 * trace (one track per CPU, a slice per swimlane segment) to open in
 * ui.perfetto.dev or chrome://tracing. The site makes no request itself.
 *
 * Events written, from the run's swimlanes (src/run.ts segment kinds), in
 * the formats of include/trace/events/{ipi,csd,power,workqueue,sched}.h and
 * arch/x86/include/asm/trace/irq_vectors.h:
 * - on_each_cpu (smp_call_function_many_cond(), kernel/smp.c): the
 *   caller's `csd_queue_cpu` per target in CPU order, spread evenly over
 *   its queueing (the model charges the queue as one sum), then one
 *   `ipi_send_cpumask` of every target where send_call_function_ipi_mask()
 *   traces it, before the first ICR write (RunResult.sendStartNs); on the
 *   target `cpu_idle state=4294967295` at the end of an idle exit,
 *   `call_function_entry` (CALL_FUNCTION_VECTOR, 252) when its handler
 *   starts, `csd_function_entry`/`exit` around the SEAMCALL, and
 *   `call_function_exit`;
 * - serial (smp_call_function_single() per CPU): `csd_queue_cpu` and
 *   `ipi_send_cpu` per target one ICR write (options.icrWriteNs) before its
 *   in-flight segment: send_call_function_single_ipi() traces the send
 *   before the x2APIC write (without the option, at the write's end), then
 *   `call_function_single_entry`/`exit` (251) on the target;
 * - kworker strategies: `workqueue_queue_work`, `sched_waking` and
 *   `sched_switch` to the kworker when it runs, `workqueue_execute_start`/
 *   `end` around the SEAMCALL;
 * - cpuhp strategies (cpuhp_issue_call -> __cpuhp_kick_ap, kernel/cpu.c):
 *   the caller's `sched_waking` of cpuhp/N when it kicks N, `sched_switch`
 *   to cpuhp/N when it runs, `cpuhp_enter`/`cpuhp_exit` (as
 *   cpuhp_invoke_callback() traces them, include/trace/events/cpuhp.h)
 *   around the SEAMCALL, the caller's own CPU's step (its first, a local
 *   switch) included;
 * - every idle target: `cpu_idle state=K` at time 0 (K: the cpuidle index
 *   of its idle state, as in IDLE_STATE_INDEX).
 * Simplification: timestamps are the run's, on one synchronised clock
 * (as `trace-cmd record -C global` gives); the tracer's own overhead is not
 * added (the fitter's overhead floor then reads 0).
 */
import type { RunResult, Segment } from "../result.ts";
import { assertFiniteNumber } from "../params/guard.ts";

/** The cpuidle index the export writes for each idle state (intel_idle on these parts: 0 POLL, 1 C1, 2 C1E, 3 C6). */
export const IDLE_STATE_INDEX: Readonly<Record<string, number>> = { C1: 1, C1E: 2, C6: 3 };

/** The hotplug state the cpuhp steps are written with (any CPUHP_AP_ONLINE_DYN number: the fitter only matches steps). */
const HP_STATE = 167;

/** Where the run starts on the trace clock, seconds (any; the fitter reads differences only). */
const T0 = 1000;

/** The CSD address of each target (any stable pointer-like value). */
const csdOf = (cpu: number) => `0xffff8880${(0x7614000 + cpu * 0x40).toString(16).padStart(8, "0")}`;

function stamp(ns: number): string {
  const t = T0 * 1e9 + Math.round(ns);
  return `${Math.floor(t / 1e9)}.${String(t % 1e9).padStart(9, "0")}`;
}

function line(comm: string, pid: number, cpu: number, ns: number, event: string, args: string): { ns: number; text: string } {
  return { ns, text: `${`${comm}-${pid}`.padStart(16)} [${String(cpu).padStart(3, "0")}] d.h1. ${stamp(ns)}: ${`${event}:`.padEnd(27)} ${args}` };
}

const first = (segs: Segment[], kind: Segment["kind"]) => segs.find((s) => s.kind === kind);

/** A cpumask as the kernel's %*pb prints it: 32-bit hex words, most significant first, comma-separated. */
function hexMask(cpus: readonly number[], nrCpus: number): string {
  const words = new Array<number>(Math.max(1, Math.ceil(nrCpus / 32))).fill(0);
  for (const c of cpus) words[c >> 5] = (words[c >> 5] | (1 << (c & 31))) >>> 0;
  return words.reverse().map((w) => w.toString(16).padStart(8, "0")).join(",");
}

/**
 * One or more runs (with timelines) as trace-cmd report -t text. idleState
 * names each idle CPU's state (a C-state name per Linux CPU, from the
 * scenario; C1 when not given). options.icrWriteNs: the scenario's
 * costs.icrWriteNs, so a serial send is traced before its ICR write, as
 * the kernel traces it (0 when not given: at the write's end).
 */
export function exportTraceText(runs: readonly RunResult[], idleState: (cpu: number) => string = () => "C1", { gapNs = 1e7, icrWriteNs = 0 }: { gapNs?: number; icrWriteNs?: number } = {}): string {
  assertFiniteNumber(icrWriteNs, "exportTraceText: options.icrWriteNs");
  if (icrWriteNs < 0) throw new RangeError(`exportTraceText: options.icrWriteNs must be 0 or more, got ${icrWriteNs}`);
  const out: { ns: number; text: string }[] = [];
  const nrCpus = Math.max(0, ...runs.flatMap((r) => (r.timeline ?? []).map((l) => l.cpu))) + 1;
  let offset = 0;
  for (const run of runs) {
    if (!run.timeline) throw new RangeError(`exportTraceText: the ${run.strategy} run has no timeline (simulate with { timeline: true })`);
    const caller = run.timeline.find((l) => l.state === "caller") ?? run.timeline[0];
    const callerCpu = caller?.cpu ?? 0;
    const ipi = run.strategy === "on_each_cpu" || run.strategy === "serial";
    const kworker = run.strategy === "schedule_on_each_cpu" || run.strategy === "queue_work_on";
    const hotplug = run.strategy === "cpuhp" || run.strategy === "cpuhp_cpuslocked";
    // The kthread the caller wakes on each CPU, and its pid.
    const thread = (cpu: number) => (kworker ? `kworker/${cpu}:1` : `cpuhp/${cpu}`);
    const tid = (cpu: number) => (kworker ? 1000 : 20) + cpu;
    // A many-target send: every CSD queued, then one mask, then a CALL_FUNCTION_VECTOR on each target.
    const many = run.strategy === "on_each_cpu" && run.sendStartNs !== undefined;
    // The lanes that took the request: an interrupt, and something in flight before it.
    const reached = run.timeline.filter((l) => l.cpu !== callerCpu && first(l.segments, "hardirq") && (first(l.segments, "ipi-pending") ?? first(l.segments, "idle-exit")));
    // The idle CPUs are idle before the call: their state lines come first (the sort keeps the order of equal times).
    for (const lane of reached) if (lane.state === "idle") out.push(line("<idle>", 0, lane.cpu, offset, "cpu_idle", `state=${IDLE_STATE_INDEX[idleState(lane.cpu)] ?? 1} cpu_id=${lane.cpu}`));
    if (many) {
      const targets = reached.map((l) => l.cpu).sort((a, b) => a - b);
      targets.forEach((cpu, k) => out.push(line("tdx_enable", 1, callerCpu, offset + (run.sendStartNs! * k) / targets.length, "csd_queue_cpu", `cpu=${cpu} callsite=smp_call_function_many_cond+0x1a0 func=seamcall_smp_call_function csd=${csdOf(cpu)}`)));
      if (targets.length) out.push(line("tdx_enable", 1, callerCpu, offset + run.sendStartNs!, "ipi_send_cpumask", `cpumask=${hexMask(targets, nrCpus)} callsite=smp_call_function_many_cond+0x1c4 callback=generic_smp_call_function_interrupt+0x0`));
    }
    if (hotplug && caller) {
      // The caller's own step: it wakes its CPU's cpuhp thread and switches to it.
      const sw = first(caller.segments, "switch"), lock = first(caller.segments, "lock-wait"), seam = first(caller.segments, "seamcall");
      if (sw && seam) {
        const me = `cpuhp/${callerCpu}`, cpu4 = String(callerCpu).padStart(4, "0");
        out.push(line("tdx_enable", 1, callerCpu, offset + sw.start, "sched_waking", `comm=${me} pid=${20 + callerCpu} prio=120 target_cpu=${String(callerCpu).padStart(3, "0")}`));
        out.push(line("tdx_enable", 1, callerCpu, offset + sw.end, "sched_switch", `prev_comm=tdx_enable prev_pid=1 prev_prio=120 prev_state=D ==> next_comm=${me} next_pid=${20 + callerCpu} next_prio=120`));
        out.push(line(me, 20 + callerCpu, callerCpu, offset + (lock ?? seam).start, "cpuhp_enter", `cpu: ${cpu4} target: ${HP_STATE} step: ${HP_STATE} (tdx_online_cpu)`));
        out.push(line(me, 20 + callerCpu, callerCpu, offset + seam.end, "cpuhp_exit", ` cpu: ${cpu4}  state: ${HP_STATE} step: ${HP_STATE} ret: 0`));
      }
    }
    const [entry, exitEvent, vector] = many ? ["call_function_entry", "call_function_exit", 252] : ["call_function_single_entry", "call_function_single_exit", 251];
    for (const lane of reached) {
      const s = lane.segments;
      const pending = first(s, "ipi-pending") ?? first(s, "idle-exit");
      const exit = first(s, "idle-exit");
      const hard = first(s, "hardirq");
      const lock = first(s, "lock-wait");
      const seam = first(s, "seamcall");
      if (!pending || !hard) continue; // narrows the types: reached has both
      const at = (ns: number) => offset + ns;
      const csd = csdOf(lane.cpu);
      if (ipi) {
        // A many-target call's CSDs and its mask are written above; serial queues and sends per target here.
        if (!many) {
          const send = at(pending.start - icrWriteNs);
          out.push(line("tdx_enable", 1, callerCpu, send, "csd_queue_cpu", `cpu=${lane.cpu} callsite=smp_call_function_many_cond+0x1a0 func=seamcall_smp_call_function csd=${csd}`));
          out.push(line("tdx_enable", 1, callerCpu, send, "ipi_send_cpu", `cpu=${lane.cpu} callsite=smp_call_function_many_cond+0x1c4 callback=generic_smp_call_function_single_interrupt+0x0`));
        }
      } else if (kworker || hotplug) {
        if (kworker) out.push(line("tdx_enable", 1, callerCpu, at(pending.start), "workqueue_queue_work", `work struct=${csd} function=seamcall_work workqueue=events req_cpu=${lane.cpu} cpu=${lane.cpu}`));
        out.push(line("tdx_enable", 1, callerCpu, at(pending.start), "sched_waking", `comm=${thread(lane.cpu)} pid=${tid(lane.cpu)} prio=120 target_cpu=${String(lane.cpu).padStart(3, "0")}`));
      } else continue;
      if (exit && lane.state === "idle") out.push(line("<idle>", 0, lane.cpu, at(exit.end), "cpu_idle", `state=4294967295 cpu_id=${lane.cpu}`));
      if (ipi) {
        out.push(line(lane.state === "idle" ? "<idle>" : "task", lane.state === "idle" ? 0 : 100 + lane.cpu, lane.cpu, at(hard.start), entry, `vector=${vector}`));
        if (lock && seam) {
          out.push(line("<idle>", 0, lane.cpu, at(lock.start), "csd_function_entry", `func=seamcall_smp_call_function csd=${csd}`));
          out.push(line("<idle>", 0, lane.cpu, at(seam.end), "csd_function_exit", `func=seamcall_smp_call_function csd=${csd}`));
          out.push(line("<idle>", 0, lane.cpu, at(seam.end), exitEvent, `vector=${vector}`));
        }
      } else {
        const run0 = lock?.start ?? seam?.start;
        if (run0 === undefined) continue;
        const me = thread(lane.cpu);
        out.push(line(lane.state === "idle" ? "<idle>" : "task", lane.state === "idle" ? 0 : 100 + lane.cpu, lane.cpu, at(run0), "sched_switch", `prev_comm=${lane.state === "idle" ? "swapper/" + lane.cpu : "task"} prev_pid=${lane.state === "idle" ? 0 : 100 + lane.cpu} prev_prio=120 prev_state=R ==> next_comm=${me} next_pid=${tid(lane.cpu)} next_prio=120`));
        const cpu4 = String(lane.cpu).padStart(4, "0");
        if (kworker) out.push(line(me, tid(lane.cpu), lane.cpu, at(run0), "workqueue_execute_start", `work struct ${csd}: function seamcall_work`));
        else out.push(line(me, tid(lane.cpu), lane.cpu, at(run0), "cpuhp_enter", `cpu: ${cpu4} target: ${HP_STATE} step: ${HP_STATE} (tdx_online_cpu)`));
        if (seam && kworker) out.push(line(me, tid(lane.cpu), lane.cpu, at(seam.end), "workqueue_execute_end", `work struct ${csd}: function seamcall_work`));
        else if (seam) out.push(line(me, tid(lane.cpu), lane.cpu, at(seam.end), "cpuhp_exit", ` cpu: ${cpu4}  state: ${HP_STATE} step: ${HP_STATE} ret: 0`));
      }
    }
    offset += Math.max(...run.timeline.flatMap((l) => l.segments.map((x) => x.end)), run.callerLatencyNs) + gapNs;
  }
  // A stable sort: events at the same ns keep the order written (queue, then send; entry, then CSD).
  out.sort((a, b) => a.ns - b.ns);
  return [`cpus=${nrCpus}`, ...out.map((x) => x.text)].join("\n") + "\n";
}

/** A Chrome/Perfetto trace event (the JSON trace format's complete event). */
export interface PerfettoEvent {
  /** The slice's name (a segment kind), or process_name / thread_name for metadata. */
  name: string;
  /** Category. */
  cat: string;
  /** X: a complete slice; M: metadata. */
  ph: "X" | "M";
  /** Start, µs. */
  ts: number;
  /** Duration, µs (slices only). */
  dur?: number;
  /** The process: one per run (strategy). */
  pid: number;
  /** The thread: the Linux CPU. */
  tid: number;
  /** Metadata arguments (the names). */
  args?: Record<string, string | number>;
}

/** Runs (with timelines) as a Chrome/Perfetto JSON trace: a process per strategy, a thread per CPU, a slice per segment (µs). */
export function exportPerfetto(runs: readonly RunResult[]): { traceEvents: PerfettoEvent[]; displayTimeUnit: "ns" } {
  const traceEvents: PerfettoEvent[] = [];
  runs.forEach((run, k) => {
    if (!run.timeline) throw new RangeError(`exportPerfetto: the ${run.strategy} run has no timeline (simulate with { timeline: true })`);
    const pid = k + 1;
    traceEvents.push({ name: "process_name", cat: "__metadata", ph: "M", ts: 0, pid, tid: 0, args: { name: `${run.strategy} (seed ${run.seed})` } });
    for (const lane of run.timeline) {
      traceEvents.push({ name: "thread_name", cat: "__metadata", ph: "M", ts: 0, pid, tid: lane.cpu, args: { name: `CPU ${lane.cpu} (${lane.state})` } });
      for (const s of lane.segments) traceEvents.push({ name: s.kind, cat: "tdx-shutdown", ph: "X", ts: s.start / 1000, dur: (s.end - s.start) / 1000, pid, tid: lane.cpu });
    }
  });
  return { traceEvents, displayTimeUnit: "ns" };
}
