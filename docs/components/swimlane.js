// Per-CPU swimlanes of one simulated run: what each CPU does, and when.
// Plain data in (a RunResult with a timeline), a Plot figure out.
import * as Plot from "@observablehq/plot";
import { formatNs } from "../lib/kernel.js";

/** Segment kinds in drawing order, with the labels the legend shows. */
export const SEGMENT_LABELS = {
  queue: "caller queues / sends",
  "ipi-pending": "IPI or wake-up in flight",
  "irq-off": "CPU's own IRQs-off section",
  hardirq: "interrupt entry + CSD",
  "wait-kthread": "kthread woken, not yet running",
  switch: "context switch",
  spin: "spinning",
  rendezvous: "stop_machine rendezvous (IRQs off)",
  seamcall: "SEAMCALL (IRQs off)",
  sleep: "caller asleep",
};

// Okabe-Ito (plus Tol's wine and olive for the two kinds beyond its eight),
// chosen to stay distinguishable with deuteranopia, protanopia and
// tritanopia, and mid-luminance so they read on light and dark backgrounds
// alike (no Okabe-Ito yellow: 1.3:1 against white).
export const SEGMENT_COLORS = {
  queue: "#999999",
  "ipi-pending": "#56B4E9",
  "irq-off": "#999933",
  hardirq: "#E69F00",
  "wait-kthread": "#CC79A7",
  switch: "#0072B2",
  spin: "#D55E00",
  rendezvous: "#882255",
  seamcall: "#009E73",
  sleep: "#BBBBBB",
};

export const segmentColor = {
  legend: true,
  domain: Object.keys(SEGMENT_LABELS),
  range: Object.keys(SEGMENT_LABELS).map((k) => SEGMENT_COLORS[k]),
  tickFormat: (k) => SEGMENT_LABELS[k],
};

/**
 * Which lanes to draw on a big machine: the caller, the CPUs that finish
 * last (they set the latency), and evenly spaced others, up to maxLanes.
 */
export function pickLanes(run, maxLanes = 24) {
  const lanes = run.timeline ?? [];
  if (lanes.length <= maxLanes) return lanes;
  const end = (l) => Math.max(0, ...l.segments.map((s) => s.end));
  const slowest = [...lanes.slice(1)].sort((a, b) => end(b) - end(a)).slice(0, Math.floor(maxLanes / 2));
  const keep = new Set([lanes[0], ...slowest]);
  const step = lanes.length / (maxLanes - keep.size);
  for (let i = 0; keep.size < maxLanes && i < lanes.length; i += step) keep.add(lanes[Math.floor(i)]);
  return lanes.filter((l) => keep.has(l));
}

/** Tidy rows for Plot, the CSV download and the text alternative: the same CPUs for every run. */
export function swimlaneRows(runs, maxLanes) {
  const keep = new Set(runs.length ? pickLanes(slowestRun(runs), maxLanes).map((l) => l.cpu) : []);
  return runs.flatMap((run) =>
    (run.timeline ?? []).filter((lane) => keep.has(lane.cpu)).flatMap((lane) =>
      lane.segments.map((s) => ({
        strategy: run.strategy,
        cpu: lane.cpu,
        lane: `CPU ${lane.cpu}${lane.state === "caller" ? " (caller)" : lane.state === "idle" ? "" : ` (${lane.state})`}`,
        state: lane.state,
        kind: s.kind,
        startUs: s.start / 1000,
        endUs: s.end / 1000,
      }))
    )
  );
}

/** The run whose caller waits longest: its slowest CPUs are the interesting ones. */
function slowestRun(runs) {
  return runs.reduce((a, b) => (b.callerLatencyNs > a.callerLatencyNs && b.timeline?.length ? b : a));
}

/** One swimlane chart per strategy, stacked, sharing the time axis. */
export function swimlanes(runs, { width = 900, maxLanes = 24, xDomain } = {}) {
  const rows = swimlaneRows(runs, maxLanes);
  const lanesPer = Math.max(1, ...runs.map((r) => Math.min(maxLanes, r.timeline?.length ?? 0)));
  const ends = runs.map((r) => r.callerLatencyNs / 1000);
  return Plot.plot({
    width,
    height: 40 + runs.length * (lanesPer * 14 + 30),
    marginLeft: 110,
    marginRight: 130,
    x: { label: "time since the call (µs) →", domain: xDomain ?? [0, Math.max(...ends) * 1.02], grid: true },
    y: { label: null, domain: [...new Set(rows.map((r) => r.lane))].sort((a, b) => parseInt(a.slice(4)) - parseInt(b.slice(4))), tickSize: 0 },
    fy: { label: null, domain: runs.map((r) => r.strategy), padding: 0.15 },
    color: segmentColor,
    marks: [
      Plot.barX(rows, { x1: "startUs", x2: "endUs", y: "lane", fy: "strategy", fill: "kind", title: (d) => `${d.lane}: ${SEGMENT_LABELS[d.kind]}\n${d.startUs.toFixed(2)}–${d.endUs.toFixed(2)} µs`, insetTop: 1, insetBottom: 1 }),
      Plot.ruleX(runs, { x: (r) => r.callerLatencyNs / 1000, fy: "strategy", stroke: "currentColor", strokeDasharray: "3,3" }),
      Plot.text(runs, { x: (r) => r.callerLatencyNs / 1000, fy: "strategy", frameAnchor: "top", dx: 4, textAnchor: "start", text: (r) => `caller returns: ${formatNs(r.callerLatencyNs)}`, fill: "currentColor" }),
    ],
  });
}
