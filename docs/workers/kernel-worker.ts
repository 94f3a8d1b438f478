/**
 * The kernel in a Web Worker: Monte Carlo, sweeps and sensitivity run here,
 * off the page's main thread. Bundled with the kernel into
 * docs/lib/kernel-worker.js (scripts/bundle-kernel), loaded by
 * docs/components/compute.js. Messages: {id, fn, args} -> {id, result} | {id, error}.
 */
import { compare, monteCarloAll, sensitivity, simulateAll, sweep } from "../../src/mod.ts";

const FUNCTIONS = { compare, monteCarloAll, sensitivity, simulateAll, sweep } as Record<string, (...args: never[]) => unknown>;

declare const self: { onmessage: (e: { data: { id: number; fn: string; args: unknown[] } }) => void; postMessage: (m: unknown) => void };

self.onmessage = (e) => {
  const { id, fn, args } = e.data;
  try {
    const f = FUNCTIONS[fn];
    if (!f) throw new Error(`unknown kernel function ${fn}`);
    self.postMessage({ id, result: f(...(args as never[])) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
