// Every figure of the document: a title, the chart, a caption, a text
// alternative, and its data as CSV and JSON. Plain data in, a node out.
import { html } from "htl";
import * as Plot from "../lib/plot.js";
import { CATEGORICAL, STRATEGIES, STRATEGY_COLORS, formatNs, formatNsTick, formatNumber, formatUsd } from "../lib/display.js";
import { pageHref } from "./address.js";
import { whenIdle } from "./idle.js";

// Colours live once, in the kernel (src/palette.ts), shared with the notebook.
export { CATEGORICAL, STRATEGY_COLORS };

/** Plot's color option for strategies. */
export const strategyColor = { legend: true, domain: [...STRATEGIES], range: STRATEGIES.map((s) => STRATEGY_COLORS[s]) };

/**
 * The width to draw a chart at. Framework's width comes from a ResizeObserver
 * on <main> and can read 0 on a loaded machine before layout; a chart drawn
 * at 0 has negative sizes (console errors) until the next value arrives.
 */
export function chartWidth(width) {
  return Math.max(width, 320);
}

/**
 * Below this width a chart's row labels go onto the rows, above each one:
 * a left label margin would leave a 390 px phone a plot area of 80 px.
 */
export const narrow = (width) => width < 500;

/**
 * Row labels drawn at the left edge of the plot, just above each row (for
 * narrow charts with the y axis off), on a halo of the page's background so
 * that marks crossing them (the Thread's reply curves) leave them readable.
 */
export function rowLabels(data, options) {
  return Plot.text(data, { frameAnchor: "left", textAnchor: "start", dy: -9, fontSize: 10, fill: "currentColor", stroke: "var(--theme-background)", strokeWidth: 3, paintOrder: "stroke", ...options });
}

/** RFC 4180 CSV of an array of flat objects (nested values as JSON). */
export function toCsv(rows) {
  if (!rows.length) return "";
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\r\n") + "\r\n";
}

// A blob URL keeps its data alive until revoked, and figures are redrawn on
// every input. So each new set of links first revokes the URLs of links that
// were on the page and have left it. (Not a FinalizationRegistry: Chromium
// may collect a DOM node's JS wrapper while the node is still shown.)
const live = new Set();
function sweep() {
  for (const entry of live) {
    if (entry.a.isConnected) entry.shown = true;
    else if (entry.shown) {
      URL.revokeObjectURL(entry.url);
      live.delete(entry);
    }
  }
}

/** Events that come before a link is followed, copied or opened elsewhere. */
const BEFORE_USE = ["pointerenter", "pointerdown", "focus", "click", "contextmenu"];

/**
 * Download links for a figure's data (blob URLs, so they work offline and from
 * any static server). Both carry the scenario they were computed for: the
 * page's link (its query string is every parameter that differs from the
 * preset), as a last CSV column and as the JSON's "link" and "scenario".
 * A link writes its file when a reader first points at it, focuses it or
 * clicks it (in the event, before the browser follows the link), not on
 * every redraw: a figure redrawn for each change of a control never pays
 * for files nobody downloads (1-3 ms a figure).
 */
export function downloadLinks(data, filename) {
  sweep();
  const link = pageHref();
  const scenario = Object.fromEntries(new URL(link).searchParams);
  const anchor = (type, body, ext) => {
    const a = html`<a class="download" href="#" download=${`${filename}.${ext}`}>${ext.toUpperCase()}<span class="visually-hidden"> of this figure's data</span></a>`;
    const write = () => {
      for (const e of BEFORE_USE) a.removeEventListener(e, write);
      const url = URL.createObjectURL(new Blob([body()], { type }));
      a.href = url;
      live.add({ a, url, shown: a.isConnected });
    };
    for (const e of BEFORE_USE) a.addEventListener(e, write);
    return a;
  };
  const csv = () => toCsv(data.map((row) => ({ ...row, scenario_link: link })));
  const json = () => JSON.stringify({ link, scenario, rows: data }, null, 1);
  return html`<span class="downloads">Data: ${anchor("text/csv;charset=utf-8", csv, "csv")} · ${anchor("application/json", json, "json")}</span>`;
}

let nextId = 0;

/**
 * The build's copy of this figure (scripts/prerender.mjs), when it is what
 * the cell would draw: the page shows the default scenario (its link names
 * no other: html.tdx-own-scenario), the copy is still on the page (the
 * cell's first run: Framework removes the copies with its first output), it
 * was drawn at this `width`, and it is the only copy with this title.
 * test/browser.test.ts renders every figure live (TDX_RENDER_LIVE) and
 * checks it says what its copy says.
 */
function buildCopy(title, width) {
  if (typeof document === "undefined" || globalThis.TDX_RENDER_LIVE || width === undefined) return null;
  if (document.documentElement.classList.contains("tdx-own-scenario")) return null;
  const found = [...document.querySelectorAll("observablehq-loading[data-prerendered] figure.tdx-figure")].filter((f) => {
    const drawnAt = f.closest(".pre")?.dataset.width?.split(" ") ?? [];
    return drawnAt.includes(String(width)) && f.querySelector(":scope > h3")?.textContent === title;
  });
  return found.length === 1 ? found[0] : null;
}

/**
 * Wrap a chart: <figure> with title, caption, text alternative and downloads;
 * every SVG in it is an image labelled by the title and described by the
 * text alternative (a legend's SVG too).
 *
 * Given the chart as a function and the `width` it draws at, a cell's first
 * run on a page that shows the default scenario takes the build's copy of
 * the figure instead of drawing it again (buildCopy): the same bytes,
 * without Plot's work and a second layout (45-110 ms less main-thread CPU
 * to a page's last figure, this machine). Only its download links are made
 * anew (a copy's are inert).
 */
export function figure(chart, { title, caption, alt, data = [], filename = "figure", width }) {
  if (typeof chart === "function") {
    const copy = buildCopy(title, width);
    if (copy) {
      copy.querySelector("figcaption .downloads")?.replaceWith(downloadLinks(data, filename));
      copy.dataset.from = "build";
      // Plot's tips follow the pointer with the live chart's scales, which a copy lacks (its tip
      // marks are empty). Such a figure is drawn when the page is idle and put in the copy's place
      // (the same node, which Framework removes on the cell's next output).
      if (copy.querySelector('[aria-label="tip"]')) whenIdle(() => {
        if (!copy.isConnected) return; // the cell has drawn again since
        const live = figure(chart(), { title, caption, alt, data, filename });
        copy.setAttribute("aria-labelledby", live.getAttribute("aria-labelledby"));
        copy.replaceChildren(...live.childNodes);
        copy.dataset.tips = "live";
      }, 2000);
      return copy;
    }
    chart = chart();
  }
  const id = `fig-${nextId++}`;
  // The chart's own SVGs (Plot wraps a chart with a legend in a <figure>; a
  // figure of several charts, such as faceted swimlanes, labels each one); a
  // swatch legend's tiny SVGs, Plot's or a page's own .mark-legend, are decoration, hidden from assistive tech.
  const svgs = chart instanceof SVGElement ? [chart] : [...chart.querySelectorAll("svg")].filter((svg) => !svg.closest("[class*=-swatches], .mark-legend"));
  if (!(chart instanceof SVGElement)) for (const swatch of chart.querySelectorAll(":scope > div svg")) swatch.setAttribute("aria-hidden", "true");
  for (const svg of svgs) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${title}. ${alt}`);
    svg.setAttribute("aria-describedby", `${id}-alt`);
  }
  return html`<figure class="tdx-figure" aria-labelledby=${`${id}-title`}>
    <h3 id=${`${id}-title`}>${title}</h3>
    <div class="chart" role="group" aria-label=${title}>${chart}</div>
    <figcaption>${caption} ${downloadLinks(data, filename)}</figcaption>
    <details class="alt-text"><summary>Text description</summary><p id=${`${id}-alt`}>${alt}</p></details>
  </figure>`;
}

/**
 * Plot options for an axis of US dollars a year over these values, one
 * format for every tick: dollars, or millionths of a dollar when every value
 * is below a cent (the dollar lens prices microseconds of CPU, and every
 * tick would read "$0").
 */
export function usdAxis(values, label) {
  const most = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (most > 0 && most < 0.01) return { label: `${label}, millionths of a USD a year →`, tickFormat: (d) => formatNumber(Number((d * 1e6).toPrecision(3)), 3) };
  return { label: `${label}, USD a year →`, tickFormat: (d) => formatUsd(d).replace(/\.00$/, "") };
}

/**
 * Plot options for a log axis of durations given in ns: ticks at powers of
 * ten, labelled as durations, thinned to one every few decades when the
 * axis is short (about 55 px a label side by side on x, 28 px stacked on y)
 * so labels never collide.
 */
export function logTimeAxis(valuesNs, label, length = 640, perLabel = 55) {
  const positive = valuesNs.filter((v) => v > 0);
  const lo = Math.max(0, Math.floor(Math.log10(Math.min(...positive)))); // nothing below 1 ns: formatNs would say "0 ns"
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  const decades = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  const room = Math.max(2, Math.floor(length / perLabel));
  const every = Math.ceil(decades.length / room);
  const ticks = decades.filter((_, i) => i % every === 0);
  return { type: "log", domain: [decades[0], decades.at(-1)], ticks, tickFormat: formatNsTick, label, grid: true };
}

/**
 * The series a line chart draws on top of each other: groups of two or more
 * keys whose values differ by at most `tolerance` (relative) at every x, as
 * a sentence for the caption ("" when every line can be told apart). On a
 * log axis 3% is a pixel or two: the legend lists lines a reader cannot see.
 */
export function coincidentLines(rows, { key = "strategy", x = "lps", y = "p50", tolerance = 0.03 } = {}) {
  const series = new Map();
  for (const r of rows) (series.get(r[key]) ?? series.set(r[key], new Map()).get(r[key])).set(r[x], r[y]);
  const same = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.has(k) && Math.abs(v - b.get(k)) <= tolerance * Math.max(Math.abs(v), Math.abs(b.get(k))));
  const groups = [];
  for (const [k, s] of series) {
    const g = groups.find((g) => same(series.get(g[0]), s));
    g ? g.push(k) : groups.push([k]);
  }
  const shared = groups.filter((g) => g.length > 1);
  if (!shared.length) return "";
  const list = (g) => (g.length === 2 ? g.join(" and ") : `${g.slice(0, -1).join(", ")} and ${g.at(-1)}`);
  return ` Drawn on top of each other (within ${Math.round(tolerance * 100)}% at every size): ${shared.map(list).join("; ")}.`;
}
