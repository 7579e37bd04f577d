import type { Address, Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

export type ClaimParameters = { jobId: bigint; maxUnits: number | bigint };

export type ClaimReturnType = {
  claimId: bigint;
  jobId: bigint;
  taskIndex: bigint;
  node: Address;
  /** First unit index of the claimed range. */
  start: number;
  /** Number of units in the range. */
  count: number;
  /** Stake locked as collateral. */
  collateral: bigint;
  hash: Hex;
};

/**
 * Claims up to `maxUnits` contiguous units of a job (or a replica slot), locking collateral
 * from the account's stake.
 *
 * @example
 * const { claimId, start, count } = await claim(nodeClient, { jobId: 1n, maxUnits: 8 });
 */
export async function claim(
  client: GridlightClient,
  { jobId, maxUnits }: ClaimParameters,
): Promise<ClaimReturnType> {
  const { hash, receipt } = await writeContract(client, 'claim', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'claim',
    args: [jobId, BigInt(maxUnits)],
  });
  const event = eventOf(receipt, jobMarketAbi, 'UnitsClaimed', hash);
  const a = event.args;
  return {
    claimId: a.claimId,
    jobId: a.jobId,
    taskIndex: a.taskIndex,
    node: a.node,
    start: Number(a.start),
    count: Number(a.count),
    collateral: a.collateral,
    hash,
  };
}
