import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { concat, encodeAbiParameters, type Hex, keccak256, numberToHex } from 'viem';
import { FrameTreeError } from './errors.js';
import {
  claimTree,
  encodeRange,
  type FrameUnit,
  frameLeaf,
  frameProof,
  jobTree,
  rangeLeaf,
  verifyFrameProof,
} from './frameTree.js';

const SEED = Number(process.env.SEED ?? 0x6772);
const ZERO: Hex = `0x${'00'.repeat(32)}`;

// Reference formulas written out by hand, independent of the tree builder.
const px = (n: number): Hex => keccak256(numberToHex(n, { size: 32 }));
const leaf = (i: number, h: Hex): Hex =>
  keccak256(
    keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(i), h])),
  );
const ordered = (a: Hex, b: Hex): Hex => keccak256(concat([a, b]));
const sorted = (a: Hex, b: Hex): Hex =>
  BigInt(a) <= BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
const range = (start: number, count: number, root: Hex): Hex =>
  keccak256(
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'uint256' }, { type: 'bytes32' }],
      [BigInt(start), BigInt(count), root],
    ),
  );
const unitsOf = (start: number, count: number, salt = 0): FrameUnit[] =>
  Array.from({ length: count }, (_, p) => ({ index: start + p, pixelHash: px(salt * 1000 + p) }));

describe('frameLeaf / rangeLeaf', () => {
  it('double-hashes abi.encode(index, pixelHash)', () => {
    assert.equal(frameLeaf(7, px(1)), leaf(7, px(1)));
  });
  it('hashes abi.encode(start, count, root)', () => {
    assert.equal(rangeLeaf(10, 3, px(2)), range(10, 3, px(2)));
  });
  it('encodes the range word as start << 32 | count', () => {
    assert.equal(encodeRange(10, 3), numberToHex((10n << 32n) | 3n, { size: 32 }));
  });
});

describe('claimTree (hand-computed)', () => {
  it('count 1: the root is the leaf, no siblings', () => {
    const tree = claimTree(unitsOf(4, 1));
    assert.equal(tree.root, leaf(4, px(0)));
    assert.deepEqual(tree.proof(4), []);
  });

  it('count 2: ordered pair', () => {
    const tree = claimTree(unitsOf(4, 2));
    const [l0, l1] = [leaf(4, px(0)), leaf(5, px(1))];
    assert.equal(tree.root, ordered(l0, l1));
    assert.deepEqual(tree.proof(4), [l1]);
    assert.deepEqual(tree.proof(5), [l0]);
  });

  it('count 3: padded with one zero leaf, ordered', () => {
    const tree = claimTree(unitsOf(0, 3));
    const l = [0, 1, 2].map((p) => leaf(p, px(p))) as [Hex, Hex, Hex];
    const right = ordered(l[2], ZERO);
    assert.equal(tree.root, ordered(ordered(l[0], l[1]), right));
    assert.deepEqual(tree.proof(2), [ZERO, ordered(l[0], l[1])]);
    assert.deepEqual(tree.proof(1), [l[0], right]);
  });

  it('count 5: padded to 8, three levels', () => {
    const tree = claimTree(unitsOf(20, 5));
    const l = [0, 1, 2, 3, 4].map((p) => leaf(20 + p, px(p))) as [Hex, Hex, Hex, Hex, Hex];
    const a = ordered(ordered(l[0], l[1]), ordered(l[2], l[3]));
    const zz = ordered(ZERO, ZERO);
    const b = ordered(ordered(l[4], ZERO), zz);
    assert.equal(tree.root, ordered(a, b));
    assert.deepEqual(tree.proof(24), [ZERO, zz, a]);
    assert.equal(tree.proof(22).length, 3);
  });

  it('is ordered: swapping two units changes the root', () => {
    const units = unitsOf(0, 2);
    const swapped = [
      { index: 0, pixelHash: px(1) },
      { index: 1, pixelHash: px(0) },
    ];
    assert.notEqual(claimTree(units).root, claimTree(swapped).root);
  });

  it('rejects empty, gapped or unordered units and unknown indices', () => {
    assert.throws(() => claimTree([]), FrameTreeError);
    assert.throws(
      () =>
        claimTree([
          { index: 0, pixelHash: px(0) },
          { index: 2, pixelHash: px(1) },
        ]),
      FrameTreeError,
    );
    assert.throws(() => claimTree(unitsOf(0, 2)).proof(2), FrameTreeError);
    assert.throws(() => claimTree([{ index: 0, pixelHash: '0x12' }]), FrameTreeError);
  });
});

describe('jobTree (hand-computed)', () => {
  it('one range: the root is the range leaf', () => {
    const r = range(0, 1, px(9));
    assert.equal(jobTree([r]).root, r);
    assert.deepEqual(jobTree([r]).proof(0), []);
  });

  it('three ranges: commutative, zero-padded', () => {
    const r = [range(0, 2, px(1)), range(2, 2, px(2)), range(4, 1, px(3))] as [Hex, Hex, Hex];
    const tree = jobTree(r);
    assert.equal(tree.root, sorted(sorted(r[0], r[1]), sorted(r[2], ZERO)));
    assert.deepEqual(tree.proof(2), [ZERO, sorted(r[0], r[1])]);
    assert.throws(() => tree.proof(3), FrameTreeError);
  });
});

describe('frame proofs', () => {
  // A job of 6 units accepted as tasks [3..5] (k = 0), [0..1] (k = 1), [2] (k = 2).
  const tasks = [
    claimTree(unitsOf(3, 3, 1)),
    claimTree(unitsOf(0, 2, 2)),
    claimTree(unitsOf(2, 1, 3)),
  ];
  const job = jobTree(tasks.map((t) => rangeLeaf(t.start, t.count, t.root)));
  const proofFor = (index: number) => {
    const k = tasks.findIndex((t) => index >= t.start && index < t.start + t.count);
    const claim = tasks[k] as (typeof tasks)[number];
    const pixelHash = px((k === 0 ? 1 : k === 1 ? 2 : 3) * 1000 + (index - claim.start));
    return { pixelHash, proof: frameProof({ claim, job, k, index }) };
  };

  it('every frame verifies, with proof length 1 + ceil(log2 count) + job depth', () => {
    for (let index = 0; index < 6; index++) {
      const { pixelHash, proof } = proofFor(index);
      assert.ok(
        verifyFrameProof({ framesRoot: job.root, index, pixelHash, proof }),
        `frame ${index}`,
      );
    }
    assert.equal(proofFor(4).proof.length, 1 + 2 + 2);
    assert.equal(proofFor(2).proof.length, 1 + 0 + 2);
  });

  it('fails for a wrong pixel hash, wrong index, wrong root or malformed proof', () => {
    const { pixelHash, proof } = proofFor(4);
    const framesRoot = job.root;
    assert.ok(!verifyFrameProof({ framesRoot, index: 4, pixelHash: px(77), proof }));
    assert.ok(!verifyFrameProof({ framesRoot, index: 5, pixelHash, proof }));
    assert.ok(!verifyFrameProof({ framesRoot: px(5), index: 4, pixelHash, proof }));
    assert.ok(!verifyFrameProof({ framesRoot: ZERO, index: 4, pixelHash, proof }));
    assert.ok(!verifyFrameProof({ framesRoot, index: 4, pixelHash, proof: [] }));
    assert.ok(!verifyFrameProof({ framesRoot, index: 4, pixelHash, proof: proof.slice(0, 2) }));
    assert.ok(
      !verifyFrameProof({ framesRoot, index: 4, pixelHash, proof: ['0x1234', ...proof.slice(1)] }),
    );
    assert.ok(!verifyFrameProof({ framesRoot, index: 4.5, pixelHash, proof }));
  });

  it('a range word with high bits set is rejected', () => {
    const { pixelHash, proof } = proofFor(4);
    const bad = numberToHex((1n << 64n) | BigInt(proof[0] as Hex), { size: 32 });
    assert.ok(
      !verifyFrameProof({
        framesRoot: job.root,
        index: 4,
        pixelHash,
        proof: [bad, ...proof.slice(1)],
      }),
    );
  });
});

describe('frame proofs (properties)', () => {
  // A random job: task sizes, acceptance order and pixel hashes.
  const jobArb = fc
    .record({
      sizes: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
      salt: fc.integer({ min: 0, max: 1_000_000 }),
      order: fc.infiniteStream(fc.nat()),
    })
    .map(({ sizes, salt, order }) => {
      let start = 0;
      const tasks = sizes.map((count, t) => {
        const units = unitsOf(start, count, salt + t);
        start += count;
        return { units, tree: claimTree(units) };
      });
      // Acceptance order: a permutation drawn from the stream.
      const accepted = [...tasks];
      const it = order[Symbol.iterator]();
      for (let i = accepted.length - 1; i > 0; i--) {
        const j = (it.next().value as number) % (i + 1);
        [accepted[i], accepted[j]] = [
          accepted[j] as (typeof tasks)[number],
          accepted[i] as (typeof tasks)[number],
        ];
      }
      const job = jobTree(accepted.map(({ tree }) => rangeLeaf(tree.start, tree.count, tree.root)));
      return { accepted, job, total: start };
    });

  it('every unit of every task verifies', () => {
    fc.assert(
      fc.property(jobArb, ({ accepted, job }) => {
        accepted.forEach(({ units, tree }, k) => {
          for (const unit of units) {
            const proof = frameProof({ claim: tree, job, k, index: unit.index });
            assert.ok(
              verifyFrameProof({
                framesRoot: job.root,
                index: unit.index,
                pixelHash: unit.pixelHash,
                proof,
              }),
            );
          }
        });
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('a proof never verifies an index outside its range', () => {
    fc.assert(
      fc.property(
        jobArb,
        fc.nat(),
        fc.integer({ min: -3, max: 40 }),
        ({ accepted, job }, pick, index) => {
          const k = pick % accepted.length;
          const { units, tree } = accepted[k] as (typeof accepted)[number];
          const unit = units[pick % units.length] as FrameUnit;
          const proof = frameProof({ claim: tree, job, k, index: unit.index });
          fc.pre(index < tree.start || index >= tree.start + tree.count);
          assert.ok(
            !verifyFrameProof({ framesRoot: job.root, index, pixelHash: unit.pixelHash, proof }),
          );
        },
      ),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('tampering any element of a proof makes it fail', () => {
    fc.assert(
      fc.property(
        jobArb,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 255 }),
        ({ accepted, job }, pick, at, byte, flip) => {
          const k = pick % accepted.length;
          const { units, tree } = accepted[k] as (typeof accepted)[number];
          const unit = units[pick % units.length] as FrameUnit;
          const proof = frameProof({ claim: tree, job, k, index: unit.index });
          const i = at % proof.length;
          const bytes = Buffer.from((proof[i] as Hex).slice(2), 'hex');
          bytes[byte % 32] = (bytes[byte % 32] as number) ^ flip;
          const tampered = [...proof];
          tampered[i] = `0x${bytes.toString('hex')}`;
          assert.ok(
            !verifyFrameProof({
              framesRoot: job.root,
              index: unit.index,
              pixelHash: unit.pixelHash,
              proof: tampered,
            }),
          );
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
