/**
 * The CLI's output layer: the only place that writes to the terminal. Commands print
 * through an Output so `--json` and tests can capture exactly what a user sees.
 */
export type Output = {
  /** A line for people (suppressed under --json). */
  info(line: string): void;
  /** The machine-readable result of a read command under --json. */
  json(value: unknown): void;
  /** Rewrites the current line (progress bars); plain lines when not a TTY. */
  progress(line: string): void;
  /** Whether --json was given. */
  readonly jsonMode: boolean;
};

export function createOutput(options: {
  json: boolean;
  stdout?: NodeJS.WriteStream | NodeJS.WritableStream;
}): Output {
  const stdout = options.stdout ?? process.stdout;
  const tty = 'isTTY' in stdout && stdout.isTTY === true;
  let lastProgress = '';
  return {
    jsonMode: options.json,
    info(line) {
      if (options.json) return;
      if (lastProgress && tty) stdout.write('\n');
      lastProgress = '';
      stdout.write(`${line}\n`);
    },
    json(value) {
      stdout.write(
        `${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
      );
    },
    progress(line) {
      if (options.json || line === lastProgress) return;
      lastProgress = line;
      if (tty) stdout.write(`\r\x1b[2K${line}`);
      else stdout.write(`${line}\n`);
    },
  };
}

/** A text progress bar: `[#####.....] 5/10`. */
export function bar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/** Formats wei as GLT with up to 4 decimals. */
export function glt(wei: bigint): string {
  const sign = wei < 0n ? '-' : '';
  const abs = wei < 0n ? -wei : wei;
  const whole = abs / 10n ** 18n;
  const frac = (abs % 10n ** 18n).toString().padStart(18, '0').slice(0, 4).replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''} GLT`;
}
