/**
 * Defaults and presets, read from data/parameters.json, where each value
 * sits next to its published source. Nothing numeric is typed here.
 */
import table from "../../data/parameters.json" with { type: "json" };
import type { Params } from "./schema.ts";
import { setPath } from "./paths.ts";

/** One parameter's provenance, as recorded in data/parameters.json. */
export interface SourcedValue {
  value: number | string | boolean;
  /** Plausible range for sensitivity analysis (not the hard cap). */
  plausible: [number | null, number | null];
  /** sourced: in the cited text; derived: arithmetic on sourced numbers; assumption: no source, sweep it; scenario: a choice of situation, not a measurement. */
  basis: "sourced" | "derived" | "assumption" | "scenario";
  source: string;
  url: string;
  note: string;
}

export interface PresetValue {
  value: number | string | boolean;
  source: string;
  url: string;
}

export interface Preset {
  id: string;
  label: string;
  description: string;
  values: Record<string, PresetValue>;
}

export const PARAMETER_TABLE = table.parameters as unknown as Record<string, SourcedValue>;

export const PRESETS: readonly Preset[] = Object.entries(table.presets).map(([id, p]) => ({
  id,
  ...(p as unknown as Omit<Preset, "id">),
}));

export const DEFAULT_PRESET: string = table.defaultPreset;

/** The base parameters (the default preset's machine), unvalidated. */
function base(): Params {
  let p = { preset: DEFAULT_PRESET } as unknown as Params;
  for (const [path, row] of Object.entries(PARAMETER_TABLE)) p = setPath(p, path, row.value);
  return p;
}

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Base parameters with a preset's values applied (no validation). */
export function presetParams(id: string): Params | undefined {
  const preset = presetById(id);
  if (!preset) return undefined;
  let p = { ...base(), preset: id };
  for (const [path, v] of Object.entries(preset.values)) p = setPath(p, path, v.value);
  return p;
}

/** The default scenario: the default preset. */
export function defaultParams(): Params {
  return presetParams(DEFAULT_PRESET)!;
}
