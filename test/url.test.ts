/**
 * Scenario links: a valid scenario's link reproduces it exactly, whatever
 * the order of its fields; repeated keys count once.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PRESETS, parseParams, scenarioFromEntries, scenarioSearch, type Params } from "../src/mod.ts";

const SEED = Number(process.env.FC_SEED ?? 20221122);
fc.configureGlobal({ seed: SEED });

const read = (search: string) => scenarioFromEntries(new URLSearchParams(search).entries());

/** Random valid scenarios over the fields a link carries, including the cross-field ones. */
const arbScenario: fc.Arbitrary<Params> = fc
  .record({
    preset: fc.constantFrom(...PRESETS.map((p) => p.id)),
    sockets: fc.integer({ min: 1, max: 4 }),
    cores: fc.integer({ min: 1, max: 64 }),
    mix: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10)).filter((m) => m.some((x) => x > 0)),
    stages: fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5), fc.nat(5), fc.nat(5), fc.nat(5)).filter((m) => m.some((x) => x > 0)),
    rtPeriodUs: fc.integer({ min: 1, max: 10_000_000 }),
    rtShare: fc.double({ min: 0, max: 1, noNaN: true }),
    seamcallNs: fc.double({ min: 0, max: 1e6, noNaN: true }),
    hardirqNs: fc.integer({ min: 0, max: 10_000 }),
    pBogus: fc.double({ min: 0, max: 1, noNaN: true }),
    version: fc.constantFrom("1.0", "1.5"),
    uncertainty: fc.boolean(),
    seed: fc.nat(),
  })
  .map((a) => {
    const total = a.mix.reduce((x, y) => x + y, 0);
    const stages = a.stages.reduce((x, y) => x + y, 0);
    const [idle, cfs, rt, isolated] = a.mix.map((x) => x / total);
    const [sys_init, lp_init, tdmr_build, config, key_config, tdmr_init] = a.stages.map((x) => x / stages);
    const r = parseParams({
      preset: a.preset, seed: a.seed, uncertainty: a.uncertainty, trials: 10,
      machine: { sockets: a.sockets, coresPerSocket: a.cores },
      workload: { idle, cfs, rt, isolated },
      costs: { hardirqNs: a.hardirqNs },
      tdx: { seamcallNs: a.seamcallNs, moduleVersion: a.version },
      kernel: { rtPeriodUs: a.rtPeriodUs, rtRuntimeUs: Math.floor(a.rtShare * a.rtPeriodUs) },
      benefit: { pBogusSeamcall: a.pBogus, failedStage: { sys_init, lp_init, tdmr_build, config, key_config, tdmr_init } },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.params;
  });

describe("scenario links", () => {
  it("1,000 random valid scenarios come back exactly, with no message", () => {
    fc.assert(fc.property(arbScenario, (p) => {
      const back = read(scenarioSearch(p));
      expect(back.messages).toEqual([]);
      expect(back.params).toEqual(p);
    }), { numRuns: 1000 });
  });

  it("field order does not matter: a runtime above the preset's period is fine with its own period", () => {
    // emr-2s has sched_rt_period_us = 1,000,000: read in schema order, the
    // runtime 1,500,000 used to be checked against that period and dropped.
    const r = read("?preset=emr-2s&kernel.rtRuntimeUs=1500000&kernel.rtPeriodUs=2000000");
    expect(r.messages).toEqual([]);
    expect(r.params.kernel.rtRuntimeUs).toBe(1_500_000);
    expect(r.params.kernel.rtPeriodUs).toBe(2_000_000);
  });

  it("a key repeated 20,000 times counts once, with its last value, and says so once", () => {
    const r = read(`?${Array.from({ length: 20_000 }, (_, i) => `seed=${i}`).join("&")}`);
    expect(r.params.seed).toBe(19_999);
    expect(r.messages).toEqual(["“seed” appears 20000 times in the link: the last value is used."]);
  });

  it("a bad field falls back alone; fields that do not fit together fall back as a group", () => {
    const r = read("?machine.sockets=0&workload.idle=0.5&tdx.seamcallNs=2000");
    expect(r.params.machine.sockets).toBe(2);
    expect(r.params.tdx.seamcallNs).toBe(2000);
    expect(r.params.workload.idle).toBe(1);
    expect(r.messages).toHaveLength(2);
  });
});

describe("view choices in links", () => {
  it("view.* keys are a page's view, not parameters: skipped without a message", () => {
    const r = read("?preset=tiny-4&view.strategies=on_each_cpu,stop_machine&view.metric=spreadNs&machine.smtOff=true");
    expect(r.messages).toEqual([]);
    expect(r.params.machine.smtOff).toBe(true);
    expect(scenarioSearch(r.params)).not.toContain("view.");
  });
});
