import type { Logger } from 'pino';
import { classifyError } from './retry.js';

/**
 * A serial work queue with de-duplication by key: a key already waiting is not queued
 * twice. One task runs at a time; `drain()` resolves when the queue is idle.
 */
export class SerialQueue {
  readonly #pending: { key: string; run: () => Promise<void> }[] = [];
  readonly #queued = new Set<string>();
  readonly #logger: Logger;
  readonly #signal: AbortSignal;
  readonly #onError: (error: unknown) => void;
  #running: Promise<void> | undefined;
  #current: string | undefined;

  constructor(options: {
    logger: Logger;
    signal: AbortSignal;
    onError?: (error: unknown) => void;
  }) {
    this.#logger = options.logger;
    this.#signal = options.signal;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Keys waiting or running. */
  get keys(): string[] {
    return [...(this.#current ? [this.#current] : []), ...this.#pending.map((p) => p.key)];
  }

  /** Queues `run` under `key` unless the same key is already waiting. */
  push(key: string, run: () => Promise<void>): void {
    if (this.#signal.aborted || this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#pending.push({ key, run });
    this.#running ??= this.#loop();
  }

  /** Resolves once nothing runs. */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #loop(): Promise<void> {
    try {
      for (let next = this.#pending.shift(); next; next = this.#pending.shift()) {
        this.#queued.delete(next.key);
        if (this.#signal.aborted) continue;
        this.#current = next.key;
        try {
          await next.run();
        } catch (error) {
          const failure = classifyError(error);
          if (failure.kind !== 'abort') {
            this.#onError(error);
            this.#logger.error({ task: next.key, kind: failure.kind }, failure.message);
          }
        } finally {
          this.#current = undefined;
        }
      }
    } finally {
      this.#running = undefined;
    }
  }
}
