// Run a kernel function in a Web Worker and get a Promise of its result.
// One worker per channel; a new request on a channel ends the one in flight,
// so dragging a slider never queues stale work.
//
// A superseded request's Promise REJECTS (with an AbortError) rather than
// staying pending: Observable's runtime chains a cell's next computation on
// its previous promise ("wait for the previous definition to compute before
// recomputing"), so a promise that never settles would freeze that cell, and
// every cell below it, for good. The runtime ignores the rejection of a
// computation it has already replaced, so nothing is shown for it.

const channels = new Map();
let nextId = 0;

/** The error a superseded request rejects with. */
export function isSuperseded(error) {
  return error?.name === "AbortError";
}

/**
 * compute(workerUrl, channel, fn, ...args): workerUrl is the URL of
 * lib/kernel-worker.js (from FileAttachment(...).href); fn is one of
 * compare, monteCarloAll, sensitivity, simulateAll, sweep.
 */
export function compute(workerUrl, channel, fn, ...args) {
  channels.get(channel)?.cancel();
  const worker = new Worker(workerUrl, { type: "module" });
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const done = () => {
      if (channels.get(channel)?.id === id) channels.delete(channel);
      worker.terminate();
    };
    channels.set(channel, {
      id,
      cancel() {
        done();
        const error = new Error(`${fn} on channel ${channel} was superseded by a newer request`);
        error.name = "AbortError";
        reject(error);
      },
    });
    worker.onmessage = (e) => {
      if (e.data.id !== id) return;
      done();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve(e.data.result);
    };
    worker.onerror = (e) => {
      done();
      reject(new Error(e.message || "kernel worker failed"));
    };
    worker.postMessage({ id, fn, args });
  });
}
