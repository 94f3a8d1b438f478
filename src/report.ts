/**
 * The plain-text report for a reply on a mailing list: one row per strategy,
 * at most 72 columns, then the break-even probability and the link that
 * reproduces the scenario. Pure: rows in, strings out.
 */
import type { Params, Strategy } from "./params/schema.ts";
import { presetById } from "./params/defaults.ts";
import { scenarioSearch } from "./params/url.ts";
import { type Comparison, strategiesFor, verdict } from "./compare.ts";
import { type VerdictText, verdictText } from "./headline.ts";
import { compareRows, metricOf, valueRows } from "./rows.ts";
import { formatNs, formatPerMillion, formatProbability, formatShare, formatUsd } from "./format.ts";
import { simulateAll } from "./simulate.ts";
import { assertComparisons, assertParams, kind } from "./params/guard.ts";
import { concurrencyOf } from "./verdict.ts";
import { siteUrlProblem } from "./site-url.ts";

export { siteUrlProblem };
import { PATH_LABELS, type RunResult } from "./result.ts";

export const MAX_COLUMNS = 72;

/** The command that reproduces a scenario's table, for a report with no site address configured. */
export function reproduceCommand(p: Params, strategies: readonly string[] | null): string {
  const args = [...new URLSearchParams(scenarioSearch(p))].map(([k, v]) => (k === "preset" ? `--preset ${v}` : `--${k}=${v}`));
  if (strategies) args.push(`--strategies ${strategies.join(",")}`);
  return `npm run -s report -- ${args.join(" ")}`;
}

export interface ReportRow {
  strategy: Strategy;
  /** Medians over the Monte Carlo trials. */
  callerLatencyNs: number;
  /** 5th and 95th percentiles of the caller latency. */
  callerLatencyP5Ns: number;
  callerLatencyP95Ns: number;
  /** The caller's longest preempt-off stretch, median. */
  callerPreemptOffNs: number;
  totalCpuNs: number;
  irqOffMaxNs: number;
  /** First-to-last SEAMCALL start, median. */
  spreadNs: number;
  /** Most SEAMCALLs in flight at once, median. */
  maxInFlight: number;
  /** Share of SEAMCALL time overlapping another LP's, median. */
  overlapShare: number;
  /** "one after another", "overlapping", "simultaneous", ... for the median run (verdict.ts concurrencyOf). */
  concurrency: string;
  /** The chain of steps that set the caller's latency in the run at the scenario's seed; its parts sum to that run's latency. */
  criticalPath: { latencyNs: number; parts: { kind: string; label: string; cpu: number | null; ns: number }[] };
  /** Delay imposed on RT and nohz_full tasks, median. */
  disturbanceSumNs: number;
  /** How the caller waits: spinning (IRQs or preemption off) or asleep; "runs" when it only does the work itself. */
  caller: "spins" | "sleeps" | "runs";
  /** Mean share of BIOS-enabled LPs that executed the SEAMCALL. */
  coverage: number;
  /** Share of runs that hung, plus the deadlock risk of a recursive cpus_read_lock(). */
  hangRisk: number;
  stuck: number;
  /** Outcomes, shares of failed initialisations (src/outcome.ts); the table shows them per million. */
  corruption: number;
  undefinedEntry: number;
  bogusUnknown: number;
  bogusDistinct: number;
  retryable: number;
  /** TDH.SYS.LP.INIT: share of runs after which TDX comes up. */
  tdxUp: number;
  netUsd: number;
  upkeepUsd: number;
  breakEvenPBogus: number | null;
  /** The strategies that dominate it. */
  dominatedBy: Strategy[];
}

export interface Report {
  preset: string;
  operation: Params["tdx"]["operation"];
  lps: number;
  trials: number;
  seed: number;
  /** The scenario's link on the configured site, or null when no site is configured (then `command` reproduces it). */
  url: string | null;
  /** The command that reproduces this table. */
  command: string;
  rows: ReportRow[];
  /** The verdict (src/compare.ts verdict()), its words (src/headline.ts) and the v7 patch's dominators. */
  verdict: { patchDominatedBy: Strategy[] | null; front: Strategy[]; bestNet: Strategy[]; unpriced: string[] } & VerdictText;
}

export function buildReport(p: Params, comparisons: readonly Comparison[], siteUrl: string | null = null): Report {
  assertParams(p, "buildReport: p");
  assertComparisons(comparisons, "buildReport: comparisons", { allowEmpty: true });
  if (siteUrl !== null && typeof siteUrl !== "string") throw new TypeError(`buildReport: siteUrl: expected a string or null, got ${kind(siteUrl)}`);
  const paths = comparisons.length ? simulateAll(p, comparisons.map((c) => c.strategy), { criticalPath: true }) : [];
  if (siteUrl !== null) {
    const problem = siteUrlProblem(siteUrl);
    if (problem) throw new RangeError(`site URL ${quoteValue(siteUrl)} ${problem}`);
  }
  const shown = comparisons.map((c) => c.strategy);
  const all = strategiesFor(p);
  const same = shown.length === all.length && shown.every((s, i) => s === all[i]);
  return {
    preset: p.preset,
    operation: p.tdx.operation,
    lps: comparisons[0]?.summary.lps ?? 0,
    trials: comparisons[0]?.summary.trials ?? 0,
    seed: p.seed,
    url: siteUrl === null ? null : `${siteUrl}${scenarioSearch(p)}`,
    command: reproduceCommand(p, same ? null : shown),
    rows: reportRows(comparisons, paths),
    verdict: {
      ...verdict(comparisons, p),
      ...(comparisons.length ? verdictText(comparisons, p) : { lead: "", reasons: [], notes: [] }),
      patchDominatedBy: comparisons.find((c) => c.strategy === "on_each_cpu")?.dominance.dominatedBy ?? null,
    },
  };
}

/** The report's columns, picked from the kernel's tidy rows. */
function reportRows(comparisons: readonly Comparison[], paths: readonly RunResult[]): ReportRow[] {
  const metrics = compareRows(comparisons, [
    "maxInFlight", "overlapShare", "coveredLps",
    "callerLatencyNs", "callerPreemptOffNs", "totalCpuNs", "irqOffMaxNs", "spreadNs", "disturbanceSumNs", "callerSpinNs", "callerSleepNs", "coverage",
    "deadlockRisk", "corruption", "undefinedEntry", "bogusUnknown", "bogusDistinct", "retryable", "tdxUp",
  ]);
  return valueRows(comparisons).map((v) => {
    const m = (metric: Parameters<typeof metricOf>[2]) => metricOf(metrics, v.strategy, metric);
    const spin = m("callerSpinNs").mean, sleep = m("callerSleepNs").mean;
    return {
      strategy: v.strategy,
      callerLatencyNs: m("callerLatencyNs").p50,
      callerLatencyP5Ns: m("callerLatencyNs").p5,
      callerLatencyP95Ns: m("callerLatencyNs").p95,
      callerPreemptOffNs: m("callerPreemptOffNs").p50,
      totalCpuNs: m("totalCpuNs").p50,
      irqOffMaxNs: m("irqOffMaxNs").p50,
      spreadNs: m("spreadNs").p50,
      maxInFlight: m("maxInFlight").p50,
      overlapShare: m("overlapShare").p50,
      concurrency: concurrencyOf({ maxInFlight: m("maxInFlight").p50, overlapShare: m("overlapShare").p50, coveredLps: m("coveredLps").p50 }).word,
      criticalPath: pathOf(paths.find((r) => r.strategy === v.strategy)),
      disturbanceSumNs: m("disturbanceSumNs").p50,
      caller: spin === 0 && sleep === 0 ? "runs" : spin >= sleep ? "spins" : "sleeps",
      coverage: m("coverage").mean,
      hangRisk: Math.min(1, v.stuck + m("deadlockRisk").mean),
      stuck: v.stuck,
      corruption: m("corruption").mean,
      undefinedEntry: m("undefinedEntry").mean,
      bogusUnknown: m("bogusUnknown").mean,
      bogusDistinct: m("bogusDistinct").mean,
      retryable: m("retryable").mean,
      tdxUp: m("tdxUp").mean,
      netUsd: v.netUsd,
      upkeepUsd: v.upkeepUsd,
      breakEvenPBogus: v.breakEvenPBogus,
      dominatedBy: v.dominatedBy,
    } satisfies ReportRow;
  });
}

function pathOf(r: RunResult | undefined): ReportRow["criticalPath"] {
  if (!r?.criticalPath) return { latencyNs: 0, parts: [] };
  return { latencyNs: r.callerLatencyNs, parts: r.criticalPath.map((x) => ({ kind: x.kind, label: PATH_LABELS[x.kind], cpu: x.cpu, ns: x.ns })) };
}

type Columns = [string, number, (r: ReportRow) => string][];

/** Strategy names take 23 columns, the longest (stop_machine_cpuslocked). */
const NAME = 23;

/** What each strategy costs: 23 + 6 columns within 72. */
const COST_COLUMNS: Columns = [
  ["latency", 8, (r) => formatNs(r.callerLatencyNs)],
  ["caller", 6, (r) => r.caller],
  ["preempt", 8, (r) => formatNs(r.callerPreemptOffNs)],
  ["CPU", 8, (r) => formatNs(r.totalCpuNs)],
  ["IRQ-off", 8, (r) => formatNs(r.irqOffMaxNs)],
  ["hang", 5, (r) => formatHang(r.hangRisk)],
];

/** The spread of the caller latency, and the disturbance. */
const BAND_COLUMNS: Columns = [
  ["lat p5", 8, (r) => formatNs(r.callerLatencyP5Ns)],
  ["lat p95", 8, (r) => formatNs(r.callerLatencyP95Ns)],
  ["disturb", 8, (r) => formatNs(r.disturbanceSumNs)],
  ["cover", 5, (r) => formatShare(r.coverage)],
  ["at once", 7, (r) => String(r.maxInFlight)],
];

/** What each strategy leaves after the failed initialisation, per million failures. */
const OUTCOME_COLUMNS: Columns = [
  ["corrupt", 7, (r) => formatPerMillion(r.corruption)],
  ["unset", 6, (r) => formatPerMillion(r.undefinedEntry)],
  ["unknown", 7, (r) => formatPerMillion(r.bogusUnknown)],
  ["retry", 6, (r) => formatPerMillion(r.retryable)],
  ["distinct", 8, (r) => formatPerMillion(r.bogusDistinct)],
];

/** TDH.SYS.LP.INIT: whether TDX comes up. */
const LP_INIT_COLUMNS: Columns = [
  ["TDX up", 6, (r) => formatShare(r.tdxUp)],
  ["cover", 5, (r) => formatShare(r.coverage)],
];

/** The dollar lens. */
const VALUE_COLUMNS: Columns = [
  ["net/yr", 8, (r) => formatUsd(r.netUsd)],
  ["b-even", 7, (r) => formatProbability(r.breakEvenPBogus)],
  ["upkeep", 8, (r) => formatUsd(r.upkeepUsd)],
];

function formatHang(x: number): string {
  return x === 0 ? "0" : x >= 0.995 ? "100%" : x < 0.001 ? "<0.1%" : formatShare(x);
}

function table(rows: readonly ReportRow[], columns: Columns): string[] {
  return [
    `${"strategy".padEnd(NAME)} ${columns.map(([h, w]) => h.padStart(w)).join(" ")}`,
    ...rows.map((r) => `${r.strategy.padEnd(NAME)} ${columns.map(([, w, f]) => f(r).padStart(w)).join(" ")}${r.stuck > 0 ? " *" : ""}`),
  ];
}

/** The tables and the lines after them, each at most 72 columns; ascii: "us" for "µs", for mail that is not UTF-8. */
export function formatReport(report: Report, { ascii = false }: { ascii?: boolean } = {}): string {
  const label = presetById(report.preset)?.label ?? report.preset;
  const v = report.verdict;
  const lpInit = report.operation === "lp_init";
  const lines: string[] = [
    ...wrap(`tdx-shutdown: ${label}; ${lpInit ? "TDH.SYS.LP.INIT" : "TDH.SYS.LP.SHUTDOWN after a failed init"}; medians of ${report.trials} runs, seed ${report.seed}`),
    "",
    ...wrap(`Verdict: ${v.lead}`),
    ...v.reasons.flatMap((r) => wrap(`- ${r}`, MAX_COLUMNS, "  ")),
    ...v.notes.flatMap((r) => wrap(`* ${r}`, MAX_COLUMNS, "  ")),
    "",
    ...wrap(`Not dominated on ${lpInit ? "the costs and whether TDX comes up" : "the costs and the outcomes below"}: ${v.front.join(", ")}.`),
    "",
    ...table(report.rows, COST_COLUMNS),
    "",
    ...wrap("latency: caller, p50. caller: spins (IRQs or preemption off) or sleeps while it waits. preempt: the caller's longest preempt-off stretch. CPU: all CPUs. IRQ-off: longest. hang: runs that hang or deadlock on a recursive cpus_read_lock()."),
    "",
    ...table(report.rows, BAND_COLUMNS),
    "",
    ...wrap("lat p5, p95: the caller latency's 5th and 95th percentiles. disturb: delay to RT and nohz_full tasks, p50. cover: BIOS-enabled LPs that ran the SEAMCALL. at once: most SEAMCALLs in flight at one moment (from lock grant to return), p50: one after another at 1, overlapping above."),
    "",
    ...wrap(`What sets the caller's latency, in the run at seed ${report.seed} (its largest part):`),
    ...report.rows.flatMap((r) => {
      const top = r.criticalPath.parts.reduce<ReportRow["criticalPath"]["parts"][number] | null>((a, b) => (a && a.ns >= b.ns ? a : b), null);
      if (!top) return [];
      const where = top.cpu === null ? " (every CPU in turn)" : top.cpu === 0 ? "" : ` of CPU ${top.cpu}`;
      return wrap(`- ${r.strategy}: ${top.label}${where}, ${formatNs(top.ns)} of ${formatNs(r.criticalPath.latencyNs)}; SEAMCALLs ${r.concurrency}`, MAX_COLUMNS, "  ");
    }),
    "",
  ];
  if (lpInit) {
    lines.push(...table(report.rows, LP_INIT_COLUMNS), "", ...wrap("TDX up: runs after which every BIOS-enabled LP has run TDH.SYS.LP.INIT, so TDH.SYS.CONFIG can succeed."), "");
  } else {
    lines.push(
      ...table(report.rows, OUTCOME_COLUMNS),
      "",
      ...wrap("Per million failed initialisations: corrupt: PAMT writes into freed memory remain possible. unset: an LP left with an unset HOST_RIP. unknown: a bogus SEAMCALL enters the SEAMLDR's shutdown entry, whose answer is not public. retry: TDX can be initialised again without a reboot. distinct: a bogus SEAMCALL gets TDX_SYS_SHUTDOWN (shown, not a verdict axis: TDX_SYS_NOT_READY names the cause too)."),
      "",
      ...table(report.rows, VALUE_COLUMNS),
      "",
      ...wrap(`Dollar lens, below the verdict and never its basis: net/yr: the fleet's benefit (hours saved where the distinct error replaces a call the half-initialised module would process; before SYS_READY doing nothing already gets TDX_SYS_NOT_READY) minus its running cost, USD a year. b-even: P(bogus SEAMCALL | failed init) at which net/yr is 0 (over 100%: never). upkeep: upstream, once, from lines of code. Best net value: ${v.bestNet.length > 1 ? `a tie between ${v.bestNet.join(", ")}` : v.bestNet[0]}. Left out of the dollars: ${v.unpriced.join(", ")}.`),
      "",
    );
  }
  if (report.rows.some((r) => r.stuck > 0)) lines.push(...wrap("* stuck in some runs (a kworker behind an RT hog that never yields)"), "");
  if (report.url !== null) lines.push("Reproduce this scenario (RFC 3986 appendix C: ignore line breaks):", ...wrapUrl(report.url));
  else lines.push("Reproduce this table:", ...wrap(report.command, MAX_COLUMNS, "    "));
  const text = lines.join("\n") + "\n";
  return ascii ? text.replaceAll("µ", "u").replaceAll("≤", "<=") : text;
}

/** The same data as CSV, one row per strategy, raw numbers. */
export function formatCsv(report: Report): string {
  const head = [
    "strategy", "callerLatencyNs", "callerLatencyP5Ns", "callerLatencyP95Ns", "caller", "callerPreemptOffNs", "totalCpuNs", "irqOffMaxNs", "spreadNs", "maxInFlight", "overlapShare", "concurrency", "disturbanceSumNs", "coverage", "hangRisk", "stuck",
    "corruption", "undefinedEntry", "bogusUnknown", "bogusDistinct", "retryable", "tdxUp", "netUsd", "upkeepUsd", "breakEvenPBogus",
  ] as const;
  return [head.join(","), ...report.rows.map((r) => head.map((k) => (r[k] === null ? "" : String(r[k]))).join(","))].join("\n") + "\n";
}

function wrap(text: string, width = MAX_COLUMNS, indent = ""): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) { out.push(line); line = indent + word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** <url> split after '&' or '?' so that every line fits; long pieces are cut. */
function wrapUrl(url: string, width = MAX_COLUMNS): string[] {
  const pieces = `<${url}>`.split(/(?<=[?&])/);
  const out: string[] = [];
  let line = "";
  for (let piece of pieces) {
    while (piece.length > width) { if (line) { out.push(line); line = ""; } out.push(piece.slice(0, width)); piece = piece.slice(width); }
    if (line.length + piece.length > width) { out.push(line); line = piece; }
    else line += piece;
  }
  if (line) out.push(line);
  return out;
}

/** A value quoted for a message: JSON-escaped (control and separator characters shown as escapes), at most about 80 characters. */
export function quoteValue(v: string): string {
  const q = JSON.stringify(v.length > 80 ? v.slice(0, 80) + "…" : v).replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return q;
}
