/**
 * Speed-ups must not change a single output byte: each scenario's JSON is
 * hashed and compared with the hash the kernel gave before the change
 * (test/golden/hashes.json). A deliberate model change regenerates the file
 * with `npx tsx test/support/golden-write.ts` and says so in its commit.
 */
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { goldenScenarios } from "./support/golden-scenarios.ts";

const expected = JSON.parse(readFileSync("test/golden/hashes.json", "utf-8")) as Record<string, string>;
const hash = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex");

describe("kernel outputs are byte-identical to the pinned ones", () => {
  const scenarios = goldenScenarios();
  it("pins exactly the scenarios it computes", () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(scenarios).sort());
  });
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, () => {
      expect(hash(run())).toBe(expected[name]);
    }, 60_000);
  }
});
