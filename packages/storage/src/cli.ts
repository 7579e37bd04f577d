import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CliUsageError } from './errors.js';
import { FsBlobStore } from './fsBlobStore.js';
import { DEFAULT_MAX_UPLOAD_BYTES, type Gateway, startGateway } from './gateway.js';
import { createLogger } from './logger.js';

const serveOptionsSchema = z.object({
  dir: z.string({ error: '--dir is required (where blobs are kept)' }).min(1),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8081),
  'max-upload-bytes': z.coerce.number().int().positive().default(DEFAULT_MAX_UPLOAD_BYTES),
  'log-level': z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .default('info'),
  'log-format': z.enum(['pretty', 'json']).default('pretty'),
});

export type StorageCommandContext = {
  /** Stops the server; defaults to SIGINT/SIGTERM. */
  signal?: AbortSignal | undefined;
  /** The CLI's output layer (default: stdout). */
  stdout?: NodeJS.WritableStream | undefined;
  /** Where relative paths are resolved from (default: where npm was invoked, else cwd). */
  cwd?: string | undefined;
  /** Called once the gateway listens (tests use it). */
  onListening?: ((gateway: Gateway) => void) | undefined;
};

const USAGE = `usage: storage serve --dir <path> [--port 8081] [--host 127.0.0.1]
                     [--max-upload-bytes N] [--log-level info] [--log-format pretty|json]`;

/**
 * Entry point of the storage command line: `serve` runs the gateway over a filesystem
 * store until the signal fires. Resolves with the process exit code.
 */
export async function runStorageCommand(
  argv: string[],
  context: StorageCommandContext = {},
): Promise<number> {
  const stdout = context.stdout ?? process.stdout;
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help') {
    stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  if (command !== 'serve')
    throw new CliUsageError(`Unknown command "${command}".`, { details: USAGE });

  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        dir: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'max-upload-bytes': { type: 'string' },
        'log-level': { type: 'string' },
        'log-format': { type: 'string' },
      },
    }));
  } catch (cause) {
    throw new CliUsageError((cause as Error).message, { details: USAGE });
  }
  const parsed = serveOptionsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(
      `Invalid option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
      {
        details: USAGE,
      },
    );
  }
  const options = parsed.data;
  // `npm run serve -w packages/storage` runs in the package folder; paths the user typed
  // are relative to where they typed them.
  const base = context.cwd ?? process.env.INIT_CWD ?? process.cwd();
  const dir = resolve(base, options.dir);
  const logger = createLogger({ level: options['log-level'], format: options['log-format'] });
  const store = new FsBlobStore(dir, { logger });
  const gateway = await startGateway({
    store,
    host: options.host,
    port: options.port,
    maxUploadBytes: options['max-upload-bytes'],
    logger,
  });
  stdout.write(`storage gateway on ${gateway.url} (blobs in ${dir})\n`);
  context.onListening?.(gateway);

  const signal = context.signal ?? processSignal();
  if (!signal.aborted)
    await new Promise((done) => signal.addEventListener('abort', done, { once: true }));
  await gateway.close();
  logger.info('storage gateway stopped');
  return 0;
}

function processSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
