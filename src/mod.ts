/**
 * tdx-shutdown: a simulator of every way the 2022 review thread proposed to
 * run TDH.SYS.LP.SHUTDOWN on all CPUs, with a benefit model. Pure
 * TypeScript: no I/O, no DOM, no runtime-specific APIs; deterministic.
 *
 * Errors, the same at every public function: an argument of the wrong type
 * or shape (null, a Map where a section belongs, a missing section, a row
 * that is not compare()'s) is a TypeError whose message starts with the
 * function and the argument ("simulate: p: ..."); a value outside what the
 * schema allows (a field past its cap, an unknown strategy or metric, too
 * much work for one call) is a RangeError. Paths and keys from input are
 * looked up among own properties only. Nothing from inside the kernel
 * reaches the caller. parseParams() never throws: it returns the errors.
 *
 * @module
 */
export {
  CAPS,
  C_STATES,
  INIT_TIMES,
  OPERATIONS,
  PAMT_ORDERS,
  STRATEGIES,
  type FieldMeta,
  type Params,
  type ParamsInput,
  type Section,
  type DeepPartial,
  type Strategy,
  type CState,
  type InitTime,
  type Operation,
  type PamtOrder,
  type StageShares,
  type VerdictThresholds,
  type Machine,
  type Workload,
  type Costs,
  type Tdx,
  type KernelConfig,
  type BenefitInputs,
} from "./params/schema.ts";
export {
  DEFAULT_PRESET,
  PARAMETER_TABLE,
  PRESETS,
  defaultParams,
  presetById,
  presetParams,
  type Preset,
  type PresetValue,
  type SourcedValue,
} from "./params/defaults.ts";
export {
  PARAM_PATHS,
  allowedRange,
  formatErrors,
  fromPaths,
  params,
  parseParams,
  fieldMetaAt,
  type ParamError,
  type ParseResult,
} from "./params/parse.ts";
export { getPath, setPath } from "./params/paths.ts";
export { DRAW_COST, TRIAL_LPS, assertStrategies, assertStrategy, assertTrials, assertWork, maxTrialsFor, workOf } from "./params/work.ts";
export { SHARE_GROUPS, setShare, shareGroup } from "./params/shares.ts";
export { SCENARIOS, type Scenario } from "./params/scenarios.ts";
export { VIEW_PREFIX, scenarioFromEntries, scenarioSearch, typedValue, type ScenarioRead } from "./params/url.ts";
export { axisRows, compareRows, metricOf, valueRows, type AxisRow, type MetricRow, type ValueRow } from "./rows.ts";
export { CATEGORICAL, PATH_COLORS, SEGMENT_COLORS, SEGMENT_LABELS, STRATEGY_COLORS, TIE_COLOR } from "./palette.ts";
export { describeLanes, pickLanes, swimlaneRows, type SwimlaneRow } from "./swimlane.ts";
export {
  METRICS,
  METRIC_META,
  type MetricUnit,
  PATH_KINDS,
  PATH_LABELS,
  type CriticalPart,
  type PathKind,
  type Completion,
  type CompletionStatus,
  type CpuLane,
  type CpuState,
  type Metric,
  type OutcomeMetrics,
  type RunMetrics,
  type RunResult,
  type Segment,
  type SegmentKind,
} from "./result.ts";
export { biosLps, onlineCount, stateCounts, type DrawParts, type MachineDraw, type StateDraw, type Topology } from "./machine.ts";
export type { Mulberry32, Rng } from "./random.ts";
export { simulate, simulateAll, type SimulateOptions } from "./simulate.ts";
export { monteCarlo, monteCarloAll, monteCarloAllSteps, monteCarloSamples, monteCarloSamplesSteps, trialSeed, type DrawOf, type MonteCarloSamples, type MonteCarloSummary, type TrialSamples } from "./monte-carlo.ts";
export { type Percentiles, pairedDifference, percentiles, quantileSorted } from "./stats.ts";
export { UNCERTAIN_PARAMETERS, sampleUncertain, triangular, uncertaintySampler, type UncertainParameter } from "./uncertainty.ts";
export {
  INIT_STAGES,
  LP_ANSWERS,
  LP_ANSWER_LABELS,
  STAGE_LABELS,
  STATE_AFTER_FAILURE,
  dispatcherAnswer,
  leafOf,
  lpAnswer,
  retryable,
  stateAfterShutdown,
  type InitStage,
  type LpAnswer,
  type ModuleVersion,
  type ShutdownLeaf,
  type SysState,
} from "./tdx-module.ts";
export { failsAtConfig, outcomeOf, stagePrior, type Outcome } from "./outcome.ts";
export { deadlockRisk } from "./linux-paths.ts";
export { verdictText, type VerdictText } from "./headline.ts";
export { COST_AXES, LP_INIT_AXES, OUTCOME_AXES, VERDICT_AXES, compareAxis, concurrencyOf, dominance, verdictAxes, type ConcurrencyWord, type Dominance, type Order, type VerdictAxis } from "./verdict.ts";
export { seamcallDuration } from "./module-lock.ts";
export { CODE_SIZE, type CodeSize } from "./code-size.ts";
export { PER_CPU_STRATEGIES } from "./strategies/names.ts";
export { DRAW_CACHE_LPS, DrawCache } from "./draw-cache.ts";
export { RUNS_CACHE_CELLS, RunsCache, type SamplesOf } from "./runs-cache.ts";
export { planSweep, sweep, sweepSteps, type SweepOptions, type SweepPlan, type SweepRow } from "./sweep.ts";
export { costOf, evaluateBenefit, type BenefitRow, type StrategyCost } from "./benefit.ts";
export { bestStrategy, strategiesFor, compare, compareSamples, compareSteps, priceOnly, samePlay, verdict, type Comparison, type Verdict } from "./compare.ts";
export { HEADLINES, SENSITIVITY_RUNS, drivers, sensitivity, sensitivitySteps, sensitivityTrials, type Headline, type HeadlineValues, type SensitivityResult, type SensitivityRow } from "./sensitivity.ts";
export { complete, mapSteps, type Steps } from "./steps.ts";
export { formatDay, formatNs, formatNsTick, formatNumber, formatPerMillion, formatProbability, formatRatio, formatShare, formatUsd, probabilityTickFormat } from "./format.ts";
export { VALIDATION_CASES, runValidation, runValidationCase, type Ordering, type ValidationCase, type ValidationResult } from "./validation.ts";
export { MAX_LINE, eventBatches, lineBatches, lines, maskCpus, maybeGunzip, newStats, parseArgs, parseLine, textStream, traceEvents, type ParseStats, type TraceEvent } from "./trace/parse.ts";
export { DEFAULT_IDLE_NAMES, FITTED_PATHS, NOT_FITTED, fitTrace, fittedInput, type FitValue, type TraceFit } from "./trace/fit.ts";
export { IDLE_STATE_INDEX, exportPerfetto, exportTraceText, type PerfettoEvent } from "./trace/export.ts";
export { qqPanels, type QQPanel, type QQPoint } from "./trace/qq.ts";
