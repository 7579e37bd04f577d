import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandsAcrossRuns, percentiles } from './stats.js';

describe('percentiles (type 7)', () => {
  it('matches hand-computed values on 1..5', () => {
    // h = 4p: p5 → 0.2 → 1.2; p50 → 2 → 3; p95 → 3.8 → 4.8
    const got = percentiles([5, 3, 1, 4, 2], [0.05, 0.5, 0.95]);
    for (const [i, want] of [1.2, 3, 4.8].entries()) {
      assert.ok(Math.abs((got[i] ?? 0) - want) < 1e-12, `${got[i]} vs ${want}`);
    }
  });
  it('of 1..101 are 6, 51, 96', () => {
    const xs = Array.from({ length: 101 }, (_, i) => 101 - i);
    assert.deepEqual(percentiles(xs, [0.05, 0.5, 0.95]), [6, 51, 96]);
  });
  it('of one value is that value, of none is NaN', () => {
    assert.deepEqual(percentiles([7], [0.05, 0.95]), [7, 7]);
    assert.ok(Number.isNaN(percentiles([], [0.5])[0]));
  });
  it('bands across runs work per step', () => {
    const runs = [
      [1, 10],
      [2, 30],
      [3, 20],
    ];
    const b = bandsAcrossRuns(runs, 2);
    assert.equal(b.p50[0], 2);
    assert.equal(b.p50[1], 20);
    assert.equal(b.mean[1], 20);
    assert.ok(Math.abs((b.p5[1] ?? 0) - 11) < 1e-12); // h = 0.1 → 10 + 0.1·10
  });
});
