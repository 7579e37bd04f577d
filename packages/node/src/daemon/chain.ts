import { readFile } from 'node:fs/promises';
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  defineChain,
  getAddress,
  type Hash,
  type Hex,
  http,
  isAddress,
  type PublicClient,
  parseSignature,
  stringToHex,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { z } from 'zod';
import { jobMarketAbi, nodeRegistryAbi, reputationAbi, stakingAbi, tokenAbi } from './abi.js';
import { DaemonError, OptionsInvalidError } from './errors.js';

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), 'must be a 20-byte hex address')
  .transform((value) => getAddress(value) as Address);

// The deployment JSON written by contracts/script/Deploy.s.sol. Read here because the SDK's
// loadDeployment is not exported from its entry point yet.
const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  startBlock: z.number().int().nonnegative(),
  GridlightToken: address,
  Staking: address,
  NodeRegistry: address,
  Reputation: address,
  JobMarket: address,
  RenderCertificate: address,
});

/** Chain id, first block and the contract addresses the daemon talks to. */
export type Deployment = z.infer<typeof deploymentSchema>;

/** Reads and validates the deployment file; one-line error naming the problem. */
export async function loadDeploymentFile(file: string): Promise<Deployment> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new OptionsInvalidError(
      `Cannot read deployment file ${file}: ${(cause as Error).message.split('\n')[0]}`,
      {
        cause,
      },
    );
  }
  const result = deploymentSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new OptionsInvalidError(
      `Invalid deployment file ${file}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? ''}`.trim(),
    );
  }
  return result.data;
}

/** A transaction that was mined but reverted. */
export class TransactionRevertedError extends DaemonError {
  override name = 'TransactionRevertedError';
  constructor(action: string, hash: Hash) {
    super(`${action} reverted in transaction ${hash}.`);
  }
}

export type JobOnChain = {
  requester: Address;
  unitCount: number;
  nextUnit: number;
  unitsAccepted: number;
  pricePerUnit: bigint;
  deadline: number;
  claimTtl: number;
  mode: number;
  minTier: number;
  status: number;
  requeuedCount: number;
  taskCount: number;
  manifestDigest: Hex;
  framesRoot: Hex;
};

export type TaskOnChain = {
  start: number;
  count: number;
  status: number;
  windowEnds: number;
  party: Address;
};

export type ClaimOnChain = {
  node: Address;
  jobId: bigint;
  taskIndex: number;
  status: number;
  time: number;
  sealOrRoot: Hex;
};

export type NodeOnChain = {
  registered: boolean;
  active: boolean;
  scoreTier: number;
  vramMb: number;
  benchmarkScore: number;
  region: string;
  encryptionKey: Hex;
  gpuModel: string;
  endpoint: string;
};

export type NodeParams = {
  gpuModel: string;
  vramMb: number;
  benchmarkScore: number;
  encryptionKey: Hex;
  region: string;
  endpoint: string;
};

/**
 * The daemon's view of the chain: typed reads of JobMarket, Staking, NodeRegistry and
 * Reputation, and writes that are simulated first (so reverts come back decoded), sent one
 * at a time (one nonce sequence per node), and awaited until mined.
 */
export class ChainClient {
  readonly publicClient: PublicClient<Transport, Chain>;
  readonly walletClient: WalletClient<Transport, Chain, Account> | undefined;
  readonly account: Account | undefined;
  readonly deployment: Deployment;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: {
    rpcUrl: string;
    deployment: Deployment;
    privateKey?: Hex | undefined;
    pollingInterval?: number | undefined;
  }) {
    this.deployment = options.deployment;
    const chain = defineChain({
      id: options.deployment.chainId,
      name: `gridlight-${options.deployment.chainId}`,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [options.rpcUrl] } },
    });
    const pollingInterval =
      options.pollingInterval ?? (options.deployment.chainId === 31337 ? 250 : 1000);
    const transport = http(options.rpcUrl, { timeout: 20_000, retryCount: 0 });
    this.publicClient = createPublicClient({ chain, transport, pollingInterval });
    this.account = options.privateKey ? privateKeyToAccount(options.privateKey) : undefined;
    this.walletClient = this.account
      ? createWalletClient({ account: this.account, chain, transport, pollingInterval })
      : undefined;
  }

  /** The node's address. */
  get address(): Address {
    if (!this.account) throw new DaemonError('No private key: this client cannot act.');
    return this.account.address;
  }

  // ------------------------------------------------------------------ reads

  async job(jobId: bigint): Promise<JobOnChain> {
    const j = await this.publicClient.readContract({
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'jobOf',
      args: [jobId],
    });
    return {
      requester: j.requester,
      unitCount: j.unitCount,
      nextUnit: j.nextUnit,
      unitsAccepted: j.unitsAccepted,
      pricePerUnit: j.pricePerUnit,
      deadline: j.deadline,
      claimTtl: j.claimTtl,
      mode: j.mode,
      minTier: j.minTier,
      status: j.status,
      requeuedCount: j.requeuedCount,
      taskCount: j.taskCount,
      manifestDigest: j.manifestDigest,
      framesRoot: j.framesRoot,
    };
  }

  async task(jobId: bigint, taskIndex: number | bigint): Promise<TaskOnChain> {
    const t = await this.publicClient.readContract({
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'taskOf',
      args: [jobId, BigInt(taskIndex)],
    });
    return {
      start: t.start,
      count: t.count,
      status: t.status,
      windowEnds: t.windowEnds,
      party: t.party,
    };
  }

  async claim(claimId: bigint): Promise<ClaimOnChain> {
    const c = await this.publicClient.readContract({
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'claimOf',
      args: [claimId],
    });
    return {
      node: c.node,
      jobId: BigInt(c.jobId),
      taskIndex: c.taskIndex,
      status: c.status,
      time: c.time,
      sealOrRoot: c.sealOrRoot,
    };
  }

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

  async node(node: Address): Promise<NodeOnChain> {
    const n = await this.publicClient.readContract({
      address: this.deployment.NodeRegistry,
      abi: nodeRegistryAbi,
      functionName: 'nodeOf',
      args: [node],
    });
    const regionBytes = Buffer.from(n.region.slice(2), 'hex');
    return {
      registered: n.registered,
      active: n.active,
      scoreTier: n.scoreTier,
      vramMb: n.vramMb,
      benchmarkScore: n.benchmarkScore,
      region: regionBytes.toString('latin1').replace(/\0/g, ''),
      encryptionKey: n.encryptionKey,
      gpuModel: n.gpuModel,
      endpoint: n.endpoint,
    };
  }

  isEligible(node: Address, minTier: number): Promise<boolean> {
    return this.publicClient.readContract({
      address: this.deployment.NodeRegistry,
      abi: nodeRegistryAbi,
      functionName: 'isEligible',
      args: [node, minTier],
    });
  }

  async stakeAccount(
    node: Address,
  ): Promise<{ bonded: bigint; locked: bigint; unbonding: bigint }> {
    const a = await this.publicClient.readContract({
      address: this.deployment.Staking,
      abi: stakingAbi,
      functionName: 'accountOf',
      args: [node],
    });
    return { bonded: a.bonded, locked: a.locked, unbonding: a.unbonding };
  }

  freeStake(node: Address): Promise<bigint> {
    return this.publicClient.readContract({
      address: this.deployment.Staking,
      abi: stakingAbi,
      functionName: 'freeStakeOf',
      args: [node],
    });
  }

  async reputation(node: Address): Promise<{
    score: number;
    accepted: number;
    late: number;
    rejected: number;
    slashed: number;
  }> {
    const r = await this.publicClient.readContract({
      address: this.deployment.Reputation,
      abi: reputationAbi,
      functionName: 'recordOf',
      args: [node],
    });
    const score = await this.publicClient.readContract({
      address: this.deployment.Reputation,
      abi: reputationAbi,
      functionName: 'scoreOf',
      args: [node],
    });
    return {
      score: Number(score),
      accepted: r.accepted,
      late: r.late,
      rejected: r.rejected,
      slashed: r.slashed,
    };
  }

  balanceOf(owner: Address): Promise<bigint> {
    return this.publicClient.readContract({
      address: this.deployment.GridlightToken,
      abi: tokenAbi,
      functionName: 'balanceOf',
      args: [owner],
    });
  }

  // ------------------------------------------------------------------ writes

  /**
   * Simulates, sends and waits for one contract call. Writes are queued so the account's
   * nonces are used in order; a revert is thrown decoded (viem's ContractFunctionRevertedError
   * with the contract error's name).
   */
  write(
    action: string,
    call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] },
    hooks: { onSent?: (hash: Hash) => void | Promise<void> } = {},
  ): Promise<{ hash: Hash; receipt: TransactionReceipt }> {
    const run = this.#writes.then(async () => {
      const walletClient = this.walletClient;
      if (!walletClient) throw new DaemonError(`${action} needs a private key.`);
      const { request } = await this.publicClient.simulateContract({
        ...call,
        account: walletClient.account,
      } as Parameters<typeof this.publicClient.simulateContract>[0]);
      // Headroom over the estimate: reveal's verifier draw depends on the block's prevrandao,
      // so the mined call may probe more candidates than the estimate did. Unused gas is refunded.
      const estimate = await this.publicClient.estimateContractGas({
        ...call,
        account: walletClient.account,
      } as Parameters<typeof this.publicClient.estimateContractGas>[0]);
      const hash = await walletClient.writeContract({
        ...(request as Parameters<typeof walletClient.writeContract>[0]),
        gas: (estimate * 3n) / 2n + 50_000n,
      } as Parameters<typeof walletClient.writeContract>[0]);
      await hooks.onSent?.(hash);
      const receipt = await this.publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 });
      if (receipt.status !== 'success') throw new TransactionRevertedError(action, hash);
      return { hash, receipt };
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }

  /** Claims up to `maxUnits` units of a job; returns the claim from the UnitsClaimed event. */
  async claimUnits(
    jobId: bigint,
    maxUnits: number,
  ): Promise<{ claimId: bigint; taskIndex: number; start: number; count: number; hash: Hash }> {
    const { hash, receipt } = await this.write('claim', {
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'claim',
      args: [jobId, BigInt(maxUnits)],
    });
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== this.deployment.JobMarket.toLowerCase()) continue;
      try {
        const event = decodeEventLog({ abi: jobMarketAbi, data: log.data, topics: log.topics });
        if (event.eventName === 'UnitsClaimed') {
          return {
            claimId: event.args.claimId,
            taskIndex: Number(event.args.taskIndex),
            start: Number(event.args.start),
            count: Number(event.args.count),
            hash,
          };
        }
      } catch {
        // another event
      }
    }
    throw new DaemonError(`claim transaction ${hash} has no UnitsClaimed event.`);
  }

  commit(claimId: bigint, seal: Hex) {
    return this.write('commit', {
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'commit',
      args: [claimId, seal],
    });
  }

  reveal(claimId: bigint, resultRoot: Hex, salt: Hex) {
    return this.write('reveal', {
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'reveal',
      args: [claimId, resultRoot, salt],
    });
  }

  submitVerdicts(claimIds: bigint[], accepts: boolean[]) {
    return this.write('submitVerdicts', {
      address: this.deployment.JobMarket,
      abi: jobMarketAbi,
      functionName: 'submitVerdicts',
      args: [claimIds, accepts],
    });
  }

  registerNode(params: NodeParams, update = false) {
    return this.write(update ? 'update' : 'register', {
      address: this.deployment.NodeRegistry,
      abi: nodeRegistryAbi,
      functionName: update ? 'update' : 'register',
      args: [
        {
          gpuModel: params.gpuModel,
          vramMb: params.vramMb,
          benchmarkScore: params.benchmarkScore,
          encryptionKey: params.encryptionKey,
          region: stringToHex(params.region, { size: 2 }),
          endpoint: params.endpoint,
        },
      ],
    });
  }

  /** Stakes `amount` with an ERC-2612 permit (no separate approve transaction). */
  async stakeWithPermit(amount: bigint) {
    const walletClient = this.walletClient;
    if (!walletClient) throw new DaemonError('stake needs a private key.');
    const owner = walletClient.account.address;
    const token = this.deployment.GridlightToken;
    const [domain, nonce, block] = await Promise.all([
      this.publicClient.readContract({
        address: token,
        abi: tokenAbi,
        functionName: 'eip712Domain',
      }),
      this.publicClient.readContract({
        address: token,
        abi: tokenAbi,
        functionName: 'nonces',
        args: [owner],
      }),
      this.publicClient.getBlock({ blockTag: 'latest' }),
    ]);
    const [, name, version, chainId, verifyingContract] = domain;
    const deadline = block.timestamp + 3600n;
    const signature = await walletClient.signTypedData({
      domain: { name, version, chainId, verifyingContract },
      types: {
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      primaryType: 'Permit',
      message: { owner, spender: this.deployment.Staking, value: amount, nonce, deadline },
    });
    const { r, s, v, yParity } = parseSignature(signature);
    return this.write('stake', {
      address: this.deployment.Staking,
      abi: stakingAbi,
      functionName: 'stakeWithPermit',
      args: [amount, deadline, Number(v ?? BigInt(yParity + 27)), r, s],
    });
  }
}
