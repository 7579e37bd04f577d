import { type Address, type Hex, keccak256, toBytes } from 'viem';
import type { GridlightClient } from '../client.js';
import { ProposalInvalidError } from '../errors.js';
import { gridlightGovernorAbi } from '../generated/abis.js';
import { encodeCallData } from '../internal/encodeCall.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';
import type { ProposalAction } from './proposeCall.js';

/** One call of a multi-action proposal: any target, e.g. a DEX router the treasury uses. */
export type ProposedCall = {
  /** The contract the timelock calls. */
  target: Address;
  /** Solidity signature, e.g. "approve(address,uint256)". */
  signature: string;
  /** Arguments in ABI order (numbers as bigint or decimal strings; tuples as arrays). */
  args: readonly unknown[];
  /** ETH sent with the call, in wei. Default 0. */
  value?: bigint;
};

export type ProposeCallsParameters = {
  /** The calls, executed by the timelock in this order, all or none. */
  calls: readonly ProposedCall[];
  /** Human description; its hash identifies the proposal together with the actions. */
  description: string;
};

export type ProposeCallsReturnType = {
  proposalId: bigint;
  actions: ProposalAction[];
  descriptionHash: Hex;
  hash: Hex;
};

/** Encodes one call, with a clear error naming the call when the arguments do not fit. */
export function encodeCall(call: ProposedCall, index = 0): ProposalAction {
  const calldata = encodeCallData(
    `action ${index + 1} (${call.target}.${call.signature})`,
    call.signature,
    call.args,
  );
  return { target: call.target, value: call.value ?? 0n, calldata };
}

/**
 * Proposes several calls as ONE proposal: they pass one vote and execute atomically as the
 * timelock, in order. Use it when a decision needs a sequence, e.g. approve a router, swap
 * the treasury's dollars for GLT, burn the GLT.
 *
 * @example
 * const { proposalId } = await proposeCalls(client, {
 *   calls: [
 *     { target: usd, signature: 'approve(address,uint256)', args: [router, amount] },
 *     { target: router, signature: 'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)',
 *       args: [amount, minOut, [usd, glt], timelock, deadline] },
 *     { target: glt, signature: 'burn(uint256)', args: [minOut] },
 *   ],
 *   description: 'Buy back and burn GLT with 10,000 USD',
 * });
 */
export async function proposeCalls(
  client: GridlightClient,
  parameters: ProposeCallsParameters,
): Promise<ProposeCallsReturnType> {
  if (parameters.calls.length === 0) {
    throw new ProposalInvalidError('A proposal needs at least one call.');
  }
  const actions = parameters.calls.map((call, i) => encodeCall(call, i));
  const { hash, receipt } = await writeContract(client, 'proposeCalls', {
    address: client.deployment.GridlightGovernor,
    abi: gridlightGovernorAbi,
    functionName: 'propose',
    args: [
      actions.map((a) => a.target),
      actions.map((a) => a.value),
      actions.map((a) => a.calldata),
      parameters.description,
    ],
  });
  const created = eventOf(receipt, gridlightGovernorAbi, 'ProposalCreated', hash);
  return {
    proposalId: created.args.proposalId,
    actions,
    descriptionHash: keccak256(toBytes(parameters.description)),
    hash,
  };
}
