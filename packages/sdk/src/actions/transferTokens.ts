import type { Address, Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { gridlightTokenAbi } from '../generated/abis.js';
import { writeContract } from '../internal/write.js';

export type TransferTokensParameters = { to: Address; amount: bigint };

export type TransferTokensReturnType = { hash: Hex };

/**
 * Sends GLT from the account to `to` (e.g. funding a node operator).
 *
 * @example
 * await transferTokens(client, { to: '0x7099…79C8', amount: parseEther('10000') });
 */
export async function transferTokens(
  client: GridlightClient,
  { to, amount }: TransferTokensParameters,
): Promise<TransferTokensReturnType> {
  const { hash } = await writeContract(client, 'transferTokens', {
    address: client.deployment.GridlightToken,
    abi: gridlightTokenAbi,
    functionName: 'transfer',
    args: [to, amount],
  });
  return { hash };
}
