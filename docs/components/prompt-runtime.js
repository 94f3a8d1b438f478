// Cells recompute on the next task after an input, not at the next animation
// frame. Observable's runtime batches every recomputation into a
// requestAnimationFrame (runtime_computeSoon, @observablehq/runtime
// src/runtime.js), so in a browser drawing at 60 Hz a change waited up to
// 17 ms before any cell, and so any worker request, started; the figures
// are painted at a frame either way. (Headless Chromium draws a frame as
// soon as one is asked for, so npm run measure does not see this wait.)
// Not a microtask: cells that compute on the main thread (Mechanisms) would
// then delay the paint of the value just typed. A MessageChannel task still
// lets the input's own handlers finish and batches the changes of one task,
// as the frame did for one frame. The runtime defines _computeSoon on its prototype
// as writable and configurable; the page's runtime is an instance of the
// Runtime this import resolves to (Framework's client imports the same file).
import { Runtime } from "observablehq:runtime";

const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();

/** The next task: a message to ourselves (setTimeout may be clamped to 4 ms). */
function nextTask() {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}

Runtime.prototype._computeSoon = function computeOnNextTask() {
  return nextTask().then(() => (this._disposed ? undefined : this._computeNow()));
};

/**
 * Run fn once the cells that this task's changes recompute have run (and
 * posted their worker requests): the runtime's task is queued when the
 * change's microtasks end, so two hops on the same port land after it.
 * For work no figure waits for (the address bar), done while the worker computes.
 */
export function afterCompute(fn) {
  nextTask().then(nextTask).then(fn);
}
