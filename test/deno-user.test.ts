/**
 * The kernel as a Deno user meets it, outside this npm checkout: a scratch
 * project that links the package (deno.json "links", as for a JSR package
 * under development) and imports it by name, and the package's own tasks run
 * with no node_modules at all. zod comes from the package's deno.json
 * "imports" (npm:zod), fetched from the npm registry into a private DENO_DIR.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const DENO = join(ROOT, "node_modules/deno/deno");
const denoDir = mkdtempSync(join(tmpdir(), "deno-dir-"));
const deno = (cwd: string, ...args: string[]) =>
  spawnSync(DENO, args, { cwd, encoding: "utf-8", env: { ...process.env, DENO_DIR: denoDir, NO_COLOR: "1", PATH: "/usr/bin:/bin" }, timeout: 240_000 });

describe("the kernel for a Deno user", () => {
  it("imports from a scratch project outside the repository and runs a simulation", () => {
    const scratch = mkdtempSync(join(tmpdir(), "scratch-"));
    writeFileSync(join(scratch, "deno.json"), JSON.stringify({ imports: { "@tdx-shutdown/kernel": "jsr:@tdx-shutdown/kernel@^0.1.0" }, links: [ROOT] }));
    writeFileSync(join(scratch, "main.ts"), [
      'import { params, simulate, verdict, compare } from "@tdx-shutdown/kernel";',
      'const p = params({ preset: "tiny-4", trials: 3 });',
      "const r = simulate(p);",
      "console.log(JSON.stringify({ strategy: r.strategy, lps: r.lps, front: verdict(compare(p), p).front }));",
    ].join("\n"));
    const out = deno(scratch, "run", "--allow-read", "main.ts");
    expect(out.status, out.stderr).toBe(0);
    const line = JSON.parse(out.stdout.trim().split("\n").at(-1)!);
    expect(line).toMatchObject({ strategy: "on_each_cpu", lps: 4 });
    expect(line.front).toContain("none");
  }, 300_000);

  it("runs the package's tasks with only Deno installed (no node_modules)", () => {
    const pkg = mkdtempSync(join(tmpdir(), "kernel-"));
    for (const part of ["deno.json", "src", "data", "test/deno", "README.md", "LICENSE"]) cpSync(join(ROOT, part), join(pkg, part), { recursive: true });
    const test = deno(pkg, "task", "test");
    expect(test.status, test.stderr).toBe(0);
    const report = deno(pkg, "task", "report", "--preset", "tiny-4", "--trials", "3");
    expect(report.status, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^tdx-shutdown: Teaching machine/);
  }, 300_000);
});
