/** Parameters that are shares of one whole: moving one rescales the others so they still sum to 1. */
import type { Params } from "./schema.ts";
import { getPath, setPath } from "./paths.ts";

/** The groups of share parameters: the workload mix and the failed-stage shares. */
export const SHARE_GROUPS: readonly (readonly string[])[] = [
  ["workload.idle", "workload.cfs", "workload.rt", "workload.isolated"],
  ["benefit.failedStage.sys_init", "benefit.failedStage.lp_init", "benefit.failedStage.tdmr_build", "benefit.failedStage.config", "benefit.failedStage.key_config", "benefit.failedStage.tdmr_init"],
];

/** The group a path belongs to, if any. */
export function shareGroup(path: string): readonly string[] | undefined {
  return SHARE_GROUPS.find((g) => g.includes(path));
}

/** p with path set to v and the rest of its group scaled to 1 - v (evenly if they were all 0). */
export function setShare(p: Params, path: string, v: number): Params {
  const group = shareGroup(path);
  let q = setPath(p, path, v);
  if (!group) return q;
  const others = group.filter((g) => g !== path);
  const sum = others.reduce((a, g) => a + (getPath(p, g) as number), 0);
  for (const g of others) q = setPath(q, g, sum > 0 ? ((getPath(p, g) as number) / sum) * (1 - v) : (1 - v) / others.length);
  return q;
}
