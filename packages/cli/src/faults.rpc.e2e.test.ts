// Fault injection (issue #5, scenario 6): the node daemons' RPC connection drops and stalls.
// Two node daemons reach anvil through a loopback proxy (testing/faultyRpcProxy.ts); the
// requester and this test talk to anvil directly. Mid-job the proxy drops every connection
// for ~5 s (a broadcast transaction is forwarded before its answer is dropped), then holds
// every request 3 s for ~5 s, then passes again. The job must still complete and certify
// every frame, each claim must be committed and revealed exactly once, and the daemons must
// stay up and say in their logs what went wrong.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateSampleScene } from '@gridlight/node';
import {
  createGridlightClient,
  finalizeJob,
  type GridlightClient,
  jobMarketAbi,
  verifyFrame,
} from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import { decodeFunctionData, parseEther, parseTransaction } from 'viem';
import { type Devnet, startDevnet } from './devnet/devnet.js';
import { downloadJob, submitJob, waitForJob } from './jobs.js';
import { createOutput } from './output.js';
import { type FaultyRpcProxy, startFaultyRpcProxy } from './testing/faultyRpcProxy.js';
import { freePort } from './testing/harness.js';

const UNITS = 4;
const PRICE = parseEther('10');
const METRICS_BASE = 19_640;
const DROP_MS = 5000;
const STALL_MS = 5000;
const STALL_DELAY_MS = 3000;

let dir: string;
let devnet: Devnet;
let client: GridlightClient;
let proxy: FaultyRpcProxy | undefined;
const controller = new AbortController();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until)
      assert.fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(250);
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridlight-faults-rpc-'));
  devnet = await startDevnet(
    {
      port: await freePort(),
      storagePort: await freePort(),
      metricsPortBase: METRICS_BASE,
      nodes: 2,
      stakePerNode: parseEther('50000'),
      stateDir: join(dir, 'state'),
      signal: controller.signal,
      nodeRpcUrl: async (rpcUrl) => {
        proxy = await startFaultyRpcProxy(rpcUrl, {
          lifetimeMs: 300_000,
          stallMs: STALL_DELAY_MS,
        });
        return proxy.url;
      },
    },
    createOutput({ json: true }),
  );
  client = await createGridlightClient({
    rpcUrl: devnet.rpcUrl,
    deploymentFile: devnet.deploymentFile,
    account: devnet.requesterKey,
  });
});

after(async () => {
  controller.abort();
  await devnet?.stop();
  await proxy?.close();
  await rm(dir, { recursive: true, force: true });
});

test('RPC drops and stalls mid-job: the job completes, no claim is sent twice, daemons stay up', async (t) => {
  const started = Date.now();
  assert.ok(proxy, 'the daemons use the proxy');
  const { publicClient, deployment } = client;
  const fromBlock = BigInt(deployment.startBlock);
  const scene = join(dir, 'sample.blend');
  await generateSampleScene(scene);
  const storage = new StorageClient(devnet.storageUrl);
  const { jobId } = await submitJob(client, storage, {
    scenePath: scene,
    frames: `1-${UNITS}`,
    width: 160,
    height: 90,
    samples: 8,
    seed: 3,
    pricePerUnit: PRICE,
    deadlineSeconds: 3600,
    verification: 'spot-check',
    replication: 1,
    minTier: 0,
    claimTtl: 1800,
  });
  const claimsOf = () =>
    publicClient.getContractEvents({
      address: deployment.JobMarket,
      abi: jobMarketAbi,
      eventName: 'UnitsClaimed',
      args: { jobId },
      fromBlock,
    });

  // Mid-job: once a node has claimed units (rendering, then commit and reveal ahead).
  await waitUntil('the first claim', 60_000, async () =>
    (await claimsOf()).length > 0 ? true : undefined,
  );
  proxy.mode = 'drop';
  await sleep(DROP_MS);
  proxy.mode = 'stall';
  await sleep(STALL_MS);
  proxy.mode = 'pass';
  assert.ok(proxy.counts.drop > 0, 'requests were dropped');
  assert.ok(proxy.counts.stall > 0, 'requests were stalled');

  await waitForJob(client, jobId, createOutput({ json: true }), { timeoutMs: 120_000 });
  await finalizeJob(client, { jobId });

  // Every frame verifies against the job's certified root.
  const { files, proofs } = await downloadJob(
    client,
    storage,
    jobId,
    join(dir, 'frames'),
    createOutput({ json: true }),
  );
  assert.equal(files.length, UNITS);
  assert.equal(proofs.size, UNITS);
  for (const [unit, { pixelHash, proof }] of proofs) {
    assert.equal(await verifyFrame(client, { jobId, frameIndex: unit, pixelHash, proof }), true);
  }

  // Each claim committed once and revealed once: no duplicate or conflicting transactions.
  const claims = await claimsOf();
  assert.ok(claims.length > 0);
  for (const c of claims) {
    const claimId = c.args.claimId as bigint;
    const [committed, revealed] = await Promise.all(
      (['ResultCommitted', 'ResultRevealed'] as const).map((eventName) =>
        publicClient.getContractEvents({
          address: deployment.JobMarket,
          abi: jobMarketAbi,
          eventName,
          args: { claimId },
          fromBlock,
        }),
      ),
    );
    assert.equal(committed?.length, 1, `claim ${claimId}: ResultCommitted events`);
    assert.equal(revealed?.length, 1, `claim ${claimId}: ResultRevealed events`);
  }

  // The daemons are alive (each serves /health from its own process) and logged the fault.
  const rpcProblem =
    /fetch failed|HTTP request failed|socket|ECONNRESET|other side closed|timed? ?out|terminated/i;
  for (const [i, logFile] of devnet.nodeLogs.entries()) {
    const health = await fetch(`http://127.0.0.1:${METRICS_BASE + i + 1}/health`, {
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(health.status, 200, `node-${i + 1} is alive`);
    const lines = (await readFile(logFile, 'utf8'))
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg?: string; err?: string; kind?: string });
    assert.ok(!lines.some((l) => l.level >= 60), `node-${i + 1} logged nothing fatal`);
    const retries = lines.filter(
      (l) =>
        /retrying|trying again/i.test(l.msg ?? '') &&
        (l.kind === 'rpc' || l.kind === 'timeout' || rpcProblem.test(`${l.msg} ${l.err}`)),
    );
    assert.ok(retries.length > 0, `node-${i + 1} logged RPC retries`);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  t.diagnostic(
    `| 6 RPC drop ${DROP_MS / 1000}s + stall ${STALL_DELAY_MS / 1000}s×${STALL_MS / 1000}s | ` +
      `completed, ${claims.length} claims 1 commit/1 reveal each, ${proxy.counts.drop} dropped ` +
      `(${proxy.droppedBroadcasts} broadcasts) ${proxy.counts.stall} stalled | ${seconds} s |`,
  );
});

/** A signed transaction calls JobMarket.claim. */
function isClaim(raw: string): boolean {
  try {
    const tx = parseTransaction(raw as `0x${string}`);
    return (
      tx.data !== undefined &&
      decodeFunctionData({ abi: jobMarketAbi, data: tx.data }).functionName === 'claim'
    );
  } catch {
    return false;
  }
}

// The one write with no look-before-resend guard is `claim`: a lost answer makes the daemon
// send a second claim (more units). It must still adopt the first (from its UnitsClaimed
// event) and finish it, so no units are left held by an orphaned claim.
test('the answer to a claim transaction is lost: no claim is orphaned, the job completes', async (t) => {
  const started = Date.now();
  assert.ok(proxy);
  const { publicClient, deployment } = client;
  const fromBlock = BigInt(deployment.startBlock);
  let swallowed = 0;
  proxy.swallowAnswer = (raw) => {
    if (swallowed > 0 || !isClaim(raw)) return false;
    swallowed++;
    return true;
  };
  const storage = new StorageClient(devnet.storageUrl);
  const { jobId } = await submitJob(client, storage, {
    scenePath: join(dir, 'sample.blend'),
    frames: `1-${UNITS}`,
    width: 160,
    height: 90,
    samples: 8,
    seed: 4,
    pricePerUnit: PRICE,
    deadlineSeconds: 3600,
    verification: 'spot-check',
    replication: 1,
    minTier: 0,
    claimTtl: 1800,
  });
  let outcome = 'completed';
  try {
    await waitForJob(client, jobId, createOutput({ json: true }), { timeoutMs: 45_000 });
  } catch {
    outcome = 'stuck';
  }
  proxy.swallowAnswer = undefined;
  assert.equal(swallowed, 1, 'one claim answer was lost');
  const claims = await publicClient.getContractEvents({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'UnitsClaimed',
    args: { jobId },
    fromBlock,
  });
  const orphans: string[] = [];
  const perClaim: string[] = [];
  for (const c of claims) {
    const committed = await publicClient.getContractEvents({
      address: deployment.JobMarket,
      abi: jobMarketAbi,
      eventName: 'ResultCommitted',
      args: { claimId: c.args.claimId as bigint },
      fromBlock,
    });
    if (committed.length === 0) orphans.push(String(c.args.claimId));
    assert.ok(committed.length <= 1, `claim ${c.args.claimId}: committed once`);
    perClaim.push(`${c.args.claimId}:${String(c.args.node).slice(0, 6)}`);
  }
  t.diagnostic(
    `| 6b claim answer lost | ${outcome}, ${claims.length} claims [${perClaim.join(' ')}], orphaned: [${orphans.join(', ')}] | ${((Date.now() - started) / 1000).toFixed(1)} s |`,
  );
  assert.deepEqual(orphans, [], 'every claim the node sent is worked on');
  assert.equal(outcome, 'completed');
});
