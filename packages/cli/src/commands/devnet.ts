import { join } from 'node:path';
import { generateSampleScene } from '@gridlight/node';
import { createGridlightClient, finalizeJob, verifyFrame } from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import { parseEther } from 'viem';
import { type Devnet, startDevnet } from '../devnet/devnet.js';
import { repoRoot } from '../devnet/foundry.js';
import { CliError } from '../errors.js';
import { downloadJob, submitJob, waitForJob } from '../jobs.js';
import { parseFlags } from '../main.js';
import { glt, type Output } from '../output.js';

/** `gridlight devnet`: the whole network on this machine, optionally with a demo job. */
export async function devnetCommand(args: string[], out: Output): Promise<number> {
  const { values } = parseFlags(args, {
    nodes: { type: 'string' },
    port: { type: 'string' },
    'storage-port': { type: 'string' },
    demo: { type: 'boolean' },
    frames: { type: 'string' },
    samples: { type: 'string' },
    exit: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const num = (name: string, fallback: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0)
      throw new CliError(`--${name} must be a positive whole number (got "${raw}").`);
    return n;
  };
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const stateDir = join(repoRoot, '.devnet');
  const devnet = await startDevnet(
    {
      port: num('port', 8545),
      storagePort: num('storage-port', 8081),
      nodes: num('nodes', 3),
      stakePerNode: parseEther('50000'),
      stateDir,
      signal: controller.signal,
    },
    out,
  );
  try {
    out.info('');
    out.info(`Gridlight devnet is up (chain id 31337, everything on 127.0.0.1)`);
    out.info(`  RPC            ${devnet.rpcUrl}`);
    out.info(`  deployment     ${devnet.deploymentFile}`);
    out.info(`  storage        ${devnet.storageUrl}`);
    out.info(`  GLT/USD pool   ${devnet.pool} (Uniswap V2; addresses in ${devnet.ammFile})`);
    devnet.nodeAddresses.forEach((a, i) => {
      out.info(
        `  node ${i + 1}         ${a}  metrics http://127.0.0.1:${9101 + i}/metrics  log ${devnet.nodeLogs[i]}`,
      );
    });
    out.info(`  requester key  ${devnet.requesterKey} (devnet only)`);
    if (values.demo) {
      await runDemo(devnet, out, {
        frames: (values.frames as string | undefined) ?? '1-12',
        samples: num('samples', 16),
        stateDir,
        signal: controller.signal,
      });
    }
    if (values.exit || controller.signal.aborted) return 0;
    out.info('\nThe network keeps running; Ctrl-C stops it.');
    await new Promise<void>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve()),
    );
    return 0;
  } finally {
    out.info('stopping the devnet …');
    await devnet.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Renders the generated sample scene across the local nodes, end to end. */
async function runDemo(
  devnet: Devnet,
  out: Output,
  options: { frames: string; samples: number; stateDir: string; signal: AbortSignal },
): Promise<void> {
  const started = Date.now();
  out.info('\ngenerating the sample scene with Blender …');
  const scenePath = join(options.stateDir, 'sample.blend');
  await generateSampleScene(scenePath);
  const client = await createGridlightClient({
    rpcUrl: devnet.rpcUrl,
    deploymentFile: devnet.deploymentFile,
    account: devnet.requesterKey,
  });
  const storage = new StorageClient(devnet.storageUrl);
  const firstBlock = await client.publicClient.getBlockNumber();
  const { jobId, budget, manifest } = await submitJob(client, storage, {
    scenePath,
    frames: options.frames,
    width: 320,
    height: 180,
    samples: options.samples,
    seed: 7,
    pricePerUnit: parseEther('10'),
    deadlineSeconds: 3600,
    verification: 'spot-check',
    replication: 1,
    minTier: 0,
    claimTtl: 1800,
  });
  out.info(`job ${jobId} submitted: frames ${manifest.frames}, ${glt(budget)} escrowed`);
  await waitForJob(client, jobId, out, { timeoutMs: 20 * 60_000, signal: options.signal });
  await finalizeJob(client, { jobId });
  const framesDir = join(options.stateDir, 'frames', `job-${jobId}`);
  const { files, proofs } = await downloadJob(client, storage, jobId, framesDir, out);
  let verified = 0;
  for (const [unit, { pixelHash, proof }] of proofs) {
    if (await verifyFrame(client, { jobId, frameIndex: unit, pixelHash, proof })) verified++;
  }
  if (verified !== proofs.size) {
    throw new CliError(
      `Only ${verified} of ${proofs.size} frames verified against certificate #${jobId}.`,
    );
  }
  const lastBlock = await client.publicClient.getBlockNumber();
  let gas = 0n;
  for (let b = firstBlock + 1n; b <= lastBlock; b++) {
    gas += (await client.publicClient.getBlock({ blockNumber: b })).gasUsed;
  }
  const { paidToNodes, fees } = await paymentsOf(client, jobId);
  out.info('');
  out.info(`Demo job ${jobId} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  out.info(
    `  frames       ${files.length} rendered by ${devnet.nodeAddresses.length} nodes → ${framesDir}`,
  );
  out.info(
    `  certificate  #${jobId}: ${verified}/${proofs.size} frames verified on chain (verifyFrame)`,
  );
  out.info(`  gas          ${gas} (all transactions of the job, devnet)`);
  out.info(
    `  paid         ${glt(paidToNodes)} to nodes and verifiers; fees ${glt(fees.treasury)} treasury, ${glt(fees.insurance)} insurance, ${glt(fees.burn)} to burn`,
  );
}

async function paymentsOf(
  client: Awaited<ReturnType<typeof createGridlightClient>>,
  jobId: bigint,
): Promise<{ paidToNodes: bigint; fees: { treasury: bigint; insurance: bigint; burn: bigint } }> {
  const { jobMarketAbi } = await import('@gridlight/sdk');
  const logs = await client.publicClient.getContractEvents({
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'ClaimPaid',
    args: { jobId },
    fromBlock: BigInt(client.deployment.startBlock),
  });
  let paidToNodes = 0n;
  const fees = { treasury: 0n, insurance: 0n, burn: 0n };
  for (const log of logs) {
    const a = log.args as Record<string, bigint>;
    paidToNodes += (a.nodeAmount ?? 0n) + (a.verifier ?? 0n);
    fees.treasury += a.treasury ?? 0n;
    fees.insurance += a.insurance ?? 0n;
    fees.burn += a.burned ?? 0n;
  }
  return { paidToNodes, fees };
}
