import type { Scenario } from './schema.js';

/**
 * Mechanisms with the same meaning as the contracts (FeeSplitter, Staking, Reputation).
 * Token amounts are floats here; the contracts round down in wei, a difference of < 1e-18 GLT.
 */

export type FeeSplitParams = Scenario['fees'];
export type FeeShares = {
  node: number;
  treasury: number;
  burn: number;
  insurance: number;
  integrator: number;
};

/**
 * The node's share in bps after the SLA/reputation adjustment: a score of 10_000 adds
 * `slaAdjustmentBps`, 5_000 adds nothing, 0 subtracts it; late delivery gets the low end.
 * The difference comes out of (or goes to) the treasury share, which never goes negative.
 */
export function adjustedNodeBps(fees: FeeSplitParams, scoreBps: number, late = false): number {
  const score = late ? 0 : scoreBps;
  const adj = Math.trunc((fees.slaAdjustmentBps * (2 * score - 10_000)) / 10_000);
  return Math.max(0, Math.min(fees.nodeBps + fees.treasuryBps, fees.nodeBps + adj));
}

/** Splits one payment; the shares always add up to `amount` (the treasury takes the SLA delta). */
export function splitFee(
  amount: number,
  fees: FeeSplitParams,
  scoreBps: number,
  late = false,
): FeeShares {
  const nodeBps = adjustedNodeBps(fees, scoreBps, late);
  const node = (amount * nodeBps) / 10_000;
  const burn = (amount * fees.burnBps) / 10_000;
  const insurance = (amount * fees.insuranceBps) / 10_000;
  const integrator = (amount * fees.integratorBps) / 10_000;
  const treasury = amount - node - burn - insurance - integrator;
  return { node, treasury, burn, insurance, integrator };
}

export type SlashResult = {
  slashed: number;
  burned: number;
  challenger: number;
  insurance: number;
};

/** Slashes `bps` of a stake, never more than the stake, split burn / challenger / insurance. */
export function slash(
  stake: number,
  bps: number,
  staking: Scenario['staking'],
  hasChallenger = true,
): SlashResult {
  const slashed = Math.min(stake, (stake * bps) / 10_000);
  const burned = (slashed * staking.slashBurnBps) / 10_000;
  const challenger = hasChallenger ? (slashed * staking.slashChallengerBps) / 10_000 : 0;
  return { slashed, burned, challenger, insurance: slashed - burned - challenger };
}

export type Outcome = 'accepted' | 'late' | 'rejected' | 'slashed';

/** Reputation update in bps, integer arithmetic as in Reputation.record. */
export function nextScore(rep: Scenario['reputation'], score: number, outcome: Outcome): number {
  switch (outcome) {
    case 'accepted':
      return score + Math.floor(((10_000 - score) * rep.gainBps) / 10_000);
    case 'late':
      return score - Math.floor((score * rep.lateLossBps) / 10_000);
    case 'rejected':
      return score - Math.floor((score * rep.rejectLossBps) / 10_000);
    case 'slashed':
      return score - Math.floor((score * rep.slashLossBps) / 10_000);
  }
}

/**
 * Unbonding queue: stake requested for withdrawal becomes liquid `periodSteps` steps later,
 * and stays slashable until then. A ring buffer, one slot per step.
 */
export class UnbondingQueue {
  private readonly slots: Float64Array;
  private head = 0;
  total = 0;

  constructor(readonly periodSteps: number) {
    this.slots = new Float64Array(Math.max(1, periodSteps) + 1);
  }

  /** Queues `amount` for release after the unbonding period. */
  request(amount: number): void {
    if (this.periodSteps <= 0) return;
    const i = (this.head + this.periodSteps) % this.slots.length;
    this.slots[i] = (this.slots[i] ?? 0) + amount;
    this.total += amount;
  }

  /** Advances one step and returns what became withdrawable (for period 0, call sites release at once). */
  advance(): number {
    this.head = (this.head + 1) % this.slots.length;
    const released = this.slots[this.head] ?? 0;
    this.slots[this.head] = 0;
    this.total -= released;
    if (this.total < 1e-9) this.total = Math.max(0, this.total);
    return released;
  }
}
