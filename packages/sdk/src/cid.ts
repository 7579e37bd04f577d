import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import { bytesToHex, type Hex, hexToBytes, isHex } from 'viem';
import { sha256 } from 'viem/utils';
import { CidInvalidError, CidUnsupportedError } from './errors.js';

/** Multicodec code of the `raw` codec: the CID addresses the bytes themselves. */
export const RAW_CODEC = 0x55;
/** Multihash code of sha2-256. */
export const SHA2_256 = 0x12;

/** A CID object or its string form. */
export type CidLike = CID | string;

// Long enough for any base encoding of a 36-byte CIDv1; longer input is rejected unparsed.
const MAX_CID_STRING_LENGTH = 128;

/**
 * CIDv1 (raw codec, sha2-256) of `bytes` in base32, the same CID that
 * `ipfs add --cid-version 1 --raw-leaves` gives a single-block file.
 *
 * @example
 * cidForBytes(new TextEncoder().encode('hello')) // 'bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq'
 */
export function cidForBytes(bytes: Uint8Array): string {
  return cidFromSha256(sha256(bytes, 'bytes')).toString();
}

/** Builds the raw-codec CIDv1 for an already computed sha2-256 digest. */
export function cidFromSha256(digest: Uint8Array): CID {
  if (digest.byteLength !== 32) throw new RangeError('sha2-256 digest must be 32 bytes');
  return CID.createV1(RAW_CODEC, Digest.create(SHA2_256, digest));
}

/**
 * The CID string of a sha2-256 digest held on chain as `bytes32`, exactly what
 * `RenderCertificate.cidFromDigest` returns.
 *
 * @example
 * cidFromDigest('0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
 * // 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'
 */
export function cidFromDigest(digest: Hex): string {
  if (!isHex(digest, { strict: true }) || digest.length !== 66) {
    throw new RangeError(`digest must be a 0x-prefixed bytes32, got ${digest}`);
  }
  return cidFromSha256(hexToBytes(digest)).toString();
}

/** The sha2-256 digest of a raw CIDv1 as `bytes32` hex (the inverse of `cidFromDigest`). */
export function digestFromCid(cid: CidLike): Hex {
  return bytesToHex(toCid(cid).multihash.digest);
}

/**
 * Parses and validates a CID string: it must be a CIDv1 with the raw codec and a
 * 32-byte sha2-256 multihash. Throws `CidInvalidError` for malformed input and
 * `CidUnsupportedError` for well-formed CIDs of another kind.
 */
export function parseCid(input: string): CID {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_CID_STRING_LENGTH) {
    throw new CidInvalidError(String(input), { details: 'empty or too long' });
  }
  let cid: CID;
  try {
    cid = CID.parse(input);
  } catch (cause) {
    throw new CidInvalidError(input, { cause, details: (cause as Error).message });
  }
  return checkSupported(cid, input);
}

/** Accepts a CID object or string and returns the validated CID object. */
export function toCid(cid: CidLike): CID {
  if (typeof cid === 'string') return parseCid(cid);
  const asCid = CID.asCID(cid);
  if (!asCid) throw new CidInvalidError(String(cid));
  return checkSupported(asCid, asCid.toString());
}

/** Lower-case hex (no 0x) of the CID's sha2-256 digest: what a storage path is built from. */
export function digestHex(cid: CID): string {
  return bytesToHex(cid.multihash.digest).slice(2);
}

function checkSupported(cid: CID, input: string): CID {
  if (cid.version !== 1) throw new CidUnsupportedError(input, `version ${cid.version}, need 1`);
  if (cid.code !== RAW_CODEC) {
    throw new CidUnsupportedError(input, `codec 0x${cid.code.toString(16)}, need raw (0x55)`);
  }
  if (cid.multihash.code !== SHA2_256) {
    throw new CidUnsupportedError(
      input,
      `hash 0x${cid.multihash.code.toString(16)}, need sha2-256 (0x12)`,
    );
  }
  if (cid.multihash.digest.byteLength !== 32) {
    throw new CidUnsupportedError(input, 'sha2-256 digest is not 32 bytes');
  }
  return cid;
}
