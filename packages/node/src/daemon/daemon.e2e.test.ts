// End to end with real components: anvil + the forge deploy script, a storage gateway on
// the filesystem, Blender with the sample scene, and three node daemons. One daemon is
// stopped between commit and reveal and restarted from its journal.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type ClaimTree,
  claimTree,
  decodePng,
  encodeManifest,
  frameProof,
  gridlightTokenAbi,
  jobMarketAbi,
  jobTree,
  loadDeployment,
  type Manifest,
  manifestDigest,
  manifestToJobParams,
  pixelHash,
  rangeLeaf,
  renderCertificateAbi,
} from '@gridlight/sdk';
import { FsBlobStore, type Gateway, StorageClient, startGateway } from '@gridlight/storage';
import {
  type Address,
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  defineChain,
  type Hex,
  http,
  parseEther,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { generateSampleScene, renderFrames } from '../index.js';
import { type NodeDaemon, startNodeDaemon } from './daemon.js';
import { parseJournal } from './journal.js';
import { createDaemonLogger } from './logger.js';
import { decodeResultIndex, type ResultIndex } from './results.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = `${ROOT}node_modules/@foundry-rs`;
const ANVIL = `${BIN}/anvil-linux-amd64/bin/anvil`;
const FORGE = `${BIN}/forge-linux-amd64/bin/forge`;
// anvil's well-known dev keys 0..4 (public test keys).
const KEYS: Hex[] = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
];
const RESOLUTION = [64, 36] as const;
const SAMPLES = 4;

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

async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function pixelDifference(
  a: { width: number; height: number; data: Uint8Array },
  b: { width: number; height: number; data: Uint8Array },
): { count: number; max: number } {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let count = 0;
  let max = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let d = 0;
    for (let c = 0; c < 4; c++)
      d = Math.max(d, Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)));
    if (d > 0) count++;
    max = Math.max(max, d);
  }
  return { count, max };
}

describe('node daemon end to end', { timeout: 300_000 }, () => {
  let anvil: ChildProcess | undefined;
  let gateway: Gateway | undefined;
  let tmp = '';
  let deploymentFile = '';
  let rpcUrl = '';
  const daemons: NodeDaemon[] = [];

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'gridlight-daemon-e2e-'));
    const port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    anvil = spawn(ANVIL, ['--port', String(port), '--silent'], { stdio: 'ignore' });
    await waitFor('anvil', 30_000, async () => {
      const res = await fetch(rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      });
      return res.ok ? true : undefined;
    });
    await mkdir(`${ROOT}.devnet`, { recursive: true });
    deploymentFile = `${ROOT}.devnet/daemon-e2e-${port}.json`;
    await exec(FORGE, ['script', 'script/Deploy.s.sol', '--rpc-url', rpcUrl, '--broadcast', '-q'], {
      cwd: `${ROOT}contracts`,
      env: { ...process.env, PRIVATE_KEY: KEYS[0], DEPLOYMENT_FILE: deploymentFile },
      maxBuffer: 64 * 1024 * 1024,
    });
    gateway = await startGateway({ store: new FsBlobStore(join(tmp, 'blobs')) });
  });

  after(async () => {
    for (const d of daemons) await d.stop().catch(() => undefined);
    await gateway?.close();
    anvil?.kill('SIGTERM');
    if (deploymentFile) await rm(deploymentFile, { force: true });
    if (tmp && !process.env.KEEP_TMP) await rm(tmp, { recursive: true, force: true });
  });

  it('renders, verifies, pays and certifies a 6-frame spot-check job; resumes a reveal after a crash', async (ctx) => {
    const deployment = await loadDeployment(deploymentFile);
    const chain = defineChain({
      id: deployment.chainId,
      name: 'anvil',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    });
    const publicClient = createPublicClient({
      chain,
      transport: http(rpcUrl),
      pollingInterval: 100,
    });
    const wallet = (key: Hex) =>
      createWalletClient({ account: privateKeyToAccount(key), chain, transport: http(rpcUrl) });
    const send = async (
      key: Hex,
      call: Parameters<ReturnType<typeof wallet>['writeContract']>[0],
    ) => {
      const hash = await wallet(key).writeContract(call);
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, 'success');
      return receipt;
    };
    const token = deployment.GridlightToken;
    const market = deployment.JobMarket;
    const addr = (k: number) => privateKeyToAccount(KEYS[k] as Hex).address;
    const balanceOf = (a: Address) =>
      publicClient.readContract({
        address: token,
        abi: gridlightTokenAbi,
        functionName: 'balanceOf',
        args: [a],
      });

    // Fund the three operators and the requester from the genesis holder.
    for (const k of [1, 2, 3, 4]) {
      await send(
        KEYS[0] as Hex,
        {
          address: token,
          abi: gridlightTokenAbi,
          functionName: 'transfer',
          args: [addr(k), parseEther('5000')],
        } as never,
      );
    }

    // Scene and manifest in storage.
    const storage = new StorageClient((gateway as Gateway).url);
    const sceneDir = join(tmp, 'scene');
    const scenePath = await generateSampleScene(join(sceneDir, 'sample.blend'));
    const sceneCid = await storage.put(await readFile(scenePath));
    const now = Number((await publicClient.getBlock()).timestamp);
    const manifest: Manifest = {
      engine: 'blender-cycles',
      sceneCid,
      frames: '1-6',
      resolution: { width: RESOLUTION[0], height: RESOLUTION[1] },
      samples: SAMPLES,
      seed: 0,
      tilesPerFrame: 1,
      pricePerUnit: parseEther('1').toString(),
      deadline: now + 86_400,
      replication: 1,
      verification: 'spot-check',
      private: false,
      minTier: 0,
      regions: [],
    };
    const manifestCid = await storage.put(encodeManifest(manifest));
    assert.equal(manifestCid, manifestDigest(manifest).cid);

    // Three daemons; the first one stops itself right after its first commit is mined.
    const logFile = join(tmp, 'daemons.log');
    const logStream = createWriteStream(logFile);
    const ports = [await freePort(), await freePort(), await freePort()];
    const optionsOf = (i: number) => ({
      rpcUrl,
      deploymentFile,
      privateKey: KEYS[i + 1] as Hex,
      storageUrl: (gateway as Gateway).url,
      workDir: join(tmp, `node${i + 1}`),
      stake: '2000',
      metricsPort: ports[i] as number,
      maxUnitsPerClaim: 2,
      renderThreads: 1,
      pollIntervalMs: 300,
      benchmarkScore: 150,
      verifyFrames: 1,
      renderTimeoutMs: 120_000,
      memoryLimitMb: 4096,
    });
    const loggerOf = (i: number, run = 1) =>
      createDaemonLogger({
        level: 'debug',
        format: 'json',
        destination: logStream,
        base: { daemon: `node${i + 1}`, run },
      });
    const crash = new AbortController();
    let crashedClaim: bigint | undefined;
    const started = await Promise.all(
      [0, 1, 2].map((i) =>
        startNodeDaemon(optionsOf(i), {
          logger: loggerOf(i),
          ...(i === 0
            ? {
                signal: crash.signal,
                hooks: {
                  afterCommit: (claimId: bigint) => {
                    if (crashedClaim !== undefined) return;
                    crashedClaim = claimId;
                    crash.abort();
                  },
                },
              }
            : {}),
        }),
      ),
    );
    daemons.push(...started);
    const balancesBefore = await Promise.all([1, 2, 3].map((k) => balanceOf(addr(k))));
    for (const d of started) assert.equal(d.status().state, 'running');

    // The requester creates the job (approve + createJob).
    const params = manifestToJobParams(manifest, { claimTtl: 3600 });
    await send(
      KEYS[4] as Hex,
      {
        address: token,
        abi: gridlightTokenAbi,
        functionName: 'approve',
        args: [market, parseEther('6')],
      } as never,
    );
    const created = await send(
      KEYS[4] as Hex,
      {
        address: market,
        abi: jobMarketAbi,
        functionName: 'createJob',
        args: [params],
      } as never,
    );
    assert.ok(created.logs.length > 0);
    const jobId = await publicClient.readContract({
      address: market,
      abi: jobMarketAbi,
      functionName: 'jobCount',
    });

    try {
      // Crash between commit and reveal, then restart from the same work dir.
      const first = started[0] as NodeDaemon;
      await waitFor('node1 to stop after its commit', 120_000, async () =>
        first.status().state === 'stopped' ? true : undefined,
      );
      const claimId = crashedClaim as bigint;
      assert.ok(claimId !== undefined);
      const journalText = await readFile(join(optionsOf(0).workDir, 'journal.jsonl'), 'utf8');
      const lines = parseJournal(journalText).entries.filter((e) => e.claimId === String(claimId));
      const intents = lines.filter((e) => e.t === 'commit-intent');
      assert.equal(intents.length, 1);
      assert.ok(lines.some((e) => e.t === 'committed'));
      assert.ok(!lines.some((e) => e.t === 'revealed'));
      const salt = (intents[0] as { salt: Hex }).salt;
      const before = await publicClient.readContract({
        address: market,
        abi: jobMarketAbi,
        functionName: 'claimOf',
        args: [claimId],
      });
      assert.equal(before.status, 2, 'Committed on chain while the node is down');

      const restarted = await startNodeDaemon(optionsOf(0), { logger: loggerOf(0, 2) });
      daemons.push(restarted);

      // Every task accepted: the daemons did the verifier duties.
      await waitFor('all units accepted', 200_000, async () => {
        const job = await publicClient.readContract({
          address: market,
          abi: jobMarketAbi,
          functionName: 'jobOf',
          args: [jobId],
        });
        return job.unitsAccepted === 6 ? job : undefined;
      });

      // The crashed claim was revealed with the journaled salt, and committed exactly once.
      const latest = await publicClient.getBlockNumber();
      const node1 = addr(1).toLowerCase();
      let commits = 0;
      let revealSalt: Hex | undefined;
      for (let b = BigInt(deployment.startBlock); b <= latest; b++) {
        const block = await publicClient.getBlock({ blockNumber: b, includeTransactions: true });
        for (const tx of block.transactions) {
          if (tx.from.toLowerCase() !== node1 || tx.to?.toLowerCase() !== market.toLowerCase())
            continue;
          const call = decodeFunctionData({ abi: jobMarketAbi, data: tx.input });
          if (call.functionName === 'commit' && call.args[0] === claimId) commits++;
          if (call.functionName === 'reveal' && call.args[0] === claimId) revealSalt = call.args[2];
        }
      }
      assert.equal(commits, 1, 'one commit transaction for the crashed claim');
      assert.equal(revealSalt, salt, 'revealed with the journaled salt');

      await send(
        KEYS[4] as Hex,
        {
          address: market,
          abi: jobMarketAbi,
          functionName: 'finalizeJob',
          args: [jobId],
        } as never,
      );
      const job = await publicClient.readContract({
        address: market,
        abi: jobMarketAbi,
        functionName: 'jobOf',
        args: [jobId],
      });
      assert.equal(job.status, 3, 'Completed');

      // Result indexes, found through each worker's registry endpoint.
      const accepted = await publicClient.getContractEvents({
        address: market,
        abi: jobMarketAbi,
        eventName: 'TaskAccepted',
        args: { jobId },
        fromBlock: BigInt(deployment.startBlock),
      });
      const claimed = await publicClient.getContractEvents({
        address: market,
        abi: jobMarketAbi,
        eventName: 'UnitsClaimed',
        args: { jobId },
        fromBlock: BigInt(deployment.startBlock),
      });
      const nodes = [addr(1), addr(2), addr(3)];
      const tasks: { k: number; tree: ClaimTree; index: ResultIndex }[] = [];
      for (const event of accepted) {
        const taskId = event.args.taskIndex as bigint;
        const claimsOfTask = claimed.filter((c) => c.args.taskIndex === taskId);
        let found: ResultIndex | undefined;
        for (const c of claimsOfTask) {
          const onChain = await publicClient.readContract({
            address: market,
            abi: jobMarketAbi,
            functionName: 'claimOf',
            args: [c.args.claimId as bigint],
          });
          if (onChain.status !== 4) continue; // Accepted
          const daemonIndex = nodes.findIndex(
            (n) => n.toLowerCase() === onChain.node.toLowerCase(),
          );
          const res = await fetch(
            `http://127.0.0.1:${ports[daemonIndex]}/results/${c.args.claimId}`,
          );
          assert.equal(res.status, 200);
          const { resultIndexCid } = (await res.json()) as { resultIndexCid: string };
          found = decodeResultIndex(await storage.get(resultIndexCid));
          assert.equal(found.root, event.args.resultRoot);
        }
        assert.ok(found, `result index of task ${taskId}`);
        tasks.push({
          k: Number(event.args.acceptedIndex),
          tree: claimTree(found.frames.map((f) => ({ index: f.unit, pixelHash: f.pixelHash }))),
          index: found,
        });
      }
      tasks.sort((a, b) => a.k - b.k);
      const tree = jobTree(tasks.map((t) => rangeLeaf(t.index.start, t.index.count, t.tree.root)));
      assert.equal(tree.root, job.framesRoot);

      // Pixel hashes equal a direct render of the same frames; the certificate proves each.
      const direct = await renderFrames({
        blendPath: scenePath,
        jobDir: sceneDir,
        frames: [1, 2, 3, 4, 5, 6],
        samples: SAMPLES,
        seed: 0,
        resolution: RESOLUTION,
        device: 'CPU',
        threads: 1,
        timeoutMs: 120_000,
        memoryLimitMb: 4096,
      });
      const expected = new Map<number, Uint8Array>();
      for (const f of direct.frames) expected.set(f.frame, await readFile(f.path));
      let frames = 0;
      let exact = 0;
      for (const t of tasks) {
        for (const f of t.index.frames) {
          frames++;
          const png = await storage.get(f.cid);
          assert.equal(pixelHash(png), f.pixelHash);
          const reference = expected.get(f.frame) as Uint8Array;
          if (pixelHash(reference) === f.pixelHash) {
            exact++;
          } else {
            // Cycles on one thread is bit-identical run to run except, about one pair in ten,
            // a single pixel one 8-bit level off (measured in renderFrames.test.ts). Allow
            // exactly that, and say so; anything more is a real mismatch.
            const { count, max } = pixelDifference(decodePng(png), decodePng(reference));
            ctx.diagnostic(`frame ${f.frame}: ${count} pixel(s) differ by at most ${max} level(s)`);
            assert.ok(
              max <= 1 && count <= 2,
              `pixel hash of frame ${f.frame}: ${count} pixels differ, max ${max}`,
            );
          }
          const proof = frameProof({ claim: t.tree, job: tree, k: t.k, index: f.unit });
          const ok = await publicClient.readContract({
            address: deployment.RenderCertificate,
            abi: renderCertificateAbi,
            functionName: 'verifyFrame',
            args: [jobId, BigInt(f.unit), f.pixelHash, proof],
          });
          assert.equal(ok, true, `certificate verifies frame ${f.frame}`);
        }
      }
      assert.equal(frames, 6);
      ctx.diagnostic(`${exact} of 6 frames bit-identical to a direct render`);

      // Everyone who worked or verified was paid.
      const balancesAfter = await Promise.all([1, 2, 3].map((k) => balanceOf(addr(k))));
      const paid = await publicClient.getContractEvents({
        address: market,
        abi: jobMarketAbi,
        eventName: 'ClaimPaid',
        args: { jobId },
        fromBlock: BigInt(deployment.startBlock),
      });
      for (const [i, n] of nodes.entries()) {
        const worked = paid.some((p) => p.args.node?.toLowerCase() === n.toLowerCase());
        if (worked) {
          assert.ok(
            (balancesAfter[i] as bigint) > (balancesBefore[i] as bigint),
            `node${i + 1} was paid`,
          );
        }
      }
      assert.ok(
        balancesAfter.reduce((a, b) => a + b, 0n) > balancesBefore.reduce((a, b) => a + b, 0n),
        'node balances rose',
      );
      const metrics = await (await fetch(`http://127.0.0.1:${ports[1]}/metrics`)).text();
      assert.match(metrics, /units_rendered_total \d+/);
      assert.match(metrics, /earnings_wei_total \d+/);
    } catch (error) {
      logStream.end();
      const text = await readFile(logFile, 'utf8').catch(() => '');
      process.stderr.write(
        `--- daemon logs (tail) ---\n${text.split('\n').slice(-80).join('\n')}\n`,
      );
      throw error;
    }
  });
});
