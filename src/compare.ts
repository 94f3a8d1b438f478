/** Every strategy side by side for one scenario: simulated cost and benefit. */
import { STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import { type MonteCarloSummary, monteCarloAll } from "./monte-carlo.ts";
import { type BenefitRow, evaluateBenefit } from "./benefit.ts";

export interface Comparison {
  strategy: Strategy;
  summary: MonteCarloSummary;
  value: BenefitRow;
}

export function compare(p: Params, strategies: readonly Strategy[] = STRATEGIES, trials: number = p.trials): Comparison[] {
  const summaries = monteCarloAll(p, strategies, trials);
  const values = evaluateBenefit(p.benefit, summaries);
  return summaries.map((summary, i) => ({ strategy: summary.strategy, summary, value: values[i] }));
}

/** The strategy with the highest net value (ties: the earlier in STRATEGIES order). */
export function bestStrategy(rows: readonly Comparison[]): Strategy {
  return rows.reduce((a, b) => (b.value.netUsd > a.value.netUsd ? b : a)).strategy;
}
