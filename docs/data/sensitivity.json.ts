/**
 * Build-time sensitivity for the Cost vs benefit and Method pages: every
 * numeric parameter at both ends of its plausible range (data/parameters.json),
 * the verdict's front, the net value of the v7 patch's on_each_cpu and which
 * strategy wins in dollars: 20 trials at each end, or as many as one call's
 * work budget allows. With it, what drives each headline number (drivers()):
 * the three measured, derived or assumed parameters that move it most, and
 * the two scenario choices that do.
 */
import { HEADLINES, PARAMETER_TABLE, drivers, params, sensitivity, sensitivityTrials } from "../../src/mod.ts";

const p = params({});
const trials = sensitivityTrials(p, undefined, 20);
const result = sensitivity(p, "on_each_cpu", trials);
const scenario = (path: string) => PARAMETER_TABLE[path]?.basis === "scenario";
const headlines = HEADLINES.map((h) => ({
  ...h,
  base: result.baseHeadlines[h.id],
  uncertain: drivers(result, h.id, 3, (x) => !scenario(x)).map((d) => ({ ...d, basis: PARAMETER_TABLE[d.param]?.basis ?? "" })),
  scenario: drivers(result, h.id, 2, scenario).map((d) => ({ ...d, basis: "scenario" })),
}));
process.stdout.write(JSON.stringify({ trials, ...result, headlines }));
