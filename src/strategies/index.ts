/** Every strategy of the thread (and caller_cpu, which the source suggests), by name. */
import type { Params, Strategy } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { onEachCpu } from "./on-each-cpu.ts";
import { scheduleOnEachCpu } from "./schedule-on-each-cpu.ts";
import { serial } from "./serial.ts";
import { cpuhp } from "./cpuhp.ts";
import { stopMachine } from "./stop-machine.ts";
import { callerCpu } from "./caller-cpu.ts";
import { globalCall } from "./global-call.ts";
import { none } from "./none.ts";

export type StrategyRunner = (d: MachineDraw, p: Params, rec: RunRecord) => void;

export const RUNNERS: Readonly<Record<Strategy, StrategyRunner>> = {
  on_each_cpu: onEachCpu,
  schedule_on_each_cpu: scheduleOnEachCpu,
  serial,
  cpuhp,
  stop_machine: stopMachine,
  // The _cpuslocked forms and the open-coded queue_work_on() loop play out like
  // their plain forms (taking cpus_read_lock is a per-CPU counter increment);
  // they differ in lock behaviour (data/strategies.json, src/linux-paths.ts).
  queue_work_on: scheduleOnEachCpu,
  cpuhp_cpuslocked: cpuhp,
  stop_machine_cpuslocked: stopMachine,
  caller_cpu: callerCpu,
  global_call: globalCall,
  none,
};

export { PER_CPU_STRATEGIES } from "./names.ts";
