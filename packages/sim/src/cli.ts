import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { type Io, processIo } from './commands/io.js';
import { listCommand } from './commands/list.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { sweepCommand } from './commands/sweep.js';
import { BaseError, UsageError } from './core/errors.js';

export const USAGE = `Usage: gridlight sim <command>

  run <scenario.json|builtin> [--runs N] [--seed S] [--horizon DAYS] [--workers W] [--out DIR] [--no-tidy] [--no-png] [--json]
  sweep <scenario.json|builtin> --param PATH=V1,V2,... [--param ...] [--runs N] [--horizon DAYS] [--out DIR] [--reports]
  loop <scenario.json|builtin> --epochs N --rpc-url URL --deployment FILE [--nodes K] [--run R] [--json]
                            contracts in the loop: drive the scenario against the deployed
                            contracts (anvil) and report model-vs-chain divergence
  list                      built-in scenarios
  schema [--out FILE]       the scenario JSON Schema`;

const options = {
  runs: { type: 'string' },
  seed: { type: 'string' },
  horizon: { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string', short: 'o' },
  param: { type: 'string', short: 'p', multiple: true },
  'no-tidy': { type: 'boolean' },
  'no-png': { type: 'boolean' },
  json: { type: 'boolean' },
  reports: { type: 'boolean' },
  epochs: { type: 'string' },
  'rpc-url': { type: 'string' },
  deployment: { type: 'string' },
  nodes: { type: 'string' },
  run: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Entry point of `gridlight sim …` (and of this package's own bin): parses `argv` (without
 * the program name), runs the command and returns the exit code. Errors print one line
 * (plus details) and give exit code 1; nothing throws out of here.
 */
export async function runSimCommand(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    const [command, target, ...extra] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.out(USAGE);
      return command === undefined && !values.help ? 1 : 0;
    }
    if (extra.length > 0)
      throw new UsageError(`Unexpected argument "${extra[0]}"`, { details: USAGE });
    const common = {
      ...(values.runs === undefined ? {} : { runs: values.runs }),
      ...(values.horizon === undefined ? {} : { horizon: values.horizon }),
      ...(values.workers === undefined ? {} : { workers: values.workers }),
      ...(values.out === undefined ? {} : { out: values.out }),
    };
    switch (command) {
      case 'list':
        return listCommand(io);
      case 'schema':
        return await schemaCommand(io, values.out);
      case 'run':
        if (!target)
          throw new UsageError('run needs a scenario file or built-in name', {
            details: 'Try: gridlight sim list',
          });
        return await runCommand(io, {
          scenario: target,
          ...common,
          ...(values.seed === undefined ? {} : { seed: values.seed }),
          tidy: !values['no-tidy'],
          png: !values['no-png'],
          json: values.json ?? false,
        });
      case 'sweep':
        if (!target) throw new UsageError('sweep needs a scenario file or built-in name');
        return await sweepCommand(io, {
          scenario: target,
          params: values.param ?? [],
          ...common,
          reports: values.reports ?? false,
        });
      case 'loop': {
        if (!target) throw new UsageError('loop needs a scenario file or built-in name');
        const rpcUrl = values['rpc-url'];
        const deploymentFile = values.deployment;
        if (!rpcUrl || !deploymentFile) {
          throw new UsageError('loop needs --rpc-url and --deployment', {
            details: 'Start a devnet with `gridlight devnet up` (or anvil + deploy script).',
          });
        }
        const int = (name: string, v: string | undefined, fallback: number): number => {
          const n = v === undefined ? fallback : Number(v);
          if (!Number.isInteger(n) || n < (name === 'run' ? 0 : 1)) {
            throw new UsageError(`--${name} must be a positive integer, got "${v}"`);
          }
          return n;
        };
        // Loaded lazily: the chain side pulls in viem and the SDK.
        const { formatLoopReport, runContractsInTheLoop } = await import('./chain/loop.js');
        const { loadScenario } = await import('./commands/io.js');
        const report = await runContractsInTheLoop(await loadScenario(target), {
          rpcUrl,
          deploymentFile,
          epochs: int('epochs', values.epochs, 10),
          nodes: values.nodes === undefined ? undefined : int('nodes', values.nodes, 5),
          run: int('run', values.run, 0),
          ...(values.json ? {} : { log: (line: string) => io.err(line) }),
        });
        if (values.json) io.out(JSON.stringify(report, null, 2));
        else for (const line of formatLoopReport(report)) io.out(line);
        return report.maxDivergence.max <= 0.001 ? 0 : 2;
      }
      default:
        throw new UsageError(`Unknown command "${command}"`, { details: USAGE });
    }
  } catch (e) {
    if (e instanceof BaseError) {
      io.err(`error: ${e.shortMessage}`);
      for (const m of e.metaMessages ?? []) io.err(m);
      if (e.details) io.err(e.details);
    } else if (e instanceof ZodError) {
      io.err(
        `error: invalid option ${e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    } else if (
      e instanceof TypeError &&
      'code' in e &&
      String(e.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`error: ${e.message}`);
      io.err(USAGE);
    } else {
      io.err(`error: ${e instanceof Error ? e.message : String(e)}`);
    }
    return 1;
  }
}
