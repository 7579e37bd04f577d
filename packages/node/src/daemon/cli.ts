import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';

const USAGE = `Usage: gridlight-node <command> [flags]

Commands:
  start    run the node daemon (benchmark, register, stake, render, verify)
  status   print the node's stake, reputation and claims from the chain (--json)

Run "gridlight-node start --help" for the daemon's flags.`;

/** Where the CLI writes; the process streams by default. */
export type NodeCommandIo = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/**
 * Runs a `gridlight-node` command and returns the exit code. Every failure is caught here
 * and printed as one line (the error's short message).
 *
 * @example
 * process.exitCode = await runNodeCommand(process.argv.slice(2));
 */
export async function runNodeCommand(
  argv: string[],
  io: NodeCommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await startCommand(rest, io);
      case 'status':
        return await statusCommand(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${USAGE}\n`);
        return command === undefined ? 1 : 0;
      default:
        io.stderr.write(`Unknown command "${command}".\n${USAGE}\n`);
        return 1;
    }
  } catch (error) {
    const e = error as { shortMessage?: unknown; message?: unknown };
    const text = typeof e.shortMessage === 'string' ? e.shortMessage : String(e.message ?? error);
    io.stderr.write(`error: ${text.split('\n')[0]}\n`);
    return 1;
  }
}
