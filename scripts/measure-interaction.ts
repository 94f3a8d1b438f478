/**
 * npm run measure: how fast each page answers a control change, and what it
 * weighs, in Debian's Chromium against the built site (npm run build first).
 *
 *   npm run measure -- [--n 15] [--cold-n 4] [--dir dist] [--cpu 4] [--presets emr-2s,gnr-2s] [--pages /index,/scaling] [--json]
 *
 * Cold load (--cold-n loads per page, 0 for none; --n 0 measures only this):
 * see coldLoad() below.
 *
 * Latency. For every page with a parameter panel, on each preset (the
 * default and the largest, gnr-2s): set its driving control (the first of
 * CONTROLS it shows) N times, cycling through distinct valid values around
 * the preset's (no change repeats one of the last four scenarios, which the
 * worker would answer from its kept runs). Costs come before the machine
 * size, so the machine stays the preset's. When that control only
 * re-prices (a benefit input, answered without simulating), the first
 * simulated control shown is measured as well; when no control measured so
 * far changes the machine draw (which the worker keeps across changes that
 * do not), the first one that does. In the page, performance.now() is read just before the
 * `input` event; a MutationObserver notes every <figure class="tdx-figure">
 * that enters the DOM, and a requestAnimationFrame + setTimeout(0) after the
 * last one approximates its paint ("settled"). A change is over when no
 * kernel job is in flight and the DOM has been quiet for 500 ms (not
 * counted). A preview pass (a heavy figure painted first with fewer trials)
 * is one figure; its refinement is another, and the last figure counts.
 * After the figures, the kernel time in the worker of each channel's last
 * run (busyMs, docs/components/compute.js).
 * The live sensitivity on Cost vs benefit is reported on its own: its first
 * paint (the preview) and its refinement; the page's other figures are the
 * "last settled" column.
 *
 * Weight. Every response of a fresh load of each page (after its figures
 * settle), by kind: JS, CSS, data (FileAttachments), in raw and gzip bytes
 * (zlib level 6, what a static server would send).
 *
 * Preset change: on the first preset's page, the panel's preset select set
 * to every other preset in turn (max(N, presets - 1) changes), timed as above.
 *
 * --cpu N slows the CPU N times (DevTools throttling), for a slower reader.
 */
import { existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { parseArgs } from "node:util";
import { launchChromium } from "../test/support/chromium.ts";
import { serveStatic } from "../test/support/static-server.ts";
import { pageFile, pages } from "../test/support/site.ts";
import { QUIESCENCE, numberBox, settle } from "../test/support/page-tools.ts";
import { fieldMetaAt, priceOnly, quantileSorted } from "../src/mod.ts";
import { drawReads } from "../src/machine.ts";

/** The controls tried, in order: a price-only input, then costs, then the machine. */
const CONTROLS = ["benefit.fleetHosts", "costs.hardirqNs", "costs.ipiDeliveryNs", "workload.irqOff.probability", "machine.sockets"];

/** Five distinct valid values of a control around its value a, a first. */
function cycle(path: string, a: number): number[] {
  const m = fieldMetaAt(path)!;
  const lo = m.min ?? -Infinity, hi = m.max ?? Infinity;
  const raw = m.integer ? [a, a - 1, a + 1, a + 2, a + 3, a + 4, a + 5] : a > 0 ? [1, 1.2, 1.4, 1.6, 1.8, 2].map((f) => a * f) : [0, 0.01, 0.02, 0.03, 0.04, 0.05];
  return [...new Set(raw.filter((v) => v >= lo && v <= hi))].slice(0, 5);
}

/**
 * The controls measured on a page: its first driver; the first simulated one
 * if that only re-prices; and the first one the machine draw reads if none
 * of those does (the worker keeps draws across changes that leave them be).
 */
async function driversOf(page: Page): Promise<string[]> {
  const shown = await page.locator(".parameter-panel [data-path]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path!));
  const drivers = CONTROLS.filter((d) => shown.includes(d));
  if (!drivers.length) return [];
  const chosen = priceOnly(drivers[0]) ? [drivers[0], ...drivers.filter((d) => !priceOnly(d)).slice(0, 1)] : [drivers[0]];
  if (!chosen.some(drawReads)) chosen.push(...drivers.filter(drawReads).slice(0, 1));
  return chosen;
}

const { values: args } = parseArgs({
  options: {
    n: { type: "string", default: "15" },
    dir: { type: "string", default: "dist" },
    cpu: { type: "string", default: "1" },
    presets: { type: "string", default: "emr-2s,gnr-2s" },
    pages: { type: "string" },
    "cold-n": { type: "string", default: "4" },
    json: { type: "boolean", default: false },
  },
});
const N = Number(args.n);
if (!existsSync(`${args.dir}/index.html`)) {
  console.error(`${args.dir}/index.html is missing: run npm run build first`);
  process.exit(2);
}

/** Figures whose refinement is reported apart (by their title's start). */
const APART = "Sensitivity of the verdict, your scenario";

interface Sample { kernelMs: Record<string, number>; inputMs: number; figures: { title: string; at: number }[]; settledMs: number | null; apartFirstMs: number | null; apartLastMs: number | null; timeout: boolean }

/**
 * In the page: change one control and time the figures' replacement. A string,
 * not a function: tsx's esbuild would add helpers (__name) the page lacks.
 */
const MEASURE = `async ([path, value, apart]) => {
  // "preset": the panel's preset select (an input event, as Inputs.select sends); else a number box.
  const box = path === "preset" ? document.querySelector(".parameter-panel .wide-select select") : document.querySelector(\`.parameter-panel [data-path="\${path}"] input[type=number]\`);
  const figures = [];
  let settled = null, pending = 0;
  const paintAfter = (set) => { pending++; requestAnimationFrame(() => setTimeout(() => { set(performance.now() - t0); pending--; }, 0)); };
  let apartFirst = null, apartLast = null;
  const observer = new MutationObserver((records) => {
    const t = performance.now() - t0;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        const found = n.matches("figure.tdx-figure") ? [n] : [...n.querySelectorAll("figure.tdx-figure")];
        for (const f of found) {
          const title = f.querySelector("h3")?.textContent ?? "";
          figures.push({ title, at: t });
          if (title.startsWith(apart)) {
            if (apartFirst === null) paintAfter((x) => { apartFirst = x; });
            paintAfter((x) => { apartLast = x; });
          } else {
            paintAfter((x) => { settled = x; });
          }
        }
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  const t0 = performance.now();
  box.value = String(value);
  box.dispatchEvent(new Event(path === "preset" ? "input" : "change", { bubbles: true })); // a number box commits on change
  const inputMs = performance.now() - t0; // the panel's synchronous work: validation, URL, event
  return new Promise((resolve) => {
    const poll = () => {
      const now = performance.now();
      const quiet = window.__kernelJobs() === 0 && now - window.__lastMutation > 500 && pending === 0;
      if (quiet || now - t0 > 30000) {
        observer.disconnect();
        const kernelMs = Object.fromEntries([...document.documentElement.attributes].filter((a) => a.name.startsWith("data-kernel-ms-")).map((a) => [a.name.slice(15), Number(a.value)]));
        resolve({ inputMs, figures, settledMs: settled, apartFirstMs: apartFirst, apartLastMs: apartLast, kernelMs, timeout: !quiet });
      } else setTimeout(poll, 25);
    };
    setTimeout(poll, 25);
  });
}`;

const measure = (page: Page, path: string, value: number | string) => page.evaluate(`(${MEASURE})(${JSON.stringify([path, value, APART])})`) as Promise<Sample>;

const q = (xs: number[], p: number) => (xs.length ? quantileSorted(Float64Array.from(xs).sort(), p) : NaN);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(7) : "      –");

/** One latency row: p50/p90 over the changes whose figures settled (APART figures timed on their own). */
function latencyRow(samples: Sample[], page: string, preset: string, control: string) {
  const ok = samples.filter((s) => s.settledMs !== null && !s.timeout);
  const last = ok.map((s) => s.settledMs!);
  return {
    page, preset, control, n: samples.length, updated: ok.length,
    inputMs: q(samples.map((s) => s.inputMs), 0.5),
    firstFigureP50Ms: q(ok.map((s) => Math.min(...s.figures.filter((f) => !f.title.startsWith(APART)).map((f) => f.at))), 0.5),
    lastSettledP50Ms: q(last, 0.5),
    lastSettledP90Ms: q(last, 0.9),
    sensitivityFirstPaintP50Ms: q(ok.map((s) => s.apartFirstMs).filter((x): x is number => x !== null), 0.5),
    sensitivityLastPaintP50Ms: q(ok.map((s) => s.apartLastMs).filter((x): x is number => x !== null), 0.5),
    figures: q(ok.map((s) => s.figures.length), 0.5),
    kernelMs: Object.fromEntries(Object.keys(ok[0]?.kernelMs ?? {}).map((c) => [c, q(ok.map((s) => s.kernelMs[c]), 0.5)])),
  };
}

const rowLine = (row: ReturnType<typeof latencyRow>) =>
  `${row.page.padEnd(14)} ${row.preset.padEnd(7)} ${row.control.padEnd(27)} ${ms(row.firstFigureP50Ms)} ${ms(row.lastSettledP50Ms).padStart(8)} ${ms(row.lastSettledP90Ms).padStart(8)} ${ms(row.sensitivityFirstPaintP50Ms).padStart(8)} ${ms(row.sensitivityLastPaintP50Ms).padStart(8)} ${row.figures}` +
  `${row.updated < row.n ? `  (${row.n - row.updated} of ${row.n} changes replaced no figure)` : ""}${Object.entries(row.kernelMs).map(([c, x]) => `  ${c} ${x.toFixed(0)}`).join("")}`;
const kb = (x: number) => (x / 1024).toFixed(1).padStart(7);

/**
 * Cold load, in a fresh browser context (empty cache) per load: from
 * navigation (performance.now()'s origin) to the first and the last
 * <figure class="tdx-figure"> painted (requestAnimationFrame + setTimeout(0)
 * after it enters the DOM), to the page's last DOM change before it went
 * quiet (every page has one, the Thread page too: its floor), and the first
 * contentful paint; and how many kernel requests the build's prefill
 * answered and how many went to the worker (docs/components/compute.js).
 * "copies": the frame that draws the last of the build's copies of the
 * figures (scripts/prerender.mjs), what a reader sees until the live cells
 * replace them with the same figures (1st/last fig count both). A cell that
 * takes its figure's copy instead of drawing it (figure() in
 * docs/components/figure.js) moves that node out of its placeholder: an
 * insertion, counted when the cell displays it. "tips": the frame in which
 * the last figure with Plot's pointer tips, drawn again when the page is
 * idle, has them (– where no figure needs it). "over floor": the last
 * figure less the Thread page's (it runs no model), in the same rounds:
 * what a page itself costs, less sensitive to the machine's other load
 * than the last figure alone.
 */
const COLD = `(() => {
  window.__figurePaints = [];
  window.__copyFrames = [];
  window.__tipFrames = [];
  new MutationObserver((records) => {
    for (const r of records) if (r.type === "attributes" && r.target.dataset.tips === "live") requestAnimationFrame((t) => window.__tipFrames.push(t));
    // While the parser runs it inserts elements one at a time, empty (a copy's <figure> among them):
    // look at those by name only, so that watching thousands of SVG nodes costs the page little.
    const parsing = document.readyState === "loading";
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType !== 1) continue;
      if (parsing ? !(n.localName === "figure" && n.classList.contains("tdx-figure")) : !(n.matches("figure.tdx-figure") || n.querySelector("figure.tdx-figure"))) continue;
      // The build's copy of a figure (in the HTML, replaced when its cell runs): the frame it is
      // drawn in, read from the frame's own timestamp (a later task would wait behind the modules).
      if (n.closest("observablehq-loading[data-prerendered]") || n.matches("observablehq-loading[data-prerendered]")) requestAnimationFrame((t) => window.__copyFrames.push(t));
      requestAnimationFrame(() => setTimeout(() => window.__figurePaints.push(performance.now()), 0));
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-tips"] });
})();`;

interface Cold { firstFigureMs: number; lastFigureMs: number; lastCopyMs: number; lastTipsMs: number; lastChangeMs: number; fcpMs: number; computed: number; prefilled: number }

async function coldLoad(url: string): Promise<Cold> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    if (Number(args.cpu) > 1) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: Number(args.cpu) });
    await page.addInitScript(QUIESCENCE);
    await page.addInitScript(COLD);
    await page.goto(url, { waitUntil: "networkidle" });
    await settle(page, { quietMs: 500 });
    const got = await page.evaluate(() => {
      const w = window as unknown as { __figurePaints: number[]; __copyFrames: number[]; __tipFrames: number[]; __lastMutation: number };
      const fcp = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
      const d = document.documentElement.dataset;
      return { paints: w.__figurePaints, copies: w.__copyFrames, tips: w.__tipFrames, lastChange: w.__lastMutation, fcp: fcp ? fcp.startTime : NaN, computed: Number(d.kernelComputed ?? 0), prefilled: Number(d.kernelPrefilled ?? 0) };
    });
    return { firstFigureMs: got.paints.length ? Math.min(...got.paints) : NaN, lastFigureMs: got.paints.length ? Math.max(...got.paints) : NaN, lastCopyMs: got.copies.length ? Math.max(...got.copies) : NaN, lastTipsMs: got.tips.length ? Math.max(...got.tips) : NaN, lastChangeMs: got.lastChange, fcpMs: got.fcp, computed: got.computed, prefilled: got.prefilled };
  } finally {
    await context.close();
  }
}

const server = await serveStatic(args.dir);
const browser = await launchChromium();
const latency: Record<string, unknown>[] = [];
const weights: Record<string, unknown>[] = [];
const cold: Record<string, unknown>[] = [];
try {
  const list = args.pages ? args.pages.split(",") : await pages();
  const presets = args.presets.split(",");
  const coldN = Number(args["cold-n"]);
  if (coldN > 0) {
    // Loads interleaved across pages (round i loads every page once): a burst of the machine's
    // other load then weighs on every page alike, and "over floor" compares like with like.
    const loads = new Map<string, Cold[]>(list.map((path) => [path, []]));
    for (let i = 0; i < coldN; i++) for (const path of list) loads.get(path)!.push(await coldLoad(new URL(`./${pageFile(path)}`, server.url).href));
    const lastFigure = (path: string) => q(loads.get(path)!.map((l) => l.lastFigureMs).filter(Number.isFinite), 0.5);
    // The Thread page runs no model: its last figure is the floor every page pays (parse, layout, Framework).
    const floor = loads.has("/thread") ? lastFigure("/thread") : NaN;
    if (!args.json) {
      console.log(`Cold load, default scenario, p50 of ${coldN} loads in a fresh context, pages interleaved; ms from navigation${Number.isFinite(floor) ? "; over floor: last fig less the Thread page's" : ""}`);
      console.log(`${"page".padEnd(14)} ${"FCP".padStart(7)} ${"copies".padStart(7)} ${"1st fig".padStart(7)} ${"last fig".padStart(8)} ${"over floor".padStart(10)} ${"tips".padStart(7)} ${"last DOM".padStart(8)} kernel requests`);
    }
    for (const path of list) {
      const own = loads.get(path)!;
      const row = {
        page: path, n: coldN,
        fcpP50Ms: q(own.map((l) => l.fcpMs), 0.5),
        firstFigureP50Ms: q(own.map((l) => l.firstFigureMs).filter(Number.isFinite), 0.5),
        lastFigureP50Ms: lastFigure(path),
        overFloorMs: lastFigure(path) - floor,
        lastCopyP50Ms: q(own.map((l) => l.lastCopyMs).filter(Number.isFinite), 0.5),
        lastTipsP50Ms: q(own.map((l) => l.lastTipsMs).filter(Number.isFinite), 0.5),
        lastChangeP50Ms: q(own.map((l) => l.lastChangeMs), 0.5),
        computed: q(own.map((l) => l.computed), 0.5),
        prefilled: q(own.map((l) => l.prefilled), 0.5),
      };
      cold.push(row);
      if (!args.json) console.log(`${path.padEnd(14)} ${ms(row.fcpP50Ms)} ${ms(row.lastCopyP50Ms)} ${ms(row.firstFigureP50Ms)} ${ms(row.lastFigureP50Ms).padStart(8)} ${ms(row.overFloorMs).padStart(10)} ${ms(row.lastTipsP50Ms)} ${ms(row.lastChangeP50Ms).padStart(8)} ${row.prefilled} from the build, ${row.computed} computed`);
    }
    if (!args.json) console.log("");
  }
  if (!args.json) {
    console.log(`Chromium ${browser.version()}, ${N} changes per page and preset, CPU slowdown ×${args.cpu}; ms from the input event`);
    console.log(`${"page".padEnd(14)} ${"preset".padEnd(7)} ${"control".padEnd(27)} ${"1st p50".padStart(7)} ${"last p50".padStart(8)} ${"last p90".padStart(8)} ${"sens 1st".padStart(8)} ${"sens end".padStart(8)} figs`);
  }
  for (const path of N > 0 ? list : []) {
    for (const [k, preset] of presets.entries()) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      if (Number(args.cpu) > 1) {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: Number(args.cpu) });
      }
      // Page weight: the first preset's fresh load, every response by kind.
      const bodies: Promise<{ url: string; kind: string; raw: number; gzip: number }>[] = [];
      if (k === 0) {
        page.on("response", (res) => {
          const url = new URL(res.url()).pathname;
          const kind = /\.(m?js)$/.test(url) ? "js" : /\.css$/.test(url) ? "css" : /\/_file\//.test(url) ? "data" : "other";
          bodies.push(res.body().then((b) => ({ url, kind, raw: b.length, gzip: gzipSync(b, { level: 6 }).length }), () => ({ url, kind, raw: 0, gzip: 0 })));
        });
      }
      await page.addInitScript(QUIESCENCE);
      await page.goto(new URL(`./${pageFile(path)}?preset=${preset}`, server.url).href, { waitUntil: "networkidle" });
      await settle(page);
      if (k === 0) {
        const got = await Promise.all(bodies);
        const sum = (kind: string, f: "raw" | "gzip") => got.filter((b) => b.kind === kind).reduce((a, b) => a + b[f], 0);
        weights.push({ page: path, jsRaw: sum("js", "raw"), jsGzip: sum("js", "gzip"), cssRaw: sum("css", "raw"), cssGzip: sum("css", "gzip"), dataRaw: sum("data", "raw"), dataGzip: sum("data", "gzip") });
      }
      const drivers = await driversOf(page);
      if (!drivers.length) { await page.close(); break; }
      for (const driver of drivers) {
        const box = await numberBox(page, driver);
        const values = cycle(driver, Number(await box.inputValue()));
        await measure(page, driver, values[1]); // warm-up (JIT, the worker's first job)
        await settle(page);
        const samples: Sample[] = [];
        for (let i = 0; i < N; i++) samples.push(await measure(page, driver, values[(i + 2) % values.length]));
        const row = latencyRow(samples, path, preset, driver);
        latency.push(row);
        if (!args.json) console.log(rowLine(row));
      }
      // Preset change: every other preset in turn, from the first preset's page
      // (each preset's build file is fetched at its first use, as a reader's is).
      if (k === 0) {
        const ids = await page.locator(".parameter-panel .wide-select select").first().evaluate((s) => Array.from((s as HTMLSelectElement).options, (o) => o.value));
        const others = ids.filter((id) => id !== preset);
        const samples: Sample[] = [];
        for (let i = 0; i < Math.max(N, others.length); i++) {
          samples.push(await measure(page, "preset", others[i % others.length]));
          await settle(page);
        }
        const row = latencyRow(samples, path, "others", "preset");
        latency.push(row);
        if (!args.json) console.log(rowLine(row));
      }
      await page.close();
    }
  }
  if (args.json) console.log(JSON.stringify({ cold, latency, weights }, null, 1));
  else {
    console.log(`\npage weight of a fresh load (kB; gzip at level 6)`);
    console.log(`${"page".padEnd(14)} ${"JS raw".padStart(7)} ${"JS gz".padStart(7)} ${"CSS raw".padStart(7)} ${"CSS gz".padStart(7)} ${"data".padStart(7)} ${"data gz".padStart(7)}`);
    for (const w of weights as { page: string; jsRaw: number; jsGzip: number; cssRaw: number; cssGzip: number; dataRaw: number; dataGzip: number }[]) {
      console.log(`${w.page.padEnd(14)} ${kb(w.jsRaw)} ${kb(w.jsGzip)} ${kb(w.cssRaw)} ${kb(w.cssGzip)} ${kb(w.dataRaw)} ${kb(w.dataGzip)}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
