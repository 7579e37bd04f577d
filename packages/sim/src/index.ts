/**
 * @gridlight/sim — the token-economy simulator. Browser-safe pieces live under `./core`
 * (import `@gridlight/sim/core`); this entry adds the Node-only Monte Carlo pool, file output
 * and CLI.
 */

export { runSimCommand } from './cli.js';
export { writeRunOutputs } from './node/output.js';
export { type MonteCarloOptions, runMonteCarlo } from './node/pool.js';
