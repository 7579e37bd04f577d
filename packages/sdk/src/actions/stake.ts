import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { gridlightTokenAbi, stakingAbi } from '../generated/abis.js';
import { permitDeadline, signPermit } from '../internal/permit.js';
import { accountAddress, writeContract } from '../internal/write.js';

export type StakeParameters = {
  /** GLT to stake, in wei. */
  amount: bigint;
  /** An EIP-2612 permit signature (default, one transaction) or an approve tx first. */
  approval?: 'permit' | 'approve' | undefined;
};

export type StakeReturnType = { hash: Hex };

/**
 * Stakes GLT for the account (node collateral), by permit (`stakeWithPermit`) or approve.
 *
 * @example
 * await stake(nodeClient, { amount: parseEther('10000') });
 */
export async function stake(
  client: GridlightClient,
  { amount, approval = 'permit' }: StakeParameters,
): Promise<StakeReturnType> {
  accountAddress(client, 'stake');
  const staking = client.deployment.Staking;
  if (approval === 'permit') {
    const permit = await signPermit(client, 'stake', {
      spender: staking,
      value: amount,
      deadline: await permitDeadline(client),
    });
    const { hash } = await writeContract(client, 'stake', {
      address: staking,
      abi: stakingAbi,
      functionName: 'stakeWithPermit',
      args: [amount, permit.deadline, permit.v, permit.r, permit.s],
    });
    return { hash };
  }
  await writeContract(client, 'stake', {
    address: client.deployment.GridlightToken,
    abi: gridlightTokenAbi,
    functionName: 'approve',
    args: [staking, amount],
  });
  const { hash } = await writeContract(client, 'stake', {
    address: staking,
    abi: stakingAbi,
    functionName: 'stake',
    args: [amount],
  });
  return { hash };
}
