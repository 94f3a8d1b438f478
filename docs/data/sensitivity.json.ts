/**
 * Build-time sensitivity for the Cost vs benefit and Method pages: every
 * numeric parameter at both ends of its plausible range (data/parameters.json),
 * the verdict's front, the net value of the v7 patch's on_each_cpu and which
 * strategy wins in dollars: 20 trials at each end, or as many as one call's
 * work budget allows.
 */
import { params, sensitivity, sensitivityTrials } from "../../src/mod.ts";

const p = params({});
const trials = sensitivityTrials(p, undefined, 20);
process.stdout.write(JSON.stringify({ trials, ...sensitivity(p, "on_each_cpu", trials) }));
