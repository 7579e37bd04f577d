import { encodeFunctionData, type Hex, parseAbiItem } from 'viem';
import { ProposalInvalidError } from '../errors.js';

/**
 * Encodes `signature(args)` as calldata, or throws a ProposalInvalidError naming `label`
 * (shared by the single- and multi-action proposal helpers).
 */
export function encodeCallData(label: string, signature: string, args: readonly unknown[]): Hex {
  try {
    const item = parseAbiItem(`function ${signature}`);
    return encodeFunctionData({ abi: [item], args: args as never });
  } catch (error) {
    const shown = JSON.stringify(args, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    throw new ProposalInvalidError(`Cannot encode ${label} with ${shown}.`, {
      cause: error,
      metaMessages: ['Give the exact Solidity signature and one argument per parameter.'],
    });
  }
}
