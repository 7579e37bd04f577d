import {
  type Deployment,
  type GridlightClient,
  gridlightTokenAbi,
  jobMarketAbi,
  nodeRegistryAbi,
  reputationAbi,
  stakingAbi,
} from '@gridlight/sdk';
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  type Hex,
  http,
  type PublicClient,
  type Transport,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { DaemonError } from './errors.js';

/**
 * The daemon's adapter over `@gridlight/sdk`. Reads and writes are the SDK's actions, called
 * with `client`; this class adds only what the daemon needs on top:
 *
 * - an RPC transport without its own retries (`withRetry` in retry.ts owns retrying, with
 *   backoff and failure metrics) and a 20 s request timeout;
 * - 1.5× gas headroom on writes (see `withGasHeadroom`) and a 2-minute receipt timeout;
 * - writes sent one at a time (`write`), so the node's nonces are used in order;
 * - the few reads the SDK has no action for (eligibility, security parameters, …).
 */
export class ChainClient {
  /** What SDK actions take: the daemon's RPC clients, the deployment and the node's account. */
  readonly client: GridlightClient;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: {
    rpcUrl: string;
    deployment: Deployment;
    privateKey?: Hex | undefined;
    pollingInterval?: number | undefined;
  }) {
    const { deployment } = options;
    const chain = defineChain({
      id: deployment.chainId,
      name: `gridlight-${deployment.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [options.rpcUrl] } },
    });
    const pollingInterval = options.pollingInterval ?? (deployment.chainId === 31337 ? 250 : 1000);
    const transport = http(options.rpcUrl, { timeout: 20_000, retryCount: 0 });
    const base: PublicClient<Transport, Chain> = createPublicClient({
      chain,
      transport,
      pollingInterval,
    });
    const publicClient = withGasHeadroom(base);
    const account = options.privateKey ? privateKeyToAccount(options.privateKey) : undefined;
    const walletClient = account
      ? createWalletClient({ account, chain, transport, pollingInterval })
      : undefined;
    this.client = { publicClient, walletClient, account, deployment, chain };
  }

  get publicClient(): GridlightClient['publicClient'] {
    return this.client.publicClient;
  }

  get deployment(): Deployment {
    return this.client.deployment;
  }

  /** The node's address. */
  get address(): Address {
    if (!this.client.account) throw new DaemonError('No private key: this client cannot act.');
    return this.client.account.address;
  }

  /**
   * Runs an SDK write action (`claim`, `commitResult`, `revealResult`, …) as the node. Writes
   * are queued, one in flight at a time, so the account's nonces are used in order; the
   * action simulates first, so a revert comes back as a `ContractRevertError` naming it.
   *
   * @example
   * const { claimId } = await chain.write(claim, { jobId, maxUnits: 4 });
   */
  write<P, R>(action: (client: GridlightClient, parameters: P) => Promise<R>, parameters: P) {
    const run = this.#writes.then(() => action(this.client, parameters));
    this.#writes = run.catch(() => undefined);
    return run;
  }

  // Reads the SDK has no action for.

  /** Whether the node may work on jobs of `minTier` (registered, active, tier, reputation). */
  isEligible(node: Address, minTier: number): Promise<boolean> {
    return this.publicClient.readContract({
      address: this.deployment.NodeRegistry,
      abi: nodeRegistryAbi,
      functionName: 'isEligible',
      args: [node, minTier],
    });
  }

  /** Collateral rate and verifier bond (what a claim locks, what verifying needs free). */
  async securityParams(): Promise<{
    collateralBps: number;
    verifierBond: bigint;
    verifyWindow: number;
  }> {
    const s = await this.publicClient.readContract({
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'securityParams',
    });
    return {
      collateralBps: s.collateralBps,
      verifierBond: s.verifierBond,
      verifyWindow: s.verifyWindow,
    };
  }

  /** Number of active nodes in the registry (for fair-share claim sizes). */
  async activeNodeCount(): Promise<number> {
    const n = await this.publicClient.readContract({
      address: this.deployment.NodeRegistry,
      abi: nodeRegistryAbi,
      functionName: 'activeCount',
    });
    return Number(n);
  }

  /** Bonded stake not locked by work, in wei (one read; `getNode` reads the registry too). */
  freeStake(node: Address): Promise<bigint> {
    return this.publicClient.readContract({
      address: this.deployment.Staking,
      abi: stakingAbi,
      functionName: 'freeStakeOf',
      args: [node],
    });
  }

  /** Stake that is unbonding (not in `getNode`, which gives bonded and free stake). */
  async unbonding(node: Address): Promise<bigint> {
    const a = await this.publicClient.readContract({
      address: this.deployment.Staking,
      abi: stakingAbi,
      functionName: 'accountOf',
      args: [node],
    });
    return a.unbonding;
  }

  /** Reputation score (basis points) and counters. */
  async reputation(node: Address): Promise<{
    score: number;
    accepted: number;
    late: number;
    rejected: number;
    slashed: number;
  }> {
    const [r, score] = await Promise.all([
      this.publicClient.readContract({
        address: this.deployment.Reputation,
        abi: reputationAbi,
        functionName: 'recordOf',
        args: [node],
      }),
      this.publicClient.readContract({
        address: this.deployment.Reputation,
        abi: reputationAbi,
        functionName: 'scoreOf',
        args: [node],
      }),
    ]);
    return {
      score: Number(score),
      accepted: r.accepted,
      late: r.late,
      rejected: r.rejected,
      slashed: r.slashed,
    };
  }

  /** GLT balance in wei. */
  balanceOf(owner: Address): Promise<bigint> {
    return this.publicClient.readContract({
      address: this.deployment.GridlightToken,
      abi: gridlightTokenAbi,
      functionName: 'balanceOf',
      args: [owner],
    });
  }
}

// The SDK's writes send `estimate × 13/10 + 50 000` gas. The daemon wants 1.5× (the reveal's
// verifier draw depends on the block's prevrandao, so the mined call may probe more candidates
// than the estimate did; unused gas is refunded): scaling the estimate by 15/13 gives
// `estimate × 3/2 + 50 000`, as the daemon sent before it used the SDK.
const SDK_NUMERATOR = 13n;
const DAEMON_NUMERATOR = 15n;

/**
 * Decorates a public client for the daemon's writes: contract gas estimates scaled so the SDK's
 * gas limit comes out at 1.5× the estimate, and receipts awaited for at most 2 minutes.
 */
function withGasHeadroom(base: PublicClient<Transport, Chain>): PublicClient<Transport, Chain> {
  return base.extend((client) => ({
    estimateContractGas: (async (parameters: Parameters<typeof client.estimateContractGas>[0]) => {
      const estimate = await client.estimateContractGas(parameters);
      return (estimate * DAEMON_NUMERATOR + SDK_NUMERATOR - 1n) / SDK_NUMERATOR;
    }) as typeof client.estimateContractGas,
    waitForTransactionReceipt: ((
      parameters: Parameters<typeof client.waitForTransactionReceipt>[0],
    ) =>
      client.waitForTransactionReceipt({
        timeout: 120_000,
        ...parameters,
      })) as typeof client.waitForTransactionReceipt,
  }));
}
