/**
 * The kernel in one warm Web Worker per page: Monte Carlo, sweeps and
 * sensitivity run here, off the main thread, and the worker stays up across
 * changes so the kernel stays compiled (a fresh worker costs 30-55 ms to
 * start and runs the kernel cold, 3-10x slower). Bundled with the kernel
 * into docs/lib/kernel-worker.js (scripts/bundle-kernel), driven by
 * docs/components/compute.js.
 *
 * Messages in: {id, fn, args} starts a job, {cancel: id} drops one,
 * {warm: true} runs a small job unasked (no reply) if nothing is queued.
 * Messages out, per job: {id, result, trials, of, final, busyMs} for each pass (a
 * quick preview with fewer trials, then the requested run, which continues
 * the preview's trials), then nothing more; or {id, error}. A cancelled job
 * ends without a reply: the page has already settled it.
 *
 * The jobs themselves are in ./jobs.ts (the build drains the same ones).
 * Jobs run in slices of about SLICE_MS, shortest (estimated kernel work)
 * first, and the worker returns to its event loop between slices: a cancel
 * or a newer job is seen within one slice, and a quick figure never waits
 * for a slow one (the sensitivity analysis runs after the page's compare).
 * Arguments arrive validated by the page (parameterPanel parses them), so
 * nothing is parsed again here.
 */
import { STRATEGIES, params } from "../../src/mod.ts";
import { type Job, JOBS, finalPass } from "./jobs.ts";

/** Longest stretch of kernel work between two looks at the message queue. */
const SLICE_MS = 8;

declare const self: { onmessage: (e: { data: { id: number; fn: string; args: unknown[] } | { cancel: number } | { warm: true } }) => void; postMessage: (m: unknown) => void };

/** A page painted from the build warms its worker when idle: a small compare compiles the kernel's hot paths. */
const WARM_UP = () => finalPass("compare", [params({ preset: "tiny-4", trials: 3 }), STRATEGIES, 3]);

const queue: { id: number; job: Job; busyMs: number }[] = [];
let running = false;

self.onmessage = (e) => {
  const m = e.data;
  if ("warm" in m) {
    if (!running && !queue.length) WARM_UP();
    return;
  }
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
