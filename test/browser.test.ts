/**
 * The built site in Debian's Chromium: every page loads cleanly and stays on
 * its origin, its live cells say what the build's copies said, its layout
 * holds at 1280x800 in light and dark; on every page with a parameter panel a control
 * changes a figure and the URL, and that URL restores the same figures in a
 * new page; bad URL values are reported as text, never injected; the
 * keyboard alone works. Every page is loaded once at the default scenario
 * and those loads are shared by the tests that read them. Screenshots of
 * every page go to screenshots/layout/ for review.
 *
 * The page list comes from observablehq.config.ts, so new pages are covered
 * without touching this file.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { parseHTML } from "linkedom";
import { hasChromium, launchChromium } from "./support/chromium.ts";
import { serveStatic } from "./support/static-server.ts";
import { buildSite, pageFile, pages } from "./support/site.ts";
import { PAGES, watch, commitNumber, driverOf, mark, numberBox, otherValue, pool, settle } from "./support/page-tools.ts";
import { layoutProblems, layoutShot } from "./support/layout.ts";
import { DEFAULT_PRESET, PRESETS, concurrencyOf, formatNs, getPath, presetParams, simulateAll } from "../src/mod.ts";
import { PAGE_REQUESTS } from "../docs/components/requests.js";

/** The build's copies in a built page (scripts/prerender.mjs), by cell: text and image labels of the copy for a wide window. */
function copiesOf(html: string): Record<string, { text: string; images: string[] }> {
  const { document } = parseHTML(html);
  const out: Record<string, { text: string; images: string[] }> = {};
  for (const el of Array.from(document.querySelectorAll("observablehq-loading[data-prerendered]"))) {
    const id = (el.nextSibling as Comment).data.slice(1, -1);
    const copy = el.querySelector(".pre:not(.pre-narrow)")!;
    out[id] = { text: (copy.textContent ?? "").replace(/\s+/g, " ").trim(), images: Array.from(copy.querySelectorAll("[role=img]"), (e) => e.getAttribute("aria-label") ?? "") };
  }
  return out;
}

interface Log { errors: string[]; offOrigin: string[]; requests: string[]; dialogs: string[] }
const newLog = (): Log => ({ errors: [], offOrigin: [], requests: [], dialogs: [] });

describe.skipIf(!hasChromium)("the site in Chromium", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let paths: string[];
  let siteDir: string;
  /** Each page's load at the default scenario, shared by the tests that only read it (the last one changes it). */
  const visits = new Map<string, { page: Page; log: Log; requests: string[] }>();

  beforeAll(async () => {
    const site = buildSite();
    siteDir = site.dir;
    server = await serveStatic(site.dir);
    browser = await launchChromium();
    paths = await pages();
    mkdirSync("screenshots/layout", { recursive: true });
    // Every page at the default scenario, once, in a 1280x800 light window: the next four tests read these loads.
    // Each figure drawn live, so that what it shows can be held against the build's copy of it.
    await pool(paths, PAGES, async (path) => {
      const log = newLog();
      const page = await open(`./${pageFile(path)}`, log, { width: 1280, height: 800 }, { live: true });
      visits.set(path, { page, log, requests: [...log.requests] });
    });
  }, 1_200_000);
  afterAll(async () => {
    for (const v of visits.values()) await v.page.close();
    await browser?.close();
    await server?.close();
  });

  /** Open a page, log everything that goes wrong, and wait until every cell has settled. */
  async function open(path: string, log: Log = newLog(), viewport = { width: 1280, height: 900 }, { live = false } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport });
    // Every figure drawn by its cell, none taken from the build's copies (figure() in docs/components/figure.js).
    if (live) await page.addInitScript("globalThis.TDX_RENDER_LIVE = true");
    page.on("console", (m) => { if (m.type() === "error") log.errors.push(m.text()); });
    page.on("pageerror", (e) => log.errors.push(e.message));
    page.on("requestfailed", (r) => log.errors.push(`request failed: ${r.url()}`));
    page.on("response", (r) => { if (r.status() >= 400) log.errors.push(`${r.status()} ${r.url()}`); });
    page.on("request", (r) => {
      log.requests.push(r.url());
      if (!/^(blob|data):/.test(r.url()) && !r.url().startsWith(server.url)) log.offOrigin.push(r.url());
    });
    page.on("dialog", (d) => { log.dialogs.push(d.message()); void d.dismiss(); });
    await watch(page);
    await page.goto(new URL(path, server.url).href, { waitUntil: "load" });
    await settle(page);
    return page;
  }

  /** What every figure on the page shows: its text alternative and the text drawn in the chart. */
  const figures = (page: Page) =>
    page.locator("figure.tdx-figure [role=img]").evaluateAll((els) => els.map((el) => `${el.getAttribute("aria-label")}\n${el.textContent}`));

  const figureText = (page: Page, title: string) =>
    page.locator("figure.tdx-figure", { has: page.locator("h3", { hasText: title }) }).first().locator("[role=img]").first().getAttribute("aria-label"); // a faceted figure labels each of its charts alike

  /** Press Tab (or Shift+Tab) until the focused element passes the test; false if it never does. */
  async function tabUntil(page: Page, test: string, { back = false, max = 300 } = {}): Promise<boolean> {
    const focused = () => page.evaluate((src) => new Function("el", `return (${src})(el)`)(document.activeElement) as boolean, test);
    for (let i = 0; i < max; i++) {
      if (await focused()) return true;
      await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    }
    return focused();
  }

  it("runs in the run's one shared Chromium, which outlives this suite's connection", async () => {
    // chromium-server.ts (vitest globalSetup) starts it; a suite that launched its own would cost a start per suite.
    const endpoint = inject("chromiumEndpoint");
    expect(endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    const second = await chromium.connect(endpoint);
    expect(second.version()).toBe(browser.version()); // the same browser build behind the endpoint
    await second.close(); // disconnects only: the suite's own connection and the browser stay
    expect(browser.isConnected()).toBe(true);
    const page = await browser.newPage();
    expect(await page.evaluate(() => navigator.userAgent)).toContain("Chrome/");
    await page.close();
  });

  it("loads every page with no console error, no cell error and no request off the origin; the live cells show what the build's copies showed", async () => {
    expect(paths.length).toBeGreaterThan(1);
    for (const path of paths) {
      const { page, log } = visits.get(path)!;
      const copies = copiesOf(readFileSync(join(siteDir, pageFile(path)), "utf-8"));
      // Every copy was replaced by its cell's live output (settle() waits for no <observablehq-loading>), and says the same.
      const live = await page.evaluate((ids) => {
        const out: Record<string, { text: string; images: string[] }> = {};
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const id = (n as Comment).data.slice(1, -1);
          if (!ids.includes(id)) continue;
          const nodes = ((n as unknown as { _nodes?: Node[] })._nodes ?? []);
          const images = nodes.flatMap((x) => (x instanceof Element ? Array.from(x.querySelectorAll("[role=img]"), (e) => e.getAttribute("aria-label") ?? "") : []));
          out[id] = { text: nodes.map((x) => x.textContent).join("").replace(/\s+/g, " ").trim(), images };
        }
        return out;
      }, Object.keys(copies));
      expect(live, `${path}: the live cells, against the build's copies`).toEqual(copies);
      expect(await page.locator("figure.tdx-figure[data-from]").count(), `${path}: every figure drawn live, none taken from its copy`).toBe(0);
      const cellErrors = await page.locator(".observablehq--error").allTextContents();
      expect(log.errors, path).toEqual([]); // includes 4xx responses and failed requests
      expect(cellErrors, path).toEqual([]);
      expect(log.offOrigin, path).toEqual([]);
      expect(log.dialogs, path).toEqual([]);
      expect(log.requests.length, `${path} made requests`).toBeGreaterThan(0);
      // Your machine draws its figures from a reader's trace (tested below): it has none until one is read.
      if (path !== "/calibrate") expect(await page.locator("figure.tdx-figure").count(), `${path} has figures`).toBeGreaterThan(0);
    }
  }, 60_000);

  for (const scheme of ["light", "dark"] as const) {
    it(`${scheme} (1280x800): nothing overflows, overlaps or vanishes, and the answer comes first (phone: test/layout.test.ts)`, async () => {
      const found: string[] = [];
      for (const path of paths) {
        const { page } = visits.get(path)!;
        // The reader's theme changes under a loaded page as it does when their system's does.
        await page.emulateMedia({ colorScheme: scheme });
        for (const p of await layoutProblems(page, false)) found.push(`${path}: ${p}`);
        await page.screenshot({ path: layoutShot(path, scheme), fullPage: true });
      }
      expect(found).toEqual([]);
    }, 120_000);
  }

  it("a burst of changes (a dragged slider) ends on the last value, also for figures computed in a worker", async () => {
    const page = await open("./index.html?preset=emr-2s");
    // Resolves with the page's clock at the last change: the figures change after it.
    const last = await page.evaluate(() => new Promise<number>((resolve) => {
      // The slider itself (its number box commits only on change).
      const box = document.querySelector<HTMLInputElement>('.parameter-panel [data-path="machine.sockets"] input[type=range]')!;
      [3, 4, 5, 6, 1].forEach((v, i, all) => setTimeout(() => {
        box.value = String(v);
        box.dispatchEvent(new Event("input", { bubbles: true }));
        if (i === all.length - 1) resolve(performance.now());
      }, i * 15));
    }));
    await settle(page, { since: last });
    expect(new URL(page.url()).searchParams.get("machine.sockets")).toBe("1");
    const burst = await figures(page);
    const fresh = await open(page.url());
    expect(burst).toEqual(await figures(fresh));
    expect(await page.locator(".observablehq--error").count()).toBe(0);
    await page.close();
    await fresh.close();
  }, 120_000);

  it("one warm worker serves every change, and a heavy figure shows a labelled first pass before the requested run", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await watch(page);
    // Count workers started, and keep every caption the live sweep shows.
    await page.addInitScript(`(() => {
      window.__workersMade = 0;
      const Native = window.Worker;
      window.Worker = class extends Native { constructor(...a) { super(...a); window.__workersMade++; } };
      window.__captions = [];
      new MutationObserver(() => {
        for (const f of document.querySelectorAll("figure.tdx-figure")) {
          const h = f.querySelector("h3")?.textContent ?? "";
          const c = f.querySelector("figcaption")?.textContent ?? "";
          if (h.endsWith("for your scenario") && window.__captions.at(-1) !== c) window.__captions.push(c);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    })();`);
    // Eight sockets: a sweep heavy enough to get a first pass.
    await page.goto(new URL("./scaling.html?preset=emr-2s&machine.sockets=8", server.url).href, { waitUntil: "load" });
    await settle(page);
    const made = await page.evaluate(() => (window as unknown as { __workersMade: number }).__workersMade);
    expect(made).toBe(1);
    for (const v of [500, 700, 900]) {
      const t = await mark(page);
      const box = await numberBox(page, "costs.hardirqNs");
      await box.fill(String(v));
      await box.press("Enter");
      await settle(page, { since: t });
    }
    expect(await page.evaluate(() => (window as unknown as { __workersMade: number }).__workersMade)).toBe(made); // no new worker per change
    const captions = await page.evaluate(() => (window as unknown as { __captions: string[] }).__captions);
    const previews = captions.filter((c) => /Median of \d+ runs per point \(a first pass; \d+ on the way\)/.test(c));
    expect(previews.length).toBeGreaterThanOrEqual(4); // the load and each of the three changes
    const final = await page.locator("figure.tdx-figure", { hasText: "for your scenario" }).locator("figcaption").textContent();
    expect(final).not.toContain("first pass");
    expect(final).toMatch(/Median of \d+ runs per point,/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("on a preset's scenario every page paints from the build, and the build's results are the worker's, byte for byte", async () => {
    const dir = join(siteDir, "_file/data/prefill");
    const files = readdirSync(dir);
    const fileOf = (preset: string) => files.find((f) => f.startsWith(`${preset}.`));
    for (const preset of PRESETS) expect(fileOf(preset.id), preset.id).toBeDefined(); // docs/components/prefill.js lists every preset
    const worker = readdirSync(join(siteDir, "_file/lib")).find((f) => f.startsWith("kernel-worker."))!;
    // The default scenario: the shared loads (their requests as they were on load); the largest preset: a load each.
    await pool(paths.flatMap((path) => ["", "?preset=gnr-2s"].map((query) => [path, query] as const)), PAGES, async ([path, query]) => {
      const log = newLog();
      const page = query ? await open(`./${pageFile(path)}${query}`, log) : visits.get(path)!.page;
      const requests = query ? log.requests : visits.get(path)!.requests;
      // The data it reads on load was asked for with the modules (scripts/preload-data.mjs), once: a
      // preload the page's fetch() did not take (another mode or URL) would be a second request.
      const data = requests.filter((u) => /\/_file\/(data|lib)\/.*\.json$/.test(new URL(u).pathname));
      const preloaded = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]'), (l) => l.href));
      for (const u of new Set(data)) {
        expect(data.filter((d) => d === u).length, `${path}${query}: ${u}`).toBe(1);
        expect(preloaded, `${path}${query}: ${u}`).toContain(u);
      }
      const prefills = data.filter((u) => u.includes("/_file/data/prefill/"));
      // The link's preset on a page with the parameter panel; a page without one (Your machine) answers for the default.
      const followsLink = (await page.locator(".parameter-panel").count()) > 0;
      if (prefills.length) expect(prefills.map((u) => u.split("/").pop()!.split(".")[0]), path + query).toEqual([query && followsLink ? "gnr-2s" : DEFAULT_PRESET]);
      const counts = await page.evaluate(() => [Number(document.documentElement.dataset.kernelPrefilled ?? 0), Number(document.documentElement.dataset.kernelComputed ?? 0)]);
      // A page that runs the kernel asks nothing of its worker; any other page runs no kernel job.
      if (path.slice(1) in PAGE_REQUESTS) {
        expect(counts[0], path + query).toBeGreaterThan(0);
        expect(counts[1], path + query).toBe(0);
      } else expect(counts, path + query).toEqual([0, 0]);
      if (query) await page.close();
    });
    // Recomputed by the page's own worker in Chromium: every request of the default preset, and
    // each other preset's first (the verdict's compare, which most pages send).
    // (In the shared load of a page that runs no kernel itself: only the site's origin is needed.)
    const origin = visits.get("/thread")!.page;
    await pool(PRESETS, PAGES, async (preset) => {
      const mismatches = await origin.evaluate(async ([fileUrl, workerUrl, all]) => {
        const { entries } = await (await fetch(fileUrl)).json();
        const w = new Worker(workerUrl, { type: "module" });
        const out: string[] = [];
        for (const [k, [key, result]] of entries.slice(0, all ? entries.length : 1).entries()) {
          const [fn, ...args] = JSON.parse(key);
          const got = await new Promise((resolve, reject) => {
            w.onmessage = (e) => { if (e.data.error !== undefined) reject(new Error(e.data.error)); else if (e.data.final) resolve(e.data.result); };
            w.postMessage({ id: k, fn, args });
          });
          if (JSON.stringify(got) !== JSON.stringify(result)) out.push(`${fn} #${k}`);
        }
        w.terminate();
        return out;
      }, [new URL(`./_file/data/prefill/${fileOf(preset.id)}`, server.url).href, new URL(`./_file/lib/${worker}`, server.url).href, preset.id === DEFAULT_PRESET] as const);
      expect(mismatches, preset.id).toEqual([]);
    });
  }, 300_000);

  it("on every page with a panel, a control changes a figure and the URL, and the URL restores the same figures", async () => {
    let pagesWithPanels = 0;
    // The last test to use the shared loads: it changes them.
    await pool(paths, PAGES, async (path) => {
      const { page } = visits.get(path)!;
      if ((await page.locator(".parameter-panel").count()) === 0) return;
      pagesWithPanels++;
      const driver = await driverOf(page);
      expect(driver, `${path}: the panel shows a control that drives its figures`).toBeDefined();
      const next = otherValue(driver!, Number(await (await numberBox(page, driver!)).inputValue()));

      const before = await figures(page);
      await commitNumber(page, driver!, next);
      const after = await figures(page);
      expect(after, `${path}: changing ${driver} to ${next} changes a figure`).not.toEqual(before);
      const url = page.url();
      expect(new URL(url).searchParams.get(driver!), `${path}: ${driver} in the URL`).toBe(String(next));
      // The sidebar's links to other pages carry the new scenario (carryToLinks in url-state.js); files' links do not.
      const search = new URL(url).search;
      const hrefs = await page.locator("#observablehq-sidebar a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
      expect(hrefs.length, path).toBeGreaterThan(5);
      for (const href of hrefs) expect(href.endsWith(search), `${path}: ${href} carries ${search}`).toBe(true);
      for (const href of await page.locator("a[download]").evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) expect(href, path).not.toContain(search);

      const again = await open(url);
      expect(await figures(again), `${path}: the URL restores the figures`).toEqual(after);
      expect(Number(await (await numberBox(again, driver!)).inputValue()), `${path}: the URL restores the control`).toBe(next);
      await again.close();
    });
    expect(pagesWithPanels).toBeGreaterThan(0);
  }, 600_000);

  it("an invalid URL value shows a message, falls back to the preset's value for that field only", async () => {
    const page = await open("./mechanisms.html?preset=tiny-4&costs.hardirqNs=-5&costs.ipiDeliveryNs=777");
    const message = page.locator(".panel-messages");
    await expect.poll(() => message.textContent()).toMatch(/costs\.hardirqNs=-5 is invalid \(below the allowed range/);
    const search = new URL(page.url()).searchParams;
    expect(search.get("costs.hardirqNs")).toBeNull(); // back to the preset's value: not written
    expect(search.get("costs.ipiDeliveryNs")).toBe("777"); // the valid field is kept
    expect(Number(await (await numberBox(page, "costs.hardirqNs")).inputValue())).toBe(getPath(presetParams("tiny-4")!, "costs.hardirqNs"));
    expect(Number(await (await numberBox(page, "costs.ipiDeliveryNs")).inputValue())).toBe(777);
    await page.close();
  }, 60_000);

  it("Method's citation never gives an address only this machine can open (the suite serves from 127.0.0.1)", async () => {
    const page = await open("./method.html?preset=gnr-2s#cite");
    const cite = page.locator("[data-reader-address]");
    await expect.poll(async () => (await cite.allTextContents()).join("\n")).toContain("Scenario: preset=gnr-2s.");
    const text = (await cite.allTextContents()).join("\n");
    expect(new URL(page.url()).hostname).toBe("127.0.0.1");
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toMatch(/url\s*=/);
    expect(text).toContain("opened from a local address, which only this machine can open");
    expect(await page.locator(".pre [data-reader-address]").count()).toBe(0); // no build-time copy of it
    await page.close();
  }, 60_000);

  it("marks Peter Zijlstra's picture only on its exact scenario, with the run's own times", async () => {
    const page = await open("./mechanisms.html?preset=peter-3");
    const caption = page.locator("figure", { hasText: "What every CPU does" }).first();
    const run = simulateAll(presetParams("peter-3")!, ["on_each_cpu"])[0];
    await expect.poll(() => caption.textContent()).toContain(`(3) CPU 0 spins on the CSD locks until the last SEAMCALL is done, ${formatNs(run.callerLatencyNs)}`);
    // Whether they ran at the same time is said from their overlap (the kernel's words), not from the start gap.
    expect(await caption.textContent()).toContain(concurrencyOf(run).concurrent ? `up to ${run.maxInFlight} in flight at once` : `one after another, ${formatNs(run.spreadNs)} from first to last start`);
    expect(await caption.locator("g.swimlane-mark text").count()).toBe(3);
    // One field off the scenario: the draw is no longer the one checked, so no marks.
    const box = await numberBox(page, "costs.ipiDeliveryNs");
    await box.fill("999");
    await box.press("Enter");
    await expect.poll(() => caption.textContent()).not.toContain("Peter Zijlstra");
    expect(await caption.locator("g.swimlane-mark text").count()).toBe(0);
    await page.close();
  }, 60_000);

  it("Your machine: a trace is read in the page, with progress, the table and the verdict for the fitted scenario", async () => {
    const page = await open("./calibrate.html");
    await page.getByRole("button", { name: /example trace/ }).click();
    const table = page.locator("table.answers").first();
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toMatch(/IPI delivery/);
    const text = (await table.textContent())!;
    // Every parameter's rows span the five columns (a fragment of several cells would be wrapped in a span and break them).
    const widths = await table.locator("tbody > tr").evaluateAll((rows) => rows.map((r) => Array.from(r.children).reduce((a, c) => a + ((c as HTMLTableCellElement).colSpan || 0), 0)));
    expect(new Set(widths)).toEqual(new Set([5]));
    // The example is the default machine's own runs: the fit gives back its IPI delivery.
    expect(text).toContain(formatNs(presetParams("emr-2s")!.costs.ipiDeliveryNs));
    await expect.poll(() => page.locator("#verdict ~ div table").first().textContent(), { timeout: 30_000 }).toMatch(/fitted to your trace/);
    expect(await page.locator(".trace-status").textContent()).toMatch(/Read example-trace\.txt/);
    // A normal scenario link to the fitted scenario.
    const href = await table.locator("caption a").getAttribute("href");
    expect(href).toMatch(/^\.\/mechanisms\?preset=emr-2s/);
    await page.close();
  }, 120_000);

  it("Your machine: a chosen trace file is read; a dropped one shows progress by bytes and can be cancelled midway", async () => {
    const page = await open("./calibrate.html");
    const status = page.locator(".trace-status");
    const runs = simulateAll(presetParams("tiny-4")!, ["on_each_cpu"], { timeline: true });
    const { exportTraceText } = await import("../src/mod.ts");
    const one = exportTraceText(runs);
    // Through the file picker, as a reader chooses one.
    await page.locator(".drop-zone input[type=file]").setInputFiles({ name: "one-run.txt", mimeType: "text/plain", buffer: Buffer.from(one) });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/Read one-run\.txt/);
    // Dropped on the zone: a large trace, the one run's lines about 150 MB over (2-4 s to read here, far
    // longer than a click takes), made in the page (a file passed from here would cross the browser
    // connection byte by byte: 10 s for this one).
    await page.evaluate(([text, bytes]) => {
      const parts = Array.from({ length: Math.ceil(bytes / text.length) }, () => text);
      const file = new File(parts, "big-trace.txt", { type: "text/plain" });
      const data = new DataTransfer();
      data.items.add(file);
      document.querySelector(".drop-zone")!.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }, [one, 150e6] as const);
    // Progress by bytes shows with the Cancel button; a click on it stops the read.
    await page.getByRole("button", { name: "Cancel" }).click({ timeout: 20_000 });
    expect(await status.textContent()).toMatch(/Reading big-trace\.txt: [\d.]+% of 1\d\d\.\d MB|Cancelled/);
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/Cancelled after [\d.]+ MB: nothing was fitted/);
    await page.close();
  }, 120_000);

  it("never turns a URL value into HTML", async () => {
    for (const payload of [`<img src=x onerror=alert(1)>`, `<img src=x onerror="document.title='pwned'">`]) {
      const evil = encodeURIComponent(payload);
      const log = newLog();
      const page = await open(`./index.html?costs.hardirqNs=${evil}&${evil}=1&preset=${evil}`, log);
      const message = page.locator(".panel-messages");
      await expect.poll(() => message.textContent()).toContain("<img src=x");
      expect(await page.locator("img[src=x], img[onerror]").count()).toBe(0);
      expect(await page.title()).not.toBe("pwned");
      expect(log.dialogs).toEqual([]);
      expect(log.requests.filter((u) => new URL(u).pathname.endsWith("/x"))).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it("the keyboard alone operates the controls (Tab, arrows, space, Enter)", async () => {
    const page = await open("./mechanisms.html?preset=tiny-4");
    const title = "What every CPU does during one shutdown";
    const start = await figureText(page, title);

    // Preset selector: arrow keys choose another preset.
    expect(await tabUntil(page, `(el) => el?.tagName === "SELECT"`)).toBe(true);
    let t = await mark(page);
    await page.keyboard.press("ArrowUp");
    await settle(page, { since: t });
    const preset = new URL(page.url()).searchParams.get("preset");
    expect(preset).not.toBe("tiny-4");

    // A slider: the right arrow adds one socket.
    const sockets = Number(await (await numberBox(page, "machine.sockets")).inputValue());
    expect(await tabUntil(page, `(el) => el?.type === "range" && !!el.closest('[data-path="machine.sockets"]')`)).toBe(true);
    t = await mark(page);
    await page.keyboard.press("ArrowRight");
    await settle(page, { since: t });
    expect(new URL(page.url()).searchParams.get("machine.sockets")).toBe(String(sockets + 1));

    // A checkbox: the space bar adds the "serial" strategy to the swimlanes.
    expect(await tabUntil(page, `(el) => el?.type === "checkbox" && el.parentElement?.textContent?.trim() === "serial"`)).toBe(true);
    t = await mark(page);
    await page.keyboard.press("Space");
    await settle(page, { since: t });
    expect(await figureText(page, title)).toMatch(/serial: caller returns/);

    // The reset button, reached backwards, and Enter: back to the preset alone.
    expect(await tabUntil(page, `(el) => el?.tagName === "BUTTON" && /reset/i.test(el.textContent)`, { back: true })).toBe(true);
    t = await mark(page);
    await page.keyboard.press("Enter");
    await settle(page, { since: t });
    // The parameters go back to the preset alone; the view (strategies shown) is not a parameter and stays.
    const search = new URL(page.url()).searchParams;
    expect([...search.keys()].filter((k) => !k.startsWith("view."))).toEqual(["preset"]);
    expect(search.get("preset")).toBe(preset);
    expect(search.get("view.strategies")?.split(",")).toContain("serial");
    expect(Number(await (await numberBox(page, "machine.sockets")).inputValue())).toBe(presetParams(preset!)!.machine.sockets);
    expect(await figureText(page, title)).not.toBe(start); // another preset than at the start
    await page.close();
  }, 120_000);

  it("a cold load takes every figure from the build's copies, on a desktop and on a phone; a link to another scenario or a change draws them live", async () => {
    const fromBuild = (page: Page) => page.locator("figure.tdx-figure").evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.from ?? "live"));
    const withFigures = paths.filter((path) => path !== "/calibrate");
    await pool(withFigures.flatMap((path) => [[path, { width: 1280, height: 900 }], [path, { width: 390, height: 844 }]] as const), PAGES, async ([path, viewport]) => {
      const log = newLog();
      const page = await open(`./${pageFile(path)}`, log, viewport);
      const from = await fromBuild(page);
      expect(from.length, `${path} at ${viewport.width} px`).toBeGreaterThan(0);
      expect(from, `${path} at ${viewport.width} px`).toEqual(from.map(() => "build"));
      // A copy's own download links are inert; a taken figure's are the live ones.
      const csv = page.locator("figure.tdx-figure a[download$='.csv']").first();
      await csv.hover();
      expect(await csv.getAttribute("href"), path).toMatch(/^blob:/);
      expect(log.errors, path).toEqual([]);
      await page.close();
    });
    // A figure with Plot's pointer tips is drawn again when the page is idle, in place: its tips then answer.
    const tips = await open("./index.html");
    const tipped = tips.locator("figure.tdx-figure[data-tips=live]");
    await tipped.waitFor({ timeout: 10_000 });
    expect(await tipped.getAttribute("data-from")).toBe("build");
    expect(await tips.locator("figure.tdx-figure").count()).toBe(1); // in place: no second figure
    await tipped.locator("svg [aria-label=dot] circle").first().hover();
    await expect.poll(() => tipped.locator("[aria-label=tip] text").allTextContents().then((t) => t.join(" ")), { timeout: 5_000 }).toMatch(/\S/);
    await tips.close();
    // At another width (no copy was drawn for it), for another scenario and after a change, each figure is drawn.
    const wide = await open("./mechanisms.html", newLog(), { width: 1100, height: 900 });
    expect(await fromBuild(wide)).not.toContain("build");
    await wide.close();
    const other = await open("./mechanisms.html?preset=gnr-2s");
    expect(await fromBuild(other)).not.toContain("build");
    await other.close();
    const page = await open("./mechanisms.html");
    expect(await fromBuild(page)).toContain("build");
    const driver = (await driverOf(page))!;
    await commitNumber(page, driver, otherValue(driver, Number(await (await numberBox(page, driver)).inputValue())));
    expect(await fromBuild(page)).not.toContain("build");
    await page.close();
  }, 600_000);

  it("every figure offers its data as CSV and JSON", async () => {
    const page = await open("./scaling.html");
    const fig = page.locator("figure.tdx-figure").first();
    const csvLink = fig.locator("a[download$='.csv']");
    // A file is written when a reader reaches for its link, not on every redraw.
    expect(await csvLink.getAttribute("href")).toBe("#");
    await csvLink.hover();
    const href = await csvLink.getAttribute("href");
    expect(href).toMatch(/^blob:/);
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv.split("\r\n")[0]).toMatch(/^scenario,strategy,lps,metric,p50/);
    expect(csv.split("\r\n")[0]).toMatch(/,scenario_link$/);
    expect(csv.split("\r\n")[1]).toContain(page.url());
    const jsonLink = fig.locator("a[download$='.json']");
    await jsonLink.focus();
    const json = await page.evaluate(async (u) => (await fetch(u!)).json(), await jsonLink.getAttribute("href"));
    expect(json.rows.length).toBe(csv.trim().split("\r\n").length - 1);
    expect(json.link).toBe(page.url());
    expect(json.scenario.preset).toBeDefined(); // the scenario's parameters travel with the data
    // A plain click (no pointer moved there first) writes the file in time for the browser to follow it.
    const other = page.locator("figure.tdx-figure").nth(1).locator("a[download$='.csv']");
    expect(await other.getAttribute("href")).toBe("#");
    const [download] = await Promise.all([page.waitForEvent("download"), other.evaluate((a: HTMLAnchorElement) => a.click())]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const stream = await download.createReadStream();
    let text = "";
    for await (const chunk of stream) text += chunk;
    expect(text.split("\r\n")[0]).toMatch(/,scenario_link$/);
    // CSV escaping, in the page's own module.
    // (A string, so that vitest does not rewrite the dynamic import.)
    const escaped = await page.evaluate(`(async () => {
      const { toCsv } = await import(document.querySelector("link[rel=modulepreload][href*='components/figure']").href);
      return toCsv([{ a: 'say "hi", then\\nleave', b: 1 }, { b: 2, c: null }]);
    })()`);
    expect(escaped).toBe('a,b,c\r\n"say ""hi"", then\nleave",1,\r\n,2,\r\n');
    await page.close();
  }, 60_000);
  it("the page's runtime recomputes on the next task, not at the next animation frame", async () => {
    // Headless Chromium draws a frame as soon as one is asked for, so the
    // frame's wait cannot be seen here; what can be checked is that the
    // runtime the page's cells run in schedules with the site's function.
    const page = await open("./scaling.html");
    const scheduler = await page.evaluate(`(async () => {
      const { Runtime } = await import(document.querySelector("link[rel=modulepreload][href*='_observablehq/runtime']").href);
      return Runtime.prototype._computeSoon.name;
    })()`);
    expect(scheduler).toBe("computeOnNextTask");
    await page.close();
  }, 60_000);
});
