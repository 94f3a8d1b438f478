/**
 * Build-time Monte Carlo for the Scaling page: every metric against LP count
 * (4 to 4,096 LPs on a 2-socket, 2-thread frame) for every strategy, on the
 * default preset and two workloads, with percentile bands.
 */
import { SCENARIOS, STRATEGIES, fromPaths, params, sweep, type Metric } from "../../src/mod.ts";

const TRIALS = 100;
const CORES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const METRICS: Metric[] = ["callerLatencyNs", "callerCpuNs", "totalCpuNs", "irqOffMaxNs", "irqOffSumNs", "spreadNs", "disturbanceSumNs"];

const rows = [];
for (const id of ["boot", "busy"]) {
  const scenario = SCENARIOS.find((s) => s.id === id)!;
  const p = params({ ...fromPaths(scenario.values), trials: TRIALS });
  for (const r of sweep(p, "machine.coresPerSocket", CORES, { strategies: STRATEGIES, metrics: METRICS })) {
    rows.push({ scenario: id, strategy: r.strategy, lps: r.lps, metric: r.metric, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max, mean: r.mean, stuck: r.stuck });
  }
}
process.stdout.write(JSON.stringify({ trials: TRIALS, preset: params({}).preset, rows }));
