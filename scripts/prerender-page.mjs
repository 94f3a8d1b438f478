// Runs one built page's cells in Node, on a linkedom document, for the
// default scenario, and prints what each cell displayed:
//
//   node scripts/prerender-page.mjs DIST PAGE.html WIDTH[,WIDTH...]  ->  {"cells": [{id: html}, ...], "errors": [...]}
//
// one {id: html} per width, in order: the page runs once at the first width,
// then <main> is resized to each next one (the cells that read `width`
// recompute, as in a browser window that is resized).
//
// The page's own module script runs unchanged: Framework's client (define,
// the Observable runtime, FileAttachment) imports from DIST, the kernel
// bundle answers from the build's results (docs/components/compute.js looks
// every request up in the prefill file first), and Plot draws with linkedom
// as it does in the notebook. What a browser has and linkedom lacks is
// filled in below, only as far as the pages use it; a cell that still fails
// is reported and left out (scripts/prerender.mjs).
//
// Each page runs in a process of its own: modules are evaluated once per
// process, and their state (the URL, the worker, the build's results) is
// the page's.
//
// Fixed inputs: the link is the page with no query string (the default
// scenario), `width` (Framework's width of <main>) is WIDTH, the theme is
// light, nothing is idle (requestIdleCallback never fires: the parameter
// panel's closed sections stay unbuilt) and no worker can start (a page
// asking for one has a request the build did not answer: an error).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseHTML } from "linkedom";

const [dist, file, widthArg] = process.argv.slice(2);
const widths = String(widthArg).split(",").map(Number);
if (!dist || !file || !widths.every((w) => w > 0)) {
  console.error("usage: node scripts/prerender-page.mjs DIST PAGE.html WIDTH[,WIDTH...]");
  process.exit(2);
}
let width = widths[0];

const html = readFileSync(join(dist, file), "utf-8");
const { window, document } = parseHTML(html);
const page = pathToFileURL(resolve(dist, file));
const site = pathToFileURL(resolve(dist) + "/").href;
const g = globalThis;

// DOM classes the pages and their libraries name (instanceof, constructors).
for (const k of ["Node", "NodeList", "Element", "HTMLElement", "SVGElement", "Event", "CustomEvent", "KeyboardEvent", "InputEvent", "MouseEvent", "DocumentFragment", "Text", "Comment", "NodeFilter", "customElements", "MutationObserver", "DOMParser", "HTMLInputElement", "HTMLSelectElement", "HTMLButtonElement", "HTMLFormElement", "HTMLDetailsElement", "HTMLTemplateElement", "HTMLOptionElement", "HTMLTextAreaElement", "HTMLAnchorElement", "HTMLTableElement", "HTMLCanvasElement", "HTMLImageElement", "Image", "HTMLDivElement", "HTMLSpanElement", "HTMLLabelElement", "HTMLOutputElement", "HTMLFieldSetElement", "HTMLLegendElement"]) {
  if (window[k] !== undefined) g[k] = window[k];
}
// Names linkedom lacks, for instanceof checks that can only be false here.
for (const k of ["HTMLCollection", "SVGSVGElement", "HTMLMediaElement"]) if (g[k] === undefined) g[k] = class {};

const proto = window.HTMLElement.prototype;
// Several controls of one name: a RadioNodeList (its value is the checked one's).
class RadioNodeList extends Array {
  get value() { return this.find((el) => el.checked)?.value ?? ""; }
  set value(v) { for (const el of this) el.checked = el.value === String(v); }
}
// form.elements with named access (Inputs reads form.elements.input); linkedom makes every <form> a plain HTMLElement.
Object.defineProperty(proto, "elements", {
  configurable: true,
  get() {
    if (this.localName !== "form") return undefined;
    const list = [...this.querySelectorAll("input,select,textarea,button,output,fieldset")];
    const out = [...list];
    for (const el of list) {
      const name = el.getAttribute("name") || el.id;
      if (name) out[name] = out[name] === undefined ? el : RadioNodeList.from([].concat(out[name], el));
    }
    return out;
  },
});
// A checkbox's or radio's checked state, kept in its attribute (linkedom has no property).
if (!("checked" in proto)) {
  Object.defineProperty(proto, "checked", {
    configurable: true,
    get() { return this.hasAttribute("checked"); },
    set(v) { if (v) this.setAttribute("checked", ""); else this.removeAttribute("checked"); },
  });
}
proto.checkValidity ??= () => true;
proto.setCustomValidity ??= () => {};
if (!("validity" in proto)) Object.defineProperty(proto, "validity", { configurable: true, get: () => ({ valid: true, badInput: false }) });

g.window = g;
g.self = g;
g.document = document;
g.navigator = { platform: "", userAgent: "tdx-shutdown prerender", language: "en-US" };
g.devicePixelRatio = 1;
g.innerWidth = 1280;
g.innerHeight = 800;
// The page with no query string: the default scenario. Its origin is the
// built site's directory, so FileAttachment names (resolved against the
// page) and module-relative ones (against import.meta.url) agree.
Object.defineProperty(g, "location", {
  configurable: true,
  value: { href: page.href, origin: "file://", protocol: "file:", host: "", hostname: "", pathname: page.pathname, search: "", hash: "", toString: () => page.href },
});
g.history = { state: null, pushState() {}, replaceState() {}, back() {} };
g.sessionStorage = g.localStorage = { getItem: () => null, setItem() {}, removeItem() {} };
g.addEventListener = () => {};
g.removeEventListener = () => {};
g.matchMedia = () => ({ matches: false, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {} });
g.getComputedStyle = () => ({ getPropertyValue: () => "" });
g.requestAnimationFrame = (f) => setTimeout(() => f(performance.now()), 0);
g.cancelAnimationFrame = (id) => clearTimeout(id);
g.requestIdleCallback = () => 0;
g.cancelIdleCallback = () => {};
// Framework's width (Generators.width) observes <main>: it is the current WIDTH, and resize() tells every observer.
const observed = new Set();
g.ResizeObserver = class {
  constructor(callback) { this.callback = callback; this.targets = new Set(); observed.add(this); }
  observe(target) { this.targets.add(target); setTimeout(() => this.callback([{ target, contentRect: { width, height: 800 } }]), 0); }
  unobserve(target) { this.targets.delete(target); }
  disconnect() { observed.delete(this); }
};
function resize(w) {
  width = w;
  for (const o of observed) for (const target of o.targets) o.callback([{ target, contentRect: { width, height: 800 } }]);
}
g.IntersectionObserver = class {
  constructor(callback) { this.callback = callback; }
  observe(target) { setTimeout(() => this.callback([{ target, isIntersecting: true, intersectionRatio: 1 }]), 0); }
  unobserve() {}
  disconnect() {}
};
g.Worker = class {
  constructor(url) { throw new Error(`a request the build did not answer started the kernel worker (${url})`); }
};
// Files of the built site only.
let fetching = 0;
g.fetch = async (input) => {
  const url = new URL(String(input), page);
  if (!url.href.startsWith(site)) throw new Error(`fetch outside the built site: ${url.href}`);
  fetching++;
  try {
    return new Response(readFileSync(new URL(url.href.split(/[?#]/)[0])), { status: 200 });
  } finally {
    fetching--;
  }
};

// Cell errors reach console.error (Framework's client reports them there).
const errors = [];
console.error = (...args) => errors.push(args.map((a) => a?.stack ?? String(a)).join(" "));

// The page's module script, written next to it so that its relative imports resolve.
const script = [...document.querySelectorAll("script[type=module]")].map((s) => s.textContent).join("\n");
const tmp = join(dist, `.prerender-${process.pid}.mjs`);
writeFileSync(tmp, script);
/** Until no file is being read and the page has not changed for 10 turns of the event loop (20 ms each), or 20 s. */
async function settled() {
  let last = "", quiet = 0;
  for (const end = Date.now() + 20_000; quiet < 10 && Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 20));
    const now = document.body.innerHTML;
    quiet = now === last && fetching === 0 ? quiet + 1 : 0;
    last = now;
  }
  if (quiet < 10) errors.push(`the page did not settle within 20 s at width ${width}`);
}

/** What each cell displayed: Framework keeps the nodes it inserted on the cell's root comment (<!--:id:-->). */
function snapshot() {
  const out = {};
  const walker = document.createTreeWalker(document.body, 128);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (/^:[0-9a-f]{8}(?:-\d+)?:$/.test(n.data)) out[n.data.slice(1, -1)] = (n._nodes ?? []).map((x) => (x.nodeType === 1 ? x.outerHTML : x.nodeType === 3 ? escapeText(x.data) : "")).join("");
  }
  return out;
}

const cells = [];
try {
  await import(pathToFileURL(resolve(tmp)).href);
  for (const [i, w] of widths.entries()) {
    if (i > 0) resize(w);
    await settled();
    cells.push(snapshot());
  }
} finally {
  rmSync(tmp, { force: true });
}
// Exit once the answer is written (a pipe takes it in pieces): the page's own timers would keep Node up.
process.stdout.write(JSON.stringify({ cells, errors }), () => process.exit(0));

function escapeText(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
