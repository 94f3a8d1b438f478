/**
 * Build the site once per test run and share it between the build and
 * browser suites.
 *
 * - As root the build runs under `unshare -n` (no network at all) from an
 *   empty Framework cache, so a passing build proves it needs no network.
 * - Several people share this checkout: the build holds an flock, and the
 *   suites test a private copy of dist/ (.vitest/site/<run>/), so another
 *   run's build cannot change the files under a running test.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const asRoot = process.getuid?.() === 0;
const LOCK = ".vitest/site.lock";
const SNAPSHOTS = ".vitest/site";

export interface SiteBuild {
  /** The built site (a copy of dist/ made right after the build). */
  dir: string;
  /** Built under unshare -n. */
  offline: boolean;
  /** Wall time of `npm run build` itself (not of waiting for the lock). */
  seconds: number;
  /** Framework's build output (page sizes, warnings). */
  log: string;
}

/**
 * One id per vitest run: TDX_SITE_RUN (set by the global setup, so the
 * main process and its workers agree), else the worker's parent, the main
 * process (pid and start time, since pids are reused).
 */
export function runId(): string {
  if (process.env.TDX_SITE_RUN) return process.env.TDX_SITE_RUN;
  const ppid = process.ppid;
  try {
    const stat = readFileSync(`/proc/${ppid}/stat`, "utf-8");
    return `${ppid}-${stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]}`;
  } catch {
    return String(ppid);
  }
}

/** Where this run's copy of the site goes, and the build's own files beside it. */
function paths() {
  const dir = join(SNAPSHOTS, runId());
  return { dir, info: join(dir, ".build.json"), done: `${dir}.done`, failed: `${dir}.failed`, ms: `${dir}.ms`, log: `${dir}.log` };
}

/**
 * The shell script that builds the site under the lock, once per run: a
 * second caller finds `.done` (or `.failed`) and does nothing. The result
 * is written inside the lock, so whoever gets the lock next sees it whole.
 */
function buildScript(): string {
  const { dir, done, failed, ms, log } = paths();
  const build = `${asRoot ? "unshare -n " : ""}npm run build`;
  return [
    "set -e",
    `[ -e ${done} ] || [ -e ${failed} ] && exit 0`,
    "rm -rf dist docs/.observablehq/cache",
    "t0=$(date +%s%N)",
    `${build} > ${log} 2>&1 || { touch ${failed}; exit 1; }`,
    `echo $(( ($(date +%s%N) - t0) / 1000000 )) > ${ms}`,
    `rm -rf ${dir} && cp -a dist ${dir}`,
    `touch ${done}`,
  ].join("\n");
}

function prepare(): void {
  mkdirSync(SNAPSHOTS, { recursive: true });
  // Old runs' copies go (older than 6 hours).
  for (const old of readdirSync(SNAPSHOTS)) {
    const path = join(SNAPSHOTS, old);
    if (Date.now() - statSync(path).mtimeMs > 6 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
}

const buildEnv = () => ({ ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" });

/**
 * Start this run's build in the background (vitest globalSetup, for `npm
 * test`): the suites that need no site run meanwhile, and buildSite() in a
 * suite that does waits for it on the lock instead of building.
 */
export function startSiteBuild(): ChildProcess {
  prepare();
  return spawn("flock", ["-w", "1200", LOCK, "sh", "-c", buildScript()], { stdio: "ignore", env: buildEnv() });
}

/** Build unless this test run already did (or is doing: then wait for it); returns where the site is. */
export function buildSite(): SiteBuild {
  const { dir, info, done, failed, ms, log } = paths();
  if (existsSync(info)) return JSON.parse(readFileSync(info, "utf-8")) as SiteBuild;
  prepare();
  try {
    execFileSync("flock", ["-w", "1200", LOCK, "sh", "-c", buildScript()], { stdio: "pipe", env: buildEnv(), maxBuffer: 64 * 1024 * 1024 });
  } catch {
    // reported below, with the build's log
  }
  const text = existsSync(log) ? readFileSync(log, "utf-8") : "";
  if (!existsSync(done)) throw new Error(`${asRoot ? "unshare -n " : ""}npm run build failed:\n${text}`.slice(-20_000));
  const result: SiteBuild = { dir, offline: asRoot, seconds: Number(readFileSync(ms, "utf-8")) / 1000, log: text };
  writeFileSync(info, JSON.stringify(result));
  return result;
}

interface ConfigPage { path?: string; pages?: ConfigPage[] }

/** Page paths from the Framework config (sections flattened), plus the index, as "/name". */
export async function pages(): Promise<string[]> {
  const config = (await import("../../observablehq.config.ts")).default as { pages: ConfigPage[] };
  const flat = (list: ConfigPage[]): string[] => list.flatMap((p) => [...(p.path ? [p.path] : []), ...flat(p.pages ?? [])]);
  const paths = ["/index", ...flat(config.pages)].map((p) => (p.endsWith("/") ? `${p}index` : p));
  return [...new Set(paths)];
}

/** The file a page path is built to, relative to the site's directory. */
export const pageFile = (path: string) => `${path.slice(1)}.html`;
