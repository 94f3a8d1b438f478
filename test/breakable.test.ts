// Where a reference table's names may wrap (docs/components/table.js): after dots and
// underscores and between camelCase words, never inside a word or a number.
import { describe, expect, it } from "vitest";
import { parseHTML } from "linkedom";

// htl builds its nodes with the global document, as in a page.
const g = globalThis as unknown as { document?: unknown };
g.document ??= parseHTML("<!doctype html><html><body></body></html>").document;
// @ts-expect-error: a browser helper in plain JS, without types
const { breakable } = await import("../docs/components/table.js");

/** The text with "|" where a <wbr> lets it wrap. */
const breaks = (s: string) => (breakable(s) as unknown[]).map((x) => (typeof x === "string" ? x : (x as Element).nodeName === "WBR" ? "|" : "?")).join("");

describe("breakable", () => {
  it("wraps identifiers after dots and underscores and between camelCase words", () => {
    expect(breaks("TDH.SYS.LP.SHUTDOWN")).toBe("TDH.|SYS.|LP.|SHUTDOWN");
    expect(breaks("machine.coresPerSocket")).toBe("machine.|cores|Per|Socket");
    expect(breaks("on_each_cpu")).toBe("on_|each_|cpu");
  });

  it("never inside a number", () => {
    expect(breaks("irqOff.probability=0.5")).toBe("irq|Off.|probability=0.5");
    expect(breaks("SEAMCALL entry (assumption): 2.63 µs to 9.22 µs")).toBe("SEAMCALL entry (assumption): 2.63 µs to 9.22 µs");
  });
});
