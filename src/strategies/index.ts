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
  caller_cpu: callerCpu,
  global_call: globalCall,
  none,
};

/** The strategies that run the SEAMCALL on every online CPU. */
export const PER_CPU_STRATEGIES: readonly Strategy[] = ["on_each_cpu", "schedule_on_each_cpu", "serial", "cpuhp", "stop_machine"];
