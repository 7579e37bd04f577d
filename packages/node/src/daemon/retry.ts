import type { Logger } from 'pino';
import { AbortedError } from './errors.js';

/** What kind of failure an error is; `retryable` drives the retry loop. */
export type ErrorClass = {
  retryable: boolean;
  /** Label for logs and the `failures_total{kind}` metric. */
  kind: 'rpc' | 'timeout' | 'nonce' | 'storage' | 'revert' | 'render' | 'data' | 'abort' | 'other';
  /** The contract error's name for reverts (e.g. `NoUnitsAvailable`). */
  errorName?: string | undefined;
  /** One line for the log. */
  message: string;
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const NONCE_MESSAGES =
  /nonce too low|nonce has already been used|replacement transaction underpriced|already known|transaction underpriced/i;

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  shortMessage?: unknown;
  retryable?: unknown;
  errorName?: unknown;
  data?: { errorName?: unknown } | undefined;
  cause?: unknown;
};

/** The error and its causes, outermost first (bounded, cycle-safe). */
function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && out.length < 12) {
    if (out.includes(current as ErrorLike)) break;
    out.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return out;
}

function oneLine(error: unknown): string {
  const first = chain(error)[0];
  const text =
    (typeof first?.shortMessage === 'string' && first.shortMessage) ||
    (typeof first?.message === 'string' && first.message) ||
    String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * Splits failures into retryable (RPC or gateway unreachable, timeouts, nonce races) and
 * non-retryable (contract reverts such as `NoUnitsAvailable` or `WrongClaimStatus`, bad data,
 * render failures). Unknown errors are non-retryable so a bug cannot spin the loop.
 *
 * @example
 * const { retryable, kind, errorName } = classifyError(error);
 */
export function classifyError(error: unknown): ErrorClass {
  const links = chain(error);
  const message = oneLine(error);
  for (const e of links) {
    if (e.name === 'AbortError' || e.name === 'AbortedError') {
      return { retryable: false, kind: 'abort', message };
    }
  }
  // A decoded contract revert anywhere in the chain is final: the same call reverts again.
  // The SDK's actions throw `ContractRevertError` (`errorName`, message "Name: words"); a raw
  // viem `ContractFunctionRevertedError` carries the name in `data.errorName`.
  for (const e of links) {
    const errorName =
      (typeof e.errorName === 'string' && e.errorName) ||
      (typeof e.data?.errorName === 'string' && e.data.errorName) ||
      undefined;
    if (errorName) {
      const named = message.startsWith(`${errorName}:`) ? message : `${errorName}: ${message}`;
      return { retryable: false, kind: 'revert', errorName, message: named };
    }
    if (e.name === 'ContractFunctionRevertedError' || e.name === 'TransactionRevertedError') {
      return { retryable: false, kind: 'revert', message };
    }
  }
  for (const e of links) {
    const text = `${String(e.message ?? '')} ${String(e.shortMessage ?? '')}`;
    if (NONCE_MESSAGES.test(text)) return { retryable: true, kind: 'nonce', message };
  }
  for (const e of links) {
    if (
      e.name === 'TimeoutError' ||
      e.name === 'WaitForTransactionReceiptTimeoutError' ||
      e.name === 'TimeoutExceeded' ||
      e.code === 'ETIMEDOUT'
    ) {
      return { retryable: true, kind: 'timeout', message };
    }
  }
  for (const e of links) {
    if (
      e.name === 'HttpRequestError' ||
      e.name === 'RpcUnavailableError' || // the SDK's wrapper of transport failures
      e.name === 'WebSocketRequestError' ||
      e.name === 'SocketClosedError' ||
      (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) ||
      (e.name === 'TypeError' && e.message === 'fetch failed')
    ) {
      return { retryable: true, kind: 'rpc', message };
    }
  }
  for (const e of links) {
    if (typeof e.name === 'string' && /^(Storage|Blob|Cid)/.test(e.name)) {
      return { retryable: e.retryable === true, kind: 'storage', message };
    }
    if (typeof e.name === 'string' && /^(Render|Blender|Scene)/.test(e.name)) {
      return { retryable: false, kind: 'render', message };
    }
    if (
      typeof e.name === 'string' &&
      /^(ResultInvalid|ManifestInvalid|PngDecode|FrameTree|ImageDecode)/.test(e.name)
    ) {
      return { retryable: false, kind: 'data', message };
    }
  }
  const first = links[0];
  if (first?.retryable === true) return { retryable: true, kind: 'other', message };
  return { retryable: false, kind: 'other', message };
}

export type BackoffOptions = {
  /** First delay's ceiling in ms (default 500). */
  baseMs?: number | undefined;
  /** Largest delay in ms (default 30 s). */
  maxMs?: number | undefined;
  /** Source of randomness in [0, 1) for the jitter; seed it in tests. */
  random?: (() => number) | undefined;
};

/**
 * Delay before retry `attempt` (0-based): exponential with "full jitter"
 * (uniform in [ceiling/2, ceiling], ceiling = min(max, base·2^attempt)), so a crowd of nodes
 * that lost the RPC together does not come back in lockstep.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Sleeps `ms`, waking early with an `AbortedError` when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError('wait'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError('wait'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export type RetryOptions = BackoffOptions & {
  /** What is being tried, for logs (e.g. `commit claim 7`). */
  label: string;
  signal?: AbortSignal | undefined;
  logger?: Logger | undefined;
  /** Attempts in all, the first included (default 8). */
  maxAttempts?: number | undefined;
  /** Called once per failure with its class (metrics). */
  onFailure?: ((failure: ErrorClass) => void) | undefined;
  /** Overrides the classifier (tests). */
  classify?: ((error: unknown) => ErrorClass) | undefined;
};

/**
 * Runs `fn`, retrying retryable failures with exponential backoff and jitter; a
 * non-retryable failure is logged in one line and rethrown at once.
 *
 * @example
 * const claimed = await withRetry(() => chain.write(claim, { jobId, maxUnits: 4 }), { label: 'claim', signal, logger });
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const classify = options.classify ?? classifyError;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new AbortedError(options.label);
    try {
      return await fn(attempt);
    } catch (error) {
      const failure = classify(error);
      if (failure.kind === 'abort' || options.signal?.aborted) throw error;
      options.onFailure?.(failure);
      if (!failure.retryable || attempt + 1 >= maxAttempts) {
        options.logger?.warn(
          { kind: failure.kind, errorName: failure.errorName, attempts: attempt + 1 },
          `${options.label} failed: ${failure.message}`,
        );
        throw error;
      }
      const delay = backoffDelay(attempt, options);
      // An unreachable or slow chain/storage is what an operator must notice while it lasts,
      // so those retries are warnings; other transient failures stay at info.
      const level = failure.kind === 'rpc' || failure.kind === 'timeout' ? 'warn' : 'info';
      options.logger?.[level](
        { kind: failure.kind, attempt: attempt + 1, delayMs: delay },
        `${options.label}: ${failure.message}; retrying`,
      );
      await sleep(delay, options.signal);
    }
  }
}
