import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { writeContract } from '../internal/write.js';

export type SubmitVerdictsParameters = {
  /** Verdicts to post, one per revealed claim the account was selected to verify. */
  verdicts: readonly { claimId: bigint; accepted: boolean }[];
};

export type SubmitVerdictsReturnType = { hash: Hex };

/**
 * Posts spot-check verdicts (accept, or reject with the verifier bond) in one transaction.
 *
 * @example
 * await submitVerdicts(verifierClient, { verdicts: [{ claimId: 3n, accepted: true }] });
 */
export async function submitVerdicts(
  client: GridlightClient,
  { verdicts }: SubmitVerdictsParameters,
): Promise<SubmitVerdictsReturnType> {
  const { hash } = await writeContract(client, 'submitVerdicts', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'submitVerdicts',
    args: [verdicts.map((v) => v.claimId), verdicts.map((v) => v.accepted)],
  });
  return { hash };
}
