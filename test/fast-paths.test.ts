/**
 * The kernel's fast paths give exactly what the plain code they replace
 * gives, on every input: the lock order (radix sort) against the comparator
 * sort, stop_machine's linear last ack against the recurrence over sorted
 * times, the Weyl-sequence jump of the PRNG against drawing one by one,
 * and the rounded log-normal draw against rounding the plain one.
 * Fixed seed as in properties.test.ts; fast-check prints any counterexample.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { lockOrder } from "../src/module-lock.ts";
import { lastAck } from "../src/strategies/stop-machine.ts";
import { logNormal, rng, roundedLogNormal } from "../src/random.ts";
import { MAX_SECTION_NS } from "../src/machine.ts";

const SEED = Number(process.env.FC_SEED ?? 20221122);
fc.configureGlobal({ seed: SEED });

const referenceOrder = (ready: Float64Array) => Array.from(ready.keys()).sort((a, b) => ready[a] - ready[b] || a - b);
const referenceLastAck = (times: Float64Array, ackNs: number) => {
  let t = -Infinity;
  for (const a of Array.from(times).sort((x, y) => x - y)) t = Math.max(t, a) + ackNs;
  return t;
};

// Whole ns with many ties and wide ranges (the radix and bucket paths), and
// fractional or infinite times (the fallbacks).
const time = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.constant(Infinity),
);
const times = fc.array(time, { minLength: 1, maxLength: 300 }).map((xs) => Float64Array.from(xs));

describe("fast paths equal the code they replace", () => {
  it("lockOrder equals the comparator sort", () => {
    fc.assert(fc.property(times, (ready) => {
      expect(Array.from(lockOrder(ready))).toEqual(referenceOrder(ready));
    }), { numRuns: 500 });
  });

  it("lockOrder on long lists (the radix path), including -0 and Infinity", () => {
    const whole = fc.array(fc.oneof(
      { weight: 500, arbitrary: fc.integer({ min: 0, max: 3000 }) },
      { weight: 500, arbitrary: fc.double({ min: 0, max: 1e7, noNaN: true }) },
      { weight: 10, arbitrary: fc.constant(-0) }, { weight: 10, arbitrary: fc.constant(Infinity) },
    ), { minLength: 2, maxLength: 5000 }).map((xs) => Float64Array.from(xs));
    fc.assert(fc.property(whole, (ready) => {
      expect(Array.from(lockOrder(ready))).toEqual(referenceOrder(ready));
    }), { numRuns: 200 });
  });

  it("lockOrder where many times share a high word (the runs sorted by low word, short and long)", () => {
    // Near 2^30 ns a high word spans 1,024 ns: times within a few µs share a few.
    const near = fc.array(fc.oneof(
      fc.integer({ min: 0, max: 5000 }).map((d) => 2 ** 30 + d),
      fc.double({ min: 2 ** 30, max: 2 ** 30 + 3000, noNaN: true }),
      fc.integer({ min: 0, max: 100 }),
    ), { minLength: 128, maxLength: 3000 }).map((xs) => Float64Array.from(xs));
    fc.assert(fc.property(near, (ready) => {
      expect(Array.from(lockOrder(ready))).toEqual(referenceOrder(ready));
    }), { numRuns: 100 });
  });

  it("lockOrder with a NaN time still returns every CPU once (the comparator's order is then engine-defined)", () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 200, maxLength: 1000 }), fc.nat(), (xs, at) => {
      const ready = Float64Array.from(xs);
      ready[at % ready.length] = NaN;
      expect(Array.from(lockOrder(ready)).sort((a, b) => a - b)).toEqual(Array.from(ready.keys()));
    }), { numRuns: 50 });
  });

  it("lastAck equals the recurrence over sorted arrivals", () => {
    const ack = fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 500, noNaN: true }));
    fc.assert(fc.property(times, ack, (ts, ackNs) => {
      expect(lastAck(ts, ackNs)).toBe(referenceLastAck(ts, ackNs));
    }), { numRuns: 1000 });
  });

  it("roundedLogNormal equals rounding logNormal under the cap", () => {
    const plain = (u: number, median: number, sigma: number, max: number) => Math.round(Math.min(max, logNormal(u, median, sigma)));
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.oneof(fc.integer({ min: 0, max: 1e7 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
      fc.oneof(fc.constant(0), fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: 4, max: 60, noNaN: true })),
      fc.constantFrom(MAX_SECTION_NS, 1e3, 2 ** 60),
      (u, median, sigma, max) => { expect(roundedLogNormal(u, median, sigma, max)).toBe(plain(u, median, sigma, max)); },
    ), { numRuns: 20000 });
    // A dense sweep of one stream, as the machine draw uses it: the quick path
    // decides nearly every case, so any disagreement would show here.
    const r = rng(SEED);
    for (let k = 0; k < 200000; k++) {
      const u = r.next(), median = 1 + Math.floor(r.next() * 1e6), sigma = r.next() * 2.5;
      if (roundedLogNormal(u, median, sigma, MAX_SECTION_NS) !== plain(u, median, sigma, MAX_SECTION_NS)) {
        throw new Error(`roundedLogNormal(${u}, ${median}, ${sigma}) differs`);
      }
    }
  });

  it("ahead lands where repeated next() lands, and leaves the stream where it was", () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 5000 }), (seed, k) => {
      const a = rng(seed), b = rng(seed), c = rng(seed);
      for (let i = 1; i < k; i++) a.next();
      expect(b.ahead(k)).toBe(a.next());
      expect(b.next()).toBe(c.next());
    }), { numRuns: 300 });
  });
});
