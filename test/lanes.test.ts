/**
 * simulateAll(..., {timeline: true, lanes}) records only the lanes a chart
 * of that many shows: the chart's rows must be exactly those drawn from
 * every lane, and nothing else about the runs may change. perCpu carries
 * what the start-time chart needs for every CPU.
 */
import { describe, expect, it } from "vitest";
import { STRATEGIES, params, simulateAll, swimlaneRows, type ParamsInput } from "../src/mod.ts";

const busy = { idle: 0.3, cfs: 0.4, rt: 0.2, isolated: 0.1, irqOff: { probability: 0.1, medianNs: 30_000, sigma: 1.5 } };
const cases: [ParamsInput, number][] = [
  [{ preset: "tiny-4" }, 12],
  [{ preset: "emr-2s" }, 12],
  [{ preset: "emr-2s", workload: busy }, 24],
  [{ preset: "gnr-2s", seed: 7 }, 12],
  [{ preset: "peter-3" }, 12],
  [{ preset: "emr-2s", machine: { sockets: 4 } }, 5],
];

describe("timelines for the lanes shown", () => {
  for (const [input, lanes] of cases) {
    it(`${JSON.stringify(input)}, ${lanes} lanes: the same rows, the same runs`, () => {
      const p = params(input);
      const full = simulateAll(p, STRATEGIES, { timeline: true });
      const some = simulateAll(p, STRATEGIES, { timeline: true, lanes });
      expect(swimlaneRows(some, lanes)).toEqual(swimlaneRows(full, lanes));
      expect(swimlaneRows(some, lanes).length).toBeGreaterThan(0);
      for (const [k, run] of some.entries()) {
        expect(run.timeline!.length).toBe(Math.min(lanes, run.onlineLps));
        const { timeline: _a, ...rest } = run;
        const { timeline: _b, ...restFull } = full[k];
        expect(rest).toEqual(restFull);
      }
    });
  }

  it("perCpu gives every CPU's state and first SEAMCALL start, as the full timeline does", () => {
    const p = params({ preset: "emr-2s", workload: busy });
    const full = simulateAll(p, STRATEGIES, { timeline: true });
    const per = simulateAll(p, STRATEGIES, { perCpu: true });
    for (const [k, run] of per.entries()) {
      const lanes = full[k].timeline!;
      expect(run.perCpu!.state).toEqual(lanes.map((l) => l.state));
      const firstStart = lanes.map((l) => l.segments.find((s) => s.kind === "seamcall")?.start);
      run.perCpu!.seamcallStartNs.forEach((t, i) => {
        if (firstStart[i] !== undefined) expect(t).toBe(firstStart[i]);
      });
      expect(run.perCpu!.seamcallStartNs.filter((t) => !Number.isNaN(t)).length).toBe(run.coveredLps);
    }
  });

  it("works above CAPS.maxTimelineLps, where full timelines stop", () => {
    const p = params({ preset: "emr-2s", trials: 1, machine: { sockets: 8, coresPerSocket: 256 } });
    const runs = simulateAll(p, ["on_each_cpu", "stop_machine"], { timeline: true, lanes: 12 });
    for (const r of runs) expect(r.timeline!.length).toBe(12);
    expect(simulateAll(p, ["on_each_cpu"], { timeline: true })[0].timeline).toBeUndefined();
  });

  it("refuses a lane count outside 1..CAPS.maxTimelineLps", () => {
    expect(() => simulateAll(params({}), STRATEGIES, { timeline: true, lanes: 0 })).toThrow(RangeError);
  });
});
