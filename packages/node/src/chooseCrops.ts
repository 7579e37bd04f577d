import { createHash } from 'node:crypto';
import { RenderParametersError } from './errors.js';
import type { Rect } from './image.js';
import type { Border } from './renderFrames.js';

/** Anything a crop choice can be seeded from; a commit-time random beacon, usually bytes32 hex. */
export type CropSeed = string | number | bigint | Uint8Array;

export type ChooseCropsOptions = {
  /** Crop side as a fraction of the image side before the minimum applies; 0.1 by default. */
  fraction?: number | undefined;
};

/** Smallest crop side the protocol allows for an image side: 8 px or 1 % of it, whichever is larger. */
export function minCropSide(side: number): number {
  return Math.min(side, Math.max(8, Math.ceil(side * 0.01)));
}

/**
 * Picks `count` crops of a width×height frame, deterministically from `seed`: the same seed
 * gives the same crops on every machine, so a verifier's choice can be re-checked. Each crop
 * is at least {@link minCropSide} on both axes and lies wholly inside the frame.
 *
 * @example
 * chooseCrops('0x5eed…', 320, 180, 3); // [{ x: 201, y: 77, width: 32, height: 18 }, …]
 */
export function chooseCrops(
  seed: CropSeed,
  width: number,
  height: number,
  count: number,
  { fraction = 0.1 }: ChooseCropsOptions = {},
): Rect[] {
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RenderParametersError(`Crop ${name} must be a positive integer, got ${value}.`);
    }
  }
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RenderParametersError(`Crop count must be a non-negative integer, got ${count}.`);
  }
  if (!(fraction > 0 && fraction <= 1)) {
    throw new RenderParametersError(`Crop fraction must be in (0, 1], got ${fraction}.`);
  }
  const cw = Math.min(width, Math.max(minCropSide(width), Math.round(width * fraction)));
  const ch = Math.min(height, Math.max(minCropSide(height), Math.round(height * fraction)));
  const random = seededUniform(seed);
  const crops: Rect[] = [];
  for (let i = 0; i < count; i++) {
    crops.push({
      x: Math.floor(random() * (width - cw + 1)),
      y: Math.floor(random() * (height - ch + 1)),
      width: cw,
      height: ch,
    });
  }
  return crops;
}

/** Doubles a crop about its centre, kept inside the frame. */
export function widenCrop(rect: Rect, width: number, height: number): Rect {
  const w = Math.min(width, rect.width * 2);
  const h = Math.min(height, rect.height * 2);
  const x = clamp(Math.round(rect.x + rect.width / 2 - w / 2), 0, width - w);
  const y = clamp(Math.round(rect.y + rect.height / 2 - h / 2), 0, height - h);
  return { x, y, width: w, height: h };
}

/**
 * The Blender border (fractions, y up from the bottom) that renders exactly `rect` (y down
 * from the top). A quarter-pixel nudge lands each edge on the intended pixel whether Blender
 * rounds or truncates `fraction × size`.
 */
export function rectToBorder(rect: Rect, width: number, height: number): Border {
  // At the far edges 1 is exact already, and a border may not pass it.
  const edge = (pixel: number, size: number) => (pixel >= size ? 1 : (pixel + 0.25) / size);
  return {
    minX: edge(rect.x, width),
    maxX: edge(rect.x + rect.width, width),
    minY: edge(height - rect.y - rect.height, height),
    maxY: edge(height - rect.y, height),
  };
}

/** A stream of uniforms in [0, 1) from SHA-256(seed ‖ counter), identical on every platform. */
function seededUniform(seed: CropSeed): () => number {
  const seedBytes = seedToBytes(seed);
  let counter = 0;
  let block = new Uint8Array(0);
  let offset = 0;
  return () => {
    if (offset + 4 > block.length) {
      const c = Buffer.alloc(4);
      c.writeUInt32BE(counter++);
      block = createHash('sha256').update(seedBytes).update(c).digest();
      offset = 0;
    }
    const value = Buffer.from(block.buffer, block.byteOffset + offset, 4).readUInt32BE(0);
    offset += 4;
    return value / 2 ** 32;
  };
}

function seedToBytes(seed: CropSeed): Uint8Array {
  if (seed instanceof Uint8Array) return seed;
  if (typeof seed === 'string') {
    return /^0x([0-9a-fA-F]{2})*$/.test(seed)
      ? Buffer.from(seed.slice(2), 'hex')
      : Buffer.from(seed, 'utf8');
  }
  if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
    throw new RenderParametersError(`Crop seed ${seed} is not an integer.`);
  }
  const value = BigInt(seed);
  if (value < 0n) throw new RenderParametersError('Crop seed must not be negative.');
  return Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
