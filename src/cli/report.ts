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
import { PARAM_PATHS, STRATEGIES, compare, formatErrors, fromPaths, parseParams, typedValue, type Strategy } from "../mod.ts";
import { DEFAULT_SITE_URL, buildReport, formatCsv, formatReport } from "../report.ts";

const HELP = `usage: report [--preset ID] [--PATH=VALUE ...] [--strategies A,B]
              [--seed N] [--trials N] [--site-url URL] [--ascii] [--json|--csv]
PATH is any parameter's dotted path, e.g. --costs.hardirqNs=500.
The link points at TDX_SHUTDOWN_SITE_URL (default ${DEFAULT_SITE_URL}),
or at --site-url. --ascii writes "us" for "µs".
`;

interface Options {
  entries: Record<string, unknown>;
  strategies: Strategy[];
  format: "table" | "json" | "csv";
  siteUrl: string;
  ascii: boolean;
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Options | "help" {
  const entries: Record<string, unknown> = {};
  let strategies: Strategy[] = [...STRATEGIES];
  let format: Options["format"] = "table";
  let siteUrl = envSiteUrl() || DEFAULT_SITE_URL;
  let ascii = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--json" || arg === "--csv") { format = arg === "--json" ? "json" : "csv"; continue; }
    if (arg === "--ascii") { ascii = true; continue; }
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq < 0) {
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      i++;
    }
    value = value!;
    if (name === "strategies") {
      const list = value.split(",").map((s) => s.trim()).filter(Boolean);
      const bad = list.filter((s) => !(STRATEGIES as readonly string[]).includes(s));
      if (bad.length || !list.length) throw new UsageError(`--strategies: unknown strategy ${JSON.stringify(bad[0] ?? "")}; one of ${STRATEGIES.join(", ")}`);
      const twice = list.find((s, i) => list.indexOf(s) !== i);
      if (twice) throw new UsageError(`--strategies: ${twice} is listed twice`);
      strategies = list as Strategy[];
    } else if (name === "site-url") {
      siteUrl = value;
    } else if (name === "preset") {
      entries.preset = value;
    } else if (PARAM_PATHS.includes(name)) {
      entries[name] = typedValue(name, value);
    } else {
      throw new UsageError(`--${name}: unknown option`);
    }
  }
  return { entries, strategies, format, siteUrl, ascii };
}

/** TDX_SHUTDOWN_SITE_URL, if set and readable (Deno without --allow-env may refuse: then the default). */
function envSiteUrl(): string | undefined {
  try {
    return process.env.TDX_SHUTDOWN_SITE_URL;
  } catch {
    return undefined;
  }
}

export function main(argv: readonly string[]): { code: number; out: string; err: string } {
  try {
    const opts = parseArgs(argv);
    if (opts === "help") return { code: 0, out: HELP, err: "" };
    const { preset, ...rest } = opts.entries;
    const r = parseParams({ ...(preset === undefined ? {} : { preset }), ...fromPaths(rest) });
    if (!r.ok) return failure(formatErrors(r.errors.slice(0, 1)).replace(/^([\w.]+):/, "--$1:"));
    const report = buildReport(r.params, compare(r.params, opts.strategies), opts.siteUrl);
    const out = opts.format === "json" ? JSON.stringify(report, null, 2) + "\n" : opts.format === "csv" ? formatCsv(report) : formatReport(report, { ascii: opts.ascii });
    return { code: 0, out, err: "" };
  } catch (e) {
    // Every failure is one line and exit status 2, whatever threw.
    return failure(e instanceof Error ? e.message : String(e));
  }
}

/** One line on stderr: control characters (a newline typed into an argument) are escaped, long text cut. */
function failure(message: string): { code: number; out: string; err: string } {
  const line = message.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return { code: 2, out: "", err: `report: ${line.length > 400 ? line.slice(0, 400) + "…" : line}\n` };
}

const { code, out, err } = main(process.argv.slice(2));
process.stdout.write(out);
process.stderr.write(err);
process.exitCode = code;
