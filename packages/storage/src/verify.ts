import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { cidFromSha256 } from '@gridlight/sdk/cid';
import type { CID } from 'multiformats/cid';

export type VerifyingStreamOptions = {
  /** First byte to pass through (all bytes are hashed regardless). */
  offset?: number;
  /** How many bytes to pass through from `offset`; default: to the end. */
  length?: number;
  /** Builds the error the stream fails with when the content does not hash to `expected`. */
  onMismatch: (actual: CID) => Error | Promise<Error>;
};

/**
 * A pass-through that hashes every byte and fails at its end when the content does not
 * match `expected`. Bytes outside [offset, offset + length) are hashed but not passed on,
 * which is how a range is served from a blob that is still verified in full.
 */
export function createVerifyingStream(expected: CID, options: VerifyingStreamOptions): Transform {
  const hash = createHash('sha256');
  const start = options.offset ?? 0;
  const end = options.length === undefined ? Number.POSITIVE_INFINITY : start + options.length;
  let position = 0;
  // The last slice is held back until the hash is checked, so a reader of corrupt content
  // never receives the full byte count (an HTTP client sees a short body, not a clean end).
  let pending: Buffer | undefined;
  return new Transform({
    // Chunks are up to 1 MiB; the default 16 KiB mark would stall the source after each one.
    highWaterMark: 4 << 20,
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      const chunkStart = position;
      position += chunk.byteLength;
      const from = Math.max(start, chunkStart) - chunkStart;
      const to = Math.min(end, position) - chunkStart;
      if (to > from) {
        if (pending) this.push(pending);
        pending = from === 0 && to === chunk.byteLength ? chunk : chunk.subarray(from, to);
      }
      callback();
    },
    flush(callback: TransformCallback) {
      const actual = cidFromSha256(hash.digest());
      if (actual.equals(expected)) return callback(null, pending);
      pending = undefined;
      Promise.resolve(options.onMismatch(actual)).then(
        (error) => callback(error),
        (error: unknown) => callback(error as Error),
      );
    },
  });
}
