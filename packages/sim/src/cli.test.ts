import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runSimCommand } from './cli.js';
import type { Io } from './commands/io.js';

function capture(): Io & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (l) => outLines.push(l), err: (l) => errLines.push(l) };
}

describe('runSimCommand', () => {
  it('list names every risk scenario', async () => {
    const io = capture();
    assert.equal(await runSimCommand(['list'], io), 0);
    const text = io.outLines.join('\n');
    for (const n of [
      'seasonal-peak',
      'ai-demand-shock',
      'token-crash',
      'speculative-pump',
      'cloud-price-decline',
      'hardware-generation',
      'regulatory-kyc',
    ])
      assert.match(text, new RegExp(n));
  });
  it('run writes the tidy table, bands, charts and report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    try {
      const io = capture();
      const code = await runSimCommand(
        [
          'run',
          'regulatory-kyc',
          '--runs',
          '3',
          '--horizon',
          '30',
          '--workers',
          '0',
          '--no-png',
          '--out',
          dir,
        ],
        io,
      );
      assert.equal(code, 0, io.errLines.join('\n'));
      const csv = (await readFile(join(dir, 'runs.csv'), 'utf8')).trim().split('\n');
      assert.equal(csv.length, 1 + 3 * 30);
      assert.match(csv[0] ?? '', /^run,seed,substep,timestep,day,supply/);
      const bands = await readFile(join(dir, 'bands.csv'), 'utf8');
      assert.match(bands, /supply_p5,supply_p50,supply_p95/);
      assert.match(await readFile(join(dir, 'charts', 'price.svg'), 'utf8'), /^<svg/);
      assert.match(await readFile(join(dir, 'report.html'), 'utf8'), /Verdict: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('an invalid scenario file fails with the field named, exit code 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-'));
    try {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify({ name: 'x', horizonDays: -5 }));
      const io = capture();
      assert.equal(await runSimCommand(['run', file], io), 1);
      assert.match(io.errLines[0] ?? '', /horizonDays/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
  it('sweep runs the grid and reports each point', async () => {
    const io = capture();
    const code = await runSimCommand(
      [
        'sweep',
        'baseline',
        '--param',
        'fees.slaAdjustmentBps=0,1000',
        '--param',
        'staking.unbondingPeriodDays=7,28',
        '--runs',
        '2',
        '--horizon',
        '20',
        '--workers',
        '0',
      ],
      io,
    );
    assert.equal(code, 0, io.errLines.join('\n'));
    assert.equal(io.outLines.length, 4);
  });
  it('an unknown command is a usage error', async () => {
    const io = capture();
    assert.equal(await runSimCommand(['frobnicate'], io), 1);
    assert.match(io.errLines[0] ?? '', /Unknown command/);
  });
});
