import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { writeContract } from '../internal/write.js';

export type ExpireClaimParameters = { claimId: bigint };

export type ExpireClaimReturnType = { hash: Hex };

/**
 * Releases a claim whose time to reveal has passed (anyone may call)
 *
 * @example
 *  a small slash, the units re-queued.:await expireClaim(client, { claimId: 3n });
 */
export async function expireClaim(
  client: GridlightClient,
  { claimId }: ExpireClaimParameters,
): Promise<ExpireClaimReturnType> {
  const { hash } = await writeContract(client, 'expireClaim', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'expireClaim',
    args: [claimId],
  });
  return { hash };
}
