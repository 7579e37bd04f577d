import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobMarketAbi, RpcUnavailableError, stakingAbi, toGridlightError } from '@gridlight/sdk';
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  TimeoutError,
  BaseError as ViemBaseError,
} from 'viem';
import { AbortedError } from './errors.js';
import { backoffDelay, classifyError, sleep, withRetry } from './retry.js';

// What viem throws for a reverted `claim` simulation; `errorAbi` holds the error (a callee's
// error, such as Staking's InsufficientFreeStake, is not in JobMarket's ABI).
function revert(errorName: string, args: unknown[], errorAbi: readonly unknown[] = jobMarketAbi) {
  const data = encodeErrorResult({ abi: errorAbi, errorName, args } as never);
  const reverted = new ContractFunctionRevertedError({
    abi: jobMarketAbi,
    data,
    functionName: 'claim',
  });
  return new ContractFunctionExecutionError(reverted, {
    abi: jobMarketAbi,
    functionName: 'claim',
    args: [1n, 2n],
  });
}

test('contract reverts are not retryable and carry the error name', () => {
  const a = classifyError(revert('NoUnitsAvailable', [1n]));
  assert.equal(a.retryable, false);
  assert.equal(a.kind, 'revert');
  assert.equal(a.errorName, 'NoUnitsAvailable');
  const b = classifyError(revert('WrongClaimStatus', [3n, 2]));
  assert.equal(b.errorName, 'WrongClaimStatus');
  assert.equal(b.retryable, false);
  assert.doesNotMatch(b.message, /\n/);
});

test("the SDK's ContractRevertError is not retryable and carries the error name", () => {
  const stop = classifyError(toGridlightError(revert('NoUnitsAvailable', [1n]), 'claim'));
  assert.equal(stop.retryable, false);
  assert.equal(stop.kind, 'revert');
  assert.equal(stop.errorName, 'NoUnitsAvailable');
  assert.match(stop.message, /^NoUnitsAvailable: job 1 has no units left to claim/);
  const staking = classifyError(
    toGridlightError(
      revert('InsufficientFreeStake', [`0x${'11'.repeat(20)}`, 1n, 2n], stakingAbi),
      'claim',
    ),
  );
  assert.equal(staking.errorName, 'InsufficientFreeStake');
  assert.equal(staking.retryable, false);
  const status = classifyError(toGridlightError(revert('WrongClaimStatus', [3n, 2]), 'reveal'));
  assert.equal(status.errorName, 'WrongClaimStatus');
  assert.doesNotMatch(status.message, /\n/);
});

test("the SDK's RpcUnavailableError is retryable", () => {
  const wrapped = toGridlightError(
    new HttpRequestError({ url: 'http://127.0.0.1:1', details: 'fetch failed' }),
  );
  assert.ok(wrapped instanceof RpcUnavailableError);
  assert.deepEqual(
    { r: classifyError(wrapped).retryable, k: classifyError(wrapped).kind },
    { r: true, k: 'rpc' },
  );
  const timeout = toGridlightError(new TimeoutError({ body: {}, url: 'http://127.0.0.1:1' }));
  assert.equal(classifyError(timeout).retryable, true);
  assert.equal(classifyError(timeout).kind, 'timeout');
});

test('RPC outages and timeouts are retryable', () => {
  const http = new HttpRequestError({ url: 'http://127.0.0.1:1', details: 'fetch failed' });
  assert.deepEqual(
    { r: classifyError(http).retryable, k: classifyError(http).kind },
    { r: true, k: 'rpc' },
  );
  const timeout = new TimeoutError({ body: {}, url: 'http://127.0.0.1:1' });
  assert.equal(classifyError(timeout).kind, 'timeout');
  assert.equal(classifyError(timeout).retryable, true);
  const refused = Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  });
  assert.equal(classifyError(refused).retryable, true);
  const nonce = new ViemBaseError('nonce too low');
  assert.equal(classifyError(nonce).kind, 'nonce');
});

test('storage errors follow their retryable flag; unknown errors are final', () => {
  const unavailable = Object.assign(new Error('gateway down'), {
    name: 'StorageUnavailableError',
    retryable: true,
  });
  assert.equal(classifyError(unavailable).retryable, true);
  const mismatch = Object.assign(new Error('bad bytes'), { name: 'CidMismatchError' });
  assert.equal(classifyError(mismatch).retryable, false);
  assert.equal(classifyError(new Error('bug')).retryable, false);
  assert.equal(classifyError(new AbortedError()).kind, 'abort');
});

test('backoff grows exponentially, is capped, and jitters within [ceiling/2, ceiling]', () => {
  assert.equal(backoffDelay(0, { baseMs: 100, random: () => 0 }), 50);
  assert.equal(backoffDelay(0, { baseMs: 100, random: () => 0.999999 }), 100);
  assert.equal(backoffDelay(3, { baseMs: 100, random: () => 0.999999 }), 800);
  assert.equal(backoffDelay(20, { baseMs: 100, maxMs: 1000, random: () => 0.999999 }), 1000);
});

test('withRetry retries retryable failures and stops at a revert', async () => {
  let calls = 0;
  const kinds: string[] = [];
  const value = await withRetry(
    async () => {
      calls++;
      if (calls < 3) throw new HttpRequestError({ url: 'http://x', details: 'down' });
      return 42;
    },
    { label: 't', baseMs: 1, onFailure: (f) => kinds.push(f.kind) },
  );
  assert.equal(value, 42);
  assert.equal(calls, 3);
  assert.deepEqual(kinds, ['rpc', 'rpc']);

  calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw revert('NoUnitsAvailable', [1n]);
      },
      { label: 't', baseMs: 1 },
    ),
    /NoUnitsAvailable/,
  );
  assert.equal(calls, 1);
});

test('withRetry gives up after maxAttempts and honours abort', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw new HttpRequestError({ url: 'http://x', details: 'down' });
      },
      { label: 't', baseMs: 1, maxAttempts: 3 },
    ),
  );
  assert.equal(calls, 3);
  const controller = new AbortController();
  const pending = sleep(10_000, controller.signal);
  controller.abort();
  await assert.rejects(pending, AbortedError);
});
