/**
 * deno task report / npm run report: the plain-text table for a mail reply.
 *
 *   --preset gnr-2s  --costs.hardirqNs=500  --strategies on_each_cpu,none
 *   --seed 7  --trials 100  --site-url https://...  --json | --csv
 *
 * Every option is validated with the kernel's schema; a bad one exits with
 * status 2 and one line naming it. Uses only the `process` global, which
 * Node and Deno 2 both provide.
 */
import { PARAM_PATHS, STRATEGIES, compare, formatErrors, fromPaths, parseParams, strategiesFor, typedValue, type Strategy } from "../mod.ts";
import { buildReport, formatCsv, formatReport, quoteValue, siteUrlProblem } from "../report.ts";
import { simulateAll } from "../simulate.ts";
import { NOT_FITTED, type TraceFit, fitTrace, fittedInput } from "../trace/fit.ts";
import { exportPerfetto, exportTraceText } from "../trace/export.ts";

const HELP = `usage: report [--preset ID] [--PATH=VALUE ...] [--strategies A,B]
  [--seed N] [--trials N] [--site-url URL] [--ascii] [--json|--csv]
  [--trace FILE] [--export-trace FILE]
PATH is any parameter's dotted path, e.g. --costs.hardirqNs=500.
The scenario's link points at --site-url, or at TDX_SHUTDOWN_SITE_URL
(absolute http or https, ending in /); with neither, the report ends
with the command that reproduces it. --ascii writes "us" for "µs".
--trace FILE fits the scenario to a kernel trace (trace-cmd report -t
text, tracefs text, perf script --ns; gzip too), then reports on it.
--export-trace FILE writes the scenario's runs at its seed as trace-cmd
text, or as a Perfetto JSON trace when FILE ends in .json.
`;

interface Options {
  entries: Record<string, unknown>;
  /** The strategies asked for, or null for those the scenario offers (strategiesFor). */
  strategies: Strategy[] | null;
  format: "table" | "json" | "csv";
  siteUrl: string | null;
  ascii: boolean;
  /** A kernel trace to fit the scenario to. */
  trace: string | null;
  /** Where to write the scenario's runs as a trace. */
  exportTrace: string | null;
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Options | "help" {
  const entries: Record<string, unknown> = {};
  let strategies: Strategy[] | null = null;
  let format: Options["format"] = "table";
  const env = envSiteUrl();
  let siteUrl: string | null = env || null;
  if (siteUrl !== null) {
    const problem = siteUrlProblem(siteUrl);
    if (problem) throw new UsageError(`TDX_SHUTDOWN_SITE_URL: ${quoteValue(siteUrl)} ${problem}`);
  }
  let ascii = false;
  let trace: string | null = null;
  let exportTrace: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--json" || arg === "--csv") { format = arg === "--json" ? "json" : "csv"; continue; }
    if (arg === "--ascii") { ascii = true; continue; }
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument ${quoteValue(arg)}`);
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq < 0) {
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      i++;
    }
    value = value!;
    if (name === "site-url") {
      const problem = siteUrlProblem(value);
      if (problem) throw new UsageError(`--site-url: ${quoteValue(value)} ${problem}`);
      siteUrl = value;
    } else if (name === "strategies") {
      const list = value.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((s) => !(STRATEGIES as readonly string[]).includes(s));
      if (bad.length || !list.length) throw new UsageError(`--strategies: unknown strategy ${quoteValue(bad[0] ?? "")}; one of ${STRATEGIES.join(", ")}`);
      const twice = list.find((s, i) => list.indexOf(s) !== i);
      if (twice) throw new UsageError(`--strategies: ${twice} is listed twice`);
      strategies = list as Strategy[];
    } else if (name === "trace") {
      trace = value;
    } else if (name === "export-trace") {
      exportTrace = value;
    } else if (name === "preset") {
      entries.preset = value;
    } else if (PARAM_PATHS.includes(name)) {
      entries[name] = typedValue(name, value);
    } else {
      throw new UsageError(`${quoteValue("--" + name).slice(1, -1)}: unknown option`);
    }
  }
  return { entries, strategies, format, siteUrl, ascii, trace, exportTrace };
}

/** TDX_SHUTDOWN_SITE_URL, if set and readable (Deno without --allow-env may refuse: then the default). */
function envSiteUrl(): string | undefined {
  try {
    return process.env.TDX_SHUTDOWN_SITE_URL;
  } catch {
    return undefined;
  }
}

export async function main(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const opts = parseArgs(argv);
    if (opts === "help") return { code: 0, out: HELP, err: "" };
    const { preset, ...rest } = opts.entries;
    let r = parseParams({ ...(preset === undefined ? {} : { preset }), ...fromPaths(rest) });
    if (!r.ok) return failure(formatErrors(r.errors.slice(0, 1)).replace(/^([\w.]+):/, "--$1:"));
    let fit: TraceFit | null = null;
    if (opts.trace !== null) {
      // The one place the command reads a file: the kernel only sees a byte stream.
      const fs = await import("node:fs");
      const { Readable } = await import("node:stream");
      if (!fs.existsSync(opts.trace)) return failure(`--trace: no such file ${quoteValue(opts.trace)}`);
      const stream = Readable.toWeb(fs.createReadStream(opts.trace)) as unknown as ReadableStream<Uint8Array>;
      fit = await fitTrace(stream, r.params);
      const fitted = parseParams({ ...(preset === undefined ? {} : { preset }), ...fromPaths({ ...rest, ...fittedInput(fit) }) });
      if (!fitted.ok) return failure(`--trace: the fitted values do not fit the schema: ${formatErrors(fitted.errors.slice(0, 1))}`);
      r = fitted;
    }
    if (opts.exportTrace !== null) {
      const fs = await import("node:fs");
      const runs = simulateAll(r.params, opts.strategies ?? strategiesFor(r.params), { timeline: true });
      const text = opts.exportTrace.endsWith(".json") ? JSON.stringify(exportPerfetto(runs)) : exportTraceText(runs, () => r.ok ? r.params.machine.idleCState : "C1", r.ok ? { icrWriteNs: r.params.costs.icrWriteNs } : {});
      fs.writeFileSync(opts.exportTrace, text);
    }
    const report = buildReport(r.params, compare(r.params, opts.strategies ?? strategiesFor(r.params)), opts.siteUrl);
    const json = fit ? { ...report, fit: fit.fit, fitNotes: fit.notes } : report;
    const out = opts.format === "json" ? JSON.stringify(json, null, 2) + "\n" : opts.format === "csv" ? formatCsv(report) : (fit ? fitText(fit) : "") + formatReport(report, { ascii: opts.ascii });
    return { code: 0, out, err: "" };
  } catch (e) {
    // Every failure is one line and exit status 2, whatever threw.
    return failure(e instanceof Error ? e.message : String(e));
  }
}

/** The fit as lines of at most 72 columns, before the report. */
function fitText(f: TraceFit): string {
  const lines = ["Fitted from the trace (90% bootstrap intervals):"];
  for (const [path, v] of Object.entries(f.fit)) {
    lines.push(v ? `  ${path} = ${Number(v.value.toPrecision(4))} [${Number(v.low.toPrecision(3))}, ${Number(v.high.toPrecision(3))}], n=${v.n}` : `  ${path}: ${NOT_FITTED}`);
  }
  for (const n of f.notes) {
    let line = "  -";
    for (const word of n.split(" ")) {
      if (line.length + 1 + word.length > 72) { lines.push(line); line = "   "; }
      line += ` ${word}`;
    }
    lines.push(line);
  }
  return lines.map((l) => (l.length > 72 ? l.slice(0, 71) + "…" : l)).join("\n") + "\n\n";
}

/** One line on stderr: control and separator characters (a newline typed into an argument) are escaped, long text cut. */
function failure(message: string): { code: number; out: string; err: string } {
  const line = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return { code: 2, out: "", err: `report: ${line.length > 400 ? line.slice(0, 400) + "…" : line}\n` };
}

const { code, out, err } = await main(process.argv.slice(2));
process.stdout.write(out);
process.stderr.write(err);
process.exitCode = code;
