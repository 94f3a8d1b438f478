// One parameter panel for every page, generated from the kernel's zod schema:
// labels, units, hard caps and help text come from fieldMeta(); presets and
// named workloads from data/. Its value is always a valid Params object; the
// scenario is kept in the URL (url-state.js). Framework: view(parameterPanel(...)).
import * as Inputs from "@observablehq/inputs";
import { html } from "htl";
import { PARAM_PATHS, PRESETS, SCENARIOS, fieldMeta, fromPaths, getPath, parseParams, presetById, schemaAt, setPath } from "../lib/kernel.js";
import { carryToLinks, readScenario, writeScenario } from "./url-state.js";

const SECTIONS = {
  machine: "Machine",
  workload: "Workload",
  costs: "Costs of each step",
  tdx: "TDX module",
  kernel: "Kernel configuration",
  benefit: "Benefit model",
  run: "Run",
};
const RUN_FIELDS = ["seed", "trials"];
const MIX = ["workload.idle", "workload.cfs", "workload.rt", "workload.isolated"];

function labelOf(path) {
  const m = fieldMeta(schemaAt(path));
  const unit = m?.unit && m.unit !== "fraction" ? ` (${m.unit})` : "";
  return `${m?.label ?? path}${unit}`;
}

/** The control for one field, chosen by its type and cap. */
function control(path, value) {
  const schema = schemaAt(path);
  const m = fieldMeta(schema) ?? {};
  const label = labelOf(path);
  let input;
  if (typeof value === "boolean") input = Inputs.toggle({ label, value });
  else if (typeof value === "string") input = Inputs.select(schema.options, { label, value });
  else if (m.min !== undefined && m.max !== undefined && m.max - m.min <= 1024 && !m.log) {
    const step = m.integer ? 1 : m.unit === "fraction" ? 0.01 : 0.001;
    input = Inputs.range([m.min, m.max], { label, value, step });
  } else {
    input = Inputs.number([m.min ?? -Infinity, m.max ?? Infinity], { label, value, step: m.integer ? 1 : "any" });
  }
  input.title = m.help ?? "";
  input.dataset.path = path;
  return input;
}

/**
 * parameterPanel({sections}): the controls of the given sections (keys of
 * SECTIONS), plus preset, workload scenario and reset. Fields of hidden
 * sections keep the URL's values.
 */
export function parameterPanel({ sections = ["machine", "workload"] } = {}) {
  const initial = readScenario(location.search);
  let params = initial.params;
  const controls = new Map();
  const messages = html`<div class="panel-messages" role="alert" aria-live="polite"></div>`;

  const say = (lines) => {
    messages.replaceChildren(...lines.map((t) => { const p = document.createElement("p"); p.textContent = t; return p; }));
  };

  const presetInput = Inputs.select(PRESETS.map((p) => p.id), { label: "Preset", value: params.preset, format: (id) => presetById(id).label });
  const scenarioInput = Inputs.select([null, ...SCENARIOS.map((s) => s.id)], { label: "Workload", value: null, format: (id) => (id === null ? "keep the current workload" : SCENARIOS.find((s) => s.id === id).label) });
  const reset = Inputs.button("Reset to the preset", { reduce: () => apply({ preset: params.preset }, true) });

  const groups = sections.map((section) => {
    const paths = section === "run" ? RUN_FIELDS : PARAM_PATHS.filter((p) => p.startsWith(section + "."));
    const items = paths.map((path) => {
      const c = control(path, getPath(params, path));
      controls.set(path, c);
      return c;
    });
    return html`<details class="panel-section" open=${section === sections[0]}><summary>${SECTIONS[section] ?? section}</summary>${items}</details>`;
  });

  const form = html`<div class="panel-controls">${presetInput}${scenarioInput}${reset}${groups}</div>`;
  const panel = html`<section class="parameter-panel" aria-label="Scenario parameters">${messages}${form}</section>`;

  /** Show params in the controls (without firing their events). */
  function show(p) {
    for (const [path, c] of controls) {
      const v = getPath(p, path);
      if (c.value !== v) c.value = v;
    }
    if (presetInput.value !== p.preset) presetInput.value = p.preset;
  }

  /** Validate an input over the current params; on success publish it. */
  function apply(input, replace = false) {
    const r = parseParams(replace ? input : mergeInput(params, input));
    if (!r.ok) {
      say(r.errors.map((e) => `${e.path}: ${e.message}. Not applied.`));
      show(params);
      return;
    }
    say([]);
    params = r.params;
    show(params);
    writeScenario(params);
    panel.dispatchEvent(new Event("input", { bubbles: true }));
  }

  form.addEventListener("input", (event) => {
    event.stopPropagation(); // the panel fires its own event, only for valid scenarios
    const target = event.target.closest?.("[data-path]") ?? [...controls.values()].find((c) => c.contains(event.target));
    if (event.target === presetInput || presetInput.contains(event.target)) {
      const preset = presetById(presetInput.value);
      let next = { ...params, preset: preset.id };
      for (const [path, v] of Object.entries(preset.values)) next = setPath(next, path, v.value);
      return apply(next, true);
    }
    if (scenarioInput.contains(event.target)) {
      const s = SCENARIOS.find((x) => x.id === scenarioInput.value);
      if (s) apply(fromPaths(s.values));
      return;
    }
    if (!target) return;
    const path = target.dataset.path;
    const value = target.value;
    if (MIX.includes(path)) return apply(rebalance(params, path, value));
    apply(fromPaths({ [path]: value }));
  });

  Object.defineProperty(panel, "value", { get: () => params, set: (p) => apply(p, true) });
  say(initial.messages);
  queueMicrotask(() => { writeScenario(params); carryToLinks(); });
  return panel;
}

/** A partial input laid over full params. */
function mergeInput(params, input) {
  let out = params;
  const walk = (obj, prefix) => {
    for (const [k, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === "object" && !Array.isArray(v)) walk(v, path);
      else out = setPath(out, path, v);
    }
  };
  walk(input, "");
  return out;
}

/**
 * Keep the state mix summing to 1: the other three shares keep their
 * proportions and fill 1 - value (all to idle if they were all zero).
 */
export function rebalance(params, path, value) {
  const key = path.split(".")[1];
  const v = Math.min(1, Math.max(0, value));
  const shares = { idle: params.workload.idle, cfs: params.workload.cfs, rt: params.workload.rt, isolated: params.workload.isolated };
  const others = Object.keys(shares).filter((k) => k !== key);
  const rest = others.reduce((a, k) => a + shares[k], 0);
  for (const k of others) shares[k] = rest > 0 ? (shares[k] / rest) * (1 - v) : k === (key === "idle" ? "cfs" : "idle") ? 1 - v : 0;
  shares[key] = v;
  return { workload: shares };
}
