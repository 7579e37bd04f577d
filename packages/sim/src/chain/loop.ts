// Contracts in the loop: one run of a scenario driven against the real contracts, diffed
// against the pure model epoch by epoch (supply, minted, burned, staked).
import { prepareScenario, Simulation } from '../core/engine.js';
import { parseScenario, type Scenario } from '../core/schema.js';
import { NUM_VARS, VAR } from '../core/variables.js';
import {
  type AnvilAdapterOptions,
  AnvilEmissionsAdapter,
  type ChainEpoch,
  readChainSupply,
} from './anvilAdapter.js';

export type LoopOptions = AnvilAdapterOptions & {
  /** Epochs (simulation steps) to drive. */
  epochs: number;
  /** Overrides nodes.initialCount and nodes.maxCount (one chain account per node slot). */
  nodes?: number | undefined;
  /** Which Monte Carlo run's seed to use (default 0). */
  run?: number | undefined;
};

type Quad = { supply: number; minted: number; burned: number; staked: number };

export type LoopEpochRow = {
  epoch: number;
  model: Quad;
  chain: Quad & { totalStaked: number; inflationPpb: number; transactions: number };
  /** |chain − model| / |model| (0 when both are 0). */
  divergence: Quad & { max: number };
};

export type LoopReport = {
  scenario: string;
  policy: string;
  epochs: number;
  nodes: number;
  rows: LoopEpochRow[];
  /** Max over epochs of each divergence, and over all four. */
  maxDivergence: Quad & { max: number };
  /** Cumulative minted and burned, model vs chain. */
  totals: { model: { minted: number; burned: number }; chain: { minted: number; burned: number } };
  transactions: number;
  wallMs: number;
};

/** Relative divergence; 0 when both are 0, 1 when only the model is 0. */
export function relativeDivergence(chain: number, model: number): number {
  if (model === 0) return chain === 0 ? 0 : 1;
  return Math.abs(chain - model) / Math.abs(model);
}

/** The scenario as driven on chain: N steps, the chain's genesis supply, optional node count. */
export function loopScenario(
  scenario: unknown,
  options: { epochs: number; nodes?: number | undefined; genesisSupply: number },
): Scenario {
  const base = parseScenario(scenario, 'loop scenario');
  const nodes =
    options.nodes === undefined
      ? base.nodes
      : { ...base.nodes, initialCount: options.nodes, maxCount: options.nodes };
  return parseScenario(
    {
      ...base,
      horizonDays: options.epochs * base.stepDays,
      supply: { ...base.supply, genesisSupply: options.genesisSupply },
      nodes,
    },
    'loop scenario',
  );
}

/**
 * Runs `options.epochs` epochs of `scenario` with the Emissions contract deciding each
 * epoch and the agents acting by transactions, and the same run with the pure policy;
 * reports per-epoch relative divergence of supply, minted, burned and staked.
 */
export async function runContractsInTheLoop(
  scenario: unknown,
  options: LoopOptions,
): Promise<LoopReport> {
  const started = Date.now();
  const genesisSupply = await readChainSupply(options.rpcUrl, options.deploymentFile);
  const s = loopScenario(scenario, {
    epochs: options.epochs,
    nodes: options.nodes,
    genesisSupply,
  });
  const prepared = prepareScenario(s);
  const run = options.run ?? 0;

  // The pure model.
  const pure = new Simulation(prepared, run);
  while (!pure.done) pure.step();

  // The same run, with the contracts deciding and the agents acting on chain.
  const sim = new Simulation(prepared, run);
  const adapter = new AnvilEmissionsAdapter(options);
  adapter.bind(sim);
  await adapter.setup(s);
  const rows: LoopEpochRow[] = [];
  const epochs: ChainEpoch[] = adapter.epochs;
  try {
    let chainBurned = 0;
    while (!sim.done) {
      const t = sim.t;
      const decision = await adapter.epoch(sim.beginStep());
      sim.finishStep(decision);
      const state = await adapter.afterStep();
      const e = epochs[epochs.length - 1] as ChainEpoch;
      chainBurned += e.burned;
      const o = t * NUM_VARS;
      const v = pure.values;
      const modelSupply = v[o + VAR.supply] ?? 0;
      const model: Quad = {
        supply: modelSupply,
        minted: v[o + VAR.minted] ?? 0,
        burned: v[o + VAR.burned] ?? 0,
        staked: (v[o + VAR.stakedShare] ?? 0) * modelSupply,
      };
      const chain = {
        supply: state.supply,
        minted: e.minted,
        burned: e.burned,
        staked: state.staked,
        totalStaked: state.totalStaked,
        inflationPpb: e.inflationPpb,
        transactions: e.transactions,
      };
      const d = {
        supply: relativeDivergence(chain.supply, model.supply),
        minted: relativeDivergence(chain.minted, model.minted),
        burned: relativeDivergence(chain.burned, model.burned),
        staked: relativeDivergence(chain.staked, model.staked),
      };
      rows.push({
        epoch: t,
        model,
        chain,
        divergence: { ...d, max: Math.max(d.supply, d.minted, d.burned, d.staked) },
      });
      options.log?.(
        `epoch ${t}: minted ${chain.minted.toFixed(3)} (model ${model.minted.toFixed(3)}), ` +
          `burned ${chain.burned.toFixed(3)}, supply ${chain.supply.toFixed(3)}, ` +
          `max divergence ${(rows[rows.length - 1]?.divergence.max ?? 0) * 100} %`,
      );
    }
    const max = (k: keyof Quad | 'max') => Math.max(0, ...rows.map((r) => r.divergence[k]));
    const sum = (f: (r: LoopEpochRow) => number) => rows.reduce((a, r) => a + f(r), 0);
    return {
      scenario: s.name,
      policy: s.supply.policy.kind,
      epochs: rows.length,
      nodes: s.nodes.maxCount,
      rows,
      maxDivergence: {
        supply: max('supply'),
        minted: max('minted'),
        burned: max('burned'),
        staked: max('staked'),
        max: max('max'),
      },
      totals: {
        model: { minted: sum((r) => r.model.minted), burned: sum((r) => r.model.burned) },
        chain: { minted: sum((r) => r.chain.minted), burned: chainBurned },
      },
      transactions: adapter.transactions,
      wallMs: Date.now() - started,
    };
  } finally {
    await adapter.teardown();
  }
}

/** A short plain-text table of a loop report. */
export function formatLoopReport(report: LoopReport): string[] {
  const pct = (x: number) => `${(x * 100).toExponential(2)} %`;
  const lines = [
    `contracts in the loop: ${report.scenario} (${report.policy}), ${report.epochs} epochs, ${report.nodes} nodes, ${report.transactions} transactions, ${(report.wallMs / 1000).toFixed(1)} s`,
    'epoch  minted(chain)  minted(model)  burned(chain)  supply(chain)  staked(chain)  max divergence',
  ];
  for (const r of report.rows) {
    lines.push(
      `${String(r.epoch).padStart(5)}  ${r.chain.minted.toFixed(4).padStart(13)}  ${r.model.minted.toFixed(4).padStart(13)}  ${r.chain.burned.toFixed(4).padStart(13)}  ${r.chain.supply.toFixed(2).padStart(13)}  ${r.chain.staked.toFixed(2).padStart(13)}  ${pct(r.divergence.max)}`,
    );
  }
  const m = report.maxDivergence;
  lines.push(
    `max divergence: supply ${pct(m.supply)}, minted ${pct(m.minted)}, burned ${pct(m.burned)}, staked ${pct(m.staked)}; overall ${pct(m.max)} (target ≤ 0.1 %: ${m.max <= 0.001 ? 'met' : 'NOT met'})`,
  );
  return lines;
}
