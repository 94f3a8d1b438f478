/**
 * The kernel in one warm Web Worker per page: Monte Carlo, sweeps and
 * sensitivity run here, off the main thread, and the worker stays up across
 * changes so the kernel stays compiled (a fresh worker costs 30-55 ms to
 * start and runs the kernel cold, 3-10x slower). Bundled with the kernel
 * into docs/lib/kernel-worker.js (scripts/bundle-kernel), driven by
 * docs/components/compute.js.
 *
 * Messages in: {id, fn, args} starts a job, {cancel: id} drops one.
 * Messages out, per job: {id, result, trials, of, final, busyMs} for each pass (a
 * quick preview with fewer trials, then the requested run, which continues
 * the preview's trials), then nothing more; or {id, error}. A cancelled job
 * ends without a reply: the page has already settled it.
 *
 * Jobs run in slices of about SLICE_MS, shortest (estimated kernel work)
 * first, and the worker returns to its event loop between slices: a cancel
 * or a newer job is seen within one slice, and a quick figure never waits
 * for a slow one (the sensitivity analysis runs after the page's compare).
 * Arguments arrive validated by the page (parameterPanel parses them), so
 * nothing is parsed again here.
 */
import {
  DrawCache, type Metric, type MonteCarloSamples, SENSITIVITY_RUNS, STRATEGIES, type Params, type Steps, type Strategy, compareSamples, mapSteps, monteCarloSamplesSteps,
  samePlay, sensitivitySteps, setPath, sweepSteps, workOf,
} from "../../src/mod.ts";

/**
 * The machine draws of recent jobs, part by part, across jobs: a change
 * redraws only the parts that read it, and one the draw does not read (most
 * costs, the TDX module) draws nothing (src/draw-cache.ts). Same results as
 * drawing anew.
 */
const draws = new DrawCache();

/** Longest stretch of kernel work between two looks at the message queue. */
const SLICE_MS = 8;
/**
 * Work (kernel work units, src/params/work.ts; CAPS.maxWork, 1.6e7 units, is
 * about 2 s on the 2-core machine npm run bench measures) a preview may
 * take: about 15 ms.
 */
const PREVIEW_WORK = 1.5e5;
/**
 * Only a job above this much work gets a preview (about 100 ms by the same
 * measure). Below it, a preview's own drawing takes the main thread and
 * the second core from the full run and delays it: measured on Scaling (a
 * 33 ms sweep), 56 ms to the last figure without a preview, 66 ms with.
 */
const PREVIEW_ABOVE = 1e6;
/** The fewest trials a preview runs (percentiles of fewer say little). */
const PREVIEW_MIN_TRIALS = 3;

interface Pass { result: unknown; trials: number; of: number; final: boolean }
/** A job: pauses (undefined) between units of kernel work, and a Pass when one is ready. */
type Job = { steps: Generator<Pass | void, void>; work: number };

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

/**
 * The runs of the last few compare() calls: a change that only re-prices
 * (a benefit or verdict input: samePlay()) reuses them, as sensitivity()
 * does, and answers without simulating. Results are the same as compare()'s.
 */
const RUNS_KEPT = 4;
const runs: { p: Params; strategies: string; trials: number; samples: MonteCarloSamples }[] = [];

function keptRuns(p: Params, strategies: readonly Strategy[], trials: number): MonteCarloSamples | undefined {
  const key = strategies.join();
  return runs.find((r) => r.strategies === key && r.trials === trials && samePlay(r.p, p))?.samples;
}

function keepRuns(p: Params, strategies: readonly Strategy[], trials: number, samples: MonteCarloSamples): void {
  runs.unshift({ p, strategies: strategies.join(), trials, samples });
  runs.length = Math.min(runs.length, RUNS_KEPT);
}

function compareJob(p: Params, strategies: readonly Strategy[], trials: number): Job {
  const kept = keptRuns(p, strategies, trials);
  const price = (mc: MonteCarloSamples) => compareSamples(p, strategies, mc);
  if (kept) return { work: 0, steps: (function* () { yield { result: price(kept), trials, of: trials, final: true }; })() };
  return extending(workOf(p, strategies, 1), trials, (previews) => mapSteps((function* () {
    const mc = yield* monteCarloSamplesSteps(p, strategies, trials, previews, draws.draw);
    keepRuns(p, strategies, trials, mc);
    return mc;
  })(), price));
}

type SweepArgs = { strategies: readonly Strategy[]; trials: number; metrics?: readonly Metric[] };
const JOBS: Record<string, (...args: never[]) => Job> = {
  compare: compareJob,
  sweep: (p: Params, path: string, values: readonly (number | string | boolean)[], options: SweepArgs) =>
    extending(values.reduce<number>((a, v) => a + workOf(setPath(p, path, v) as Params, options.strategies, 1), 0), options.trials, (previews) => sweepSteps(p, path, values, { ...options, drawOf: draws.draw }, previews)),
  sensitivity: (p: Params, strategy: Strategy, trials: number, strategies: readonly Strategy[] = STRATEGIES) =>
    rerunning(SENSITIVITY_RUNS * workOf(p, strategies, 1), trials, (t) => sensitivitySteps(p, strategy, t, strategies, draws.draw)),
};

declare const self: { onmessage: (e: { data: { id: number; fn: string; args: unknown[] } | { cancel: number } }) => void; postMessage: (m: unknown) => void };

const queue: { id: number; job: Job; busyMs: number }[] = [];
let running = false;

self.onmessage = (e) => {
  const m = e.data;
  if ("cancel" in m) {
    // Messages arrive between slices, when every unfinished job is queued.
    // No reply: the page has already settled the job on its side.
    const k = queue.findIndex((j) => j.id === m.cancel);
    if (k >= 0) queue.splice(k, 1);
    return;
  }
  const { id, fn, args } = m;
  const job = JOBS[fn];
  if (!job) { self.postMessage({ id, error: `unknown kernel function ${fn}` }); return; }
  try {
    queue.push({ id, job: job(...(args as never[])), busyMs: 0 });
  } catch (err) {
    self.postMessage({ id, error: message(err) });
    return;
  }
  if (!running) void loop();
};

/** Back to the event loop (a message, not a timer: nested timers are clamped to 4 ms). */
const channel = new MessageChannel();
const pausers: (() => void)[] = [];
channel.port1.onmessage = () => pausers.shift()?.();
const pause = () => new Promise<void>((resolve) => { pausers.push(resolve); channel.port2.postMessage(null); });

async function loop(): Promise<void> {
  running = true;
  while (queue.length) {
    // Shortest job first (ties: the older): a quick figure never waits behind a slow one.
    const next = queue.reduce((best, j, k) => (j.job.work < queue[best].job.work ? k : best), 0);
    const job = queue.splice(next, 1)[0];
    const start = performance.now();
    const until = start + SLICE_MS;
    let finished = false;
    try {
      while (performance.now() < until) {
        const r = job.job.steps.next();
        if (r.done) { finished = true; break; }
        if (r.value) {
          // busyMs: the kernel time the job has taken so far (for npm run measure).
          self.postMessage({ id: job.id, ...r.value, busyMs: job.busyMs + performance.now() - start });
          finished = r.value.final;
          break; // a pass is out: let the page paint it while others run
        }
      }
    } catch (err) {
      self.postMessage({ id: job.id, error: message(err) });
      finished = true;
    }
    job.busyMs += performance.now() - start;
    if (!finished) queue.push(job);
    await pause();
  }
  running = false;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
