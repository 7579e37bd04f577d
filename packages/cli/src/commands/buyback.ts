import { dirname, join, resolve } from 'node:path';
import { proposeCalls } from '@gridlight/sdk';
import { formatUnits, parseUnits } from 'viem';
import { z } from 'zod';
import { chainFlags, clientsFrom } from '../context.js';
import { repoRoot } from '../devnet/foundry.js';
import { devnetUsdAbi, loadAmm, uniswapV2Abi } from '../devnet/uniswap.js';
import { CliError } from '../errors.js';
import { parseFlags } from '../main.js';
import type { Output } from '../output.js';

const SWAP = 'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)';

/** A token amount in whole units with up to 18 decimals, e.g. "10000" or "0.5". */
const amount = (flag: string) =>
  z
    .string()
    .regex(/^\d+(\.\d{1,18})?$/, `${flag} must be a token amount such as 10000 or 2.5`)
    .transform((v) => parseUnits(v, 18));

const optionsSchema = z.object({
  usd: amount('--usd').refine((v) => v > 0n, '--usd must be more than 0'),
  minGlt: amount('--min-glt').optional(),
  slippageBps: z.coerce
    .number()
    .int('--slippage-bps must be a whole number')
    .min(0, '--slippage-bps must be 0..10000')
    .max(10_000, '--slippage-bps must be 0..10000')
    .default(100),
  validDays: z.coerce
    .number()
    .int('--valid-days must be a whole number')
    .positive('--valid-days must be positive')
    .default(30),
});

const units = (wei: bigint): string => formatUnits(wei, 18);

/**
 * `gridlight gov buyback --usd <amount> [--min-glt <amount>]`: proposes, as ONE governance
 * proposal executed by the timelock (the treasury), approve the router for the dollars, swap
 * them for GLT on the Uniswap V2 GLT/USD pool, and burn the GLT. The burn is the swap's
 * minimum output: whatever the pool gives above it stays in the treasury.
 */
export async function buybackCommand(args: string[], out: Output): Promise<number> {
  const { values } = parseFlags(args, {
    ...chainFlags,
    usd: { type: 'string' },
    'min-glt': { type: 'string' },
    'slippage-bps': { type: 'string' },
    'valid-days': { type: 'string' },
    amm: { type: 'string' },
    description: { type: 'string' },
  });
  if (values.usd === undefined) {
    throw new CliError('--usd is required: the treasury dollars to spend, e.g. --usd 10000.');
  }
  const parsed = optionsSchema.safeParse({
    usd: values.usd,
    minGlt: values['min-glt'],
    slippageBps: values['slippage-bps'],
    validDays: values['valid-days'],
  });
  if (!parsed.success) {
    throw new CliError(`${parsed.error.issues[0]?.message ?? 'bad arguments'}.`);
  }
  const options = parsed.data;
  const { client } = await clientsFrom(values);
  const deploymentFile = resolve(
    (values.deployment as string | undefined) ?? join(repoRoot, '.devnet', 'deployment.json'),
  );
  const ammFile = resolve(
    (values.amm as string | undefined) ?? join(dirname(deploymentFile), 'amm.json'),
  );
  const amm = await loadAmm(ammFile);
  const { GridlightToken: glt, TimelockController: treasury } = client.deployment;
  if (amm.glt !== glt || amm.chainId !== client.deployment.chainId) {
    throw new CliError(`${ammFile} belongs to another deployment (its GLT is ${amm.glt}).`, {
      hint: 'Pass the --amm file written with this deployment.',
    });
  }

  const read = client.publicClient;
  const [quote, treasuryUsd, now] = await Promise.all([
    read.readContract({
      address: amm.router,
      abi: uniswapV2Abi,
      functionName: 'getAmountsOut',
      args: [options.usd, [amm.usd, glt]],
    }),
    read.readContract({
      address: amm.usd,
      abi: devnetUsdAbi,
      functionName: 'balanceOf',
      args: [treasury],
    }),
    read.getBlock().then((b) => b.timestamp),
  ]);
  const expected = quote[1] ?? 0n;
  const minGlt = options.minGlt ?? (expected * BigInt(10_000 - options.slippageBps)) / 10_000n;
  if (minGlt === 0n) throw new CliError('The swap would buy no GLT; nothing to burn.');
  const deadline = now + BigInt(options.validDays) * 86_400n;
  const description =
    (values.description as string | undefined) ??
    `Buy back and burn: swap ${units(options.usd)} USD for at least ${units(minGlt)} GLT on Uniswap V2 and burn ${units(minGlt)} GLT`;

  const { proposalId } = await proposeCalls(client, {
    calls: [
      { target: amm.usd, signature: 'approve(address,uint256)', args: [amm.router, options.usd] },
      {
        target: amm.router,
        signature: SWAP,
        args: [options.usd, minGlt, [amm.usd, glt], treasury, deadline],
      },
      { target: glt, signature: 'burn(uint256)', args: [minGlt] },
    ],
    description,
  });

  out.info(`proposal ${proposalId} created: ${description}`);
  out.info(
    `  the pool gives ${units(expected)} GLT for ${units(options.usd)} USD now; burn ${units(minGlt)} GLT, any excess stays in the treasury`,
  );
  if (minGlt > expected) {
    out.info(
      `  note: --min-glt is above today's quote; execution reverts unless GLT gets cheaper first`,
    );
  }
  if (treasuryUsd < options.usd) {
    out.info(
      `  note: the treasury holds ${units(treasuryUsd)} USD; fund it before execution or it reverts`,
    );
  }
  out.info(`  swap valid until ${new Date(Number(deadline) * 1000).toISOString()}`);
  if (out.jsonMode) {
    out.json({
      proposalId,
      usdIn: options.usd,
      expectedGlt: expected,
      minGlt,
      burn: minGlt,
      deadline,
      router: amm.router,
      pair: amm.pair,
    });
  }
  return 0;
}
