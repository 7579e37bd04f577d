/**
 * Simulator benchmark: agent-steps per second per core, and the wall time of
 * 1,000 runs × 5 years daily × 200 node agents on all cores (target ≤ 60 s).
 *
 *   npx tsx bench/sim-bench.ts            # full size
 *   npx tsx bench/sim-bench.ts --runs 100 # smaller batch, extrapolated to 1,000 runs
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { aggregateRuns } from '../packages/sim/src/core/aggregate.js';
import { builtinScenario } from '../packages/sim/src/core/builtins.js';
import { prepareScenario, simulateRun } from '../packages/sim/src/core/engine.js';
import { deepMerge } from '../packages/sim/src/core/objectPath.js';
import { parseScenario } from '../packages/sim/src/core/schema.js';
import { NUM_VARS, VAR } from '../packages/sim/src/core/variables.js';
import { runMonteCarlo } from '../packages/sim/src/node/pool.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } } });
const TARGET_RUNS = 1_000;
const runs = Number(values.runs ?? TARGET_RUNS);
const cores = availableParallelism();
const out = (line: string) => process.stdout.write(`${line}\n`);

// Baseline economics, 5 years daily, 200 node agents throughout (maxCount caps entry).
const scenario = parseScenario(
  deepMerge(builtinScenario('baseline'), {
    name: 'bench',
    horizonDays: 1_826,
    runs,
    seed: Number(values.seed ?? 1),
    nodes: { initialCount: 200, maxCount: 200 },
  }),
);

const agentSteps = (rs: { steps: number; values: Float64Array }[]) => {
  let n = 0;
  for (const r of rs)
    for (let t = 0; t < r.steps; t++) n += r.values[t * NUM_VARS + VAR.nodeCount] ?? 0;
  return n;
};

// 1. Single core, in this thread (after a warm-up run for the JIT).
const prepared = prepareScenario(scenario);
simulateRun(prepared, 999_999);
const single = 20;
let t0 = performance.now();
const singleRuns = Array.from({ length: single }, (_, i) => simulateRun(prepared, i));
const singleS = (performance.now() - t0) / 1000;
const perCore = agentSteps(singleRuns) / singleS;
out(`node ${process.version}, ${cores} cores`);
out(
  `single core: ${single} runs × ${prepared.steps} steps in ${singleS.toFixed(2)} s → ${(perCore / 1e6).toFixed(2)} M agent-steps/s per core (${((single * prepared.steps) / singleS / 1e3).toFixed(1)} k run-steps/s)`,
);

// 2. The batch on all cores with worker threads, then percentile bands.
t0 = performance.now();
const results = await runMonteCarlo(scenario, { workers: cores });
const simS = (performance.now() - t0) / 1000;
t0 = performance.now();
aggregateRuns(results, scenario.stepDays);
const aggS = (performance.now() - t0) / 1000;
const total = agentSteps(results);
out(
  `parallel: ${runs} runs × ${prepared.steps} steps × ≤200 nodes = ${(total / 1e6).toFixed(1)} M agent-steps in ${simS.toFixed(2)} s simulation + ${aggS.toFixed(2)} s bands = ${(simS + aggS).toFixed(2)} s wall`,
);
out(
  `parallel rate: ${(total / simS / 1e6).toFixed(2)} M agent-steps/s total, ${(total / simS / cores / 1e6).toFixed(2)} M per core`,
);
if (runs === TARGET_RUNS) {
  out(
    `measured: 1,000 runs × 5 years daily × 200 nodes = ${(simS + aggS).toFixed(1)} s (target ≤ 60 s: ${simS + aggS <= 60 ? 'met' : 'missed'})`,
  );
} else {
  const est = ((simS + aggS) * TARGET_RUNS) / runs;
  out(
    `extrapolated (not measured): 1,000 runs ≈ ${est.toFixed(1)} s from ${runs} runs (target ≤ 60 s)`,
  );
}
