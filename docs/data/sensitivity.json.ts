/**
 * Build-time sensitivity for the Cost vs benefit and Method pages: every
 * numeric parameter at both ends of its plausible range (data/parameters.json),
 * the net value of the v7 patch's on_each_cpu, and which strategy wins.
 */
import { params, sensitivity } from "../../src/mod.ts";

const trials = 20;
process.stdout.write(JSON.stringify({ trials, ...sensitivity(params({}), "on_each_cpu", trials) }));
