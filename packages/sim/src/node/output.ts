import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Aggregate } from '../core/aggregate.js';
import { renderChart, standardCharts } from '../core/charts.js';
import type { RunResult } from '../core/engine.js';
import { renderReport } from '../core/report.js';
import type { Scenario } from '../core/schema.js';
import { bandsCsv, bandsObject, tidyCsv, tidyJson } from '../core/tidy.js';
import type { Verdict } from '../core/verdict.js';
import { svgToPng } from './png.js';

/** Streams a generator of text chunks to a file. */
export async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (const c of chunks) {
    buf += c;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

export type OutputOptions = { tidy?: boolean; png?: boolean; wallMs?: number };

/** Writes a batch's files: tidy table (CSV + JSON), bands, verdict, charts (SVG, PNG) and report. */
export async function writeRunOutputs(
  dir: string,
  scenario: Scenario,
  results: readonly RunResult[],
  agg: Aggregate,
  verdict: Verdict,
  options: OutputOptions = {},
): Promise<string[]> {
  await mkdir(join(dir, 'charts'), { recursive: true });
  const written: string[] = [];
  const put = async (name: string, data: string | Uint8Array | Iterable<string>) => {
    const path = join(dir, name);
    if (typeof data === 'string' || data instanceof Uint8Array) await writeFile(path, data);
    else await writeChunks(path, data);
    written.push(path);
  };
  await put('scenario.json', `${JSON.stringify(scenario, null, 2)}\n`);
  if (options.tidy !== false) {
    await put('runs.csv', tidyCsv(results));
    await put('runs.json', tidyJson(results));
  }
  await put('bands.csv', bandsCsv(agg));
  await put('bands.json', `${JSON.stringify(bandsObject(agg))}\n`);
  const { lines, ...figures } = verdict;
  await put('verdict.json', `${JSON.stringify({ ...figures, lines }, null, 2)}\n`);
  const charts = standardCharts(agg);
  for (const c of charts) {
    const svg = renderChart(c);
    await put(`charts/${c.id}.svg`, svg);
    if (options.png !== false) {
      const png = await svgToPng(svg);
      if (png) await put(`charts/${c.id}.png`, png);
    }
  }
  const meta =
    options.wallMs === undefined
      ? { runs: results.length, seed: scenario.seed }
      : { runs: results.length, seed: scenario.seed, wallMs: options.wallMs };
  await put('report.html', renderReport(scenario, verdict, charts, meta));
  return written;
}
