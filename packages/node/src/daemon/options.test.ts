import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OptionsInvalidError } from './errors.js';
import { parseDaemonOptions } from './options.js';

const base = {
  rpcUrl: 'http://127.0.0.1:8545',
  deploymentFile: '.devnet/deployment.json',
  privateKey: `0x${'ab'.repeat(32)}`,
  storageUrl: 'http://127.0.0.1:8081',
  workDir: '/tmp/node',
};

test('options apply defaults and convert GLT to wei', () => {
  const o = parseDaemonOptions({ ...base, stake: '1500.5', minPrice: '0.1' });
  assert.equal(o.stake, 1_500_500_000_000_000_000_000n);
  assert.equal(o.minPrice, 100_000_000_000_000_000n);
  assert.equal(o.region, 'DE');
  assert.equal(o.maxUnitsPerClaim, 8);
  assert.equal(o.logFormat, 'pretty');
});

test('options errors are one line naming the flag', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...base, privateKey: '0x12' }, /--private-key/],
    [{ ...base, rpcUrl: 'localhost' }, /--rpc-url/],
    [{ ...base, region: 'de' }, /--region/],
    [{ ...base, stake: '-1' }, /--stake/],
    [{ ...base, maxUnitsPerClaim: 0 }, /--max-units-per-claim/],
    [{ ...base, bogus: 1 }, /bogus|Unrecognized/i],
  ];
  for (const [input, pattern] of cases) {
    assert.throws(
      () => parseDaemonOptions(input),
      (error: unknown) =>
        error instanceof OptionsInvalidError &&
        pattern.test(error.shortMessage) &&
        !error.shortMessage.includes('\n'),
    );
  }
});
