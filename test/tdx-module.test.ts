/**
 * The TDX module's answer to a bogus SEAMCALL after a failed initialisation,
 * by module version x failed stage x strategy, derived by hand from the
 * module source (qizhangz/tdx-module 1.0, intel/tdx-module tdx_1.5); then
 * caller_cpu, LP.INIT and the module lock's cache line on the 4-LP machine.
 */
import { describe, expect, it } from "vitest";
import {
  INIT_STAGES, STATE_AFTER_FAILURE, STRATEGIES, dispatcherAnswer, lpAnswer, params, retryable, simulate, stagePrior,
  type InitStage, type RunResult, type Strategy,
} from "../src/mod.ts";
import { fixedTiny } from "./fixtures.ts";

const LP_SHUTDOWN = STRATEGIES.filter((s) => s !== "global_call" && s !== "none");
const ONLY = (stage: InitStage) => Object.fromEntries(INIT_STAGES.map((s) => [s, s === stage ? 1 : 0]));

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
      expect(dispatcherAnswer(STATE_AFTER_FAILURE[stage])).toBe(stage === "tdmr_init" ? "processed" : "TDX_SYS_NOT_READY");
      expect(lpAnswer("1.0", stage, "none", false, false)).toBe(dispatcherAnswer(STATE_AFTER_FAILURE[stage]));
    }
  });

  it("every version x stage x strategy x LP, by hand", () => {
    // 1.0: an LP that ran LP.SHUTDOWN enters shutdown_host_rip: unset after a
    //   failed SYS.INIT (tdx_init_global_data() never ran), else the SEAMLDR's
    //   entry. Every other LP reaches the dispatcher, which answers
    //   TDX_SYS_SHUTDOWN (LP.SHUTDOWN set it globally, in any state).
    //   TDH.SYS.SHUTDOWN does not exist: global_call changes nothing.
    // 1.5: LP.SHUTDOWN is a stub; TDH.SYS.SHUTDOWN passes only in SYS_READY.
    const base = (stage: InitStage) => dispatcherAnswer(STATE_AFTER_FAILURE[stage]);
    const expected = (v: "1.0" | "1.5", stage: InitStage, s: Strategy, touched: boolean): string => {
      if (s === "none") return base(stage);
      if (s === "global_call") return v === "1.5" && stage === "tdmr_init" ? "TDX_SYS_SHUTDOWN" : base(stage);
      if (v === "1.5") return base(stage);
      return touched ? (stage === "sys_init" ? "undefined_entry" : "seamldr_entry") : "TDX_SYS_SHUTDOWN";
    };
    let cells = 0;
    for (const v of ["1.0", "1.5"] as const) for (const stage of INIT_STAGES) for (const s of STRATEGIES) for (const touched of [true, false]) {
      expect(lpAnswer(v, stage, s, true, touched), `${v} ${stage} ${s} ${touched}`).toBe(expected(v, stage, s, touched));
      cells++;
    }
    expect(cells).toBe(2 * 6 * STRATEGIES.length * 2);
    // A shutdown that never executed (hung before any call) changes nothing.
    expect(lpAnswer("1.0", "tdmr_init", "on_each_cpu", false, false)).toBe("processed");
  });

  it("only a failed SYS.INIT can be retried, and a 1.0 LP.SHUTDOWN ends even that", () => {
    // tdh_sys_init(): sys_state != SYSINIT_PENDING -> TDX_SYS_INIT_NOT_PENDING.
    for (const stage of INIT_STAGES) {
      expect(retryable("1.0", stage, "none", false)).toBe(stage === "sys_init");
      expect(retryable("1.5", stage, "on_each_cpu", true)).toBe(stage === "sys_init");
      expect(retryable("1.0", stage, "caller_cpu", true)).toBe(false);
    }
  });
});

describe("the outcome of a run, per failed initialisation", () => {
  const run = (strategy: Strategy, over: Record<string, unknown> = {}) => simulate(fixedTiny({ strategy, ...over }));

  it("module 1.0, failure at SYS.INIT: every LP.SHUTDOWN strategy leaves the LPs it touched with an unset HOST_RIP; caller_cpu one", () => {
    const over = { benefit: { failedStage: ONLY("sys_init") } };
    for (const s of LP_SHUTDOWN) {
      const r = run(s, over);
      expect(r.undefinedEntry, s).toBe(1);
      expect(r.bogusUndefined, s).toBe(r.coveredLps / r.onlineLps);
      expect(r.retryable, s).toBe(0);
    }
    expect(run("caller_cpu", over).bogusUndefined).toBe(1 / 4);
    expect(run("caller_cpu", over).bogusDistinct).toBe(3 / 4);
    const none = run("none", over);
    expect([none.undefinedEntry, none.bogusNotReady, none.retryable]).toEqual([0, 1, 1]);
  });

  it("failure at TDMR.INIT: with v7's order (PAMT freed first) no shutdown prevents the PAMT writes; shutting down first does, on 1.0", () => {
    const tdmr = { failedStage: ONLY("tdmr_init") };
    for (const s of LP_SHUTDOWN) {
      expect(run(s, { benefit: tdmr, tdx: { pamtOrder: "free_first" } }).corruption, s).toBe(1);
      expect(run(s, { benefit: tdmr, tdx: { pamtOrder: "shutdown_first" } }).corruption, s).toBe(0);
      expect(run(s, { benefit: tdmr, tdx: { pamtOrder: "shutdown_first", moduleVersion: "1.5" } }).corruption, s).toBe(1);
    }
    expect(run("none", { benefit: tdmr, tdx: { pamtOrder: "shutdown_first" } }).corruption).toBe(1);
    expect(run("global_call", { benefit: tdmr, tdx: { pamtOrder: "shutdown_first", moduleVersion: "1.5" } }).corruption).toBe(0);
    expect(run("global_call", { benefit: tdmr, tdx: { pamtOrder: "shutdown_first", moduleVersion: "1.0" } }).corruption).toBe(1);
  });

  it("offline BIOS-enabled LPs make init fail at CONFIG, whatever the prior: nothing to prevent", () => {
    for (const machine of [{ smtOff: true }, { maxcpus: 2 }]) {
      const p = fixedTiny({ machine, benefit: { failedStage: ONLY("tdmr_init") } });
      expect(stagePrior(p, 4, 2)).toEqual(ONLY("config"));
      for (const s of STRATEGIES) {
        const r = simulate(p, { strategy: s });
        expect(r.corruption, s).toBe(0);
        expect(r.undefinedEntry, s).toBe(0);
        expect(r.bogusProcessed, s).toBe(0);
      }
      expect(simulate(p, { strategy: "none" }).bogusNotReady).toBe(1);
    }
  });

  it("the priced share is the distinct error where doing nothing's call would be processed: after a failed TDMR.INIT only", () => {
    // caller_cpu on 1.0 leaves three of four LPs to TDX_SYS_SHUTDOWN at every stage.
    for (const stage of ["sys_init", "lp_init", "tdmr_build", "config", "key_config"] as const) {
      const r = run("caller_cpu", { benefit: { failedStage: ONLY(stage) } });
      expect(r.bogusDistinct, stage).toBe(3 / 4);
      expect(r.benefitShare, stage).toBe(0); // doing nothing gets TDX_SYS_NOT_READY there
    }
    expect(run("caller_cpu", { benefit: { failedStage: ONLY("tdmr_init") } }).benefitShare).toBe(3 / 4);
    const f = params({}).benefit.failedStage;
    expect(run("caller_cpu").benefitShare).toBeCloseTo((3 / 4) * f.tdmr_init, 12);
    // A strategy that only turns processed calls into unknown answers still changes the outcome.
    expect(run("on_each_cpu", { benefit: { failedStage: ONLY("tdmr_init") } }).effective).toBe(true);
    expect(run("on_each_cpu", { benefit: { failedStage: ONLY("tdmr_init") }, tdx: { moduleVersion: "1.5" } }).effective).toBe(false);
    // Offline LPs: CONFIG with certainty, so nothing to price for any strategy.
    const p = fixedTiny({ machine: { smtOff: true } });
    for (const s of STRATEGIES) expect(simulate(p, { strategy: s }).benefitShare, s).toBe(0);
  });

  it("answer shares sum to 1 and follow the stage prior", () => {
    const p = fixedTiny();
    for (const s of STRATEGIES) {
      const r = simulate(p, { strategy: s });
      expect(r.bogusDistinct + r.bogusNotReady + r.bogusProcessed + r.bogusUnknown + r.bogusUndefined, s).toBeCloseTo(1, 12);
    }
    const f = p.benefit.failedStage;
    expect(simulate(p, { strategy: "none" }).corruption).toBe(f.tdmr_init);
    expect(simulate(p, { strategy: "none" }).retryable).toBe(f.sys_init);
    expect(simulate(p, { strategy: "on_each_cpu" }).undefinedEntry).toBe(f.sys_init);
  });

  it("the plain forms that take cpus_read_lock() again carry the deadlock risk; the _cpuslocked and open-coded forms do not", () => {
    const p = fixedTiny({ kernel: { pHotplugWriterPending: 0.01 } });
    const risky = new Set(["schedule_on_each_cpu", "stop_machine", "cpuhp"]);
    for (const s of STRATEGIES) expect(simulate(p, { strategy: s }).deadlockRisk, s).toBe(risky.has(s) ? 0.01 : 0);
    // Same timing as the plain forms: only the lock differs.
    for (const [plain, locked] of [["schedule_on_each_cpu", "queue_work_on"], ["stop_machine", "stop_machine_cpuslocked"], ["cpuhp", "cpuhp_cpuslocked"]] as const) {
      expect(simulate(p, { strategy: locked }).callerLatencyNs).toBe(simulate(p, { strategy: plain }).callerLatencyNs);
    }
  });
});

describe("caller_cpu on the 4-LP machine", () => {
  it("one SEAMCALL on the calling CPU, nothing anywhere else", () => {
    // Transition 7,000 + leaf work 300; the lock line is already on CPU 0.
    const r = simulate(fixedTiny({ strategy: "caller_cpu", tdx: { lpShutdownWorkNs: 300 }, costs: { lineTransferNs: 50 } }));
    expect(r.callerLatencyNs).toBe(7_300);
    expect(r.callerCpuNs).toBe(7_300);
    expect(r.callerPreemptOffNs).toBe(7_300);
    expect(r.totalCpuNs).toBe(7_300);
    expect(r.irqOffMaxNs).toBe(7_300);
    expect(r.irqOffSumNs).toBe(7_300);
    expect(r.spreadNs).toBe(0);
    expect(r.coverage).toBe(0.25);
    expect(r.requirementMet).toBe(false);
    // On 1.0 the three LPs it did not touch get the distinct error; its own LP does not.
    expect(r.bogusDistinct).toBe(3 / 4);
    expect(simulate(fixedTiny({ strategy: "on_each_cpu" })).bogusDistinct).toBe(0);
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
    // 5,650; CPU3 5,700. After the work (3,000) each counts itself on the
    // num_of_init_lps line, in the same order: caller 6,550 (line there);
    // CPU1 8,600 + 50 = 8,650; CPU2 max(8,650, 8,650) + 50 = 8,700; CPU3
    // 8,750. Each ends + 3,500: caller 10,050; targets 12,150, 12,200,
    // 12,250. csd_lock_wait() returns at 12,250.
    const r = lpInit("on_each_cpu");
    expect(r.callerLatencyNs).toBe(12_250);
    expect(r.irqOffMaxNs).toBe(12_250 - 1_550);
    // A SEAMCALL starts at its lock grant: 3,550 (caller) to 5,700 (CPU3); all
    // four are in flight from 5,700 until the caller's returns at 10,050.
    expect(r.spreadNs).toBe(5_700 - 3_550);
    expect(r.maxInFlight).toBe(4);
    expect(r.callerSpinNs).toBe(12_250 - 10_050);
    expect(r.benefitShare).toBe(0); // LP.INIT is not a shutdown
    expect(r.tdxUp).toBe(1); // every BIOS-enabled LP ran it
    expect(r.coverage).toBe(1);
  });

  it("serial: one call after another, the lock line following each", () => {
    // Own call 0..10,000 (7,000 + 3,000). Target i: sent 30 after the last
    // return, handler + 1,500, entry + 500, call 10,100 (the lock line and
    // the num_of_init_lps line each move: 2 x 50):
    // CPU1 10,030 -> 12,030 -> 22,130; CPU2 22,160 -> 24,160 -> 34,260;
    // CPU3 34,290 -> 36,290 -> 46,390.
    const r = lpInit("serial");
    expect(r.callerLatencyNs).toBe(46_390);
    expect(r.irqOffMaxNs).toBe(500 + 10_100);
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
