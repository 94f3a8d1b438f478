/** The input of scripts/simpy-on-each-cpu.py: a kernel draw and the costs it needs. */
import { drawMachine } from "../../src/machine.ts";
import { countsLps, leafWorkNs, takesLock } from "../../src/module-lock.ts";
import type { Params } from "../../src/mod.ts";

export function simpyInput(p: Params, seed: number): string {
  const d = drawMachine(p, seed);
  return JSON.stringify({
    costs: p.costs, seamcallNs: p.tdx.seamcallNs, leafWorkNs: leafWorkNs(p), takesLock: takesLock(p), countsLps: countsLps(p), apicMode: p.kernel.apicMode,
    shorthand: d.shorthand, socket: Array.from(d.socket), cluster: Array.from(d.cluster), blockedNs: Array.from(d.blockedNs), idleWakeNs: Array.from(d.idleWakeNs),
  });
}
