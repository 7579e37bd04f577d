/** Options shared by every daemon error. */
export type DaemonErrorParameters = {
  details?: string | undefined;
  cause?: unknown;
  metaMessages?: string[] | undefined;
};

/**
 * Root of the daemon's own errors. `shortMessage` is the one line an operator sees;
 * `retryable` tells the retry loop whether trying again can help.
 */
export class DaemonError extends Error {
  override name = 'DaemonError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;
  readonly retryable: boolean = false;

  constructor(shortMessage: string, parameters: DaemonErrorParameters = {}) {
    const lines = [shortMessage];
    if (parameters.metaMessages) lines.push('', ...parameters.metaMessages);
    if (parameters.details) lines.push('', `Details: ${parameters.details}`);
    super(
      lines.join('\n'),
      parameters.cause === undefined ? undefined : { cause: parameters.cause },
    );
    this.shortMessage = shortMessage;
    this.details = parameters.details;
    this.metaMessages = parameters.metaMessages;
  }
}

/** A command-line flag or daemon option is missing or malformed. */
export class OptionsInvalidError extends DaemonError {
  override name = 'OptionsInvalidError';
}

/** The journal file cannot be read or written. */
export class JournalError extends DaemonError {
  override name = 'JournalError';
}

/** A worker's result index or frame could not be fetched or does not match the chain. */
export class ResultInvalidError extends DaemonError {
  override name = 'ResultInvalidError';
}

/** A transient failure (endpoint down, gateway busy) that a later attempt may get past. */
export class TransientError extends DaemonError {
  override name = 'TransientError';
  override readonly retryable = true;
}

/** The work was stopped by the daemon's shutdown signal. */
export class AbortedError extends DaemonError {
  override name = 'AbortedError';
  constructor(what = 'operation') {
    super(`The ${what} was stopped by shutdown.`);
  }
}
