import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

export type LogFormat = 'json' | 'pretty';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/**
 * The daemon's logger: pino JSON lines, or a compact human rendering (time, level, message,
 * key=value) for `--log-format pretty`, without pino-pretty.
 */
export function createDaemonLogger(options: {
  level?: string | undefined;
  format?: LogFormat | undefined;
  destination?: NodeJS.WritableStream | undefined;
  base?: Record<string, unknown> | undefined;
}): Logger {
  const destination = options.destination ?? process.stderr;
  const level = options.level ?? 'info';
  if (options.format === 'json') {
    return pino({ level, base: { pkg: 'node', ...options.base } }, destination);
  }
  return pino({ level, base: options.base ?? null }, prettyStream(destination));
}

function prettyStream(destination: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { time, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
          const fields = Object.entries(rest)
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join(' ');
          const stamp = new Date(Number(time)).toISOString().slice(11, 23);
          const name = LEVELS[Number(level)] ?? String(level);
          destination.write(`${stamp} ${name.padEnd(5)} ${String(msg ?? '')} ${fields}\n`);
        } catch {
          destination.write(`${line}\n`);
        }
      }
      callback();
    },
  });
}
