import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  TimeoutError,
  BaseError as ViemBaseError,
} from 'viem';
import { jobMarketAbi } from './abi.js';
import { AbortedError } from './errors.js';
import { backoffDelay, classifyError, sleep, withRetry } from './retry.js';

function revert(errorName: string, args: unknown[]) {
  const data = encodeErrorResult({ abi: jobMarketAbi, errorName, args } as never);
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
