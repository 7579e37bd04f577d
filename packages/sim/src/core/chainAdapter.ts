import type { EmissionDecision, PreparedScenario, RunResult } from './engine.js';
import { Simulation } from './engine.js';
import type { EpochInput } from './policies/supplyPolicy.js';
import type { Scenario } from './schema.js';

/**
 * Contracts-in-the-loop: the interface a chain back end implements so the engine asks the
 * deployed Emissions contract (instead of the pure policy) what to mint each epoch. The
 * chain side (anvil + sdk bindings) is not part of this package; `PurePolicyAdapter` is the
 * reference implementation and the oracle a chain adapter is checked against.
 */
export interface ChainAdapter {
  /** Human-readable name for reports ("pure", "anvil:31337"). */
  readonly name: string;
  /** Deploys or configures the contracts with the scenario's parameters (same names). */
  setup(scenario: Scenario): Promise<void>;
  /**
   * Closes one epoch on chain: the engine has burned `input.burnedThisEpoch` (the job market
   * and staking contracts' burns) and reports the staked share; the adapter advances time by
   * one epoch, calls the Emissions contract and returns what it minted and its new rate.
   */
  epoch(input: EpochInput): Promise<EmissionDecision>;
  /** Releases the chain (stops anvil, closes clients). */
  teardown(): Promise<void>;
}

/** Reference adapter: answers with the pure policy, so results equal `simulateRun`'s. */
export class PurePolicyAdapter implements ChainAdapter {
  readonly name = 'pure';
  private scenario: Scenario | undefined;
  private sim: Simulation | undefined;

  async setup(scenario: Scenario): Promise<void> {
    this.scenario = scenario;
  }

  /** Binds the adapter to the simulation whose policy it mirrors. */
  bind(sim: Simulation): void {
    this.sim = sim;
  }

  async epoch(input: EpochInput): Promise<EmissionDecision> {
    if (!this.sim || !this.scenario) throw new Error('PurePolicyAdapter used before setup/bind');
    return this.sim.decide(input);
  }

  async teardown(): Promise<void> {}
}

/** Runs one run with each epoch's emission decided by a chain adapter. */
export async function simulateRunWithChain(
  prepared: PreparedScenario,
  run: number,
  adapter: ChainAdapter,
): Promise<RunResult> {
  const sim = new Simulation(prepared, run);
  if (adapter instanceof PurePolicyAdapter) adapter.bind(sim);
  await adapter.setup(prepared.scenario);
  try {
    while (!sim.done) sim.finishStep(await adapter.epoch(sim.beginStep()));
  } finally {
    await adapter.teardown();
  }
  return { run, seed: sim.rngSeed, steps: prepared.steps, values: sim.values };
}
