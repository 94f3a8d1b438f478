// Per-CPU swimlanes of one simulated run: what each CPU does, and when.
// Plain data in (RunResults with timelines), a Plot figure out. Which lanes,
// their rows, labels and colours come from the kernel (src/swimlane.ts,
// src/palette.ts), shared with the notebook.
import * as Plot from "../lib/plot.js";
import { SEGMENT_COLORS, SEGMENT_LABELS, formatNs, swimlaneRows } from "../lib/display.js";
import { rectPaths } from "./markpaths.js";

export { swimlaneRows };

/** The segment colour scale, its legend listing only the kinds drawn (colours fixed per kind). */
export function segmentColor(rows) {
  const drawn = new Set(rows.map((r) => r.kind));
  const domain = Object.keys(SEGMENT_LABELS).filter((k) => drawn.has(k));
  return { legend: true, domain, range: domain.map((k) => SEGMENT_COLORS[k]), tickFormat: (k) => SEGMENT_LABELS[k] };
}

/**
 * One swimlane chart per strategy, stacked, sharing the time axis; when the
 * callers' latencies differ by more than 10x (22 µs beside 464 µs would be
 * 30 px wide), each strategy gets a chart and a time axis of its own.
 */
export function swimlanes(runs, { width = 900, maxLanes = 24, xDomain, notes = [], legend = true } = {}) {
  const latencies = runs.map((r) => r.callerLatencyNs).filter((x) => x > 0);
  if (!xDomain && runs.length > 1 && latencies.length > 1 && Math.max(...latencies) / Math.min(...latencies) > 10) {
    const div = document.createElement("div");
    div.className = "swimlane-facets";
    runs.forEach((r, i) => div.append(swimlanes([r], { width, maxLanes, notes, legend: legend && i === 0 })));
    return div;
  }
  const rows = swimlaneRows(runs, maxLanes);
  const lanesPer = Math.max(1, ...runs.map((r) => Math.min(maxLanes, r.timeline?.length ?? 0)));
  const ends = runs.map((r) => r.callerLatencyNs / 1000);
  const laneOf = new Map(rows.map((r) => [`${r.strategy}/${r.cpu}`, r.lane]));
  const placed = notes.map((n) => ({ ...n, lane: laneOf.get(`${n.strategy}/${n.cpu}`) })).filter((n) => n.lane);
  // Below 500 px the strategy names leave the right margin for the "returns" labels, which
  // turn toward the middle of the axis: the plot area keeps 250 px on a phone.
  const narrow = width < 500;
  const end = Math.max(...ends);
  const returns = (r) => `${narrow ? r.strategy : "caller"} returns: ${formatNs(r.callerLatencyNs)}`;
  const returnsText = (list, anchor) => Plot.text(list, { x: (r) => r.callerLatencyNs / 1000, fy: "strategy", frameAnchor: "top", dx: anchor === "start" ? 4 : -4, textAnchor: anchor, text: returns, fill: "currentColor" });
  return Plot.plot({
    width,
    height: 40 + runs.length * (lanesPer * 14 + 44),
    marginLeft: narrow ? 50 : 110,
    marginRight: narrow ? 12 : 130,
    x: { label: "time since the call (µs) →", domain: xDomain ?? [0, Math.max(...ends) * 1.02], grid: true },
    // On a phone a lane is its CPU number ("0 caller"), not "CPU 0 (caller)".
    // Each facet keeps a line above its lanes for its "returns" label.
    y: { label: null, insetTop: 14, domain: [...new Set(rows.map((r) => r.lane))].sort((a, b) => parseInt(a.slice(4)) - parseInt(b.slice(4))), tickSize: 0, tickFormat: narrow ? (l) => l.replace(/^CPU /, "").replace(" (caller)", " caller") : undefined },
    fy: { label: null, domain: runs.map((r) => r.strategy), padding: 0.15, axis: narrow ? null : "right" },
    color: { ...segmentColor(rows), legend },
    marks: [
      // One path per step a facet (rectPaths): a rect and a title per segment were 118 kB of the page's copies; the tip names each segment.
      Plot.barX(rows, { x1: (d) => d.startNs / 1000, x2: (d) => d.endNs / 1000, y: "lane", fy: "strategy", fill: "kind", title: (d) => `${d.lane}: ${SEGMENT_LABELS[d.kind]}\n${formatNs(d.startNs)} to ${formatNs(d.endNs)}`, insetTop: 1, insetBottom: 1, render: rectPaths(), tip: true }),
      Plot.ruleX(runs, { x: (r) => r.callerLatencyNs / 1000, fy: "strategy", stroke: "currentColor", strokeDasharray: "3,3" }),
      ...(narrow
        ? [returnsText(runs.filter((r) => r.callerLatencyNs / 1000 > end / 2), "end"), returnsText(runs.filter((r) => r.callerLatencyNs / 1000 <= end / 2), "start")]
        : [returnsText(runs, "start")]),
      // Numbered marks {strategy, cpu, ns, mark}, explained in the caption:
      // a circled digit fits on any lane at any width, a sentence does not.
      Plot.dot(placed, { x: (n) => n.ns / 1000, y: "lane", fy: "strategy", r: 7, fill: "var(--theme-background)", stroke: "currentColor" }),
      Plot.text(placed, { x: (n) => n.ns / 1000, y: "lane", fy: "strategy", text: "mark", fill: "currentColor", fontWeight: "bold", fontSize: 10, className: "swimlane-mark" }),
    ],
  });
}
