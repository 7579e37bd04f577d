/** Browser-safe API of the simulator (no Node imports below this folder). */
export { type Aggregate, aggregateRuns } from './aggregate.js';
export { BUILTIN_NAMES, builtinScenario } from './builtins.js';
export { type ChainAdapter, PurePolicyAdapter, simulateRunWithChain } from './chainAdapter.js';
export { renderChart, standardCharts } from './charts.js';
export { prepareScenario, type RunResult, Simulation, simulateRun } from './engine.js';
export { BaseError, ScenarioInvalidError } from './errors.js';
export { bmeEquilibriumPrice } from './policies/burnAndMint.js';
export { emissionForEpoch } from './policies/supplyPolicy.js';
export { renderReport } from './report.js';
export { parseScenario, type Scenario, type ScenarioInput, scenarioJsonSchema } from './schema.js';
export { STATE_VARIABLES } from './variables.js';
export { computeVerdict, type Verdict } from './verdict.js';
