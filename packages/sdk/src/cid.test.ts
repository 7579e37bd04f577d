import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { base58btc } from 'multiformats/bases/base58';
import { cidForBytes, cidFromDigest, digestFromCid, digestHex, parseCid, toCid } from './cid.js';
import { CidInvalidError, CidUnsupportedError } from './errors.js';

// Independent derivation: CIDv1 = varint(1) ‖ varint(0x55 raw) ‖ multihash(0x12, 32, sha256),
// multibase 'b' + RFC 4648 base32, lower case, no padding.
function referenceCid(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  const binary = Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), digest]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of binary) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

describe('cidForBytes', () => {
  it('matches an independent derivation for a known string', () => {
    const bytes = new TextEncoder().encode('Gridlight renders frames');
    const cid = cidForBytes(bytes);
    assert.equal(cid, referenceCid(bytes));
    assert.match(cid, /^bafkrei[a-z2-7]{52}$/);
  });

  it('gives the well-known IPFS CID of the empty file (raw leaves, CIDv1)', () => {
    assert.equal(
      cidForBytes(new Uint8Array()),
      'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
    );
    assert.equal(cidForBytes(new Uint8Array()), referenceCid(new Uint8Array()));
  });

  it('differs when one byte differs', () => {
    assert.notEqual(cidForBytes(Buffer.from('frame-1')), cidForBytes(Buffer.from('frame-2')));
  });
});

describe('parseCid', () => {
  const valid = cidForBytes(Buffer.from('x'));

  it('round-trips a valid CID and exposes its digest', () => {
    const cid = parseCid(valid);
    assert.equal(cid.toString(), valid);
    assert.equal(digestHex(cid), createHash('sha256').update('x').digest('hex'));
  });

  it('accepts another multibase of the same CID and canonicalises to base32', () => {
    const base58 = parseCid(valid).toString(base58btc);
    assert.ok(base58.startsWith('z'));
    assert.equal(parseCid(base58).toString(), valid);
  });

  for (const bad of [
    '',
    'hello',
    '../../etc/passwd',
    `${valid}x`,
    valid.slice(0, -3),
    'b'.repeat(500),
    '%2e%2e',
  ]) {
    it(`rejects malformed ${JSON.stringify(bad.slice(0, 30))} with CidInvalidError`, () => {
      assert.throws(() => parseCid(bad), CidInvalidError);
    });
  }

  it('rejects a CIDv0 with CidUnsupportedError', () => {
    assert.throws(
      () => parseCid('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'),
      (error: unknown) => error instanceof CidUnsupportedError && /version 0/.test(error.message),
    );
  });

  it('rejects a dag-pb CIDv1 with CidUnsupportedError', () => {
    assert.throws(
      () => parseCid('bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'),
      (error: unknown) => error instanceof CidUnsupportedError && /codec 0x70/.test(error.message),
    );
  });

  it('toCid validates CID objects too', () => {
    const object = toCid(valid);
    assert.equal(toCid(object).toString(), valid);
    assert.throws(() => toCid(parseCid(valid).toV1().toString().slice(1)), CidInvalidError);
  });
});

describe('cidFromDigest', () => {
  it('matches RenderCertificate.cidFromDigest for sha256("")', () => {
    const empty = `0x${createHash('sha256').update('').digest('hex')}` as const;
    assert.equal(
      cidFromDigest(empty),
      'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
    );
  });

  it('round-trips with digestFromCid and agrees with cidForBytes', () => {
    const bytes = Buffer.from('manifest');
    const digest = `0x${createHash('sha256').update(bytes).digest('hex')}` as const;
    assert.equal(cidFromDigest(digest), cidForBytes(bytes));
    assert.equal(digestFromCid(cidForBytes(bytes)), digest);
  });

  it('rejects anything but a bytes32', () => {
    assert.throws(() => cidFromDigest('0x1234'), RangeError);
    assert.throws(() => cidFromDigest(`0x${'zz'.repeat(32)}`), RangeError);
  });
});
