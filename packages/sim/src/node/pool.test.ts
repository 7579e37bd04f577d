import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinScenario } from '../core/builtins.js';
import { deepMerge } from '../core/objectPath.js';
import { parseScenario } from '../core/schema.js';
import { runMonteCarlo } from './pool.js';

describe('Monte Carlo pool', () => {
  it('worker threads give bit-for-bit the same runs as the main thread', async () => {
    const s = parseScenario(
      deepMerge(builtinScenario('baseline'), {
        horizonDays: 90,
        runs: 6,
        seed: Number(process.env.SEED ?? 11),
      }),
    );
    const inline = await runMonteCarlo(s, { workers: 0 });
    const threaded = await runMonteCarlo(s, { workers: 2, chunk: 1 });
    assert.equal(threaded.length, 6);
    for (let r = 0; r < 6; r++) {
      assert.equal(threaded[r]?.run, r);
      assert.deepEqual(Array.from(threaded[r]?.values ?? []), Array.from(inline[r]?.values ?? []));
    }
  });
});
