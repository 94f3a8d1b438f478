/// <reference lib="deno.ns" />
// The kernel under Deno's own test runner: it loads, validates and simulates
// without any Node API (deno task test).
import { STRATEGIES, params, parseParams, simulateAll, runValidation } from "../../src/mod.ts";

Deno.test("every strategy runs on every preset", () => {
  for (const preset of ["tiny-4", "emr-2s", "gnr-2s"]) {
    const runs = simulateAll(params({ preset }));
    if (runs.length !== STRATEGIES.length) throw new Error(`expected ${STRATEGIES.length} runs`);
    for (const r of runs) if (!(r.callerLatencyNs >= 0)) throw new Error(`${preset} ${r.strategy}: bad latency`);
  }
});

Deno.test("bad input is rejected with the field named", () => {
  const r = parseParams({ costs: { hardirqNs: -1 } });
  if (r.ok || r.errors[0].path !== "costs.hardirqNs") throw new Error("expected an error on costs.hardirqNs");
});

Deno.test("validation cases pass under Deno too", () => {
  const missed = runValidation().filter((r) => !r.pass).map((r) => r.id);
  if (missed.length) throw new Error(`missed: ${missed.join(", ")}`);
});
