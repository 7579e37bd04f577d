import { access, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { GridlightClient } from '@gridlight/sdk';
import {
  type Abi,
  type Address,
  getAddress,
  type Hex,
  isAddress,
  maxUint256,
  parseAbi,
  parseEther,
  zeroAddress,
} from 'viem';
import { z } from 'zod';
import { CliError } from '../errors.js';
import { foundryBinary, repoRoot } from './foundry.js';
import { run } from './processes.js';

const require = createRequire(import.meta.url);

/** Addresses of the devnet's Uniswap V2 market for GLT, written to `.devnet/amm.json`. */
export type Amm = {
  chainId: number;
  factory: Address;
  router: Address;
  weth: Address;
  /** The devnet's test dollar (DevnetUSD, 18 decimals). */
  usd: Address;
  glt: Address;
  /** The GLT/USD Uniswap V2 pair (its LP token too). */
  pair: Address;
};

const address = z
  .string()
  .refine((v) => isAddress(v, { strict: false }), 'must be a 20-byte hex address')
  .transform((v) => getAddress(v));

/** Shape of `amm.json`; kept apart from the protocol deployment JSON on purpose. */
export const ammSchema = z.object({
  chainId: z.number().int().positive(),
  factory: address,
  router: address,
  weth: address,
  usd: address,
  glt: address,
  pair: address,
});

/** The slice of Uniswap V2 and ERC-20 ABIs the devnet and the buy-back use. */
export const uniswapV2Abi = parseAbi([
  'function createPair(address tokenA, address tokenB) returns (address pair)',
  'function getPair(address tokenA, address tokenB) view returns (address pair)',
  'function addLiquidity(address tokenA, address tokenB, uint256 amountADesired, uint256 amountBDesired, uint256 amountAMin, uint256 amountBMin, address to, uint256 deadline) returns (uint256 amountA, uint256 amountB, uint256 liquidity)',
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[] amounts)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function token0() view returns (address)',
]);

export const devnetUsdAbi = parseAbi([
  'function mint(address to, uint256 amount)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function balanceOf(address account) view returns (uint256)',
  'function totalSupply() view returns (uint256)',
]);

type Artifact = { abi: Abi; bytecode: Hex };

/** Reads a compiled artifact from the published Uniswap npm packages. */
async function uniswapArtifact(pkg: string, name: string): Promise<Artifact> {
  const file = require.resolve(`${pkg}/build/${name}.json`);
  const json = JSON.parse(await readFile(file, 'utf8')) as { abi: Abi; bytecode: string };
  return { abi: json.abi, bytecode: `0x${json.bytecode.replace(/^0x/, '')}` };
}

/** DevnetUSD's forge artifact; built on demand (deployProtocol's forge script usually did). */
async function devnetUsdArtifact(): Promise<Artifact> {
  const contracts = join(repoRoot, 'contracts');
  const out = process.env.FOUNDRY_OUT ?? 'out';
  const file = join(contracts, out, 'DevnetUSD.sol', 'DevnetUSD.json');
  const built = await access(file).then(
    () => true,
    () => false,
  );
  if (!built) {
    await run(foundryBinary('forge'), ['build', 'src/devnet/DevnetUSD.sol'], {
      cwd: contracts,
      what: 'Building DevnetUSD',
    });
  }
  const json = JSON.parse(await readFile(file, 'utf8')) as {
    abi: Abi;
    bytecode: { object: Hex };
  };
  return { abi: json.abi, bytecode: json.bytecode.object };
}

function walletOf(client: GridlightClient) {
  const { walletClient } = client;
  if (!walletClient) throw new CliError('Deploying Uniswap needs an account (the deployer).');
  return walletClient;
}

async function deploy(
  client: GridlightClient,
  artifact: Artifact,
  args: readonly unknown[],
  what: string,
): Promise<Address> {
  const hash = await walletOf(client).deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    args: args as never,
  });
  const receipt = await client.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new CliError(`Deploying ${what} failed (transaction ${hash}).`);
  }
  return getAddress(receipt.contractAddress);
}

async function send(
  client: GridlightClient,
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[],
): Promise<void> {
  const wallet = walletOf(client);
  const { request } = await client.publicClient.simulateContract({
    address,
    abi,
    functionName,
    args,
    account: wallet.account,
  } as Parameters<typeof client.publicClient.simulateContract>[0]);
  const hash = await wallet.writeContract(request as Parameters<typeof wallet.writeContract>[0]);
  const receipt = await client.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new CliError(`${functionName} reverted (${hash}).`);
}

/**
 * Deploys Uniswap V2 (factory with the deployer as feeToSetter, WETH9, Router02) from the
 * published npm artifacts, plus DevnetUSD owned by the deployer, and creates the GLT/USD
 * pair. The pair's address comes from the factory, never from an init-code hash.
 */
export async function deployUniswap(client: GridlightClient): Promise<Amm> {
  const deployer = walletOf(client).account.address;
  const factory = await deploy(
    client,
    await uniswapArtifact('@uniswap/v2-core', 'UniswapV2Factory'),
    [deployer],
    'UniswapV2Factory',
  );
  const weth = await deploy(
    client,
    await uniswapArtifact('@uniswap/v2-periphery', 'WETH9'),
    [],
    'WETH9',
  );
  const router = await deploy(
    client,
    await uniswapArtifact('@uniswap/v2-periphery', 'UniswapV2Router02'),
    [factory, weth],
    'UniswapV2Router02',
  );
  const usd = await deploy(client, await devnetUsdArtifact(), [deployer], 'DevnetUSD');
  const glt = client.deployment.GridlightToken;
  await send(client, factory, uniswapV2Abi, 'createPair', [glt, usd]);
  const pair = await client.publicClient.readContract({
    address: factory,
    abi: uniswapV2Abi,
    functionName: 'getPair',
    args: [glt, usd],
  });
  if (pair === zeroAddress) throw new CliError('The factory did not create the GLT/USD pair.');
  return { chainId: client.deployment.chainId, factory, router, weth, usd, glt, pair };
}

/** Amounts a fresh pool is seeded with; equal amounts price GLT at 1 USD. */
export type SeedPoolParameters = { glt: bigint; usd: bigint };

/**
 * Adds GLT/USD liquidity from the client's account (the deployer, who holds the genesis
 * GLT and owns DevnetUSD): mints the dollars, approves the router, adds liquidity.
 */
export async function seedPool(
  client: GridlightClient,
  amm: Amm,
  amounts: SeedPoolParameters = { glt: parseEther('1000000'), usd: parseEther('1000000') },
): Promise<void> {
  const deployer = walletOf(client).account.address;
  await send(client, amm.usd, devnetUsdAbi, 'mint', [deployer, amounts.usd]);
  await send(client, amm.usd, devnetUsdAbi, 'approve', [amm.router, maxUint256]);
  await send(client, amm.glt, devnetUsdAbi, 'approve', [amm.router, maxUint256]);
  const block = await client.publicClient.getBlock();
  await send(client, amm.router, uniswapV2Abi, 'addLiquidity', [
    amm.glt,
    amm.usd,
    amounts.glt,
    amounts.usd,
    amounts.glt,
    amounts.usd,
    deployer,
    block.timestamp + 3600n,
  ]);
}

/** Writes the AMM addresses (a JSON file of its own beside the deployment). */
export async function writeAmmFile(file: string, amm: Amm): Promise<void> {
  await writeFile(file, `${JSON.stringify(amm, null, 2)}\n`);
}

/** Reads and validates `amm.json`. */
export async function loadAmm(file: string): Promise<Amm> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new CliError(`Cannot read the AMM file ${file}.`, {
      cause,
      hint: 'Start `gridlight devnet` (it writes .devnet/amm.json) or pass --amm <file>.',
    });
  }
  const parsed = ammSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `Invalid AMM file ${file}: ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message}.`,
    );
  }
  return parsed.data;
}

/** Deploys Uniswap, seeds the GLT/USD pool and writes `ammFile`: the devnet's one call. */
export async function setUpAmm(client: GridlightClient, ammFile: string): Promise<Amm> {
  const amm = await deployUniswap(client);
  await seedPool(client, amm);
  await writeAmmFile(ammFile, amm);
  return amm;
}
