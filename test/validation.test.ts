/**
 * The model against published measurements (data/validation.json): each
 * case within its stated tolerance, or showing the published behaviour.
 */
import { describe, expect, it } from "vitest";
import { VALIDATION_CASES, runValidationCase } from "../src/mod.ts";

describe("validation against published measurements", () => {
  it("has at least five cases from at least three independent sources", () => {
    expect(VALIDATION_CASES.length).toBeGreaterThanOrEqual(5);
    const sources = new Set(VALIDATION_CASES.map((c) => c.source.url.replace(/#.*$/, "")));
    expect(sources.size).toBeGreaterThanOrEqual(3);
  });

  for (const c of VALIDATION_CASES) {
    it(`${c.id}: ${c.title}`, () => {
      const r = runValidationCase(c);
      if (c.kind === "quantitative") {
        // The published value, the model's value and the tolerance are all in the message on failure.
        expect(Math.abs(r.error!), `${r.modelText} against ${r.publishedText} (${r.toleranceText})`).toBeLessThanOrEqual(c.tolerance!.relative);
      }
      expect(r.pass, r.modelText).toBe(true);
    });
  }

  it("a case fails when the model is moved away from the measurement", () => {
    const c = VALIDATION_CASES.find((x) => x.id === "scfs-round-trip-kvm")!;
    const off = { ...c, params: { ...c.params, costs: { ...(c.params.costs as object), hardirqNs: 3000 } } };
    expect(runValidationCase(off).pass).toBe(false);
  });
});
