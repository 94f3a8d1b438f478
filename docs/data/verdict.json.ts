/**
 * Build-time verdict of the default scenario, for the pages that run no
 * model (The thread, What happened): the same words verdictText() gives a
 * page that runs the kernel, and the front.
 */
import { compare, params, strategiesFor, verdict, verdictText } from "../../src/mod.ts";

const p = params({});
const rows = compare(p, strategiesFor(p), p.trials);
process.stdout.write(JSON.stringify({ trials: p.trials, preset: p.preset, lps: rows[0].summary.lps, front: verdict(rows, p).front, ...verdictText(rows, p) }));
