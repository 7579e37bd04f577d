import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  BaseError as ViemBaseError,
} from 'viem';
import { ContractRevertError, RpcUnavailableError } from './errors.js';
import { jobMarketAbi, stakingAbi } from './generated/abis.js';
import { decodeRevertData, describeRevert, toGridlightError } from './revert.js';

const node = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('describeRevert', () => {
  it('puts NodeNotEligible into words', () => {
    assert.equal(
      describeRevert('NodeNotEligible', [node, 3n, 'reputation']),
      `node ${node} may not work on job 3 (reputation)`,
    );
  });
  it('names enum states and formats GLT', () => {
    assert.equal(describeRevert('JobNotOpen', [4n, 3]), 'job 4 is not open (Completed)');
    assert.equal(
      describeRevert('InsufficientFreeStake', [node, 10n ** 18n, 15n * 10n ** 17n]),
      `node ${node} has 1 GLT of free stake, 1.5 GLT needed`,
    );
  });
  it('falls back to name(arg=value) with ABI argument names', () => {
    assert.equal(describeRevert('InvalidFeeSplit', []), 'InvalidFeeSplit()');
    assert.match(describeRevert('InvalidSecurityParam', ['verifyWindow']), /field=verifyWindow/);
  });
});

describe('decoding reverts', () => {
  it('decodes raw data of any Gridlight contract (a market call reverting in Staking)', () => {
    const data = encodeErrorResult({
      abi: stakingAbi,
      errorName: 'InsufficientFreeStake',
      args: [node, 1n, 2n],
    });
    assert.deepEqual(decodeRevertData(data), {
      errorName: 'InsufficientFreeStake',
      args: [node, 1n, 2n],
    });
    assert.equal(decodeRevertData('0xdeadbeef'), undefined);
  });

  it('turns a viem revert into a ContractRevertError with words', () => {
    const data = encodeErrorResult({
      abi: jobMarketAbi,
      errorName: 'NodeNotEligible',
      args: [node, 3n, 'reputation'],
    });
    const viemError = new ContractFunctionRevertedError({
      abi: jobMarketAbi,
      data,
      functionName: 'claim',
    });
    const error = toGridlightError(viemError, 'claim');
    assert.ok(error instanceof ContractRevertError);
    assert.equal(error.errorName, 'NodeNotEligible');
    assert.equal(error.functionName, 'claim');
    assert.equal(
      error.shortMessage,
      `NodeNotEligible: node ${node} may not work on job 3 (reputation)`,
    );
  });

  it('decodes an error the called ABI lacks from the raw data', () => {
    const data = encodeErrorResult({
      abi: stakingAbi,
      errorName: 'NothingToWithdraw',
      args: [node],
    });
    const viemError = new ContractFunctionRevertedError({ abi: [], data, functionName: 'x' });
    const error = toGridlightError(viemError);
    assert.ok(error instanceof ContractRevertError);
    assert.equal(
      error.shortMessage,
      `NothingToWithdraw: ${node} has nothing unbonding to withdraw`,
    );
  });

  it('marks transport failures retryable and leaves other errors alone', () => {
    const down = toGridlightError(new HttpRequestError({ url: 'http://127.0.0.1:1' }));
    assert.ok(down instanceof RpcUnavailableError);
    assert.equal(down.retryable, true);
    const other = new ViemBaseError('something else');
    assert.equal(toGridlightError(other), other);
    const plain = new Error('plain');
    assert.equal(toGridlightError(plain), plain);
  });
});
