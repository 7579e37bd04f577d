import { PNG } from 'pngjs';
import { bytesToHex, type Hex } from 'viem';
import { sha256 } from 'viem/utils';
import { PngDecodeError } from './errors.js';

/** Domain tag that starts every pixel hash (version 1 of the pixel layout). */
export const PIXEL_HASH_TAG = 'GLPX1';

/** Decoded pixels: 8-bit RGBA, row-major, `width × height × 4` bytes. */
export type RgbaImage = { width: number; height: number; data: Uint8Array };

/**
 * Decodes a PNG into 8-bit RGBA: 16-bit samples are scaled to 8 bits, palettes and
 * greyscale are expanded, missing alpha becomes 255. Throws `PngDecodeError` for bytes
 * that are not a complete, valid PNG.
 *
 * @example
 * const { width, height, data } = decodePng(await readFile('frame_0001.png'));
 */
export function decodePng(png: Uint8Array): RgbaImage {
  if (png.byteLength === 0) throw new PngDecodeError('Cannot decode an empty file as PNG.');
  let decoded: { width: number; height: number; data: Buffer };
  try {
    decoded = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  } catch (cause) {
    throw new PngDecodeError('The frame is not a valid PNG (corrupt or truncated).', {
      cause,
      details: cause instanceof Error ? cause.message : String(cause),
      metaMessages: ['Render the frame again or upload the complete file.'],
    });
  }
  const { width, height, data } = decoded;
  if (data.byteLength !== width * height * 4) {
    throw new PngDecodeError(
      `Decoded PNG has ${data.byteLength} bytes of pixels, expected ${width * height * 4} (${width}×${height} RGBA).`,
    );
  }
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Hash of a frame's decoded pixels, the `pixelHash` that goes into FrameTree leaves:
 * sha256("GLPX1" ‖ u32be(width) ‖ u32be(height) ‖ RGBA bytes). It hashes pixels, not file
 * bytes, so PNGs that differ only in metadata (Blender writes timestamps) hash equal.
 *
 * @example
 * const h = pixelHash(await readFile('frame_0001.png')); // '0x…' (bytes32)
 */
export function pixelHash(png: Uint8Array): Hex {
  return pixelHashOfRgba(decodePng(png));
}

/** The pixel hash of already decoded 8-bit RGBA pixels. */
export function pixelHashOfRgba(image: RgbaImage): Hex {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError('width and height must be non-negative integers');
  }
  if (width > 0xffff_ffff || height > 0xffff_ffff) throw new RangeError('image too large');
  if (data.byteLength !== width * height * 4) {
    throw new RangeError(`expected ${width * height * 4} RGBA bytes, got ${data.byteLength}`);
  }
  const header = new Uint8Array(PIXEL_HASH_TAG.length + 8);
  header.set(new TextEncoder().encode(PIXEL_HASH_TAG), 0);
  const view = new DataView(header.buffer);
  view.setUint32(PIXEL_HASH_TAG.length, width, false);
  view.setUint32(PIXEL_HASH_TAG.length + 4, height, false);
  const message = new Uint8Array(header.byteLength + data.byteLength);
  message.set(header, 0);
  message.set(data, header.byteLength);
  return bytesToHex(sha256(message, 'bytes'));
}
