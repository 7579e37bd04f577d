import type { SupplyPolicyParams } from '../schema.js';

type BondingRateParams = Extract<SupplyPolicyParams, { kind: 'bonding-rate' }>;

/**
 * The Livepeer controller: below the target staked share inflation rises by one step, above
 * it falls by one step, at the target it stays; the result is clamped to [min, max].
 */
export function nextInflationPpb(
  p: BondingRateParams,
  currentPpb: number,
  stakedShareBps: number,
): number {
  let next = currentPpb;
  if (stakedShareBps < p.targetBondingRateBps) next = currentPpb + p.inflationChangePpb;
  else if (stakedShareBps > p.targetBondingRateBps) next = currentPpb - p.inflationChangePpb;
  return Math.min(p.maxInflationPpb, Math.max(p.minInflationPpb, next, 0));
}

/** Emission of one epoch at a per-epoch inflation rate in ppb of the current supply. */
export function inflationEmission(supply: number, inflationPpb: number): number {
  return (supply * inflationPpb) / 1e9;
}
