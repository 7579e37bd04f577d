import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runBenchmark, TIER_THRESHOLDS, tierForScore } from './benchmark.js';
import { detectHardware, parseNvidiaSmi } from './hardware.js';

describe('hardware', () => {
  test('detectHardware reads CPU, RAM and (when present) NVIDIA GPUs', async (t) => {
    const hardware = await detectHardware();
    t.diagnostic(JSON.stringify(hardware));
    assert.ok(hardware.cpu.cores >= 1);
    assert.ok(hardware.cpu.model.length > 0);
    assert.ok(hardware.memoryMb > 256);
    assert.ok(Array.isArray(hardware.gpus));
  });

  test('nvidia-smi output parses, names with commas included', () => {
    assert.deepEqual(
      parseNvidiaSmi('NVIDIA H100 80GB HBM3, 81559 MiB\nNVIDIA GeForce RTX 4090, 24564 MiB\n'),
      [
        { name: 'NVIDIA H100 80GB HBM3', memoryMb: 81559 },
        { name: 'NVIDIA GeForce RTX 4090', memoryMb: 24564 },
      ],
    );
    assert.deepEqual(parseNvidiaSmi('Weird, Name, 8 MiB'), [{ name: 'Weird, Name', memoryMb: 8 }]);
    assert.deepEqual(parseNvidiaSmi('NVIDIA-SMI has failed\n'), []);
    assert.deepEqual(parseNvidiaSmi(''), []);
  });

  test('tiers follow the NodeRegistry thresholds 100 / 1 000 / 10 000', () => {
    assert.deepEqual(TIER_THRESHOLDS, [100, 1000, 10000]);
    assert.deepEqual(
      [0, 99, 100, 999, 1000, 9999, 10000, 2 ** 32 - 1].map((s) => tierForScore(s)),
      [0, 0, 1, 1, 2, 2, 3, 3],
    );
  });

  test('runBenchmark renders the standard frames and scores them', async (t) => {
    const result = await runBenchmark();
    t.diagnostic(JSON.stringify(result));
    assert.ok(result.score > 0 && Number.isSafeInteger(result.score));
    assert.equal(result.tier, tierForScore(result.score));
    assert.ok(result.renderSeconds > 0);
    assert.ok(Math.abs(result.score - result.samplesPerSecond / 10_000) <= 0.5);
  });
});
