/**
 * Build-time map for the Cost vs benefit page: which strategy has the highest
 * net value over (probability of a bogus SEAMCALL x LP count), default
 * preset and benefit inputs otherwise.
 */
import { STRATEGIES, evaluateBenefit, monteCarloAll, params } from "../../src/mod.ts";

const TRIALS = 40;
const CORES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const P_BOGUS = Array.from({ length: 25 }, (_, i) => 10 ** (-6 + (i * 6) / 24));

const base = params({ trials: TRIALS });
const cells = [];
for (const cores of CORES) {
  const p = params({ ...base, machine: { ...base.machine, coresPerSocket: cores } });
  const summaries = monteCarloAll(p, STRATEGIES, TRIALS);
  for (const pBogus of P_BOGUS) {
    const values = evaluateBenefit({ ...p.benefit, pBogusSeamcall: pBogus }, summaries);
    const best = values.reduce((a, b) => (b.netUsd > a.netUsd ? b : a));
    // Net values within the reader's materiality threshold of the best tie with it: a tie is never a winner.
    const tied = values.filter((v) => best.netUsd - v.netUsd < p.verdict.materialUsd).map((v) => v.strategy);
    cells.push({ lps: summaries[0].lps, pBogus, winner: tied.length > 1 ? "tie" : best.strategy, tied, net: Object.fromEntries(values.map((v) => [v.strategy, v.netUsd])) });
  }
}
process.stdout.write(JSON.stringify({ trials: TRIALS, cells }));
