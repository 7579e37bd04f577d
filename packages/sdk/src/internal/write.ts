import type { Abi, Address, Hash, TransactionReceipt } from 'viem';
import type { GridlightClient } from '../client.js';
import { AccountRequiredError, TransactionRevertedError } from '../errors.js';
import { toGridlightError } from '../revert.js';

/** A contract write: simulated first (so reverts are decoded before sending), then mined. */
export type WriteParameters = {
  address: Address;
  abi: Abi | readonly unknown[];
  functionName: string;
  args: readonly unknown[];
};

/** Simulates, sends and waits for a contract call; throws decoded SDK errors. */
export async function writeContract(
  client: GridlightClient,
  action: string,
  parameters: WriteParameters,
): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
  const { walletClient, publicClient } = client;
  if (!walletClient) throw new AccountRequiredError(action);
  let hash: Hash;
  try {
    const { request } = await publicClient.simulateContract({
      ...parameters,
      account: walletClient.account,
    } as Parameters<typeof publicClient.simulateContract>[0]);
    // Headroom over the estimate: the verifier draw at reveal depends on prevrandao, so the
    // mined call may probe more candidates than the estimate did.
    const estimate = await publicClient.estimateContractGas({
      ...parameters,
      account: walletClient.account,
    } as Parameters<typeof publicClient.estimateContractGas>[0]);
    hash = await walletClient.writeContract({
      ...(request as Parameters<typeof walletClient.writeContract>[0]),
      gas: (estimate * 13n) / 10n + 50_000n,
    });
  } catch (error) {
    throw toGridlightError(error, parameters.functionName);
  }
  let receipt: TransactionReceipt;
  try {
    receipt = await publicClient.waitForTransactionReceipt({ hash });
  } catch (error) {
    throw toGridlightError(error, parameters.functionName);
  }
  if (receipt.status !== 'success') throw new TransactionRevertedError(hash, action);
  return { hash, receipt };
}

/** Reads a view function; throws decoded SDK errors. */
export async function readContract<T>(
  client: GridlightClient,
  parameters: WriteParameters,
): Promise<T> {
  try {
    return (await client.publicClient.readContract(
      parameters as Parameters<typeof client.publicClient.readContract>[0],
    )) as T;
  } catch (error) {
    throw toGridlightError(error, parameters.functionName);
  }
}

/** The acting account's address, or an `AccountRequiredError`. */
export function accountAddress(client: GridlightClient, action: string): Address {
  if (!client.account) throw new AccountRequiredError(action);
  return client.account.address;
}
