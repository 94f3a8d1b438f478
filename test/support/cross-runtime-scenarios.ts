/**
 * The scenarios both runtimes compute for the determinism test: runs with
 * timelines, Monte Carlo summaries and a sweep, over several presets and
 * seeds. Run directly under Deno it prints the JSON.
 */
import { STRATEGIES, monteCarloAll, params, simulateAll, sweep } from "../../src/mod.ts";

export function scenarios(): unknown {
  const out: unknown[] = [];
  for (const preset of ["tiny-4", "emr-2s", "gnr-2s"]) {
    for (const seed of [1, 42, 4_000_000_000]) {
      const p = params({ preset, seed, workload: { idle: 0.4, cfs: 0.4, rt: 0.1, isolated: 0.1, irqOff: { probability: 0.05, medianNs: 30_000, sigma: 1.5 } } });
      out.push({ preset, seed, runs: simulateAll(p, STRATEGIES, { timeline: preset === "tiny-4" }), mc: monteCarloAll(p, STRATEGIES, 20) });
    }
  }
  out.push(sweep(params({ preset: "tiny-4", trials: 5 }), "machine.coresPerSocket", [1, 8, 64], { strategies: STRATEGIES }));
  return out;
}

if ((import.meta as { main?: boolean }).main) {
  // Deno: print for the Node side to compare.
  (globalThis as unknown as { process: { stdout: { write(s: string): void } } }).process.stdout.write(JSON.stringify(scenarios()));
}
