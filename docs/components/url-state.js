// The scenario lives in the URL's query string (the kernel's scenarioSearch /
// scenarioFromEntries define the format). Messages are text, never HTML.
import { scenarioFromEntries, scenarioSearch } from "../lib/kernel.js";

/** readScenario(search) -> {params, messages}: params always valid. */
export function readScenario(search) {
  const read = scenarioFromEntries(new URLSearchParams(search));
  return { params: read.params, messages: read.messages.map((m) => `In the link: ${m}`) };
}

/** Put params in the address bar (no new history entry) and in the site's internal links. */
export function writeScenario(params) {
  const search = scenarioSearch(params);
  if (search !== location.search) history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
  carryToLinks(search);
}

/** Internal page links keep the scenario, so moving between pages keeps it too. */
export function carryToLinks(search = location.search) {
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (!href || /^[a-z]+:|^\/\/|^#/i.test(href) || a.hasAttribute("download")) continue;
    const [pathAndQuery, hash] = href.split("#");
    const path = pathAndQuery.split("?")[0];
    if (!/(\.html|\/|^\.{1,2})$/.test(path) && /\.[a-z0-9]+$/i.test(path)) continue; // files, not pages
    a.setAttribute("href", `${path}${search}${hash ? `#${hash}` : ""}`);
  }
}
