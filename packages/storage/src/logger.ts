import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

export type LogFormat = 'json' | 'pretty';

/**
 * Structured logger. `json` is pino's line format; `pretty` is a small human rendering
 * (time, level, message, key=value) so the package needs no pino-pretty.
 */
export function createLogger(options: {
  level?: string | undefined;
  format?: LogFormat | undefined;
  destination?: NodeJS.WritableStream | undefined;
}): Logger {
  const destination = options.destination ?? process.stderr;
  const level = options.level ?? 'info';
  if (options.format !== 'pretty') return pino({ level, base: { pkg: 'storage' } }, destination);
  return pino({ level, base: null }, prettyStream(destination));
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

function prettyStream(destination: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { time, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const fields = Object.entries(rest)
            .map(
              ([key, value]) =>
                `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
            )
            .join(' ');
          const stamp = new Date(Number(time)).toISOString().slice(11, 23);
          destination.write(
            `${stamp} ${(LEVELS[Number(level)] ?? level)?.toString().padEnd(5)} ${String(msg ?? '')} ${fields}\n`,
          );
        } catch {
          destination.write(`${line}\n`);
        }
      }
      callback();
    },
  });
}
