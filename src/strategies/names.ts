/** The strategies' names, in the order every table and chart shows them (no dependencies: the light display bundle uses it). */
export const STRATEGIES: readonly ["on_each_cpu", "schedule_on_each_cpu", "serial", "cpuhp", "stop_machine", "caller_cpu", "global_call", "none"] = [
  "on_each_cpu",
  "schedule_on_each_cpu",
  "serial",
  "cpuhp",
  "stop_machine",
  "caller_cpu",
  "global_call",
  "none",
] as const;

/** One strategy's name. */
export type Strategy = (typeof STRATEGIES)[number];
