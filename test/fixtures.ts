/** Scenarios shared by the kernel suites. */
import { params, type Params } from "../src/mod.ts";

/**
 * The teaching machine with round, fixed costs and no randomness that
 * matters: 1 socket x 2 cores x 2 threads, all four LPs online and idle in
 * C1 (wake-up exactly the declared 1,000 ns), no interrupts-off sections, no
 * NMIs, no uncertainty sampling. A SEAMCALL is a 7,000 ns transition with no
 * leaf work and free cache-line transfers, unless a test sets them.
 */
export function fixedTiny(over: Record<string, unknown> = {}): Params {
  const base = {
    preset: "tiny-4",
    uncertainty: false,
    machine: { sockets: 1, coresPerSocket: 2, threadsPerCore: 2, smtOff: false, maxcpus: 0, idleCState: "C1" },
    workload: {
      idle: 1, cfs: 0, rt: 0, isolated: 0, initAt: "kvm_load", deepIdleShare: 1,
      irqOff: { probability: 0, medianNs: 10_000, sigma: 0 },
      preemptOff: { probability: 0, medianNs: 10_000, sigma: 0 },
      nmi: { probability: 0, medianNs: 5_000, sigma: 0 },
    },
    costs: {
      csdQueueNs: 10, icrWriteNs: 20, ipiDeliveryNs: 500, hardirqNs: 400, csdHandlingNs: 100,
      queueWorkNs: 50, crossCpuWakeNs: 4_000, contextSwitchNs: 2_000,
      idleExitC1Ns: 1_000, idleExitC1ENs: 2_000, idleExitC6Ns: 100_000, idleWakeMedianShare: 1, idleWakeSigma: 0,
      cfsWakeMedianNs: 6_000, cfsWakeSigma: 0, cfsWakeTailShare: 0, stopperAckNs: 70, statusStoreNs: 1,
      lineTransferNs: 0, remoteLineTransferNs: 0,
    },
    tdx: { moduleVersion: "1.0", operation: "lp_shutdown", seamcallNs: 7_000, lpShutdownWorkNs: 0, lpInitWorkNs: 0, sysShutdownBaseNs: 7_000, sysShutdownPerLpNs: 10 },
    kernel: { ipiShorthand: true, apicMode: "physical", rtThrottling: true, rtRuntimeUs: 950_000, rtPeriodUs: 1_000_000 },
  };
  return params(merge(base, over));
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const av = a[k];
    out[k] = v && typeof v === "object" && av && typeof av === "object" ? merge(av as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
