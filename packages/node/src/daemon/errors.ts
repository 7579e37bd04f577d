import { BaseError, type BaseErrorParameters } from '../errors.js';

/** Options shared by every daemon error (the package's own BaseError options). */
export type DaemonErrorParameters = BaseErrorParameters;

/**
 * Root of the daemon's own errors: the package's BaseError under a name an operator can
 * grep for. `retryable` tells the retry loop whether trying again can help.
 */
export class DaemonError extends BaseError {
  override name = 'DaemonError';
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
