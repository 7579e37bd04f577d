import { jobMarketAbi } from '@gridlight/sdk';
import type { Log } from 'viem';
import { decodeEventLog } from 'viem';
import { type DaemonContext, retrying } from './context.js';
import { sleep } from './retry.js';

/** The JobMarket events the daemon acts on, decoded. */
export type MarketEvent = ReturnType<typeof decodeEventLog<typeof jobMarketAbi>> & {
  blockNumber: bigint;
};

const WATCHED = [
  'JobCreated',
  'TaskRequeued',
  'VerifierSelected',
  'ClaimPaid',
  'UnitsClaimed',
] as const;
const CHUNK = 2_000n;

/**
 * Follows JobMarket logs from `fromBlock`: a startup scan in chunks, then a poll loop on
 * `eth_getLogs` (the source of truth, so no event is missed across reconnects), woken early
 * by viem's `watchContractEvent`. Events are handed over in chain order; handlers must be
 * idempotent (a restart rescans from the deployment's first block).
 */
export function followMarket(
  ctx: DaemonContext,
  fromBlock: bigint,
  onEvent: (event: MarketEvent) => void,
): { stop(): void; cursor(): bigint; done: Promise<void> } {
  let cursor = fromBlock;
  let wake: (() => void) | undefined;
  const client = ctx.chain.publicClient;
  const address = ctx.chain.deployment.JobMarket;
  let unwatch: (() => void) | undefined;
  try {
    unwatch = client.watchContractEvent({
      address,
      abi: jobMarketAbi,
      poll: true,
      pollingInterval: Math.max(250, Math.floor(ctx.options.pollIntervalMs / 2)),
      onLogs: () => wake?.(),
      onError: (error) =>
        ctx.logger.debug({ err: error.message }, 'event watcher error; polling continues'),
    });
  } catch (error) {
    ctx.logger.warn({ err: (error as Error).message }, 'event watcher unavailable; polling only');
  }

  const loop = async () => {
    while (!ctx.signal.aborted) {
      try {
        const latest = await retrying(ctx, 'read block number', () => client.getBlockNumber(), {
          maxAttempts: 1_000_000,
          maxMs: 15_000,
        });
        while (cursor <= latest && !ctx.signal.aborted) {
          const to = cursor + CHUNK - 1n < latest ? cursor + CHUNK - 1n : latest;
          const from = cursor;
          const logs = await retrying(ctx, 'read logs', () =>
            client.getLogs({ address, fromBlock: from, toBlock: to }),
          );
          for (const log of logs) dispatch(log);
          cursor = to + 1n;
        }
      } catch (error) {
        if (ctx.signal.aborted) break;
        ctx.logger.warn({ err: (error as Error).message }, 'log polling failed; trying again');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        sleep(ctx.options.pollIntervalMs, ctx.signal).then(resolve, resolve);
      });
      wake = undefined;
    }
  };

  const dispatch = (log: Log) => {
    let decoded: ReturnType<typeof decodeEventLog<typeof jobMarketAbi>>;
    try {
      decoded = decodeEventLog({ abi: jobMarketAbi, data: log.data, topics: log.topics });
    } catch {
      return; // an event the daemon does not know
    }
    if (!(WATCHED as readonly string[]).includes(decoded.eventName)) return;
    try {
      onEvent({ ...decoded, blockNumber: log.blockNumber ?? 0n } as MarketEvent);
    } catch (error) {
      ctx.logger.error({ err: (error as Error).message }, 'event handler failed');
    }
  };

  const done = loop();
  return {
    stop: () => {
      unwatch?.();
      wake?.();
    },
    cursor: () => cursor,
    done,
  };
}
