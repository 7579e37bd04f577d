import type { SupplyPolicyParams } from '../schema.js';
import { inflationEmission, nextInflationPpb } from './bondingRate.js';
import { burnAndMintEmission } from './burnAndMint.js';
import { decayEmission } from './decay.js';
import { scheduleEmission } from './schedule.js';

/** What a supply policy sees at the start of an epoch. */
export type EpochInput = {
  epoch: number;
  supply: number;
  emittedSoFar: number;
  inflationPpb: number;
  stakedShareBps: number;
  burnedThisEpoch: number;
};

/** What a supply policy decides for an epoch. */
export type EpochEmission = { emission: number; inflationPpb: number };

/** The first epoch's inflation (ppb) of a policy; 0 for policies that do not use one. */
export function initialInflationPpb(policy: SupplyPolicyParams): number {
  return policy.kind === 'bonding-rate' ? policy.initialInflationPpb : 0;
}

/** One epoch of any supply policy: a pure function of the policy and the epoch's input. */
export function emissionForEpoch(policy: SupplyPolicyParams, input: EpochInput): EpochEmission {
  switch (policy.kind) {
    case 'fixed':
      return { emission: 0, inflationPpb: 0 };
    case 'schedule':
      return { emission: scheduleEmission(policy.schedule, input.epoch), inflationPpb: 0 };
    case 'decay':
      return { emission: decayEmission(policy, input.emittedSoFar), inflationPpb: 0 };
    case 'bonding-rate': {
      // Livepeer sets the round's rate first, then mints at it; epoch 0 uses the initial rate.
      const rate =
        input.epoch === 0
          ? input.inflationPpb
          : nextInflationPpb(policy, input.inflationPpb, input.stakedShareBps);
      return { emission: inflationEmission(input.supply, rate), inflationPpb: rate };
    }
    case 'burn-and-mint':
      return {
        emission: burnAndMintEmission(policy, input.epoch, input.burnedThisEpoch),
        inflationPpb: 0,
      };
  }
}
