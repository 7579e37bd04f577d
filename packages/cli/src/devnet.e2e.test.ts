// End to end with real components: anvil, the deployed protocol, the storage gateway,
// four node daemons rendering with Blender, and the requester's CLI flow.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodePng, generateSampleScene, renderFrames } from '@gridlight/node';
import {
  createGridlightClient,
  finalizeJob,
  type GridlightClient,
  gridlightTokenAbi,
  jobMarketAbi,
  pixelHash,
  reputationAbi,
  verifyFrame,
} from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import { type Hex, parseEther } from 'viem';
import { type Devnet, startDevnet } from './devnet/devnet.js';
import { downloadJob, submitJob, waitForJob } from './jobs.js';
import { createOutput } from './output.js';
import { freePort } from './testing/harness.js';

const FRAMES = '1-12';
const UNITS = 12;
const PRICE = parseEther('10');
const SAMPLES = 8;
const SEED = 3;
const RES: [number, number] = [160, 90];

let dir: string;
let devnet: Devnet;
let client: GridlightClient;
const controller = new AbortController();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridlight-e2e-'));
  devnet = await startDevnet(
    {
      port: await freePort(),
      storagePort: await freePort(),
      metricsPortBase: 19_300,
      nodes: 4,
      stakePerNode: parseEther('50000'),
      stateDir: join(dir, 'state'),
      signal: controller.signal,
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
  await rm(dir, { recursive: true, force: true });
});

/** FeeMath re-implemented from docs/protocol.md, to check the chain's split independently. */
function expectedSplit(
  f: Record<string, number>,
  gross: bigint,
  reputation: bigint,
  hasVerifier: boolean,
): Record<string, bigint> {
  const BPS = 10_000n;
  const burn = (gross * BigInt(f.burnBps ?? 0)) / BPS;
  const insurance = (gross * BigInt(f.insuranceBps ?? 0)) / BPS;
  // No integrator in these jobs: its share goes to the treasury.
  let treasury =
    (gross * BigInt(f.treasuryBps ?? 0)) / BPS + (gross * BigInt(f.integratorBps ?? 0)) / BPS;
  const verifier = hasVerifier ? (gross * BigInt(f.verifierBps ?? 0)) / BPS : 0n;
  let node = gross - burn - insurance - treasury - verifier;
  const adj = BigInt(f.maxRepAdjBps ?? 0);
  if (reputation > 5000n) {
    let bonus = (gross * adj * (reputation - 5000n)) / (BPS * 5000n);
    if (bonus > treasury) bonus = treasury;
    treasury -= bonus;
    node += bonus;
  } else if (reputation < 5000n) {
    let cut = (gross * adj * (5000n - reputation)) / (BPS * 5000n);
    if (cut > node) cut = node;
    node -= cut;
    treasury += cut;
  }
  return { node, treasury, burn, insurance, verifier };
}

test('a 12-frame spot-checked job renders across 4 nodes, pays exactly and certifies every frame', async () => {
  const { publicClient, deployment } = client;
  const scene = join(dir, 'sample.blend');
  await generateSampleScene(scene);
  const balanceOf = (who: Hex) =>
    publicClient.readContract({
      address: deployment.GridlightToken,
      abi: gridlightTokenAbi,
      functionName: 'balanceOf',
      args: [who],
    });
  const before = await Promise.all(devnet.nodeAddresses.map(balanceOf));

  const storage = new StorageClient(devnet.storageUrl);
  const { jobId, budget } = await submitJob(client, storage, {
    scenePath: scene,
    frames: FRAMES,
    width: RES[0],
    height: RES[1],
    samples: SAMPLES,
    seed: SEED,
    pricePerUnit: PRICE,
    deadlineSeconds: 3600,
    verification: 'spot-check',
    replication: 1,
    minTier: 0,
    claimTtl: 1800,
  });
  assert.equal(budget, PRICE * BigInt(UNITS));
  await waitForJob(client, jobId, createOutput({ json: true }), { timeoutMs: 600_000 });
  await finalizeJob(client, { jobId });
  const framesDir = join(dir, 'frames');
  const { files, proofs } = await downloadJob(
    client,
    storage,
    jobId,
    framesDir,
    createOutput({ json: true }),
  );
  assert.equal(files.length, UNITS);

  // 1. Every frame is the scene's pixels: compare with a direct Blender render.
  const jobDir = join(dir, 'direct');
  await mkdir(jobDir, { recursive: true });
  await copyFile(scene, join(jobDir, 'scene.blend'));
  const direct = await renderFrames({
    blendPath: join(jobDir, 'scene.blend'),
    jobDir,
    frames: Array.from({ length: UNITS }, (_, i) => i + 1),
    samples: SAMPLES,
    seed: SEED,
    resolution: RES,
    device: 'CPU',
    timeoutMs: 300_000,
    memoryLimitMb: 4096,
  });
  let identical = 0;
  for (const [i, rendered] of direct.frames.entries()) {
    const ours = await readFile(join(framesDir, `frame-${String(i + 1).padStart(4, '0')}.png`));
    const theirs = await readFile(rendered.path);
    if (pixelHash(ours) === pixelHash(theirs)) {
      identical++;
      continue;
    }
    // Cycles on several threads may move a rare pixel by one 8-bit level (see
    // packages/node/README.md); anything more is a wrong frame.
    const a = decodePng(ours);
    const b = decodePng(theirs);
    assert.equal(a.width, b.width);
    let off = 0;
    for (let p = 0; p < a.data.length; p++) {
      const d = Math.abs((a.data[p] ?? 0) - (b.data[p] ?? 0));
      assert.ok(d <= 1, `frame ${i + 1}: a channel differs by ${d}`);
      if (d) off++;
    }
    assert.ok(off <= 4, `frame ${i + 1}: ${off} channel values differ`);
  }
  assert.ok(
    identical >= UNITS - 2,
    `only ${identical}/${UNITS} frames bit-identical to a direct render`,
  );

  // 2. The certificate proves every frame on chain; a wrong hash does not verify.
  for (const [unit, { pixelHash: h, proof }] of proofs) {
    assert.equal(await verifyFrame(client, { jobId, frameIndex: unit, pixelHash: h, proof }), true);
  }
  const [unit0, first] = [...proofs][0] as [number, { pixelHash: Hex; proof: Hex[] }];
  assert.equal(
    await verifyFrame(client, {
      jobId,
      frameIndex: unit0,
      pixelHash: `0x${'11'.repeat(32)}`,
      proof: first.proof,
    }),
    false,
  );

  // 3. Money moved exactly as the fee split says.
  const fromBlock = BigInt(deployment.startBlock);
  const paid = await publicClient.getContractEvents({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'ClaimPaid',
    args: { jobId },
    fromBlock,
  });
  const claimed = await publicClient.getContractEvents({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'UnitsClaimed',
    args: { jobId },
    fromBlock,
  });
  const reps = await publicClient.getContractEvents({
    address: deployment.Reputation,
    abi: reputationAbi,
    eventName: 'ReputationUpdated',
    fromBlock,
  });
  const split = (await publicClient.readContract({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'feeSplit',
  })) as unknown as Record<string, number>;
  const verifiers = await publicClient.getContractEvents({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'VerdictPosted',
    args: { jobId },
    fromBlock,
  });
  let total = 0n;
  const received = new Map<string, bigint>();
  const credit = (who: string, amount: bigint) =>
    received.set(who.toLowerCase(), (received.get(who.toLowerCase()) ?? 0n) + amount);
  for (const log of paid) {
    const a = log.args;
    const count = claimed.find((c) => c.args.claimId === a.claimId)?.args.count;
    assert.ok(count !== undefined, 'claim of the payment');
    const gross = PRICE * count;
    const rep = reps.find(
      (r) => r.transactionHash === log.transactionHash && r.args.node === a.node,
    );
    assert.ok(rep, 'reputation recorded in the paying transaction');
    const want = expectedSplit(split, gross, rep.args.oldScore as bigint, (a.verifier ?? 0n) > 0n);
    assert.deepEqual(
      {
        node: a.nodeAmount,
        treasury: a.treasury,
        burn: a.burned,
        insurance: a.insurance,
        verifier: a.verifier,
      },
      want,
      `split of claim ${a.claimId}`,
    );
    assert.equal(a.integrator, 0n);
    assert.equal(a.refunded, 0n);
    total +=
      (a.nodeAmount ?? 0n) +
      (a.treasury ?? 0n) +
      (a.burned ?? 0n) +
      (a.insurance ?? 0n) +
      (a.verifier ?? 0n);
    credit(a.node as string, a.nodeAmount ?? 0n);
    const verdict = verifiers.find((v) => v.args.claimId === a.claimId);
    if ((a.verifier ?? 0n) > 0n) {
      assert.ok(verdict, 'a paid verifier posted the verdict');
      credit(verdict.args.verifier as string, a.verifier ?? 0n);
    }
  }
  assert.equal(total, budget, 'every wei of the escrow is accounted for');
  const after = await Promise.all(devnet.nodeAddresses.map(balanceOf));
  devnet.nodeAddresses.forEach((node, i) => {
    assert.equal(
      (after[i] ?? 0n) - (before[i] ?? 0n),
      received.get(node.toLowerCase()) ?? 0n,
      `balance of node ${i + 1}`,
    );
  });
  assert.ok(new Set(paid.map((p) => p.args.node)).size >= 2, 'several nodes rendered');
});
