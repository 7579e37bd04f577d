import { RenderParametersError } from './errors.js';
import { luminance, type RgbaImage } from './image.js';

/** SSIM stabilisers for 8-bit data (Wang et al. 2004): C1 = (0.01·255)², C2 = (0.03·255)². */
export const SSIM_C1 = (0.01 * 255) ** 2;
export const SSIM_C2 = (0.03 * 255) ** 2;
/** Side of the square window, sliding one pixel at a time. */
export const SSIM_WINDOW = 8;

/**
 * Mean structural similarity of two images of the same size, on luma, with 8×8 uniform
 * windows at every position (Wang et al. 2004, the form Golem's verifier uses). An image
 * smaller than the window is one window. 1 means identical; noise and structure changes
 * lower it.
 */
export function ssim(a: RgbaImage, b: RgbaImage): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new RenderParametersError(
      `SSIM needs images of the same size, got ${a.width}x${a.height} and ${b.width}x${b.height}.`,
    );
  }
  return ssimLuma(luminance(a), luminance(b), a.width, a.height);
}

/** SSIM of two luma planes (row-major, width × height). */
export function ssimLuma(x: Float64Array, y: Float64Array, width: number, height: number): number {
  const wx = Math.min(SSIM_WINDOW, width);
  const wy = Math.min(SSIM_WINDOW, height);
  // Summed-area tables of x, y, x², y², xy make each window O(1).
  const w1 = width + 1;
  const size = w1 * (height + 1);
  const sx = new Float64Array(size);
  const sy = new Float64Array(size);
  const sxx = new Float64Array(size);
  const syy = new Float64Array(size);
  const sxy = new Float64Array(size);
  for (let r = 0; r < height; r++) {
    let rx = 0;
    let ry = 0;
    let rxx = 0;
    let ryy = 0;
    let rxy = 0;
    for (let c = 0; c < width; c++) {
      const vx = x[r * width + c] as number;
      const vy = y[r * width + c] as number;
      rx += vx;
      ry += vy;
      rxx += vx * vx;
      ryy += vy * vy;
      rxy += vx * vy;
      const i = (r + 1) * w1 + c + 1;
      const up = r * w1 + c + 1;
      sx[i] = (sx[up] as number) + rx;
      sy[i] = (sy[up] as number) + ry;
      sxx[i] = (sxx[up] as number) + rxx;
      syy[i] = (syy[up] as number) + ryy;
      sxy[i] = (sxy[up] as number) + rxy;
    }
  }
  const n = wx * wy;
  let total = 0;
  let windows = 0;
  for (let r = 0; r + wy <= height; r++) {
    for (let c = 0; c + wx <= width; c++) {
      const a = r * w1 + c;
      const b = r * w1 + c + wx;
      const d = (r + wy) * w1 + c;
      const e = (r + wy) * w1 + c + wx;
      const box = (t: Float64Array) =>
        (t[e] as number) - (t[b] as number) - (t[d] as number) + (t[a] as number);
      const mx = box(sx) / n;
      const my = box(sy) / n;
      // Sample (n−1) variances as in the reference implementation; clamp rounding below zero.
      const k = n > 1 ? n / (n - 1) : 1;
      const vx = Math.max(0, (box(sxx) / n - mx * mx) * k);
      const vy = Math.max(0, (box(syy) / n - my * my) * k);
      const cxy = (box(sxy) / n - mx * my) * k;
      total +=
        ((2 * mx * my + SSIM_C1) * (2 * cxy + SSIM_C2)) /
        ((mx * mx + my * my + SSIM_C1) * (vx + vy + SSIM_C2));
      windows++;
    }
  }
  return total / windows;
}
