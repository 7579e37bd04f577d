import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { accountAddress, writeContract } from '../internal/write.js';
import { computeSeal, randomSalt } from '../seal.js';

export type CommitResultParameters = {
  claimId: bigint;
  /** The claim tree's root (`claimTree(units).root`). */
  resultRoot: Hex;
  /** 32 bytes kept secret until the reveal; drawn at random when omitted. */
  salt?: Hex | undefined;
};

export type CommitResultReturnType = { seal: Hex; salt: Hex; hash: Hex };

/**
 * Commits the seal keccak256(abi.encode(resultRoot, salt, node)) of a claim's result.
 * Keep the returned salt: `revealResult` needs it.
 *
 * @example
 * const { salt } = await commitResult(nodeClient, { claimId, resultRoot: tree.root });
 */
export async function commitResult(
  client: GridlightClient,
  parameters: CommitResultParameters,
): Promise<CommitResultReturnType> {
  const node = accountAddress(client, 'commitResult');
  const salt = parameters.salt ?? randomSalt();
  const seal = computeSeal({ resultRoot: parameters.resultRoot, salt, node });
  const { hash } = await writeContract(client, 'commitResult', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'commit',
    args: [parameters.claimId, seal],
  });
  return { seal, salt, hash };
}
