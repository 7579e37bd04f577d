import type { Readable } from 'node:stream';
import type { CidLike } from '@gridlight/sdk/cid';
import { RangeNotSatisfiableError } from './errors.js';

/** Bytes to store: a buffer, or any stream / async iterable of byte chunks. */
export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;

/** A byte range: `length` bytes from `offset` (to the end when `length` is omitted). */
export type ByteRange = { offset: number; length?: number | undefined };

export type PutOptions = {
  /** Reject (and store nothing) once more than this many bytes have arrived. */
  maxBytes?: number | undefined;
  /** When given, the content must hash to this CID or nothing is stored. */
  expectedCid?: CidLike | undefined;
  signal?: AbortSignal | undefined;
};

export type PutResult = { cid: string; size: number };

export type GetOptions = {
  range?: ByteRange | undefined;
  signal?: AbortSignal | undefined;
};

export type BlobStat = { cid: string; size: number };

/**
 * A content-addressed blob store. CIDs are CIDv1, raw codec, sha2-256, base32; every
 * implementation returns the same CID for the same bytes.
 */
export interface BlobStore {
  /** Stores bytes and returns their CID; throws `BlobTooLargeError` or `CidMismatchError`. */
  put(source: BlobSource, options?: PutOptions): Promise<PutResult>;
  /**
   * Streams a blob (or a range of it). Throws `BlobNotFoundError` or
   * `RangeNotSatisfiableError` before any byte; content that fails verification makes
   * the stream error at its end.
   */
  get(cid: CidLike, options?: GetOptions): Promise<Readable>;
  has(cid: CidLike): Promise<boolean>;
  /** Size of a stored blob, or `undefined` when absent. */
  stat(cid: CidLike): Promise<BlobStat | undefined>;
  /** Removes a blob; resolves `false` when it was not there. */
  delete(cid: CidLike): Promise<boolean>;
}

/** Turns a range into absolute offsets for a blob of `size` bytes, or throws. */
export function resolveRange(
  range: ByteRange | undefined,
  size: number,
): { offset: number; length: number } {
  if (range === undefined) return { offset: 0, length: size };
  const { offset } = range;
  const describe = `${offset}+${range.length ?? '*'}`;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= size) {
    throw new RangeNotSatisfiableError(size, describe);
  }
  const length = Math.min(range.length ?? size - offset, size - offset);
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new RangeNotSatisfiableError(size, describe);
  }
  return { offset, length };
}
