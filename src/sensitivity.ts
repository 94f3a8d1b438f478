/**
 * Which parameters could flip the verdict: each numeric parameter moved to
 * the ends of its plausible range (data/parameters.json), all others at the
 * scenario's values (a share moves with the rest of its group rescaled), and
 * the net value of a strategy and the winner at each end.
 */
import { STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import { PARAMETER_TABLE } from "./params/defaults.ts";
import { parseParams } from "./params/parse.ts";
import { getPath } from "./params/paths.ts";
import { setShare } from "./params/shares.ts";
import { bestStrategy, compare } from "./compare.ts";

export interface SensitivityRow {
  param: string;
  low: number;
  high: number;
  /** Net value (USD per fleet-year) of the focus strategy at each end. */
  netAtLow: number;
  netAtHigh: number;
  winnerAtLow: Strategy;
  winnerAtHigh: Strategy;
  /** The winner at either end differs from the scenario's. */
  flips: boolean;
}

export interface SensitivityResult {
  strategy: Strategy;
  baseNet: number;
  baseWinner: Strategy;
  rows: SensitivityRow[];
}

export function sensitivity(p: Params, strategy: Strategy = "on_each_cpu", trials = 20, strategies: readonly Strategy[] = STRATEGIES): SensitivityResult {
  const netOf = (q: Params) => {
    const rows = compare(q, strategies, trials);
    return { net: rows.find((r) => r.strategy === strategy)!.value.netUsd, winner: bestStrategy(rows) };
  };
  const base = netOf(p);
  const rows: SensitivityRow[] = [];
  for (const [path, row] of Object.entries(PARAMETER_TABLE)) {
    const [low, high] = row.plausible;
    if (typeof getPath(p, path) !== "number" || low === null || high === null || low === high) continue;
    const at = (v: number) => {
      const r = parseParams(setShare(p, path, v));
      return r.ok ? netOf(r.params) : undefined;
    };
    const lo = at(low), hi = at(high);
    if (!lo || !hi) continue; // the range end is invalid with this scenario (e.g. a mix that no longer sums to 1)
    rows.push({ param: path, low, high, netAtLow: lo.net, netAtHigh: hi.net, winnerAtLow: lo.winner, winnerAtHigh: hi.winner, flips: lo.winner !== base.winner || hi.winner !== base.winner });
  }
  rows.sort((a, b) => Math.abs(b.netAtHigh - b.netAtLow) - Math.abs(a.netAtHigh - a.netAtLow));
  return { strategy, baseNet: base.net, baseWinner: base.winner, rows };
}
