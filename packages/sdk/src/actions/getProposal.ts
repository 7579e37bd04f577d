import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { gridlightGovernorAbi } from '../generated/abis.js';
import { readContract } from '../internal/write.js';
import type { ProposalAction } from './proposeCall.js';

/** OpenZeppelin Governor's proposal states, by index. */
export const proposalStates = [
  'Pending',
  'Active',
  'Canceled',
  'Defeated',
  'Succeeded',
  'Queued',
  'Expired',
  'Executed',
] as const;
export type ProposalState = (typeof proposalStates)[number];

export type GetProposalParameters = { proposalId: bigint };

export type GetProposalReturnType = {
  proposalId: bigint;
  state: ProposalState;
  /** Block (or timestamp) whose balances count. */
  snapshot: bigint;
  deadline: bigint;
  /** When a queued proposal can execute (0 until queued). */
  eta: bigint;
  votes: { against: bigint; for: bigint; abstain: bigint };
  /** Votes needed, known once the snapshot block is past (undefined while Pending). */
  quorum: bigint | undefined;
  /** What the proposal calls, from its ProposalCreated event. */
  actions: ProposalAction[];
  description: string;
  descriptionHash: Hex;
};

/**
 * Reads a proposal: state, votes, timing and its actions (from the ProposalCreated event).
 *
 * @example
 * const p = await getProposal(client, { proposalId });
 * p.state; // 'Active'
 */
export async function getProposal(
  client: GridlightClient,
  { proposalId }: GetProposalParameters,
): Promise<GetProposalReturnType> {
  const governor = client.deployment.GridlightGovernor;
  const read = <T>(functionName: string, args: readonly unknown[]) =>
    readContract<T>(client, { address: governor, abi: gridlightGovernorAbi, functionName, args });
  const [state, snapshot, deadline, eta, votes] = await Promise.all([
    read<number>('state', [proposalId]),
    read<bigint>('proposalSnapshot', [proposalId]),
    read<bigint>('proposalDeadline', [proposalId]),
    read<bigint>('proposalEta', [proposalId]),
    read<readonly [bigint, bigint, bigint]>('proposalVotes', [proposalId]),
  ]);
  // Quorum is defined at the snapshot, which may still be in the future (Pending).
  const clock = await client.publicClient.getBlockNumber();
  const quorum = snapshot < clock ? await read<bigint>('quorum', [snapshot]) : undefined;
  const logs = await client.publicClient.getContractEvents({
    address: governor,
    abi: gridlightGovernorAbi,
    eventName: 'ProposalCreated',
    fromBlock: BigInt(client.deployment.startBlock),
  });
  const created = logs.find((l) => l.args.proposalId === proposalId);
  const { keccak256, toBytes } = await import('viem');
  const description = created?.args.description ?? '';
  const targets = created?.args.targets ?? [];
  return {
    proposalId,
    state: proposalStates[state] ?? 'Pending',
    snapshot,
    deadline,
    eta,
    votes: { against: votes[0], for: votes[1], abstain: votes[2] },
    quorum,
    actions: targets.map((target, i) => ({
      target,
      value: created?.args.values?.[i] ?? 0n,
      calldata: (created?.args.calldatas?.[i] ?? '0x') as Hex,
    })),
    description,
    descriptionHash: keccak256(toBytes(description)),
  };
}
