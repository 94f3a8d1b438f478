/**
 * What the browser tests and scripts/measure-interaction.ts need to drive a
 * page of the built site: knowing when it is quiet, and which control to turn.
 */
import type { Page } from "playwright-core";
import { fieldMetaAt } from "../../src/mod.ts";

/**
 * Runs in every page before its own scripts (page.addInitScript): reads the
 * kernel jobs in flight (data-kernel-jobs on <html>, kept by
 * docs/components/compute.js; the worker itself stays up) and records the
 * time of the last DOM change. Framework marks no pending cell,
 * so "quiet" is judged from what the cells do.
 */
export const QUIESCENCE = `(() => {
  window.__lastMutation = performance.now();
  window.__kernelJobs = () => Number(document.documentElement.dataset.kernelJobs ?? 0);
  new MutationObserver(() => { window.__lastMutation = performance.now(); })
    .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`;

/** The page's clock (performance.now()), to pass to settle() as `since` before an interaction. */
export const mark = (page: Page): Promise<number> => page.evaluate(() => performance.now());

/** Requests in flight per page, and when that count last changed (Date.now()), from Playwright's events. */
const traffic = new WeakMap<Page, { inflight: number; changed: number }>();

/**
 * Get a new page ready to be settled: QUIESCENCE before its scripts, and its
 * requests counted as Playwright's own "networkidle" counts them, so that
 * settle() can ask for a short quiet instead of networkidle's fixed 500 ms.
 */
export async function watch(page: Page): Promise<Page> {
  const t = { inflight: 0, changed: Date.now() };
  traffic.set(page, t);
  page.on("request", () => { t.inflight++; t.changed = Date.now(); });
  const done = () => { t.inflight = Math.max(0, t.inflight - 1); t.changed = Date.now(); };
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  await page.addInitScript(QUIESCENCE);
  return page;
}

/**
 * Wait until no request is in flight, no kernel job is in flight, no
 * <observablehq-loading> is left, and neither the DOM nor the network has
 * changed for `quietMs`. With `since` (from mark() before an interaction),
 * first wait for a DOM change after it: a control's own state (value,
 * checked) is no DOM change, so without `since` a slow recomputation that has
 * not touched the DOM yet would look quiet. A page not passed to watch()
 * waits for Playwright's networkidle (500 ms without a request) first.
 */
export async function settle(page: Page, { since, quietMs = 200, timeout = 30_000 }: { since?: number; quietMs?: number; timeout?: number } = {}): Promise<void> {
  const t = traffic.get(page);
  if (!t) await page.waitForLoadState("networkidle");
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.waitForFunction(([after, quiet]) => {
      const w = window as unknown as { __kernelJobs: () => number; __lastMutation: number };
      return w.__lastMutation > after && w.__kernelJobs() === 0 && document.querySelector("observablehq-loading") === null && performance.now() - w.__lastMutation > quiet;
    }, [since ?? -1, quietMs] as const, { timeout: Math.max(1, deadline - Date.now()), polling: 50 });
    if (!t || (t.inflight === 0 && Date.now() - t.changed > quietMs)) return;
    if (Date.now() > deadline) throw new Error(`settle: ${t.inflight} requests still in flight after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Open a page in `browser` (or a context) watched for settle(), load `url` and wait until it settles. */
export async function openSettled(owner: { newPage(): Promise<Page> }, url: string): Promise<Page> {
  const page = await watch(await owner.newPage());
  await page.goto(url, { waitUntil: "load" });
  await settle(page);
  return page;
}

/** Controls tried, in order, to drive a page's figures (the first one its panel shows). */
// A page's driver is the first of these its panel shows. The benefit inputs
// come first: on the dollar pages the machine moves net values by
// micro-dollars, below the display precision, so a change there must not show.
export const DRIVERS = ["benefit.fleetHosts", "machine.sockets", "costs.hardirqNs", "costs.ipiDeliveryNs", "workload.irqOff.probability"];

/** The driver a page's panel shows, or undefined. */
export async function driverOf(page: Page): Promise<string | undefined> {
  const shown = await page.locator(".parameter-panel [data-path]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path!));
  return DRIVERS.find((d) => shown.includes(d));
}

/** A valid value for `path` different from `current` (integers: the minimum, or one above it). */
export function otherValue(path: string, current: number): number {
  const m = fieldMetaAt(path)!;
  if (m.integer) return current !== m.min ? m.min! : m.min! + 1;
  return current > 0 ? Math.min(current * 4, m.max ?? Infinity) : 1;
}

/** The number box of a panel control (Inputs.range and Inputs.number both have one), its section opened. */
export async function numberBox(page: Page, path: string) {
  const control = page.locator(`.parameter-panel [data-path="${path}"]`).first();
  if (await control.count()) await control.evaluate((el) => { const d = el.closest("details"); if (d && !d.open) d.open = true; });
  return control.locator("input[type=number]").first();
}

/**
 * Type a value into a panel control's number box and commit it as a reader
 * does (a number box commits on change: Enter, blur or a stepper, never per
 * keystroke); resolves when the page has settled after it.
 */
export async function commitNumber(page: Page, path: string, value: number): Promise<void> {
  const box = await numberBox(page, path);
  const t = await mark(page);
  await box.fill(String(value));
  await box.dispatchEvent("change");
  await settle(page, { since: t });
}

/**
 * Run `fn` over `items`, `width` at a time, in order of start. Independent
 * pages spend most of their time waiting for quiet (networkidle, quietMs),
 * so two at once roughly halve a suite's wall time on two cores. An error
 * stops new starts and is rethrown once the started ones end.
 */
export async function pool<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try { await fn(items[i], i); } catch (error) { failure ??= error; }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failure !== undefined) throw failure;
}

/** How many pages the browser suites keep open at once (TDX_PAGES overrides). */
export const PAGES = Math.max(1, Number(process.env.TDX_PAGES ?? 2) || 2);
