/**
 * What a page needs to draw and label, without the model: strategy names,
 * colours, formatters, metric labels and swimlane rows. No zod and no
 * simulation, so pages that run no model (Thread, Outcome) load only this
 * (docs/lib/display.js, scripts/bundle-kernel.mjs).
 *
 * @module
 */
export { STRATEGIES, type Strategy } from "./strategies/names.ts";
export { CATEGORICAL, PATH_COLORS, SEGMENT_COLORS, SEGMENT_LABELS, STRATEGY_COLORS, TIE_COLOR } from "./palette.ts";
export { formatDay, formatNs, formatNsTick, formatNumber, formatPerMillion, formatProbability, formatRatio, formatShare, formatUsd, probabilityTickFormat } from "./format.ts";
export { METRICS, METRIC_META, PATH_KINDS, PATH_LABELS, type Metric, type MetricUnit } from "./result.ts";
export { concurrencyOf } from "./verdict.ts";
export { citableAddress, isLocalAddress, siteUrlProblem } from "./site-url.ts";
export { describeLanes, pickLanes, swimlaneRows, type SwimlaneRow } from "./swimlane.ts";
