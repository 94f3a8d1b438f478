/** Which of the kernel's watchdogs a run crosses, by the way its caller waits. */
import type { Params } from "../params/schema.ts";
import type { RunRecord } from "../run.ts";

const S = 1e9;

/**
 * A spinning caller: csd_lock_wait() warns after smp.csd_lock_timeout, and a
 * CPU that spins with preemption off past the soft-lockup threshold is reported.
 */
export function ipiWatchdogs(rec: RunRecord, p: Params, longestCsdWaitNs: number, spinNs: number): void {
  const k = p.kernel;
  if (k.csdLockTimeoutMs > 0 && longestCsdWaitNs > k.csdLockTimeoutMs * 1e6) rec.watchdog("csd_lock_timeout");
  if (spinNs > k.softLockupS * S) rec.watchdog("soft_lockup");
}

/**
 * A sleeping caller (flush_work, wait_for_completion): the workqueue watchdog
 * reports a pool stalled past wq_watchdog_thresh, the hung-task detector a
 * task in D state past hung_task_timeout_secs. A wait that never ends is
 * stuck; its latency is reported as the moment the later of the two fires.
 */
export function sleepWatchdogs(rec: RunRecord, p: Params, longestKthreadWaitNs: number, latencyNs: number, usesWorkqueue: boolean): number {
  const k = p.kernel;
  if (usesWorkqueue && longestKthreadWaitNs > k.wqWatchdogS * S) rec.watchdog("workqueue_lockup");
  if (latencyNs > k.hungTaskS * S) rec.watchdog("hung_task");
  if (Number.isFinite(latencyNs)) return latencyNs;
  rec.stuck = true;
  return Math.max(k.hungTaskS, usesWorkqueue ? k.wqWatchdogS : 0) * S;
}

/**
 * stop_machine's CPUs spin in multi_cpu_stop(): with IRQs off past
 * watchdog_thresh (half the soft-lockup threshold, lockup-watchdogs.rst) the
 * hard-lockup detector fires; without scheduling past the soft threshold, the soft one.
 */
export function stopperWatchdogs(rec: RunRecord, p: Params, longestIrqOffNs: number, longestStallNs: number): void {
  const k = p.kernel;
  if (longestIrqOffNs > (k.softLockupS / 2) * S) rec.watchdog("hard_lockup");
  if (longestStallNs > k.softLockupS * S) rec.watchdog("soft_lockup");
}
