// The kernel requests each page sends for the reader's scenario p, as
// [fn, ...args] for progressive() (./compute.js). One definition for the
// page and for its build-time prefill (docs/data/prefill/[preset].json.ts): the
// build runs them for each preset's default scenario, so a page opened
// on it paints from the file and starts no worker. K is the kernel: the
// page's bundle (../lib/kernel.js) or, in a loader, src/mod.ts.

/** A request's identity: its function and arguments (the prefill files are keyed on it). */
export const requestKey = (fn, args) => JSON.stringify([fn, ...args]);

/** Every strategy offered for the scenario, at its run count: the verdict's rows. */
export const compareRequest = (K, p) => ["compare", p, K.strategiesFor(p), p.trials];

/** Disturbance of isolated CPUs: the reader's workload if it has RT or nohz_full CPUs, else Peter Zijlstra's partitioned case. */
export function disturbanceScenario(K, p) {
  if (p.workload.rt + p.workload.isolated > 0) return p;
  const partitioned = K.SCENARIOS.find((s) => s.id === "partitioned");
  return K.params({...p, workload: {...p.workload, ...K.fromPaths(partitioned.values).workload}});
}
export const disturbanceRequest = (K, p) => {
  const q = disturbanceScenario(K, p);
  return ["compare", q, K.strategiesFor(q), 20];
};

/**
 * The verdict's sensitivity to every numeric input, from the v7 patch's side: 10 trials at each
 * end, or as many as one call's budget allows; null when not even one does (several thousand LPs).
 */
export function sensitivityRequest(K, p) {
  const trials = K.sensitivityTrials(p, K.strategiesFor(p), 10);
  return trials > 0 ? ["sensitivity", p, "on_each_cpu", trials, K.strategiesFor(p)] : null;
}

/** The same scenario with the other order of shutdown and PAMT free. */
export const otherOrderRequest = (K, p) => {
  const q = {...p, tdx: {...p.tdx, pamtOrder: p.tdx.pamtOrder === "free_first" ? "shutdown_first" : "free_first"}};
  return ["compare", q, K.strategiesFor(q), p.trials];
};

/** Scaling's live sweep: the metric shown first, the machine sizes and their runs. */
export const SCALING_METRIC = "callerLatencyNs";
export const scalingPlan = (K, p) => K.planSweep(p, "machine.coresPerSocket", [1, 4, 16, 64, 256, 1024], K.STRATEGIES, 10);
export const scalingRequest = (K, p, metric, plan = scalingPlan(K, p)) =>
  ["sweep", p, "machine.coresPerSocket", plan.values, {strategies: K.STRATEGIES, trials: plan.trials, metrics: [metric]}];

/** Mechanisms: one run per strategy with its critical path (the opening prose and the critical-path figure). */
export const runsRequest = (K, p) => ["simulate", p, K.strategiesFor(p), {criticalPath: true}];
/** The same machine and draw with every idle CPU in C1, the shallowest state: the mechanism's cost apart from the idle state's. */
export const c1Scenario = (K, p) => K.params({...p, machine: {...p.machine, idleCState: "C1"}});
export const C1_STRATEGIES = ["on_each_cpu", "schedule_on_each_cpu", "stop_machine"];
export const c1Request = (K, p) => ["simulate", c1Scenario(K, p), C1_STRATEGIES, {criticalPath: true}];
/** Mechanisms' lanes: the strategies chosen (by default C1_STRATEGIES), the lanes drawn, every CPU's start. */
export const LANES = 12;
export const lanesRequest = (K, p, chosen = C1_STRATEGIES) => ["simulate", p, chosen, {timeline: true, lanes: LANES, perCpu: true}];

/** What shutdown does: one run of every strategy, for CPU time against the store doing nothing records. */
export const storeRunsRequest = (K, p) => ["simulate", p, K.STRATEGIES, {}];

/** Each page's requests for a scenario, as the build prefills them. */
export const PAGE_REQUESTS = {
  index: (K, p) => [compareRequest(K, p)],
  shutdown: (K, p) => [compareRequest(K, p), storeRunsRequest(K, p)],
  mechanisms: (K, p) => [compareRequest(K, p), runsRequest(K, p), c1Request(K, p), lanesRequest(K, p)],
  scaling: (K, p) => [compareRequest(K, p), scalingRequest(K, p, SCALING_METRIC)],
  "all-cpus": (K, p) => [compareRequest(K, p), disturbanceRequest(K, p)],
  "cost-benefit": (K, p) => [compareRequest(K, p), sensitivityRequest(K, p), otherOrderRequest(K, p)].filter((r) => r !== null),
  calibrate: (K, p) => [compareRequest(K, p)]
};
