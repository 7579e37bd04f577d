// Public entry of the node daemon: start it in-process, or run its CLI.
export { runNodeCommand } from './cli.js';
export {
  type DaemonStartContext,
  type DaemonStatus,
  type NodeDaemon,
  startNodeDaemon,
} from './daemon.js';
export { DaemonMetrics } from './metrics.js';
export { type DaemonOptions, type DaemonOptionsInput, parseDaemonOptions } from './options.js';
export { decodeResultIndex, type ResultIndex } from './results.js';
