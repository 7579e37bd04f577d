import { parentPort, workerData } from 'node:worker_threads';
import { prepareScenario, simulateRun } from '../core/engine.js';
import type { Scenario } from '../core/schema.js';

/** Worker side of the Monte Carlo pool: runs the run indices it is sent, one chunk at a time. */
export type WorkerRequest = { runs: number[] } | { stop: true };
export type WorkerReply = { run: number; seed: number; steps: number; values: Float64Array }[];

const port = parentPort;
if (port) {
  const prepared = prepareScenario((workerData as { scenario: Scenario }).scenario);
  port.on('message', (msg: WorkerRequest) => {
    if ('stop' in msg) {
      port.close();
      return;
    }
    const out: WorkerReply = msg.runs.map((run) => simulateRun(prepared, run));
    port.postMessage(
      out,
      out.map((r) => r.values.buffer as ArrayBuffer),
    );
  });
  port.postMessage('ready');
}
