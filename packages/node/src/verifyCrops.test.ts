import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { chooseCrops, rectToBorder } from './chooseCrops.js';
import {
  countDifferentPixels,
  cropImage,
  encodePng,
  maxChannelDifference,
  type RgbaImage,
  readPng,
} from './image.js';
import { renderFrames } from './renderFrames.js';
import { ssim } from './ssim.js';
import { removeTempDirs, sampleJob, TEST_RENDER } from './testing.js';
import { verifyCrops } from './verifyCrops.js';

after(removeTempDirs);

const CROP_SEED = '0x6a09e667f3bcc908b2fb1366ea957d3e3a4c7b0d1f2e8c9a0b1c2d3e4f506172';

describe('verifyCrops', () => {
  let job: { jobDir: string; blendPath: string };
  let honest: string;
  let otherFrame: string;
  let fewerSamples: string;

  before(async () => {
    job = await sampleJob();
    const full = await renderFrames({ ...TEST_RENDER, ...job, frames: [5, 30], outDir: 'claimed' });
    [honest, otherFrame] = full.frames.map((f) => f.path) as [string, string];
    const cheap = await renderFrames({
      ...TEST_RENDER,
      ...job,
      frames: [5],
      samples: 4,
      outDir: 'cheap',
    });
    fewerSamples = cheap.frames[0]?.path ?? '';
  });

  const check = (claimedPng: string | Uint8Array) =>
    verifyCrops({ ...TEST_RENDER, ...job, frame: 5, claimedPng, cropSeed: CROP_SEED });

  test('a crop re-rendered with a border matches the full frame pixel for pixel', async (t) => {
    const full = await renderFrames({
      ...TEST_RENDER,
      ...job,
      frames: [5],
      threads: 1,
      outDir: 'one',
    });
    const image = await readPng(full.frames[0]?.path ?? '');
    for (const rect of chooseCrops(CROP_SEED, 320, 180, 2)) {
      const crop = await renderFrames({
        ...TEST_RENDER,
        ...job,
        frames: [5],
        threads: 1,
        border: rectToBorder(rect, 320, 180),
        outDir: 'crop',
      });
      const rendered = await readPng(crop.frames[0]?.path ?? '');
      const region = cropImage(image, rect);
      assert.equal(rendered.width, rect.width);
      assert.equal(rendered.height, rect.height);
      // Pixel-identical in every run seen; allow the one-level flicker renders can show.
      t.diagnostic(
        `crop ${JSON.stringify(rect)}: ${countDifferentPixels(rendered, region)} pixels differ`,
      );
      assert.ok(maxChannelDifference(rendered, region) <= 1, `crop ${JSON.stringify(rect)}`);
      assert.ok(ssim(rendered, region) > 0.999);
    }
  });

  test('an honest frame is accepted', async () => {
    const result = await check(honest);
    assert.equal(result.verdict, 'accept', JSON.stringify(result));
    assert.equal(result.ssims.length, 3);
    for (const s of result.ssims) assert.ok(s > 0.99, `ssim ${s}`);
  });

  test('a frame with noise added is rejected', async () => {
    const image = await readPng(honest);
    const noisy = addNoise(image, 40, 1);
    assert.ok(maxChannelDifference(image, noisy) > 0);
    const result = await check(encodePng(noisy));
    assert.equal(result.verdict, 'reject', JSON.stringify(result));
  });

  test('crops in the grey zone double, up to the limit, then the frame is rejected', async () => {
    // Light noise (±5) scores 0.93-0.98 on these crops: between the thresholds set here.
    const noisy = encodePng(addNoise(await readPng(honest), 5, 2));
    const result = await verifyCrops({
      ...TEST_RENDER,
      ...job,
      frame: 5,
      claimedPng: noisy,
      cropSeed: CROP_SEED,
      acceptAbove: 0.999,
      rejectBelow: 0.5,
    });
    assert.deepEqual([result.verdict, result.reason], ['reject', 'inconclusive after widening']);
    assert.deepEqual(
      result.rounds.map((r) => r.crops.map((c) => `${c.width}x${c.height}`)),
      [
        ['32x18', '32x18', '32x18'],
        ['64x36', '64x36', '64x36'],
        ['128x72', '128x72', '128x72'],
      ],
    );
  });

  test('a different frame passed off as frame 5 is rejected', async () => {
    const result = await check(otherFrame);
    assert.equal(result.verdict, 'reject', JSON.stringify(result));
  });

  test('a frame rendered with fewer samples is rejected', async () => {
    const result = await check(await readFile(fewerSamples));
    assert.equal(result.verdict, 'reject', JSON.stringify(result));
  });

  test('a claimed frame that is not a PNG or has the wrong size is rejected', async () => {
    assert.equal((await check(new Uint8Array([1, 2, 3]))).reason, 'unreadable');
    const small = cropImage(await readPng(honest), { x: 0, y: 0, width: 160, height: 90 });
    const result = await verifyCrops({
      ...TEST_RENDER,
      ...job,
      frame: 5,
      claimedPng: encodePng(small),
      cropSeed: CROP_SEED,
      resolution: [320, 180],
    });
    assert.deepEqual([result.verdict, result.reason], ['reject', 'wrong size']);
  });
});

/** Adds uniform noise of ±amplitude to RGB, from a tiny seeded generator (mulberry32). */
function addNoise(image: RgbaImage, amplitude: number, seed: number): RgbaImage {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const data = Uint8Array.from(image.data);
  for (let p = 0; p < data.length; p++) {
    if (p % 4 === 3) continue;
    const v = (data[p] as number) + Math.round((random() * 2 - 1) * amplitude);
    data[p] = Math.max(0, Math.min(255, v));
  }
  return { ...image, data };
}
