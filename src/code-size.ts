/** Lines of kernel code each strategy adds (data/strategies.json, with sources). */
import table from "../data/strategies.json" with { type: "json" };
import type { Strategy } from "./params/schema.ts";

/** How much kernel code a strategy adds, with the basis of the figure. */
export interface CodeSize {
  /** Lines added to the TDX host code. */
  linesAdded: number;
  /** sourced (a diffstat) or assumption (an estimate). */
  basis: "sourced" | "assumption";
  /** Where the figure comes from, or why it was assumed. */
  source: string;
  /** The source's address, if any. */
  url: string;
  /** Under v7's caller (which holds cpus_read_lock()), the mechanism takes cpus_read_lock() again. */
  recursiveCpusReadLock: boolean;
  /** The mechanism allocates memory (alloc_percpu) inside the error path. */
  allocates: boolean;
  /** A CPU-hotplug state stays registered, so the callback also runs on CPUs onlined later. */
  leavesCpuhpState: boolean;
  /** The kernel code the lock behaviour is read from. */
  lockSource: string;
  /** Its address. */
  lockUrl: string;
}

/** Code size per strategy (data/strategies.json). */
export const CODE_SIZE: Readonly<Record<Strategy, CodeSize>> = table.strategies as Record<Strategy, CodeSize>;
