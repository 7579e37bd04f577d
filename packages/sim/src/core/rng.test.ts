import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveSeed, Rng } from './rng.js';

describe('Rng', () => {
  it('same seed, same sequence; different seed, different sequence', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 100 }, () => a.nextUint32());
    const sb = Array.from({ length: 100 }, () => b.nextUint32());
    const sc = Array.from({ length: 100 }, () => c.nextUint32());
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
  });
  it('uniform has mean ≈ 0.5 and normal has mean ≈ 0, variance ≈ 1', () => {
    const r = new Rng(7);
    const n = 100_000;
    let su = 0;
    let sn = 0;
    let sn2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      assert.ok(u >= 0 && u < 1);
      su += u;
      const z = r.normal();
      sn += z;
      sn2 += z * z;
    }
    assert.ok(Math.abs(su / n - 0.5) < 0.01);
    assert.ok(Math.abs(sn / n) < 0.02);
    assert.ok(Math.abs(sn2 / n - 1) < 0.02);
  });
  it('poisson mean matches', () => {
    const r = new Rng(9);
    let s = 0;
    for (let i = 0; i < 20_000; i++) s += r.poisson(3);
    assert.ok(Math.abs(s / 20_000 - 3) < 0.1);
  });
  it('derived seeds differ per stream and are stable', () => {
    assert.equal(deriveSeed(1, 0), deriveSeed(1, 0));
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(1, i)));
    assert.equal(seeds.size, 1000);
  });
});
