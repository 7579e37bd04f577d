import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import { ImageDecodeError } from './errors.js';

/** Decoded pixels: RGBA, 8 bits per channel, rows top to bottom. */
export type RgbaImage = { width: number; height: number; data: Uint8Array };

/** A pixel rectangle, rows counted from the top like the PNG. */
export type Rect = { x: number; y: number; width: number; height: number };

/** Decodes PNG bytes to RGBA (any bit depth or colour type pngjs reads becomes 8-bit RGBA). */
export function decodePng(bytes: Uint8Array): RgbaImage {
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return {
      width: png.width,
      height: png.height,
      data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength),
    };
  } catch (cause) {
    throw new ImageDecodeError('The image is not a readable PNG.', {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
  }
}

/** Reads and decodes a PNG file. */
export async function readPng(path: string): Promise<RgbaImage> {
  return decodePng(await readFile(path));
}

/** Encodes RGBA pixels as PNG bytes (for tests and tampering experiments). */
export function encodePng(image: RgbaImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data);
  return PNG.sync.write(png);
}

/** Copies a rectangle out of an image. */
export function cropImage(image: RgbaImage, rect: Rect): RgbaImage {
  const { x, y, width, height } = rect;
  if (
    x < 0 ||
    y < 0 ||
    width <= 0 ||
    height <= 0 ||
    x + width > image.width ||
    y + height > image.height
  ) {
    throw new ImageDecodeError(
      `Region ${width}x${height}+${x}+${y} does not fit in a ${image.width}x${image.height} image.`,
    );
  }
  const data = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    data.set(image.data.subarray(from, from + width * 4), row * width * 4);
  }
  return { width, height, data };
}

/**
 * Luma (ITU-R BT.601 weights) of each pixel after compositing over black, so a change in
 * colour or in coverage both show.
 */
export function luminance(image: RgbaImage): Float64Array {
  const out = new Float64Array(image.width * image.height);
  const d = image.data;
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    const a = (d[p + 3] as number) / 255;
    out[i] =
      a * (0.299 * (d[p] as number) + 0.587 * (d[p + 1] as number) + 0.114 * (d[p + 2] as number));
  }
  return out;
}

/** True when both images have the same size and the same bytes in every channel. */
export function pixelsEqual(a: RgbaImage, b: RgbaImage): boolean {
  return (
    a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data))
  );
}

/** Number of pixels that differ in any channel (images of the same size). */
export function countDifferentPixels(a: RgbaImage, b: RgbaImage): number {
  if (a.width !== b.width || a.height !== b.height)
    return Math.max(a.width * a.height, b.width * b.height);
  let count = 0;
  for (let p = 0; p < a.data.length; p += 4) {
    if (
      a.data[p] !== b.data[p] ||
      a.data[p + 1] !== b.data[p + 1] ||
      a.data[p + 2] !== b.data[p + 2] ||
      a.data[p + 3] !== b.data[p + 3]
    ) {
      count++;
    }
  }
  return count;
}

/** Largest absolute difference in any channel of any pixel (images of the same size). */
export function maxChannelDifference(a: RgbaImage, b: RgbaImage): number {
  if (a.width !== b.width || a.height !== b.height) return 255;
  let max = 0;
  for (let p = 0; p < a.data.length; p++) {
    const d = Math.abs((a.data[p] as number) - (b.data[p] as number));
    if (d > max) max = d;
  }
  return max;
}
