// Buy-back and burn by governance against a real anvil: Uniswap V2 from its npm artifacts, a
// seeded GLT/USD pool, a treasury (the timelock) holding dollars; one proposal approves, swaps
// and burns; the supply, the pool and the treasury move exactly as constant-product says.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createGridlightClient, type GridlightClient, gridlightTokenAbi } from '@gridlight/sdk';
import { type Address, parseEther } from 'viem';
import { devnetKey } from './devnet/accounts.js';
import { deployProtocol, startAnvil } from './devnet/chain.js';
import type { Managed } from './devnet/processes.js';
import { type Amm, devnetUsdAbi, setUpAmm, uniswapV2Abi } from './devnet/uniswap.js';
import { main } from './main.js';
import { freePort, rpc as rpcAt, Sink } from './testing/harness.js';

let dir: string;
let anvil: Managed & { rpcUrl: string };
let deploymentFile: string;
let deployer: GridlightClient;
let amm: Amm;

const rpc = (method: string, params: unknown[]) => rpcAt(anvil.rpcUrl, method, params);

/** Runs the CLI in-process as the deployer (who holds the genesis supply). */
async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(
    [
      ...argv,
      '--rpc-url',
      anvil.rpcUrl,
      '--deployment',
      deploymentFile,
      '--private-key',
      devnetKey(0),
    ],
    { stdout, stderr },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const balanceOf = async (token: Address, who: Address): Promise<bigint> =>
  await deployer.publicClient.readContract({
    address: token,
    abi: devnetUsdAbi,
    functionName: 'balanceOf',
    args: [who],
  });

const gltSupply = async (): Promise<bigint> =>
  await deployer.publicClient.readContract({
    address: amm.glt,
    abi: gridlightTokenAbi,
    functionName: 'totalSupply',
  });

/** The pool's reserves as { glt, usd }, whichever is token0. */
async function reserves(): Promise<{ glt: bigint; usd: bigint }> {
  const [r0, r1] = await deployer.publicClient.readContract({
    address: amm.pair,
    abi: uniswapV2Abi,
    functionName: 'getReserves',
  });
  const token0 = await deployer.publicClient.readContract({
    address: amm.pair,
    abi: uniswapV2Abi,
    functionName: 'token0',
  });
  return token0.toLowerCase() === amm.glt.toLowerCase()
    ? { glt: r0, usd: r1 }
    : { glt: r1, usd: r0 };
}

/** Votes a proposal through, queues it and waits out the 60 s timelock. */
async function passAndQueue(proposalId: string): Promise<void> {
  await rpc('anvil_mine', ['0x2']);
  const voted = await cli('gov', 'vote', proposalId, 'for');
  assert.equal(voted.code, 0, voted.stderr);
  await rpc('anvil_mine', ['0xb']);
  const queued = await cli('gov', 'queue', proposalId);
  assert.equal(queued.code, 0, queued.stderr);
  await rpc('evm_increaseTime', [61]);
  await rpc('anvil_mine', ['0x1']);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridlight-buyback-'));
  anvil = await startAnvil(await freePort(), join(dir, 'anvil.log'));
  deploymentFile = join(dir, 'deployment.json');
  await deployProtocol(anvil.rpcUrl, deploymentFile, {
    votingPeriodBlocks: 10,
    timelockDelaySeconds: 60,
  });
  deployer = await createGridlightClient({
    rpcUrl: anvil.rpcUrl,
    deploymentFile,
    account: devnetKey(0),
  });
  // The CLI finds amm.json beside the deployment file, as on the devnet.
  amm = await setUpAmm(deployer, join(dir, 'amm.json'));
  // The treasury's dollars: devnet mint by DevnetUSD's owner (the deployer).
  const wallet = deployer.walletClient;
  assert.ok(wallet);
  const hash = await wallet.writeContract({
    address: amm.usd,
    abi: devnetUsdAbi,
    functionName: 'mint',
    args: [deployer.deployment.TimelockController, parseEther('50000')],
  });
  await deployer.publicClient.waitForTransactionReceipt({ hash });
  assert.equal((await cli('gov', 'delegate')).code, 0);
  await rpc('anvil_mine', ['0x1']);
});

after(async () => {
  await anvil?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('the seeded pool prices GLT at 1 USD', async () => {
  const r = await reserves();
  assert.equal(r.glt, parseEther('1000000'));
  assert.equal(r.usd, parseEther('1000000'));
});

test('a buy-back proposal swaps treasury dollars for GLT and burns it', async () => {
  const timelock = deployer.deployment.TimelockController;
  const amountIn = parseEther('10000');
  const proposed = await cli('gov', 'buyback', '--usd', '10000', '--json');
  assert.equal(proposed.code, 0, proposed.stderr);
  const { proposalId, minGlt, burn } = JSON.parse(proposed.stdout) as {
    proposalId: string;
    minGlt: string;
    burn: string;
  };
  assert.equal(burn, minGlt);
  await passAndQueue(proposalId);

  const before = {
    supply: await gltSupply(),
    reserves: await reserves(),
    usd: await balanceOf(amm.usd, timelock),
    glt: await balanceOf(amm.glt, timelock),
  };
  // Uniswap V2's getAmountOut: the 0.3 % fee stays in the pool.
  const amountOut =
    (amountIn * 997n * before.reserves.glt) / (before.reserves.usd * 1000n + amountIn * 997n);
  assert.ok(BigInt(minGlt) <= amountOut, 'the default slippage leaves room under the quote');

  const executed = await cli('gov', 'execute', proposalId);
  assert.equal(executed.code, 0, executed.stderr);

  const burned = BigInt(minGlt);
  assert.equal(await gltSupply(), before.supply - burned, 'supply fell by exactly the burn');
  const afterReserves = await reserves();
  assert.equal(afterReserves.usd, before.reserves.usd + amountIn);
  assert.equal(afterReserves.glt, before.reserves.glt - amountOut);
  assert.ok(
    afterReserves.usd * afterReserves.glt >= before.reserves.usd * before.reserves.glt,
    'k never falls',
  );
  assert.equal(await balanceOf(amm.usd, timelock), before.usd - amountIn);
  // What the pool gave above the minimum stays in the treasury.
  assert.equal(await balanceOf(amm.glt, timelock), before.glt + amountOut - burned);
  const status = await cli('gov', 'status', proposalId, '--json');
  assert.equal((JSON.parse(status.stdout) as { state: string }).state, 'Executed');
});

test('a buy-back asking more GLT than the pool gives fails at execution with one line', async () => {
  const proposed = await cli('gov', 'buyback', '--usd', '1000', '--min-glt', '5000', '--json');
  assert.equal(proposed.code, 0, proposed.stderr);
  const { proposalId } = JSON.parse(proposed.stdout) as { proposalId: string };
  await passAndQueue(proposalId);
  const supply = await gltSupply();
  const poolBefore = await reserves();

  const failed = await cli('gov', 'execute', proposalId);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /INSUFFICIENT_OUTPUT_AMOUNT/);
  assert.equal(failed.stderr.trim().split('\n').length, 1, failed.stderr);
  assert.equal(await gltSupply(), supply, 'nothing burned');
  assert.deepEqual(await reserves(), poolBefore, 'the pool did not move');
  const status = await cli('gov', 'status', proposalId, '--json');
  assert.equal((JSON.parse(status.stdout) as { state: string }).state, 'Queued');
});

test('bad buy-back arguments are refused before any transaction', async () => {
  const missing = await cli('gov', 'buyback');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /--usd is required/);
  const bad = await cli('gov', 'buyback', '--usd', 'lots');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--usd must be a token amount/);
  const wrongAmm = await cli('gov', 'buyback', '--usd', '1', '--amm', join(dir, 'nope.json'));
  assert.equal(wrongAmm.code, 1);
  assert.match(wrongAmm.stderr, /Cannot read the AMM file/);
});
