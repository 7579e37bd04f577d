import { parseArgs } from 'node:util';
import { startNodeDaemon } from '../daemon.js';
import { OptionsInvalidError } from '../errors.js';
import { createDaemonLogger } from '../logger.js';
import { parseDaemonOptions } from '../options.js';

const HELP = `Usage: gridlight-node start [flags]

  --rpc-url URL            JSON-RPC endpoint
  --deployment FILE        deployment JSON written by the deploy script
  --private-key HEX        node key (or env GRIDLIGHT_NODE_KEY)
  --storage-url URL        storage gateway
  --work-dir DIR           journal, keys, benchmark cache, job folders
  --stake GLT              bonded stake to reach (default: leave as is)
  --region CC              ISO country code (default DE)
  --metrics-port N         metrics/results server port on 127.0.0.1 (default 9464)
  --min-price GLT          lowest price per unit taken (default 0)
  --max-units-per-claim N  units per claim (default 8)
  --device CPU|CUDA|OPTIX  Cycles device (default CPU)
  --render-threads N       Cycles threads (default: all cores)
  --log-level LEVEL        trace|debug|info|warn|error (default info)
  --log-format FORMAT      pretty|json (default pretty)`;

/** `start`: runs the daemon until SIGINT/SIGTERM. */
export async function startCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'rpc-url': { type: 'string' },
      deployment: { type: 'string' },
      'private-key': { type: 'string' },
      'storage-url': { type: 'string' },
      'work-dir': { type: 'string' },
      stake: { type: 'string' },
      region: { type: 'string' },
      'metrics-port': { type: 'string' },
      'min-price': { type: 'string' },
      'max-units-per-claim': { type: 'string' },
      device: { type: 'string' },
      'render-threads': { type: 'string' },
      'log-level': { type: 'string' },
      'log-format': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const int = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value))
      throw new OptionsInvalidError(`Invalid option: --${flag} must be a whole number`);
    return Number(value);
  };
  const input: Record<string, unknown> = {
    rpcUrl: values['rpc-url'],
    deploymentFile: values.deployment,
    privateKey: values['private-key'] ?? process.env.GRIDLIGHT_NODE_KEY,
    storageUrl: values['storage-url'],
    workDir: values['work-dir'],
    stake: values.stake,
    region: values.region,
    metricsPort: int('metrics-port', values['metrics-port']),
    minPrice: values['min-price'],
    maxUnitsPerClaim: int('max-units-per-claim', values['max-units-per-claim']),
    device: values.device,
    renderThreads: int('render-threads', values['render-threads']),
    logLevel: values['log-level'],
    logFormat: values['log-format'],
  };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  for (const [key, flag] of [
    ['rpcUrl', '--rpc-url'],
    ['deploymentFile', '--deployment'],
    ['privateKey', '--private-key (or GRIDLIGHT_NODE_KEY)'],
    ['storageUrl', '--storage-url'],
    ['workDir', '--work-dir'],
  ] as const) {
    if (input[key] === undefined) throw new OptionsInvalidError(`Missing option: ${flag}`);
  }
  const options = parseDaemonOptions(input);
  const logger = createDaemonLogger({ level: options.logLevel, format: options.logFormat });
  const daemon = await startNodeDaemon(options, { logger });
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await daemon.stop();
  return 0;
}
