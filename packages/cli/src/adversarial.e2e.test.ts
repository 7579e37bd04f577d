// Adversarial end to end (issue #5, scenario 2) with real components: anvil, the deployed
// protocol, the storage gateway and three honest node daemons that render and verify with
// Blender. A fourth, cheating node is driven by this test through the SDK: it claims a range,
// publishes noisy frames with a matching result index, commits and reveals their root. The
// drawn verifier re-renders crops and rejects; after the contest window `settle` slashes the
// cheater, pays the verifier, re-queues the units; an honest daemon renders them and the job
// completes. Every token is accounted for.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  encodePng,
  generateSampleScene,
  type RgbaImage,
  readPng,
  renderFrames,
} from '@gridlight/node';
import {
  claim,
  claimTree,
  commitResult,
  createGridlightClient,
  finalizeJob,
  type GridlightClient,
  getClaim,
  getJob,
  getTask,
  gridlightTokenAbi,
  jobMarketAbi,
  pixelHash,
  registerNode,
  revealResult,
  settle,
  stake,
  stakingAbi,
  transferTokens,
} from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import { type Address, type Hex, parseEther, parseEventLogs, toHex, zeroAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { devnetKey } from './devnet/accounts.js';
import { type Devnet, startDevnet } from './devnet/devnet.js';
import { submitJob } from './jobs.js';
import { createOutput, glt } from './output.js';
import { freePort, rpc as rpcAt } from './testing/harness.js';

const FRAMES = '1-6';
const UNITS = 6;
/** High enough that the cheater's collateral is most of its stake (see CHEATER_STAKE). */
const PRICE = parseEther('1000');
const SAMPLES = 8;
const SEED = 3;
const RES: [number, number] = [160, 90];
const CHEAT_UNITS = 2;
/** ±this on every channel of the honest render: far below the spot-check's SSIM floor. */
const NOISE = 40;
const CHEATER_INDEX = 7;
const BPS = 10_000n;
const NODE_STAKE = parseEther('50000');

/** Polls `check` until it returns a value, or fails with `what` after `timeoutMs`. */
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
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Adds uniform noise of ±amplitude to every colour channel (deterministic, alpha kept). */
function addNoise(image: RgbaImage, amplitude: number, seed: number): RgbaImage {
  const data = new Uint8Array(image.data);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    if (i % 4 === 3) continue;
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const noise = ((state >>> 0) % (2 * amplitude + 1)) - amplitude;
    data[i] = Math.max(0, Math.min(255, (data[i] ?? 0) + noise));
  }
  return { width: image.width, height: image.height, data };
}

let dir: string;
let devnet: Devnet;
let requester: GridlightClient;
let deployer: GridlightClient;
let cheater: GridlightClient;
let endpoint: Server;
/** claimId → result index CID, served like a daemon's `GET /results/<claimId>`. */
const published = new Map<string, string>();
const controller = new AbortController();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridlight-adv-'));
  devnet = await startDevnet(
    {
      port: await freePort(),
      storagePort: await freePort(),
      metricsPortBase: 19_400,
      nodes: 3,
      stakePerNode: NODE_STAKE,
      stateDir: join(dir, 'state'),
      signal: controller.signal,
    },
    createOutput({ json: true }),
  );
  const open = (account: Hex) =>
    createGridlightClient({
      rpcUrl: devnet.rpcUrl,
      deploymentFile: devnet.deploymentFile,
      account,
    });
  requester = await open(devnet.requesterKey);
  deployer = await open(devnetKey(0));
  cheater = await open(devnetKey(CHEATER_INDEX));
  endpoint = createHttpServer((req, res) => {
    const id = /^\/results\/(\d+)$/.exec(req.url ?? '')?.[1];
    const cid = id ? published.get(id) : undefined;
    res.writeHead(cid ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(cid ? { claimId: id, resultIndexCid: cid } : { error: 'not found' }));
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  controller.abort();
  await new Promise((resolve) => endpoint?.close(resolve));
  await devnet?.stop();
  await rm(dir, { recursive: true, force: true });
});

const rpc = (method: string, params: unknown[]) => rpcAt(devnet.rpcUrl, method, params);

test('a node that fakes frames is rejected by a re-rendering verifier, slashed, and its units re-rendered', async (t) => {
  const started = performance.now();
  const { publicClient, deployment } = requester;
  const fromBlock = BigInt(deployment.startBlock);
  const token = { address: deployment.GridlightToken, abi: gridlightTokenAbi } as const;
  const market = { address: deployment.JobMarket, abi: jobMarketAbi } as const;
  const staking = { address: deployment.Staking, abi: stakingAbi } as const;
  const balanceOf = (who: Address, blockNumber?: bigint) =>
    publicClient.readContract({ ...token, functionName: 'balanceOf', args: [who], blockNumber });
  const supplyAt = (blockNumber?: bigint) =>
    publicClient.readContract({ ...token, functionName: 'totalSupply', blockNumber });
  const daemons = devnet.nodeAddresses.map((a) => a.toLowerCase());
  const cheaterAddress = privateKeyToAccount(devnetKey(CHEATER_INDEX)).address;

  const security = await publicClient.readContract({ ...market, functionName: 'securityParams' });
  const [slashBurnBps, slashChallengerBps] = await publicClient.readContract({
    ...staking,
    functionName: 'slashSplit',
  });
  const [treasury, insurancePool] = await publicClient.readContract({
    ...market,
    functionName: 'receivers',
  });
  const collateral = (PRICE * BigInt(CHEAT_UNITS) * BigInt(security.collateralBps)) / BPS;
  // The cheater stakes its collateral plus half a verifier bond: once its claim locks the
  // collateral it cannot be drawn as a verifier (free stake < verifierBond), so it can never
  // stall an honest claim by sitting on a verify duty (that is scenario 3's business).
  const cheaterStake = collateral + security.verifierBond / 2n;

  const scene = join(dir, 'sample.blend');
  await generateSampleScene(scene);

  // ---- before: every balance that moves from here on is read at this block.
  const blockBefore = await publicClient.getBlockNumber();
  const supplyBefore = await supplyAt(blockBefore);
  const accruedBefore = await publicClient.readContract({
    ...market,
    functionName: 'accruedFees',
    blockNumber: blockBefore,
  });

  // ---- the cheater: funded and staked from the deployer, registered with its own endpoint.
  await transferTokens(deployer, { to: cheaterAddress, amount: cheaterStake });
  await stake(cheater, { amount: cheaterStake });
  await registerNode(cheater, {
    gpuModel: 'Honest GPU, really',
    vramMb: 24_576,
    benchmarkScore: 50,
    encryptionKey: toHex(new Uint8Array(32).fill(7)),
    region: 'DE',
    endpoint: `http://127.0.0.1:${(endpoint.address() as { port: number }).port}`,
  });

  // ---- the job, and the cheater's claim right after it (before the daemons' poll).
  const storage = new StorageClient(devnet.storageUrl);
  const { jobId, budget, manifest } = await submitJob(requester, storage, {
    scenePath: scene,
    frames: FRAMES,
    width: RES[0],
    height: RES[1],
    samples: SAMPLES,
    seed: SEED,
    pricePerUnit: PRICE,
    // The contest window is skipped by moving the chain's clock: keep deadline and claim TTL
    // far beyond it so no honest claim expires and no payout is late.
    deadlineSeconds: 7 * 86_400,
    verification: 'spot-check',
    replication: 1,
    minTier: 0,
    claimTtl: 86_400,
  });
  assert.equal(budget, PRICE * BigInt(UNITS));
  const cheat = await claim(cheater, { jobId, maxUnits: CHEAT_UNITS });
  assert.equal(
    cheat.count,
    CHEAT_UNITS,
    `the cheater claimed right after createJob but got ${cheat.count} units (daemons first?)`,
  );
  assert.equal(cheat.collateral, collateral);
  const cheaterFree = await publicClient.readContract({
    ...staking,
    functionName: 'freeStakeOf',
    args: [cheaterAddress],
  });
  assert.ok(cheaterFree < security.verifierBond, 'the cheater cannot be drawn as a verifier');

  // ---- fabricate: the honest render with strong noise, published like an honest node.
  const cheatDir = join(dir, 'cheater');
  await mkdir(cheatDir, { recursive: true });
  await copyFile(scene, join(cheatDir, 'scene.blend'));
  const units = Array.from({ length: cheat.count }, (_, p) => cheat.start + p);
  const frameOf = (unit: number) => Number(FRAMES.split('-')[0]) + unit;
  const honest = await renderFrames({
    blendPath: join(cheatDir, 'scene.blend'),
    jobDir: cheatDir,
    frames: units.map(frameOf),
    samples: manifest.samples,
    seed: manifest.seed,
    resolution: RES,
    device: 'CPU',
    timeoutMs: 120_000,
    memoryLimitMb: 4096,
  });
  const fakes: { unit: number; frame: number; pixelHash: Hex; cid: string }[] = [];
  for (const [p, rendered] of honest.frames.entries()) {
    const unit = units[p] as number;
    const png = encodePng(addNoise(await readPng(rendered.path), NOISE, unit + 1));
    const honestHash = pixelHash(await readFile(rendered.path));
    const fakeHash = pixelHash(png);
    assert.notEqual(fakeHash, honestHash);
    fakes.push({ unit, frame: frameOf(unit), pixelHash: fakeHash, cid: await storage.put(png) });
  }
  const tree = claimTree(fakes.map((f) => ({ index: f.unit, pixelHash: f.pixelHash })));
  const index = {
    version: 1,
    jobId: String(jobId),
    claimId: String(cheat.claimId),
    start: cheat.start,
    count: cheat.count,
    root: tree.root,
    frames: fakes,
  };
  published.set(
    String(cheat.claimId),
    await storage.put(new TextEncoder().encode(JSON.stringify(index))),
  );
  const { salt } = await commitResult(cheater, { claimId: cheat.claimId, resultRoot: tree.root });
  const revealed = await revealResult(cheater, {
    claimId: cheat.claimId,
    resultRoot: tree.root,
    salt,
  });
  const verifier = revealed.verifier.toLowerCase();
  assert.ok(
    daemons.includes(verifier),
    `the verifier drawn (${revealed.verifier}) is one of the honest daemons`,
  );
  const verifierNo = daemons.indexOf(verifier) + 1;

  // ---- the verifier re-renders crops and rejects, within its window.
  const verdict = await waitUntil('the VerdictPosted of the cheating claim', 150_000, async () => {
    const [log] = await publicClient.getContractEvents({
      ...market,
      eventName: 'VerdictPosted',
      args: { claimId: cheat.claimId },
      fromBlock,
    });
    return log;
  });
  assert.equal(verdict.args.accepted, false, 'the verifier rejected the fake frames');
  assert.equal(verdict.args.verifier?.toLowerCase(), verifier);
  const verdictBlock = await publicClient.getBlock({ blockNumber: verdict.blockNumber });
  assert.ok(verdictBlock.timestamp <= revealed.windowEnds, 'the verdict came within the window');
  // Why: the daemon logs the reason; it must be the SSIM re-render, not missing data.
  const log = await readFile(devnet.nodeLogs[verifierNo - 1] as string, 'utf8');
  const reason = log
    .split('\n')
    .filter((l) => l.includes(`verdict on claim ${cheat.claimId}:`))
    .map((l) => (JSON.parse(l) as { msg: string }).msg)[0];
  assert.match(reason ?? '', /reject \(frame \d+ failed the spot-check/, `verdict: ${reason}`);

  // ---- the honest units finish; the rejected task waits out its contest window.
  await waitUntil('the honest units to be accepted', 240_000, async () => {
    const job = await getJob(requester, { jobId });
    return job.unitsAccepted === UNITS - cheat.count ? job : undefined;
  });
  const rejected = await getTask(requester, { jobId, taskIndex: cheat.taskIndex });
  assert.equal(rejected.status, 'Rejected');
  await assert.rejects(settle(deployer, { claimId: cheat.claimId }), /WindowOpen/);
  const now = (await publicClient.getBlock()).timestamp;
  const skip = BigInt(rejected.windowEnds) - now + 1n;
  assert.ok(skip <= BigInt(security.contestWindow) + 1n);
  await rpc('evm_increaseTime', [Number(skip)]);
  await rpc('anvil_mine', ['0x1']);

  // ---- settle: slash, pay the verifier, re-queue.
  const cheaterBefore = await publicClient.readContract({
    ...staking,
    functionName: 'accountOf',
    args: [cheaterAddress],
  });
  const settled = await settle(deployer, { claimId: cheat.claimId });
  const receipt = await publicClient.getTransactionReceipt({ hash: settled.hash });
  const [slash] = parseEventLogs({ abi: stakingAbi, logs: receipt.logs, eventName: 'Slashed' });
  const [requeued] = parseEventLogs({
    abi: jobMarketAbi,
    logs: receipt.logs,
    eventName: 'TaskRequeued',
  });
  assert.ok(slash && requeued, 'settle slashed and re-queued');
  const expectedSlash = (collateral * BigInt(security.rejectSlashBps)) / BPS;
  const s = slash.args;
  assert.equal(s.node, cheaterAddress);
  assert.equal(s.amount, expectedSlash, 'rejectSlashBps × collateral');
  assert.equal(s.challenger?.toLowerCase(), verifier, 'the verifier is the slash beneficiary');
  assert.equal(s.toChallenger, (expectedSlash * BigInt(slashChallengerBps)) / BPS);
  assert.equal(s.burned, (expectedSlash * BigInt(slashBurnBps)) / BPS);
  assert.equal(s.toInsurance, expectedSlash - (s.burned ?? 0n) - (s.toChallenger ?? 0n));
  const cheaterAfter = await publicClient.readContract({
    ...staking,
    functionName: 'accountOf',
    args: [cheaterAddress],
  });
  assert.equal(cheaterBefore.bonded - cheaterAfter.bonded, expectedSlash, "the cheater's stake");
  assert.equal(cheaterAfter.locked, 0n, 'its collateral lock was released');
  assert.deepEqual(
    [Number(requeued.args.start), Number(requeued.args.count)],
    [cheat.start, cheat.count],
    'the whole fake range is re-queued',
  );
  assert.equal((await getClaim(requester, { claimId: cheat.claimId })).status, 'Rejected');

  // ---- the daemons pick the re-queued units up (chain clock now ahead of the wall clock).
  await waitUntil('the re-queued units to be re-rendered and accepted', 180_000, async () => {
    const job = await getJob(requester, { jobId });
    return job.unitsAccepted === UNITS ? job : undefined;
  });
  await finalizeJob(requester, { jobId });
  assert.equal((await getJob(requester, { jobId })).status, 'Completed');
  const wallet = requester.walletClient;
  assert.ok(wallet);
  const distributed = await wallet.writeContract({
    ...market,
    functionName: 'distributeFees',
    account: wallet.account,
    chain: wallet.chain,
  });
  await publicClient.waitForTransactionReceipt({ hash: distributed });

  // ---- who was paid for what.
  const paid = await publicClient.getContractEvents({
    ...market,
    eventName: 'ClaimPaid',
    args: { jobId },
    fromBlock,
  });
  const claimed = await publicClient.getContractEvents({
    ...market,
    eventName: 'UnitsClaimed',
    args: { jobId },
    fromBlock,
  });
  const verdicts = await publicClient.getContractEvents({
    ...market,
    eventName: 'VerdictPosted',
    args: { jobId },
    fromBlock,
  });
  const payoutOf = new Map<string, bigint>();
  const credit = (who: string, amount: bigint) =>
    payoutOf.set(who.toLowerCase(), (payoutOf.get(who.toLowerCase()) ?? 0n) + amount);
  const paidUnits = new Map<number, { node: string; claimId: bigint }>();
  let total = 0n;
  let feeBurn = 0n;
  for (const { args: a } of paid) {
    const node = (a.node as string).toLowerCase();
    assert.notEqual(node, cheaterAddress.toLowerCase(), 'the cheater is never paid');
    assert.ok(daemons.includes(node), `claim ${a.claimId} paid to an honest daemon`);
    const c = claimed.find((e) => e.args.claimId === a.claimId)?.args;
    assert.ok(c, `UnitsClaimed of claim ${a.claimId}`);
    for (let u = Number(c.start); u < Number(c.start) + Number(c.count); u++) {
      assert.ok(!paidUnits.has(u), `unit ${u} paid twice`);
      paidUnits.set(u, { node, claimId: a.claimId as bigint });
    }
    total +=
      (a.nodeAmount ?? 0n) +
      (a.treasury ?? 0n) +
      (a.burned ?? 0n) +
      (a.insurance ?? 0n) +
      (a.integrator ?? 0n) +
      (a.verifier ?? 0n) +
      (a.refunded ?? 0n);
    feeBurn += a.burned ?? 0n;
    credit(node, a.nodeAmount ?? 0n);
    if ((a.verifier ?? 0n) > 0n) {
      const v = verdicts.find((e) => e.args.claimId === a.claimId && e.args.accepted);
      assert.ok(v, `a verifier accepted claim ${a.claimId}`);
      assert.notEqual(v.args.verifier, cheaterAddress);
      credit(v.args.verifier as string, a.verifier ?? 0n);
    }
  }
  credit(verifier, s.toChallenger ?? 0n);
  assert.equal(total, budget, 'the escrow paid exactly the budget, all of it for accepted work');
  assert.deepEqual(
    [...paidUnits.keys()].sort((x, y) => x - y),
    Array.from({ length: UNITS }, (_, i) => i),
    'every unit paid exactly once',
  );
  const rerendered = units.map((u) => paidUnits.get(u));
  for (const [p, r] of rerendered.entries()) {
    assert.ok(r && r.claimId > cheat.claimId, `unit ${units[p]} re-rendered by a later claim`);
  }

  // ---- every token accounted for.
  const blockAfter = await publicClient.getBlockNumber();
  const transfers = await publicClient.getContractEvents({
    ...token,
    eventName: 'Transfer',
    fromBlock: blockBefore + 1n,
    toBlock: blockAfter,
  });
  let burned = 0n;
  let minted = 0n;
  const holders = new Set<Address>();
  for (const { args } of transfers) {
    if (args.to === zeroAddress) burned += args.value ?? 0n;
    else holders.add(args.to as Address);
    if (args.from === zeroAddress) minted += args.value ?? 0n;
    else holders.add(args.from as Address);
  }
  const fees = await publicClient.getContractEvents({
    ...market,
    eventName: 'FeesDistributed',
    fromBlock: blockBefore + 1n,
    toBlock: blockAfter,
  });
  const sum = (f: (a: (typeof fees)[number]['args']) => bigint | undefined) =>
    fees.reduce((acc, e) => acc + (f(e.args) ?? 0n), 0n);
  assert.equal(
    sum((a) => a.burned),
    accruedBefore[2] + feeBurn,
    'fee burns as accrued',
  );
  assert.equal(burned, (s.burned ?? 0n) + sum((a) => a.burned), 'burns: slash + fee burn');
  assert.equal(minted, 0n, 'nothing minted during the scenario');
  const supplyAfter = await supplyAt(blockAfter);
  assert.equal(supplyBefore - supplyAfter, burned, 'supply fell by exactly what was burned');

  const tracked = [...holders];
  const before = await Promise.all(tracked.map((a) => balanceOf(a, blockBefore)));
  const afterBalances = await Promise.all(tracked.map((a) => balanceOf(a, blockAfter)));
  const delta = (who: Address) => {
    const i = tracked.findIndex((a) => a.toLowerCase() === who.toLowerCase());
    return i < 0 ? 0n : (afterBalances[i] ?? 0n) - (before[i] ?? 0n);
  };
  const sumBefore = before.reduce((x, y) => x + y, 0n);
  const sumAfter = afterBalances.reduce((x, y) => x + y, 0n);
  assert.equal(sumBefore - sumAfter, burned - minted, 'Σ balances + burned is conserved');
  assert.equal(delta(requester.account?.address as Address), -budget, 'the requester paid');
  assert.equal(delta(cheaterAddress), 0n, 'the cheater received nothing');
  assert.equal(delta(deployer.account?.address as Address), -cheaterStake);
  assert.equal(delta(deployment.Staking), cheaterStake - expectedSlash, 'staking contract');
  assert.equal(
    delta(deployment.JobMarket),
    -(accruedBefore[0] + accruedBefore[1] + accruedBefore[2]),
  );
  // The devnet deploys with the timelock as both treasury and insurance pool.
  const sameReceiver = treasury.toLowerCase() === insurancePool.toLowerCase();
  assert.equal(
    delta(insurancePool),
    (s.toInsurance ?? 0n) + sum((a) => a.insurance) + (sameReceiver ? sum((a) => a.treasury) : 0n),
    'insurance pool: slash share + distributed insurance fees',
  );
  if (!sameReceiver)
    assert.equal(
      delta(treasury),
      sum((a) => a.treasury),
      'treasury',
    );
  for (const [i, node] of devnet.nodeAddresses.entries()) {
    assert.equal(delta(node), payoutOf.get(node.toLowerCase()) ?? 0n, `balance of node ${i + 1}`);
  }

  // No stake is left locked (collateral and the verifier's bond released); honest stakes intact.
  for (const [i, node] of devnet.nodeAddresses.entries()) {
    const account = await publicClient.readContract({
      ...staking,
      functionName: 'accountOf',
      args: [node],
    });
    assert.equal(account.locked, 0n, `node ${i + 1} has nothing locked`);
    assert.equal(account.bonded, NODE_STAKE, `node ${i + 1} keeps its stake`);
  }

  // ---- the table the issue asks for.
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const reRenderers = [...new Set(rerendered.map((r) => daemons.indexOf(r?.node ?? '') + 1))];
  const rows = [
    ['scenario', 'outcome', 'tokens before', 'tokens after', 'time'],
    [
      `2. fake frames (honest render ±${NOISE} noise, units ${cheat.start}-${cheat.start + cheat.count - 1})`,
      `rejected by node-${verifierNo} (${reason?.replace(/^.*reject \(/, '').replace(/\)$/, '')}); ` +
        `slashed ${glt(expectedSlash)} = ${glt(s.burned ?? 0n)} burned + ${glt(s.toChallenger ?? 0n)} to the verifier + ${glt(s.toInsurance ?? 0n)} insurance; ` +
        `re-rendered by node-${reRenderers.join(', node-')}; job completed; requester paid ${glt(budget)} for ${UNITS} accepted units, cheater 0`,
      `supply ${glt(supplyBefore)}; Σ ${tracked.length} holders ${glt(sumBefore)}`,
      `supply ${glt(supplyAfter)}; Σ holders ${glt(sumAfter)}; burned ${glt(burned)}`,
      `${seconds} s`,
    ],
  ];
  for (const row of rows) t.diagnostic(row.join(' | '));
});
