// Every figure of the document: a title, the chart, a caption, a text
// alternative, and its data as CSV and JSON. Plain data in, a node out.
import { html } from "htl";
import { STRATEGIES, formatNs } from "../lib/kernel.js";

// Okabe-Ito: distinguishable under the common colour-vision deficiencies and
// mid-luminance, so they read on light and dark backgrounds (no yellow, which
// vanishes on white; grey for "none", the do-nothing baseline). caller_cpu,
// the eighth, takes Tol's wine (2:1 against white and the dark theme).
export const STRATEGY_COLORS = {
  on_each_cpu: "#D55E00",
  schedule_on_each_cpu: "#0072B2",
  serial: "#E69F00",
  cpuhp: "#56B4E9",
  stop_machine: "#CC79A7",
  caller_cpu: "#882255",
  global_call: "#009E73",
  none: "#999999",
};

/**
 * Any other categorical scale (up to nine classes): the same Okabe-Ito hues,
 * without its black and yellow (invisible on dark and on light backgrounds),
 * then Tol's olive and wine, then grey. Every colour has at least 2:1
 * contrast against both white and Framework's dark theme.
 */
export const CATEGORICAL = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#999933", "#882255", "#999999"];

/** Plot's color option for strategies. */
export const strategyColor = { legend: true, domain: [...STRATEGIES], range: STRATEGIES.map((s) => STRATEGY_COLORS[s]) };

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

/** Download links for a figure's data (blob URLs, so they work offline and from any static server). */
export function downloadLinks(data, filename) {
  sweep();
  const link = (type, body, ext) => {
    const url = URL.createObjectURL(new Blob([body], { type }));
    const a = html`<a class="download" href=${url} download=${`${filename}.${ext}`}>${ext.toUpperCase()}<span class="visually-hidden"> of this figure's data</span></a>`;
    live.add({ a, url, shown: false });
    return a;
  };
  return html`<span class="downloads">Data: ${link("text/csv;charset=utf-8", toCsv(data), "csv")} · ${link("application/json", JSON.stringify(data, null, 1), "json")}</span>`;
}

let nextId = 0;

/** Wrap a chart: <figure> with title, image role and label, caption, text alternative, downloads. */
export function figure(chart, { title, caption, alt, data = [], filename = "figure" }) {
  const id = `fig-${nextId++}`;
  return html`<figure class="tdx-figure" aria-labelledby=${`${id}-title`}>
    <h3 id=${`${id}-title`}>${title}</h3>
    <div role="img" aria-label=${`${title}. ${alt}`} aria-describedby=${`${id}-alt`}>${chart}</div>
    <figcaption>${caption} ${downloadLinks(data, filename)}</figcaption>
    <details class="alt-text"><summary>Text description</summary><p id=${`${id}-alt`}>${alt}</p></details>
  </figure>`;
}

/** Plot options for a log axis of durations given in µs: ticks at powers of ten, labelled as durations. */
export function logTimeAxis(valuesUs, label) {
  const positive = valuesUs.filter((v) => v > 0);
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.ceil(Math.log10(Math.max(...positive)));
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  return { type: "log", domain: [ticks[0], ticks.at(-1)], ticks, tickFormat: (d) => formatNs(d * 1000), label, grid: true };
}
