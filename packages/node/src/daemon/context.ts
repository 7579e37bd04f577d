import type { StorageClient } from '@gridlight/storage';
import type { Logger } from 'pino';
import type { ChainClient } from './chain.js';
import type { Journal } from './journal.js';
import type { DaemonMetrics } from './metrics.js';
import type { DaemonOptions } from './options.js';
import { type RetryOptions, withRetry } from './retry.js';

/** Test and integration hooks; none is needed in production. */
export type DaemonHooks = {
  /** Called after a commit is mined and journaled, before the reveal. */
  afterCommit?: ((claimId: bigint) => void | Promise<void>) | undefined;
};

/** Everything a daemon part needs, passed explicitly (no globals). */
export type DaemonContext = {
  options: DaemonOptions;
  logger: Logger;
  metrics: DaemonMetrics;
  /** Aborts on shutdown. */
  signal: AbortSignal;
  chain: ChainClient;
  storage: StorageClient;
  journal: Journal;
  hooks: DaemonHooks;
};

/** Retries `fn` under the daemon's signal, logger and failure metrics. */
export function retrying<T>(
  ctx: DaemonContext,
  label: string,
  fn: (attempt: number) => Promise<T>,
  options: Partial<RetryOptions> = {},
): Promise<T> {
  return withRetry(fn, {
    label,
    signal: ctx.signal,
    logger: ctx.logger,
    onFailure: (failure) => ctx.metrics.fail(failure.kind),
    ...options,
  });
}
