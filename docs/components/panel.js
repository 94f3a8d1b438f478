// One parameter panel for every page, generated from the kernel's zod schema:
// labels, units, hard caps and help text come from fieldMetaAt(); presets and
// named workloads from data/. Its value is always a valid Params object; the
// scenario is kept in the URL (url-state.js). Framework: view(parameterPanel(...)).
import * as Inputs from "@observablehq/inputs";
import { html } from "htl";
import { PARAM_PATHS, PRESETS, SCENARIOS, fieldMetaAt, fromPaths, getPath, parseParams, presetById, setPath, setShare, shareGroup } from "../lib/kernel.js";
import { carryToLinks, readScenario, writeScenario } from "./url-state.js";
import { whenIdle } from "./idle.js";
import "./prompt-runtime.js"; // a change recomputes the page's cells at once, not at the next frame

const SECTIONS = {
  machine: "Machine",
  workload: "Workload",
  costs: "Costs of each step",
  tdx: "TDX module",
  kernel: "Kernel configuration",
  benefit: "Benefit model",
  run: "Run",
};
const RUN_FIELDS = ["uncertainty", "seed", "trials"];

function labelOf(path) {
  const m = fieldMetaAt(path);
  const unit = m?.unit && m.unit !== "fraction" ? ` (${m.unit})` : "";
  return `${m?.label ?? path}${unit}`;
}

/**
 * The control for one field, chosen by its type and cap: a slider only for
 * small linear ranges; log-scaled and open-ended values get a number box that
 * takes any valid value (0.005, 1e-6). Each control carries a message line
 * for a rejected value, next to the field.
 */
function control(path, value) {
  const m = fieldMetaAt(path) ?? {};
  const label = labelOf(path);
  let input;
  if (typeof value === "boolean") input = Inputs.toggle({ label, value });
  else if (typeof value === "string") {
    const format = (o) => m.optionLabels?.[o] ?? o;
    input = Inputs.select(m.options, { label, value, format });
    // Options longer than a number box (the SEAMCALL names, the PAMT order) get the full width.
    if (Math.max(...m.options.map((o) => String(format(o)).length)) > 16) wide(input);
  }
  else if (m.min !== undefined && m.max !== undefined && m.max - m.min <= 1024 && !m.log) {
    // No step for real-valued fields: Inputs then accepts any value (its "any" string becomes NaN).
    input = Inputs.range([m.min, m.max], { label, value, ...(m.integer ? { step: 1 } : {}) });
  } else {
    input = Inputs.number([m.min ?? -Infinity, m.max ?? Infinity], { label, value, ...(m.integer ? { step: 1 } : {}) });
  }
  input.title = m.help ?? "";
  input.dataset.path = path;
  // A hover title is invisible on a phone: the same help opens on a tap (or Enter) of the "?".
  if (m.help) {
    const help = html`<details class="field-help"><summary aria-label=${`Help: ${label}`} title="What is this?">?</summary><p>${m.help}</p></details>`;
    input.append(help);
  }
  const note = document.createElement("p");
  note.className = "field-message";
  note.setAttribute("role", "alert");
  note.setAttribute("aria-live", "polite");
  input.append(note);
  return input;
}

/** A select whose options are whole phrases (a machine, a metric): wide enough to show them (style.css). */
export function wide(input) {
  input.classList.add("wide-select");
  return input;
}

/** The text a number box holds, as the field's value (NaN when it is not a number). */
function typedNumber(box) {
  return box.value.trim() === "" ? NaN : Number(box.value);
}

/**
 * Why a typed number cannot be used as typed, before any range check: it
 * overflows to infinity (1e400, Infinity) or underflows to 0 (1e-400).
 * Quotes at most 40 characters of what was typed.
 */
export function numberProblem(text) {
  const raw = String(text).trim();
  const shown = JSON.stringify(raw.length > 40 ? raw.slice(0, 40) + "…" : raw);
  // A number box the browser could not read (1e400, Infinity) is empty by then, as is one left blank.
  if (raw === "") return "what was typed is not a number this box can hold (empty, too large, infinite or malformed)";
  const v = Number(raw);
  if (Number.isNaN(v)) return `${shown} is not a number`;
  if (!Number.isFinite(v)) return `${shown} is ${/inf/i.test(raw) ? "infinite" : "too large a number: it overflows to infinity"}`;
  if (v === 0 && /[1-9]/.test(raw.replace(/e.*$/i, ""))) return `${shown} is too small a number: it underflows to 0`;
  return null;
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
  /** One field's message (or none), next to the field. */
  const sayAt = (path, text) => {
    const note = controls.get(path)?.querySelector(".field-message");
    if (note) note.textContent = text;
  };
  const clearFields = () => { for (const c of controls.values()) { const n = c.querySelector(".field-message"); if (n) n.textContent = ""; } };

  const presetInput = Inputs.select(PRESETS.map((p) => p.id), { label: "Preset", value: params.preset, format: (id) => presetById(id).label });
  const scenarioInput = Inputs.select([null, ...SCENARIOS.map((s) => s.id)], { label: "Workload", value: null, format: (id) => (id === null ? "keep the current workload" : SCENARIOS.find((s) => s.id === id).label) });
  const reset = Inputs.button("Reset to the preset", { reduce: () => apply({ preset: params.preset }, true) });
  // Their labels are whole machine names and scenarios: wide selects (style.css), never truncated.
  for (const input of [presetInput, scenarioInput]) wide(input);
  // Every Monte Carlo figure depends on it, so it sits at the top unless the run section shows it.
  const top = sections.includes("run") ? [] : [control("uncertainty", params.uncertainty)];
  for (const c of top) { controls.set("uncertainty", c); commitOnChange("uncertainty", c); }

  // Every section's controls when it is opened or the page is idle, whichever
  // comes first, the open one's too: the panel's value (the scenario) is known
  // at once, so the figures computed from it need no control. On a cold
  // Mechanisms page building every control up front cost 288 ms of main
  // thread before its first figure, building the open section's 84 ms
  // (CPU profile, this machine); the build's copies of the figures show
  // meanwhile (scripts/prerender.mjs).
  const pending = new Set();
  const groups = sections.map((section) => {
    const paths = section === "run" ? RUN_FIELDS : PARAM_PATHS.filter((p) => p.startsWith(section + "."));
    const group = html`<details class="panel-section" open=${section === sections[0]}><summary>${SECTIONS[section] ?? section}</summary></details>`;
    const fill = () => {
      if (!pending.delete(fill)) return;
      group.append(...paths.map((path) => {
        const c = control(path, getPath(params, path));
        controls.set(path, c);
        commitOnChange(path, c);
        return c;
      }));
    };
    pending.add(fill);
    group.addEventListener("toggle", fill);
    return group;
  });
  const fillAll = () => { for (const fill of [...pending]) fill(); };
  whenIdle(fillAll, 500);

  const form = html`<div class="panel-controls">${presetInput}${scenarioInput}${reset}${top}${groups}</div>`;
  // The scenario as text, printed instead of the controls (style.css @media print).
  const printed = html`<p class="print-scenario"></p>`;
  const panel = html`<section class="parameter-panel" aria-label="Scenario parameters">${printed}${messages}${form}</section>`;

  /** Show params in the controls (without firing their events). */
  function show(p) {
    for (const [path, c] of controls) {
      const v = getPath(p, path);
      if (c.value !== v) c.value = v;
      // A refused entry never changed the control's value, only its box's text: put the model's value back.
      const box = c.querySelector("input[type=number]");
      if (box && typedNumber(box) !== v) box.value = String(v);
    }
    if (presetInput.value !== p.preset) presetInput.value = p.preset;
  }

  /**
   * Validate an input over the current params; on success publish it. A
   * rejected value is said next to its field (or above the panel for a rule
   * across fields), and every control goes back to the value the model uses.
   */
  function apply(input, replace = false, { path, history: record = true } = {}) {
    const r = parseParams(replace ? input : mergeInput(params, input));
    if (!r.ok) {
      const own = path ? r.errors.filter((e) => e.path === path) : [];
      if (own.length) sayAt(path, `${labelOf(path)}: ${own[0].message}. Not applied.`);
      else say(r.errors.map((e) => `${e.path}: ${e.message}. Not applied.`));
      show(params);
      return;
    }
    say([]);
    clearFields();
    params = r.params;
    show(params);
    writeScenario(params, { push: record });
    panel.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // A number box commits on Enter, on leaving it, or on a click of its
  // stepper (each a change event), never per keystroke: typing 100000 passes
  // through 1, 10, 100 and 1000, which are valid values nobody chose. One
  // committed change is one history entry.
  // Wired as each control is built (closed sections build theirs later).
  function commitOnChange(path, c) {
    const box = c.querySelector("input[type=number]");
    if (!box) return;
    box.addEventListener("change", () => {
      // The browser empties a number box whose text it cannot read as a double (1e400, Infinity, 1..2): say so.
      const problem = box.validity.badInput ? "what was typed is not a number this box can hold (too large, infinite or malformed)" : numberProblem(box.value);
      if (problem) { sayAt(path, `${labelOf(path)}: ${problem}. Not applied.`); show(params); return; }
      const v = typedNumber(box);
      if (v === getPath(params, path)) { sayAt(path, ""); return; }
      if (shareGroup(path)) return apply(setShare(params, path, v), true, { path });
      apply(fromPaths({ [path]: v }), false, { path });
    });
  }

  // Back and Forward restore the scenario of that history entry.
  addEventListener("popstate", () => {
    const read = readScenario(location.search);
    apply(read.params, true, { history: false });
    say(read.messages);
  });

  form.addEventListener("input", (event) => {
    event.stopPropagation(); // the panel fires its own event, only for valid scenarios
    // A keystroke in a number box is not a choice yet: its change event commits it (above).
    if (event.target instanceof HTMLInputElement && event.target.type === "number") return;
    const target = event.target.closest?.("[data-path]") ?? [...controls.values()].find((c) => c.contains(event.target));
    if (event.target === presetInput || presetInput.contains(event.target)) {
      // Exactly the preset: nothing of the previous scenario carries over.
      return apply({ preset: presetById(presetInput.value).id }, true);
    }
    if (scenarioInput.contains(event.target)) {
      const s = SCENARIOS.find((x) => x.id === scenarioInput.value);
      if (s) apply(fromPaths(s.values));
      return;
    }
    if (!target) return;
    const path = target.dataset.path;
    const value = target.value;
    // A share (workload mix, failed-stage shares) moves with the rest of its group rescaled to sum to 1.
    if (shareGroup(path)) return apply(setShare(params, path, Math.min(1, Math.max(0, value))), true, { path });
    apply(fromPaths({ [path]: value }), false, { path });
  });

  Object.defineProperty(panel, "value", { get: () => params, set: (p) => apply(p, true) });
  say(initial.messages);
  queueMicrotask(() => { writeScenario(params, { push: false }); carryToLinks(); });
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
