/**
 * Defaults and presets, read from data/parameters.json, where each value
 * sits next to its published source. Nothing numeric is typed here.
 */
import table from "../../data/parameters.json" with { type: "json" };
import type { Params } from "./schema.ts";
import { setPath } from "./paths.ts";

/** One parameter's provenance, as recorded in data/parameters.json. */
export interface SourcedValue {
  /** The default. */
  value: number | string | boolean;
  /** Plausible range for sensitivity analysis (not the hard cap). */
  plausible: [number | null, number | null];
  /** sourced: in the cited text; derived: arithmetic on sourced numbers; assumption: no source, sweep it; scenario: a choice of situation, not a measurement. */
  basis: "sourced" | "derived" | "assumption" | "scenario";
  /** Where the value comes from (a citation, the arithmetic, or why it is assumed). */
  source: string;
  /** The source's address, if any. */
  url: string;
  /** Context: caveats, other published values. */
  note: string;
}

/** One value a preset sets, with its source. */
export interface PresetValue {
  /** The value. */
  value: number | string | boolean;
  /** Where it comes from. */
  source: string;
  /** The source's address. */
  url: string;
}

/** A machine preset: a real TDX-capable server, or the teaching machine. */
export interface Preset {
  /** Identifier used in links ("emr-2s"). */
  id: string;
  /** Human label. */
  label: string;
  /** One sentence about the machine. */
  description: string;
  /** The parameters it sets, by dotted path. */
  values: Record<string, PresetValue>;
}

/** Every parameter's default, range, basis and source (data/parameters.json). */
export const PARAMETER_TABLE = table.parameters as unknown as Record<string, SourcedValue>;

/** The machine presets (data/parameters.json). */
export const PRESETS: readonly Preset[] = Object.entries(table.presets).map(([id, p]) => ({
  id,
  ...(p as unknown as Omit<Preset, "id">),
}));

/** The preset a scenario starts from when it names none. */
export const DEFAULT_PRESET: string = table.defaultPreset;

/** The base parameters (the default preset's machine), unvalidated. */
function base(): Params {
  let p = { preset: DEFAULT_PRESET } as unknown as Params;
  for (const [path, row] of Object.entries(PARAMETER_TABLE)) p = setPath(p, path, row.value);
  return p;
}

/** A preset by id, or undefined. */
export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Each preset's parameters, built once (a copy is handed out: callers may change theirs). */
const BUILT = new Map<string, Params>();

/** Base parameters with a preset's values applied (no validation). A fresh copy on every call. */
export function presetParams(id: string): Params | undefined {
  if (typeof id !== "string" || !Object.hasOwn(table.presets, id)) return undefined;
  let built = BUILT.get(id);
  if (!built) {
    const preset = presetById(id)!;
    let p = { ...base(), preset: id };
    for (const [path, v] of Object.entries(preset.values)) p = setPath(p, path, v.value);
    BUILT.set(id, (built = p));
  }
  return structuredClone(built);
}

/** The default scenario: the default preset. */
export function defaultParams(): Params {
  return presetParams(DEFAULT_PRESET)!;
}
