/** The plain-text report: the kernel's numbers, 72 columns, status 2 for every bad option. */
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { compare, formatNs, formatPerMillion, formatUsd, params, verdictText } from "../src/mod.ts";
import { buildReport, formatReport } from "../src/report.ts";

const TSX = "node_modules/.bin/tsx";
/**
 * The command, bundled once by esbuild and run by node: the same source as
 * `npm run report` (tsx src/cli/report.ts), without tsx compiling it again
 * for each of some thirty runs (0.2 s a run instead of 1.1 s). The test of
 * the environment's site URL runs the npm script's own command.
 */
let bundle = "";
const run = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { encoding: "utf-8" });

describe("report command", () => {
  beforeAll(async () => {
    bundle = join(mkdtempSync(join(tmpdir(), "tdx-report-")), "report.mjs");
    await build({ entryPoints: ["src/cli/report.ts"], bundle: true, platform: "node", format: "esm", target: "node20", outfile: bundle, logLevel: "warning" });
  });

  it("prints the kernel's numbers for a preset, within 72 columns", () => {
    const out = run("--preset", "gnr-2s", "--trials", "20");
    expect(out.status).toBe(0);
    const p = params({ preset: "gnr-2s", trials: 20 });
    for (const c of compare(p)) {
      // One row per strategy in each table: costs, bands, outcomes, dollars.
      const [costs, bands, outcomes, value] = out.stdout.split("\n").filter((l) => l.startsWith(c.strategy + " "));
      expect(costs, c.strategy).toBeDefined();
      const m = c.summary.metrics;
      expect(costs).toContain(formatNs(m.callerLatencyNs.p50));
      expect(costs).toContain(formatNs(m.callerPreemptOffNs.p50));
      expect(costs).toContain(formatNs(m.totalCpuNs.p50));
      expect(costs).toContain(formatNs(m.irqOffMaxNs.p50));
      expect(bands).toContain(formatNs(m.callerLatencyNs.p5));
      expect(bands).toContain(formatNs(m.callerLatencyNs.p95));
      expect(outcomes).toContain(formatPerMillion(m.corruption.mean));
      expect(outcomes).toContain(formatPerMillion(m.undefinedEntry.mean));
      expect(value).toContain(formatUsd(c.value.netUsd));
    }
    for (const line of out.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(72);
    // No site configured: the report ends with the command that reproduces it, never a loopback link.
    expect(out.stdout).not.toMatch(/127\.0\.0\.1|localhost/);
    expect(out.stdout).toContain("npm run -s report -- --preset gnr-2s --trials=20");
  });

  it("opens with the kernel's verdict in words, as compare() and verdictText() find it", () => {
    const oneLine = (t: string) => t.replace(/\n\s*/g, " ");
    const p = params({ preset: "tiny-4", trials: 20 });
    const all = compare(p);
    const text = oneLine(formatReport(buildReport(p, all)));
    const words = verdictText(all, p);
    expect(text).toContain(`Verdict: ${words.lead}`);
    expect(words.reasons.length).toBeGreaterThan(0);
    for (const r of words.reasons) expect(text).toContain(r);
    expect(text.indexOf("Verdict:")).toBeLessThan(text.indexOf("strategy "));
    expect(text).toContain(`Not dominated on the costs and the outcomes below: ${all.filter((c) => c.dominance.dominatedBy.length === 0).map((c) => c.strategy).join(", ")}.`);
  });

  it("the verdict does not move with the dollar inputs; SMT off says why nothing helps", () => {
    const lead = (...args: string[]) => {
      const out = run("--trials", "5", "--json", ...args);
      expect(out.status, out.stderr).toBe(0);
      return JSON.parse(out.stdout).verdict;
    };
    const base = lead();
    expect(lead("--benefit.fleetHosts=1000000").lead).toBe(base.lead);
    expect(lead("--benefit.hoursSavedPerBogus=40").lead).toBe(base.lead);
    expect(lead("--benefit.fleetHosts=1000000").front).toEqual(base.front);
    const smt = lead("--machine.smtOff=true", "--benefit.pInitFailure=1");
    expect(smt.front).toEqual(["none"]);
    expect(smt.reasons.join(" ")).toMatch(/Init fails at TDH\.SYS\.CONFIG on every boot here/);
  });

  it("SMT off, every boot failing: no shutdown strategy shows a benefit in the dollar lens", () => {
    const out = run("--trials", "5", "--json", "--machine.smtOff=true", "--benefit.pInitFailure=1");
    expect(out.status, out.stderr).toBe(0);
    const rows: { strategy: string; netUsd: number; breakEvenPBogus: number | null; bogusDistinct: number }[] = JSON.parse(out.stdout).rows;
    // caller_cpu still turns the other LPs' TDX_SYS_NOT_READY into TDX_SYS_SHUTDOWN: shown, never priced.
    expect(rows.find((r) => r.strategy === "caller_cpu")!.bogusDistinct).toBeGreaterThan(0.9);
    for (const r of rows) {
      expect(r.breakEvenPBogus, r.strategy).toBeNull();
      expect(r.netUsd, r.strategy).toBeLessThanOrEqual(0);
    }
  });

  it("lp_init: only per-CPU strategies, no shutdown outcomes, whether TDX comes up", () => {
    const out = run("--preset", "tiny-4", "--trials", "5", "--tdx.operation=lp_init");
    expect(out.status, out.stderr).toBe(0);
    for (const s of ["caller_cpu", "global_call", "none"]) expect(out.stdout).not.toMatch(new RegExp(`^${s} `, "m"));
    expect(out.stdout).toMatch(/^strategy +TDX up +cover$/m);
    // The project's name on the first line aside, no shutdown wording and no dollar lens.
    expect(out.stdout.split("\n").slice(1).join("\n")).not.toMatch(/shut ?down|b-even|corrupt/i);
  });

  it("stays within 72 columns for extreme valid benefit inputs", () => {
    for (const extreme of [
      ["--benefit.fleetHosts=100000000", "--benefit.engineerHourUsd=10000", "--benefit.upkeepHoursPerLineYear=100", "--benefit.bootsPerHostYear=100000", "--benefit.pInitFailure=1", "--benefit.cpuSecondUsd=1", "--benefit.disturbanceUsdPerUs=1000"],
      ["--benefit.pInitFailure=0.00001", "--benefit.fleetHosts=1", "--benefit.bootsPerHostYear=0.001"],
    ]) {
      const out = run("--preset", "tiny-4", "--trials", "3", ...extreme);
      expect(out.status, out.stderr).toBe(0);
      for (const line of out.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(72);
    }
  });

  it("says how the caller waits; --ascii writes us; the site URL comes from the environment", () => {
    const out = spawnSync(TSX, ["src/cli/report.ts", "--preset", "tiny-4", "--trials", "5", "--ascii"], {
      encoding: "utf-8", env: { ...process.env, TDX_SHUTDOWN_SITE_URL: "https://example.org/tdx/" },
    });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^strategy +latency caller +preempt +CPU +IRQ-off +hang$/m);
    expect(out.stdout).toMatch(/^on_each_cpu .* spins /m);
    expect(out.stdout).toMatch(/^schedule_on_each_cpu .* sleeps /m);
    expect(out.stdout).not.toContain("µ");
    expect(out.stdout).toMatch(/ us /);
    expect(out.stdout).toContain("<https://example.org/tdx/?preset=tiny-4");
    for (const line of out.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(72);
  });

  it("--help fits in 72 columns", () => {
    const out = run("--help");
    expect(out.status).toBe(0);
    for (const line of out.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(72);
  });

  it("keeps long scenario links within 72 columns", () => {
    const p = params({ preset: "emr-2s", costs: { hardirqNs: 500, ipiDeliveryNs: 900, crossCpuWakeNs: 5000 }, workload: { idle: 0.25, cfs: 0.25, rt: 0.25, isolated: 0.25 }, trials: 3 });
    const text = formatReport(buildReport(p, compare(p, ["none"]), "https://example.org/tdx-shutdown/"));
    for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(72);
    const url = text.slice(text.indexOf("<") + 1, text.indexOf(">")).replace(/\n/g, "");
    expect(new URL(url).searchParams.get("costs.hardirqNs")).toBe("500");
  });

  it("--json and --csv carry the same numbers", () => {
    const json = JSON.parse(run("--preset", "tiny-4", "--trials", "5", "--json").stdout);
    const csv = run("--preset", "tiny-4", "--trials", "5", "--csv").stdout.trim().split("\n");
    const head = csv[0].split(",");
    expect(head.slice(0, 6)).toEqual(["strategy", "callerLatencyNs", "callerLatencyP5Ns", "callerLatencyP95Ns", "caller", "callerPreemptOffNs"]);
    expect(csv).toHaveLength(1 + json.rows.length);
    const oec = csv.find((l) => l.startsWith("on_each_cpu,"))!.split(",");
    const row = json.rows.find((r: { strategy: string }) => r.strategy === "on_each_cpu");
    for (const k of ["callerLatencyNs", "callerPreemptOffNs", "corruption", "undefinedEntry", "netUsd"]) expect(Number(oec[head.indexOf(k)]), k).toBe(row[k]);
    expect(oec[head.indexOf("caller")]).toBe(row.caller);
  });

  const bad: [string[], RegExp][] = [
    [["--costs.hardirqNs=-5"], /^report: --costs\.hardirqNs: below the allowed range; allowed from 0 to 1000000000 ns$/],
    [["--machine.sockets", "two"], /^report: --machine\.sockets: expected a number, got NaN/],
    [["--machine.coresPerSocket=5000"], /^report: --machine\.coresPerSocket: above the allowed range/],
    [["--preset", "epyc"], /^report: --preset: unknown preset "epyc"/],
    [["--strategies", "on_each_cpu,yolo"], /^report: --strategies: unknown strategy "yolo"/],
    [["--frobnicate=1"], /^report: --frobnicate: unknown option$/],
    [["--seed"], /^report: --seed needs a value$/],
    [["--trials=0"], /^report: --trials: below the allowed range/],
    [["stray"], /^report: unexpected argument "stray"$/],
    // Valid for the schema once, but too much work over every strategy: refused by parse, not a RangeError trace.
    [["--trials=11161"], /^report: --trials: 11161 trials of every strategy on 256 LPs is above the cap of one call/],
    [["--preset", "a\nb"], /^report: --preset: unknown preset "a\\nb"/],
    [["--strategies=" + Array(2000).fill("none").join(",")], /^report: --strategies: none is listed twice$/],
    // Forged reports: a site URL that would print a second line, or run script.
    [["--site-url", "https://e.org/\nVerdict: none is dominated"], /^report: --site-url: "https:\/\/e\.org\/\\nVerdict: none is dominated" contains a control or separator character$/],
    [["--site-url", "https://e.org/\u2028Verdict/"], /^report: --site-url: .* contains a control or separator character$/],
    [["--site-url", "javascript:alert(1)//"], /^report: --site-url: "javascript:alert\(1\)\/\/" must be http or https/],
    [["--site-url", "example.org/"], /^report: --site-url: "example\.org\/" is not an absolute URL$/],
    [["--preset", "x".repeat(10_000)], /^report: --preset: unknown preset "x{40}…"/],
    [["stray\u2029line"], /^report: unexpected argument "stray\\u2029line"$/],
  ];
  for (const [args, message] of bad) {
    it(`exits 2 with one line for ${JSON.stringify(args.join(" ").slice(0, 60))}`, () => {
      const out = run(...args);
      expect(out.status).toBe(2);
      expect(out.stdout).toBe("");
      const lines = out.stderr.trim().split("\n").filter((l) => !l.startsWith("npm warn"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    });
  }

  it("runs the same under Deno", () => {
    // What `deno task report` runs (test/deno-user.test.ts runs the task itself outside an npm checkout).
    const out = spawnSync("node_modules/deno/deno", ["run", "src/cli/report.ts", "--preset", "tiny-4", "--trials", "5", "--json"], { encoding: "utf-8" });
    expect(out.status, out.stderr).toBe(0);
    const node = JSON.parse(run("--preset", "tiny-4", "--trials", "5", "--json").stdout);
    expect(JSON.parse(out.stdout)).toEqual(node);
    const badOut = spawnSync("node_modules/deno/deno", ["run", "src/cli/report.ts", "--costs.hardirqNs=-5"], { encoding: "utf-8" });
    expect(badOut.status).toBe(2);
  }, 60_000);
});
