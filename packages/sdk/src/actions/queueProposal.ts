import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { gridlightGovernorAbi } from '../generated/abis.js';
import { writeContract } from '../internal/write.js';
import { getProposal } from './getProposal.js';

export type QueueProposalParameters = { proposalId: bigint; step: 'queue' | 'execute' };
export type QueueProposalReturnType = { hash: Hex };

/**
 * Queues a succeeded proposal in the timelock (`step: 'queue'`), or executes a queued one
 * whose delay has passed (`step: 'execute'`). The actions are read back from the chain.
 *
 * @example
 * await queueProposal(client, { proposalId, step: 'queue' });
 * // … after the timelock delay …
 * await queueProposal(client, { proposalId, step: 'execute' });
 */
export async function queueProposal(
  client: GridlightClient,
  { proposalId, step }: QueueProposalParameters,
): Promise<QueueProposalReturnType> {
  const p = await getProposal(client, { proposalId });
  const { hash } = await writeContract(client, `${step}Proposal`, {
    address: client.deployment.GridlightGovernor,
    abi: gridlightGovernorAbi,
    functionName: step,
    args: [
      p.actions.map((a) => a.target),
      p.actions.map((a) => a.value),
      p.actions.map((a) => a.calldata),
      p.descriptionHash,
    ],
  });
  return { hash };
}
