/**
 * Do nothing to the module; remember the error. What v8 and mainline did:
 * __tdx_enable() sets tdx_module_status = TDX_MODULE_ERROR and tdx_enable()
 * refuses every later attempt without a SEAMCALL (6162b310bc21). The cost is
 * a store; no LP executes anything, by design.
 */
import type { Params } from "../params/schema.ts";
import type { MachineDraw } from "../machine.ts";
import type { RunRecord } from "../run.ts";

export function none(_d: MachineDraw, p: Params, rec: RunRecord): void {
  rec.callerLatencyNs = rec.callerCpuNs = p.costs.statusStoreNs;
  rec.path("store", _d.cpu[0], p.costs.statusStoreNs);
}
