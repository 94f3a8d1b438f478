/**
 * The plain-text report for a reply on a mailing list: one row per strategy,
 * at most 72 columns, then the break-even probability and the link that
 * reproduces the scenario. Pure: rows in, strings out.
 */
import type { Params, Strategy } from "./params/schema.ts";
import { presetById } from "./params/defaults.ts";
import { scenarioSearch } from "./params/url.ts";
import { type Comparison, verdict } from "./compare.ts";
import { VERDICT_AXES } from "./verdict.ts";
import { compareRows, metricOf, valueRows } from "./rows.ts";
import { formatNs, formatProbability, formatShare, formatUsd } from "./format.ts";

/** Where `npm run dev` serves the document; set the published address once in TDX_SHUTDOWN_SITE_URL (or per call with --site-url). */
export const DEFAULT_SITE_URL = "http://127.0.0.1:3000/";
export const MAX_COLUMNS = 72;

export interface ReportRow {
  strategy: Strategy;
  /** Medians over the Monte Carlo trials. */
  callerLatencyNs: number;
  totalCpuNs: number;
  irqOffMaxNs: number;
  /** First-to-last SEAMCALL spread, median. */
  spreadNs: number;
  /** Delay imposed on RT and nohz_full tasks, median. */
  disturbanceSumNs: number;
  /** How the caller waits: spinning (IRQs or preemption off) or asleep; "runs" when it only does the work itself. */
  caller: "spins" | "sleeps" | "runs";
  /** Mean share of BIOS-enabled LPs that executed the SEAMCALL. */
  coverage: number;
  stuck: number;
  netUsd: number;
  breakEvenPBogus: number | null;
}

export interface Report {
  preset: string;
  lps: number;
  trials: number;
  seed: number;
  url: string;
  rows: ReportRow[];
  /** The v7 patch's dominators and the kernel's verdict (src/compare.ts verdict()). */
  verdict: { patchDominatedBy: Strategy[] | null; front: Strategy[]; bestNet: Strategy[]; unpriced: string[] };
}

export function buildReport(p: Params, comparisons: readonly Comparison[], siteUrl: string = DEFAULT_SITE_URL): Report {
  return {
    preset: p.preset,
    lps: comparisons[0]?.summary.lps ?? 0,
    trials: comparisons[0]?.summary.trials ?? 0,
    seed: p.seed,
    url: `${siteUrl}${scenarioSearch(p)}`,
    rows: reportRows(comparisons),
    verdict: {
      ...verdict(comparisons, p),
      patchDominatedBy: comparisons.find((c) => c.strategy === "on_each_cpu")?.dominance.dominatedBy ?? null,
    },
  };
}

/** The report's columns, picked from the kernel's tidy rows. */
function reportRows(comparisons: readonly Comparison[]): ReportRow[] {
  const metrics = compareRows(comparisons, ["callerLatencyNs", "totalCpuNs", "irqOffMaxNs", "spreadNs", "disturbanceSumNs", "callerSpinNs", "callerSleepNs", "coverage"]);
  return valueRows(comparisons).map((v) => {
    const m = (metric: Parameters<typeof metricOf>[2]) => metricOf(metrics, v.strategy, metric);
    const spin = m("callerSpinNs").mean, sleep = m("callerSleepNs").mean;
    return {
    strategy: v.strategy,
    callerLatencyNs: m("callerLatencyNs").p50,
    totalCpuNs: m("totalCpuNs").p50,
    irqOffMaxNs: m("irqOffMaxNs").p50,
    spreadNs: m("spreadNs").p50,
    disturbanceSumNs: m("disturbanceSumNs").p50,
    caller: spin === 0 && sleep === 0 ? "runs" : spin >= sleep ? "spins" : "sleeps",
    coverage: metricOf(metrics, v.strategy, "coverage").mean,
    stuck: v.stuck,
    netUsd: v.netUsd,
    breakEvenPBogus: v.breakEvenPBogus,
    } satisfies ReportRow;
  });
}

type Columns = [string, number, (r: ReportRow) => string][];

/** What each strategy costs: 20 + 6 columns of at most 8, within 72. */
const COST_COLUMNS: Columns = [
  ["latency", 8, (r) => formatNs(r.callerLatencyNs)],
  ["caller", 6, (r) => r.caller],
  ["CPU", 8, (r) => formatNs(r.totalCpuNs)],
  ["IRQ-off", 8, (r) => formatNs(r.irqOffMaxNs)],
  ["spread", 8, (r) => formatNs(r.spreadNs)],
  ["disturb", 8, (r) => formatNs(r.disturbanceSumNs)],
];

/** What each strategy is worth. */
const VALUE_COLUMNS: Columns = [
  ["cover", 5, (r) => formatShare(r.coverage)],
  ["net/yr", 8, (r) => formatUsd(r.netUsd)],
  ["b-even", 7, (r) => formatProbability(r.breakEvenPBogus)],
];

function table(rows: readonly ReportRow[], columns: Columns): string[] {
  return [
    `${"strategy".padEnd(20)} ${columns.map(([h, w]) => h.padStart(w)).join(" ")}`,
    ...rows.map((r) => `${r.strategy.padEnd(20)} ${columns.map(([, w, f]) => f(r).padStart(w)).join(" ")}${r.stuck > 0 ? " *" : ""}`),
  ];
}

/** The tables and the lines after them, each at most 72 columns; ascii: "us" for "µs", for mail that is not UTF-8. */
export function formatReport(report: Report, { ascii = false }: { ascii?: boolean } = {}): string {
  const label = presetById(report.preset)?.label ?? report.preset;
  const lines: string[] = [
    ...wrap(`tdx-shutdown: ${label}; medians of ${report.trials} runs, seed ${report.seed}`),
    "",
  ];
  const v = report.verdict;
  const patchVerdict = v.patchDominatedBy === null ? "" : v.patchDominatedBy.length
    ? `The v7 patch (on_each_cpu) is dominated by ${v.patchDominatedBy.join(", ")}: no worse on any axis (${VERDICT_AXES.map((a) => a.label).join(", ")}) and better on at least one. `
    : "The v7 patch (on_each_cpu) is not dominated: no strategy here is at least as good on every axis. ";
  lines.push(...wrap(`Verdict: ${patchVerdict}Not dominated: ${v.front.join(", ")}. Best net value: ${v.bestNet.length > 1 ? `a tie between ${v.bestNet.join(", ")}` : v.bestNet[0]}.${v.unpriced.length ? ` Not priced in dollars: ${v.unpriced.join(", ")}.` : ""}`), "");
  lines.push(
    ...table(report.rows, COST_COLUMNS),
    "",
    ...wrap("latency: caller, p50. caller: spins (IRQs or preemption off) or sleeps while it waits. CPU: all CPUs. IRQ-off: longest. spread: first to last SEAMCALL start. disturb: delay to RT and nohz_full tasks."),
    "",
    ...table(report.rows, VALUE_COLUMNS),
    "",
  );
  if (report.rows.some((r) => r.stuck > 0)) lines.push(...wrap("* stuck in some runs (a kworker behind an RT hog that never yields)"), "");
  lines.push(...wrap("cover: BIOS-enabled LPs that ran the SEAMCALL. net/yr: benefit - cost, USD per fleet-year. b-even: P(bogus SEAMCALL | failed init) at which net is 0 (over 100%: never)."));
  const patch = report.rows.find((r) => r.strategy === "on_each_cpu");
  if (patch) {
    lines.push("", ...wrap(`Break-even for the v7 patch (on_each_cpu): ${patch.breakEvenPBogus === null ? "none: no effect with this TDX module" : formatProbability(patch.breakEvenPBogus)}.`));
  }
  lines.push("", "Reproduce this scenario (RFC 3986 appendix C: ignore line breaks):", ...wrapUrl(report.url));
  const text = lines.join("\n") + "\n";
  return ascii ? text.replaceAll("µ", "u").replaceAll("≤", "<=") : text;
}

/** The same data as CSV, one row per strategy, raw numbers. */
export function formatCsv(report: Report): string {
  const head = ["strategy", "callerLatencyNs", "caller", "totalCpuNs", "irqOffMaxNs", "spreadNs", "disturbanceSumNs", "coverage", "stuck", "netUsd", "breakEvenPBogus"] as const;
  return [head.join(","), ...report.rows.map((r) => head.map((k) => (r[k] === null ? "" : String(r[k]))).join(","))].join("\n") + "\n";
}

function wrap(text: string, width = MAX_COLUMNS): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) { out.push(line); line = word; }
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
