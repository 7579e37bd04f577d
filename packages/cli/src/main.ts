import { parseArgs } from 'node:util';
import { CliError, describeError } from './errors.js';
import { createOutput } from './output.js';

const USAGE = `gridlight — decentralized GPU rendering

  gridlight devnet [--nodes 3] [--port 8545] [--storage-port 8081] [--demo] [--frames 1-12] [--exit]
  gridlight job submit <scene.blend> --frames 1-48 [--samples 16] [--width 320 --height 180]
                       [--price 10] [--verification spot-check|optimistic|replicated] [--wait] [--out dir]
  gridlight job status <jobId> [--json]
  gridlight job download <jobId> --out <dir>
  gridlight job cancel <jobId>
  gridlight cert verify <frame.png> --job <jobId> --unit <n>
  gridlight node stake|unbond <GLT> | withdraw
  gridlight node start|status …      (see gridlight node --help)
  gridlight gov delegate [--to addr] | propose --contract Staking --signature "setUnbondingPeriod(uint256)"
                --args '[86400]' [--description …] | vote <id> for|against|abstain | queue <id> | execute <id>
                | status <id>
  gridlight gov buyback --usd 10000 [--min-glt 9000 | --slippage-bps 100] [--amm .devnet/amm.json]
  gridlight sim run|sweep|list …      (see gridlight sim --help)

Chain commands read --rpc-url (default http://127.0.0.1:8545), --deployment
(default .devnet/deployment.json) and --private-key or GRIDLIGHT_KEY (default: the devnet requester).`;

/** Where the CLI writes; tests pass their own streams. */
export type CliIo = { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream };

/** Entry point: runs one command and returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const json = argv.includes('--json');
  const out = createOutput({ json, ...(io.stdout ? { stdout: io.stdout } : {}) });
  const stderr = io.stderr ?? process.stderr;
  try {
    const [group, ...rest] = argv;
    switch (group) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.info(USAGE);
        return group === undefined ? 1 : 0;
      case 'devnet': {
        const { devnetCommand } = await import('./commands/devnet.js');
        return await devnetCommand(rest, out);
      }
      case 'job': {
        const { jobCommand } = await import('./commands/job.js');
        return await jobCommand(rest, out);
      }
      case 'cert': {
        const { certCommand } = await import('./commands/cert.js');
        return await certCommand(rest, out);
      }
      case 'gov': {
        if (rest[0] === 'buyback') {
          const { buybackCommand } = await import('./commands/buyback.js');
          return await buybackCommand(rest.slice(1), out);
        }
        const { govCommand } = await import('./commands/gov.js');
        return await govCommand(rest, out);
      }
      case 'node': {
        if (rest[0] === 'stake' || rest[0] === 'unbond' || rest[0] === 'withdraw') {
          const { stakeCommand } = await import('./commands/stake.js');
          return await stakeCommand(rest[0], rest.slice(1), out);
        }
        const { runNodeCommand } = await import('@gridlight/node/daemon');
        return await runNodeCommand(rest);
      }
      case 'sim': {
        const { runSimCommand } = await import('@gridlight/sim/cli');
        return await runSimCommand(rest);
      }
      default:
        throw new CliError(`Unknown command "${group}".`, { hint: 'Run `gridlight --help`.' });
    }
  } catch (error) {
    stderr.write(`gridlight: ${describeError(error)}\n`);
    if (process.env.GRIDLIGHT_DEBUG) stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

/** parseArgs with strict options; unknown flags become one clear CliError. */
export function parseFlags(
  args: string[],
  options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new CliError((error as Error).message.split('\n')[0] ?? 'bad arguments', {
      hint: 'Run `gridlight --help`.',
    });
  }
}
