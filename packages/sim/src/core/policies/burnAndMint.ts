import type { SupplyPolicyParams } from '../schema.js';
import { scheduleEmission } from './schedule.js';

type BurnAndMintParams = Extract<SupplyPolicyParams, { kind: 'burn-and-mint' }>;

/**
 * Mint of one epoch under burn-and-mint: the scheduled emission, cut so that net emission
 * (mint − burn) never exceeds the optional cap.
 */
export function burnAndMintEmission(
  p: BurnAndMintParams,
  epoch: number,
  burnedThisEpoch: number,
): number {
  const scheduled = scheduleEmission(p.schedule, epoch);
  if (p.netEmissionCapPerEpoch === undefined) return scheduled;
  return Math.max(0, Math.min(scheduled, burnedThisEpoch + p.netEmissionCapPerEpoch));
}

/**
 * The BME equilibrium token price P*: the price at which tokens burned by USD demand equal
 * the emission. With every paid token burned (`burnedShareBps` = 10_000) it is
 * USD demand per epoch / emission per epoch; with a fee skim only the burned share counts.
 */
export function bmeEquilibriumPrice(
  usdDemandPerEpoch: number,
  emissionPerEpoch: number,
  burnedShareBps = 10_000,
): number {
  if (emissionPerEpoch <= 0) return Number.POSITIVE_INFINITY;
  return (usdDemandPerEpoch * burnedShareBps) / 10_000 / emissionPerEpoch;
}

/**
 * Splits a node reward pool pro rata to accepted work weighted by reputation
 * (weight = work · (score / 10_000)^exponent). Writes into `out`; returns the total paid.
 */
export function proRataRewards(
  pool: number,
  work: ArrayLike<number>,
  scoreBps: ArrayLike<number>,
  exponent: number,
  out: Float64Array,
  count = work.length,
): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const w =
      (work[i] ?? 0) *
      (exponent === 1 ? (scoreBps[i] ?? 0) / 10_000 : ((scoreBps[i] ?? 0) / 10_000) ** exponent);
    out[i] = w;
    total += w;
  }
  if (total <= 0) {
    out.fill(0, 0, count);
    return 0;
  }
  const k = pool / total;
  for (let i = 0; i < count; i++) out[i] = (out[i] ?? 0) * k;
  return pool;
}
