import { type Hex, parseUnits } from 'viem';
import { z } from 'zod';
import { OptionsInvalidError } from './errors.js';

// Accepts a decimal GLT string (flags) or wei as bigint (already parsed options), so that
// parsing is idempotent and startNodeDaemon can take either.
const glt = (what: string) =>
  z.union([
    z.bigint().nonnegative(),
    z
      .string()
      .regex(/^\d+(\.\d{1,18})?$/, `${what} must be a GLT amount such as "1000" or "0.5"`)
      .transform((value) => parseUnits(value, 18)),
  ]);

const url = (what: string) =>
  z.string().refine((value) => /^https?:\/\/[^\s]+$/.test(value), `${what} must be an http(s) URL`);

/** Daemon options as given (flags, env, or a test's object); see `parseDaemonOptions`. */
export const daemonOptionsSchema = z.strictObject({
  rpcUrl: url('--rpc-url'),
  deploymentFile: z.string().min(1, '--deployment must name the deployment JSON file'),
  privateKey: z
    .string()
    .regex(
      /^0x[0-9a-fA-F]{64}$/,
      '--private-key (or GRIDLIGHT_NODE_KEY) must be 0x and 64 hex digits',
    )
    .transform((value) => value as Hex),
  storageUrl: url('--storage-url'),
  workDir: z.string().min(1, '--work-dir must name a folder'),
  /** Bonded stake to reach, in GLT (the daemon tops up to it; 0 = leave as is). */
  stake: glt('--stake').default(0n),
  region: z
    .string()
    .regex(/^[A-Z]{2}$/, '--region must be two upper-case letters, e.g. DE')
    .default('DE'),
  /** Port of the metrics/results server on `metricsHost`; 0 picks a free one. */
  metricsPort: z.number().int().min(0).max(65_535).default(9464),
  metricsHost: z.string().default('127.0.0.1'),
  /** Lowest price per unit taken, in GLT. */
  minPrice: glt('--min-price').default(0n),
  maxUnitsPerClaim: z.number().int().min(1).max(1_000_000).default(8),
  /** Largest scene downloaded, in bytes. */
  maxSceneBytes: z
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  device: z.enum(['CPU', 'CUDA', 'OPTIX']).default('CPU'),
  /** Cycles threads per render; all cores when omitted (1 gives bit-identical pixels). */
  renderThreads: z.number().int().min(1).max(1024).optional(),
  renderTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60_000),
  memoryLimitMb: z.number().int().min(1024).default(8192),
  /** How often the chain is polled for logs (fallback to the event watcher). */
  pollIntervalMs: z.number().int().min(50).default(2000),
  /** Frames a verifier spot-checks per claim. */
  verifyFrames: z.number().int().min(1).max(64).default(2),
  /** Skip the startup benchmark and declare this score (tests, or a known machine). */
  benchmarkScore: z.number().int().min(0).max(0xffff_ffff).optional(),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  logFormat: z.enum(['pretty', 'json']).default('pretty'),
});

/** Options as a caller writes them (defaults optional, amounts as GLT strings). */
export type DaemonOptionsInput = z.input<typeof daemonOptionsSchema>;
/** Validated options (amounts in wei). */
export type DaemonOptions = z.output<typeof daemonOptionsSchema>;

/**
 * Validates daemon options; throws `OptionsInvalidError` whose message is one line naming
 * the first bad option.
 *
 * @example
 * const options = parseDaemonOptions({ rpcUrl, deploymentFile, privateKey, storageUrl, workDir });
 */
export function parseDaemonOptions(input: unknown): DaemonOptions {
  const result = daemonOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    const flag = key ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : '(options)';
    return issue.message.startsWith('--') ? issue.message : `${flag}: ${issue.message}`;
  });
  throw new OptionsInvalidError(`Invalid option: ${issues[0]}`, {
    metaMessages: issues.length > 1 ? issues.slice(1) : undefined,
  });
}
