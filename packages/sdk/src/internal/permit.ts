import { type Address, type Hex, parseSignature } from 'viem';
import type { GridlightClient } from '../client.js';
import { AccountRequiredError } from '../errors.js';
import { gridlightTokenAbi } from '../generated/abis.js';
import { toGridlightError } from '../revert.js';

/** An ERC-2612 permit signature, split for the contracts' (deadline, v, r, s) arguments. */
export type PermitSignature = { deadline: bigint; v: number; r: Hex; s: Hex };

/** Signs an ERC-2612 permit of GLT for `spender` (domain read from the token's EIP-5267). */
export async function signPermit(
  client: GridlightClient,
  action: string,
  parameters: { spender: Address; value: bigint; deadline: bigint },
): Promise<PermitSignature> {
  const { walletClient, publicClient, deployment } = client;
  if (!walletClient) throw new AccountRequiredError(action);
  const token = deployment.GridlightToken;
  const owner = walletClient.account.address;
  let domain: readonly [Hex, string, string, bigint, Address, Hex, readonly bigint[]];
  let nonce: bigint;
  try {
    [domain, nonce] = await Promise.all([
      publicClient.readContract({
        address: token,
        abi: gridlightTokenAbi,
        functionName: 'eip712Domain',
      }),
      publicClient.readContract({
        address: token,
        abi: gridlightTokenAbi,
        functionName: 'nonces',
        args: [owner],
      }),
    ]);
  } catch (error) {
    throw toGridlightError(error, 'eip712Domain');
  }
  const [, name, version, chainId, verifyingContract] = domain;
  const signature = await walletClient.signTypedData({
    domain: { name, version, chainId, verifyingContract },
    types: {
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit',
    message: {
      owner,
      spender: parameters.spender,
      value: parameters.value,
      nonce,
      deadline: parameters.deadline,
    },
  });
  const { r, s, v, yParity } = parseSignature(signature);
  return { deadline: parameters.deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}

/** A permit deadline `seconds` after the latest block's timestamp (chain time, not local). */
export async function permitDeadline(client: GridlightClient, seconds = 3600): Promise<bigint> {
  const block = await client.publicClient.getBlock({ blockTag: 'latest' });
  return block.timestamp + BigInt(seconds);
}
