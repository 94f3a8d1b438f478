/**
 * The model against published measurements (data/validation.json): each
 * case within its stated tolerance, or showing the published behaviour.
 */
import { describe, expect, it } from "vitest";
import { VALIDATION_CASES, runValidationCase } from "../src/mod.ts";

describe("validation against published measurements", () => {
  it("has at least twelve cases from at least eight independent sources", () => {
    expect(VALIDATION_CASES.length).toBeGreaterThanOrEqual(12);
    // Independent: a different author (the first name in the source text).
    const authors = new Set(VALIDATION_CASES.map((c) => c.source.text.split(",")[0]));
    expect(authors.size).toBeGreaterThanOrEqual(8);
  });

  it("covers IPI delivery, CPU count, a measured C-state wake-up, a workqueue all-CPU operation and stop_machine", () => {
    const ids = VALIDATION_CASES.map((c) => c.id);
    for (const id of ["scfs-round-trip-kvm-ipiv", "ipi-three-targets-haswell", "ipi-remote-socket-costs-more", "icx-c6-wake-median", "workqueue-drain-slower", "stop-machine-grows-with-cpus"]) {
      expect(ids).toContain(id);
    }
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
