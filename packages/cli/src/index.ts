// Public entry point of @gridlight/cli (used by tests and the main-job script).

export { type Devnet, type DevnetOptions, startDevnet } from './devnet/devnet.js';
export { main } from './main.js';
