import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getClaim } from './actions/getClaim.js';
import { stake } from './actions/stake.js';
import { createGridlightClient } from './client.js';
import { parseDeployment } from './deployment.js';
import { AccountRequiredError, DeploymentInvalidError, RpcUnavailableError } from './errors.js';

const deployment = {
  chainId: 31337,
  startBlock: 0,
  deployer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  GridlightToken: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  TimelockController: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  GridlightGovernor: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
  Staking: '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707',
  NodeRegistry: '0x0165878A594ca255338adfa4d48449f69242Eb8F',
  Reputation: '0xa513E6E4b8f2a923D98304ec87F64353C4D5C853',
  JobMarket: '0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6',
  RenderCertificate: '0x8A791620dd6260079BF849Dc5567aDC3F2FdC318',
};

describe('deployment', () => {
  it('validates and checksums addresses', () => {
    const lower = { ...deployment, JobMarket: deployment.JobMarket.toLowerCase() };
    assert.equal(parseDeployment(lower).JobMarket, deployment.JobMarket);
  });

  it('names the bad key', () => {
    assert.throws(
      () => parseDeployment({ ...deployment, Staking: '0x1234' }),
      (error: unknown) =>
        error instanceof DeploymentInvalidError && /Staking/.test(error.shortMessage),
    );
    assert.throws(
      () => parseDeployment({ ...deployment, chainId: undefined }),
      (error: unknown) =>
        error instanceof DeploymentInvalidError && /chainId/.test(error.shortMessage),
    );
  });
});

describe('createGridlightClient', () => {
  it('reads the deployment file and builds a chain from its id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridlight-sdk-'));
    const file = join(dir, 'deployment.json');
    writeFileSync(file, JSON.stringify(deployment));
    const client = await createGridlightClient({
      rpcUrl: 'http://127.0.0.1:1',
      deploymentFile: file,
    });
    assert.equal(client.chain.id, 31337);
    assert.equal(client.deployment.JobMarket, deployment.JobMarket);
    assert.equal(client.account, undefined);
  });

  it('fails clearly for a missing file, no deployment or a read-only write', async () => {
    await assert.rejects(
      createGridlightClient({ rpcUrl: 'http://127.0.0.1:1', deploymentFile: '/nonexistent.json' }),
      DeploymentInvalidError,
    );
    await assert.rejects(
      createGridlightClient({ rpcUrl: 'http://127.0.0.1:1' }),
      DeploymentInvalidError,
    );
    const client = await createGridlightClient({ rpcUrl: 'http://127.0.0.1:1', deployment });
    await assert.rejects(stake(client, { amount: 1n }), AccountRequiredError);
  });

  it('reports an unreachable RPC as a retryable RpcUnavailableError', async () => {
    const client = await createGridlightClient({ rpcUrl: 'http://127.0.0.1:1', deployment });
    await assert.rejects(getClaim(client, { claimId: 1n }), (error: unknown) => {
      assert.ok(error instanceof RpcUnavailableError, String(error));
      assert.equal(error.retryable, true);
      return true;
    });
  });
});
