import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { PngDecodeError } from './errors.js';
import { decodePng, pixelHash } from './pixelHash.js';

// A minimal PNG writer, independent of the decoder under test.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** rows: raw sample bytes per row (no filter byte). colorType 6 = RGBA, 0 = grey, 2 = RGB. */
function png(
  width: number,
  height: number,
  rows: Buffer[],
  opts: { bitDepth?: number; colorType?: number; text?: string } = {},
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = opts.bitDepth ?? 8;
  ihdr[9] = opts.colorType ?? 6;
  const raw = Buffer.concat(rows.map((row) => Buffer.concat([Buffer.from([0]), row])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(opts.text ? [chunk('tEXt', Buffer.from(`Comment\0${opts.text}`, 'latin1'))] : []),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const rgba = (w: number, h: number, f: (x: number, y: number) => number[]) =>
  Array.from({ length: h }, (_, y) =>
    Buffer.from(Array.from({ length: w }, (_, x) => f(x, y)).flat()),
  );
const gradient = (x: number, y: number) => [x * 40, y * 60, (x + y) * 10, 255];

function reference(width: number, height: number, pixels: Buffer): string {
  const head = Buffer.alloc(13);
  head.write('GLPX1', 0, 'ascii');
  head.writeUInt32BE(width, 5);
  head.writeUInt32BE(height, 9);
  return `0x${createHash('sha256')
    .update(Buffer.concat([head, pixels]))
    .digest('hex')}`;
}

describe('pixelHash', () => {
  it('is sha256("GLPX1" ‖ u32be(w) ‖ u32be(h) ‖ RGBA)', () => {
    const rows = rgba(3, 2, gradient);
    assert.equal(pixelHash(png(3, 2, rows)), reference(3, 2, Buffer.concat(rows)));
  });

  it('ignores metadata: same pixels with a different tEXt chunk hash equal', () => {
    const rows = rgba(4, 3, gradient);
    const a = png(4, 3, rows, { text: 'rendered 2024-01-01 12:00:00' });
    const b = png(4, 3, rows, { text: 'rendered 2025-06-30 23:59:59 on another node' });
    assert.notDeepEqual(a, b);
    assert.equal(pixelHash(a), pixelHash(b));
  });

  it('changes when one pixel changes', () => {
    const rows = rgba(4, 3, gradient);
    const changed = rgba(4, 3, (x, y) => (x === 2 && y === 1 ? [0, 0, 1, 255] : gradient(x, y)));
    assert.notEqual(pixelHash(png(4, 3, rows)), pixelHash(png(4, 3, changed)));
  });

  it('binds the dimensions: 2×3 and 3×2 with the same bytes differ', () => {
    const bytes = Buffer.from(Array.from({ length: 24 }, (_, i) => i));
    const a = png(2, 3, [bytes.subarray(0, 8), bytes.subarray(8, 16), bytes.subarray(16, 24)]);
    const b = png(3, 2, [bytes.subarray(0, 12), bytes.subarray(12, 24)]);
    assert.notEqual(pixelHash(a), pixelHash(b));
  });

  it('converts 16-bit samples to 8-bit', () => {
    const rows8 = rgba(2, 2, gradient);
    const rows16 = rows8.map((row) => {
      const out = Buffer.alloc(row.length * 2);
      row.forEach((v, i) => {
        out.writeUInt16BE(v * 257, i * 2);
      });
      return out;
    });
    assert.equal(pixelHash(png(2, 2, rows16, { bitDepth: 16 })), pixelHash(png(2, 2, rows8)));
  });

  it('expands greyscale and RGB to RGBA with opaque alpha', () => {
    const grey = [Buffer.from([0, 128]), Buffer.from([200, 255])];
    const asRgba = grey.map((row) => Buffer.from([...row].flatMap((v) => [v, v, v, 255])));
    assert.equal(pixelHash(png(2, 2, grey, { colorType: 0 })), pixelHash(png(2, 2, asRgba)));
    const rgb = [Buffer.from([1, 2, 3, 4, 5, 6])];
    assert.equal(
      pixelHash(png(2, 1, rgb, { colorType: 2 })),
      pixelHash(png(2, 1, [Buffer.from([1, 2, 3, 255, 4, 5, 6, 255])])),
    );
  });

  it('decodes to width × height × 4 bytes', () => {
    const image = decodePng(png(3, 2, rgba(3, 2, gradient)));
    assert.equal(image.width, 3);
    assert.equal(image.height, 2);
    assert.equal(image.data.byteLength, 24);
  });

  it('throws PngDecodeError for a truncated PNG, garbage and empty input', () => {
    const full = png(8, 8, rgba(8, 8, gradient));
    for (const bad of [
      full.subarray(0, full.length - 20),
      full.subarray(0, 40),
      Buffer.from('not a png'),
      Buffer.alloc(0),
    ]) {
      assert.throws(
        () => pixelHash(bad),
        (error: unknown) => error instanceof PngDecodeError && /PNG/.test(error.shortMessage),
      );
    }
  });
});
