import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type Deployment, loadDeployment, parseDeployment } from './deployment.js';
import { DeploymentInvalidError } from './errors.js';

/** What every SDK action takes: RPC clients, the deployment and the acting account. */
export type GridlightClient = {
  /** Reads, simulations, receipts, event watching. */
  publicClient: PublicClient<Transport, Chain>;
  /** Sends transactions as `account`; undefined for a read-only client. */
  walletClient: WalletClient<Transport, Chain, Account> | undefined;
  /** The acting account, when there is one. */
  account: Account | undefined;
  /** Contract addresses and chain id. */
  deployment: Deployment;
  /** The chain, built from the deployment's chain id and the RPC URL. */
  chain: Chain;
};

/** Options of `createGridlightClient`: an RPC URL, a deployment (object or file), an account. */
export type CreateGridlightClientParameters = {
  /** JSON-RPC endpoint, e.g. http://127.0.0.1:8545. */
  rpcUrl: string;
  /** The deployment object (validated). Give this or `deploymentFile`. */
  deployment?: unknown;
  /** Path of the deployment JSON written by the deploy script (Node only). */
  deploymentFile?: string | undefined;
  /** A viem account or a private key; omit for a read-only client. */
  account?: Account | Hex | undefined;
  /** Polling interval in ms for receipts and event polling. Default 1000 (250 on chain 31337). */
  pollingInterval?: number | undefined;
};

/**
 * Creates the client every SDK action takes.
 *
 * @example
 * const client = await createGridlightClient({
 *   rpcUrl: 'http://127.0.0.1:8545',
 *   deploymentFile: '.devnet/deployment.json',
 *   account: '0xac09…ff80',
 * });
 * const job = await getJob(client, { jobId: 1n });
 */
export async function createGridlightClient(
  parameters: CreateGridlightClientParameters,
): Promise<GridlightClient> {
  const { rpcUrl, deploymentFile } = parameters;
  let deployment: Deployment;
  if (parameters.deployment !== undefined) deployment = parseDeployment(parameters.deployment);
  else if (deploymentFile !== undefined) deployment = await loadDeployment(deploymentFile);
  else {
    throw new DeploymentInvalidError('No deployment given.', {
      metaMessages: ['Pass `deployment` (the object) or `deploymentFile` (its JSON path).'],
    });
  }
  const chain = defineChain({
    id: deployment.chainId,
    name: `gridlight-${deployment.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const pollingInterval = parameters.pollingInterval ?? (deployment.chainId === 31337 ? 250 : 1000);
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain, transport, pollingInterval });
  const account =
    typeof parameters.account === 'string'
      ? privateKeyToAccount(parameters.account)
      : parameters.account;
  const walletClient = account
    ? createWalletClient({ account, chain, transport, pollingInterval })
    : undefined;
  return { publicClient, walletClient, account, deployment, chain };
}
