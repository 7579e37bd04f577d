import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { devnetKey } from './accounts.js';
import { foundryBinary, repoRoot } from './foundry.js';
import { type Managed, run, startManaged, waitFor } from './processes.js';

/** True when a JSON-RPC server answers at `rpcUrl`. */
export async function rpcAnswers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts anvil on `port` (chain id 31337), logging to `logFile`. */
export async function startAnvil(
  port: number,
  logFile: string,
): Promise<Managed & { rpcUrl: string }> {
  const rpcUrl = `http://127.0.0.1:${port}`;
  if (await rpcAnswers(rpcUrl)) {
    throw new CliError(`Something already answers on ${rpcUrl}.`, {
      hint: 'Stop it or pick another port with --port.',
    });
  }
  const anvil = startManaged(
    'anvil',
    foundryBinary('anvil'),
    ['--port', String(port), '--chain-id', '31337'],
    {
      logFile,
    },
  );
  await waitFor('anvil', () => rpcAnswers(rpcUrl), 15_000);
  return { ...anvil, rpcUrl };
}

/** Builds and deploys the protocol with forge script; writes the deployment JSON. */
export async function deployProtocol(
  rpcUrl: string,
  deploymentFile: string,
  governance: { votingPeriodBlocks?: number; timelockDelaySeconds?: number } = {},
): Promise<void> {
  const contracts = join(repoRoot, 'contracts');
  // forge may only write under the paths foundry.toml allows (.devnet/); stage it there.
  const staging = join(repoRoot, '.devnet', 'staging');
  await mkdir(staging, { recursive: true });
  const staged = join(staging, `deployment-${process.pid}-${Date.now()}.json`);
  await run(
    foundryBinary('forge'),
    ['script', 'script/Deploy.s.sol', '--rpc-url', rpcUrl, '--broadcast', '-q'],
    {
      cwd: contracts,
      env: {
        ...process.env,
        PRIVATE_KEY: devnetKey(0),
        DEPLOYMENT_FILE: staged,
        ...(governance.votingPeriodBlocks
          ? { VOTING_PERIOD: String(governance.votingPeriodBlocks) }
          : {}),
        ...(governance.timelockDelaySeconds !== undefined
          ? { TIMELOCK_DELAY: String(governance.timelockDelaySeconds) }
          : {}),
      },
      what: 'Deploying the contracts',
    },
  );
  await copyFile(staged, deploymentFile);
  await rm(staged, { force: true });
}
