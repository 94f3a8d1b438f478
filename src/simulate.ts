/** One run: draw the machine, play a strategy on it, reduce to metrics. */
import { CAPS, STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import type { RunResult } from "./result.ts";
import { type MachineDraw, biosLps, drawMachine } from "./machine.ts";
import { type RecordOptions, RunRecord, finish } from "./run.ts";
import { pickLaneIndices } from "./swimlane.ts";
import { RUNNERS } from "./strategies/index.ts";
import { assertStrategies, assertStrategy } from "./params/work.ts";
import { resetArena } from "./arena.ts";
import { assertParams, isPlainObject, kind } from "./params/guard.ts";

/** Options of simulate() and simulateAll(). */
export interface SimulateOptions {
  /** Build per-CPU swimlanes (up to CAPS.maxTimelineLps LPs, unless `lanes` is given). Default false. */
  timeline?: boolean;
  /**
   * With timeline: record only the lanes a chart of this many shows
   * (swimlaneRows(runs, lanes) picks exactly them), on machines of any size.
   * simulateAll plays each strategy twice, once to find the lanes: cheaper
   * than thousands of lanes nobody draws. Default: every lane.
   */
  lanes?: number;
  /** Add each CPU's state and SEAMCALL start (RunResult.perCpu). Default false. */
  perCpu?: boolean;
  /** Add the critical path: the chain of steps that sets the caller's latency (RunResult.criticalPath). Default false. */
  criticalPath?: boolean;
  /** Overrides params.seed. */
  seed?: number;
  /** Overrides params.strategy. */
  strategy?: Strategy;
}

/** Guard for callers that bypass parseParams: valid parameters, and the caps hold for every entry point. */
export function assertWithinCaps(p: Params, what = "parameters"): void {
  assertParams(p, what);
  const lps = biosLps(p.machine);
  if (!(lps >= 1 && lps <= CAPS.maxLps)) throw new RangeError(`machine: ${lps} LPs is outside 1..${CAPS.maxLps} (CAPS.maxLps)`);
}

/** Play one strategy on an existing draw (so several strategies can share it). */
export function runOn(draw: MachineDraw, p: Params, strategy: Strategy, seed: number, record: RecordOptions = {}): RunResult {
  return play(draw, p, strategy, seed, record).result;
}

function play(draw: MachineDraw, p: Params, strategy: Strategy, seed: number, options: RecordOptions): { result: RunResult; laneEnd?: Float64Array } {
  resetArena();
  const rec = new RunRecord(draw, options);
  RUNNERS[strategy](draw, p, rec);
  return { result: finish(rec, p, strategy, seed), laneEnd: rec.laneEnd };
}

/** Every lane, on machines up to CAPS.maxTimelineLps. */
function fullTimeline(draw: MachineDraw): RecordOptions {
  return draw.cpu.length <= CAPS.maxTimelineLps ? { lanes: "all" } : {};
}

/** The record options of simulate() and simulateAll() for one draw. */
function recordOf(draw: MachineDraw, options: Omit<SimulateOptions, "strategy" | "seed">, keep?: readonly number[]): RecordOptions {
  const lanes = !options.timeline ? undefined : keep ?? (options.lanes !== undefined && draw.cpu.length <= options.lanes ? "all" : fullTimeline(draw).lanes);
  return { lanes, perCpu: options.perCpu ?? false, criticalPath: options.criticalPath ?? false };
}

/**
 * The lanes swimlaneRows(runs, maxLanes) would show for these strategies on
 * this draw: those pickLanes() picks in the run whose caller waits longest.
 */
function lanesShown(draw: MachineDraw, p: Params, strategies: readonly Strategy[], seed: number, maxLanes: number): number[] {
  let slowest: { result: RunResult; laneEnd?: Float64Array } | undefined;
  for (const s of strategies) {
    const r = play(draw, p, s, seed, { ends: true });
    if (!slowest || r.result.callerLatencyNs > slowest.result.callerLatencyNs) slowest = r;
  }
  return pickLaneIndices(slowest!.laneEnd!, maxLanes);
}

function assertOptions(options: unknown, what: string): void {
  if (!isPlainObject(options)) throw new TypeError(`${what}: expected an object of options, got ${kind(options)}`);
  const seed = (options as SimulateOptions).seed;
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 4294967295)) throw new RangeError(`${what}: seed ${String(seed).slice(0, 40)} is not a whole number in 0..4294967295`);
}

function assertLanes(options: SimulateOptions, what: string): void {
  const l = options.lanes;
  if (l !== undefined && !(Number.isInteger(l) && l >= 1 && l <= CAPS.maxTimelineLps)) throw new RangeError(`${what}: lanes ${String(l).slice(0, 40)} is outside 1..${CAPS.maxTimelineLps}`);
}

/** simulate(params): one run of params.strategy with params.seed. */
export function simulate(p: Params, options: SimulateOptions = {}): RunResult {
  assertWithinCaps(p, "simulate: p");
  assertOptions(options, "simulate: options");
  const strategy = options.strategy ?? p.strategy;
  assertStrategy(strategy, "simulate: strategy");
  assertLanes(options, "simulate");
  const seed = options.seed ?? p.seed;
  return simulateAll(p, [strategy], { ...options, seed })[0];
}

/** Every given strategy on the same machine draw, so their differences are exact. */
export function simulateAll(p: Params, strategies: readonly Strategy[] = STRATEGIES, options: Omit<SimulateOptions, "strategy"> = {}): RunResult[] {
  assertWithinCaps(p, "simulateAll: p");
  assertOptions(options, "simulateAll: options");
  assertStrategies(strategies, "simulateAll: strategies");
  assertLanes(options, "simulateAll");
  const seed = options.seed ?? p.seed;
  const draw = drawMachine(p, seed);
  const keep = options.timeline && options.lanes !== undefined && draw.cpu.length > options.lanes
    ? lanesShown(draw, p, strategies, seed, options.lanes)
    : undefined;
  return strategies.map((s) => runOn(draw, p, s, seed, recordOf(draw, options, keep)));
}
