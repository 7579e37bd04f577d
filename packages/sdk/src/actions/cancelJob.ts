import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

export type CancelJobParameters = { jobId: bigint };

export type CancelJobReturnType = { refunded: bigint; hash: Hex };

/**
 * Cancels a job (requester only): untouched units are refunded now, work in flight finishes.
 *
 * @example
 * const { refunded } = await cancelJob(client, { jobId: 1n });
 */
export async function cancelJob(
  client: GridlightClient,
  { jobId }: CancelJobParameters,
): Promise<CancelJobReturnType> {
  const { hash, receipt } = await writeContract(client, 'cancelJob', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'cancelJob',
    args: [jobId],
  });
  const event = eventOf(receipt, jobMarketAbi, 'JobCancelled', hash);
  return { refunded: event.args.refunded, hash };
}
