/**
 * The verdict in words, for every page, the report and the notebook: the
 * non-dominated strategies, what dominates the v7 patch, and the
 * source-backed reason, each sentence chosen from the comparison's own
 * numbers (never from the parameters alone), so the prose follows the
 * reader's scenario. Plain text: consumers add markup.
 */
import type { Params, Strategy } from "./params/schema.ts";
import type { Comparison } from "./compare.ts";
import { failsAtConfig } from "./outcome.ts";
import { assertComparisons, assertParams } from "./params/guard.ts";
import { leafOf } from "./tdx-module.ts";
import { STRATEGIES } from "./strategies/names.ts";

/** The verdict's sentences: the lead, the reasons behind it, and notes on strategies that need a caveat. */
export interface VerdictText {
  /** One sentence: what wins (or that nothing is dominated), in the reviewers' units. */
  lead: string;
  /** Why, each from the source and true of these rows. */
  reasons: string[];
  /** Caveats (caller_cpu's basis, ties). */
  notes: string[];
}

function list(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/** A list of strategies, or "every LP.SHUTDOWN strategy" when it is all of them. */
function who(xs: readonly Strategy[]): string {
  const lp = STRATEGIES.filter((s) => leafOf(s) === "lp_shutdown");
  return xs.length === lp.length && lp.every((s) => xs.includes(s)) ? "every LP.SHUTDOWN strategy" : list(xs);
}

/** The verb for who(xs): singular for one strategy or "every ...". */
function verb(xs: readonly Strategy[], one: string, many: string): string {
  return xs.length === 1 || who(xs).startsWith("every") ? one : many;
}

const mean = (r: Comparison, m: keyof Comparison["summary"]["metrics"]) => r.summary.metrics[m].mean;

/** The verdict of a comparison, in words. */
export function verdictText(rows: readonly Comparison[], p: Params): VerdictText {
  assertComparisons(rows, "verdictText: rows");
  assertParams(p, "verdictText: p");
  const front = rows.filter((r) => r.dominance.dominatedBy.length === 0).map((r) => r.strategy);
  const by = (s: Strategy) => rows.find((r) => r.strategy === s);
  const patch = by("on_each_cpu");
  const reasons: string[] = [];
  const notes: string[] = [];
  const { lps, onlineLps } = rows[0].summary;

  if (p.tdx.operation === "lp_init") {
    const up = rows.filter((r) => mean(r, "tdxUp") > 0.5).map((r) => r.strategy);
    if (up.length === 0) {
      reasons.push(failsAtConfig(lps, onlineLps)
        ? `${onlineLps} of ${lps} BIOS-enabled LPs are online, and tdh_sys_config() refuses until every one has run TDH.SYS.LP.INIT (num_of_init_lps < num_of_lps, the MCHECK total).`
        : "No mechanism here reached every BIOS-enabled LP in most runs, and tdh_sys_config() refuses until every one has run TDH.SYS.LP.INIT.");
      return { lead: "TDX does not come up with any mechanism.", reasons, notes };
    }
    const down = rows.filter((r) => !up.includes(r.strategy)).map((r) => r.strategy);
    if (down.length) reasons.push(`TDX does not come up with ${list(down)}: ${down.length > 1 ? "they leave" : "it leaves"} BIOS-enabled LPs without TDH.SYS.LP.INIT in most runs.`);
    const lead = front.length === 1 ? `${front[0]} dominates for TDH.SYS.LP.INIT: no worse on any cost and TDX comes up.` : `Not dominated for TDH.SYS.LP.INIT: ${list(front)}.`;
    if (patch) reasons.push(patch.dominance.dominatedBy.length ? `v7 08/20's on_each_cpu is dominated by ${list(patch.dominance.dominatedBy)}.` : "v7 08/20's on_each_cpu is not dominated.");
    return { lead, reasons, notes };
  }

  const none = by("none");
  const others = rows.filter((r) => r.strategy !== "none");
  const noneDominatesAll = none !== undefined && others.length > 0 && others.every((r) => none.dominance.dominates.includes(r.strategy));
  const lead = noneDominatesAll
    ? "Doing nothing wins: none dominates every shutdown strategy, in costs and in what the failed module does afterwards."
    : front.length === 1
      ? `${front[0]} dominates every other strategy.`
      : `Not dominated: ${list(front)}; each of them is better than the others on some axis.`;

  // Reasons, each checked against these rows.
  const prevents = others.filter((r) => none && mean(r, "corruption") < mean(none, "corruption")).map((r) => r.strategy);
  if (failsAtConfig(lps, onlineLps)) {
    reasons.push(`Init fails at TDH.SYS.CONFIG on every boot here: ${onlineLps} of ${lps} BIOS-enabled LPs are online, and tdh_sys_config() refuses while num_of_init_lps < num_of_lps (v7 04/20 refused even before any SEAMCALL). The module then already refuses every runtime leaf with TDX_SYS_NOT_READY, so no shutdown prevents anything.`);
  } else {
    if (none && mean(none, "bogusNotReady") > 0) reasons.push("Before SYS_READY, tdx_vmm_dispatcher() already refuses every runtime leaf with TDX_SYS_NOT_READY: the kernel's status variable is the function pointer.");
    if (none && mean(none, "corruption") > 0 && prevents.length === 0) {
      reasons.push(p.tdx.pamtOrder === "free_first"
        ? "After a failed TDH.SYS.TDMR.INIT, a processed bogus SEAMCALL can write PAMT entries into memory the kernel freed; v7 freed the PAMTs before shutting down (Kai Huang), so its shutdown does not close that gap."
        : "After a failed TDH.SYS.TDMR.INIT, a processed bogus SEAMCALL can write PAMT entries into memory the kernel freed, and no strategy here stops every LP from reaching it.");
    }
    if (prevents.length) reasons.push(`${list(prevents)} ${prevents.length > 1 ? "prevent" : "prevents"} PAMT writes into freed memory after a failed TDH.SYS.TDMR.INIT (shutdown before the PAMT free), which doing nothing leaves possible.`);
  }
  const harmful = others.filter((r) => mean(r, "undefinedEntry") > 0).map((r) => r.strategy);
  if (harmful.length) reasons.push(`After a failed TDH.SYS.INIT, LP.SHUTDOWN points HOST_RIP at shutdown_host_rip, which only a successful SYS.INIT sets: ${who(harmful)} ${verb(harmful, "leaves", "leave")} LPs whose next SEAMCALL (a kexec'd kernel's too) has an undefined entry.`);
  const unknown = others.filter((r) => mean(r, "bogusUnknown") > 0).map((r) => r.strategy);
  if (unknown.length) reasons.push(`On module 1.0 an LP that ran LP.SHUTDOWN enters the SEAMLDR's shutdown entry on its next SEAMCALL, whose answer is not public: ${who(unknown)} ${verb(unknown, "turns", "turn")} ${none && mean(none, "bogusProcessed") > 0 ? "known answers (an error, or the call processed)" : "known errors"} into unknown ones.`);
  if (none && mean(none, "retryable") > 0 && others.some((r) => mean(r, "retryable") < mean(none, "retryable"))) reasons.push("After a failed TDH.SYS.INIT the module stays SYSINIT_PENDING and accepts SYS.INIT again (a kexec'd kernel can retry); a 1.0 LP.SHUTDOWN sets SYS_SHUTDOWN and ends that.");
  const inert = others.filter((r) => !r.summary.effective).map((r) => r.strategy);
  if (inert.length) reasons.push(`${who(inert)} ${verb(inert, "changes", "change")} nothing the module answers here${p.tdx.moduleVersion === "1.5" && inert.some((s) => s !== "global_call") ? " (TDH.SYS.LP.SHUTDOWN is a stub in module 1.5)" : ""}, at a cost.`);
  const hang = others.filter((r) => mean(r, "deadlockRisk") > 0).map((r) => r.strategy);
  if (hang.length) reasons.push(`${list(hang)} take cpus_read_lock() again under v7's caller: a recursive percpu read that deadlocks if a hotplug writer is pending (their _cpuslocked or open-coded forms do not).`);

  if (patch && !noneDominatesAll) notes.push(patch.dominance.dominatedBy.length ? `The v7 patch (on_each_cpu) is dominated by ${list(patch.dominance.dominatedBy)}.` : "The v7 patch (on_each_cpu) is not dominated.");
  if (front.includes("caller_cpu")) notes.push("caller_cpu follows from module 1.0's source (one LP.SHUTDOWN sets the global state), not from the leaf's contract (\"Prevent further SEAMCALL on the current LP\"); 1.5 deprecates the leaf.");
  const tied = rows.filter((r) => r.dominance.tiesWith.length).map((r) => `${r.strategy} with ${list(r.dominance.tiesWith)}`);
  if (tied.length) notes.push(`Ties on every axis: ${tied.join("; ")}.`);
  return { lead, reasons, notes };
}
