import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Manifest } from '@gridlight/sdk';
import { decideJob, type JobView } from './policy.js';

const now = 1_700_000_000;
const job: JobView = {
  status: 'Open',
  unitCount: 6,
  nextUnit: 0,
  requeuedCount: 0,
  pricePerUnit: 10n ** 18n,
  deadline: now + 3600,
  minTier: 0,
};
const manifest: Manifest = {
  engine: 'blender-cycles',
  sceneCid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
  frames: '1-6',
  resolution: { width: 64, height: 36 },
  samples: 4,
  seed: 0,
  tilesPerFrame: 1,
  pricePerUnit: '1000000000000000000',
  deadline: now + 3600,
  replication: 1,
  verification: 'spot-check',
  private: false,
  minTier: 0,
  regions: [],
};
const config = { minPrice: 10n ** 17n, maxSceneBytes: 1000, region: 'DE' };

test('policy takes an open, well-paid job the node is eligible for', () => {
  assert.deepEqual(decideJob({ job, eligible: true, config, now, manifest, sceneBytes: 999 }), {
    take: true,
  });
});

test('policy skips with a reason', () => {
  const cases: [Parameters<typeof decideJob>[0], RegExp][] = [
    [{ job: { ...job, status: 'Completed' }, eligible: true, config, now }, /not open/],
    [{ job: { ...job, nextUnit: 6 }, eligible: true, config, now }, /no units/],
    [{ job: { ...job, pricePerUnit: 1n }, eligible: true, config, now }, /below the minimum/],
    [{ job: { ...job, deadline: now }, eligible: true, config, now }, /deadline/],
    [{ job, eligible: false, config, now }, /not eligible/],
    [{ job, eligible: true, config, now, manifest: { ...manifest, private: true } }, /private/],
    [{ job, eligible: true, config, now, manifest: { ...manifest, tilesPerFrame: 2 } }, /tiled/],
    [{ job, eligible: true, config, now, manifest: { ...manifest, regions: ['FR'] } }, /region DE/],
    [
      { job, eligible: true, config, now, manifest: { ...manifest, pricePerUnit: '5' } },
      /does not match/,
    ],
    [{ job, eligible: true, config, now, sceneBytes: 1001 }, /more than the limit/],
  ];
  for (const [input, reason] of cases) {
    const decision = decideJob(input);
    assert.equal(decision.take, false);
    assert.match((decision as { reason: string }).reason, reason);
  }
});

test('policy still takes a job whose fresh units are gone but has re-queued ranges', () => {
  const d = decideJob({
    job: { ...job, nextUnit: 6, requeuedCount: 1 },
    eligible: true,
    config,
    now,
  });
  assert.equal(d.take, true);
});

test('policy allows the node region when the manifest lists it', () => {
  const d = decideJob({
    job,
    eligible: true,
    config,
    now,
    manifest: { ...manifest, regions: ['FR', 'DE'] },
  });
  assert.equal(d.take, true);
});
