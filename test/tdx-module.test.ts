/**
 * The TDX module's answer to a bogus SEAMCALL after a failed initialisation,
 * by module version x failed stage x strategy, derived by hand from the
 * module source (qizhangz/tdx-module 1.0, intel/tdx-module tdx_1.5); then
 * caller_cpu, LP.INIT and the module lock's cache line on the 4-LP machine.
 */
import { describe, expect, it } from "vitest";
import {
  INIT_STAGES, STATE_AFTER_FAILURE, STRATEGIES, bogusAnswer, compare, params, shutdownHelps, simulate,
  stateAfterShutdown, type InitStage, type RunResult, type Strategy,
} from "../src/mod.ts";
import { fixedTiny } from "./fixtures.ts";

const LP_SHUTDOWN: Strategy[] = ["on_each_cpu", "schedule_on_each_cpu", "serial", "cpuhp", "stop_machine", "caller_cpu"];

describe("what a bogus SEAMCALL gets after a failed initialisation", () => {
  it("each failed stage leaves the state its last successful leaf set", () => {
    // The steps in init order and the state each one sets on success:
    // tdh_sys_init -> SYSINIT_DONE; LP.INIT, the kernel's TDMR/PAMT work and
    // TDMR.INIT set none; tdh_sys_config -> SYSCONFIG_DONE; the last
    // tdh_sys_key_config -> SYS_READY. A failing step returns before its write,
    // so the module is left in the state of the step before it.
    const sets: Record<InitStage, string | null> = { sys_init: "SYSINIT_DONE", lp_init: null, tdmr_build: null, config: "SYSCONFIG_DONE", key_config: "SYS_READY", tdmr_init: null };
    let state = "SYSINIT_PENDING";
    for (const stage of INIT_STAGES) {
      expect(STATE_AFTER_FAILURE[stage], stage).toBe(state);
      state = sets[stage] ?? state;
    }
  });

  it("without a shutdown, only SYS_READY lets a runtime leaf through", () => {
    // tdx_vmm_dispatcher(): before SYS_READY, a runtime leaf gets TDX_SYS_NOT_READY.
    for (const stage of INIT_STAGES) {
      expect(bogusAnswer(STATE_AFTER_FAILURE[stage])).toBe(stage === "tdmr_init" ? "processed" : "TDX_SYS_NOT_READY");
    }
  });

  it("every stage x version x strategy, by hand", () => {
    // 1.0: tdh_sys_lp_shutdown() sets the global SYS_SHUTDOWN in any state, so
    //   every LP.SHUTDOWN strategy yields TDX_SYS_SHUTDOWN everywhere; the
    //   dispatcher has no TDH.SYS.SHUTDOWN leaf, so global_call changes nothing.
    // 1.5: LP.SHUTDOWN is a stub; TDH.SYS.SHUTDOWN passes the dispatcher only
    //   in SYS_READY (after a TDMR.INIT failure). none never changes anything.
    const expected = (version: "1.0" | "1.5", stage: InitStage, s: Strategy): string => {
      if (s === "none") return bogusAnswer(STATE_AFTER_FAILURE[stage]);
      if (s === "global_call") return version === "1.5" && stage === "tdmr_init" ? "TDX_SYS_SHUTDOWN" : bogusAnswer(STATE_AFTER_FAILURE[stage]);
      return version === "1.0" ? "TDX_SYS_SHUTDOWN" : bogusAnswer(STATE_AFTER_FAILURE[stage]);
    };
    let cells = 0;
    for (const version of ["1.0", "1.5"] as const) {
      for (const stage of INIT_STAGES) {
        for (const s of STRATEGIES) {
          expect(bogusAnswer(stateAfterShutdown(version, stage, s, true)), `${version} ${stage} ${s}`).toBe(expected(version, stage, s));
          cells++;
        }
      }
    }
    expect(cells).toBe(2 * 6 * 8);
  });

  it("the shutdown helps only where the failed state lets the call through", () => {
    for (const s of LP_SHUTDOWN) {
      for (const stage of INIT_STAGES) {
        expect(shutdownHelps("1.0", stage, s)).toBe(stage === "tdmr_init");
        expect(shutdownHelps("1.5", stage, s)).toBe(false);
      }
    }
    // A shutdown that never executed (hung before any call) changes nothing.
    expect(shutdownHelps("1.0", "tdmr_init", "on_each_cpu", false)).toBe(false);
  });

  it("after a failed init on 1.5, global_call has no effect unless the module reached SYS_READY", () => {
    for (const stage of INIT_STAGES) expect(shutdownHelps("1.5", stage, "global_call")).toBe(stage === "tdmr_init");
    const beforeReady = { sys_init: 0.2, lp_init: 0.2, tdmr_build: 0.2, config: 0.2, key_config: 0.2, tdmr_init: 0 };
    const r = simulate(fixedTiny({ strategy: "global_call", tdx: { moduleVersion: "1.5" }, benefit: { failedStage: beforeReady } }));
    expect(r.benefitShare).toBe(0);
    expect(r.effective).toBe(false);
  });
});

describe("caller_cpu on the 4-LP machine", () => {
  it("one SEAMCALL on the calling CPU, nothing anywhere else", () => {
    // Transition 7,000 + leaf work 300; the lock line is already on CPU 0.
    const r = simulate(fixedTiny({ strategy: "caller_cpu", tdx: { lpShutdownWorkNs: 300 }, costs: { lineTransferNs: 50 } }));
    expect(r.callerLatencyNs).toBe(7_300);
    expect(r.callerCpuNs).toBe(7_300);
    expect(r.totalCpuNs).toBe(7_300);
    expect(r.irqOffMaxNs).toBe(7_300);
    expect(r.irqOffSumNs).toBe(7_300);
    expect(r.spreadNs).toBe(0);
    expect(r.coverage).toBe(0.25);
    expect(r.requirementMet).toBe(false);
    // ...and on 1.0 it buys what on_each_cpu buys: the TDMR.INIT share (1/6 by default).
    const patch = simulate(fixedTiny({ strategy: "on_each_cpu" }));
    expect(r.benefitShare).toBeCloseTo(1 / 6, 12);
    expect(r.benefitShare).toBe(patch.benefitShare);
  });

  it("on module 1.0, SMT off changes neither the benefit nor caller_cpu's break-even", () => {
    const rows = (smtOff: boolean) => Object.fromEntries(compare(params({ preset: "emr-2s", uncertainty: false, trials: 5, machine: { smtOff } })).map((r) => [r.strategy, r]));
    const on = rows(false), off = rows(true);
    for (const s of LP_SHUTDOWN) {
      expect(off[s].value.benefitUsd, s).toBe(on[s].value.benefitUsd);
      expect(off[s].value.effectiveShare, s).toBe(on[s].value.effectiveShare);
    }
    expect(off.caller_cpu.value.breakEvenPBogus).toBe(on.caller_cpu.value.breakEvenPBogus);
    // The per-CPU strategies' running costs differ by micro-dollars against
    // a maintenance cost of $127: their break-evens agree to 1e-6.
    expect(off.on_each_cpu.value.breakEvenPBogus! / on.on_each_cpu.value.breakEvenPBogus!).toBeCloseTo(1, 6);
    expect(off.on_each_cpu.summary.metrics.coverage.mean).toBe(0.5);
  });
});

describe("TDH.SYS.LP.INIT through the same mechanisms, on the 4-LP machine", () => {
  const lpInit = (strategy: Strategy): RunResult =>
    simulate(fixedTiny({ strategy, tdx: { operation: "lp_init", lpInitWorkNs: 3_000 }, costs: { lineTransferNs: 50 } }));

  it("on_each_cpu: the shared lock's line spreads the simultaneous calls by one transfer each", () => {
    // Queue 3 CSDs (30), one shorthand ICR write: IPIs leave at 50; the
    // caller enters its own SEAMCALL at 50. Targets: handler at 50 + 500 +
    // C1 1,000 = 1,550, SEAMCALL entry at + 400 + 100 = 2,050.
    // Lock requests half a transition (3,500) after entry: caller 3,550,
    // targets 5,550. Grants in request order, each after the line moves:
    // caller 3,550 (line already there); CPU1 5,550 + 50 = 5,600; CPU2
    // 5,650; CPU3 5,700. Each ends grant + work 3,000 + 3,500: caller
    // 10,050; targets 12,100, 12,150, 12,200. csd_lock_wait() returns at 12,200.
    const r = lpInit("on_each_cpu");
    expect(r.callerLatencyNs).toBe(12_200);
    expect(r.irqOffMaxNs).toBe(12_200 - 1_550);
    expect(r.spreadNs).toBe(2_050 - 50);
    expect(r.callerSpinNs).toBe(12_200 - 10_050);
    expect(r.benefitShare).toBe(0); // LP.INIT is a cost, not a shutdown
    expect(r.coverage).toBe(1);
  });

  it("serial: one call after another, the lock line following each", () => {
    // Own call 0..10,000 (7,000 + 3,000). Target i: sent 30 after the last
    // return, handler + 1,500, entry + 500, call 10,050 (line moves: 50):
    // CPU1 10,030 -> 12,030 -> 22,080; CPU2 22,110 -> 24,110 -> 34,160;
    // CPU3 34,190 -> 36,190 -> 46,240.
    const r = lpInit("serial");
    expect(r.callerLatencyNs).toBe(46_240);
    expect(r.irqOffMaxNs).toBe(500 + 10_050);
  });
});

describe("socket distance", () => {
  it("a target on the other socket costs a cross-socket line at each crossing", () => {
    // 2 sockets x 1 core: CPU1 on socket 1. Same-socket line 50, cross 150:
    // premium 100 on the CSD enqueue, the IPI and the caller's CSD read.
    // Queue 10 + 100, shorthand ICR 20: sent at 130. CPU1: handler 130 + 500
    // + 100 + 1,000 = 1,730, entry 2,230, lock request 5,730, line moves
    // across (150): granted 5,880, ends 9,380. Caller: entry 130, request
    // 3,630, granted 3,630, ends 7,130; reads CPU1's CSD at 9,380 + 100.
    const p = fixedTiny({
      strategy: "on_each_cpu",
      machine: { sockets: 2, coresPerSocket: 1, threadsPerCore: 1 },
      costs: { lineTransferNs: 50, remoteLineTransferNs: 150 },
    });
    const r = simulate(p);
    expect(r.callerLatencyNs).toBe(9_480);
    expect(r.irqOffMaxNs).toBe(9_380 - 1_730);
  });
});
