/**
 * What the TDX module answers a bogus SEAMCALL after initialisation failed,
 * by module version, the stage that failed and the shutdown strategy. The
 * benefit model reads this table; nothing else decides whether a shutdown
 * "works".
 *
 * From the module source (qizhangz/tdx-module @ 9359de5c, TDX 1.0; and
 * intel/tdx-module branch tdx_1.5 @ 72d8cffb, TDX 1.5.01):
 * - sysinit_state_e (src/common/data_structures/tdx_global_data.h):
 *   SYSINIT_PENDING -> SYSINIT_DONE (tdh_sys_init) -> SYSCONFIG_DONE
 *   (tdh_sys_config, once num_of_init_lps >= num_of_lps) -> SYS_READY
 *   (tdh_sys_key_config, on the last package). Every init leaf writes the
 *   new state only on success, so a failure leaves the previous state.
 *   tdh_sys_tdmr_init never touches sys_state: a failed or abandoned
 *   TDMR.INIT leaves SYS_READY. The kernel's own steps between LP.INIT and
 *   CONFIG (building TDMRs, allocating PAMTs) leave SYSINIT_DONE.
 * - tdx_vmm_dispatcher() (src/vmm_dispatcher/tdx_vmm_dispatcher.c): in
 *   SYS_SHUTDOWN every leaf but LP.SHUTDOWN gets TDX_SYS_SHUTDOWN; before
 *   SYS_READY only SYS.INFO, SYS.INIT, LP.INIT, CONFIG, KEY.CONFIG and
 *   LP.SHUTDOWN (1.5 adds SYS.RD, RDALL, UPDATE) pass, every other leaf gets
 *   TDX_SYS_NOT_READY. In SYS_READY every leaf is processed.
 * - tdh_sys_lp_shutdown() (1.0): no state check; takes the global lock
 *   shared and sets the *global* sys_state = SYS_SHUTDOWN, then repoints this
 *   LP's HOST_RIP and does INVEPT. One call on one LP is enough for every LP
 *   to get TDX_SYS_SHUTDOWN. In 1.5 it is a stub that returns TDX_SUCCESS.
 * - tdh_sys_shutdown() (1.5, leaf 52): the dispatcher refuses it before
 *   SYS_READY (TDX_SYS_NOT_READY); in SYS_READY it sets SYS_SHUTDOWN unless
 *   another LP is busy in the module (none is, after a failed init).
 *
 * Simplification: the bogus SEAMCALL is a runtime leaf (TDH.MNG.*,
 * TDH.SYS.TDMR.INIT, ...), the kind a kernel bug issues after init; a
 * re-issued init leaf is a retry the kernel makes on purpose, not modelled.
 */
import type { Params, StageShares, Strategy } from "./params/schema.ts";

/** Where initialisation failed, in the order the kernel runs the steps (init_tdx_module()). */
export const INIT_STAGES: readonly ["sys_init", "lp_init", "tdmr_build", "config", "key_config", "tdmr_init"] = [
  "sys_init",
  "lp_init",
  "tdmr_build",
  "config",
  "key_config",
  "tdmr_init",
] as const;
/** One stage of TDX module initialisation. */
export type InitStage = (typeof INIT_STAGES)[number];

/** The module's global sys_state (sysinit_state_e). */
export type SysState = "SYSINIT_PENDING" | "SYSINIT_DONE" | "SYSCONFIG_DONE" | "SYS_READY" | "SYS_SHUTDOWN";
/** The TDX module version modelled. */
export type ModuleVersion = "1.0" | "1.5";

/** What a bogus runtime SEAMCALL gets: an error that names the cause, or processing by a half-initialised module. */
export type BogusAnswer = "TDX_SYS_SHUTDOWN" | "TDX_SYS_NOT_READY" | "processed";

/** The module state a failure at each stage leaves behind (see the header). */
export const STATE_AFTER_FAILURE: Readonly<Record<InitStage, SysState>> = {
  sys_init: "SYSINIT_PENDING",
  lp_init: "SYSINIT_DONE",
  tdmr_build: "SYSINIT_DONE",
  config: "SYSINIT_DONE",
  key_config: "SYSCONFIG_DONE",
  tdmr_init: "SYS_READY",
};

/** Human labels for the stages, shared by the pages, the report and the notebook. */
export const STAGE_LABELS: Readonly<Record<InitStage, string>> = {
  sys_init: "TDH.SYS.INIT",
  lp_init: "TDH.SYS.LP.INIT",
  tdmr_build: "kernel: TDMRs and PAMT allocation",
  config: "TDH.SYS.CONFIG",
  key_config: "TDH.SYS.KEY.CONFIG",
  tdmr_init: "TDH.SYS.TDMR.INIT",
};

/**
 * The state after the strategy ran. `ran` says whether the shutdown leaf
 * executed on at least one LP (a strategy that hangs before any call, or
 * none, leaves the state alone).
 */
export function stateAfterShutdown(version: ModuleVersion, stage: InitStage, strategy: Strategy, ran: boolean): SysState {
  const failed = STATE_AFTER_FAILURE[stage];
  if (!ran || strategy === "none") return failed;
  if (strategy === "global_call") {
    // TDH.SYS.SHUTDOWN does not exist in 1.0; in 1.5 the dispatcher lets it through only in SYS_READY.
    return version === "1.5" && failed === "SYS_READY" ? "SYS_SHUTDOWN" : failed;
  }
  // Every other strategy issues TDH.SYS.LP.SHUTDOWN: global effect in 1.0, a stub in 1.5.
  return version === "1.0" ? "SYS_SHUTDOWN" : failed;
}

/** tdx_vmm_dispatcher()'s answer to a runtime leaf in a given state. */
export function bogusAnswer(state: SysState): BogusAnswer {
  return state === "SYS_SHUTDOWN" ? "TDX_SYS_SHUTDOWN" : state === "SYS_READY" ? "processed" : "TDX_SYS_NOT_READY";
}

/**
 * Does the shutdown change what a bogus SEAMCALL gets? Only where the failed
 * state would let the call be processed and the strategy moved the module to
 * SYS_SHUTDOWN. Before SYS_READY the module already refuses with
 * TDX_SYS_NOT_READY, an error that names the cause as well.
 */
export function shutdownHelps(version: ModuleVersion, stage: InitStage, strategy: Strategy, ran = true): boolean {
  const without = bogusAnswer(STATE_AFTER_FAILURE[stage]);
  const withIt = bogusAnswer(stateAfterShutdown(version, stage, strategy, ran));
  return without === "processed" && withIt === "TDX_SYS_SHUTDOWN";
}

/**
 * Share of failed initialisations after which a bogus SEAMCALL gets the
 * distinct TDX_SYS_SHUTDOWN because of this strategy: the stage shares where
 * shutdownHelps(). 0 for TDH.SYS.LP.INIT, which is not a shutdown.
 */
export function benefitShare(p: Params, strategy: Strategy, ran: boolean): number {
  if (p.tdx.operation !== "lp_shutdown") return 0;
  const shares: StageShares = p.benefit.failedStage;
  let sum = 0;
  for (const stage of INIT_STAGES) if (shutdownHelps(p.tdx.moduleVersion, stage, strategy, ran)) sum += shares[stage];
  return sum;
}
