/** Named workloads (data/scenarios.json): partial inputs to lay over any preset. */
import table from "../../data/scenarios.json" with { type: "json" };

/** A named workload to lay over any preset. */
export interface Scenario {
  /** Identifier ("busy"). */
  id: string;
  /** Human label. */
  label: string;
  /** One sentence about the situation. */
  description: string;
  /** Dotted parameter paths and their values. */
  values: Record<string, number | string | boolean>;
}

/** The named workloads (data/scenarios.json). */
export const SCENARIOS: readonly Scenario[] = table.scenarios as Scenario[];
