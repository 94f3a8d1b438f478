// Work that can wait for a quiet main thread (after a page's figures):
// requestIdleCallback where the browser has it, else a short timer (Safari).

/** Run f when the main thread is idle, at most `timeout` ms from now; without requestIdleCallback, after `fallback` ms. */
export function whenIdle(f, timeout, fallback = 200) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(f, { timeout });
  else setTimeout(f, fallback);
}
