/**
 * What the Method page reads from the kernel, as plain data at build time:
 * the parameter table with the panel's labels and units, the presets, the
 * verdict's axes and default thresholds, and a label for every parameter.
 * The page then loads the display bundle (docs/lib/display.js) for its
 * formatters instead of the whole kernel: it runs no model.
 */
import { COST_AXES, OUTCOME_AXES, PARAMETER_TABLE, PARAM_PATHS, PRESETS, UNCERTAIN_PARAMETERS, biosLps, defaultParams, fieldMetaAt, presetParams } from "../../src/mod.ts";

const { materialNs, materialShare, materialUsd } = defaultParams().verdict;
process.stdout.write(JSON.stringify({
  uncertainParameters: UNCERTAIN_PARAMETERS.length,
  costAxes: COST_AXES.map((a) => a.label),
  outcomeAxes: OUTCOME_AXES.map((a) => ({ label: a.label, better: a.better })),
  verdict: { materialNs, materialShare, materialUsd },
  labels: Object.fromEntries(PARAM_PATHS.map((path) => [path, fieldMetaAt(path)?.label ?? path])),
  parameters: Object.entries(PARAMETER_TABLE).map(([path, r]) => {
    const meta = fieldMetaAt(path);
    return { parameter: path, label: meta?.label ?? path, value: r.value, unit: meta?.unit ?? "", plausible: r.plausible, basis: r.basis, source: r.source, url: r.url };
  }),
  presets: PRESETS.map((p) => ({
    preset: p.id,
    machine: p.label,
    LPs: biosLps(presetParams(p.id)!.machine),
    // Each value by its path less the section ("irqOff.probability", not "probability": nmi has one too).
    values: Object.entries(p.values).map(([k, v]) => `${k.slice(k.indexOf(".") + 1)}=${v.value}`).join(", "),
    source: [...new Set(Object.values(p.values).map((v) => v.source))].join(" "),
  })),
}));
