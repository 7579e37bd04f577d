import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { gridlightGovernorAbi } from '../generated/abis.js';
import { writeContract } from '../internal/write.js';

/** Vote options, in GovernorCountingSimple's order. */
export const voteSupport = { against: 0, for: 1, abstain: 2 } as const;
export type VoteSupport = keyof typeof voteSupport;

export type CastVoteParameters = {
  proposalId: bigint;
  support: VoteSupport;
  reason?: string | undefined;
};
export type CastVoteReturnType = { hash: Hex };

/**
 * Votes on an active proposal with the account's delegated votes at the proposal snapshot
 * (tokens received after the snapshot, e.g. a flash loan, carry no weight).
 *
 * @example
 * await castVote(holderClient, { proposalId, support: 'for' });
 */
export async function castVote(
  client: GridlightClient,
  { proposalId, support, reason }: CastVoteParameters,
): Promise<CastVoteReturnType> {
  const { hash } = await writeContract(client, 'castVote', {
    address: client.deployment.GridlightGovernor,
    abi: gridlightGovernorAbi,
    functionName: reason ? 'castVoteWithReason' : 'castVote',
    args: reason ? [proposalId, voteSupport[support], reason] : [proposalId, voteSupport[support]],
  });
  return { hash };
}
