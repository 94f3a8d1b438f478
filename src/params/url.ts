/**
 * A scenario as a query string: the preset and every field that differs from
 * it, as dotted paths (?preset=gnr-2s&costs.hardirqNs=500). The site keeps
 * its state this way; the report prints it; both read it back with
 * scenarioFromEntries(), which validates field by field.
 */
import { PARSE, type Params } from "./schema.ts";
import { DEFAULT_PRESET, presetParams } from "./defaults.ts";
import { PARAM_PATHS, fromPaths, parseParams, schemaAt } from "./parse.ts";
import { getPath } from "./paths.ts";
import { assertParams } from "./guard.ts";
import * as z from "zod/mini";

/** Link keys that carry a page's view choices (strategies shown, metric), not parameters: the reader skips them. */
export const VIEW_PREFIX = "view.";

/** At most about 80 characters of a value from a link, for a message (a 10,000-digit value stays one line). */
function cut(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A raw string (from a URL or a command line) as the field's type (read from its schema: no preset is built). */
export function typedValue(path: string, raw: string): unknown {
  const leaf = schemaAt(path);
  if (leaf instanceof z.ZodMiniNumber) return raw.trim() === "" ? NaN : Number(raw);
  if (leaf instanceof z.ZodMiniBoolean) return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

/** A scenario as a query string: its preset and every field that differs from it. */
export function scenarioSearch(p: Params): string {
  assertParams(p, "scenarioSearch: p");
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

/** A scenario read back from a link, with what was dropped and why. */
export interface ScenarioRead {
  /** Always valid: bad fields fall back to the preset's values. */
  params: Params;
  /** One sentence per dropped field. */
  messages: string[];
}

/**
 * Read [path, raw] pairs leniently. A key given more than once counts once,
 * with its last value (said once). Each field is checked alone against its
 * own schema (type, range); then the cross-field rules are checked once on
 * the whole scenario, so the order of the fields never matters. Unknown
 * keys, bad values and groups that break a cross-field rule are dropped with
 * a message each.
 */
export function scenarioFromEntries(entries: Iterable<[string, string]>): ScenarioRead {
  const last = new Map<string, string>();
  const count = new Map<string, number>();
  for (const [k, v] of entries) {
    if (k.startsWith(VIEW_PREFIX)) continue; // a page's view choice, not a parameter
    last.set(k, v);
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const messages: string[] = [];
  for (const [k, n] of count) if (n > 1) messages.push(`“${cut(k)}” appears ${n} times in the link: the last value is used.`);
  let preset = last.get("preset") ?? DEFAULT_PRESET;
  if (!presetParams(preset)) {
    messages.push(`Unknown preset “${cut(preset)}”: using ${DEFAULT_PRESET}.`);
    preset = DEFAULT_PRESET;
  }
  const accepted: Record<string, unknown> = {};
  for (const [path, raw] of last) {
    if (path === "preset") continue;
    const leaf = PARAM_PATHS.includes(path) ? schemaAt(path) : undefined;
    if (!leaf) {
      messages.push(`Unknown parameter “${cut(path)}” was ignored.`);
      continue;
    }
    const value = typedValue(path, raw);
    if (!leaf.safeParse(value, PARSE).success) {
      // The same message parseParams gives for this field alone.
      const r = parseParams({ preset, ...fromPaths({ [path]: value }) });
      const own = r.ok ? [] : r.errors.filter((e) => e.path === path);
      messages.push(`${path}=${cut(raw)} is invalid (${cut(own[0]?.message ?? "not a valid value", 160)}): using the preset's value.`);
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
