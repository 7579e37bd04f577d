import type { Address } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { readContract } from '../internal/write.js';
import { type TaskStatus, taskStatuses } from './types.js';

export type GetTaskParameters = { jobId: bigint; taskIndex: bigint };

/** A task (a contiguous range of units and its replica claims), enums as names. */
export type GetTaskReturnType = {
  jobId: bigint;
  taskIndex: bigint;
  start: number;
  count: number;
  replicas: number;
  claimed: number;
  revealed: number;
  status: TaskStatus;
  windowEnds: number;
  collateral: bigint;
  /** Claim ids of the task in claim order. */
  claimIds: bigint[];
  /** The spot-check verifier or the challenger (zero address when none). */
  party: Address;
  partyBond: bigint;
};

type RawTask = {
  start: number;
  count: number;
  replicas: number;
  claimed: number;
  revealed: number;
  status: number;
  windowEnds: number;
  collateral: bigint;
  firstClaim: number;
  moreClaims: readonly number[];
  party: Address;
  partyBond: bigint;
};

/**
 * Reads a task of a job (`JobMarket.taskOf`); `party` is the selected spot-check verifier.
 *
 * @example
 * const task = await getTask(client, { jobId: 1n, taskIndex: 0n });
 * task.party; // who must post the verdict
 */
export async function getTask(
  client: GridlightClient,
  { jobId, taskIndex }: GetTaskParameters,
): Promise<GetTaskReturnType> {
  const raw = await readContract<RawTask>(client, {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'taskOf',
    args: [jobId, taskIndex],
  });
  const claimIds = [raw.firstClaim, ...raw.moreClaims]
    .slice(0, raw.claimed)
    .map((id) => BigInt(id));
  return {
    jobId,
    taskIndex,
    start: raw.start,
    count: raw.count,
    replicas: raw.replicas,
    claimed: raw.claimed,
    revealed: raw.revealed,
    status: taskStatuses[raw.status] ?? 'None',
    windowEnds: raw.windowEnds,
    collateral: raw.collateral,
    claimIds,
    party: raw.party,
    partyBond: raw.partyBond,
  };
}
