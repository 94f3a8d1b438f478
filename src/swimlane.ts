/**
 * Swimlane rows: the per-CPU timeline of runs as tidy rows (one per segment)
 * for a chart, its CSV download and its text alternative. Pure data; the
 * site and the notebook draw them.
 */
import type { CpuLane, RunResult, SegmentKind } from "./result.ts";

/** One segment of one CPU's lane. Times in ns. */
export interface SwimlaneRow {
  /** The strategy of the run. */
  strategy: RunResult["strategy"];
  /** Linux CPU number. */
  cpu: number;
  /** "CPU 3 (rt)", "CPU 0 (caller)"; idle CPUs have no suffix. */
  lane: string;
  /** What the CPU was doing when the request arrived. */
  state: CpuLane["state"];
  /** What the CPU does in this segment. */
  kind: SegmentKind;
  /** Start, ns since the call. */
  startNs: number;
  /** End, ns since the call. */
  endNs: number;
}

/**
 * Which lanes to draw on a big machine: the caller, the CPUs that finish
 * last (they set the latency), and evenly spaced others, up to maxLanes.
 */
export function pickLanes(run: RunResult, maxLanes = 24): CpuLane[] {
  const lanes = run.timeline ?? [];
  const ends = lanes.map((l) => l.segments.reduce((m, s) => Math.max(m, s.end), 0));
  return pickLaneIndices(ends, maxLanes).map((i) => lanes[i]);
}

/** pickLanes() on each lane's latest segment end (0: none): the indices kept, ascending. */
export function pickLaneIndices(ends: ArrayLike<number>, maxLanes = 24): number[] {
  const n = ends.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= maxLanes) return all;
  const slowest = all.slice(1).sort((a, b) => ends[b] - ends[a]).slice(0, Math.floor(maxLanes / 2));
  const keep = new Set([0, ...slowest]);
  const step = n / (maxLanes - keep.size);
  for (let i = 0; keep.size < maxLanes && i < n; i += step) keep.add(Math.floor(i));
  // The stepped picks can land on lanes already kept: fill up to maxLanes in CPU order.
  for (const i of all) {
    if (keep.size >= maxLanes) break;
    keep.add(i);
  }
  return all.filter((i) => keep.has(i));
}

/** Tidy rows of several runs over the same CPUs: those of the run whose caller waits longest. */
export function swimlaneRows(runs: readonly RunResult[], maxLanes = 24): SwimlaneRow[] {
  if (!runs.length) return [];
  const slowest = runs.reduce((a, b) => (b.callerLatencyNs > a.callerLatencyNs && b.timeline?.length ? b : a));
  const keep = new Set(pickLanes(slowest, maxLanes).map((l) => l.cpu));
  return runs.flatMap((run) =>
    (run.timeline ?? []).filter((lane) => keep.has(lane.cpu)).flatMap((lane) =>
      lane.segments.map((s) => ({
        strategy: run.strategy,
        cpu: lane.cpu,
        lane: `CPU ${lane.cpu}${lane.state === "caller" ? " (caller)" : lane.state === "idle" ? "" : ` (${lane.state})`}`,
        state: lane.state,
        kind: s.kind,
        startNs: s.start,
        endNs: s.end,
      }))
    )
  );
}

/** Which lanes pickLanes() shows, in words, for a figure's caption. */
export function describeLanes(onlineLps: number, maxLanes = 24): string {
  if (onlineLps <= maxLanes) return `every one of the ${onlineLps} online CPUs`;
  const slowest = Math.floor(maxLanes / 2);
  return `${maxLanes} of ${onlineLps} online CPUs: the caller, the ${slowest} whose work ends last (they set the latency) and ${maxLanes - 1 - slowest} others evenly spaced`;
}
