/** Options shared by every SDK error. */
export type BaseErrorParameters = {
  details?: string | undefined;
  cause?: unknown;
  metaMessages?: string[] | undefined;
};

/**
 * Root of every error thrown by `@gridlight/sdk`. `shortMessage` is the one line a user
 * sees; `retryable` tells a caller's retry loop whether trying again can help.
 */
export class BaseError extends Error {
  override name = 'GridlightError';
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

/** The string is not a CID at all (bad multibase, bad varints, truncated). */
export class CidInvalidError extends BaseError {
  override name = 'CidInvalidError';
  readonly input: string;
  constructor(input: string, parameters: BaseErrorParameters = {}) {
    super(`"${truncate(input)}" is not a valid CID.`, {
      metaMessages: ['Expected a CIDv1 in base32, e.g. "bafkrei…".'],
      ...parameters,
    });
    this.input = input;
  }
}

/** A well-formed CID of a kind Gridlight does not use (v0, non-raw codec, non-sha2-256). */
export class CidUnsupportedError extends BaseError {
  override name = 'CidUnsupportedError';
  readonly cid: string;
  constructor(cid: string, reason: string) {
    super(`CID ${truncate(cid)} is not supported: ${reason}.`, {
      metaMessages: ['Only CIDv1 with the raw codec (0x55) and a sha2-256 multihash are used.'],
    });
    this.cid = cid;
  }
}

/** One problem found in a job manifest (or another validated input). */
export type ValidationIssue = { path: string; message: string };

/** A job manifest failed validation; every issue names the field path. */
export class ManifestInvalidError extends BaseError {
  override name = 'ManifestInvalidError';
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], parameters: BaseErrorParameters = {}) {
    const first = issues[0];
    const summary = first ? `${first.path}: ${first.message}` : 'unknown problem';
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(`Invalid job manifest: ${summary}${more}.`, {
      metaMessages: issues.map((issue) => `- ${issue.path}: ${issue.message}`),
      ...parameters,
    });
    this.issues = issues;
  }
}

/** The deployment JSON (addresses written by the deploy script) is missing or malformed. */
export class DeploymentInvalidError extends BaseError {
  override name = 'DeploymentInvalidError';
}

/** Bytes that should be a PNG could not be decoded. */
export class PngDecodeError extends BaseError {
  override name = 'PngDecodeError';
}

/** A FrameTree argument is out of range (empty tree, unknown index, malformed proof). */
export class FrameTreeError extends BaseError {
  override name = 'FrameTreeError';
}

/** A write action needs an account and the client has none. */
export class AccountRequiredError extends BaseError {
  override name = 'AccountRequiredError';
  constructor(action: string) {
    super(`${action} needs an account: pass \`account\` to createGridlightClient.`);
  }
}

/** A transaction was mined but reverted (and the revert reason could not be decoded). */
export class TransactionRevertedError extends BaseError {
  override name = 'TransactionRevertedError';
  readonly hash: string;
  constructor(hash: string, action: string) {
    super(`${action} transaction ${hash} reverted.`);
    this.hash = hash;
  }
}

/** An expected event was not found in a transaction's receipt. */
export class EventNotFoundError extends BaseError {
  override name = 'EventNotFoundError';
  constructor(eventName: string, hash: string) {
    super(`Event ${eventName} was not emitted by transaction ${hash}.`);
  }
}

/**
 * A contract call reverted with a custom error; `shortMessage` says which and why in
 * words, e.g. "NodeNotEligible: node 0x… may not work on job 3 (reputation)".
 */
export class ContractRevertError extends BaseError {
  override name = 'ContractRevertError';
  /** The custom error's name, e.g. `NodeNotEligible` (or `Error`/`Panic`). */
  readonly errorName: string;
  /** The decoded arguments, in declaration order. */
  readonly args: readonly unknown[];
  /** The function that was called, when known. */
  readonly functionName: string | undefined;
  constructor(
    errorName: string,
    args: readonly unknown[],
    description: string,
    parameters: BaseErrorParameters & { functionName?: string | undefined } = {},
  ) {
    super(`${errorName}: ${description}`, parameters);
    this.errorName = errorName;
    this.args = args;
    this.functionName = parameters.functionName;
  }
}

/** The RPC endpoint could not be reached or answered with a server error. */
export class RpcUnavailableError extends BaseError {
  override name = 'RpcUnavailableError';
  override readonly retryable = true;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** A governance proposal could not be encoded from the given signature and arguments. */
export class ProposalInvalidError extends BaseError {
  override name = 'ProposalInvalidError';
}
