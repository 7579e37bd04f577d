import type { Hex } from 'viem';
import { z } from 'zod';
import { ResultInvalidError } from './errors.js';
import type { FrameRecord } from './journal.js';

/**
 * The result index a node publishes for a claim: which PNG (by CID) holds each unit, and the
 * pixel hash that went into the claim tree. Stored as JSON in content-addressed storage; its
 * CID is served at `GET <endpoint>/results/<claimId>`.
 */
export type ResultIndex = {
  version: 1;
  jobId: string;
  claimId: string;
  start: number;
  count: number;
  /** Claim tree root (the revealed resultRoot). */
  root: Hex;
  frames: FrameRecord[];
};

const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a bytes32 hex string');

export const resultIndexSchema = z.object({
  version: z.literal(1),
  jobId: z.string().regex(/^\d+$/),
  claimId: z.string().regex(/^\d+$/),
  start: z.number().int().nonnegative(),
  count: z.number().int().positive().max(1_000_000),
  root: bytes32,
  frames: z
    .array(
      z.object({
        unit: z.number().int().nonnegative(),
        frame: z.number().int(),
        pixelHash: bytes32,
        cid: z.string().min(1).max(128),
      }),
    )
    .max(1_000_000),
});

/** Encodes a result index as the bytes to store (stable key order, UTF-8). */
export function encodeResultIndex(index: ResultIndex): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      version: index.version,
      jobId: index.jobId,
      claimId: index.claimId,
      start: index.start,
      count: index.count,
      root: index.root,
      frames: index.frames.map((f) => ({
        unit: f.unit,
        frame: f.frame,
        pixelHash: f.pixelHash,
        cid: f.cid,
      })),
    }),
  );
}

/** Parses and validates result index bytes; throws `ResultInvalidError`. */
export function decodeResultIndex(bytes: Uint8Array): ResultIndex {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new ResultInvalidError('The result index is not JSON.', { cause });
  }
  const result = resultIndexSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ResultInvalidError(
      `The result index is invalid: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
    );
  }
  return result.data as ResultIndex;
}
