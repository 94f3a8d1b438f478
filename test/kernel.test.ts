/**
 * Hand-derived results on the fixed 4-LP machine (test/fixtures.ts):
 * csdQueue 10, ICR write 20, delivery 500, hardirq 400, CSD handling 100,
 * queue_work 50, cross-CPU wake 4,000, local switch 2,000, C1 exit 1,000,
 * stopper ack 70, SEAMCALL 7,000, status store 1 (all ns). CPU 0 calls.
 */
import { describe, expect, it } from "vitest";
import { params, simulate, simulateAll, STRATEGIES, type RunResult, type Strategy } from "../src/mod.ts";
import { fixedTiny } from "./fixtures.ts";

const run = (strategy: Strategy, over: Record<string, unknown> = {}, timeline = false): RunResult =>
  simulate(fixedTiny({ strategy, ...over }), { timeline });

describe("on_each_cpu on the 4-LP machine", () => {
  it("with the 'all but self' shorthand", () => {
    // Queue 3 CSDs: 30. One shorthand ICR write: all IPIs leave at 50.
    // Each target: 50 + delivery 500 + C1 exit 1,000 = 1,550 handler start,
    //   + hardirq 400 + CSD 100 = 2,050 SEAMCALL start, done at 9,050.
    // Caller: own SEAMCALL 50..7,050 (IRQs off), then spins to 9,050.
    const r = run("on_each_cpu");
    expect(r.callerLatencyNs).toBe(9_050);
    expect(r.callerCpuNs).toBe(9_050); // spinning with preemption off: all CPU
    expect(r.callerSpinNs).toBe(2_000); // 9,050 - 50 sending - 7,000 SEAMCALL
    expect(r.irqOffMaxNs).toBe(7_500); // 9,050 - 1,550 on each target
    expect(r.irqOffSumNs).toBe(3 * 7_500 + 7_000);
    expect(r.totalCpuNs).toBe(9_050 + 3 * 7_500);
    expect(r.spreadNs).toBe(2_000); // 2,050 - 50
    expect(r.coverage).toBe(1);
    expect(r.completion.status).toBe("completed");
  });

  it("with one ICR write per target (x2APIC physical, no shorthand)", () => {
    // Writes end at 50, 70, 90; targets start SEAMCALLs at 2,050/2,070/2,090,
    // done 9,050/9,070/9,090. The caller's own call runs 90..7,090.
    const r = run("on_each_cpu", { kernel: { ipiShorthand: false } });
    expect(r.callerLatencyNs).toBe(9_090);
    expect(r.callerSpinNs).toBe(9_090 - 90 - 7_000);
    expect(r.spreadNs).toBe(2_090 - 90);
    expect(r.irqOffMaxNs).toBe(7_500);
  });

  it("the caller waits for the latest remote completion", () => {
    const r = run("on_each_cpu", {}, true);
    const remoteEnds = r.timeline!.slice(1).flatMap((l) => l.segments.filter((s) => s.kind === "seamcall").map((s) => s.end));
    expect(Math.max(...remoteEnds)).toBe(9_050);
  });
});

describe("serial smp_call_function_single on the 4-LP machine", () => {
  it("adds up one round trip per CPU", () => {
    // Own CPU first: 0..7,000. Then per target: +30 send, +1,500 to the
    // handler, +500 to the SEAMCALL, +7,000: done at 16,030, 25,060, 34,090.
    const r = run("serial");
    expect(r.callerLatencyNs).toBe(34_090);
    expect(r.callerCpuNs).toBe(34_090);
    expect(r.callerSpinNs).toBe(34_090 - 7_000 - 3 * 30);
    expect(r.irqOffMaxNs).toBe(7_500);
    expect(r.irqOffSumNs).toBe(29_500);
    expect(r.totalCpuNs).toBe(34_090 + 3 * 7_500);
    expect(r.spreadNs).toBe(27_090); // last start 25,090 + 2,000; first 0
  });
});

describe("schedule_on_each_cpu on the 4-LP machine", () => {
  it("sleeps in flush_work while kworkers run", () => {
    // Queue 4 works: 0..200 (remote ones at 100, 150, 200). Remote kworkers
    // run at queue + wake 4,000 + C1 1,000: 5,100/5,150/5,200, done
    // 12,100/12,150/12,200. Local kworker switches in at 2,200, done 9,200.
    // flush(cpu0): wake back locally at 11,200; flush(cpu1): done 12,100,
    // woken cross-CPU at 16,100; cpu2 and cpu3 are already done.
    const r = run("schedule_on_each_cpu");
    expect(r.callerLatencyNs).toBe(16_100);
    expect(r.callerCpuNs).toBe(200 + 2 * 2_000); // queueing + two switches back in
    expect(r.callerSleepNs).toBe(16_100 - 4_200);
    expect(r.irqOffMaxNs).toBe(7_500); // wake-up IRQ 500 + SEAMCALL
    expect(r.irqOffSumNs).toBe(7_000 + 3 * 7_500);
    // kworker CPU time: local 2x2,000 + 7,000; remote 500 + 2x2,000 + 7,000.
    expect(r.totalCpuNs).toBe(4_200 + 11_000 + 3 * 11_500);
    expect(r.spreadNs).toBe(5_200 - 2_200);
  });
});

describe("cpuhp callbacks on the 4-LP machine", () => {
  it("kicks each CPU's hotplug thread in turn", () => {
    // CPU0: switch 0..2,000, SEAMCALL to 9,000, back at 11,000.
    // CPU1: kicked at 11,000, runs at 11,000 + 4,000 + 1,000 = 16,000, done
    // 23,000, caller woken at 27,000; CPU2 runs 32,000; CPU3 48,000 -> 59,000.
    const r = run("cpuhp");
    expect(r.callerLatencyNs).toBe(59_000);
    expect(r.callerCpuNs).toBe(4 * 2_000);
    expect(r.irqOffMaxNs).toBe(7_500);
    expect(r.totalCpuNs).toBe(8_000 + 11_000 + 3 * 11_500);
    expect(r.spreadNs).toBe(48_000 - 2_000);
  });
});

describe("stop_machine on the 4-LP machine", () => {
  it("rendezvous, then everyone runs the SEAMCALL at once", () => {
    // Stoppers run at 2,200 (local) and 5,100/5,150/5,200. PREPARE acks
    // serialise: 2,270, 5,170, 5,240, 5,310 = T1. DISABLE_IRQ: +4x70 =
    // 5,590; everyone calls at 5,590, done 12,590; the four RUN acks end at
    // 12,870, which sets EXIT: each CPU turns IRQs back on there
    // (multi_cpu_stop's local_irq_restore does not wait for the EXIT acks).
    // EXIT acked 13,150; the caller is back at 15,150.
    const r = run("stop_machine");
    expect(r.callerLatencyNs).toBe(15_150);
    expect(r.spreadNs).toBe(0);
    expect(r.irqOffMaxNs).toBe(500 + (12_870 - 5_310)); // wake IRQ + DISABLE_IRQ..EXIT set
    expect(r.irqOffSumNs).toBe(3 * 8_060 + 7_560);
    expect(r.callerCpuNs).toBe(200 + 2_000);
    // Each stopper is busy from its start to EXIT + switch back; remote ones also take the IRQ.
    expect(r.totalCpuNs).toBe(2_200 + (15_150 - 2_200 + 2_000) + (500 + 15_150 - 5_100) + (500 + 15_150 - 5_150) + (500 + 15_150 - 5_200));
  });
});

describe("global_call and none", () => {
  it("TDH.SYS.SHUTDOWN needs a 1.5 module, and helps only after a TDMR.INIT failure", () => {
    // On 1.0 the leaf does not exist: one SEAMCALL round trip (7,000), no effect.
    const old = run("global_call");
    expect(old.callerLatencyNs).toBe(7_000);
    expect(old.coverage).toBe(0.25); // one LP executed a SEAMCALL
    expect(old.effective).toBe(false);
    // On 1.5: base 7,000 + scan of 4 LPs x 10. The dispatcher lets it through
    // only in SYS_READY, which only a TDMR.INIT failure leaves: the prior's
    // TDMR.INIT share of bogus SEAMCALLs then get TDX_SYS_SHUTDOWN.
    const r = run("global_call", { tdx: { moduleVersion: "1.5" } });
    expect(r.callerLatencyNs).toBe(7_000 + 4 * 10);
    expect(r.irqOffMaxNs).toBe(7_040);
    expect(r.benefitShare).toBeCloseTo(r.bogusDistinct, 12);
    expect(r.bogusDistinct).toBeCloseTo(params({}).benefit.failedStage.tdmr_init, 12);
    // ...while LP.SHUTDOWN is a no-op on 1.5: it runs everywhere and changes nothing.
    const noop = run("on_each_cpu", { tdx: { moduleVersion: "1.5" } });
    expect(noop.coverage).toBe(1);
    expect(noop.effective).toBe(false);
  });

  it("none is one store", () => {
    const r = run("none");
    expect(r.callerLatencyNs).toBe(1);
    expect(r.totalCpuNs).toBe(1);
    expect(r.irqOffMaxNs).toBe(0);
    expect(r.coverage).toBe(0);
    expect(r.requirementMet).toBe(false);
  });
});

describe("machine topology", () => {
  it("SMT off keeps one thread per core: per-CPU strategies miss the siblings", () => {
    for (const s of ["on_each_cpu", "schedule_on_each_cpu", "serial", "cpuhp", "stop_machine"] as const) {
      const r = run(s, { machine: { smtOff: true } });
      expect(r.onlineLps).toBe(2);
      expect(r.coverage).toBe(0.5);
      expect(r.requirementMet).toBe(false);
    }
  });

  it("maxcpus= disables the IPI shorthand (not every CPU has booted)", () => {
    // maxcpus=3: 2 targets, queue 20, two ICR writes end at 60: last target done 9,060.
    const r = run("on_each_cpu", { machine: { maxcpus: 3 } });
    expect(r.onlineLps).toBe(3);
    expect(r.callerLatencyNs).toBe(20 + 40 + 1_500 + 500 + 7_000);
  });

  it("x2APIC cluster mode writes once per cluster of 16 LPs", () => {
    // 2 cores x 2 threads fit one cluster: one write, as with the shorthand.
    const r = run("on_each_cpu", { kernel: { ipiShorthand: false, apicMode: "cluster" } });
    expect(r.callerLatencyNs).toBe(9_050);
  });
});

describe("RT hogs and throttling (sched-rt-group.rst)", () => {
  const rtHost = { workload: { idle: 0, rt: 1 } };
  it("without throttling, schedule_on_each_cpu and cpuhp never finish; IPIs still do", () => {
    const rs = simulateAll(fixedTiny({ ...rtHost, kernel: { rtThrottling: false } }));
    const by = Object.fromEntries(rs.map((r) => [r.strategy, r]));
    expect(by.schedule_on_each_cpu.completion.status).toBe("stuck");
    expect(by.schedule_on_each_cpu.completion.watchdogs).toEqual(["workqueue_lockup", "hung_task"]);
    expect(by.schedule_on_each_cpu.callerLatencyNs).toBe(120e9); // reported when the hung-task detector fires
    expect(by.cpuhp.completion.status).toBe("stuck");
    for (const s of ["on_each_cpu", "serial", "stop_machine"]) expect(by[s].completion.status).toBe("completed");
  });

  it("with throttling, a kworker waits at most the RT runtime (950 ms)", () => {
    const r = simulate(fixedTiny({ ...rtHost, strategy: "schedule_on_each_cpu" }));
    expect(r.completion.status).toBe("completed");
    expect(r.callerLatencyNs).toBeLessThanOrEqual(950e6 + 100_000);
    expect(r.rtDisturbed).toBe(3);
    expect(r.rtWorstDelayNs).toBe(500); // only the wake-up IRQ: the kworker runs while the hog is throttled
  });

  it("stop_machine preempts RT hogs and stalls them for the whole rendezvous", () => {
    const r = simulate(fixedTiny({ ...rtHost, strategy: "stop_machine" }));
    expect(r.rtDisturbed).toBe(3);
    // Busy CPUs pay no C1 exit: wake IRQs at 600/650/700, stoppers run at
    // 4,100/4,150/4,200; T1 = 4,310, EXIT at 12,150, back at 14,150. CPU 1
    // loses 14,150 - 600 from its wake IRQ to its return.
    expect(r.callerLatencyNs).toBe(14_150);
    expect(r.rtWorstDelayNs).toBe(14_150 - 600);
  });
});

describe("interrupts-off sections (Peter Zijlstra's timeline)", () => {
  it("a target with IRQs off runs its SEAMCALL late, and the caller waits for it", () => {
    const blocked = { workload: { irqOff: { probability: 1, medianNs: 20_000, sigma: 0 } } };
    const r = run("on_each_cpu", blocked);
    // Every target waits 20,000 ns for IRQs: handler at 21,550, done 29,050.
    expect(r.callerLatencyNs).toBe(29_050);
    expect(r.spreadNs).toBe(22_050 - 50);
    expect(r.irqOffMaxNs).toBe(7_500); // the section is the CPU's own, not the operation's
  });

  it("a heavy-tailed section pushes the CSD wait past csd_lock_timeout", () => {
    const r = run("on_each_cpu", { workload: { irqOff: { probability: 1, medianNs: 6e9, sigma: 0 } } });
    expect(r.completion.status).toBe("warned");
    expect(r.completion.watchdogs).toContain("csd_lock_timeout");
  });
});

describe("every strategy", () => {
  it("produces JSON-serialisable results", () => {
    for (const s of STRATEGIES) {
      const r = run(s, {}, true);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    }
  });
});

describe("formatting", async () => {
  const { formatNs, formatNsTick, formatUsd, formatProbability } = await import("../src/mod.ts");
  it("durations keep 2-3 significant digits and a unit", () => {
    expect(formatNs(1)).toBe("1 ns");
    expect(formatNs(7_000)).toBe("7.00 µs");
    expect(formatNs(290_000)).toBe("290 µs");
    expect(formatNs(75_971_000)).toBe("76.0 ms");
    expect(formatNs(120e9)).toBe("120 s");
    expect(formatNs(Infinity)).toBe("∞");
  });
  it("axis ticks drop trailing zeros but keep the unit", () => {
    expect([1e6, 1e4, 100, 2500, 1e9].map(formatNsTick)).toEqual(["1 ms", "10 µs", "100 ns", "2.5 µs", "1 s"]);
  });
  it("one format per probability axis, shares without trailing zeros, counts per million in k throughout", async () => {
    const { probabilityTickFormat, formatShare, formatPerMillion } = await import("../src/mod.ts");
    expect([1e-4, 1e-3, 0.01, 0.1, 1].map(probabilityTickFormat(1e-4))).toEqual(["0.01%", "0.1%", "1%", "10%", "100%"]);
    expect([1e-10, 1e-8, 3e-6, 1e-4, 0.01, 1].map(probabilityTickFormat(1e-10))).toEqual(["10⁻¹⁰", "10⁻⁸", "3×10⁻⁶", "10⁻⁴", "10⁻²", "1"]);
    expect([0, 0.2, 0.004, 0.123, 1].map(formatShare)).toEqual(["0%", "20%", "0.4%", "12.3%", "100%"]);
    expect([0, 2e-7, 0.000488, 0.002488, 0.0638, 0.637, 1].map(formatPerMillion)).toEqual(["0", "<1", "488", "2.49k", "63.8k", "637k", "1M"]);
    const { formatRatio } = await import("../src/mod.ts");
    // Words from ten thousand, rounding first: 999,999 is "1 million×", not "1,000 thousand×".
    expect([3.14, 450, 9_940, 31_000, 780_000, 999_999, 1.4e6, 4.5e9, Infinity].map(formatRatio)).toEqual(["3.1×", "450×", "9,900×", "31 thousand×", "780 thousand×", "1 million×", "1.4 million×", "4.5 billion×", "∞×"]);
  });
  it("money and probabilities", () => {
    expect(formatUsd(-127.18)).toBe("-$127");
    // From a million up, three significant digits with a unit: an 8-wide report column holds any value.
    expect(formatUsd(1234567.8)).toBe("$1.23M");
    expect(formatUsd(999_999.4)).toBe("$999,999");
    expect(formatUsd(0.5)).toBe("$0.50");
    // Below a cent: two significant digits, not "$0.00" (the dollar lens prices microseconds of CPU).
    expect(formatUsd(-0.001)).toBe("-$1.0e-3");
    expect(formatUsd(1.28926994e-6)).toBe("$1.3e-6");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatProbability(0.0021)).toBe("0.21%");
    expect(formatProbability(0.5)).toBe("50%");
    expect(formatProbability(3e-6)).toBe("3e-6");
    expect(formatProbability(null)).toBe("never");
    // Above certainty: no probability pays.
    expect(formatProbability(1.2e9)).toBe(">100%");
    // Millions and up stay within a report column.
    expect(formatUsd(1.6666645e14)).toBe("$167T");
    expect(formatUsd(-2.5e9)).toBe("-$2.5B");
    expect(formatUsd(1.7e17)).toBe("$1.7e17");
  });
});
