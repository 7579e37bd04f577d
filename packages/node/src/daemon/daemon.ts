import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getNode, loadDeployment, registerNode, stake, updateNode } from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import type { Logger } from 'pino';
import { detectHardware, runBenchmark } from '../index.js';
import { ChainClient } from './chain.js';
import { type DaemonContext, type DaemonHooks, retrying } from './context.js';
import type { MarketEvent } from './follower.js';
import { followMarket } from './follower.js';
import { Journal } from './journal.js';
import { loadOrCreateEncryptionKey } from './keys.js';
import { createDaemonLogger } from './logger.js';
import { DaemonMetrics } from './metrics.js';
import { type DaemonOptions, type DaemonOptionsInput, parseDaemonOptions } from './options.js';
import { SerialQueue } from './queue.js';
import { startNodeServer } from './server.js';
import { performDuty } from './verifier.js';
import { processClaim, workOnJob } from './worker.js';

/** What `status()` reports. */
export type DaemonStatus = {
  state: 'running' | 'stopping' | 'stopped';
  address: `0x${string}`;
  /** URL of the metrics/results server, published as the registry endpoint. */
  endpoint: string;
  benchmarkScore: number;
  /** Last block whose logs were read. */
  lastBlock: string;
  /** Claims in flight (journaled, not revealed or closed). */
  activeClaims: string[];
  /** Queued or running work (`job:<id>`, `claim:<id>`, `verify:<id>`). */
  queued: string[];
  unitsRendered: number;
  verdictsSent: number;
  earningsWei: string;
};

/** Optional context: logger, metrics, an outer shutdown signal, hooks. */
export type DaemonStartContext = {
  logger?: Logger | undefined;
  metrics?: DaemonMetrics | undefined;
  signal?: AbortSignal | undefined;
  hooks?: DaemonHooks | undefined;
};

export type NodeDaemon = {
  /** Stops watchers, abandons the render in flight (Blender is killed), flushes the journal. */
  stop(): Promise<void>;
  status(): DaemonStatus;
};

/**
 * Starts a render node: benchmark, register, stake, then watch the market, render and
 * verify until stopped. Resumes claims in flight from the work dir's journal.
 *
 * @example
 * const daemon = await startNodeDaemon({ rpcUrl, deploymentFile, privateKey, storageUrl, workDir, stake: '2000' });
 * await daemon.stop();
 */
export async function startNodeDaemon(
  input: DaemonOptionsInput | DaemonOptions,
  startContext: DaemonStartContext = {},
): Promise<NodeDaemon> {
  const options = parseDaemonOptions(input);
  const logger =
    startContext.logger ??
    createDaemonLogger({ level: options.logLevel, format: options.logFormat });
  const metrics = startContext.metrics ?? new DaemonMetrics();
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  startContext.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = controller.signal;

  await mkdir(options.workDir, { recursive: true });
  const deployment = await loadDeployment(options.deploymentFile);
  const chain = new ChainClient({
    rpcUrl: options.rpcUrl,
    deployment,
    privateKey: options.privateKey,
  });
  const journal = await Journal.open(join(options.workDir, 'journal.jsonl'));
  const log = logger.child({ node: chain.address });
  if (journal.droppedTail) log.warn('journal: dropped a torn last line');
  const ctx: DaemonContext = {
    options,
    logger: log,
    metrics,
    signal,
    chain,
    storage: new StorageClient(options.storageUrl),
    journal,
    hooks: startContext.hooks ?? {},
  };

  let server: Awaited<ReturnType<typeof startNodeServer>> | undefined;
  let benchmarkScore = 0;
  try {
    server = await startNodeServer({
      host: options.metricsHost,
      port: options.metricsPort,
      metrics,
      logger: log,
      resultIndexOf: (claimId) => {
        const c = journal.state.claims.get(claimId);
        return c?.commit ? c.resultIndexCid : undefined;
      },
    });
    await retrying(ctx, 'reach the chain', () => chain.publicClient.getChainId(), {
      maxAttempts: 6,
    });
    benchmarkScore = await benchmark(ctx);
    await registerAndStake(ctx, benchmarkScore, server.url);
  } catch (error) {
    await server?.close();
    await journal.close();
    startContext.signal?.removeEventListener('abort', onOuterAbort);
    throw error;
  }

  const jobs = new SerialQueue({ logger: log, signal, onError: () => metrics.fail('job') });
  const duties = new SerialQueue({ logger: log, signal, onError: () => metrics.fail('verify') });
  const verifiedByMe = new Set<string>();
  for (const [claimId, v] of journal.state.verdicts) if (v.tx) verifiedByMe.add(claimId);

  // Resume claims in flight before anything new.
  for (const record of journal.state.claims.values()) {
    if (record.closed || record.revealTx) continue;
    log.info({ claimId: record.claimId }, 'resuming claim from the journal');
    jobs.push(`claim:${record.claimId}`, () => processClaim(ctx, record));
  }

  const me = chain.address.toLowerCase();
  const onEvent = (event: MarketEvent) => {
    switch (event.eventName) {
      case 'JobCreated':
      case 'TaskRequeued': {
        const jobId = event.args.jobId;
        jobs.push(`job:${jobId}`, () => workOnJob(ctx, jobId));
        break;
      }
      case 'UnitsClaimed': {
        // A claim mined before its journal line was written (crash): adopt it.
        if (event.args.node.toLowerCase() !== me) break;
        const claimId = event.args.claimId;
        jobs.push(`claim:${claimId}`, async () => {
          if (journal.state.claims.has(String(claimId))) {
            const record = journal.state.claims.get(String(claimId));
            if (record && !record.closed && !record.revealTx) await processClaim(ctx, record);
            return;
          }
          await journal.append({
            t: 'claimed',
            claimId: String(claimId),
            jobId: String(event.args.jobId),
            taskIndex: Number(event.args.taskIndex),
            start: Number(event.args.start),
            count: Number(event.args.count),
          });
          const record = journal.state.claims.get(String(claimId));
          if (record) await processClaim(ctx, record);
        });
        break;
      }
      case 'VerifierSelected': {
        if (event.args.verifier.toLowerCase() !== me) break;
        const claimId = event.args.claimId;
        const windowEnds = Number(event.args.windowEnds);
        if (Date.now() / 1000 > windowEnds) break;
        duties.push(`verify:${claimId}`, async () => {
          await performDuty(ctx, { claimId, windowEnds });
          verifiedByMe.add(String(claimId));
        });
        break;
      }
      case 'ClaimPaid': {
        if (event.args.node.toLowerCase() === me) metrics.earningsWei += event.args.nodeAmount;
        else if (verifiedByMe.has(String(event.args.claimId)))
          metrics.earningsWei += event.args.verifier;
        break;
      }
    }
  };
  const follower = followMarket(ctx, BigInt(deployment.startBlock), onEvent);
  log.info({ endpoint: server.url, benchmarkScore }, 'node daemon running');

  let state: DaemonStatus['state'] = 'running';
  let stopping: Promise<void> | undefined;
  const serverRef = server;
  const stop = () => {
    stopping ??= (async () => {
      // Yield first so `stopping` is set before the abort below re-enters `stop`.
      await null;
      state = 'stopping';
      controller.abort();
      follower.stop();
      await follower.done.catch(() => undefined);
      await Promise.all([jobs.drain(), duties.drain()]);
      await serverRef.close();
      await journal.close();
      startContext.signal?.removeEventListener('abort', onOuterAbort);
      state = 'stopped';
      log.info('node daemon stopped');
    })();
    return stopping;
  };
  signal.addEventListener('abort', () => void stop(), { once: true });

  return {
    stop,
    status: () => ({
      state,
      address: chain.address,
      endpoint: serverRef.url,
      benchmarkScore,
      lastBlock: String(follower.cursor() - 1n),
      activeClaims: [...journal.state.claims.values()]
        .filter((c) => !c.closed && !c.revealTx)
        .map((c) => c.claimId),
      queued: [...jobs.keys, ...duties.keys],
      unitsRendered: metrics.unitsRendered,
      verdictsSent: metrics.verdictsSent,
      earningsWei: metrics.earningsWei.toString(),
    }),
  };
}

/** The benchmark score: the option, else the cached run in the work dir, else a fresh run. */
async function benchmark(ctx: DaemonContext): Promise<number> {
  if (ctx.options.benchmarkScore !== undefined) return ctx.options.benchmarkScore;
  const file = join(ctx.options.workDir, 'benchmark.json');
  try {
    const cached = JSON.parse(await readFile(file, 'utf8')) as { device?: string; score?: number };
    if (cached.device === ctx.options.device && typeof cached.score === 'number')
      return cached.score;
  } catch {
    // no cache yet
  }
  ctx.logger.info('running the benchmark (cached in the work dir afterwards)');
  const result = await runBenchmark({
    device: ctx.options.device,
    memoryLimitMb: ctx.options.memoryLimitMb,
    signal: ctx.signal,
  });
  await writeFile(
    file,
    `${JSON.stringify({ device: result.device, score: result.score, renderSeconds: result.renderSeconds, at: new Date().toISOString() })}\n`,
  );
  ctx.logger.info({ score: result.score, tier: result.tier }, 'benchmark done');
  return result.score;
}

/** Registers (or updates) the node in NodeRegistry and tops its bonded stake up to the target. */
async function registerAndStake(
  ctx: DaemonContext,
  benchmarkScore: number,
  endpoint: string,
): Promise<void> {
  const { chain, options, logger } = ctx;
  const me = chain.address;
  const hardware = await detectHardware();
  const gpu = hardware.gpus[0];
  const gpuModel = truncateBytes(
    gpu ? gpu.name : `CPU ${hardware.cpu.model} (${hardware.cpu.cores} cores)`,
    64,
  );
  const { publicKey } = await loadOrCreateEncryptionKey(options.workDir);
  const params = {
    gpuModel,
    vramMb: gpu?.memoryMb ?? 0,
    benchmarkScore,
    encryptionKey: publicKey,
    region: options.region,
    endpoint,
  };
  const current = await retrying(ctx, 'read node', () => getNode(chain.client, { node: me }));
  if (!current.registered) {
    await retrying(ctx, 'register node', () => chain.write(registerNode, params));
    logger.info(
      { region: params.region, gpuModel, benchmarkScore, endpoint },
      'registered in NodeRegistry',
    );
  } else if (
    current.endpoint !== endpoint ||
    current.region !== params.region ||
    current.benchmarkScore !== benchmarkScore ||
    current.encryptionKey.toLowerCase() !== publicKey.toLowerCase() ||
    current.gpuModel !== gpuModel
  ) {
    await retrying(ctx, 'update node', () => chain.write(updateNode, params));
    logger.info({ endpoint }, 'updated the NodeRegistry entry');
  }
  if (options.stake > current.bonded) {
    const amount = options.stake - current.bonded;
    const balance = await chain.balanceOf(me);
    if (balance < amount) {
      logger.warn(
        { balance: String(balance), wanted: String(amount) },
        'not enough GLT to reach the requested stake; staking what there is',
      );
    }
    // biome-ignore lint/complexity/useMathMinMax: bigint, Math.min does not apply
    const toStake = balance < amount ? balance : amount;
    if (toStake > 0n) {
      await retrying(ctx, 'stake', () => chain.write(stake, { amount: toStake }));
      logger.info({ staked: String(toStake) }, 'staked with permit');
    }
  }
}

function truncateBytes(text: string, max: number): string {
  let out = text;
  while (Buffer.byteLength(out) > max) out = out.slice(0, -1);
  return out;
}
