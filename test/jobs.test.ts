/**
 * The worker's jobs (docs/workers/jobs.ts) keep runs across jobs in one
 * RunsCache: after a change to a benefit input, compare and sensitivity are
 * re-priced without simulating, and say exactly what computing anew says.
 */
import { describe, expect, it } from "vitest";
import { compare, params, sensitivity, setPath, type Params } from "../src/mod.ts";
import { JOBS, type Pass } from "../docs/workers/jobs.ts";

/** Every pass of a job, run to the end. */
function passes(job: { steps: Generator<Pass | void, void> }): Pass[] {
  const out: Pass[] = [];
  for (const step of job.steps) if (step) out.push(step);
  return out;
}
const S = ["on_each_cpu", "stop_machine", "none"] as const;
const base = params({ preset: "emr-2s", machine: { coresPerSocket: 8 } });
const priced = setPath(base, "benefit.fleetHosts", base.benefit.fleetHosts * 3) as Params;

describe("the worker's jobs", () => {
  it("a compare after a benefit change is re-priced from the runs kept: no work, compare()'s answer", () => {
    const first = JOBS.compare(base as never, S as never, 4 as never);
    expect(first.work).toBeGreaterThan(0);
    expect(passes(first).at(-1)!.result).toEqual(compare(base, S, 4));
    const again = JOBS.compare(priced as never, S as never, 4 as never);
    expect(again.work).toBe(0);
    expect(passes(again).at(-1)!.result).toEqual(compare(priced, S, 4));
  });

  it("a sensitivity analysis after a benefit change says what the plain analysis says", () => {
    expect(passes(JOBS.sensitivity(base as never, "on_each_cpu" as never, 3 as never, S as never)).at(-1)!.result).toEqual(sensitivity(base, "on_each_cpu", 3, S));
    expect(passes(JOBS.sensitivity(priced as never, "on_each_cpu" as never, 3 as never, S as never)).at(-1)!.result).toEqual(sensitivity(priced, "on_each_cpu", 3, S));
  });
});
