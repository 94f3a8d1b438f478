/** The strategies' names, in the order every table and chart shows them (no dependencies: the light display bundle uses it). */
export const STRATEGIES: readonly [
  "on_each_cpu", "schedule_on_each_cpu", "queue_work_on", "serial", "cpuhp", "cpuhp_cpuslocked",
  "stop_machine", "stop_machine_cpuslocked", "caller_cpu", "global_call", "none",
] = [
  "on_each_cpu",
  "schedule_on_each_cpu",
  "queue_work_on",
  "serial",
  "cpuhp",
  "cpuhp_cpuslocked",
  "stop_machine",
  "stop_machine_cpuslocked",
  "caller_cpu",
  "global_call",
  "none",
] as const;

/** One strategy's name. */
export type Strategy = (typeof STRATEGIES)[number];

/** The strategies that run the SEAMCALL on every online CPU: the only ones TDH.SYS.LP.INIT can use. */
export const PER_CPU_STRATEGIES: readonly Strategy[] = [
  "on_each_cpu", "schedule_on_each_cpu", "queue_work_on", "serial", "cpuhp", "cpuhp_cpuslocked", "stop_machine", "stop_machine_cpuslocked",
];
