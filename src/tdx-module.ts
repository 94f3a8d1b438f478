/**
 * What the TDX module does after initialisation failed: the state each
 * failure leaves, what a shutdown leaf changes, and what the next bogus
 * runtime SEAMCALL gets on one LP. src/outcome.ts turns this into the
 * outcome of a run; nothing else decides what a shutdown does.
 *
 * From the module source (qizhangz/tdx-module @ 9359de5c, TDX 1.0; and
 * intel/tdx-module branch tdx_1.5 @ 72d8cffb, TDX 1.5.01):
 * - sysinit_state_e (src/common/data_structures/tdx_global_data.h):
 *   SYSINIT_PENDING -> SYSINIT_DONE (tdh_sys_init: tdx_init_global_data(),
 *   on success only) -> SYSCONFIG_DONE (tdh_sys_config, refused while
 *   num_of_init_lps < num_of_lps, the MCHECK total of LPs) -> SYS_READY
 *   (tdh_sys_key_config, on the last package). A failing leaf returns
 *   before its write, so a failure leaves the previous state.
 *   tdh_sys_tdmr_init never writes sys_state: a failed TDMR.INIT leaves
 *   SYS_READY. The kernel's own steps (TDMRs, PAMTs) leave SYSINIT_DONE.
 * - tdx_vmm_dispatcher() (src/vmm_dispatcher/tdx_vmm_dispatcher.c): in
 *   SYS_SHUTDOWN every leaf but LP.SHUTDOWN gets TDX_SYS_SHUTDOWN; before
 *   SYS_READY only SYS.INFO, SYS.INIT, LP.INIT, CONFIG, KEY.CONFIG and
 *   LP.SHUTDOWN (1.5 adds SYS.RD, RDALL, UPDATE) pass, every other leaf
 *   gets TDX_SYS_NOT_READY. In SYS_READY a runtime leaf is processed.
 * - tdh_sys_lp_shutdown() (1.0): no state check, and the dispatcher passes
 *   it in every state. It takes the global lock shared, sets the *global*
 *   sys_state = SYS_SHUTDOWN, writes this LP's SEAM VMCS HOST_RIP =
 *   global_data->shutdown_host_rip and does INVEPT. The next SEAMCALL on
 *   *that* LP enters SEAM root mode at that RIP, not in the dispatcher.
 *   shutdown_host_rip is copied from the SEAMLDR's sysinfo table only by
 *   tdx_init_global_data() (tdh_sys_init.c), the last step of a
 *   *successful* TDH.SYS.INIT: after a failed SYS.INIT the field was never
 *   set, so an LP.SHUTDOWN leaves that LP with an undefined entry point.
 *   What the SEAMLDR's code at a set entry returns is not public (no
 *   SEAMLDR source in qizhangz/tdx-module, intel/tdx-module or
 *   intel/tdx-module-loader): the model calls it unknown.
 * - 1.5: tdh_sys_lp_shutdown() is a stub ("This API is deprecated",
 *   return TDX_SUCCESS) and shutdown_host_rip no longer exists.
 *   tdh_sys_shutdown() (leaf 52) needs SYS_READY (dispatcher, and a
 *   tdx_sanity_check) and an hv_input within [min_update_hv, module_hv];
 *   it sets SYS_SHUTDOWN and writes hand-off data for a successor module.
 * - Retry: tdh_sys_init() answers TDX_SYS_INIT_NOT_PENDING once it has
 *   succeeded (sys_state != SYSINIT_PENDING), so after a failure at any
 *   later stage the module cannot be initialised again before a reboot;
 *   after a failed SYS.INIT it can (the state stays SYSINIT_PENDING), unless
 *   a 1.0 LP.SHUTDOWN has set SYS_SHUTDOWN.
 *
 * Simplifications: the bogus SEAMCALL is a runtime leaf (TDH.MNG.*,
 * TDH.SYS.TDMR.INIT, ...), the kind a kernel bug issues after init; the
 * kernel passes TDH.SYS.SHUTDOWN a valid hv_input. TDH.SYS.DISABLE (leaf 69,
 * 2026 kernels) is in no public module source, so which states it accepts
 * is unknown and it is not modelled.
 */
import type { Strategy } from "./params/schema.ts";

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

/**
 * What the next bogus runtime SEAMCALL on one LP gets: refused with
 * TDX_SYS_SHUTDOWN or TDX_SYS_NOT_READY by the dispatcher, processed by a
 * half-initialised module, the SEAMLDR's shutdown entry (answer unknown), or
 * an entry point that was never set (undefined).
 */
export type LpAnswer = "TDX_SYS_SHUTDOWN" | "TDX_SYS_NOT_READY" | "processed" | "seamldr_entry" | "undefined_entry";
/** Every LpAnswer, in the order tables show them. */
export const LP_ANSWERS: readonly LpAnswer[] = ["TDX_SYS_SHUTDOWN", "TDX_SYS_NOT_READY", "processed", "seamldr_entry", "undefined_entry"];

/** Labels of the answers for tables, the report and the notebook. */
export const LP_ANSWER_LABELS: Readonly<Record<LpAnswer, string>> = {
  TDX_SYS_SHUTDOWN: "refused: TDX_SYS_SHUTDOWN",
  TDX_SYS_NOT_READY: "refused: TDX_SYS_NOT_READY",
  processed: "processed by the half-initialised module",
  seamldr_entry: "enters the SEAMLDR's shutdown entry (answer unknown)",
  undefined_entry: "enters an unset HOST_RIP (undefined)",
};

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

/** The leaf a strategy issues: TDH.SYS.LP.SHUTDOWN, TDH.SYS.SHUTDOWN, or nothing. */
export type ShutdownLeaf = "lp_shutdown" | "sys_shutdown" | "nothing";

/** The leaf a strategy issues (global_call: TDH.SYS.SHUTDOWN; none: nothing; every other: LP.SHUTDOWN). */
export function leafOf(strategy: Strategy): ShutdownLeaf {
  return strategy === "none" ? "nothing" : strategy === "global_call" ? "sys_shutdown" : "lp_shutdown";
}

/**
 * The global state after the strategy ran. `ran`: the leaf executed on at
 * least one LP (a strategy that hangs before any call leaves the state).
 */
export function stateAfterShutdown(version: ModuleVersion, stage: InitStage, strategy: Strategy, ran: boolean): SysState {
  const failed = STATE_AFTER_FAILURE[stage];
  const leaf = leafOf(strategy);
  if (!ran || leaf === "nothing") return failed;
  // TDH.SYS.SHUTDOWN does not exist in 1.0; in 1.5 the dispatcher lets it through only in SYS_READY.
  if (leaf === "sys_shutdown") return version === "1.5" && failed === "SYS_READY" ? "SYS_SHUTDOWN" : failed;
  // LP.SHUTDOWN: global effect in 1.0 (in any state), a stub in 1.5.
  return version === "1.0" ? "SYS_SHUTDOWN" : failed;
}

/** tdx_vmm_dispatcher()'s answer to a runtime leaf in a given state. */
export function dispatcherAnswer(state: SysState): LpAnswer {
  return state === "SYS_SHUTDOWN" ? "TDX_SYS_SHUTDOWN" : state === "SYS_READY" ? "processed" : "TDX_SYS_NOT_READY";
}

/**
 * The next bogus runtime SEAMCALL on one LP. `touched`: this LP ran the
 * strategy's leaf. On 1.0 an LP that ran LP.SHUTDOWN never reaches the
 * dispatcher again: it enters shutdown_host_rip, set by a successful
 * SYS.INIT (the SEAMLDR's entry) or never set (after a failed SYS.INIT).
 */
export function lpAnswer(version: ModuleVersion, stage: InitStage, strategy: Strategy, ran: boolean, touched: boolean): LpAnswer {
  if (touched && version === "1.0" && leafOf(strategy) === "lp_shutdown") return stage === "sys_init" ? "undefined_entry" : "seamldr_entry";
  return dispatcherAnswer(stateAfterShutdown(version, stage, strategy, ran));
}

/** TDH.SYS.INIT would be accepted again without a reboot (a retry, or a kexec'd kernel): the state is still SYSINIT_PENDING. */
export function retryable(version: ModuleVersion, stage: InitStage, strategy: Strategy, ran: boolean): boolean {
  return stateAfterShutdown(version, stage, strategy, ran) === "SYSINIT_PENDING";
}
