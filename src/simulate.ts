/** One run: draw the machine, play a strategy on it, reduce to metrics. */
import { CAPS, STRATEGIES, type Params, type Strategy } from "./params/schema.ts";
import type { RunResult } from "./result.ts";
import { type MachineDraw, biosLps, drawMachine } from "./machine.ts";
import { RunRecord, finish } from "./run.ts";
import { RUNNERS } from "./strategies/index.ts";
import { assertStrategies, assertStrategy } from "./params/work.ts";
import { resetArena } from "./arena.ts";

/** Options of simulate() and simulateAll(). */
export interface SimulateOptions {
  /** Build per-CPU swimlanes (up to CAPS.maxTimelineLps LPs). Default false. */
  timeline?: boolean;
  /** Overrides params.seed. */
  seed?: number;
  /** Overrides params.strategy. */
  strategy?: Strategy;
}

/** Guard for callers that bypass parseParams: the caps hold for every entry point. */
export function assertWithinCaps(p: Params): void {
  const lps = biosLps(p.machine);
  if (!(lps >= 1 && lps <= CAPS.maxLps)) throw new RangeError(`machine: ${lps} LPs is outside 1..${CAPS.maxLps} (CAPS.maxLps)`);
}

/** Play one strategy on an existing draw (so several strategies can share it). */
export function runOn(draw: MachineDraw, p: Params, strategy: Strategy, seed: number, timeline = false): RunResult {
  resetArena();
  const rec = new RunRecord(draw, timeline && draw.cpu.length <= CAPS.maxTimelineLps);
  RUNNERS[strategy](draw, p, rec);
  return finish(rec, p, strategy, seed);
}

/** simulate(params): one run of params.strategy with params.seed. */
export function simulate(p: Params, options: SimulateOptions = {}): RunResult {
  assertWithinCaps(p);
  const strategy = options.strategy ?? p.strategy;
  assertStrategy(strategy, "simulate: strategy");
  const seed = options.seed ?? p.seed;
  return runOn(drawMachine(p, seed), p, strategy, seed, options.timeline ?? false);
}

/** Every given strategy on the same machine draw, so their differences are exact. */
export function simulateAll(p: Params, strategies: readonly Strategy[] = STRATEGIES, options: Omit<SimulateOptions, "strategy"> = {}): RunResult[] {
  assertWithinCaps(p);
  assertStrategies(strategies, "simulateAll: strategies");
  const seed = options.seed ?? p.seed;
  const draw = drawMachine(p, seed);
  return strategies.map((s) => runOn(draw, p, s, seed, options.timeline ?? false));
}
