// Fault scenario 4 (issue 5): the storage gateway serves corrupted bytes to the node
// daemons. A loopback proxy between the daemons and the real gateway flips bytes in
// GET /ipfs/<cid> bodies (same length, so only the CID check can tell). While it does, no
// unit may be claimed or revealed from corrupt data and the daemons must keep retrying;
// once it stops, the job completes and every stored frame is the genuine one.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateSampleScene } from '@gridlight/node';
import {
  createGridlightClient,
  finalizeJob,
  type GridlightClient,
  jobMarketAbi,
  pixelHash,
  verifyFrame,
} from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import { parseEther } from 'viem';
import { type Devnet, startDevnet } from './devnet/devnet.js';
import { downloadJob, submitJob, waitForJob } from './jobs.js';
import { createOutput } from './output.js';
import { type CorruptingProxy, startCorruptingProxy } from './testing/corruptingProxy.js';
import { freePort } from './testing/harness.js';

const UNITS = 4;
const CORRUPT_WINDOW_MS = 20_000;
const COMPLETE_WITHIN_MS = 120_000;

let dir: string;
let devnet: Devnet;
let proxy: CorruptingProxy | undefined;
let client: GridlightClient;
const controller = new AbortController();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridlight-faults-storage-'));
  devnet = await startDevnet(
    {
      port: await freePort(),
      storagePort: await freePort(),
      metricsPortBase: 19_500,
      nodes: 2,
      stakePerNode: parseEther('50000'),
      stateDir: join(dir, 'state'),
      signal: controller.signal,
      nodeStorageUrl: async (storageUrl) => {
        proxy = await startCorruptingProxy(storageUrl);
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

type LogLine = { msg?: string; kind?: string; jobId?: string; attempt?: number };

async function logLines(): Promise<{ node: number; line: LogLine }[]> {
  const out: { node: number; line: LogLine }[] = [];
  for (const [i, file] of devnet.nodeLogs.entries()) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const raw of text.split('\n')) {
      if (!raw.startsWith('{')) continue;
      try {
        out.push({ node: i + 1, line: JSON.parse(raw) as LogLine });
      } catch {
        // a line being written
      }
    }
  }
  return out;
}

const isCidRetry = (l: LogLine) =>
  typeof l.msg === 'string' &&
  /^fetch (manifest|scene) of job /.test(l.msg) &&
  /does not match its CID/.test(l.msg) &&
  /retrying$/.test(l.msg);

test('scenario 4: corrupted storage bytes are rejected by the CID check, retried, and never rendered', async (t) => {
  const started = Date.now();
  assert.ok(proxy, 'the devnet did not put the corrupting proxy in front of the daemons');
  const p = proxy;
  const { publicClient, deployment } = client;
  const fromBlock = BigInt(deployment.startBlock);
  const scene = join(dir, 'sample.blend');
  await generateSampleScene(scene);
  const storage = new StorageClient(devnet.storageUrl);

  // 1. Corruption on; the requester submits through the real gateway.
  p.corrupt = true;
  const { jobId } = await submitJob(client, storage, {
    scenePath: scene,
    frames: `1-${UNITS}`,
    width: 160,
    height: 90,
    samples: 8,
    seed: 3,
    pricePerUnit: parseEther('10'),
    deadlineSeconds: 3600,
    verification: 'spot-check',
    replication: 1,
    minTier: 0,
    claimTtl: 1800,
  });

  // 2. For a bounded window: every daemon sees CID mismatches and retries; nothing is
  //    claimed or revealed.
  const windowEnds = Date.now() + CORRUPT_WINDOW_MS;
  while (Date.now() < windowEnds) {
    const revealed = await publicClient.getContractEvents({
      address: deployment.JobMarket,
      abi: jobMarketAbi,
      eventName: 'ResultRevealed',
      fromBlock,
    });
    assert.equal(revealed.length, 0, 'a result was revealed while storage served corrupt bytes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  const claimedWhileCorrupt = await publicClient.getContractEvents({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'UnitsClaimed',
    args: { jobId },
    fromBlock,
  });
  assert.equal(
    claimedWhileCorrupt.length,
    0,
    'a unit was claimed although no daemon could fetch an intact manifest',
  );
  assert.ok(p.corrupted > 0, 'the proxy corrupted no response: the daemons did not fetch');
  const lines = await logLines();
  for (let node = 1; node <= devnet.nodeLogs.length; node++) {
    const retries = lines.filter((l) => l.node === node && isCidRetry(l.line));
    assert.ok(
      retries.length >= 2,
      `node-${node} logged ${retries.length} CID-mismatch retries in ${CORRUPT_WINDOW_MS / 1000} s (want ≥ 2)`,
    );
    const gaveUp = lines.filter(
      (l) =>
        l.node === node &&
        typeof l.line.msg === 'string' &&
        /^skip job .*unusable/.test(l.line.msg),
    );
    assert.equal(
      gaveUp.length,
      0,
      `node-${node} gave up on the job after a corrupt fetch: ${gaveUp[0]?.line.msg}`,
    );
  }
  const corruptedResponses = p.corrupted;

  // 3. Corruption off: the retries succeed and the job completes.
  p.corrupt = false;
  await waitForJob(client, jobId, createOutput({ json: true }), {
    timeoutMs: COMPLETE_WITHIN_MS,
  }).catch((error: unknown) => {
    throw new assert.AssertionError({
      message: `job ${jobId} did not complete within ${COMPLETE_WITHIN_MS / 1000} s after corruption stopped: ${String(error)}`,
    });
  });
  await finalizeJob(client, { jobId });
  const { files, proofs } = await downloadJob(
    client,
    storage,
    jobId,
    join(dir, 'frames'),
    createOutput({ json: true }),
  );
  assert.equal(files.length, UNITS);
  assert.equal(proofs.size, UNITS);
  for (const [unit, { pixelHash: h, proof }] of proofs) {
    assert.equal(
      await verifyFrame(client, { jobId, frameIndex: unit, pixelHash: h, proof }),
      true,
      `unit ${unit} does not verify on chain`,
    );
  }

  // 4. Nothing corrupted was stored by the daemons: each scene copy is the requester's
  //    bytes, and every frame a daemon indexed is one the test downloaded and checked.
  const downloaded = new Set<string>();
  for (const f of files) downloaded.add(pixelHash(await readFile(f)));
  const original = await readFile(scene);
  let indexed = 0;
  for (let node = 1; node <= devnet.nodeLogs.length; node++) {
    const work = join(dir, 'state', `node-${node}`);
    const copy = await readFile(join(work, 'jobs', String(jobId), 'scene.blend')).catch(
      () => undefined,
    );
    if (copy) assert.ok(copy.equals(original), `node-${node} stored a scene that is not the job's`);
    const results = await readdir(join(work, 'results')).catch(() => [] as string[]);
    for (const name of results.filter((n) => n.endsWith('.json'))) {
      const index = JSON.parse(await readFile(join(work, 'results', name), 'utf8')) as {
        jobId: string;
        frames: { pixelHash: string }[];
      };
      if (String(index.jobId) !== String(jobId)) continue;
      for (const f of index.frames) {
        indexed++;
        assert.ok(
          downloaded.has(f.pixelHash),
          `node-${node} indexed a frame (${f.pixelHash}) that is not among the verified downloads`,
        );
      }
    }
  }
  assert.ok(indexed >= UNITS, `the daemons indexed ${indexed} frames, want ≥ ${UNITS}`);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  t.diagnostic(
    `| 4 storage corruption | ${corruptedResponses} corrupt responses rejected by CID check, retried; 0 claims/reveals while corrupt; ${UNITS}/${UNITS} frames accepted and verified after heal | ${seconds} s |`,
  );
});
