import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { stakingAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

export type RequestUnbondParameters = { amount: bigint };

export type RequestUnbondReturnType = {
  /** When everything unbonding becomes withdrawable (unix seconds). */
  readyAt: bigint;
  hash: Hex;
};

/**
 * Moves free bonded stake into unbonding (restarts the unbonding clock).
 *
 * @example
 * const { readyAt } = await requestUnbond(nodeClient, { amount: parseEther('1000') });
 */
export async function requestUnbond(
  client: GridlightClient,
  { amount }: RequestUnbondParameters,
): Promise<RequestUnbondReturnType> {
  const { hash, receipt } = await writeContract(client, 'requestUnbond', {
    address: client.deployment.Staking,
    abi: stakingAbi,
    functionName: 'requestUnbond',
    args: [amount],
  });
  const event = eventOf(receipt, stakingAbi, 'UnbondRequested', hash);
  return { readyAt: event.args.readyAt, hash };
}
