import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { cidForBytes } from './cid.js';
import { ManifestInvalidError } from './errors.js';
import {
  budgetOf,
  canonicalJson,
  encodeManifest,
  expandUnits,
  type Manifest,
  manifestDigest,
  manifestToJobParams,
  parseFrames,
  parseManifest,
} from './manifest.js';

const valid: Manifest = {
  engine: 'blender-cycles',
  sceneCid: cidForBytes(Buffer.from('scene.blend')),
  frames: '1-48,60',
  resolution: { width: 1920, height: 1080 },
  samples: 128,
  seed: 42,
  tilesPerFrame: 1,
  pricePerUnit: '1000000000000000000',
  deadline: 1_900_000_000,
  replication: 1,
  verification: 'spot-check',
  private: false,
  minTier: 1,
  regions: ['DE', 'FR'],
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseManifest(input);
  } catch (error) {
    assert.ok(error instanceof ManifestInvalidError);
    return error.issues;
  }
  assert.fail('expected ManifestInvalidError');
}

describe('parseManifest', () => {
  it('accepts a valid manifest', () => {
    assert.deepEqual(parseManifest(valid), valid);
  });

  const cases: [string, Record<string, unknown>, string][] = [
    ['engine', { engine: 'eevee' }, 'engine'],
    ['sceneCid', { sceneCid: 'QmNotACid' }, 'sceneCid'],
    ['frames syntax', { frames: '1-' }, 'frames'],
    ['frames backwards', { frames: '10-2' }, 'frames'],
    ['frames repeated', { frames: '1-5,3' }, 'frames'],
    ['resolution.width', { resolution: { width: 0, height: 10 } }, 'resolution.width'],
    ['resolution.height type', { resolution: { width: 10, height: '10' } }, 'resolution.height'],
    ['samples', { samples: 1.5 }, 'samples'],
    ['pricePerUnit decimal', { pricePerUnit: '1e18' }, 'pricePerUnit'],
    ['pricePerUnit number', { pricePerUnit: 5 }, 'pricePerUnit'],
    ['pricePerUnit overflow', { pricePerUnit: (1n << 96n).toString() }, 'pricePerUnit'],
    ['verification', { verification: 'trust-me' }, 'verification'],
    ['replication vs mode', { replication: 2 }, 'replication'],
    ['replicated needs 2+', { verification: 'replicated', replication: 1 }, 'replication'],
    ['minTier', { minTier: 4 }, 'minTier'],
    ['regions', { regions: ['DE', 'deu'] }, 'regions.1'],
    ['unknown key', { colour: 'blue' }, '(root)'],
    ['too many units', { frames: '0-99999', tilesPerFrame: 16 }, 'tilesPerFrame'],
  ];
  for (const [name, patch, path] of cases) {
    it(`names the field path for a bad ${name}`, () => {
      const issues = issuesOf({ ...valid, ...patch });
      assert.ok(
        issues.some((issue) => issue.path === path),
        `expected an issue at ${path}, got ${JSON.stringify(issues)}`,
      );
    });
  }

  it('puts the first field path in the one-line message', () => {
    assert.throws(
      () => parseManifest({ ...valid, resolution: { width: -1, height: 5 } }),
      (error: unknown) =>
        error instanceof ManifestInvalidError && /resolution\.width/.test(error.shortMessage),
    );
  });

  it('accepts a replicated job with replication 3', () => {
    assert.equal(
      parseManifest({ ...valid, verification: 'replicated', replication: 3 }).replication,
      3,
    );
  });
});

describe('frames and units', () => {
  it('expands ranges and single frames in ascending order', () => {
    assert.deepEqual(parseFrames('1-3,7'), [1, 2, 3, 7]);
    assert.deepEqual(parseFrames(' 7 , 1 - 2 '), [1, 2, 7]);
    assert.equal(parseFrames('1-48,60').length, 49);
  });

  it('rejects bad lists', () => {
    for (const bad of ['', 'a', '3-1', '1,1', '1--2', '-1']) {
      assert.throws(() => parseFrames(bad), RangeError, bad);
    }
  });

  it('numbers units frame by frame, tile by tile', () => {
    assert.deepEqual(expandUnits({ frames: '10-11', tilesPerFrame: 2 }), [
      { index: 0, frame: 10, tile: 0 },
      { index: 1, frame: 10, tile: 1 },
      { index: 2, frame: 11, tile: 0 },
      { index: 3, frame: 11, tile: 1 },
    ]);
  });
});

describe('manifest digest and JobParams', () => {
  it('hashes the canonical JSON (sorted keys) and gives its CID', () => {
    const { digest, cid } = manifestDigest(valid);
    const json = canonicalJson(valid);
    assert.ok(json.startsWith('{"deadline":1900000000,"engine":"blender-cycles","frames"'));
    assert.ok(json.includes('"resolution":{"height":1080,"width":1920}'));
    assert.equal(digest, `0x${createHash('sha256').update(json).digest('hex')}`);
    assert.equal(cid, cidForBytes(encodeManifest(valid)));
  });

  it('does not depend on key order', () => {
    const reordered = Object.fromEntries(Object.entries(valid).reverse()) as Manifest;
    assert.equal(manifestDigest(reordered).digest, manifestDigest(valid).digest);
    assert.notEqual(manifestDigest({ ...valid, seed: 43 }).digest, manifestDigest(valid).digest);
  });

  it('maps to JobParams', () => {
    const params = manifestToJobParams({ ...valid, tilesPerFrame: 4 }, { claimTtl: 600 });
    assert.equal(params.unitCount, 49 * 4);
    assert.equal(params.pricePerUnit, 10n ** 18n);
    assert.equal(params.mode, 0);
    assert.equal(params.claimTtl, 600);
    assert.equal(params.confidenceBps, 6667);
    assert.equal(params.minTier, 1);
    assert.equal(budgetOf(params), 196n * 10n ** 18n);
    assert.equal(manifestToJobParams({ ...valid, verification: 'optimistic' }).mode, 2);
  });
});
