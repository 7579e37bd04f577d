// Contracts-in-the-loop parity: a short horizon of the baseline economy driven against the
// real contracts on anvil (agents act by transactions) matches the pure model within 0.1 %.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
// packages/cli is not a dependency of the simulator (it depends on it); reuse its devnet helpers.
import { deployProtocol, startAnvil } from '../../../cli/src/devnet/chain.js';
import { builtinScenario } from '../core/builtins.js';
import type { ScenarioInput } from '../core/schema.js';
import { formatLoopReport, runContractsInTheLoop } from './loop.js';

let dir: string;
let anvil: { rpcUrl: string; stop: () => Promise<void> } | undefined;

async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fresh anvil + deployment per policy (Emissions starts at epoch 0 with no history). */
async function freshChain(name: string): Promise<{ rpcUrl: string; deploymentFile: string }> {
  await anvil?.stop();
  anvil = await startAnvil(await freePort(), join(dir, `anvil-${name}.log`));
  const deploymentFile = join(dir, `deployment-${name}.json`);
  await deployProtocol(anvil.rpcUrl, deploymentFile, {
    votingPeriodBlocks: 10,
    timelockDelaySeconds: 60,
  });
  return { rpcUrl: anvil.rpcUrl, deploymentFile };
}

function withPolicy(policy: ScenarioInput['supply']): ScenarioInput {
  return { ...builtinScenario('baseline'), supply: policy };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridlight-sim-loop-'));
});

after(async () => {
  await anvil?.stop();
  await rm(dir, { recursive: true, force: true });
});

const policies: [string, ScenarioInput['supply']][] = [
  [
    'schedule',
    {
      policy: {
        kind: 'schedule',
        schedule: [
          { fromEpoch: 0, toEpoch: 4, emissionPerEpoch: 20_000 },
          { fromEpoch: 4, emissionPerEpoch: 10_000 },
        ],
      },
      rewardSplit: { nodesBps: 7_000, stakersBps: 2_000, treasuryBps: 1_000 },
    },
  ],
  [
    'bonding-rate',
    {
      policy: {
        kind: 'bonding-rate',
        initialInflationPpb: 50_000,
        inflationChangePpb: 5_000,
        targetBondingRateBps: 5_000,
        minInflationPpb: 10_000,
        maxInflationPpb: 200_000,
      },
      rewardSplit: { nodesBps: 6_000, stakersBps: 3_000, treasuryBps: 1_000 },
    },
  ],
];

for (const [name, supply] of policies) {
  test(`${name}: 10 epochs, 5 nodes on anvil match the pure model within 0.1 %`, async (t) => {
    const chain = await freshChain(name);
    const report = await runContractsInTheLoop(withPolicy(supply), {
      ...chain,
      epochs: 10,
      nodes: 5,
    });
    for (const line of formatLoopReport(report)) t.diagnostic(line);
    assert.equal(report.rows.length, 10);
    assert.ok(report.totals.chain.minted > 0, 'the contract minted');
    assert.ok(report.totals.chain.burned > 0, 'the agents burned');
    assert.ok(
      report.maxDivergence.max <= 0.001,
      `max divergence ${report.maxDivergence.max} > 0.1 %`,
    );
  });
}
