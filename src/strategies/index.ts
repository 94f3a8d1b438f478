/** Every strategy of the thread, by name. */
import type { Params, Strategy } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";
import { onEachCpu } from "./on-each-cpu.ts";
import { scheduleOnEachCpu } from "./schedule-on-each-cpu.ts";
import { serial } from "./serial.ts";
import { cpuhp } from "./cpuhp.ts";
import { stopMachine } from "./stop-machine.ts";
import { globalCall } from "./global-call.ts";
import { none } from "./none.ts";

export type StrategyRunner = (d: MachineDraw, p: Params, rec: RunRecord) => void;

export const RUNNERS: Readonly<Record<Strategy, StrategyRunner>> = {
  on_each_cpu: onEachCpu,
  schedule_on_each_cpu: scheduleOnEachCpu,
  serial,
  cpuhp,
  stop_machine: stopMachine,
  global_call: globalCall,
  none,
};

/** Does the shutdown change anything with this module? LP.SHUTDOWN is a no-op from 1.5 (intel/tdx-module); SYS.SHUTDOWN needs 1.5. */
export function isEffective(strategy: Strategy, p: Params): boolean {
  if (strategy === "none") return false;
  if (strategy === "global_call") return p.tdx.moduleVersion !== "1.0";
  return p.tdx.moduleVersion === "1.0";
}
