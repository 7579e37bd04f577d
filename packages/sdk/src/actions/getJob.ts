import type { Address, Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { readContract } from '../internal/write.js';
import { type VerificationLevel, verificationModes } from '../manifest.js';
import { type JobStatus, jobStatuses } from './types.js';

export type GetJobParameters = { jobId: bigint };

/** A job as stored by JobMarket, enums as names. */
export type GetJobReturnType = {
  jobId: bigint;
  requester: Address;
  status: JobStatus;
  mode: VerificationLevel;
  unitCount: number;
  nextUnit: number;
  unitsAccepted: number;
  unitsInFlight: number;
  pricePerUnit: bigint;
  deadline: number;
  claimTtl: number;
  minReputation: number;
  confidenceBps: number;
  replication: number;
  minTier: number;
  integrator: Address;
  escrow: bigint;
  budget: bigint;
  manifestDigest: Hex;
  createdAt: number;
  completedAt: number;
  taskCount: number;
  requeuedCount: number;
  tasksAccepted: number;
  framesRoot: Hex;
};

type RawJob = Omit<GetJobReturnType, 'jobId' | 'status' | 'mode'> & {
  status: number;
  mode: number;
};

/**
 * Reads a job (`JobMarket.jobOf`). A job that does not exist has status `None`.
 *
 * @example
 * const job = await getJob(client, { jobId: 1n });
 * job.status; // 'Open'
 */
export async function getJob(
  client: GridlightClient,
  { jobId }: GetJobParameters,
): Promise<GetJobReturnType> {
  const raw = await readContract<RawJob>(client, {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'jobOf',
    args: [jobId],
  });
  return {
    ...raw,
    jobId,
    status: jobStatuses[raw.status] ?? 'None',
    mode: verificationModes[raw.mode] ?? 'spot-check',
  };
}
