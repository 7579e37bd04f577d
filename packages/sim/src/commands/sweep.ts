import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { aggregateRuns } from '../core/aggregate.js';
import { parseScenario } from '../core/schema.js';
import { applyPoint, expandGrid, parseAxis } from '../core/sweep.js';
import { computeVerdict } from '../core/verdict.js';
import { writeChunks, writeRunOutputs } from '../node/output.js';
import { runMonteCarlo } from '../node/pool.js';
import { type Io, loadScenario } from './io.js';

export const sweepOptionsSchema = z.object({
  scenario: z.string().min(1),
  params: z.array(z.string()).min(1, 'give at least one --param path=v1,v2,...'),
  runs: z.coerce.number().int().min(1).optional(),
  horizon: z.coerce.number().int().min(1).optional(),
  workers: z.coerce.number().int().min(0).optional(),
  out: z.string().optional(),
  reports: z.boolean().default(false),
});
export type SweepOptions = z.input<typeof sweepOptionsSchema>;

const csvCell = (v: unknown) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * `sim sweep <scenario> --param path=v1,v2 [--param …]`: the grid's Cartesian product, each
 * point a Monte Carlo batch with the same run seeds (common random numbers, so differences
 * between points come from the parameters, not the noise). Writes sweep.csv / sweep.json.
 */
export async function sweepCommand(io: Io, options: SweepOptions): Promise<number> {
  const o = sweepOptionsSchema.parse(options);
  const base = await loadScenario(o.scenario);
  const axes = o.params.map(parseAxis);
  const points = expandGrid(axes);
  const rows: Record<string, unknown>[] = [];
  for (const [i, point] of points.entries()) {
    const scenario = parseScenario(
      {
        ...applyPoint(base, point),
        ...(o.runs === undefined ? {} : { runs: o.runs }),
        ...(o.horizon === undefined ? {} : { horizonDays: o.horizon }),
      },
      `sweep point ${i}`,
    );
    const results = await runMonteCarlo(scenario, { workers: o.workers });
    const agg = aggregateRuns(results, scenario.stepDays);
    const { lines, ...v } = computeVerdict(agg, results, scenario.supply.genesisSupply);
    rows.push({ point: i, ...point, ...v });
    io.out(
      `[${i + 1}/${points.length}] ${Object.entries(point)
        .map(([k, x]) => `${k}=${JSON.stringify(x)}`)
        .join(
          ' ',
        )} → ${lines[0]}; trough ${v.nodeTroughMedian.toFixed(0)} nodes; ${v.daysNegativeMedianMargin} margin-negative days; supply ${(v.supplyChange * 100).toFixed(1)}%`,
    );
    if (o.out && o.reports) {
      await writeRunOutputs(
        join(o.out, `point-${i}`),
        scenario,
        results,
        agg,
        { ...v, lines },
        { tidy: false, png: false },
      );
    }
  }
  if (o.out) {
    await mkdir(o.out, { recursive: true });
    const cols = Object.keys(rows[0] ?? {});
    await writeChunks(join(o.out, 'sweep.csv'), [
      `${cols.join(',')}\n`,
      ...rows.map((r) => `${cols.map((c) => csvCell(r[c])).join(',')}\n`),
    ]);
    await writeChunks(join(o.out, 'sweep.json'), [`${JSON.stringify(rows, null, 2)}\n`]);
    io.out(`wrote ${join(o.out, 'sweep.csv')} and sweep.json`);
  }
  return 0;
}
