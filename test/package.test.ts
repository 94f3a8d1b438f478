/** What npm, Deno and JSR users rely on, read from the files themselves. */
import { describe, expect, it } from "vitest";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

const pkg = JSON.parse(readFileSync("package.json", "utf-8"));
const deno = JSON.parse(readFileSync("deno.json", "utf-8"));

describe("package metadata", () => {
  it("one version, in deno.json (the published package); the private npm project has none", () => {
    expect(deno.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.version).toBeUndefined();
  });

  it("zod, which the kernel needs at run time, is a dependency for npm, and every zod path the kernel imports is an import for Deno at that version", () => {
    expect(pkg.dependencies?.zod).toBeDefined();
    expect(pkg.devDependencies?.zod).toBeUndefined();
    const sources = readdirSync("src", { recursive: true, encoding: "utf-8" }).filter((f) => f.endsWith(".ts")).map((f) => readFileSync(join("src", f), "utf-8"));
    const specifiers = new Set(sources.flatMap((s) => [...s.matchAll(/from "(zod(?:\/[^"]*)?)"/g)].map((m) => m[1])));
    expect(specifiers.size).toBeGreaterThan(0);
    for (const spec of specifiers) expect(deno.imports[spec], spec).toBe(`npm:zod@${pkg.dependencies.zod}${spec.slice("zod".length)}`);
  });

  it("declares its licence in both manifests and ships the text", () => {
    expect(existsSync("LICENSE")).toBe(true);
    expect(readFileSync("LICENSE", "utf-8")).toMatch(/^MIT License/);
    expect(deno.license).toBe("MIT");
    expect(pkg.license).toBe("MIT");
  });

  it("states its Node range, a clean script, a quick unit-test script and its approved install scripts", () => {
    expect(pkg.engines.node).toMatch(/>=20/);
    expect(pkg.scripts.clean).toBeDefined();
    expect(pkg.scripts["test:unit"]).toMatch(/vitest run/);
    expect(Object.keys(pkg.allowScripts).sort()).toEqual(["deno", "esbuild"]);
  });

  it("Deno tasks call deno, not a path into node_modules", () => {
    for (const [name, cmd] of Object.entries(deno.tasks as Record<string, string>)) {
      expect(cmd, name).toMatch(/^deno /);
      expect(cmd, name).not.toMatch(/node_modules/);
    }
  });

  it("setup-test.sh runs npm ci only when node_modules did not come from this very lockfile", () => {
    // A scratch project with the script, a lockfile and a marker (dry run: nothing is installed).
    const dir = mkdtempSync(join(tmpdir(), "setup-"));
    mkdirSync(join(dir, "scripts"));
    mkdirSync(join(dir, "node_modules"));
    copyFileSync("scripts/setup-test.sh", join(dir, "scripts/setup-test.sh"));
    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion": 3}');
    const run = () => spawnSync("bash", [join(dir, "scripts/setup-test.sh")], { encoding: "utf-8", env: { ...process.env, SETUP_DRY_RUN: "1" } }).stdout;
    expect(run()).toMatch(/would run npm ci/); // no marker yet
    const sha = createHash("sha256").update(readFileSync(join(dir, "package-lock.json"))).digest("hex");
    writeFileSync(join(dir, "node_modules/.lock-sha256"), sha + "\n");
    expect(run()).toMatch(/node_modules matches package-lock.json: npm ci skipped/);
    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion": 3, "changed": true}');
    expect(run()).toMatch(/would run npm ci/); // the lockfile changed since
  });
});
