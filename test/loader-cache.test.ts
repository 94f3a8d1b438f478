/**
 * A build never serves loader output older than the kernel: scripts/
 * loader-cache.mjs clears Framework's cached loader output whenever what
 * the loaders read (src/, data/, ...) changed, and keeps it otherwise.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const script = resolve("scripts/loader-cache.mjs");

describe("the loaders' cache is keyed on their inputs", () => {
  it("clears cached output when src/ changes, and only then", () => {
    const dir = mkdtempSync(join(tmpdir(), "tdx-loader-cache-"));
    const output = join(dir, "docs/.observablehq/cache/data/scaling.json");
    const cached = () => { mkdirSync(join(dir, "docs/.observablehq/cache/data"), { recursive: true }); writeFileSync(output, "{}"); };
    const run = () => execFileSync("node", [script], { cwd: dir, encoding: "utf-8" });
    try {
      mkdirSync(join(dir, "src"));
      writeFileSync(join(dir, "src/simulate.ts"), "export const a = 1;\n");
      cached();
      run(); // no key yet: cleared
      expect(existsSync(output)).toBe(false);
      cached();
      expect(run()).toContain("unchanged");
      expect(existsSync(output)).toBe(true);
      writeFileSync(join(dir, "src/simulate.ts"), "export const a = 2;\n");
      expect(run()).toContain("changed");
      expect(existsSync(output)).toBe(false);
      cached();
      writeFileSync(join(dir, "src/new-module.ts"), "export {};\n");
      run();
      expect(existsSync(output)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
