import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScenarioInvalidError } from './errors.js';
import { parseScenario, scenarioJsonSchema } from './schema.js';

const minimal = {
  name: 't',
  horizonDays: 10,
  nodes: {
    initialCount: 1,
    maxCount: 2,
    gpuClasses: [
      { name: 'g', capexUsd: 1, lifetimeDays: 1, powerKw: 1, unitsPerDay: 1, aiRentUsdPerDay: 0 },
    ],
  },
};

function issuesOf(input: unknown) {
  try {
    parseScenario(input);
  } catch (e) {
    assert.ok(e instanceof ScenarioInvalidError);
    return e.issues;
  }
  assert.fail('expected ScenarioInvalidError');
}

describe('scenario schema', () => {
  it('fills defaults', () => {
    const s = parseScenario(minimal);
    assert.equal(s.stepDays, 1);
    assert.equal(s.supply.policy.kind, 'fixed');
    assert.equal(
      s.fees.nodeBps +
        s.fees.treasuryBps +
        s.fees.burnBps +
        s.fees.insuranceBps +
        s.fees.integratorBps,
      10_000,
    );
  });
  it('names the field of a wrong type', () => {
    const issues = issuesOf({ ...minimal, horizonDays: 'ten' });
    assert.equal(issues[0]?.path, 'horizonDays');
  });
  it('names nested fields with array indices', () => {
    const bad = structuredClone(minimal);
    (bad.nodes.gpuClasses[0] as Record<string, unknown>).powerKw = -1;
    assert.equal(issuesOf(bad)[0]?.path, 'nodes.gpuClasses[0].powerKw');
  });
  it('rejects a fee split that does not sum to 10000 and names it', () => {
    const issues = issuesOf({ ...minimal, fees: { nodeBps: 9_000 } });
    assert.equal(issues[0]?.path, 'fees.nodeBps');
    assert.match(issues[0]?.message ?? '', /10000/);
  });
  it('rejects an unknown policy kind at supply.policy.kind', () => {
    const issues = issuesOf({ ...minimal, supply: { policy: { kind: 'magic' } } });
    assert.match(issues[0]?.path ?? '', /^supply\.policy/);
  });
  it('rejects min > max inflation', () => {
    const policy = {
      kind: 'bonding-rate',
      initialInflationPpb: 1,
      inflationChangePpb: 1,
      targetBondingRateBps: 1,
      minInflationPpb: 9,
      maxInflationPpb: 1,
    };
    assert.equal(
      issuesOf({ ...minimal, supply: { policy } })[0]?.path,
      'supply.policy.minInflationPpb',
    );
  });
  it('the message of the error is one line naming the field first', () => {
    assert.throws(
      () => parseScenario({ ...minimal, runs: 0 }, 'x.json'),
      (e: unknown) => e instanceof ScenarioInvalidError && e.shortMessage.includes('runs'),
    );
  });
  it('produces a JSON Schema listing the five policies', () => {
    const text = JSON.stringify(scenarioJsonSchema());
    for (const k of ['fixed', 'schedule', 'decay', 'bonding-rate', 'burn-and-mint'])
      assert.ok(text.includes(`"${k}"`), k);
  });
});
