import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SupplyPolicyParams } from '../schema.js';
import { inflationEmission, nextInflationPpb } from './bondingRate.js';
import { bmeEquilibriumPrice, burnAndMintEmission, proRataRewards } from './burnAndMint.js';
import { decayEmission } from './decay.js';
import { halvingSchedule, scheduleEmission } from './schedule.js';
import { emissionForEpoch } from './supplyPolicy.js';

const close = (a: number, b: number, eps = 1e-9) =>
  assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

function cumulative(
  policy: SupplyPolicyParams,
  epochs: number,
  supply0: number,
  stakedShareBps = 5_000,
) {
  let supply = supply0;
  let emitted = 0;
  let rate = policy.kind === 'bonding-rate' ? policy.initialInflationPpb : 0;
  const perEpoch: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const r = emissionForEpoch(policy, {
      epoch,
      supply,
      emittedSoFar: emitted,
      inflationPpb: rate,
      stakedShareBps,
      burnedThisEpoch: 0,
    });
    perEpoch.push(r.emission);
    supply += r.emission;
    emitted += r.emission;
    rate = r.inflationPpb;
  }
  return { supply, emitted, perEpoch };
}

describe('fixed', () => {
  it('emits nothing, so supply stays at genesis', () => {
    const r = cumulative({ kind: 'fixed' }, 100, 1_000);
    assert.equal(r.supply, 1_000);
    assert.ok(r.perEpoch.every((e) => e === 0));
  });
});

describe('schedule', () => {
  const table = [
    { fromEpoch: 0, toEpoch: 3, emissionPerEpoch: 100 },
    { fromEpoch: 3, toEpoch: 5, emissionPerEpoch: 50 },
  ];
  it('looks up the range covering each epoch, 0 after the table', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 99].map((e) => scheduleEmission(table, e)),
      [100, 100, 100, 50, 50, 0, 0],
    );
  });
  it('cumulative supply is the sum of the table (3·100 + 2·50 = 400)', () => {
    assert.equal(cumulative({ kind: 'schedule', schedule: table }, 10, 1_000).supply, 1_400);
  });
  it('a halving table halves each period and the last entry runs forever', () => {
    const h = halvingSchedule(80, 10, 3);
    assert.deepEqual(
      [0, 9, 10, 20, 30, 1_000].map((e) => scheduleEmission(h, e)),
      [80, 80, 40, 20, 10, 10],
    );
    // 10·80 + 10·40 + 10·20 + 10·10 over the first 40 epochs.
    assert.equal(cumulative({ kind: 'schedule', schedule: h }, 40, 0).supply, 1_500);
  });
});

describe('decay', () => {
  const p = {
    kind: 'decay' as const,
    totalEmission: 1_000,
    decayRatePpb: 100_000_000,
    floorEmissionPerEpoch: 0,
  };
  it('emits 10% of what remains: 100, 90, 81', () => {
    const r = cumulative(p, 3, 0);
    close(r.perEpoch[0] ?? 0, 100);
    close(r.perEpoch[1] ?? 0, 90);
    close(r.perEpoch[2] ?? 0, 81);
  });
  it('cumulative emission after n epochs is total·(1 − 0.9^n)', () => {
    close(cumulative(p, 20, 0).emitted, 1_000 * (1 - 0.9 ** 20));
  });
  it('never emits below the floor, and the floor continues after the total', () => {
    const withFloor = { ...p, floorEmissionPerEpoch: 30 };
    // remaining 1000 → 100; 900 → 90; … first epoch under 30: remaining < 300.
    assert.equal(decayEmission(withFloor, 750), 30); // 25 < floor
    assert.equal(decayEmission(withFloor, 5_000), 30);
    close(decayEmission(withFloor, 0), 100);
  });
});

describe('bonding-rate', () => {
  const p = {
    kind: 'bonding-rate' as const,
    initialInflationPpb: 1_000,
    inflationChangePpb: 100,
    targetBondingRateBps: 5_000,
    minInflationPpb: 500,
    maxInflationPpb: 1_500,
  };
  it('rises below target, falls above, holds at target', () => {
    assert.equal(nextInflationPpb(p, 1_000, 4_000), 1_100);
    assert.equal(nextInflationPpb(p, 1_000, 6_000), 900);
    assert.equal(nextInflationPpb(p, 1_000, 5_000), 1_000);
  });
  it('is clamped to ceiling and floor', () => {
    assert.equal(nextInflationPpb(p, 1_450, 0), 1_500);
    assert.equal(nextInflationPpb(p, 1_500, 0), 1_500);
    assert.equal(nextInflationPpb(p, 550, 10_000), 500);
    assert.equal(nextInflationPpb(p, 500, 10_000), 500);
  });
  it('emission is supply × rate: 1e9 supply at 1000 ppb mints 1000', () => {
    assert.equal(inflationEmission(1e9, 1_000), 1_000);
  });
  it('compounds: below target for 3 epochs mints 1000, 1100·…, 1200·…', () => {
    const r = cumulative(p, 3, 1e9, 0);
    close(r.perEpoch[0] ?? 0, 1_000);
    close(r.perEpoch[1] ?? 0, (1e9 + 1_000) * 1.1e-6);
    close(r.perEpoch[2] ?? 0, (1e9 + 1_000 + (1e9 + 1_000) * 1.1e-6) * 1.2e-6);
  });
});

describe('burn-and-mint', () => {
  const schedule = [{ fromEpoch: 0, emissionPerEpoch: 1_000 }];
  it('mints the schedule regardless of burn without a cap', () => {
    assert.equal(burnAndMintEmission({ kind: 'burn-and-mint', schedule }, 7, 0), 1_000);
  });
  it('caps net emission: mint ≤ burn + cap', () => {
    const p = { kind: 'burn-and-mint' as const, schedule, netEmissionCapPerEpoch: 200 };
    assert.equal(burnAndMintEmission(p, 0, 300), 500);
    assert.equal(burnAndMintEmission(p, 0, 900), 1_000);
    assert.equal(burnAndMintEmission(p, 0, 0), 200);
  });
  it('equilibrium price = USD demand / emission; with a 20% skim only 80% burns', () => {
    assert.equal(bmeEquilibriumPrice(50_000, 1_000_000), 0.05);
    close(bmeEquilibriumPrice(50_000, 1_000_000, 8_000), 0.04);
    // At P*, tokens burned = USD / P* equals the emission.
    const pStar = bmeEquilibriumPrice(12_345, 67_890);
    close(12_345 / pStar, 67_890);
  });
  it('pays nodes pro rata to work × reputation', () => {
    const out = new Float64Array(3);
    proRataRewards(900, [100, 100, 200], [10_000, 5_000, 5_000], 1, out);
    // weights 100, 50, 100 → 360, 180, 360
    assert.deepEqual(Array.from(out), [360, 180, 360]);
  });
});
