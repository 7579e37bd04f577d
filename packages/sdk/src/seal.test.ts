import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concat, keccak256, pad } from 'viem';
import { computeSeal, randomSalt } from './seal.js';

describe('computeSeal', () => {
  const resultRoot = keccak256('0x01');
  const salt = keccak256('0x02');
  const node = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

  it('is keccak256 of the three 32-byte words (abi.encode)', () => {
    const expected = keccak256(
      concat([resultRoot, salt, pad(node.toLowerCase() as `0x${string}`)]),
    );
    assert.equal(computeSeal({ resultRoot, salt, node }), expected);
  });

  it('binds the node and the salt', () => {
    const other = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
    assert.notEqual(
      computeSeal({ resultRoot, salt, node }),
      computeSeal({ resultRoot, salt, node: other }),
    );
    assert.notEqual(
      computeSeal({ resultRoot, salt, node }),
      computeSeal({ resultRoot, salt: randomSalt(), node }),
    );
  });

  it('draws 32-byte salts', () => {
    assert.match(randomSalt(), /^0x[0-9a-f]{64}$/);
    assert.notEqual(randomSalt(), randomSalt());
  });
});
