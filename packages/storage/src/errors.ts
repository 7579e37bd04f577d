/** Options shared by every storage error. */
export type BaseErrorParameters = {
  details?: string | undefined;
  cause?: unknown;
  metaMessages?: string[] | undefined;
};

/**
 * Root of every error thrown by `@gridlight/storage`. `shortMessage` is the one line a
 * user sees; `retryable` tells a caller's retry loop whether trying again can help.
 */
export class BaseError extends Error {
  override name = 'StorageError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;
  readonly retryable: boolean = false;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
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

// CID parsing lives in @gridlight/sdk (one implementation); its errors are re-exported here so
// callers of this package keep catching them by the same names.
export { CidInvalidError, CidUnsupportedError } from '@gridlight/sdk/errors';

/** Bytes do not hash to the CID they were supposed to have. */
export class CidMismatchError extends BaseError {
  override name = 'CidMismatchError';
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string, parameters: BaseErrorParameters = {}) {
    super(`Content does not match its CID: expected ${expected}, got ${actual}.`, parameters);
    this.expected = expected;
    this.actual = actual;
  }
}

/** A stored blob no longer matches its CID (disk corruption, tampering). */
export class BlobCorruptError extends CidMismatchError {
  override name = 'BlobCorruptError';
  constructor(expected: string, actual: string, parameters: BaseErrorParameters = {}) {
    super(expected, actual, {
      metaMessages: ['The stored copy is corrupt and was not served as valid; upload it again.'],
      ...parameters,
    });
  }
}

/** An upload went past the size limit; nothing was stored. */
export class BlobTooLargeError extends BaseError {
  override name = 'BlobTooLargeError';
  readonly maxBytes: number;
  constructor(maxBytes: number, parameters: BaseErrorParameters = {}) {
    super(`Blob is larger than the limit of ${maxBytes} bytes; nothing was stored.`, parameters);
    this.maxBytes = maxBytes;
  }
}

/** No blob with this CID is in the store. */
export class BlobNotFoundError extends BaseError {
  override name = 'BlobNotFoundError';
  readonly cid: string;
  constructor(cid: string, parameters: BaseErrorParameters = {}) {
    super(`Blob ${cid} was not found.`, parameters);
    this.cid = cid;
  }
}

/** The requested byte range lies outside the blob. */
export class RangeNotSatisfiableError extends BaseError {
  override name = 'RangeNotSatisfiableError';
  readonly size: number;
  constructor(size: number, description: string) {
    super(`Range ${description} is outside the blob of ${size} bytes.`);
    this.size = size;
  }
}

/** The remote store (gateway, Kubo) could not be reached or answered with a server error. */
export class StorageUnavailableError extends BaseError {
  override name = 'StorageUnavailableError';
  override readonly retryable = true;
}

/** The remote store answered with an error this client does not map to a more specific one. */
export class StorageResponseError extends BaseError {
  override name = 'StorageResponseError';
  readonly status: number;
  constructor(status: number, message: string, parameters: BaseErrorParameters = {}) {
    super(`Storage request failed with HTTP ${status}: ${message}`, parameters);
    this.status = status;
  }
}

/** Command-line options were missing or invalid. */
export class CliUsageError extends BaseError {
  override name = 'CliUsageError';
}
