// The scenario lives in the URL query string, as dotted parameter paths that
// differ from the preset: ?preset=gnr-2s&costs.hardirqNs=500&strategy=serial.
// Reading validates each field on its own: a bad value falls back to the
// preset's value for that field and yields a message (text, never HTML).
import { PARAM_PATHS, fromPaths, getPath, parseParams, presetParams, schemaAt, DEFAULT_PRESET } from "../lib/kernel.js";

/** Parse one query-string value as the field's type (number, boolean or string). */
function typed(path, raw) {
  const base = getPath(presetParams(DEFAULT_PRESET), path);
  if (typeof base === "number") return raw.trim() === "" ? NaN : Number(raw);
  if (typeof base === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

/**
 * readScenario(search) -> {params, messages}: params are always valid.
 * Unknown keys, bad values and combinations that break a cross-field rule
 * are dropped, each with a message.
 */
export function readScenario(search) {
  const query = new URLSearchParams(search);
  const messages = [];
  let preset = query.get("preset") ?? DEFAULT_PRESET;
  if (!presetParams(preset)) {
    messages.push(`Unknown preset “${preset}” in the link: using ${DEFAULT_PRESET}.`);
    preset = DEFAULT_PRESET;
  }
  const accepted = {};
  for (const [path, raw] of query) {
    if (path === "preset") continue;
    if (!PARAM_PATHS.includes(path) || !schemaAt(path)) {
      messages.push(`Unknown parameter “${path}” in the link was ignored.`);
      continue;
    }
    const value = typed(path, raw);
    const r = parseParams({ preset, ...fromPaths({ ...accepted, [path]: value }) });
    const own = r.ok ? [] : r.errors.filter((e) => e.path === path || e.path.startsWith(path + "."));
    if (own.length) {
      messages.push(`${path}=${raw} in the link is invalid (${own[0].message}): using the preset's value.`);
      continue;
    }
    accepted[path] = value;
  }
  let r = parseParams({ preset, ...fromPaths(accepted) });
  if (!r.ok) {
    // A rule across fields (e.g. a workload mix that does not sum to 1): drop that group.
    for (const e of r.errors) {
      messages.push(`The link's values for ${e.path} do not fit together (${e.message}): using the preset's.`);
      for (const k of Object.keys(accepted)) if (k === e.path || k.startsWith(e.path + ".")) delete accepted[k];
    }
    r = parseParams({ preset, ...fromPaths(accepted) });
    if (!r.ok) r = parseParams({ preset });
  }
  return { params: r.params, messages };
}

/** The query string of params: the preset and every field that differs from it. */
export function scenarioSearch(params) {
  const base = presetParams(params.preset);
  const query = new URLSearchParams();
  query.set("preset", params.preset);
  for (const path of PARAM_PATHS) {
    if (path === "preset") continue;
    const v = getPath(params, path);
    if (v !== getPath(base, path)) query.set(path, String(v));
  }
  return `?${query}`;
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
    const [path, hash = ""] = href.split("#");
    if (!/\.html$|\/$|^\.\/?[\w-]*$/.test(path.split("?")[0])) continue;
    a.setAttribute("href", `${path.split("?")[0]}${search}${hash ? `#${hash}` : ""}`);
  }
}
