// Run a kernel function in a Web Worker and get a Promise of its result.
// One worker per channel; a new request on a channel ends the one in flight,
// so dragging a slider never queues stale work. A superseded request's
// Promise never settles: the cell that made it has already re-run.

const channels = new Map();
let nextId = 0;

/**
 * compute(workerUrl, channel, fn, ...args): workerUrl is the URL of
 * lib/kernel-worker.js (from FileAttachment(...).href); fn is one of
 * compare, monteCarloAll, sensitivity, simulateAll, sweep.
 */
export function compute(workerUrl, channel, fn, ...args) {
  const previous = channels.get(channel);
  if (previous) previous.worker.terminate();
  const worker = new Worker(workerUrl, { type: "module" });
  const id = nextId++;
  return new Promise((resolve, reject) => {
    channels.set(channel, { worker });
    worker.onmessage = (e) => {
      if (e.data.id !== id) return;
      channels.delete(channel);
      worker.terminate();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve(e.data.result);
    };
    worker.onerror = (e) => {
      channels.delete(channel);
      worker.terminate();
      reject(new Error(e.message || "kernel worker failed"));
    };
    worker.postMessage({ id, fn, args });
  });
}
