/**
 * A scenario as a query string: the preset and every field that differs from
 * it, as dotted paths (?preset=gnr-2s&costs.hardirqNs=500). The site keeps
 * its state this way; the report prints it; both read it back with
 * scenarioFromEntries(), which validates field by field.
 */
import type { Params } from "./schema.ts";
import { DEFAULT_PRESET, presetParams } from "./defaults.ts";
import { PARAM_PATHS, fromPaths, parseParams, schemaAt } from "./parse.ts";
import { getPath } from "./paths.ts";

/** A raw string (from a URL or a command line) as the field's type. */
export function typedValue(path: string, raw: string): unknown {
  const base = getPath(presetParams(DEFAULT_PRESET), path);
  if (typeof base === "number") return raw.trim() === "" ? NaN : Number(raw);
  if (typeof base === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

export function scenarioSearch(p: Params): string {
  const base = presetParams(p.preset) ?? presetParams(DEFAULT_PRESET)!;
  const query = new URLSearchParams();
  query.set("preset", p.preset);
  for (const path of PARAM_PATHS) {
    if (path === "preset") continue;
    const v = getPath(p, path);
    if (v !== getPath(base, path)) query.set(path, String(v));
  }
  return `?${query}`;
}

export interface ScenarioRead {
  /** Always valid: bad fields fall back to the preset's values. */
  params: Params;
  /** One sentence per dropped field. */
  messages: string[];
}

/**
 * Read [path, raw] pairs leniently: unknown keys, bad values and groups that
 * break a cross-field rule are dropped with a message each.
 */
export function scenarioFromEntries(entries: Iterable<[string, string]>): ScenarioRead {
  const pairs = [...entries];
  const messages: string[] = [];
  let preset = pairs.find(([k]) => k === "preset")?.[1] ?? DEFAULT_PRESET;
  if (!presetParams(preset)) {
    messages.push(`Unknown preset “${preset}”: using ${DEFAULT_PRESET}.`);
    preset = DEFAULT_PRESET;
  }
  const accepted: Record<string, unknown> = {};
  for (const [path, raw] of pairs) {
    if (path === "preset") continue;
    if (!PARAM_PATHS.includes(path) || !schemaAt(path)) {
      messages.push(`Unknown parameter “${path}” was ignored.`);
      continue;
    }
    const value = typedValue(path, raw);
    const r = parseParams({ preset, ...fromPaths({ ...accepted, [path]: value }) });
    const own = r.ok ? [] : r.errors.filter((e) => e.path === path);
    if (own.length) {
      messages.push(`${path}=${raw} is invalid (${own[0].message}): using the preset's value.`);
      continue;
    }
    accepted[path] = value;
  }
  let r = parseParams({ preset, ...fromPaths(accepted) });
  if (!r.ok) {
    for (const e of r.errors) {
      messages.push(`The values for ${e.path} do not fit together (${e.message}): using the preset's.`);
      for (const k of Object.keys(accepted)) if (k === e.path || k.startsWith(e.path + ".") || e.path.split(", ").includes(k)) delete accepted[k];
    }
    r = parseParams({ preset, ...fromPaths(accepted) });
    if (!r.ok) r = parseParams({ preset });
  }
  return { params: (r as { params: Params }).params, messages };
}
