// End to end against a real anvil: deploy with the forge script, then drive a whole
// spot-check job through the SDK and check every frame's proof on chain and locally.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Address, type Hex, keccak256, parseEther, stringToHex, zeroAddress } from 'viem';
import { claim } from './actions/claim.js';
import { commitResult } from './actions/commitResult.js';
import { createJob } from './actions/createJob.js';
import { finalizeJob } from './actions/finalizeJob.js';
import { getClaim } from './actions/getClaim.js';
import { getJob } from './actions/getJob.js';
import { getTask } from './actions/getTask.js';
import { registerNode } from './actions/registerNode.js';
import { revealResult } from './actions/revealResult.js';
import { settle } from './actions/settle.js';
import { stake } from './actions/stake.js';
import { submitVerdicts } from './actions/submitVerdicts.js';
import { transferTokens } from './actions/transferTokens.js';
import { verifyFrame } from './actions/verifyFrame.js';
import { type JobEvent, watchJobEvents } from './actions/watchJobEvents.js';
import { cidForBytes, cidFromDigest } from './cid.js';
import { createGridlightClient, type GridlightClient } from './client.js';
import { ContractRevertError } from './errors.js';
import {
  type ClaimTree,
  claimTree,
  frameProof,
  jobTree,
  rangeLeaf,
  verifyFrameProof,
} from './frameTree.js';
import { jobMarketAbi } from './generated/abis.js';
import { type Manifest, manifestDigest } from './manifest.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = `${ROOT}node_modules/@foundry-rs`;
const ANVIL = `${BIN}/anvil-linux-amd64/bin/anvil`;
const FORGE = `${BIN}/forge-linux-amd64/bin/forge`;
// anvil's well-known dev keys 0..4 (public test keys, never funded anywhere real).
const KEYS: Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForRpc(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`anvil did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('SDK against a real anvil', { timeout: 600_000 }, () => {
  let anvil: ChildProcess | undefined;
  let deploymentFile = '';
  let rpcUrl = '';
  let requester: GridlightClient;
  let nodes: GridlightClient[] = [];

  before(async () => {
    const port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    anvil = spawn(ANVIL, ['--port', String(port), '--silent'], { stdio: 'ignore' });
    await waitForRpc(rpcUrl, 30_000);
    mkdirSync(`${ROOT}.devnet`, { recursive: true });
    deploymentFile = `${ROOT}.devnet/sdk-test-${port}.json`;
    await exec(FORGE, ['script', 'script/Deploy.s.sol', '--rpc-url', rpcUrl, '--broadcast', '-q'], {
      cwd: `${ROOT}contracts`,
      env: { ...process.env, PRIVATE_KEY: KEYS[0], DEPLOYMENT_FILE: deploymentFile },
      maxBuffer: 64 * 1024 * 1024,
    });
    requester = await createGridlightClient({ rpcUrl, deploymentFile, account: KEYS[0] });
    nodes = await Promise.all(
      [1, 2, 3].map((k) => createGridlightClient({ rpcUrl, deploymentFile, account: KEYS[k] })),
    );
  });

  after(() => {
    anvil?.kill('SIGTERM');
    if (deploymentFile) rmSync(deploymentFile, { force: true });
  });

  it('runs a 6-frame spot-check job to a certificate whose frames all verify', async () => {
    const market = requester.deployment.JobMarket;
    const addressOf = (c: GridlightClient) => c.account?.address as Address;

    // Operators: funded by the deployer, staked by permit, registered at tier 1.
    for (const [k, node] of nodes.entries()) {
      await transferTokens(requester, { to: addressOf(node), amount: parseEther('20000') });
      await stake(node, { amount: parseEther('10000') });
      const { tier } = await registerNode(node, {
        gpuModel: 'NVIDIA RTX 4090',
        vramMb: 24_576,
        benchmarkScore: 500,
        encryptionKey: keccak256(stringToHex(`node-key-${k}`)),
        region: 'DE',
        endpoint: '',
      });
      assert.equal(tier, 1);
    }

    // The job: 6 frames, spot-check, paid by permit.
    const now = (await requester.publicClient.getBlock()).timestamp;
    const manifest: Manifest = {
      engine: 'blender-cycles',
      sceneCid: cidForBytes(Buffer.from('a scene')),
      frames: '1-6',
      resolution: { width: 640, height: 360 },
      samples: 16,
      seed: 7,
      tilesPerFrame: 1,
      pricePerUnit: parseEther('1').toString(),
      deadline: Number(now) + 86_400,
      replication: 1,
      verification: 'spot-check',
      private: false,
      minTier: 1,
      regions: ['DE'],
    };
    const fromBlock = await requester.publicClient.getBlockNumber();
    const { jobId, budget } = await createJob(requester, { manifest });
    assert.equal(budget, parseEther('6'));
    const events: JobEvent[] = [];
    const stop = watchJobEvents(requester, {
      jobId,
      fromBlock,
      pollingInterval: 100,
      onEvent: (event) => events.push(event),
    });

    const created = await getJob(requester, { jobId });
    assert.equal(created.status, 'Open');
    assert.equal(created.unitCount, 6);
    assert.equal(created.manifestDigest, manifestDigest(manifest).digest);
    assert.equal(cidFromDigest(created.manifestDigest), manifestDigest(manifest).cid);

    // A stranger's claim is refused with a decoded, worded revert.
    const stranger = await createGridlightClient({ rpcUrl, deploymentFile, account: KEYS[4] });
    await assert.rejects(claim(stranger, { jobId, maxUnits: 1 }), (error: unknown) => {
      assert.ok(error instanceof ContractRevertError, String(error));
      assert.equal(error.errorName, 'NodeNotEligible');
      assert.match(
        error.shortMessage,
        new RegExp(
          `^NodeNotEligible: node 0x[0-9a-fA-F]{40} may not work on job ${jobId} \\(\\w+\\)$`,
        ),
      );
      return true;
    });

    // Claims of 3, 2 and 1 units; commit and reveal real FrameTree roots of fake pixels.
    const pixel = (index: number): Hex => keccak256(stringToHex(`job ${jobId} frame ${index}`));
    const trees = new Map<bigint, ClaimTree>();
    const claims: { claimId: bigint; taskIndex: bigint; node: GridlightClient }[] = [];
    for (const [k, max] of [3, 2, 1].entries()) {
      const node = nodes[k] as GridlightClient;
      const c = await claim(node, { jobId, maxUnits: max });
      assert.equal(c.count, max);
      const units = Array.from({ length: c.count }, (_, p) => ({
        index: c.start + p,
        pixelHash: pixel(c.start + p),
      }));
      const tree = claimTree(units);
      trees.set(c.taskIndex, tree);
      const { salt } = await commitResult(node, { claimId: c.claimId, resultRoot: tree.root });
      assert.equal((await getClaim(node, { claimId: c.claimId })).status, 'Committed');
      await revealResult(node, { claimId: c.claimId, resultRoot: tree.root, salt });
      claims.push({ claimId: c.claimId, taskIndex: c.taskIndex, node });
    }

    // Verdicts by whoever the market selected (task.party); none selected → optimistic window.
    const byVerifier = new Map<Address, bigint[]>();
    let needsSettle: bigint[] = [];
    for (const c of claims) {
      const task = await getTask(requester, { jobId, taskIndex: c.taskIndex });
      assert.equal(task.status, 'Verifying');
      if (task.party === zeroAddress) needsSettle.push(c.claimId);
      else byVerifier.set(task.party, [...(byVerifier.get(task.party) ?? []), c.claimId]);
    }
    for (const [verifier, claimIds] of byVerifier) {
      const client = nodes.find((n) => addressOf(n) === verifier);
      assert.ok(client, `verifier ${verifier} is one of the nodes`);
      await submitVerdicts(client, {
        verdicts: claimIds.map((claimId) => ({ claimId, accepted: true })),
      });
    }
    if (needsSettle.length > 0) {
      await requester.publicClient.request({
        method: 'evm_increaseTime' as never,
        params: [7200] as never,
      });
      await requester.publicClient.request({ method: 'evm_mine' as never, params: [] as never });
      for (const claimId of needsSettle) await settle(requester, { claimId });
      needsSettle = [];
    }

    // Acceptance order from TaskAccepted → the job tree, then the certificate.
    const accepted = await requester.publicClient.getContractEvents({
      address: market,
      abi: jobMarketAbi,
      eventName: 'TaskAccepted',
      args: { jobId },
      fromBlock,
    });
    assert.equal(accepted.length, 3);
    const ordered = [...accepted].sort(
      (a, b) => Number(a.args.acceptedIndex) - Number(b.args.acceptedIndex),
    );
    const acceptedTrees = ordered.map(
      (log) => trees.get(log.args.taskIndex as bigint) as ClaimTree,
    );
    ordered.forEach((log, k) => {
      assert.equal(log.args.resultRoot, acceptedTrees[k]?.root);
    });
    const job = jobTree(acceptedTrees.map((t) => rangeLeaf(t.start, t.count, t.root)));

    const { framesRoot } = await finalizeJob(requester, { jobId });
    assert.equal(framesRoot, job.root);
    const done = await getJob(requester, { jobId });
    assert.equal(done.status, 'Completed');
    assert.equal(done.framesRoot, job.root);

    for (let index = 0; index < 6; index++) {
      const k = acceptedTrees.findIndex((t) => index >= t.start && index < t.start + t.count);
      const proof = frameProof({ claim: acceptedTrees[k] as ClaimTree, job, k, index });
      const pixelHash = pixel(index);
      assert.ok(verifyFrameProof({ framesRoot, index, pixelHash, proof }), `local ${index}`);
      assert.equal(
        await verifyFrame(requester, { jobId, frameIndex: index, pixelHash, proof }),
        true,
        `RenderCertificate.verifyFrame(${jobId}, ${index}) with a FrameTree v2 proof`,
      );
      assert.equal(
        await verifyFrame(requester, { jobId, frameIndex: index, pixelHash, proof, mode: 'local' }),
        true,
      );
      assert.equal(
        await verifyFrame(requester, { jobId, frameIndex: index, pixelHash: pixel(99), proof }),
        false,
      );
    }

    // The watcher saw the job from creation to completion, in order.
    const until = Date.now() + 10_000;
    while (!events.some((e) => e.eventName === 'JobCompleted') && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
    }
    stop();
    const names = events.map((e) => e.eventName);
    assert.equal(names[0], 'JobCreated');
    assert.equal(names.filter((n) => n === 'UnitsClaimed').length, 3);
    assert.equal(names.filter((n) => n === 'ResultRevealed').length, 3);
    assert.equal(names.at(-1), 'JobCompleted');
    assert.ok(events.every((e) => e.jobId === jobId));
  });
});
