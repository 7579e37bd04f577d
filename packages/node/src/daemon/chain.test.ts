import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { jobMarketAbi } from '@gridlight/sdk';
import { ChainClient } from './chain.js';

const ADDRESS = `0x${'11'.repeat(20)}` as const;
const deployment = {
  chainId: 31337,
  startBlock: 0,
  deployer: ADDRESS,
  GridlightToken: ADDRESS,
  TimelockController: ADDRESS,
  GridlightGovernor: ADDRESS,
  Staking: ADDRESS,
  NodeRegistry: ADDRESS,
  Reputation: ADDRESS,
  JobMarket: ADDRESS,
  RenderCertificate: ADDRESS,
};

test('contract gas estimates are scaled so the SDK sends 1.5x + 50 000 gas', async () => {
  // An RPC endpoint that estimates every call at 100 000 gas.
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const { id, method } = JSON.parse(body) as { id: number; method: string };
      const result = method === 'eth_estimateGas' ? '0x186a0' : null;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const chain = new ChainClient({
      rpcUrl: `http://127.0.0.1:${port}`,
      deployment,
      privateKey: `0x${'01'.repeat(32)}`,
    });
    const estimate = await chain.publicClient.estimateContractGas({
      address: ADDRESS,
      abi: jobMarketAbi,
      functionName: 'claim',
      args: [1n, 1n],
      account: chain.address,
    });
    // The SDK's write helper sends estimate × 13/10 + 50 000 (packages/sdk/src/internal/write.ts).
    assert.equal((estimate * 13n) / 10n + 50_000n, 200_000n);
  } finally {
    server.close();
  }
});
