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
}

/** Code size per strategy (data/strategies.json). */
export const CODE_SIZE: Readonly<Record<Strategy, CodeSize>> = table.strategies as Record<Strategy, CodeSize>;
