import { type Address, type Hex, parseEventLogs, zeroAddress } from 'viem';
import type { GridlightClient } from '../client.js';
import { jobMarketAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { writeContract } from '../internal/write.js';

export type RevealResultParameters = { claimId: bigint; resultRoot: Hex; salt: Hex };

export type RevealResultReturnType = {
  /** Revealed after the job's deadline (paid less). */
  late: boolean;
  /** The spot-check verifier drawn at reveal (zero address when none was, or not spot-check). */
  verifier: Address;
  /** When the verifier's window ends (0 when no verifier was selected). */
  windowEnds: bigint;
  hash: Hex;
};

/**
 * Reveals the result root behind a claim's seal and starts verification.
 *
 * @example
 * const { verifier } = await revealResult(nodeClient, { claimId, resultRoot: tree.root, salt });
 */
export async function revealResult(
  client: GridlightClient,
  { claimId, resultRoot, salt }: RevealResultParameters,
): Promise<RevealResultReturnType> {
  const { hash, receipt } = await writeContract(client, 'revealResult', {
    address: client.deployment.JobMarket,
    abi: jobMarketAbi,
    functionName: 'reveal',
    args: [claimId, resultRoot, salt],
  });
  const revealed = eventOf(receipt, jobMarketAbi, 'ResultRevealed', hash);
  const [selected] = parseEventLogs({
    abi: jobMarketAbi,
    logs: receipt.logs,
    eventName: 'VerifierSelected',
  });
  return {
    late: revealed.args.late,
    verifier: selected?.args.verifier ?? zeroAddress,
    windowEnds: selected?.args.windowEnds ?? 0n,
    hash,
  };
}
