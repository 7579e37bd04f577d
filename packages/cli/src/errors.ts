/** The CLI's error: one line for the user, an optional hint on what to do. */
export class CliError extends Error {
  override name = 'CliError';
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Turns any error into the single line a user sees (plus a hint line when there is one). */
export function describeError(error: unknown): string {
  if (error instanceof CliError)
    return error.hint ? `${error.message}\n  ${error.hint}` : error.message;
  if (error && typeof error === 'object') {
    const e = error as { shortMessage?: unknown; message?: unknown; metaMessages?: unknown };
    const short = typeof e.shortMessage === 'string' ? e.shortMessage : undefined;
    const meta = Array.isArray(e.metaMessages)
      ? e.metaMessages.filter((m) => typeof m === 'string')
      : [];
    if (short) return meta.length > 0 ? `${short}\n  ${meta.join('\n  ')}` : short;
    if (typeof e.message === 'string') return e.message.split('\n')[0] ?? 'unknown error';
  }
  return String(error);
}
