// Governance through the CLI against a real anvil: delegate, propose a parameter change,
// vote, queue, wait out the timelock, execute — and the parameter changes.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createGridlightClient, stakingAbi } from '@gridlight/sdk';
import { devnetKey } from './devnet/accounts.js';
import { deployProtocol, startAnvil } from './devnet/chain.js';
import type { Managed } from './devnet/processes.js';
import { main } from './main.js';
import { freePort, rpc as rpcAt, Sink } from './testing/harness.js';

let dir: string;
let anvil: Managed & { rpcUrl: string };
let deploymentFile: string;

const rpc = (method: string, params: unknown[]) => rpcAt(anvil.rpcUrl, method, params);

/** Runs the CLI in-process as the deployer (who holds the genesis supply). */

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(
    [
      ...argv,
      '--rpc-url',
      anvil.rpcUrl,
      '--deployment',
      deploymentFile,
      '--private-key',
      devnetKey(0),
    ],
    { stdout, stderr },
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridlight-gov-'));
  anvil = await startAnvil(await freePort(), join(dir, 'anvil.log'));
  deploymentFile = join(dir, 'deployment.json');
  await deployProtocol(anvil.rpcUrl, deploymentFile, {
    votingPeriodBlocks: 10,
    timelockDelaySeconds: 60,
  });
});

after(async () => {
  await anvil?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a parameter change passes the vote and the timelock, then takes effect', async () => {
  assert.equal((await cli('gov', 'delegate')).code, 0);
  await rpc('anvil_mine', ['0x1']);
  const proposed = await cli(
    'gov',
    'propose',
    '--contract',
    'Staking',
    '--signature',
    'setUnbondingPeriod(uint256)',
    '--args',
    '[86400]',
    '--description',
    'Unbonding period: one day',
    '--json',
  );
  assert.equal(proposed.code, 0, proposed.stderr);
  const { proposalId } = JSON.parse(proposed.stdout) as { proposalId: string };

  // Not queueable while the vote is open: one clear line, non-zero exit.
  const early = await cli('gov', 'queue', proposalId);
  assert.equal(early.code, 1);
  assert.match(early.stderr, /is (Pending|Active); it cannot be queued now/);

  await rpc('anvil_mine', ['0x2']);
  assert.equal((await cli('gov', 'vote', proposalId, 'for')).code, 0);
  await rpc('anvil_mine', ['0xb']);
  assert.equal((await cli('gov', 'queue', proposalId)).code, 0);

  const tooSoon = await cli('gov', 'execute', proposalId);
  assert.equal(tooSoon.code, 1, 'the timelock delay has not passed');
  await rpc('evm_increaseTime', [61]);
  await rpc('anvil_mine', ['0x1']);
  const executed = await cli('gov', 'execute', proposalId);
  assert.equal(executed.code, 0, executed.stderr);

  const client = await createGridlightClient({ rpcUrl: anvil.rpcUrl, deploymentFile });
  const period = await client.publicClient.readContract({
    address: client.deployment.Staking,
    abi: stakingAbi,
    functionName: 'unbondingPeriod',
  });
  assert.equal(period, 86_400n);
  const status = await cli('gov', 'status', proposalId, '--json');
  assert.equal((JSON.parse(status.stdout) as { state: string }).state, 'Executed');
});

test('a proposal that does not encode is refused before any transaction', async () => {
  const bad = await cli(
    'gov',
    'propose',
    '--contract',
    'Staking',
    '--signature',
    'setUnbondingPeriod(uint256)',
    '--args',
    '["soon"]',
  );
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Cannot encode Staking\.setUnbondingPeriod/);
  const unknown = await cli('gov', 'propose', '--contract', 'Bank', '--signature', 'x()');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /--contract must be one of/);
});
