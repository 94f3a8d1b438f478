/**
 * How each strategy would have to be written under v7's caller, and what
 * that risks. v7 04/20's __tdx_enable() holds cpus_read_lock() while it
 * initialises the module and, on an error, shuts it down. Three mechanisms
 * take that lock again:
 * - schedule_on_each_cpu() (kernel/workqueue.c): cpus_read_lock(), after
 *   alloc_percpu(struct work_struct), which can fail with -ENOMEM;
 * - stop_machine() (kernel/stop_machine.c): cpus_read_lock(), then
 *   stop_machine_cpuslocked();
 * - cpuhp_setup_state() (kernel/cpu.c __cpuhp_setup_state()):
 *   cpus_read_lock(), then __cpuhp_setup_state_cpuslocked(), which asserts
 *   lockdep_assert_cpus_held().
 * cpus_read_lock() is a percpu rwsem read. Reads are not recursive
 * (kernel/locking/percpu-rwsem.c: "the writer can come after the first
 * percpu_down_read() and create the deadlock"): percpu_down_write() sets
 * sem->block and waits for the outer reader, and the inner read waits on
 * sem->block. So the plain forms hang when a hotplug writer arrives between
 * the two reads; the _cpuslocked forms and an open-coded queue_work_on() +
 * flush_work() loop do not take the lock again.
 *
 * Simplification: the hang risk is one probability per call,
 * kernel.pHotplugWriterPending (no published rate of hotplug writers at
 * boot or KVM load was found: a stated assumption). The alloc_percpu()
 * failure and a cpuhp state left installed are shown as properties, not
 * priced.
 */
import type { Params, Strategy } from "./params/schema.ts";
import { CODE_SIZE } from "./code-size.ts";

/** Probability that this strategy deadlocks on a recursive cpus_read_lock() under v7's caller. */
export function deadlockRisk(p: Params, strategy: Strategy): number {
  return CODE_SIZE[strategy].recursiveCpusReadLock ? p.kernel.pHotplugWriterPending : 0;
}
