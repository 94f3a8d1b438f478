/**
 * An independent implementation agrees: scripts/simpy-on-each-cpu.py models
 * on_each_cpu the way a discrete-event simulation usually does (a SimPy
 * process per CPU, the module lock as a Resource), on the kernel's own
 * machine draw. Its caller latency must equal the kernel's to the bit, over
 * presets, APIC modes, module versions and busy workloads. Needs Debian's
 * python3-simpy3 (scripts/setup-test.sh installs it).
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { params, simulate, type ParamsInput } from "../src/mod.ts";
import { simpyInput } from "./support/simpy-draw.ts";

const busy = { idle: 0.3, cfs: 0.4, rt: 0.2, isolated: 0.1, irqOff: { probability: 0.2, medianNs: 30_000, sigma: 1.5 }, nmi: { probability: 0.01 } };
const SCENARIOS: ParamsInput[] = [
  { preset: "tiny-4" },
  { preset: "emr-2s" },
  { preset: "gnr-2s", kernel: { ipiShorthand: false } },
  { preset: "emr-2s", kernel: { apicMode: "cluster", ipiShorthand: false } },
  { preset: "emr-2s", tdx: { moduleVersion: "1.5" } },
  { preset: "emr-2s", tdx: { operation: "lp_init" } },
  { preset: "emr-2s", workload: busy },
];

describe("the SimPy model of on_each_cpu", () => {
  it("gives the kernel's caller latency to the bit", () => {
    const dir = mkdtempSync(join(tmpdir(), "tdx-simpy-"));
    try {
      const latencies = new Set<number>();
      for (const input of SCENARIOS) {
        for (const seed of [0, 5, 77]) {
          const p = params({ ...input, strategy: "on_each_cpu" } as ParamsInput);
          const file = join(dir, "draw.json");
          writeFileSync(file, simpyInput(p, seed));
          const out = JSON.parse(execFileSync("/usr/bin/python3", ["scripts/simpy-on-each-cpu.py", file, "1"], { encoding: "utf-8" })) as { callerLatencyNs: number };
          expect(out.callerLatencyNs, `${JSON.stringify(input)} seed ${seed}`).toBe(simulate(p, { seed }).callerLatencyNs);
          latencies.add(out.callerLatencyNs);
        }
      }
      // The 21 runs are not one case 21 times: the scenarios and seeds give the lock and the CSD waits different work.
      expect(latencies.size).toBeGreaterThan(15);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
