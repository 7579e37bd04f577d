import type { Address, Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { gridlightTokenAbi } from '../generated/abis.js';
import { accountAddress, writeContract } from '../internal/write.js';

export type DelegateVotesParameters = {
  /** Who receives the account's votes; the account itself when omitted. */
  to?: Address | undefined;
};

export type DelegateVotesReturnType = { hash: Hex; delegatee: Address };

/**
 * Delegates the account's GLT votes (ERC-5805). Votes only count from the next block, and
 * proposals read them at their snapshot, so delegate before a proposal is made.
 *
 * @example
 * await delegateVotes(holderClient); // vote with your own balance
 */
export async function delegateVotes(
  client: GridlightClient,
  { to }: DelegateVotesParameters = {},
): Promise<DelegateVotesReturnType> {
  const delegatee = to ?? accountAddress(client, 'delegateVotes');
  const { hash } = await writeContract(client, 'delegateVotes', {
    address: client.deployment.GridlightToken,
    abi: gridlightTokenAbi,
    functionName: 'delegate',
    args: [delegatee],
  });
  return { hash, delegatee };
}
