/**
 * `npm run check`, step by step, inside the test run: tsc over the whole
 * project, Deno's type check of the kernel and the CLI, its doc lint, a
 * publish dry run, and Deno's own tests. As a suite (not a step before
 * vitest) it runs while the site builds in the background
 * (test/support/site-setup.ts). The steps are read from package.json's
 * check script, so the two never differ.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const steps = (JSON.parse(readFileSync("package.json", "utf-8")).scripts.check as string).split(" && ");

describe("npm run check", () => {
  it("has the five steps", () => {
    expect(steps.map((s) => s.split(" ").slice(0, 2).join(" "))).toEqual(["tsc -p", "deno check", "deno doc", "deno publish", "deno test"]);
  });
  for (const step of steps) {
    it(step, () => {
      const out = spawnSync("sh", ["-c", step], { encoding: "utf-8", env: { ...process.env, PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}` } });
      expect(out.status, `${step}\n${out.stdout}\n${out.stderr}`.slice(-8000)).toBe(0);
    }, 300_000); // tsc takes 16-23 s here with one core busy, 62 s when a second suite ran alongside: 3x of that still fits
  }
});
