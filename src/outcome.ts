/**
 * What a shutdown does to the machine: for one run, the outcome of the
 * next bogus runtime SEAMCALL, per failed initialisation, from the module's
 * answers per LP (src/tdx-module.ts), the stage that failed and the order
 * of shutdown and PAMT free.
 *
 * - Which stage failed follows from the machine first: while any
 *   BIOS-enabled LP is offline (SMT off, maxcpus=, offlined),
 *   tdh_sys_config() refuses (num_of_init_lps < num_of_lps) and v7 04/20's
 *   __tdx_enable() refused even before any SEAMCALL ("Unable to initialize
 *   the TDX module when there's offline CPU(s)"): init fails at CONFIG or
 *   before on every boot, a state where the dispatcher already refuses every
 *   runtime leaf. Otherwise the prior params.benefit.failedStage applies
 *   (data/parameters.json: read from the error paths of each stage).
 * - The bogus SEAMCALL is issued on an online CPU, any of them alike (a
 *   kernel bug runs wherever it runs), so each answer's share is the share
 *   of online LPs that get it.
 * - PAMT writes into memory the kernel freed are possible after a failed
 *   TDH.SYS.TDMR.INIT while a bogus call is processed: 1.5's
 *   pamt_get_block() refuses only addresses past last_initialized, so leaves
 *   on the initialised blocks write PAMT entries, and TDH.SYS.TDMR.INIT
 *   resumes writing PAMT. v7 freed the PAMTs before it shut the module down
 *   (Kai Huang in the thread: "The metadata memory has been freed back to the
 *   kernel in case of error before shutting down the module"), so its
 *   shutdown left that window open; a shutdown before the free closes it
 *   where it stops every LP from reaching a processed leaf. On parts with the
 *   partial-write erratum (X86_BUG_TDX_PW_MCE) such writes can end in a
 *   machine check, which is why mainline resets the PAMTs
 *   (tdmrs_quirk_reset_pamt_all()) before it frees them.
 * - The dollar lens (src/benefit.ts) prices a TDX_SYS_SHUTDOWN only where
 *   doing nothing would have let the call be processed (after a failed
 *   TDMR.INIT): before SYS_READY the dispatcher already answers
 *   TDX_SYS_NOT_READY, which names the cause as well, so there the distinct
 *   error saves nothing.
 * - A kexec'd kernel inherits the module state: every per-LP answer holds
 *   for its SEAMCALLs too, and so does whether TDX can be tried again.
 *
 * Simplifications: LPs onlined later answer as the LPs that did not run the
 * leaf (only cpuhp's installed state would run it there, not modelled); a
 * run that hung counts the LPs it reached.
 */
import type { Params, StageShares, Strategy } from "./params/schema.ts";
import type { OutcomeMetrics } from "./result.ts";
import { INIT_STAGES, type InitStage, type LpAnswer, lpAnswer, retryable } from "./tdx-module.ts";
import { assertFiniteNumber, assertParams } from "./params/guard.ts";
import { assertStrategy } from "./params/work.ts";

/** The outcome of one run, per failed initialisation (shares in [0, 1]): the run's outcome metrics. */
export type Outcome = OutcomeMetrics;

/** The stage prior for this machine: CONFIG with certainty while BIOS-enabled LPs are offline, else the scenario's prior. */
export function stagePrior(p: Params, lps: number, onlineLps: number): StageShares {
  assertParams(p, "stagePrior: p");
  assertFiniteNumber(lps, "stagePrior: lps");
  assertFiniteNumber(onlineLps, "stagePrior: onlineLps");
  return priorOf(p, lps, onlineLps);
}

function priorOf(p: Params, lps: number, onlineLps: number): StageShares {
  if (failsAtConfig(lps, onlineLps)) return { sys_init: 0, lp_init: 0, tdmr_build: 0, config: 1, key_config: 0, tdmr_init: 0 };
  return p.benefit.failedStage;
}

/** Whether this machine makes init fail at CONFIG on every boot (offline BIOS-enabled LPs). */
export function failsAtConfig(lps: number, onlineLps: number): boolean {
  return onlineLps < lps;
}

/** The answer shares and outcomes of one failed stage. */
function stageOutcome(p: Params, stage: InitStage, strategy: Strategy, onlineLps: number, covered: number): Omit<Outcome, "corruption" | "undefinedEntry" | "retryable"> & { corruption: boolean; undefinedEntry: boolean; retryable: boolean } {
  const v = p.tdx.moduleVersion;
  const ran = covered > 0;
  const touchedShare = onlineLps > 0 ? Math.min(covered, onlineLps) / onlineLps : 0;
  const shares: Record<LpAnswer, number> = { TDX_SYS_SHUTDOWN: 0, TDX_SYS_NOT_READY: 0, processed: 0, seamldr_entry: 0, undefined_entry: 0 };
  shares[lpAnswer(v, stage, strategy, ran, true)] += touchedShare;
  shares[lpAnswer(v, stage, strategy, ran, false)] += 1 - touchedShare;
  const processedEver = stage === "tdmr_init" && (p.tdx.pamtOrder === "free_first" || shares.processed > 0);
  // The distinct error is worth something only where it replaces a processed call: before
  // SYS_READY doing nothing already gets TDX_SYS_NOT_READY, which names the cause too.
  const nothingProcessed = lpAnswer(v, stage, "none", false, false) === "processed";
  return {
    benefitShare: nothingProcessed ? shares.TDX_SYS_SHUTDOWN : 0,
    bogusDistinct: shares.TDX_SYS_SHUTDOWN,
    bogusNotReady: shares.TDX_SYS_NOT_READY,
    bogusProcessed: shares.processed,
    bogusUnknown: shares.seamldr_entry,
    bogusUndefined: shares.undefined_entry,
    corruption: processedEver,
    undefinedEntry: shares.undefined_entry > 0,
    retryable: retryable(v, stage, strategy, ran),
  };
}

/**
 * The outcome of one run: each stage's outcome weighted by the stage prior
 * of this machine. `covered`: online LPs that executed the leaf.
 */
export function outcomeOf(p: Params, strategy: Strategy, lps: number, onlineLps: number, covered: number): Outcome {
  assertParams(p, "outcomeOf: p");
  assertStrategy(strategy, "outcomeOf: strategy");
  for (const [x, what] of [[lps, "lps"], [onlineLps, "onlineLps"], [covered, "covered"]] as const) assertFiniteNumber(x, `outcomeOf: ${what}`);
  return { ...runOutcome(p, strategy, lps, onlineLps, covered) }; // a copy: the memo is shared
}

// Outcomes by parameters, then by (strategy, lps, online, covered): every run of every trial
// asks for its own and for doing nothing's, and machine draws repeat the same counts.
const memo = new WeakMap<Params, Map<string, Readonly<Outcome>>>();

/** outcomeOf() without its checks, for every run (run.ts): the run's parameters are checked once at the door. Read-only result, shared. */
export function runOutcome(p: Params, strategy: Strategy, lps: number, onlineLps: number, covered: number): Readonly<Outcome> {
  let byKey = memo.get(p);
  if (!byKey) memo.set(p, (byKey = new Map()));
  const key = `${strategy} ${lps} ${onlineLps} ${covered}`;
  let out = byKey.get(key);
  if (!out) byKey.set(key, (out = Object.freeze(computeOutcome(p, strategy, lps, onlineLps, covered))));
  return out;
}

function computeOutcome(p: Params, strategy: Strategy, lps: number, onlineLps: number, covered: number): Outcome {
  const prior = priorOf(p, lps, onlineLps);
  const out: Outcome = { benefitShare: 0, bogusDistinct: 0, bogusNotReady: 0, bogusProcessed: 0, bogusUnknown: 0, bogusUndefined: 0, corruption: 0, undefinedEntry: 0, retryable: 0 };
  if (p.tdx.operation !== "lp_shutdown") return out;
  for (const stage of INIT_STAGES) {
    const w = prior[stage];
    if (!(w > 0)) continue;
    const s = stageOutcome(p, stage, strategy, onlineLps, covered);
    out.benefitShare += w * s.benefitShare;
    out.bogusDistinct += w * s.bogusDistinct;
    out.bogusNotReady += w * s.bogusNotReady;
    out.bogusProcessed += w * s.bogusProcessed;
    out.bogusUnknown += w * s.bogusUnknown;
    out.bogusUndefined += w * s.bogusUndefined;
    if (s.corruption) out.corruption += w;
    if (s.undefinedEntry) out.undefinedEntry += w;
    if (s.retryable) out.retryable += w;
  }
  return out;
}
