import { z } from 'zod';
import { aggregateRuns } from '../core/aggregate.js';
import { parseScenario } from '../core/schema.js';
import { computeVerdict } from '../core/verdict.js';
import { writeRunOutputs } from '../node/output.js';
import { runMonteCarlo } from '../node/pool.js';
import { type Io, loadScenario } from './io.js';

export const runOptionsSchema = z.object({
  scenario: z.string().min(1),
  runs: z.coerce.number().int().min(1).optional(),
  seed: z.coerce.number().int().min(0).max(0xffffffff).optional(),
  horizon: z.coerce.number().int().min(1).optional(),
  workers: z.coerce.number().int().min(0).optional(),
  out: z.string().optional(),
  tidy: z.boolean().default(true),
  png: z.boolean().default(true),
  json: z.boolean().default(false),
});
export type RunOptions = z.input<typeof runOptionsSchema>;

/** `sim run <scenario|builtin>`: Monte Carlo, verdict, files (tidy table, bands, charts, report). */
export async function runCommand(io: Io, options: RunOptions): Promise<number> {
  const o = runOptionsSchema.parse(options);
  const loaded = await loadScenario(o.scenario);
  const scenario = parseScenario({
    ...loaded,
    ...(o.runs === undefined ? {} : { runs: o.runs }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.horizon === undefined ? {} : { horizonDays: o.horizon }),
  });
  const t0 = performance.now();
  const results = await runMonteCarlo(scenario, { workers: o.workers });
  const wallMs = performance.now() - t0;
  const agg = aggregateRuns(results, scenario.stepDays);
  const verdict = computeVerdict(agg, results, scenario.supply.genesisSupply);
  if (o.json) {
    const { lines, ...figures } = verdict;
    io.out(
      JSON.stringify({ scenario: scenario.name, runs: results.length, wallMs, ...figures, lines }),
    );
  } else {
    io.out(
      `${scenario.name}: ${results.length} runs × ${agg.steps} steps in ${(wallMs / 1000).toFixed(2)} s`,
    );
    for (const line of verdict.lines) io.out(line);
  }
  if (o.out) {
    const files = await writeRunOutputs(o.out, scenario, results, agg, verdict, {
      tidy: o.tidy,
      png: o.png,
      wallMs,
    });
    if (!o.json) io.out(`wrote ${files.length} files to ${o.out} (open ${o.out}/report.html)`);
  }
  return 0;
}
