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
import { execFileSync } from "node:child_process";
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

/** One id per vitest run: its main process (pid and start time, since pids are reused). */
function runId(): string {
  if (process.env.TDX_SITE_RUN) return process.env.TDX_SITE_RUN;
  const ppid = process.ppid;
  try {
    const stat = readFileSync(`/proc/${ppid}/stat`, "utf-8");
    return `${ppid}-${stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]}`;
  } catch {
    return String(ppid);
  }
}

/** Build unless this test run already did; returns where the site is. */
export function buildSite(): SiteBuild {
  const dir = join(SNAPSHOTS, runId());
  const info = join(dir, ".build.json");
  if (existsSync(info)) return JSON.parse(readFileSync(info, "utf-8")) as SiteBuild;
  mkdirSync(SNAPSHOTS, { recursive: true });
  // Old runs' copies go (older than 6 hours).
  for (const old of readdirSync(SNAPSHOTS)) {
    const path = join(SNAPSHOTS, old);
    if (Date.now() - statSync(path).mtimeMs > 6 * 3600_000) rmSync(path, { recursive: true, force: true });
  }
  const build = `${asRoot ? "unshare -n " : ""}npm run build`;
  const script = [
    "set -e",
    "rm -rf dist docs/.observablehq/cache",
    "t0=$(date +%s%N)",
    `${build} > ${dir}.log 2>&1 || { cat ${dir}.log; exit 1; }`,
    "echo $(( ($(date +%s%N) - t0) / 1000000 )) > " + `${dir}.ms`,
    `rm -rf ${dir} && cp -a dist ${dir}`,
  ].join("\n");
  try {
    execFileSync("flock", ["-w", "1200", LOCK, "sh", "-c", script], {
      stdio: "pipe",
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`${build} failed:\n${e.stdout?.toString() ?? ""}${e.stderr?.toString() ?? ""}`.slice(-20_000));
  }
  const result: SiteBuild = {
    dir,
    offline: asRoot,
    seconds: Number(readFileSync(`${dir}.ms`, "utf-8")) / 1000,
    log: readFileSync(`${dir}.log`, "utf-8"),
  };
  writeFileSync(info, JSON.stringify(result));
  rmSync(`${dir}.ms`, { force: true });
  rmSync(`${dir}.log`, { force: true });
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
