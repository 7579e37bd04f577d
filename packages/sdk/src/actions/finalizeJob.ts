import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

export type FinalizeJobParameters = { jobId: bigint };

export type FinalizeJobReturnType = { framesRoot: Hex; refunded: bigint; hash: Hex };

/**
 * Completes a job whose units are all accepted: records the frames root and mints the
 * RenderCertificate (token id = job id) to the requester.
 *
 * @example
 * const { framesRoot } = await finalizeJob(client, { jobId: 1n });
 */
export async function finalizeJob(
  client: GridlightClient,
  { jobId }: FinalizeJobParameters,
): Promise<FinalizeJobReturnType> {
  const { hash, receipt } = await writeContract(client, 'finalizeJob', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'finalizeJob',
    args: [jobId],
  });
  const event = eventOf(receipt, jobMarketAbi, 'JobCompleted', hash);
  return { framesRoot: event.args.framesRoot, refunded: event.args.refunded, hash };
}
