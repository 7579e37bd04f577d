import type { Address, Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { readContract } from '../internal/write.js';
import { type ClaimStatus, claimStatuses } from './types.js';

export type GetClaimParameters = { claimId: bigint };

/** One node's claim on a task, status as a name. */
export type GetClaimReturnType = {
  claimId: bigint;
  node: Address;
  jobId: bigint;
  taskIndex: bigint;
  status: ClaimStatus;
  /** Claim time until the reveal, then the reveal time (unix seconds). */
  time: number;
  /** The seal until the reveal, then the revealed result root. */
  sealOrRoot: Hex;
};

type RawClaim = {
  node: Address;
  jobId: number;
  taskIndex: number;
  status: number;
  time: number;
  sealOrRoot: Hex;
};

/**
 * Reads a claim (`JobMarket.claimOf`). A claim that does not exist has status `None`.
 *
 * @example
 * const claim = await getClaim(client, { claimId: 7n });
 * claim.status; // 'Revealed'
 */
export async function getClaim(
  client: GridlightClient,
  { claimId }: GetClaimParameters,
): Promise<GetClaimReturnType> {
  const raw = await readContract<RawClaim>(client, {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'claimOf',
    args: [claimId],
  });
  return {
    claimId,
    node: raw.node,
    jobId: BigInt(raw.jobId),
    taskIndex: BigInt(raw.taskIndex),
    status: claimStatuses[raw.status] ?? 'None',
    time: raw.time,
    sealOrRoot: raw.sealOrRoot,
  };
}
