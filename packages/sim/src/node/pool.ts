import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareScenario, type RunResult, simulateRun } from '../core/engine.js';
import type { Scenario } from '../core/schema.js';
import type { WorkerReply } from './worker.js';

/** Options of a Monte Carlo batch. */
export type MonteCarloOptions = {
  runs?: number | undefined;
  /** Worker threads; 0 runs in this thread. Defaults to the number of cores. */
  workers?: number | undefined;
  /** Runs per message to a worker. */
  chunk?: number | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
};

function spawn(scenario: Scenario): Worker {
  const url = new URL(
    import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js',
    import.meta.url,
  );
  if (url.pathname.endsWith('.ts')) {
    // Under tsx the worker needs the TypeScript loader registered before it imports.
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
    return new Worker(boot, { eval: true, workerData: { scenario } });
  }
  return new Worker(url, { workerData: { scenario } });
}

/**
 * Runs a scenario's Monte Carlo runs in parallel on worker threads. Each run's seed depends
 * only on (scenario seed, run index), so the result is bit-for-bit the same for any number
 * of workers; results come back ordered by run index.
 */
export async function runMonteCarlo(
  scenario: Scenario,
  options: MonteCarloOptions = {},
): Promise<RunResult[]> {
  const total = options.runs ?? scenario.runs;
  const workers = Math.min(options.workers ?? availableParallelism(), total);
  const results: RunResult[] = new Array(total);
  if (workers <= 0) {
    const prepared = prepareScenario(scenario);
    for (let r = 0; r < total; r++) {
      results[r] = simulateRun(prepared, r);
      options.onProgress?.(r + 1, total);
    }
    return results;
  }
  const chunk = Math.max(1, options.chunk ?? Math.min(16, Math.ceil(total / (workers * 8))));
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next >= total) {
          w.postMessage({ stop: true });
          return;
        }
        const runs: number[] = [];
        for (let k = 0; k < chunk && next < total; k++) runs.push(next++);
        w.postMessage({ runs });
      };
      for (let i = 0; i < workers; i++) {
        const w = spawn(scenario);
        pool.push(w);
        w.on('message', (msg: 'ready' | WorkerReply) => {
          if (msg !== 'ready') {
            for (const r of msg) results[r.run] = r;
            done += msg.length;
            options.onProgress?.(done, total);
            if (done === total) resolve();
          }
          feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (code !== 0 && done < total)
            reject(new Error(`simulation worker exited with code ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}
