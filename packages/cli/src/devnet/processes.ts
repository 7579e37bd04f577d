import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { CliError } from '../errors.js';

/** A child process whose output goes to a log file and which dies with us. */
export type Managed = { name: string; child: ChildProcess; stop(): Promise<void> };

export function startManaged(
  name: string,
  command: string,
  args: string[],
  options: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Managed {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { name, child, stop };
}

/** Runs a command to completion; throws a CliError with the output tail when it fails. */
export async function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; what: string },
): Promise<string> {
  return await new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', (error) => reject(new CliError(`${options.what} failed: ${error.message}`)));
    child.on('exit', (code) => {
      if (code === 0) resolve(out);
      else {
        const tail = out.trim().split('\n').slice(-8).join('\n  ');
        reject(new CliError(`${options.what} failed (exit ${code}).`, { hint: tail }));
      }
    });
  });
}

/** Waits until `probe` resolves true, polling; throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new CliError(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s.`);
}
