// Figures and computed prose in the built HTML: a reader sees the default
// scenario's answer as soon as the page is parsed, before any module has
// loaded; each cell's live output replaces its copy when the cell runs.
//
// How: scripts/prerender-page.mjs runs each built page's cells in Node (its
// own module script, the kernel answering from the build's results) at the
// width of <main> in a 1280 px window, then resized to a 390 px phone's.
// What a cell displayed is written inside an <observablehq-loading>
// placeholder just before the cell's root comment (Framework writes one for
// an expression cell; a cell that calls display() gets one here). Framework's
// client takes that element as the cell's placeholder (findLoading() in its
// client/main.js) and removes it, with the copy in it, when the cell first
// displays, so the copy never doubles the live output. A cell whose output differs between the widths gets both
// copies, one shown per window width (docs/style.css).
//
// Left out: output with form controls (the parameter panel, view choices:
// a copy would look operable before it is), errors, inspector output, output
// that shows the page's address (known only where the site is served), and
// inline output with block elements (they would break the paragraph).
//
// Only the default scenario is prerendered. On a page with the parameter
// panel a one-line script in <head> marks a link with any other query string
// (html.tdx-own-scenario), and the copies stay hidden: the reader sees the
// loading indicator, then their own scenario. Without JavaScript a page shows
// the default scenario's copies and says so (<noscript>).
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Widths of <main>'s content box (Framework's `width`) the copies are drawn
 * at: a 1280 px window (912 px, less the 208 px Framework keeps for a page's
 * table of contents), and a 390 px phone (326 px; the contents are hidden).
 * Measured in Chromium; test/browser.test.ts compares the copies with the
 * live cells at 1280 px, so a change in Framework's layout shows there.
 */
export const WIDE = 912;
export const TOC = 208;
export const NARROW = 326;

const CONTROLS = /<(input|select|textarea|button)\b/i;
const BLOCK = /<(div|p|ul|ol|li|figure|table|h[1-6]|section|blockquote|details|pre|form)\b/i;
const FAILED = /observablehq--(error|inspect)/;
// The page's own address at build time (a file: URL), or output marked data-reader-address (what
// depends on where the reader opened the page: Method's citation): the reader's to compute.
const ADDRESS = /\bfile:\/\/|\bdata-reader-address\b/;

/** A cell's output, usable as a static copy? */
export function copyable(html, inline) {
  if (!html || CONTROLS.test(html) || FAILED.test(html) || ADDRESS.test(html)) return false;
  return !(inline && BLOCK.test(html));
}

/** Every id in html (and every reference to one) given a prefix, so two copies and the live output never share an id. */
export function prefixIds(html, prefix) {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  if (!ids.length) return html;
  const known = new Set(ids);
  const swap = (id) => (known.has(id) ? prefix + id : id);
  return html
    .replace(/(\s(?:id|for|aria-labelledby|aria-describedby|aria-controls)=")([^"]*)"/g, (_, head, value) => `${head}${value.split(/\s+/).map(swap).join(" ")}"`)
    .replace(/(url\(#|href="#)([^)"]+)/g, (_, head, id) => head + swap(id));
}

/** The cells of a page's module script: id -> inline (mode: "inline")? */
export function cellModes(html) {
  const modes = new Map();
  for (const m of html.matchAll(/define\(\{id: "([0-9a-f]{8}(?:-\d+)?)"(, mode: "(\w+)")?/g)) modes.set(m[1], m[3] === "inline");
  return modes;
}

/**
 * html with the copies written into the cells' placeholders: wide and
 * narrow are {id: html} from prerender-page.mjs at the widths given
 * (Framework's `width`: WIDE, less TOC on a page with a table of contents,
 * and NARROW). Returns the new html and the ids of the cells copied.
 */
export function withCopies(html, wide, narrow, { wideWidth = WIDE, narrowWidth = NARROW } = {}) {
  const modes = cellModes(html);
  const copied = [];
  // A cell that is an expression has a placeholder; one that calls display() has none, and gets one
  // (the client takes the element just before a cell's root as its placeholder: findLoading()).
  const out = html.replace(/(?:<observablehq-loading><\/observablehq-loading>)?<!--:([0-9a-f]{8}(?:-\d+)?):-->/g, (all, id) => {
    const inline = modes.get(id) ?? false;
    const a = wide[id], b = narrow[id] ?? a;
    if (!copyable(a, inline) || !copyable(b, inline)) return all;
    const tag = inline ? "span" : "div";
    // data-width: the widths (Framework's `width`) a copy was drawn at, so a live figure that
    // would be drawn at one of them can take its copy instead of drawing it again (buildCopy() in
    // docs/components/figure.js).
    const copy = a === b
      ? `<${tag} class="pre" data-width="${wideWidth} ${narrowWidth}">${prefixIds(a, `pre-${id}-`)}</${tag}>`
      : `<${tag} class="pre pre-wide" data-width="${wideWidth}">${prefixIds(a, `pre-w${id}-`)}</${tag}><${tag} class="pre pre-narrow" data-width="${narrowWidth}">${prefixIds(b, `pre-n${id}-`)}</${tag}>`;
    copied.push(id);
    return `<observablehq-loading data-prerendered>${copy}</observablehq-loading><!--:${id}:-->`;
  });
  return { html: out, copied };
}

/**
 * The head script of a page with the parameter panel: any query string but
 * the default preset's own marks the page as showing another scenario, and
 * its copies stay hidden (docs/style.css).
 */
export function scenarioScript(defaultPreset) {
  if (!/^[a-z0-9-]+$/.test(defaultPreset)) throw new Error("unexpected preset id");
  return `<script>{const s=location.search;if(s&&s!=="?preset=${defaultPreset}")document.documentElement.classList.add("tdx-own-scenario")}</script>`;
}

/** What a reader without JavaScript is told, at the top of a page with copies. */
export function noscriptNote(defaultPreset, followsLink) {
  return `<noscript><p class="noscript-note">Without JavaScript this page shows what the site computed when it was built, for the default scenario (preset ${defaultPreset})${followsLink ? "; a scenario in the link, the controls and the downloads need JavaScript" : ""}.</p></noscript>`;
}

/** Run prerender-page.mjs on one page at these widths: {cells: one {id: html} per width, errors}. */
async function cellsOf(dist, file, widths) {
  const { stdout } = await run(process.execPath, ["scripts/prerender-page.mjs", dist, file, widths.join(",")], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(stdout);
}

/**
 * Prerender every page of the built site (files: the pages' HTML file
 * names), `parallel` pages at a time. Returns per page its new HTML, the
 * cells copied and the cells' errors (reported by the caller).
 */
export async function prerenderPages(dist, files, readPage, { defaultPreset, parallel = 2 }) {
  const results = new Map();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++];
      const html = readPage(file);
      const wideWidth = html.includes('id="observablehq-toc"') ? WIDE - TOC : WIDE;
      const { cells: [wide, narrow], errors } = await cellsOf(dist, file, [wideWidth, NARROW]);
      const { html: withCopiesHtml, copied } = withCopies(html, wide, narrow, { wideWidth, narrowWidth: NARROW });
      let out = withCopiesHtml;
      if (copied.length) {
        const followsLink = /components\/panel\.[0-9a-f]+\.js/.test(html);
        if (followsLink) out = out.replace("</head>", `${scenarioScript(defaultPreset)}\n</head>`);
        out = out.replace(/(<main id="observablehq-main"[^>]*>)/, `$1\n${noscriptNote(defaultPreset, followsLink)}`);
      }
      results.set(file, { html: out, copied, errors });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return results;
}
