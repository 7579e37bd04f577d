import type { Aggregate } from './aggregate.js';
import type { RunResult } from './engine.js';
import { NUM_VARS, STATE_VARIABLES } from './variables.js';

/**
 * Tidy output, cadCAD-style: one row per (run, timestep) with the state variables as
 * columns. `substep` is always 1 (one partial state update block per step), kept so tools
 * written for cadCAD's dataframe read it unchanged. Generators yield text so a caller can
 * stream gigabytes to a file without building them in memory.
 */
export const TIDY_COLUMNS = ['run', 'seed', 'substep', 'timestep', ...STATE_VARIABLES] as const;

const num = (x: number) => (Number.isFinite(x) ? String(x) : '');

/** Tidy rows as CSV lines (header first), each ending in a newline. */
export function* tidyCsv(results: Iterable<RunResult>): Generator<string> {
  yield `${TIDY_COLUMNS.join(',')}\n`;
  for (const r of results) {
    for (let t = 0; t < r.steps; t++) {
      let line = `${r.run},${r.seed},1,${t + 1}`;
      const o = t * NUM_VARS;
      for (let v = 0; v < NUM_VARS; v++) line += `,${num(r.values[o + v] ?? Number.NaN)}`;
      yield `${line}\n`;
    }
  }
}

/** Tidy rows as a JSON array of objects, in chunks. Non-finite values become null. */
export function* tidyJson(results: Iterable<RunResult>): Generator<string> {
  yield '[';
  let first = true;
  for (const r of results) {
    for (let t = 0; t < r.steps; t++) {
      const o = t * NUM_VARS;
      let obj = `{"run":${r.run},"seed":${r.seed},"substep":1,"timestep":${t + 1}`;
      for (let v = 0; v < NUM_VARS; v++) {
        const x = r.values[o + v] ?? Number.NaN;
        obj += `,"${STATE_VARIABLES[v]}":${Number.isFinite(x) ? x : 'null'}`;
      }
      yield `${first ? '\n' : ',\n'}${obj}}`;
      first = false;
    }
  }
  yield '\n]\n';
}

/** Percentile bands as CSV: one row per timestep, columns `<var>_p5,<var>_p50,<var>_p95,<var>_mean`. */
export function* bandsCsv(agg: Aggregate): Generator<string> {
  const cols = STATE_VARIABLES.flatMap((v) => [`${v}_p5`, `${v}_p50`, `${v}_p95`, `${v}_mean`]);
  yield `timestep,${cols.join(',')}\n`;
  for (let t = 0; t < agg.steps; t++) {
    const cells = STATE_VARIABLES.flatMap((v) => {
      const b = agg.bands[v];
      return [b.p5[t], b.p50[t], b.p95[t], b.mean[t]].map((x) => num(x ?? Number.NaN));
    });
    yield `${t + 1},${cells.join(',')}\n`;
  }
}

/** Percentile bands as a JSON-serializable object. */
export function bandsObject(agg: Aggregate): Record<string, unknown> {
  const clean = (a: Float64Array) => Array.from(a, (x) => (Number.isFinite(x) ? x : null));
  return {
    runs: agg.runs,
    steps: agg.steps,
    stepDays: agg.stepDays,
    bands: Object.fromEntries(
      STATE_VARIABLES.map((v) => {
        const b = agg.bands[v];
        return [v, { p5: clean(b.p5), p50: clean(b.p50), p95: clean(b.p95), mean: clean(b.mean) }];
      }),
    ),
  };
}
