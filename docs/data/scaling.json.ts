/**
 * Build-time Monte Carlo for the Scaling page: every metric against LP count
 * (4 to 4,096 LPs on a 2-socket, 2-thread frame) for every strategy, on the
 * default preset and two workloads, with percentile bands.
 */
import { CAPS, SCENARIOS, STRATEGIES, fromPaths, params, setPath, sweep, workOf, type Metric, type Params } from "../../src/mod.ts";

const TRIALS = 100;
const CORES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const METRICS: Metric[] = ["callerLatencyNs", "callerCpuNs", "totalCpuNs", "irqOffMaxNs", "irqOffSumNs", "spreadNs", "disturbanceSumNs"];

/**
 * The sizes in consecutive groups whose sweeps each fit one call's budget
 * (CAPS.maxWork): a point's runs do not depend on the other points of its
 * sweep, so the rows are those of one sweep over all of them.
 */
function groups(p: Params): number[][] {
  const out: number[][] = [[]];
  let work = 0;
  for (const cores of CORES) {
    const w = workOf(setPath(p, "machine.coresPerSocket", cores) as Params, STRATEGIES, TRIALS);
    if (work + w > CAPS.maxWork && out.at(-1)!.length) { out.push([]); work = 0; }
    out.at(-1)!.push(cores);
    work += w;
  }
  return out;
}

const rows = [];
for (const id of ["boot", "busy"]) {
  const scenario = SCENARIOS.find((s) => s.id === id)!;
  const p = params({ ...fromPaths(scenario.values), trials: TRIALS });
  for (const r of groups(p).flatMap((cores) => sweep(p, "machine.coresPerSocket", cores, { strategies: STRATEGIES, metrics: METRICS }))) {
    rows.push({ scenario: id, strategy: r.strategy, lps: r.lps, metric: r.metric, p50: r.p50, p95: r.p95, p99: r.p99, max: r.max, mean: r.mean, stuck: r.stuck });
  }
}
process.stdout.write(JSON.stringify({ trials: TRIALS, preset: params({}).preset, rows }));
