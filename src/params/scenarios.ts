/** Named workloads (data/scenarios.json): partial inputs to lay over any preset. */
import table from "../../data/scenarios.json" with { type: "json" };

export interface Scenario {
  id: string;
  label: string;
  description: string;
  /** Dotted parameter paths and their values. */
  values: Record<string, number | string | boolean>;
}

export const SCENARIOS: readonly Scenario[] = table.scenarios as Scenario[];
