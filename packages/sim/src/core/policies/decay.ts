import type { SupplyPolicyParams } from '../schema.js';

type DecayParams = Extract<SupplyPolicyParams, { kind: 'decay' }>;

/**
 * Emission of one epoch under exponential decay: a fixed share (`decayRatePpb`) of what is
 * left of `totalEmission`, never below the floor. Without the floor, cumulative emission after
 * n epochs is totalEmission · (1 − (1 − r)^n).
 */
export function decayEmission(p: DecayParams, emittedSoFar: number): number {
  const remaining = Math.max(0, p.totalEmission - emittedSoFar);
  return Math.max(p.floorEmissionPerEpoch, (remaining * p.decayRatePpb) / 1e9);
}
