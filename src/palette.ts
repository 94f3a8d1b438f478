/**
 * Colours and labels every figure uses (the site, the notebook), so a
 * strategy or a swimlane segment looks the same everywhere.
 *
 * Okabe-Ito hues: distinguishable under the common colour-vision
 * deficiencies and mid-luminance, so they read on light and dark
 * backgrounds. No Okabe-Ito yellow (1.3:1 against white) or black (invisible
 * on dark); Tol's olive, teal, purple, a muted blue and a wine lightened
 * from Tol's #882255 (1.9:1 on the dark theme) where eight are not enough.
 * Every colour has at least 2:1 contrast against white and against
 * Framework's dark theme (test/palette.test.ts), and no two kinds that can
 * share a legend share a colour.
 */
import type { Strategy } from "./params/schema.ts";
import type { PathKind, SegmentKind } from "./result.ts";

/** One colour per strategy; grey for none, the do-nothing baseline. */
export const STRATEGY_COLORS: Readonly<Record<Strategy, string>> = {
  on_each_cpu: "#D55E00",
  schedule_on_each_cpu: "#0072B2",
  queue_work_on: "#44AA99",
  serial: "#E69F00",
  cpuhp: "#56B4E9",
  cpuhp_cpuslocked: "#6699CC",
  stop_machine: "#CC79A7",
  stop_machine_cpuslocked: "#AA4499",
  caller_cpu: "#993366",
  global_call: "#009E73",
  none: "#999999",
};

/** A tie between strategies (who-wins maps): Tol's olive, a hue no strategy uses, far from none's grey. */
export const TIE_COLOR = "#999933";

/** Any other categorical scale, up to nine classes. */
export const CATEGORICAL: readonly string[] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#999933", "#993366", "#999999"];

/** Swimlane segment kinds in drawing order, with the legend's labels. */
export const SEGMENT_LABELS: Readonly<Record<SegmentKind, string>> = {
  queue: "caller queues / sends",
  "ipi-pending": "IPI or wake-up in flight",
  "idle-exit": "idle exit (C-state)",
  "irq-off": "CPU's own IRQs-off section",
  hardirq: "interrupt entry + CSD",
  "wait-kthread": "kthread woken, not yet running",
  switch: "context switch",
  spin: "spinning",
  rendezvous: "stop_machine rendezvous (IRQs off)",
  "lock-wait": "SEAMCALL entry, module lock",
  seamcall: "SEAMCALL leaf and return (IRQs off)",
  sleep: "caller asleep",
};

/** One colour per segment kind. */
export const SEGMENT_COLORS: Readonly<Record<SegmentKind, string>> = {
  queue: "#999999",
  "ipi-pending": "#56B4E9",
  "idle-exit": "#44AA99",
  "irq-off": "#999933",
  hardirq: "#E69F00",
  "wait-kthread": "#CC79A7",
  switch: "#0072B2",
  spin: "#D55E00",
  rendezvous: "#993366",
  "lock-wait": "#6699CC",
  seamcall: "#009E73",
  sleep: "#B0B0B0",
};

/** One colour per critical-path part: the colour of the swimlane segment it is made of. */
export const PATH_COLORS: Readonly<Record<PathKind, string>> = {
  // none's one part: darker than the grey of the caller's send, which shares its legend.
  store: "#666666",
  send: SEGMENT_COLORS.queue,
  delivery: SEGMENT_COLORS["ipi-pending"],
  "idle-exit": SEGMENT_COLORS["idle-exit"],
  "irq-off": SEGMENT_COLORS["irq-off"],
  hardirq: SEGMENT_COLORS.hardirq,
  "kthread-wait": SEGMENT_COLORS["wait-kthread"],
  "lock-wait": SEGMENT_COLORS["lock-wait"],
  seamcall: SEGMENT_COLORS.seamcall,
  rendezvous: SEGMENT_COLORS.rendezvous,
  spin: SEGMENT_COLORS.spin,
  wake: SEGMENT_COLORS.switch,
  stuck: "#B0B0B0",
};
