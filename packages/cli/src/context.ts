import { resolve } from 'node:path';
import { createGridlightClient, type GridlightClient } from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import type { Hex } from 'viem';
import { devnetKey } from './devnet/accounts.js';
import { repoRoot } from './devnet/foundry.js';

/** Flags every chain command accepts. */
export const chainFlags = {
  'rpc-url': { type: 'string' },
  deployment: { type: 'string' },
  'private-key': { type: 'string' },
  'storage-url': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Builds the SDK and storage clients from the chain flags (devnet defaults). */
export async function clientsFrom(values: Record<string, string | boolean | undefined>): Promise<{
  client: GridlightClient;
  storage: StorageClient;
}> {
  const rpcUrl = (values['rpc-url'] as string | undefined) ?? 'http://127.0.0.1:8545';
  const deploymentFile = resolve(
    (values.deployment as string | undefined) ?? resolve(repoRoot, '.devnet', 'deployment.json'),
  );
  // The devnet requester (anvil account 9) is the default so a fresh devnet just works.
  const key = ((values['private-key'] as string | undefined) ??
    process.env.GRIDLIGHT_KEY ??
    devnetKey(9)) as Hex;
  const client = await createGridlightClient({ rpcUrl, deploymentFile, account: key });
  const storage = new StorageClient(
    (values['storage-url'] as string | undefined) ?? 'http://127.0.0.1:8081',
  );
  return { client, storage };
}
