/** Lines of kernel code each strategy adds (data/strategies.json, with sources). */
import table from "../data/strategies.json" with { type: "json" };
import type { Strategy } from "./params/schema.ts";

export interface CodeSize {
  linesAdded: number;
  basis: "sourced" | "assumption";
  source: string;
  url: string;
}

export const CODE_SIZE: Readonly<Record<Strategy, CodeSize>> = table.strategies as Record<Strategy, CodeSize>;
