/**
 * formatNumber() writes what toLocaleString("en-US") writes, without Intl
 * (src/format.ts says why). Checked against Node's ICU over random doubles
 * of every magnitude, with a fixed seed (FC_SEED overrides it; fast-check
 * prints the seed and the counterexample).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatDay, formatNumber } from "../src/format.ts";

const SEED = Number(process.env.FC_SEED ?? 20221122);
const icu = (x: number, digits: number) => x.toLocaleString("en-US", { maximumFractionDigits: digits });

describe("formatNumber", () => {
  it("matches ICU on cases that round, group and carry", () => {
    const cases: [number, number][] = [
      [0, 0], [-0, 0], [1, 0], [999.5, 0], [-999.5, 0], [1234567, 0], [2.5, 0], [0.5, 0], [0.49, 0], [-0.4, 0],
      [1.005, 2], [1.0049999, 2], [9.995, 2], [0.0031, 3], [0.00031, 3], [0.0005, 3], [12.25, 1], [99.96, 1],
      [1e21, 0], [1.5e22, 1], [123456789.987, 2], [5e-324, 3], [Number.MAX_VALUE, 0], [NaN, 0], [Infinity, 0], [-Infinity, 2],
    ];
    for (const [x, d] of cases) expect(formatNumber(x, d), `${x} to ${d} decimals`).toBe(icu(x, d));
  });

  it("matches ICU on random doubles", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.integer().map((i) => i / 8), fc.integer({ min: -1e6, max: 1e6 })), fc.integer({ min: 0, max: 6 }), (x, d) => formatNumber(x, d) === icu(x, d)),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it("defaults to no decimals, as the pages' counts need", () => {
    expect(formatNumber(16384)).toBe("16,384");
    expect(formatNumber(2.5)).toBe("3");
  });
});

describe("formatDay", () => {
  it("writes a day and month as en-GB does, in UTC", () => {
    for (let m = 0; m < 12; m++) for (const day of [1, 9, 28]) {
      const t = Date.UTC(2022, m, day, 23, 59);
      expect(formatDay(new Date(t).toISOString())).toBe(new Date(t).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }));
    }
    expect(formatDay("Tue, 22 Nov 2022 23:30:00 -0800")).toBe("23 Nov");
  });
});
