/** parseParams: readable errors that name the field and its allowed range. */
import { describe, expect, it } from "vitest";
import {
  CAPS, PRESETS, STRATEGIES, bestStrategy, compare, defaultParams, formatErrors, maxTrialsFor, monteCarlo, monteCarloAll, params, parseParams,
  sensitivity, simulate, sweep, workOf, type ParamError,
} from "../src/mod.ts";

function errorsOf(input: unknown): ParamError[] {
  const r = parseParams(input);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("parseParams", () => {
  it("accepts {} as the default preset, and every preset", () => {
    expect(params({})).toEqual(defaultParams());
    for (const p of PRESETS) expect(parseParams({ preset: p.id }).ok).toBe(true);
  });

  it("wrong type", () => {
    const [e] = errorsOf({ machine: { sockets: "two" } });
    expect(e.path).toBe("machine.sockets");
    expect(e.message).toMatch(/expected a number, got "two"/);
    expect(e.message).toMatch(/from 1 to 16/);
  });

  it("negative", () => {
    const [e] = errorsOf({ costs: { hardirqNs: -5 } });
    expect(e.path).toBe("costs.hardirqNs");
    expect(e.message).toBe("below the allowed range; allowed from 0 to 1000000000 ns");
  });

  it("NaN", () => {
    const [e] = errorsOf({ costs: { icrWriteNs: NaN } });
    expect(e.path).toBe("costs.icrWriteNs");
    expect(e.message).toMatch(/NaN/);
  });

  it("above a field's cap", () => {
    const [e] = errorsOf({ machine: { coresPerSocket: 5000 } });
    expect(e.path).toBe("machine.coresPerSocket");
    expect(e.message).toMatch(/above the allowed range; allowed a whole number from 1 to 1024/);
  });

  it("above the LP cap, the trials cap and the work cap", () => {
    expect(errorsOf({ machine: { sockets: 16, coresPerSocket: 1024, threadsPerCore: 2 } })[0].message).toMatch(new RegExp(`above the cap of ${CAPS.maxLps} LPs`));
    expect(errorsOf({ trials: CAPS.maxTrials + 1 })[0].path).toBe("trials");
    // 8,192 LPs: one trial of every strategy is (8,192 + 60) x (11 + 2) = 107,276 units of work;
    // the cap of 8,400,000 allows 78 trials, so 10,000 are refused and the message says 78.
    const [e] = errorsOf({ machine: { sockets: 8, coresPerSocket: 512, threadsPerCore: 2 }, trials: 10_000 });
    expect(e.path).toBe("trials");
    expect(e.message).toMatch(/above the cap of one call \(CAPS.maxWork, about 2 s\); at most 78 trials on this machine/);
    expect(parseParams({ machine: { sockets: 8, coresPerSocket: 512, threadsPerCore: 2 }, trials: 78 }).ok).toBe(true);
    expect(parseParams({ machine: { sockets: 8, coresPerSocket: 512, threadsPerCore: 2 }, trials: 79 }).ok).toBe(false);
  });

  it("unknown preset", () => {
    const [e] = errorsOf({ preset: "epyc-9654" });
    expect(e.path).toBe("preset");
    expect(e.message).toMatch(/unknown preset "epyc-9654"; one of .*emr-2s/);
  });

  it("unknown strategy", () => {
    const [e] = errorsOf({ strategy: "smp_call_everywhere" });
    expect(e.path).toBe("strategy");
    expect(e.message).toMatch(/unknown strategy; one of on_each_cpu, schedule_on_each_cpu/);
  });

  it("unknown parameter", () => {
    const [e] = errorsOf({ costs: { hardIrqNs: 1 } });
    expect(e.path).toBe("costs.hardIrqNs");
    expect(e.message).toBe("unknown parameter");
  });

  it("a workload mix that does not sum to 1", () => {
    const [e] = errorsOf({ workload: { idle: 0.5, cfs: 0.2 } });
    expect(e.path).toBe("workload");
    expect(e.message).toMatch(/must be 1, got 0.7/);
  });

  it("reports every bad field at once", () => {
    const errors = errorsOf({ machine: { sockets: 0 }, costs: { hardirqNs: "x", ipiDeliveryNs: -1 } });
    expect(errors.map((e) => e.path).sort()).toEqual(["costs.hardirqNs", "costs.ipiDeliveryNs", "machine.sockets"]);
  });

  it("not an object", () => {
    expect(errorsOf("gnr-2s")[0].message).toMatch(/expected an object of parameters, got "gnr-2s"/);
    expect(errorsOf(null)[0].path).toBe("(root)");
  });
});

describe("caps hold for callers that bypass parseParams", () => {
  it("simulate refuses a machine over the LP cap", () => {
    const p = defaultParams();
    expect(() => simulate({ ...p, machine: { ...p.machine, sockets: 16, coresPerSocket: 1024, threadsPerCore: 4 } })).toThrow(/above the cap of 16384 LPs/);
    // A field past its own cap is named with its path.
    expect(() => simulate({ ...p, machine: { ...p.machine, sockets: 1000 } })).toThrow(RangeError);
    expect(() => simulate({ ...p, machine: { ...p.machine, sockets: 1000 } })).toThrow(/simulate: p: machine\.sockets/);
  });
  it("monteCarlo refuses too many trials or too much work", () => {
    const p = defaultParams();
    expect(() => monteCarlo(p, CAPS.maxTrials + 1)).toThrow(/CAPS.maxTrials/);
    expect(() => monteCarlo({ ...p, machine: { ...p.machine, sockets: 8, coresPerSocket: 1024 } }, 2000)).toThrow(/CAPS.maxWork/);
  });
  it("sweep validates each point and caps the points", () => {
    const p = defaultParams();
    expect(() => sweep(p, "machine.coresPerSocket", [4, 2048])).toThrow(/machine.coresPerSocket: above the allowed range/);
    expect(() => sweep(p, "seed", Array.from({ length: CAPS.maxSweepPoints + 1 }, (_, i) => i))).toThrow(/CAPS.maxSweepPoints/);
  });
});

describe("sweep", () => {
  it("returns tidy rows, one per value x strategy x metric", () => {
    const p = params({ preset: "tiny-4", trials: 3 });
    const rows = sweep(p, "machine.coresPerSocket", [1, 2, 4], { strategies: ["on_each_cpu", "serial"], metrics: ["callerLatencyNs", "coverage"] });
    expect(rows).toHaveLength(3 * 2 * 2);
    expect(new Set(rows.map((r) => r.lps))).toEqual(new Set([2, 4, 8]));
    const serial = rows.filter((r) => r.strategy === "serial" && r.metric === "callerLatencyNs").map((r) => r.p50);
    expect(serial[0]).toBeLessThan(serial[1]);
    expect(serial[1]).toBeLessThan(serial[2]); // serial grows with the number of CPUs
  });
});

describe("every public function rejects a bad argument with a RangeError, never a TypeError", () => {
  const p = params({ preset: "tiny-4", trials: 3 });
  const cases: [string, () => unknown][] = [
    ["simulate with an unknown strategy", () => simulate(p, { strategy: "bogus" as never })],
    ["compare with __proto__", () => compare(p, ["__proto__" as never])],
    ["compare with a strategy twice", () => compare(p, ["none", "none"])],
    ["compare with no strategy", () => compare(p, [])],
    ["bestStrategy of nothing", () => bestStrategy([])],
    ["sensitivity with an unknown focus", () => sensitivity(p, "bogus" as never, 2)],
    ["sensitivity over too much work", () => sensitivity(params({ preset: "gnr-2s", trials: 3 }), "on_each_cpu", 2000)],
    ["monteCarlo with 1.5 trials", () => monteCarloAll(p, ["none"], 1.5)],
    ["sweep with an unknown strategy", () => sweep(p, "seed", [1, 2], { strategies: ["x" as never] })],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      expect(f).toThrow(RangeError);
    });
  }

  it("an empty key is named, not printed as ': unknown parameter'", () => {
    const r = parseParams({ "": 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatErrors(r.errors)).toBe('"": unknown parameter');
  });

  it("any valid scenario can be compared over every strategy within the cap", () => {
    // The largest machine at the most trials parse allows: exactly within one call's budget.
    const big = params({ machine: { sockets: 16, coresPerSocket: 1024, threadsPerCore: 1 }, trials: 1 });
    const most = maxTrialsFor(big, STRATEGIES);
    expect(parseParams({ ...big, trials: most }).ok).toBe(true);
    expect(parseParams({ ...big, trials: most + 1 }).ok).toBe(false);
    expect(workOf({ ...big, trials: most }, STRATEGIES, most)).toBeLessThanOrEqual(CAPS.maxWork);
  });
});

describe("params() is typed", () => {
  it("a wrong field or type does not compile (npm run check runs tsc over this file) and is refused at run time", () => {
    // @ts-expect-error sockets is a number
    expect(() => params({ machine: { sockets: "two" } })).toThrow(/machine.sockets/);
    // @ts-expect-error there is no such field
    expect(() => params({ machine: { socket: 2 } })).toThrow(/unknown parameter/);
    // Deep partial input type-checks at any depth.
    expect(params({ workload: { irqOff: { probability: 0.1 } } }).workload.irqOff.medianNs).toBeGreaterThan(0);
  });
});
