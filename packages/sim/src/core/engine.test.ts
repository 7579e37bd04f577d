import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateRuns, column } from './aggregate.js';
import { BUILTIN_NAMES, builtinScenario } from './builtins.js';
import { PurePolicyAdapter, simulateRunWithChain } from './chainAdapter.js';
import { prepareScenario, simulateRun } from './engine.js';
import { deepMerge } from './objectPath.js';
import { parseScenario } from './schema.js';
import { NUM_VARS, VAR } from './variables.js';
import { computeVerdict } from './verdict.js';

const seed = Number(process.env.SEED ?? 4);
const short = (name: string, over: unknown = {}) =>
  prepareScenario(
    parseScenario(deepMerge(builtinScenario(name), deepMerge({ horizonDays: 120, seed }, over))),
  );

describe('engine', () => {
  it('same seed gives bit-for-bit identical output', () => {
    const p = short('baseline');
    const a = simulateRun(p, 3);
    const b = simulateRun(p, 3);
    assert.equal(Buffer.compare(Buffer.from(a.values.buffer), Buffer.from(b.values.buffer)), 0);
  });
  it('different runs and different seeds give different paths', () => {
    const p = short('baseline');
    const a = simulateRun(p, 0);
    const b = simulateRun(p, 1);
    const c = simulateRun(short('baseline', { seed: seed + 1 }), 0);
    assert.notDeepEqual(column(a, VAR.price), column(b, VAR.price));
    assert.notDeepEqual(column(a, VAR.price), column(c, VAR.price));
  });
  it('supply = genesis + cumulative mint − cumulative burn at every step', () => {
    const p = short('token-crash', { horizonDays: 365 });
    const r = simulateRun(p, 0);
    let s = p.scenario.supply.genesisSupply;
    for (let t = 0; t < r.steps; t++) {
      s += (r.values[t * NUM_VARS + VAR.minted] ?? 0) - (r.values[t * NUM_VARS + VAR.burned] ?? 0);
      assert.ok(Math.abs(s - (r.values[t * NUM_VARS + VAR.supply] ?? 0)) < 1e-6 * s, `step ${t}`);
    }
  });
  it('fixed supply never mints; schedule mints exactly the table', () => {
    const fixed = simulateRun(short('baseline', { supply: { policy: { kind: 'fixed' } } }), 0);
    assert.equal(
      column(fixed, VAR.minted).reduce((a, b) => a + b, 0),
      0,
    );
    const sched = simulateRun(
      short('baseline', {
        horizonDays: 10,
        supply: {
          policy: { kind: 'schedule', schedule: [{ fromEpoch: 0, emissionPerEpoch: 1_000 }] },
        },
      }),
      0,
    );
    assert.deepEqual(Array.from(column(sched, VAR.minted)), Array(10).fill(1_000));
  });
  it('bonding-rate inflation rises while the staked share is under target', () => {
    const policy = {
      kind: 'bonding-rate',
      initialInflationPpb: 100,
      inflationChangePpb: 10,
      targetBondingRateBps: 9_000,
      minInflationPpb: 0,
      maxInflationPpb: 1_000_000,
    };
    const r = simulateRun(short('baseline', { horizonDays: 30, supply: { policy } }), 0);
    const infl = column(r, VAR.inflationAnnual);
    for (let t = 1; t < 30; t++)
      assert.ok((infl[t] ?? 0) > (infl[t - 1] ?? 0) * 0.999, `step ${t}`);
  });
  it('a GBM price path and a replayed series both drive the price', () => {
    const gbm = simulateRun(short('baseline', { market: { kind: 'gbm', initialPrice: 1 } }), 0);
    assert.equal(gbm.values[VAR.price], 1);
    assert.notEqual(gbm.values[10 * NUM_VARS + VAR.price], 1);
    const replay = simulateRun(
      short('baseline', { horizonDays: 5, market: { kind: 'replay', prices: [1, 2, 3] } }),
      0,
    );
    assert.deepEqual(Array.from(column(replay, VAR.price)), [1, 2, 3, 3, 3]);
  });
  it('a KYC rule removes the operators who do not comply', () => {
    const p = short('baseline', {
      nodes: { entryRatePerDay: 0 },
      exogenous: {
        operatorParticipation: [
          { day: 0, value: 1 },
          { day: 9, value: 1 },
          { day: 10, value: 0.5 },
        ],
      },
    });
    const r = simulateRun(p, 0);
    const before = r.values[9 * NUM_VARS + VAR.nodeCount] ?? 0;
    const after = r.values[11 * NUM_VARS + VAR.nodeCount] ?? 0;
    assert.ok(after < before * 0.7 && after > before * 0.3, `${before} → ${after}`);
  });
  it('the pure chain adapter reproduces the pure engine exactly', async () => {
    const p = short('baseline', { horizonDays: 60 });
    const a = simulateRun(p, 2);
    const b = await simulateRunWithChain(p, 2, new PurePolicyAdapter());
    assert.deepEqual(Array.from(b.values), Array.from(a.values));
  });
  it('every built-in scenario is valid', () => {
    for (const name of BUILTIN_NAMES) assert.equal(parseScenario(builtinScenario(name)).name, name);
  });
});

describe('verdict', () => {
  it('token crash: nodes trough after day 180 and more margin-negative days than baseline', () => {
    const runs = 8;
    const base = short('baseline', { horizonDays: 365 });
    const crash = short('token-crash', { horizonDays: 365 });
    const rb = Array.from({ length: runs }, (_, i) => simulateRun(base, i));
    const rc = Array.from({ length: runs }, (_, i) => simulateRun(crash, i));
    const vb = computeVerdict(aggregateRuns(rb, 1), rb, 1e9);
    const vc = computeVerdict(aggregateRuns(rc, 1), rc, 1e9);
    assert.ok(vc.nodeTroughDayMedian >= 180, `trough day ${vc.nodeTroughDayMedian}`);
    assert.ok(vc.nodeTroughMedian < vb.nodeTroughMedian);
    assert.ok(vc.daysNegativeMedianMargin > vb.daysNegativeMedianMargin);
    assert.notEqual(vc.rating, 'resilient');
    assert.match(vc.lines.join('\n'), /Node count: 200 at start/);
  });
  it('counts negative-margin days from the median band', () => {
    const r = simulateRun(short('baseline', { horizonDays: 10 }), 0);
    const agg = aggregateRuns([r], 1);
    agg.bands.nodeMarginUsd.p50.set([1, -1, -2, 3, -4, 5, 6, 7, 8, 9]);
    assert.equal(computeVerdict(agg, [r], 1e9).daysNegativeMedianMargin, 3);
  });
});
