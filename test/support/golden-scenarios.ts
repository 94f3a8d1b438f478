/**
 * The kernel outputs the byte-identity test pins: runs with timelines on
 * every preset and strategy, Monte Carlo summaries with uncertainty on and
 * off, a sweep and a sensitivity analysis. Each scenario is hashed alone so
 * that a failure names the one that changed.
 */
import { PRESETS, STRATEGIES, monteCarloAll, params, sensitivity, simulateAll, sweep } from "../../src/mod.ts";

export function goldenScenarios(): Record<string, () => unknown> {
  const out: Record<string, () => unknown> = {};
  for (const { id: preset } of PRESETS) {
    for (const seed of [1, 12, 4_000_000_000]) {
      out[`${preset} seed ${seed}: simulateAll with timelines`] = () => simulateAll(params({ preset, seed }), STRATEGIES, { timeline: true });
    }
    out[`${preset}: monteCarloAll, 30 trials`] = () => monteCarloAll(params({ preset }), STRATEGIES, 30);
  }
  const busy = { idle: 0.3, cfs: 0.4, rt: 0.2, isolated: 0.1, irqOff: { probability: 0.05, medianNs: 30_000, sigma: 1.5 } };
  out["emr-2s busy, lp_init, 1.5, cluster APIC: monteCarloAll, 20 trials"] = () =>
    monteCarloAll(params({ preset: "emr-2s", workload: busy, tdx: { operation: "lp_init", moduleVersion: "1.5" }, kernel: { apicMode: "cluster", ipiShorthand: false } }), STRATEGIES, 20);
  out["emr-2s 8 sockets x 64 cores: simulateAll"] = () => simulateAll(params({ preset: "emr-2s", machine: { sockets: 8, coresPerSocket: 64 } }), STRATEGIES);
  out["8,192 LPs, shorthand off: simulateAll"] = () => simulateAll(params({ preset: "emr-2s", trials: 1, machine: { sockets: 8, coresPerSocket: 512 }, kernel: { ipiShorthand: false } }), STRATEGIES);
  out["tiny-4: sweep of cores per socket"] = () => sweep(params({ preset: "tiny-4", trials: 5 }), "machine.coresPerSocket", [1, 8, 64], { strategies: STRATEGIES });
  out["emr-2s: sensitivity, 3 trials"] = () => sensitivity(params({ preset: "emr-2s" }), "on_each_cpu", 3);
  return out;
}
