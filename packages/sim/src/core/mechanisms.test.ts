import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustedNodeBps, nextScore, slash, splitFee, UnbondingQueue } from './mechanisms.js';
import { parseScenario } from './schema.js';

const s = parseScenario({
  name: 't',
  horizonDays: 1,
  nodes: {
    initialCount: 0,
    maxCount: 1,
    gpuClasses: [
      { name: 'g', capexUsd: 1, lifetimeDays: 1, powerKw: 1, unitsPerDay: 1, aiRentUsdPerDay: 0 },
    ],
  },
});

describe('fee split', () => {
  it('neutral score pays the base split (80/8/7/3/2)', () => {
    const f = splitFee(1_000, s.fees, 5_000);
    assert.deepEqual(f, { node: 800, treasury: 80, burn: 70, insurance: 30, integrator: 20 });
  });
  it('perfect score moves 5% from treasury to node; late delivery the other way', () => {
    assert.equal(adjustedNodeBps(s.fees, 10_000), 8_500);
    assert.equal(adjustedNodeBps(s.fees, 9_000, true), 7_500);
    const f = splitFee(1_000, s.fees, 10_000);
    assert.equal(f.node, 850);
    assert.equal(f.treasury, 30);
  });
  it('the treasury share never goes negative', () => {
    const fees = { ...s.fees, slaAdjustmentBps: 2_000 };
    const f = splitFee(1_000, fees, 10_000);
    assert.equal(f.treasury, 0);
    assert.equal(f.node + f.treasury + f.burn + f.insurance + f.integrator, 1_000);
  });
});

describe('slashing', () => {
  it('splits 50% burn, 30% challenger, 20% insurance', () => {
    assert.deepEqual(slash(1_000, 1_000, s.staking), {
      slashed: 100,
      burned: 50,
      challenger: 30,
      insurance: 20,
    });
  });
  it('never exceeds the stake; no challenger sends its part to insurance', () => {
    const r = slash(10, 10_000, s.staking, false);
    assert.equal(r.slashed, 10);
    assert.equal(r.challenger, 0);
    assert.equal(r.insurance, 5);
  });
});

describe('reputation', () => {
  it('gains 5% of the gap, loses 5/20/40% of the score', () => {
    assert.equal(nextScore(s.reputation, 5_000, 'accepted'), 5_250);
    assert.equal(nextScore(s.reputation, 5_000, 'late'), 4_750);
    assert.equal(nextScore(s.reputation, 5_000, 'rejected'), 4_000);
    assert.equal(nextScore(s.reputation, 5_000, 'slashed'), 3_000);
  });
});

describe('unbonding queue', () => {
  it('releases after exactly the period', () => {
    const q = new UnbondingQueue(3);
    q.request(10);
    assert.equal(q.advance(), 0);
    assert.equal(q.advance(), 0);
    assert.equal(q.total, 10);
    assert.equal(q.advance(), 10);
    assert.equal(q.total, 0);
  });
});
