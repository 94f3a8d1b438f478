// The scenario lives in the URL's query string (the kernel's scenarioSearch /
// scenarioFromEntries define the format). Messages are text, never HTML.
import { VIEW_PREFIX, scenarioFromEntries, scenarioSearch } from "../lib/kernel.js";
import { afterCompute } from "./prompt-runtime.js";
import { setComingHref } from "./address.js";

/** The page's view choices in the address bar (view.* keys), kept when the scenario changes. */
function viewEntries() {
  return [...new URLSearchParams(location.search)].filter(([k]) => k.startsWith(VIEW_PREFIX));
}

/** A view choice from the link (view.NAME), or the default. */
export function readView(name, fallback) {
  return new URLSearchParams(location.search).get(VIEW_PREFIX + name) ?? fallback;
}

/** Record a view choice in the link (replacing its history entry: a view is not a scenario change). */
export function writeView(name, value, fallback) {
  const q = new URLSearchParams(location.search);
  if (value === fallback) q.delete(VIEW_PREFIX + name);
  else q.set(VIEW_PREFIX + name, value);
  const search = q.toString() ? `?${q}` : "";
  // Unchanged (every page load writes its views back): no history call, 10-20 ms in Chromium.
  if (search === location.search) return;
  history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
  if (queued) queueSearch();
}

/** readScenario(search) -> {params, messages}: params always valid. */
export function readScenario(search) {
  const read = scenarioFromEntries(new URLSearchParams(search));
  return { params: read.params, messages: read.messages.map((m) => `In the link: ${m}`) };
}

let pending = 0;
const SETTLE_MS = 600;
/** The scenario last published and not yet in the address bar: its params, query string, and whether it makes a history entry. */
let queued = null;

/** The query string of params, with the page's view choices. */
function searchOf(params) {
  return scenarioSearch(params) + viewEntries().map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("");
}

/** Queue params' query string (views as they are now), and name the address it gives. */
function queueSearch() {
  queued.search = searchOf(queued.params);
  setComingHref(`${location.origin}${location.pathname}${queued.search}${location.hash}`);
}

/**
 * Put params in the address bar and in the site's internal links. The address
 * follows every change (replaceState); a change that settles for SETTLE_MS
 * becomes a history entry of its own (pushState), so Back undoes it and a
 * dragged slider makes one entry, not fifty. The writes wait until the
 * change's cells have posted their requests: they cost 3-4 ms (history,
 * every link), which the worker's time then hides. Until then
 * pageHref() (address.js) gives the new address.
 */
export function writeScenario(params, { push = true } = {}) {
  if (!queued) afterCompute(flush);
  queued = { params, push: push || (queued?.push ?? false) };
  queueSearch();
}

function flush() {
  if (!queued) return;
  const { search, push } = queued;
  queued = null;
  setComingHref(null);
  const url = `${location.pathname}${search}${location.hash}`;
  if (search !== location.search) {
    if (push && !pending) history.pushState(history.state, "", url);
    else history.replaceState(history.state, "", url);
    if (push) {
      clearTimeout(pending);
      pending = setTimeout(() => { pending = 0; }, SETTLE_MS);
    }
  }
  carryToLinks(search);
  // Link previews and printouts name the scenario, not just the page.
  document.querySelector('meta[property="og:url"]')?.setAttribute("content", location.href);
  for (const el of document.querySelectorAll(".print-scenario")) el.textContent = `Scenario: ${search.slice(1).split("&").map(decodeURIComponent).join(", ")}. Permalink: ${location.href}`;
}

/** Internal page links keep the scenario, so moving between pages keeps it too. */
export function carryToLinks(search = location.search) {
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (!href || /^[a-z]+:|^\/\/|^#/i.test(href) || a.hasAttribute("download")) continue;
    const [pathAndQuery, hash] = href.split("#");
    const path = pathAndQuery.split("?")[0];
    if (!/(\.html|\/|^\.{1,2})$/.test(path) && /\.[a-z0-9]+$/i.test(path)) continue; // files, not pages
    const carried = `${path}${search}${hash ? `#${hash}` : ""}`;
    // Only a changed address is written: each write restyles the link (a page's load writes every one).
    if (carried !== href) a.setAttribute("href", carried);
  }
}
