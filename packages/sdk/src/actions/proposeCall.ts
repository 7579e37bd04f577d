import { type Address, type Hex, keccak256, toBytes } from 'viem';
import type { GridlightClient } from '../client.js';
import type { Deployment } from '../deployment.js';
import { gridlightGovernorAbi } from '../generated/abis.js';
import { encodeCallData } from '../internal/encodeCall.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

/** Governed contracts a proposal may call, by deployment name. */
export const governedContracts = [
  'JobMarket',
  'Staking',
  'NodeRegistry',
  'Reputation',
  'GridlightToken',
  'GridlightGovernor',
] as const;
export type GovernedContract = (typeof governedContracts)[number];

/** One call a proposal makes through the timelock. */
export type ProposalAction = { target: Address; value: bigint; calldata: Hex };

export type ProposeCallParameters = {
  /** The contract to call (its address comes from the deployment). */
  contract: GovernedContract;
  /** Solidity signature, e.g. "setUnbondingPeriod(uint256)". */
  signature: string;
  /** Arguments in ABI order (numbers as bigint or decimal strings; tuples as arrays). */
  args: readonly unknown[];
  /** Human description; its hash identifies the proposal together with the actions. */
  description: string;
};

export type ProposeCallReturnType = {
  proposalId: bigint;
  actions: ProposalAction[];
  descriptionHash: Hex;
  hash: Hex;
};

/** Encodes `signature(args)` for `contract`, with a clear error when they do not fit. */
export function encodeProposalAction(
  deployment: Deployment,
  contract: GovernedContract,
  signature: string,
  args: readonly unknown[],
): ProposalAction {
  const calldata = encodeCallData(`${contract}.${signature}`, signature, args);
  return { target: deployment[contract], value: 0n, calldata };
}

/**
 * Proposes one governed call (a parameter change) to the Governor. The proposal passes the
 * vote, waits in the timelock, then executes as the timelock — the only owner of parameters.
 *
 * @example
 * const { proposalId } = await proposeCall(client, {
 *   contract: 'Staking', signature: 'setUnbondingPeriod(uint256)', args: [86_400n],
 *   description: 'Unbonding: 1 day',
 * });
 */
export async function proposeCall(
  client: GridlightClient,
  parameters: ProposeCallParameters,
): Promise<ProposeCallReturnType> {
  const action = encodeProposalAction(
    client.deployment,
    parameters.contract,
    parameters.signature,
    parameters.args,
  );
  const { hash, receipt } = await writeContract(client, 'proposeCall', {
    address: client.deployment.GridlightGovernor,
    abi: gridlightGovernorAbi,
    functionName: 'propose',
    args: [[action.target], [action.value], [action.calldata], parameters.description],
  });
  const created = eventOf(receipt, gridlightGovernorAbi, 'ProposalCreated', hash);
  return {
    proposalId: created.args.proposalId,
    actions: [action],
    descriptionHash: keccak256(toBytes(parameters.description)),
    hash,
  };
}
