/** Options shared by every simulator error. */
export type BaseErrorParameters = {
  cause?: unknown;
  details?: string | undefined;
  metaMessages?: string[] | undefined;
};

/**
 * The one base error of `@gridlight/sim`. `shortMessage` is the one line a user sees;
 * `details` and `metaMessages` carry what helps them fix it.
 */
export class BaseError extends Error {
  override name = 'SimError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const lines = [shortMessage];
    if (parameters.metaMessages?.length) lines.push('', ...parameters.metaMessages);
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

/** A scenario file or object failed validation; `issues` name each bad field by path. */
export class ScenarioInvalidError extends BaseError {
  override name = 'ScenarioInvalidError';
  readonly issues: { path: string; message: string }[];

  constructor(issues: { path: string; message: string }[], source?: string) {
    super(
      `Scenario${source ? ` ${source}` : ''} is invalid: ${issues[0]?.path ?? '(root)'}: ${issues[0]?.message ?? 'invalid'}`,
      {
        metaMessages: issues.map((i) => `- ${i.path || '(root)'}: ${i.message}`),
      },
    );
    this.issues = issues;
  }
}

/** A name given on the command line or in a sweep is not a built-in scenario. */
export class UnknownScenarioError extends BaseError {
  override name = 'UnknownScenarioError';
  constructor(name: string, known: string[]) {
    super(`Unknown scenario "${name}"`, { details: `Built-in scenarios: ${known.join(', ')}` });
  }
}

/** A sweep names a parameter path that does not exist in the scenario. */
export class ParameterPathError extends BaseError {
  override name = 'ParameterPathError';
  constructor(path: string, reason: string) {
    super(`Parameter path "${path}" ${reason}`);
  }
}

/** The command line was wrong; the message says what to type instead. */
export class UsageError extends BaseError {
  override name = 'UsageError';
}
