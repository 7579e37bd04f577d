import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseCrops, minCropSide, rectToBorder, widenCrop } from './chooseCrops.js';

describe('chooseCrops', () => {
  const seed = '0x5eed000000000000000000000000000000000000000000000000000000000001';

  test('the same seed gives the same crops; another seed other crops', () => {
    assert.deepEqual(chooseCrops(seed, 1920, 1080, 5), chooseCrops(seed, 1920, 1080, 5));
    assert.deepEqual(chooseCrops(7n, 320, 180, 3), chooseCrops(7, 320, 180, 3));
    assert.notDeepEqual(
      chooseCrops(seed, 1920, 1080, 5),
      chooseCrops(`${seed.slice(0, -1)}2`, 1920, 1080, 5),
    );
    // A prefix of a longer draw: asking for more crops does not move the first ones.
    assert.deepEqual(
      chooseCrops(seed, 1920, 1080, 8).slice(0, 5),
      chooseCrops(seed, 1920, 1080, 5),
    );
  });

  test('pinned output (SHA-256 of seed and counter), so every implementation agrees', () => {
    assert.deepEqual(chooseCrops('gridlight', 320, 180, 2), [
      { x: 288, y: 8, width: 32, height: 18 },
      { x: 23, y: 52, width: 32, height: 18 },
    ]);
  });

  test('every crop lies in the frame and is at least 8 px or 1 % of the side', () => {
    for (const [width, height] of [
      [320, 180],
      [1920, 1080],
      [4096, 2160],
      [8000, 9],
      [12, 12],
      [5, 3],
    ] as const) {
      for (const fraction of [0.001, 0.1, 0.5, 1]) {
        for (const crop of chooseCrops(`${width}x${height}`, width, height, 50, { fraction })) {
          assert.ok(crop.x >= 0 && crop.y >= 0, JSON.stringify(crop));
          assert.ok(
            crop.x + crop.width <= width && crop.y + crop.height <= height,
            JSON.stringify(crop),
          );
          assert.ok(crop.width >= Math.min(width, Math.max(8, Math.ceil(width / 100))));
          assert.ok(crop.height >= Math.min(height, Math.max(8, Math.ceil(height / 100))));
        }
      }
    }
    assert.equal(minCropSide(320), 8);
    assert.equal(minCropSide(4096), 41);
    assert.equal(minCropSide(5), 5);
  });

  test('bad arguments are refused', () => {
    assert.throws(() => chooseCrops(seed, 0, 10, 1), /width/);
    assert.throws(() => chooseCrops(seed, 10, 10, -1), /count/);
    assert.throws(() => chooseCrops(seed, 10, 10, 1, { fraction: 2 }), /fraction/);
    assert.throws(() => chooseCrops(1.5, 10, 10, 1), /integer/);
  });

  test('widenCrop doubles about the centre and stays inside', () => {
    assert.deepEqual(widenCrop({ x: 100, y: 50, width: 32, height: 18 }, 320, 180), {
      x: 84,
      y: 41,
      width: 64,
      height: 36,
    });
    assert.deepEqual(widenCrop({ x: 0, y: 170, width: 32, height: 10 }, 320, 180), {
      x: 0,
      y: 160,
      width: 64,
      height: 20,
    });
    assert.deepEqual(widenCrop({ x: 10, y: 10, width: 300, height: 170 }, 320, 180), {
      x: 0,
      y: 0,
      width: 320,
      height: 180,
    });
  });

  test('rectToBorder lands on the pixel whether Blender rounds or truncates', () => {
    const edges = [
      { x: 0, y: 0, width: 64, height: 36 },
      { x: 1856, y: 1044, width: 64, height: 36 },
      { x: 0, y: 0, width: 1920, height: 1080 },
    ];
    for (const crop of [...chooseCrops(seed, 1920, 1080, 200, { fraction: 0.3 }), ...edges]) {
      const b = rectToBorder(crop, 1920, 1080);
      assert.ok(
        Object.values(b).every((v) => v >= 0 && v <= 1),
        JSON.stringify(b),
      );
      for (const f of [Math.floor, Math.round]) {
        assert.equal(f(Math.fround(b.minX) * 1920), crop.x);
        assert.equal(f(Math.fround(b.maxX) * 1920), crop.x + crop.width);
        assert.equal(f(Math.fround(b.minY) * 1080), 1080 - crop.y - crop.height);
        assert.equal(f(Math.fround(b.maxY) * 1080), 1080 - crop.y);
      }
    }
  });
});
