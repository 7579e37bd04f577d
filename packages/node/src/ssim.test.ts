import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RgbaImage } from './image.js';
import { SSIM_C1, SSIM_C2, SSIM_WINDOW, ssim } from './ssim.js';

function image(width: number, height: number, value: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.max(0, Math.min(255, Math.round(value(x, y))));
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Textbook SSIM: every window summed directly, no summed-area tables. */
function naiveSsim(a: RgbaImage, b: RgbaImage): number {
  const w = Math.min(SSIM_WINDOW, a.width);
  const h = Math.min(SSIM_WINDOW, a.height);
  const luma = (img: RgbaImage, x: number, y: number) =>
    img.data[(y * img.width + x) * 4] as number;
  let total = 0;
  let count = 0;
  for (let y0 = 0; y0 + h <= a.height; y0++) {
    for (let x0 = 0; x0 + w <= a.width; x0++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let y = y0; y < y0 + h; y++) {
        for (let x = x0; x < x0 + w; x++) {
          xs.push(luma(a, x, y));
          ys.push(luma(b, x, y));
        }
      }
      const n = xs.length;
      const mx = xs.reduce((s, v) => s + v, 0) / n;
      const my = ys.reduce((s, v) => s + v, 0) / n;
      let vx = 0;
      let vy = 0;
      let cxy = 0;
      for (let i = 0; i < n; i++) {
        vx += ((xs[i] as number) - mx) ** 2;
        vy += ((ys[i] as number) - my) ** 2;
        cxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
      }
      vx /= n - 1;
      vy /= n - 1;
      cxy /= n - 1;
      total +=
        ((2 * mx * my + SSIM_C1) * (2 * cxy + SSIM_C2)) /
        ((mx * mx + my * my + SSIM_C1) * (vx + vy + SSIM_C2));
      count++;
    }
  }
  return total / count;
}

describe('ssim', () => {
  const random = seeded(42);
  const textured = image(
    40,
    30,
    (x, y) => 128 + 60 * Math.sin(x / 3) * Math.cos(y / 4) + 20 * random(),
  );

  test('identical images score exactly 1', () => {
    assert.equal(ssim(textured, textured), 1);
    assert.equal(
      ssim(
        image(8, 8, () => 0),
        image(8, 8, () => 0),
      ),
      1,
    );
  });

  test('flat images of different brightness score the luminance term alone', () => {
    const a = image(16, 16, () => 100);
    const b = image(16, 16, () => 150);
    const expected = (2 * 100 * 150 + SSIM_C1) / (100 ** 2 + 150 ** 2 + SSIM_C1);
    assert.ok(Math.abs(ssim(a, b) - expected) < 1e-12);
  });

  test('matches a direct window-by-window computation', () => {
    const noise = seeded(7);
    const noisy = image(
      40,
      30,
      (x, y) => (textured.data[(y * 40 + x) * 4] as number) + 30 * (noise() - 0.5),
    );
    assert.ok(Math.abs(ssim(textured, noisy) - naiveSsim(textured, noisy)) < 1e-9);
  });

  test('more noise, lower score; symmetric', () => {
    const scores = [5, 20, 60].map((amplitude) => {
      const noise = seeded(amplitude);
      const noisy = image(
        40,
        30,
        (x, y) => (textured.data[(y * 40 + x) * 4] as number) + amplitude * (noise() - 0.5),
      );
      assert.ok(Math.abs(ssim(textured, noisy) - ssim(noisy, textured)) < 1e-12);
      return ssim(textured, noisy);
    });
    assert.ok((scores[0] as number) > 0.95, `${scores}`);
    assert.ok(
      (scores[0] as number) > (scores[1] as number) &&
        (scores[1] as number) > (scores[2] as number),
      `${scores}`,
    );
    assert.ok((scores[2] as number) < 0.9, `${scores}`);
  });

  test('an inverted image scores far below zero structure', () => {
    const inverted = image(40, 30, (x, y) => 255 - (textured.data[(y * 40 + x) * 4] as number));
    assert.ok(ssim(textured, inverted) < 0);
  });

  test('alpha counts: a transparent copy is not the same image', () => {
    const clear: RgbaImage = {
      ...textured,
      data: textured.data.map((v, i) => (i % 4 === 3 ? 0 : v)),
    };
    assert.ok(ssim(textured, clear) < 0.1);
  });

  test('an image smaller than the window is one window', () => {
    const a = image(5, 3, (x) => x * 40);
    const b = image(5, 3, (x) => x * 40 + 3);
    assert.ok(Math.abs(ssim(a, b) - naiveSsim(a, b)) < 1e-12);
  });

  test('different sizes are refused', () => {
    assert.throws(
      () =>
        ssim(
          image(8, 8, () => 0),
          image(9, 8, () => 0),
        ),
      /same size/,
    );
  });
});
