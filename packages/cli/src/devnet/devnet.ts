import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createGridlightClient, getNode, transferTokens } from '@gridlight/sdk';
import { FsBlobStore, startGateway } from '@gridlight/storage';
import pino from 'pino';
import { parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { CliError } from '../errors.js';
import type { Output } from '../output.js';
import { devnetKey } from './accounts.js';
import { deployProtocol, startAnvil } from './chain.js';
import { repoRoot } from './foundry.js';
import { type Managed, startManaged, waitFor } from './processes.js';
import { setUpAmm } from './uniswap.js';

export type DevnetOptions = {
  port: number;
  storagePort: number;
  /** Node i (1-based) serves metrics and results on metricsPortBase + i. */
  metricsPortBase?: number;
  /**
   * Fault-injection seams for tests: what URL the node daemons use for the chain and for
   * storage, given the real ones (e.g. a loopback proxy that drops or corrupts traffic).
   */
  nodeRpcUrl?: (rpcUrl: string) => string | Promise<string>;
  nodeStorageUrl?: (storageUrl: string) => string | Promise<string>;
  nodes: number;
  stakePerNode: bigint;
  stateDir: string;
  signal: AbortSignal;
};

/** Everything a running devnet offers to the commands that use it. */
export type Devnet = {
  rpcUrl: string;
  deploymentFile: string;
  /** `amm.json`: Uniswap V2, DevnetUSD and the seeded GLT/USD pool. */
  ammFile: string;
  /** The GLT/USD Uniswap V2 pair. */
  pool: `0x${string}`;
  storageUrl: string;
  /** Private key of the funded requester account. */
  requesterKey: `0x${string}`;
  nodeAddresses: `0x${string}`[];
  nodeLogs: string[];
  stop(): Promise<void>;
};

const REQUESTER_INDEX = 9;

/**
 * Starts a local network: anvil, the protocol deployed and governed by its timelock, a
 * storage gateway and `nodes` node daemons with funded, staked accounts. Everything runs
 * on 127.0.0.1 and stops with `stop()`.
 */
export async function startDevnet(options: DevnetOptions, out: Output): Promise<Devnet> {
  if (options.nodes < 1 || options.nodes > 8) {
    throw new CliError(`--nodes must be 1..8 (got ${options.nodes}).`);
  }
  const state = options.stateDir;
  // A new chain makes old journals, keys and blobs meaningless: start clean.
  await rm(state, { recursive: true, force: true });
  await mkdir(state, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    out.info(`starting anvil on 127.0.0.1:${options.port} …`);
    const anvil = await startAnvil(options.port, join(state, 'anvil.log'));
    stops.push(anvil.stop);
    const deploymentFile = join(state, 'deployment.json');
    out.info('deploying contracts (governed by the timelock) …');
    // Devnet governance is fast so people can try it: 10-block votes, 60 s timelock.
    await deployProtocol(anvil.rpcUrl, deploymentFile, {
      votingPeriodBlocks: 10,
      timelockDelaySeconds: 60,
    });

    const deployer = await createGridlightClient({
      rpcUrl: anvil.rpcUrl,
      deploymentFile,
      account: devnetKey(0),
    });
    const nodeKeys = Array.from({ length: options.nodes }, (_, i) => devnetKey(1 + i));
    const nodeAddresses = nodeKeys.map((k) => privateKeyToAccount(k).address);
    const requesterKey = devnetKey(REQUESTER_INDEX);
    for (const address of nodeAddresses) {
      await transferTokens(deployer, {
        to: address,
        amount: options.stakePerNode + parseEther('1000'),
      });
    }
    await transferTokens(deployer, {
      to: privateKeyToAccount(requesterKey).address,
      amount: parseEther('1000000'),
    });

    // The DEX: Uniswap V2 + a test dollar, GLT/USD pool seeded 1:1 (issue #4, buy-back).
    out.info('deploying Uniswap V2 and seeding the GLT/USD pool …');
    const ammFile = join(state, 'amm.json');
    const { pair: pool } = await setUpAmm(deployer, ammFile);

    const gateway = await startGateway({
      store: new FsBlobStore(join(state, 'blobs')),
      host: '127.0.0.1',
      port: options.storagePort,
      logger: pino({ level: 'warn' }),
    });
    stops.push(() => gateway.close());
    out.info(`storage gateway at ${gateway.url}`);

    const nodeRpc = options.nodeRpcUrl ? await options.nodeRpcUrl(anvil.rpcUrl) : anvil.rpcUrl;
    const nodeStorage = options.nodeStorageUrl
      ? await options.nodeStorageUrl(gateway.url)
      : gateway.url;
    const daemons: Managed[] = [];
    const nodeLogs: string[] = [];
    const cli = join(repoRoot, 'packages', 'cli', 'bin', 'gridlight.mjs');
    for (let i = 0; i < options.nodes; i++) {
      const workDir = join(state, `node-${i + 1}`);
      await mkdir(workDir, { recursive: true });
      const logFile = join(state, `node-${i + 1}.log`);
      nodeLogs.push(logFile);
      const daemon = startManaged(
        `node-${i + 1}`,
        process.execPath,
        [
          cli,
          'node',
          'start',
          '--rpc-url',
          nodeRpc,
          '--deployment',
          deploymentFile,
          '--storage-url',
          nodeStorage,
          '--work-dir',
          workDir,
          '--stake',
          (options.stakePerNode / 10n ** 18n).toString(),
          '--metrics-port',
          String((options.metricsPortBase ?? 9100) + i + 1),
          '--log-format',
          'json',
        ],
        { logFile, env: { ...process.env, GRIDLIGHT_NODE_KEY: nodeKeys[i] } },
      );
      daemons.push(daemon);
      stops.push(daemon.stop);
    }
    out.info(`starting ${options.nodes} node daemons (benchmark, register, stake) …`);
    await waitFor(
      'the node daemons',
      async () => {
        for (const address of nodeAddresses) {
          const node = await getNode(deployer, { node: address });
          if (!node.registered || node.bonded < options.stakePerNode) return false;
        }
        return true;
      },
      180_000,
    ).catch(async (error) => {
      const dead = daemons.find((d) => d.child.exitCode !== null);
      if (dead) {
        throw new CliError(`${dead.name} exited with code ${dead.child.exitCode}.`, {
          hint: `See ${join(state, `${dead.name}.log`)}.`,
        });
      }
      throw error;
    });
    return {
      rpcUrl: anvil.rpcUrl,
      deploymentFile,
      ammFile,
      pool,
      storageUrl: gateway.url,
      requesterKey,
      nodeAddresses,
      nodeLogs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
