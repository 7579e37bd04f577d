import { concat, encodeAbiParameters, type Hex, isHex, keccak256, numberToHex } from 'viem';
import { FrameTreeError } from './errors.js';

// FrameTree v2, the Merkle scheme shared with contracts/src/libraries/FrameTree.sol:
// - leaf(i, h) = keccak256(bytes.concat(keccak256(abi.encode(uint256 i, bytes32 h))));
// - a claim's resultRoot: ORDERED tree over its units (position p = i - start), zero-padded
//   to a power of two, inner node keccak256(left ‖ right);
// - range leaf of an accepted task: keccak256(abi.encode(uint256 start, uint256 count, root));
// - the job's framesRoot: tree over range leaves in acceptance order, zero-padded, inner
//   node commutative keccak (sorted pair, OpenZeppelin's Hashes.commutativeKeccak256);
// - a frame proof: [bytes32(start << 32 | count), claim siblings (ceil(log2 count), leaf
//   upward), job siblings]. See docs/protocol.md.

/** One rendered unit: its index in the job and the hash of its decoded pixels. */
export type FrameUnit = { index: number; pixelHash: Hex };

/** A claim's ordered tree over its contiguous units. */
export type ClaimTree = {
  /** The claim's `resultRoot` (what the node commits and reveals). */
  root: Hex;
  /** First unit index covered. */
  start: number;
  /** Number of units covered. */
  count: number;
  /** Sibling path (leaf upward, `ceil(log2(count))` hashes) of unit `index` (job-wide index). */
  proof: (index: number) => Hex[];
};

/** The job's tree over range leaves, in acceptance order. */
export type JobTree = {
  /** The job's `framesRoot`. */
  root: Hex;
  /** Number of range leaves. */
  size: number;
  /** Sibling path of range leaf `k` (its acceptance index). */
  proof: (k: number) => Hex[];
};

const ZERO: Hex = `0x${'00'.repeat(32)}`;
const MAX_UINT32 = 0xffff_ffff;

/** The FrameTree leaf of unit `index` with pixel hash `pixelHash`. */
export function frameLeaf(index: number | bigint, pixelHash: Hex): Hex {
  if (typeof index === 'number' ? !Number.isSafeInteger(index) || index < 0 : index < 0n) {
    throw new FrameTreeError(`index must be a non-negative integer, got ${index}.`);
  }
  checkBytes32(pixelHash, 'pixelHash');
  return keccak256(
    keccak256(
      encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(index), pixelHash]),
    ),
  );
}

/** Ordered inner node of a claim tree: keccak256(left ‖ right). */
export function hashOrdered(left: Hex, right: Hex): Hex {
  return keccak256(concat([left, right]));
}

/** Commutative inner node of the job tree: keccak256 of the pair sorted ascending. */
export function hashCommutative(a: Hex, b: Hex): Hex {
  const x = a.toLowerCase() as Hex;
  const y = b.toLowerCase() as Hex;
  return x <= y ? keccak256(concat([x, y])) : keccak256(concat([y, x]));
}

/** The job-tree leaf of an accepted task: keccak256(abi.encode(start, count, resultRoot)). */
export function rangeLeaf(start: number, count: number, resultRoot: Hex): Hex {
  checkUint32(start, 'start');
  checkUint32(count, 'count');
  checkBytes32(resultRoot, 'resultRoot');
  return keccak256(
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'uint256' }, { type: 'bytes32' }],
      [BigInt(start), BigInt(count), resultRoot],
    ),
  );
}

/**
 * Builds a claim's ordered tree over its units, which must be contiguous and in order
 * (unit `start + p` at position p).
 *
 * @example
 * const tree = claimTree([{ index: 4, pixelHash: h4 }, { index: 5, pixelHash: h5 }]);
 * tree.root;      // the claim's resultRoot
 * tree.proof(5);  // [leaf(4, h4)]
 */
export function claimTree(units: readonly FrameUnit[]): ClaimTree {
  const first = units[0];
  if (!first) throw new FrameTreeError('A claim tree needs at least one unit.');
  const start = first.index;
  checkUint32(start, 'units[0].index');
  if (units.length > MAX_UINT32) throw new FrameTreeError('Too many units for one claim.');
  const leaves = units.map((unit, p) => {
    if (unit.index !== start + p) {
      throw new FrameTreeError(
        `Claim units must be contiguous and in order: units[${p}].index is ${unit.index}, expected ${start + p}.`,
      );
    }
    return frameLeaf(unit.index, unit.pixelHash);
  });
  const levels = buildLevels(leaves, hashOrdered);
  const count = units.length;
  return {
    root: topOf(levels),
    start,
    count,
    proof(index: number): Hex[] {
      if (!Number.isInteger(index) || index < start || index >= start + count) {
        throw new FrameTreeError(
          `Unit ${index} is not in this claim (units ${start}..${start + count - 1}).`,
        );
      }
      return pathOf(levels, index - start);
    },
  };
}

/**
 * Builds the job tree over range leaves in acceptance order (`TaskAccepted.acceptedIndex`).
 *
 * @example
 * const job = jobTree([rangeLeaf(0, 4, rootA), rangeLeaf(4, 2, rootB)]);
 * job.root; // equals JobMarket's framesRoot after finalizeJob
 */
export function jobTree(rangeLeaves: readonly Hex[]): JobTree {
  if (rangeLeaves.length === 0) throw new FrameTreeError('A job tree needs at least one range.');
  rangeLeaves.forEach((leaf, k) => {
    checkBytes32(leaf, `rangeLeaves[${k}]`);
  });
  const levels = buildLevels(
    rangeLeaves.map((leaf) => leaf.toLowerCase() as Hex),
    hashCommutative,
  );
  return {
    root: topOf(levels),
    size: rangeLeaves.length,
    proof(k: number): Hex[] {
      if (!Number.isInteger(k) || k < 0 || k >= rangeLeaves.length) {
        throw new FrameTreeError(
          `Range ${k} is not in this job tree (size ${rangeLeaves.length}).`,
        );
      }
      return pathOf(levels, k);
    },
  };
}

/** The first proof element: bytes32(uint256(start) << 32 | count). */
export function encodeRange(start: number, count: number): Hex {
  checkUint32(start, 'start');
  checkUint32(count, 'count');
  return numberToHex((BigInt(start) << 32n) | BigInt(count), { size: 32 });
}

/**
 * The proof that unit `index` of `claim` belongs to the job: the range word, the claim-tree
 * path, then the job-tree path of the claim's range leaf (acceptance index `k`).
 *
 * @example
 * const proof = frameProof({ claim, job, k: 0, index: 5 });
 * verifyFrameProof({ framesRoot: job.root, index: 5, pixelHash: h5, proof }); // true
 */
export function frameProof(args: {
  claim: ClaimTree;
  job: JobTree;
  k: number;
  index: number;
}): Hex[] {
  const { claim, job, k, index } = args;
  return [encodeRange(claim.start, claim.count), ...claim.proof(index), ...job.proof(k)];
}

/**
 * Checks a frame proof against a job's `framesRoot` exactly as `FrameTree.verify` does on
 * chain. Never throws: malformed input gives `false`.
 *
 * @example
 * verifyFrameProof({ framesRoot, index: 5, pixelHash, proof }); // true or false
 */
export function verifyFrameProof(args: {
  framesRoot: Hex;
  index: number | bigint;
  pixelHash: Hex;
  proof: readonly Hex[];
}): boolean {
  try {
    return verify(args.framesRoot, args.index, args.pixelHash, args.proof);
  } catch {
    return false;
  }
}

function verify(
  framesRoot: Hex,
  rawIndex: number | bigint,
  pixelHash: Hex,
  proof: readonly Hex[],
): boolean {
  if (!isBytes32(framesRoot) || !isBytes32(pixelHash)) return false;
  if (!proof.every(isBytes32)) return false;
  const head = proof[0];
  if (head === undefined || BigInt(framesRoot) === 0n) return false;
  const word = BigInt(head);
  const start = word >> 32n;
  const count = word & 0xffff_ffffn;
  if (count === 0n || word >> 64n !== 0n) return false;
  const index = BigInt(rawIndex);
  if (index < start || index - start >= count) return false;
  const depth = ceilLog2(Number(count));
  if (proof.length < 1 + depth) return false;

  let node = frameLeaf(index, pixelHash);
  let position = index - start;
  for (let k = 0; k < depth; k++) {
    const sibling = proof[1 + k] as Hex;
    node = (position & 1n) === 0n ? hashOrdered(node, sibling) : hashOrdered(sibling, node);
    position >>= 1n;
  }
  node = rangeLeaf(Number(start), Number(count), node);
  for (let k = 1 + depth; k < proof.length; k++) {
    node = hashCommutative(node, proof[k] as Hex);
  }
  return BigInt(node) === BigInt(framesRoot);
}

/** Smallest d with 2^d ≥ n (0 for n ≤ 1). */
export function ceilLog2(n: number): number {
  let d = 0;
  while (2 ** d < n) d++;
  return d;
}

// levels[0] = leaves padded with zeros to a power of two; levels[last] = [root].
function buildLevels(leaves: Hex[], hash: (a: Hex, b: Hex) => Hex): Hex[][] {
  const width = 2 ** ceilLog2(leaves.length);
  let level = [...leaves];
  while (level.length < width) level.push(ZERO);
  const levels = [level];
  while (level.length > 1) {
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(hash(level[i] as Hex, level[i + 1] as Hex));
    levels.push(next);
    level = next;
  }
  return levels;
}

function topOf(levels: Hex[][]): Hex {
  return levels[levels.length - 1]?.[0] as Hex;
}

function pathOf(levels: Hex[][], position: number): Hex[] {
  const path: Hex[] = [];
  let p = position;
  for (let h = 0; h < levels.length - 1; h++) {
    path.push((levels[h] as Hex[])[p ^ 1] as Hex);
    p >>= 1;
  }
  return path;
}

function isBytes32(value: unknown): value is Hex {
  return typeof value === 'string' && value.length === 66 && isHex(value, { strict: true });
}

function checkBytes32(value: Hex, name: string): void {
  if (!isBytes32(value)) throw new FrameTreeError(`${name} must be a 0x-prefixed bytes32.`);
}

function checkUint32(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) {
    throw new FrameTreeError(`${name} must be an integer in 0..2^32-1, got ${value}.`);
  }
}
