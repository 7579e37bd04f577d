import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { stakingAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

export type WithdrawReturnType = { amount: bigint; hash: Hex };

/**
 * Pays out all unbonding stake once the unbonding period has passed.
 *
 * @example
 * const { amount } = await withdraw(nodeClient);
 */
export async function withdraw(client: GridlightClient): Promise<WithdrawReturnType> {
  const { hash, receipt } = await writeContract(client, 'withdraw', {
    address: client.deployment.Staking,
    abi: stakingAbi,
    functionName: 'withdraw',
    args: [],
  });
  const event = eventOf(receipt, stakingAbi, 'Withdrawn', hash);
  return { amount: event.args.amount, hash };
}
