import type { ContractEventName, Hex, Log } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { toGridlightError } from '../revert.js';
import { getClaim } from './getClaim.js';

/** One JobMarket event, with the job it belongs to when that can be told. */
export type JobEvent = {
  eventName: ContractEventName<typeof jobMarketAbi>;
  args: Record<string, unknown>;
  /** The job, from the event's jobId, its claim, or another event of the same transaction. */
  jobId: bigint | undefined;
  blockNumber: bigint | null;
  transactionHash: Hex | null;
  logIndex: number | null;
};

export type WatchJobEventsParameters = {
  /** Only events of this job (events no job can be told for are dropped). */
  jobId?: bigint | undefined;
  /** Called for each event, in log order. */
  onEvent: (event: JobEvent) => void;
  /** Called when polling or decoding fails (the watch goes on). */
  onError?: ((error: unknown) => void) | undefined;
  /** Replay from this block (e.g. the deployment's startBlock). */
  fromBlock?: bigint | undefined;
  /** Milliseconds between polls (default: the client's polling interval). */
  pollingInterval?: number | undefined;
};

/** Stops the watch. */
export type WatchJobEventsReturnType = () => void;

/**
 * Watches every JobMarket event (or one job's), calling `onEvent` for each.
 *
 * @example
 * const stop = watchJobEvents(client, {
 *   jobId: 1n,
 *   onEvent: (e) => logger.info({ event: e.eventName, args: e.args }),
 * });
 */
export function watchJobEvents(
  client: GridlightClient,
  parameters: WatchJobEventsParameters,
): WatchJobEventsReturnType {
  const claimJobs = new Map<bigint, bigint>();
  const onError = parameters.onError ?? (() => {});
  let queue = Promise.resolve();

  async function resolve(logs: Log[]): Promise<JobEvent[]> {
    const events: JobEvent[] = [];
    const txJobs = new Map<Hex, bigint>();
    for (const log of logs as (Log & {
      eventName: JobEvent['eventName'];
      args: Record<string, unknown>;
    })[]) {
      const args = log.args;
      let jobId = typeof args.jobId === 'bigint' ? args.jobId : undefined;
      const claimId = typeof args.claimId === 'bigint' ? args.claimId : undefined;
      if (jobId !== undefined && claimId !== undefined) claimJobs.set(claimId, jobId);
      if (jobId === undefined && claimId !== undefined) {
        jobId = claimJobs.get(claimId);
        if (jobId === undefined) {
          jobId = (await getClaim(client, { claimId })).jobId;
          claimJobs.set(claimId, jobId);
        }
      }
      if (jobId !== undefined && log.transactionHash) txJobs.set(log.transactionHash, jobId);
      events.push({
        eventName: log.eventName,
        args,
        jobId,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
        logIndex: log.logIndex,
      });
    }
    for (const event of events) {
      if (event.jobId === undefined && event.transactionHash) {
        event.jobId = txJobs.get(event.transactionHash);
      }
    }
    return events;
  }

  return client.publicClient.watchContractEvent({
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    // Over HTTP a watch polls: eth_newFilter, falling back to eth_getLogs where the node
    // keeps no filters.
    poll: true,
    ...(parameters.fromBlock !== undefined ? { fromBlock: parameters.fromBlock } : {}),
    ...(parameters.pollingInterval !== undefined
      ? { pollingInterval: parameters.pollingInterval }
      : {}),
    onLogs(logs) {
      // Batches are handled one after another so events keep their order.
      queue = queue.then(async () => {
        try {
          for (const event of await resolve(logs as Log[])) {
            if (parameters.jobId === undefined || event.jobId === parameters.jobId) {
              parameters.onEvent(event);
            }
          }
        } catch (error) {
          onError(toGridlightError(error));
        }
      });
    },
    onError: (error) => onError(toGridlightError(error)),
  });
}
