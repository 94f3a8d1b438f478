/**
 * RunsCache (src/runs-cache.ts): sensitivity analyses through one cache give
 * exactly the plain analysis, and after a change to a price-only input
 * simulate nothing; a change a run reads simulates again; the least
 * recently used runs leave first.
 */
import { describe, expect, it } from "vitest";
import { DrawCache, RunsCache, params, sensitivity, sensitivitySteps, setPath, type Params } from "../src/mod.ts";
import { complete } from "../src/steps.ts";

const moved = (p: Params, path: string, v: number): Params => setPath(p, path, v) as Params;
const small = params({ preset: "emr-2s", machine: { coresPerSocket: 8 } });
const S = ["on_each_cpu", "stop_machine", "none"] as const;

describe("RunsCache", () => {
  it("a sensitivity analysis through it equals the plain one; after a benefit change it simulates nothing, after a cost change it simulates again", () => {
    const runs = new RunsCache();
    const draws = new DrawCache();
    const through = (q: Params) => complete(sensitivitySteps(q, "on_each_cpu", 3, S, draws.draw, runs.samples));
    expect(through(small)).toEqual(sensitivity(small, "on_each_cpu", 3, S));
    const first = runs.misses;
    expect(first).toBeGreaterThan(20); // the scenario and every range end a run reads

    const priced = moved(small, "benefit.fleetHosts", small.benefit.fleetHosts * 3);
    const again = through(priced);
    expect(again).toEqual(sensitivity(priced, "on_each_cpu", 3, S));
    expect(runs.misses).toBe(first);
    expect(again.baseNet).not.toBe(through(small).baseNet); // re-priced, not the old answer

    const played = moved(small, "costs.hardirqNs", small.costs.hardirqNs * 1.5);
    expect(through(played)).toEqual(sensitivity(played, "on_each_cpu", 3, S));
    expect(runs.misses).toBeGreaterThan(first);
  });

  it("keeps at most maxCells strategy-trials, dropping the least recently used", () => {
    const runs = new RunsCache(2 * S.length * 3); // two scenarios of 3 trials
    const draws = new DrawCache();
    const get = (q: Params) => complete(runs.samples(q, S, 3, draws.draw));
    const a = small, b = moved(small, "costs.hardirqNs", 900), c = moved(small, "costs.hardirqNs", 1100);
    get(a); get(b); get(a); // a is now the most recently used
    expect(runs.misses).toBe(2);
    get(c); // b leaves
    get(a);
    expect(runs.misses).toBe(3);
    get(b);
    expect(runs.misses).toBe(4);
  });
});
