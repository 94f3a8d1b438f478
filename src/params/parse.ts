/**
 * parseParams: unknown input (a URL, CLI options, a notebook cell) to typed
 * parameters, or errors that name every bad field with its allowed range.
 */
import { CAPS, describe, fieldMeta, PARSE, paramsSchema, STRATEGIES, type FieldMeta, type Params, type ParamsInput } from "./schema.ts";
import { DEFAULT_PRESET, PRESETS, presetParams } from "./defaults.ts";
import { getPath, setPath } from "./paths.ts";
import { maxTrialsFor, workOf } from "./work.ts";
import { isPlainObject, kind, markValid, setCrossFieldCheck } from "./guard.ts";
import * as z from "zod/mini";

/** One problem with an input, by field. */
export interface ParamError {
  /** Dotted path of the field, e.g. "costs.hardirqNs". */
  path: string;
  /** What is wrong, with the allowed range where there is one. */
  message: string;
}

/** Typed parameters, or every problem found. */
export type ParseResult =
  | { ok: true; params: Params }
  | { ok: false; errors: ParamError[] };

/** Human-readable allowed range of a field, from its schema metadata. */
export function allowedRange(path: string): string | undefined {
  const leaf = schemaAt(path);
  if (!leaf) return undefined;
  const meta = fieldMeta(leaf);
  if (leaf instanceof z.ZodMiniEnum) return `one of ${(leaf.options as string[]).join(", ")}`;
  if (leaf instanceof z.ZodMiniBoolean) return "true or false";
  if (!meta || (meta.min === undefined && meta.max === undefined)) return undefined;
  const unit = meta.unit && meta.unit !== "fraction" ? ` ${meta.unit}` : "";
  return `${meta.integer ? "a whole number " : ""}from ${meta.min} to ${meta.max}${unit}`;
}

/** Label, unit, caps, help and (for a choice) the allowed values of a field, by dotted path. */
export function fieldMetaAt(path: string): FieldMeta | undefined {
  const leaf = schemaAt(path);
  return leaf ? fieldMeta(leaf) : undefined;
}

/** The zod schema of a leaf, by dotted path (internal: the public API speaks FieldMeta). */
export function schemaAt(path: string): z.ZodMiniType | undefined {
  if (typeof path !== "string") return undefined;
  let cur: z.ZodMiniType | undefined = paramsSchema;
  for (const k of path.split(".")) {
    if (!(cur instanceof z.ZodMiniObject)) return undefined;
    // Own keys only: "constructor", "__proto__", "toString" are no parameters.
    const shape = cur.shape as Record<string, z.ZodMiniType>;
    if (!Object.hasOwn(shape, k)) return undefined;
    cur = shape[k];
  }
  return cur instanceof z.ZodMiniType ? cur : undefined;
}

/** Every leaf path of the parameters, in schema order: walked from the zod schema itself. */
export const PARAM_PATHS: readonly string[] = schemaLeaves(paramsSchema);

function schemaLeaves(schema: z.ZodMiniType, prefix = ""): string[] {
  if (!(schema instanceof z.ZodMiniObject)) return [prefix];
  return Object.entries(schema.shape as Record<string, z.ZodMiniType>).flatMap(([k, s]) => schemaLeaves(s, prefix ? `${prefix}.${k}` : k));
}

/**
 * Merge input over its preset (input.preset, or the default) and validate.
 * Input may be partial; unknown keys are errors, so typos never pass silently.
 */
export function parseParams(input: unknown): ParseResult {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { ok: false, errors: [{ path: "(root)", message: `expected an object of parameters, got ${describe(input)}` }] };
  }
  const presetId = (input as { preset?: unknown }).preset ?? DEFAULT_PRESET;
  if (typeof presetId !== "string") {
    return { ok: false, errors: [{ path: "preset", message: `expected a preset name, got ${describe(presetId)}; one of ${PRESETS.map((p) => p.id).join(", ")}` }] };
  }
  const base = presetParams(presetId);
  if (!base) {
    return { ok: false, errors: [{ path: "preset", message: `unknown preset ${describe(presetId)}; one of ${PRESETS.map((p) => p.id).join(", ")}` }] };
  }
  // A section must be a plain object: a Map, Date or RegExp would merge as nothing and pass silently.
  const odd = nonPlain(input as Record<string, unknown>);
  if (odd) return { ok: false, errors: [{ path: odd.path, message: `expected a plain object of parameters, got ${kind(odd.value)}` }] };
  const merged = deepMerge(base, input as Record<string, unknown>);
  const result = paramsSchema.safeParse(merged, PARSE);
  const errors: ParamError[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) errors.push(toError(issue));
  } else {
    errors.push(...crossFieldErrors(result.data));
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: markValid(result.data!) };
}

/** The first value below input that is an object but not a plain one (or an array), with its path. */
function nonPlain(input: Record<string, unknown>, prefix = ""): { path: string; value: unknown } | undefined {
  for (const [k, v] of Object.entries(input)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object") {
      if (!isPlainObject(v)) return { path, value: v };
      const inner = nonPlain(v, path);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** parseParams for typed input (a notebook cell, a test, a script): throws one Error listing every problem. */
export function params(input: ParamsInput = {}): Params {
  const r = parseParams(input);
  if (!r.ok) throw new Error(formatErrors(r.errors));
  return r.params;
}

/** Problems as one line: "path: message; path: message". */
export function formatErrors(errors: readonly ParamError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join("; ");
}

function toError(issue: z.core.$ZodIssue): ParamError {
  const path = issue.path.join(".") || "(root)";
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(path === "(root)" ? k : `${path}.${k}`).slice(1, -1) || '""');
    return { path: keys.join(", "), message: `unknown parameter${keys.length > 1 ? "s" : ""}` };
  }
  const range = allowedRange(path);
  let message = issue.message;
  if (issue.code === "too_big" || issue.code === "too_small") {
    message = `${issue.code === "too_big" ? "above" : "below"} the allowed range`;
  }
  if (path === "strategy" && issue.code === "invalid_value") {
    message = `unknown strategy; one of ${STRATEGIES.join(", ")}`;
    return { path, message };
  }
  return { path, message: range && !message.includes(range) ? `${message}; allowed ${range}` : message };
}

/**
 * What parseParams() would report for q, a valid scenario in which only the
 * given fields changed: each of them against its own schema, then the rules
 * that span fields. Skips re-parsing every unchanged field.
 */
export function changeErrors(q: Params, paths: readonly string[]): ParamError[] {
  const errors: ParamError[] = [];
  for (const path of paths) {
    const r = schemaAt(path)?.safeParse(getPath(q, path), PARSE);
    if (!r) errors.push({ path, message: "unknown parameter" });
    else if (!r.success) errors.push(...r.error.issues.map((issue) => toError({ ...issue, path: path.split(".") })));
  }
  if (errors.length) return errors;
  const cross = crossFieldErrors(q);
  // q was valid but for these fields, which are now checked: remember it (guard.ts).
  if (!cross.length) markValid(q);
  return cross;
}

/** Rules that span fields: topology caps, the state mix, RT throttling. */
export function crossFieldErrors(p: Params): ParamError[] {
  const errors: ParamError[] = [];
  const lps = p.machine.sockets * p.machine.coresPerSocket * p.machine.threadsPerCore;
  if (lps > CAPS.maxLps) {
    errors.push({ path: "machine", message: `sockets x coresPerSocket x threadsPerCore = ${lps} LPs is above the cap of ${CAPS.maxLps} LPs` });
  }
  const w = p.workload;
  const sum = w.idle + w.cfs + w.rt + w.isolated;
  if (Math.abs(sum - 1) > 1e-6) {
    errors.push({ path: "workload", message: `idle + cfs + rt + isolated must be 1, got ${Number(sum.toFixed(6))}` });
  }
  const f = p.benefit.failedStage;
  const stages = f.sys_init + f.lp_init + f.tdmr_build + f.config + f.key_config + f.tdmr_init;
  if (Math.abs(stages - 1) > 1e-6) {
    errors.push({ path: "benefit.failedStage", message: `the stage shares must sum to 1, got ${Number(stages.toFixed(6))}` });
  }
  if (p.kernel.rtRuntimeUs > p.kernel.rtPeriodUs) {
    errors.push({ path: "kernel.rtRuntimeUs", message: `must not exceed kernel.rtPeriodUs (${p.kernel.rtPeriodUs} µs)` });
  }
  // Any valid scenario can be compared over every strategy (what the pages and the report do).
  if (lps <= CAPS.maxLps && workOf(p, STRATEGIES, p.trials) > CAPS.maxWork) {
    errors.push({ path: "trials", message: `${p.trials} trials of every strategy on ${lps} LPs is above the cap of one call (CAPS.maxWork, about 2 s); at most ${maxTrialsFor(p, STRATEGIES)} trials on this machine` });
  }
  return errors;
}

function deepMerge(base: unknown, over: Record<string, unknown>): unknown {
  let out = base;
  for (const [k, v] of Object.entries(over)) {
    const b = (base as Record<string, unknown>)?.[k];
    const isPlain = (x: unknown) => x !== null && typeof x === "object" && !Array.isArray(x);
    out = setPath(out, k, isPlain(v) && isPlain(b) ? deepMerge(b, v as Record<string, unknown>) : v);
  }
  return out;
}

/** Apply dotted-path overrides ({"costs.hardirqNs": 500}) to a params-shaped input. */
export function fromPaths(entries: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(entries)) out = setPath(out, path, v);
  return out;
}

setCrossFieldCheck(crossFieldErrors);
