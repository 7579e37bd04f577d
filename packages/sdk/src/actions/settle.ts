import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { writeContract } from '../internal/write.js';

export type SettleParameters = { claimId: bigint };

export type SettleReturnType = { hash: Hex };

/**
 * Resolves a result whose verification window has passed (anyone may call)
 *
 * @example
 *  accepts it, or slashes and re-queues a rejected one.:await settle(client, { claimId: 3n });
 */
export async function settle(
  client: GridlightClient,
  { claimId }: SettleParameters,
): Promise<SettleReturnType> {
  const { hash } = await writeContract(client, 'settle', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'settle',
    args: [claimId],
  });
  return { hash };
}
