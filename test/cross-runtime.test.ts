/** The same scenarios under Node and under Deno give byte-identical JSON. */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { scenarios } from "./support/cross-runtime-scenarios.ts";

const DENO = "node_modules/deno/deno";

describe("cross-runtime determinism", () => {
  it("Node and Deno agree byte for byte", () => {
    const node = JSON.stringify(scenarios());
    const deno = execFileSync(DENO, ["run", "test/support/cross-runtime-scenarios.ts"], { encoding: "utf-8", maxBuffer: 256 * 1024 * 1024 });
    expect(deno.length).toBeGreaterThan(10_000);
    const hash = (s: string) => createHash("sha256").update(s).digest("hex");
    expect(hash(deno)).toBe(hash(node));
  }, 120_000);
});
