/**
 * The kernel jobs a page asks for (compare, sweep, sensitivity, simulate), as steps
 * of work with their passes: a quick preview with fewer trials when the
 * full run is slow, then the requested run. Run in slices by the page's
 * Web Worker (docs/workers/kernel-worker.ts), and drained whole at build
 * time by the prefill loader (docs/data/prefill/[preset].json.ts), so a page
 * painted from the build shows the very bytes its worker would compute.
 * Pure: no DOM, no worker or Node APIs.
 */
import {
  DrawCache, RunsCache, type Metric, type MonteCarloSamples, SENSITIVITY_RUNS, STRATEGIES, type Params, type Steps, type Strategy, compareSamples, mapSteps, monteCarloSamplesSteps,
  type SimulateOptions, sensitivitySteps, setPath, simulateAll, sweepSteps, workOf,
} from "../../src/mod.ts";

/**
 * The machine draws of recent jobs, part by part, across jobs: a change
 * redraws only the parts that read it, and one the draw does not read (most
 * costs, the TDX module) draws nothing (src/draw-cache.ts). Same results as
 * drawing anew.
 */
const draws = new DrawCache();

/**
 * The runs of recent compare and sensitivity jobs: after a change to a
 * benefit or verdict input (samePlay()), both are re-priced without
 * simulating (src/runs-cache.ts). Results are the same as computing anew.
 */
const runs = new RunsCache();

/**
 * Work (kernel work units, src/params/work.ts; CAPS.maxWork, 8.4e6 units, is
 * about 2 s on the 2-core machine npm run bench measures) a preview may
 * take: about 15 ms.
 */
const PREVIEW_WORK = 7.2e4;
/**
 * Only a job above this much work gets a preview (about 100 ms by the same
 * measure). Below it, a preview's own drawing takes the main thread and
 * the second core from the full run and delays it: measured on Scaling (a
 * 33 ms sweep), 56 ms to the last figure without a preview, 66 ms with.
 */
const PREVIEW_ABOVE = 4.8e5;
/** The fewest trials a preview runs (percentiles of fewer say little). */
const PREVIEW_MIN_TRIALS = 3;

export interface Pass { result: unknown; trials: number; of: number; final: boolean }
/** A job: pauses (undefined) between units of kernel work, and a Pass when one is ready. */
export type Job = { steps: Generator<Pass | void, void>; work: number };

/** Trials for a quick first pass, or none when the full run is quick anyway (or the pass would be most of it). */
function previewTrials(workPerTrial: number, trials: number): number[] {
  if (workPerTrial * trials <= PREVIEW_ABOVE) return [];
  const t = Math.max(PREVIEW_MIN_TRIALS, Math.floor(PREVIEW_WORK / Math.max(1, workPerTrial)));
  return 2 * t <= trials ? [t] : [];
}

/**
 * A kernel call that extends its trials (compare, sweep): it
 * yields its own preview on the way (the result of fewer trials, exactly),
 * then continues to the requested count without re-running a trial.
 */
function extending(workPerTrial: number, trials: number, make: (previews: number[]) => Steps<unknown, unknown>): Job {
  const previews = previewTrials(workPerTrial, trials);
  return {
    work: workPerTrial * trials,
    steps: (function* () {
      const steps = make(previews);
      for (;;) {
        const r = steps.next();
        if (r.done) { yield { result: r.value, trials, of: trials, final: true }; return; }
        yield r.value === undefined ? undefined : { result: r.value, trials: previews[0], of: trials, final: false };
      }
    })(),
  };
}

/** A call that cannot extend its trials (sensitivity): a preview run, then the requested one. */
function rerunning(workPerTrial: number, trials: number, run: (t: number) => Steps<unknown>): Job {
  const passes = [...previewTrials(workPerTrial, trials), trials];
  return {
    work: workPerTrial * passes.reduce((a, t) => a + t, 0),
    steps: (function* () {
      for (const t of passes) {
        const result = yield* run(t);
        yield { result, trials: t, of: trials, final: t === trials };
      }
    })(),
  };
}

function compareJob(p: Params, strategies: readonly Strategy[], trials: number): Job {
  const kept = runs.kept(p, strategies, trials);
  const price = (mc: MonteCarloSamples) => compareSamples(p, strategies, mc);
  if (kept) return { work: 0, steps: (function* () { yield { result: price(kept), trials, of: trials, final: true }; })() };
  return extending(workOf(p, strategies, 1), trials, (previews) => mapSteps((function* () {
    const mc = yield* monteCarloSamplesSteps(p, strategies, trials, previews, draws.draw);
    runs.keep(p, strategies, trials, mc);
    return mc;
  })(), price));
}

type SweepArgs = { strategies: readonly Strategy[]; trials: number; metrics?: readonly Metric[] };
export const JOBS: Record<string, (...args: never[]) => Job> = {
  compare: compareJob,
  sweep: (p: Params, path: string, values: readonly (number | string | boolean)[], options: SweepArgs) =>
    extending(values.reduce<number>((a, v) => a + workOf(setPath(p, path, v) as Params, options.strategies, 1), 0), options.trials, (previews) => sweepSteps(p, path, values, { ...options, drawOf: draws.draw }, previews)),
  sensitivity: (p: Params, strategy: Strategy, trials: number, strategies: readonly Strategy[] = STRATEGIES) =>
    rerunning(SENSITIVITY_RUNS * workOf(p, strategies, 1), trials, (t) => sensitivitySteps(p, strategy, t, strategies, draws.draw, runs.samples)),
  // One run per strategy with its lanes or critical path (Mechanisms): one
  // trial's work, in one pass (about 10-30 ms warm at 256 LPs, several times
  // that cold, which is why it is no longer run on the page's main thread).
  simulate: (p: Params, strategies: readonly Strategy[], options: Omit<SimulateOptions, "strategy"> = {}): Job =>
    ({ work: workOf(p, strategies, 1), steps: (function* () { yield { result: simulateAll(p, strategies, options), trials: 1, of: 1, final: true }; })() }),
};

/** A job's final pass (its requested result and trials), every pass run to the end: the prefill loaders. */
export function finalPass(fn: string, args: readonly unknown[]): Pass {
  const job = JOBS[fn];
  if (!job) throw new RangeError(`unknown kernel function ${fn}`);
  const steps = job(...(args as never[])).steps;
  for (;;) {
    const r = steps.next();
    if (r.done) throw new Error(`${fn} ended without its final pass`);
    if (r.value && r.value.final) return r.value;
  }
}

/** A prefill file's content: each request's key (requestKey() of docs/components/requests.js), result and trials. */
export function prefill(requests: readonly (readonly unknown[])[], key: (fn: string, args: readonly unknown[]) => string): { entries: [string, unknown, number][] } {
  const entries: [string, unknown, number][] = [];
  for (const [fn, ...args] of requests) {
    const k = key(fn as string, args);
    if (entries.some((e) => e[0] === k)) continue;
    const pass = finalPass(fn as string, args);
    entries.push([k, pass.result, pass.trials]);
  }
  return { entries };
}
