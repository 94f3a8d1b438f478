/**
 * Time from a control change to the updated figure, in Debian's Chromium,
 * against the built site (run `npm run build` first).
 *
 *   npx tsx scripts/measure-interaction.ts [--n 15] [--dir dist] [--cpu 4] [--pages /index,/mechanisms]
 *
 * For every page with a parameter panel: set its driving control (the first
 * of test/support/page-tools.ts DRIVERS it shows) alternately to two valid
 * values, N times. In the page, performance.now() is read just before the
 * `input` event is dispatched on the control; a MutationObserver notes when
 * the first and the last new <figure class="tdx-figure"> enter the DOM, and
 * a requestAnimationFrame + setTimeout(0) after the first one approximates
 * its paint. A run ends when no kernel worker is left and the DOM has been
 * quiet for 500 ms (that wait is not counted). Reports medians and p90s in ms.
 * --cpu N slows the CPU N times (Chrome DevTools throttling), to approximate
 * a slower reader's machine.
 */
import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { parseArgs } from "node:util";
import { launchChromium } from "../test/support/chromium.ts";
import { serveStatic } from "../test/support/static-server.ts";
import { pageFile, pages } from "../test/support/site.ts";
import { QUIESCENCE, driverOf, numberBox, otherValue, settle } from "../test/support/page-tools.ts";
import { quantileSorted } from "../src/mod.ts";

const { values: args } = parseArgs({
  options: {
    n: { type: "string", default: "15" },
    dir: { type: "string", default: "dist" },
    cpu: { type: "string", default: "1" },
    pages: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const N = Number(args.n);
if (!existsSync(`${args.dir}/index.html`)) {
  console.error(`${args.dir}/index.html is missing: run npm run build first`);
  process.exit(2);
}

interface Sample { inputMs: number; firstMs: number | null; paintMs: number | null; lastMs: number | null; figures: number; timeout: boolean }

/**
 * In the page: change one control and time the figures' replacement. A string,
 * not a function: tsx's esbuild would add helpers (__name) the page lacks.
 */
const MEASURE = `async ([path, value]) => {
  const box = document.querySelector(\`.parameter-panel [data-path="\${path}"] input[type=number]\`);
  let first = null, paint = null, last = null, figures = 0;
  const observer = new MutationObserver((records) => {
    const t = performance.now() - t0;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        const added = n.matches("figure.tdx-figure") ? 1 : n.querySelectorAll("figure.tdx-figure").length;
        if (!added) continue;
        figures += added;
        last = t;
        if (first === null) {
          first = t;
          requestAnimationFrame(() => setTimeout(() => { paint = performance.now() - t0; }, 0));
        }
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  const t0 = performance.now();
  box.value = String(value);
  box.dispatchEvent(new Event("input", { bubbles: true }));
  const inputMs = performance.now() - t0; // the panel's synchronous work: validation, URL, event
  return new Promise((resolve) => {
    const poll = () => {
      const now = performance.now();
      const quiet = window.__workers === 0 && now - window.__lastMutation > 500 && (first === null || paint !== null);
      if (quiet || now - t0 > 30000) {
        observer.disconnect();
        resolve({ inputMs, firstMs: first, paintMs: paint, lastMs: last, figures, timeout: !quiet });
      } else setTimeout(poll, 25);
    };
    setTimeout(poll, 25);
  });
}`;

/** page.evaluate of MEASURE with its arguments. */
const measure = (page: Page, path: string, value: number) => page.evaluate(`(${MEASURE})(${JSON.stringify([path, value])})`) as Promise<Sample>;

const median = (xs: number[]) => quantileSorted(Float64Array.from(xs).sort(), 0.5);
const p90 = (xs: number[]) => quantileSorted(Float64Array.from(xs).sort(), 0.9);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(8) : "       –");

const server = await serveStatic(args.dir);
const browser = await launchChromium();
const results: Record<string, unknown>[] = [];
try {
  const list = args.pages ? args.pages.split(",") : await pages();
  if (!args.json) {
    console.log(`Chromium ${browser.version()}, ${N} changes per page, CPU slowdown ×${args.cpu}; times in ms from the input event`);
    console.log(`${"page".padEnd(14)} ${"control".padEnd(18)} ${"input".padStart(8)} ${"1st fig".padStart(8)} ${"painted".padStart(8)} ${"p90".padStart(8)} ${"last fig".padStart(8)} figs`);
  }
  for (const path of list) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    if (Number(args.cpu) > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: Number(args.cpu) });
    }
    await page.addInitScript(QUIESCENCE);
    await page.goto(new URL(`./${pageFile(path)}`, server.url).href, { waitUntil: "networkidle" });
    await settle(page);
    const driver = await driverOf(page);
    if (!driver) { await page.close(); continue; }
    const box = await numberBox(page, driver);
    const a = Number(await box.inputValue());
    const b = otherValue(driver, a);
    await measure(page, driver, b); // warm-up (JIT, first worker)
    await settle(page);
    const samples: Sample[] = [];
    for (let i = 0; i < N; i++) {
      samples.push(await measure(page, driver, i % 2 === 0 ? a : b));
    }
    const ok = samples.filter((s) => s.firstMs !== null && !s.timeout);
    const row = {
      page: path,
      control: driver,
      n: samples.length,
      updated: ok.length,
      inputMs: median(samples.map((s) => s.inputMs)),
      firstFigureMs: median(ok.map((s) => s.firstMs!)),
      paintedMs: median(ok.map((s) => s.paintMs ?? NaN).filter(Number.isFinite)),
      paintedP90Ms: p90(ok.map((s) => s.paintMs ?? NaN).filter(Number.isFinite)),
      lastFigureMs: median(ok.map((s) => s.lastMs!)),
      figuresReplaced: median(ok.map((s) => s.figures)),
    };
    results.push(row);
    if (!args.json) {
      console.log(`${path.padEnd(14)} ${driver.padEnd(18)} ${ms(row.inputMs)} ${ms(row.firstFigureMs)} ${ms(row.paintedMs)} ${ms(row.paintedP90Ms)} ${ms(row.lastFigureMs)} ${row.figuresReplaced}${row.updated < row.n ? `  (${row.n - row.updated} of ${row.n} changes replaced no figure)` : ""}`);
    }
    await page.close();
  }
  if (args.json) console.log(JSON.stringify(results, null, 1));
} finally {
  await browser.close();
  await server.close();
}
