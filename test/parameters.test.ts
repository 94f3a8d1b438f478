/**
 * data/parameters.json is the single source of every default and preset
 * value: it covers exactly the schema, every value is valid and plausible,
 * and every one says where it comes from.
 */
import { describe, expect, it } from "vitest";
import table from "../data/parameters.json" with { type: "json" };
import { PARAMETER_TABLE, PARAM_PATHS, PRESETS, defaultParams, getPath, parseParams, presetParams } from "../src/mod.ts";
import { drawMachine } from "../src/machine.ts";

const BASES = ["sourced", "derived", "assumption", "scenario"];

describe("data/parameters.json", () => {
  it("covers exactly the schema's fields (PARAM_PATHS is walked from the zod schema, not from this file)", () => {
    const fields = PARAM_PATHS.filter((p) => p !== "preset");
    expect(fields.length).toBeGreaterThan(60);
    expect(Object.keys(PARAMETER_TABLE).sort()).toEqual([...fields].sort());
  });

  it("holds no units: labels, units and caps live once, in the schema", () => {
    for (const [path, row] of Object.entries(table.parameters)) expect(Object.keys(row), path).not.toContain("unit");
  });

  it("is what the kernel uses: defaults and presets equal the file", () => {
    const base = presetParams(table.defaultPreset)!;
    for (const [path, row] of Object.entries(table.parameters)) {
      const preset = (table.presets as Record<string, { values: Record<string, { value: unknown }> }>)[table.defaultPreset].values[path];
      expect(getPath(base, path), path).toEqual(preset ? preset.value : row.value);
    }
    for (const p of PRESETS) {
      const params = presetParams(p.id)!;
      for (const [path, v] of Object.entries(p.values)) expect(getPath(params, path), `${p.id} ${path}`).toEqual(v.value);
    }
    expect(defaultParams().preset).toBe(table.defaultPreset);
  });

  it("every preset is valid under the schema's caps", () => {
    for (const p of PRESETS) {
      const r = parseParams(presetParams(p.id));
      expect(r.ok, `${p.id}: ${r.ok ? "" : JSON.stringify(r.errors)}`).toBe(true);
    }
  });

  it("every default lies within its plausible range", () => {
    for (const [path, row] of Object.entries(PARAMETER_TABLE)) {
      const [lo, hi] = row.plausible;
      if (typeof row.value !== "number" || lo === null || hi === null) continue;
      expect(row.value, path).toBeGreaterThanOrEqual(lo);
      expect(row.value, path).toBeLessThanOrEqual(hi);
    }
  });

  it("every value says where it comes from", () => {
    for (const [path, row] of Object.entries(PARAMETER_TABLE)) {
      expect(BASES, path).toContain(row.basis);
      expect(row.source.length, `${path} has a source`).toBeGreaterThan(20);
      expect(row.source, path).not.toMatch(/PLACEHOLDER|TODO/);
      // Measured or derived numbers cite a document; assumptions say why instead.
      if (row.basis === "sourced" || row.basis === "derived") expect(row.url, `${path} cites a URL`).toMatch(/^https:\/\//);
      if (row.basis === "assumption") expect(row.source, path).toMatch(/assum|No published|not found|unknown|unpublished/i);
    }
    for (const p of PRESETS) for (const [path, v] of Object.entries(p.values)) expect(v.source.length, `${p.id} ${path}`).toBeGreaterThan(20);
  });
});

describe("preset peter-3", () => {
  // Its source says its seed draws Peter Zijlstra's picture: CPU 1 is held by an
  // interrupts-off section, CPU 2 by an NMI. Switch each off and see who frees up.
  const blocked = (mutate: (p: ReturnType<typeof presetParams> & object) => void) => {
    const p = structuredClone(presetParams("peter-3")!);
    mutate(p);
    return Array.from(drawMachine(p, p.seed).blockedNs);
  };
  it("CPU 1 has interrupts off and CPU 2 is in an NMI, nothing else", () => {
    const both = blocked(() => {});
    const irqOnly = blocked((p) => { p.workload.nmi.probability = 0; });
    const nmiOnly = blocked((p) => { p.workload.irqOff.probability = 0; });
    expect(both.length).toBe(3);
    expect(both[0]).toBe(0);
    expect(irqOnly[1]).toBeGreaterThan(0);
    expect(irqOnly[2]).toBe(0);
    expect(nmiOnly[1]).toBe(0);
    expect(nmiOnly[2]).toBeGreaterThan(0);
    expect(both).toEqual([0, irqOnly[1], nmiOnly[2]]);
  });
});
