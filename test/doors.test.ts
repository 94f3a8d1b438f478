/**
 * Every public door checks its arguments: a wrong type is a TypeError that
 * names the argument, a bad value a RangeError; nothing from inside the
 * kernel (a property read of null, a zod internal) reaches the caller; a
 * path or key from input is looked up among own properties only.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  axisRows, bestStrategy, compare, compareRows, evaluateBenefit, fieldMetaAt, getPath, allowedRange, monteCarlo, outcomeOf, params,
  parseParams, planSweep, scenarioFromEntries, scenarioSearch, sensitivity, sensitivityTrials, simulate, simulateAll, stagePrior, sweep, typedValue,
  valueRows, verdict, verdictText, workOf,
} from "../src/mod.ts";
import { buildReport } from "../src/report.ts";

const SEED = 20221202;
const p = params({ preset: "tiny-4", trials: 2 });
const rows = compare(p, ["on_each_cpu", "none"], 2);

/** What a call threw: its class and message, or "ok". */
function outcome(f: () => unknown): { kind: string; message: string } {
  try { f(); return { kind: "ok", message: "" }; } catch (e) {
    return { kind: e instanceof TypeError ? "TypeError" : e instanceof RangeError ? "RangeError" : (e as Error)?.constructor?.name ?? typeof e, message: String((e as Error)?.message ?? e) };
  }
}

/** Messages from inside the kernel that must never reach a caller. */
const INTERNAL = /cannot read propert|is not a function|undefined is not|null is not|safeParse|Cannot convert|is not iterable/i;

describe("public functions check their arguments at the door", () => {
  const cases: [string, () => unknown, "TypeError" | "RangeError", RegExp][] = [
    ["simulate(null)", () => simulate(null as never), "TypeError", /^simulate: p: expected the parameters/],
    ["simulate({})", () => simulate({} as never), "TypeError", /^simulate: p: /],
    ["simulate(p, null)", () => simulate(p, null as never), "TypeError", /^simulate: options/],
    ["simulate(p, {seed: -1})", () => simulate(p, { seed: -1 }), "RangeError", /seed/],
    ["simulateAll(new Map())", () => simulateAll(new Map() as never), "TypeError", /got a Map/],
    ["monteCarlo({...p, machine: null})", () => monteCarlo({ ...p, machine: null } as never), "TypeError", /machine/],
    ["compare(p with sockets 99)", () => compare({ ...p, machine: { ...p.machine, sockets: 99 } }), "RangeError", /machine\.sockets/],
    ["verdict(null, p)", () => verdict(null as never, p), "TypeError", /^verdict: rows/],
    ["verdict(rows, null)", () => verdict(rows, null as never), "TypeError", /^verdict: p/],
    ["verdictText([], p)", () => verdictText([], p), "RangeError", /at least one row/],
    ["bestStrategy(null)", () => bestStrategy(null as never), "TypeError", /^bestStrategy/],
    ["bestStrategy([{}])", () => bestStrategy([{}] as never), "TypeError", /^bestStrategy/],
    ["workOf(p, null, 1)", () => workOf(p, null as never, 1), "TypeError", /^workOf: strategies/],
    ["workOf(p, 8, NaN)", () => workOf(p, 8, NaN), "RangeError", /^workOf: trials/],
    ["workOf(null, 8, 1)", () => workOf(null as never, 8, 1), "TypeError", /^workOf: p/],
    ["scenarioSearch(null)", () => scenarioSearch(null as never), "TypeError", /^scenarioSearch: p/],
    ["sweep(p, 'seed', 'abc')", () => sweep(p, "seed", "abc" as never), "TypeError", /^sweep: values/],
    ["sweep(p, 'seed', ['abc'])", () => sweep(p, "seed", ["abc"]), "RangeError", /sweep of seed at abc/],
    ["sweep(p, 'constructor', [1])", () => sweep(p, "constructor", [1]), "RangeError", /constructor/],
    ["sweep(p, 'machine.constructor', [1])", () => sweep(p, "machine.constructor", [1]), "RangeError", /machine\.constructor/],
    ["sweep metrics ['nope']", () => sweep(p, "machine.sockets", [1], { metrics: ["nope" as never] }), "RangeError", /unknown metric "nope"/],
    ["sensitivity(null)", () => sensitivity(null as never), "TypeError", /^sensitivity: p/],
    ["sensitivityTrials(null)", () => sensitivityTrials(null as never), "TypeError", /^sensitivityTrials: p/],
    ["sensitivityTrials(p, ['nope'])", () => sensitivityTrials(p, ["nope" as never]), "RangeError", /unknown strategy "nope"/],
    ["sensitivityTrials(p, undefined, 0)", () => sensitivityTrials(p, undefined, 0), "RangeError", /^sensitivityTrials: wanted/],
    ["evaluateBenefit(null, [])", () => evaluateBenefit(null as never, []), "TypeError", /^evaluateBenefit: b/],
    ["evaluateBenefit(b, [{}])", () => evaluateBenefit(p.benefit, [{}] as never), "TypeError", /^evaluateBenefit: strategies/],
    ["compareRows(null)", () => compareRows(null as never), "TypeError", /^compareRows/],
    ["compareRows(rows, ['nope'])", () => compareRows(rows, ["nope" as never]), "RangeError", /unknown metric/],
    ["valueRows([{}])", () => valueRows([{}] as never), "TypeError", /^valueRows/],
    ["axisRows(rows, {})", () => axisRows(rows, {} as never), "TypeError", /^axisRows: p/],
    ["outcomeOf(p, 'yolo', 4, 4, 4)", () => outcomeOf(p, "yolo" as never, 4, 4, 4), "RangeError", /unknown strategy/],
    ["outcomeOf(p, 'none', NaN, 4, 0)", () => outcomeOf(p, "none", NaN, 4, 0), "RangeError", /lps/],
    ["stagePrior(null, 4, 4)", () => stagePrior(null as never, 4, 4), "TypeError", /^stagePrior: p/],
    ["buildReport(p, null)", () => buildReport(p, null as never), "TypeError", /^buildReport: comparisons/],
  ];
  for (const [name, f, kind, message] of cases) {
    it(name, () => {
      const r = outcome(f);
      expect(r.kind, r.message).toBe(kind);
      expect(r.message).toMatch(message);
      expect(r.message).not.toMatch(INTERNAL);
    });
  }

  it("parseParams refuses sections that are not plain objects, instead of ignoring them", () => {
    for (const [input, path, what] of [
      [{ machine: new Map([["sockets", 99]]) }, "machine", "a Map"],
      [{ costs: new Date() }, "costs", "a Date"],
      [{ workload: /re/ }, "workload", "a RegExp"],
      [{ tdx: { moduleVersion: new String("1.0") } }, "tdx.moduleVersion", "a String"],
    ] as const) {
      const r = parseParams(input);
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.errors[0], path).toEqual({ path, message: `expected a plain object of parameters, got ${what}` });
    }
  });

  it("the break-even is a finite number or null, never Infinity", () => {
    const breakEven = (hours: number, share: number) => evaluateBenefit({ ...p.benefit, hoursSavedPerBogus: hours }, [{ strategy: "caller_cpu", benefitShare: share, totalCpuNs: 1e9, disturbanceSumNs: 0, stuck: 0 }])[0].breakEvenPBogus;
    // 1e-300 x 1e-16 is a subnormal, not 0: the plain quotient overflows to Infinity, which must come out as null.
    expect(breakEven(1e-300, 1e-16)).toBeNull();
    // 1e-300 x 1 is not: the break-even is huge and finite.
    const huge = breakEven(1e-300, 1);
    expect(huge).not.toBeNull();
    expect(Number.isFinite(huge) && huge! > 1e290).toBe(true);
  });

  it("planSweep drops a path that is no parameter (an Object.prototype name) with its reason, and plans nothing", () => {
    const plan = planSweep(p, "toString", [1], ["none"], 2);
    expect(plan.values).toEqual([]);
    expect(plan.dropped).toEqual([{ value: 1, reason: "toString: unknown parameter" }]);
  });
});

describe("paths and keys from input are own properties only", () => {
  const PROTO = Object.getOwnPropertyNames(Object.prototype);
  const key = fc.oneof(fc.constantFrom(...PROTO, "__proto__", "prototype", "machine", "costs", "tdx"), fc.string({ maxLength: 12 }));
  const path = fc.array(key, { minLength: 1, maxLength: 3 }).map((ks) => ks.join("."));

  it(`every function that takes a path answers in its own words (seed ${SEED})`, () => {
    fc.assert(fc.property(path, (x) => {
      for (const f of [() => fieldMetaAt(x), () => allowedRange(x), () => getPath(p, x), () => typedValue(x, "1")]) {
        const r = outcome(f);
        expect(r.kind, `${x}: ${r.message}`).toBe("ok");
      }
      if (PROTO.some((k) => x.split(".").includes(k)) || x.split(".").includes("__proto__")) {
        expect(fieldMetaAt(x), x).toBeUndefined();
        expect(getPath(p, x), x).toBeUndefined();
      }
      for (const f of [() => sweep(p, x, [1]), () => planSweep(p, x, [1], ["none"], 1)]) {
        const r = outcome(f);
        expect(["ok", "RangeError"], `${x}: ${r.kind} ${r.message}`).toContain(r.kind);
        expect(r.message, x).not.toMatch(INTERNAL);
      }
      const read = outcome(() => scenarioFromEntries([[x, "1"]]));
      expect(read.kind, `${x}: ${read.message}`).toBe("ok");
      // Object.prototype is untouched.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }), { seed: SEED, numRuns: 300, endOnFailure: true });
  });
});

describe("messages quote at most about 80 characters of a value", () => {
  it("a 10,000-digit value in a link gives a short message", () => {
    const long = "9".repeat(10_000);
    const read = scenarioFromEntries([["machine.sockets", long], [long, "1"], ["preset", long]]);
    expect(read.messages.length).toBe(3);
    for (const m of read.messages) expect(m.length, m.slice(0, 100)).toBeLessThan(400);
  });
});
