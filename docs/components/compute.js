// The page's side of its one warm kernel worker (docs/workers/kernel-worker.ts).
//
// kernel(workerUrl) names the worker. A request is first looked up in the
// build's results for its scenario's preset (docs/components/prefill.js,
// fetched once per preset): found there, it is answered from the file, and
// the worker starts only when the reader asks for something else (or when
// the page is idle, to be warm by then).
//
// progressive(kernel, channel, fn, ...args) returns an async iterator of
// results: a quick preview with fewer trials when the full run is slow, then
// the requested run. An Observable cell whose value is this iterator shows
// each result in turn (the runtime pulls generators), and passOf(result)
// says which pass a result is, so captions can say "preview". fn is one of
// compare, sensitivity, sweep (the worker's JOBS).
//
// One request per channel: a newer request on a channel cancels the one in
// flight; the worker drops it between two units of work and keeps running,
// so no change ever pays for a cold start. A superseded request's iterator
// REJECTS (an AbortError) rather than staying pending: Observable's runtime
// chains a cell's next computation on its previous promise, so a promise
// that never settled would freeze that cell, and every cell below it. The
// runtime ignores the rejection of a computation it has already replaced.
// When the runtime drops the cell itself, it calls return(), which cancels.

import {PREFILL} from "./prefill.js";
import {requestKey} from "./requests.js";
import {whenIdle} from "./idle.js";

let worker;
let nextId = 0;
const handlers = new Map(); // job id -> the iterator's message handler
const channels = new Map(); // channel -> job id in flight
const passes = new WeakMap(); // result -> {trials, of, final}
const loading = new Set(); // job ids waiting for the build's file

/** Which pass a result is: {trials, of, final} (final: the requested run; else a preview of `trials` of `of`). */
export function passOf(result) {
  return passes.get(result) ?? {trials: undefined, of: undefined, final: true};
}

/**
 * How many runs a result rests on, for a caption: "30 simulated runs", or
 * for a preview "5 simulated runs (a first pass; 30 on the way)".
 */
export function runsNote(result, noun = "simulated runs") {
  const {trials, of, final} = passOf(result);
  return final ? `${of ?? trials} ${noun}` : `${trials} ${noun} (a first pass; ${of} on the way)`;
}

/** The page's kernel: its worker's URL, and the build's results by preset as they arrive. */
export function kernel(url) {
  return {url, files: new Map()}; // preset -> Promise<Map<key, {result, trials}>>
}

/** The build's results for a preset's default scenario, fetched once per page (an empty map if there is no file). */
function filledFor(kernel, preset) {
  let file = kernel.files.get(preset);
  if (!file) {
    const load = PREFILL[preset];
    file = (load ? load() : Promise.resolve({entries: []}))
      .then(({entries}) => new Map(entries.map(([key, result, trials]) => [key, {result, trials}])), () => new Map());
    kernel.files.set(preset, file);
    file.then((filled) => { if (filled.size) warmWhenIdle(kernel.url); });
  }
  return file;
}

// A page painted from the build still starts its worker, once the main thread is
// idle, so the reader's first change meets a started worker with a compiled kernel.
function warmWhenIdle(url) {
  const start = () => { if (!worker) workerFor(url).postMessage({warm: true}); };
  whenIdle(start, 3000, 1000);
}

// Requests answered from the build and sent to the worker, for tests and npm run measure.
function tally(counter) {
  document.documentElement.dataset[counter] = String(Number(document.documentElement.dataset[counter] ?? 0) + 1);
}

/** The answer from the build: one final pass, then done. */
function fromBuild(hit) {
  let sent = false;
  passes.set(hit.result, {trials: hit.trials, of: hit.trials, final: true, busyMs: 0});
  return {
    next() {
      if (sent) return Promise.resolve({value: undefined, done: true});
      sent = true;
      return Promise.resolve({value: hit.result, done: false});
    },
    return() { sent = true; return Promise.resolve({value: undefined, done: true}); },
    [Symbol.asyncIterator]() { return this; }
  };
}

function workerFor(url) {
  if (worker) return worker;
  worker = new Worker(url, {type: "module"});
  worker.onmessage = (e) => handlers.get(e.data.id)?.(e.data);
  worker.onerror = (e) => {
    // A worker that failed to load or crashed: fail every job, start afresh next time.
    const message = e.message || "kernel worker failed";
    worker.terminate();
    worker = undefined;
    for (const handle of [...handlers.values()]) handle({error: message});
  };
  return worker;
}

// Jobs in flight, for tests and measurements that wait for quiet (data-kernel-jobs on <html>).
function count() {
  document.documentElement.dataset.kernelJobs = String(handlers.size + loading.size);
}

function superseded(fn, channel) {
  const error = new Error(`${fn} on channel ${channel} was superseded by a newer request`);
  error.name = "AbortError";
  return error;
}

export function progressive(kernel, channel, fn, ...args) {
  const previous = channels.get(channel);
  if (previous !== undefined) {
    worker?.postMessage({cancel: previous});
    handlers.get(previous)?.({cancelled: true});
  }
  const id = nextId++;
  channels.set(channel, id);
  // First the build's file for the scenario's preset (fetched once), then the worker.
  let inner = null, closed = false;
  loading.add(id);
  count();
  const ready = filledFor(kernel, args[0]?.preset).then((filled) => {
    loading.delete(id);
    count();
    if (closed) return null;
    if (channels.get(channel) !== id) throw superseded(fn, channel);
    const hit = filled.get(requestKey(fn, args));
    tally(hit ? "kernelPrefilled" : "kernelComputed");
    if (hit) { channels.delete(channel); return (inner = fromBuild(hit)); }
    return (inner = computed(kernel, channel, id, fn, args));
  });
  return {
    next: () => ready.then((it) => (it ? it.next() : {value: undefined, done: true})),
    return() {
      closed = true;
      if (inner) return inner.return();
      if (channels.get(channel) === id) channels.delete(channel);
      return Promise.resolve({value: undefined, done: true});
    },
    [Symbol.asyncIterator]() { return this; }
  };
}

/** The request in the worker: each pass as it comes. */
function computed(kernel, channel, id, fn, args) {
  const w = workerFor(kernel.url);
  const inbox = [];
  let waiting = null;
  let done = false;
  const finish = () => {
    done = true;
    handlers.delete(id);
    if (channels.get(channel) === id) channels.delete(channel);
    count();
  };
  // The handler below has already finished the request on its last message.
  const settle = ({resolve, reject}, m) => {
    if (m.error !== undefined) { reject(new Error(m.error)); return; }
    if (m.cancelled) { reject(superseded(fn, channel)); return; }
    passes.set(m.result, {trials: m.trials, of: m.of, final: m.final, busyMs: m.busyMs});
    // The kernel time of each channel's last run, for npm run measure.
    if (m.final) document.documentElement.setAttribute(`data-kernel-ms-${channel}`, m.busyMs.toFixed(1));
    resolve({value: m.result, done: false});
  };
  handlers.set(id, (m) => {
    // The last message of a request ends it at once (the jobs count drops), even before it is read.
    if (m.final || m.cancelled || m.error !== undefined) finish();
    if (waiting) { const w = waiting; waiting = null; settle(w, m); } else inbox.push(m);
  });
  channels.set(channel, id);
  count();
  w.postMessage({id, fn, args});
  return {
    next() {
      if (inbox.length) return new Promise((resolve, reject) => settle({resolve, reject}, inbox.shift()));
      if (done) return Promise.resolve({value: undefined, done: true});
      return new Promise((resolve, reject) => { waiting = {resolve, reject}; });
    },
    return() {
      if (!done) { worker?.postMessage({cancel: id}); finish(); }
      waiting?.resolve({value: undefined, done: true});
      waiting = null;
      inbox.length = 0;
      return Promise.resolve({value: undefined, done: true});
    },
    [Symbol.asyncIterator]() { return this; }
  };
}
