import type { RunResult } from './engine.js';
import { type Band, bandsAcrossRuns } from './stats.js';
import { NUM_VARS, STATE_VARIABLES, type StateVariable } from './variables.js';

/** Percentile bands of every state variable across runs. */
export type Aggregate = {
  runs: number;
  steps: number;
  stepDays: number;
  bands: Record<StateVariable, Band>;
};

/** Column of one variable of one run. */
export function column(result: RunResult, variable: number): Float64Array {
  const out = new Float64Array(result.steps);
  for (let t = 0; t < result.steps; t++)
    out[t] = result.values[t * NUM_VARS + variable] ?? Number.NaN;
  return out;
}

/** Computes p5/p50/p95 and mean per step for every state variable. */
export function aggregateRuns(results: readonly RunResult[], stepDays: number): Aggregate {
  const steps = results[0]?.steps ?? 0;
  const bands = {} as Record<StateVariable, Band>;
  STATE_VARIABLES.forEach((name, v) => {
    bands[name] = bandsAcrossRuns(
      results.map((r) => column(r, v)),
      steps,
    );
  });
  return { runs: results.length, steps, stepDays, bands };
}
