// Contracts in the loop, chain side (Node only): the simulator's agents act by transactions
// against a real deployment (anvil) and the Emissions contract decides each epoch's mint.
import { readFile } from 'node:fs/promises';
import {
  castVote,
  createGridlightClient,
  delegateVotes,
  emissionsAbi,
  type GridlightClient,
  gridlightGovernorAbi,
  gridlightTokenAbi,
  queueProposal,
  stakingAbi,
} from '@gridlight/sdk';
import {
  type Account,
  type Address,
  type Chain,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseEventLogs,
  type Transport,
  toHex,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { ChainAdapter } from '../core/chainAdapter.js';
import type { EmissionDecision, Simulation } from '../core/engine.js';
import type { EpochInput } from '../core/policies/supplyPolicy.js';
import type { Scenario, SupplyPolicyParams } from '../core/schema.js';

/** Anvil's first dev key: the deployer, who holds the genesis supply and the votes. */
export const ANVIL_KEY_0: Hex =
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const WEI = 10n ** 18n;
const DAY = 86_400;

/** Whole GLT (float) → wei; exact to ~1e-16 relative. */
export function toWei(glt: number): bigint {
  if (!(glt > 0)) return 0n;
  return BigInt(Math.round(glt * 1e9)) * 10n ** 9n;
}

/** wei → whole GLT (float). */
export function fromWei(wei: bigint): number {
  return Number(wei / 10n ** 9n) / 1e9 + Number(wei % 10n ** 9n) / 1e18;
}

/** `PolicyKind` of IEmissions. */
const POLICY_KIND = {
  fixed: 0,
  schedule: 1,
  decay: 2,
  'bonding-rate': 3,
  'burn-and-mint': 4,
} as const;

/** One chain epoch as read back from the contracts after it closed. */
export type ChainEpoch = {
  epoch: number;
  /** Emissions' epoch number (model epoch + offset). */
  chainEpoch: number;
  allowed: number;
  minted: number;
  burned: number;
  inflationPpb: number;
  stakedShareBps: number;
  transactions: number;
};

/** Chain state at the end of a step (after the agents' stake moves). */
export type ChainState = {
  supply: number;
  totalMinted: number;
  /** Σ bonded of the simulated accounts (the model's "staked": bonded, not unbonding). */
  staked: number;
  /** Staking.totalStaked (bonded + unbonding not yet withdrawn), what Emissions reads. */
  totalStaked: number;
};

export type AnvilAdapterOptions = {
  rpcUrl: string;
  deploymentFile: string;
  /** Genesis holder and voter (default: anvil key 0). */
  holderKey?: Hex;
  /** Progress lines. */
  log?: (line: string) => void;
};

type Wallet = WalletClient<Transport, Chain, Account>;

type Deployed = {
  GridlightToken: Address;
  Staking: Address;
  Emissions: Address;
  GridlightGovernor: Address;
};

/**
 * A `ChainAdapter` that drives the deployed contracts. `setup` switches the Emissions
 * policy (and the epoch length, reward split, slash split, unbonding period, a work
 * reporter and a slashing operator) through one governance proposal; each step the model's
 * agents act by transactions: nodes and the staker population stake / unbond / withdraw on
 * Staking, slashes go through Staking.slash, other burns through token.burn, accepted work
 * through Emissions.recordWork; then time moves one epoch and `advanceEpoch` mints.
 */
export class AnvilEmissionsAdapter implements ChainAdapter {
  readonly name: string;
  readonly epochs: ChainEpoch[] = [];
  private readonly options: AnvilAdapterOptions;
  private client!: GridlightClient;
  private addr!: Deployed;
  private holder!: Wallet;
  private reporter!: Wallet;
  private slasher!: Wallet;
  private staker!: Wallet;
  private nodes: Wallet[] = [];
  /** Chain bonded per node slot and for the staker account (wei), as we moved it. */
  private nodeBonded: bigint[] = [];
  private stakerBonded = 0n;
  /** Model stakes per slot at the last sync (slashes in beginStep are diffs from it). */
  private snapshot: number[] = [];
  private sim: Simulation | undefined;
  private scenario: Scenario | undefined;
  private epochOffset = 0;
  private epochLength = DAY;
  private txCount = 0;

  constructor(options: AnvilAdapterOptions) {
    this.options = options;
    this.name = `anvil:${options.rpcUrl}`;
  }

  /** Binds the simulation whose agents act on chain (before `setup`). */
  bind(sim: Simulation): void {
    this.sim = sim;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private async rpc(method: string, params: unknown[]): Promise<unknown> {
    return await this.client.publicClient.request({ method, params } as never);
  }

  private wallet(key: Hex): Wallet {
    return createWalletClient({
      account: privateKeyToAccount(key),
      chain: this.client.chain,
      transport: http(this.options.rpcUrl),
    });
  }

  /** Sends a contract call and checks its receipt (anvil mines on send). */
  private async send(
    wallet: Wallet,
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: readonly unknown[],
  ): Promise<Hex> {
    const hash = await wallet.writeContract({
      address,
      abi: abi as never,
      functionName: functionName as never,
      args: args as never,
      chain: wallet.chain,
      account: wallet.account,
    } as never);
    this.txCount++;
    const receipt = await this.client.publicClient.waitForTransactionReceipt({
      hash,
      pollingInterval: 20,
    });
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted (${hash})`);
    return hash;
  }

  private async read<T>(
    address: Address,
    abi: readonly unknown[],
    functionName: string,
    args: readonly unknown[] = [],
  ): Promise<T> {
    return (await this.client.publicClient.readContract({
      address,
      abi: abi as never,
      functionName: functionName as never,
      args: args as never,
    } as never)) as T;
  }

  async setup(scenario: Scenario): Promise<void> {
    const sim = this.sim;
    if (!sim) throw new Error('AnvilEmissionsAdapter.bind(sim) must be called before setup');
    this.scenario = scenario;
    const holderKey = this.options.holderKey ?? ANVIL_KEY_0;
    this.client = await createGridlightClient({
      rpcUrl: this.options.rpcUrl,
      deploymentFile: this.options.deploymentFile,
      account: holderKey,
    });
    const raw = JSON.parse(await readFile(this.options.deploymentFile, 'utf8')) as Record<
      string,
      string
    >;
    if (!raw.Emissions) throw new Error(`${this.options.deploymentFile} has no Emissions address`);
    this.addr = {
      GridlightToken: this.client.deployment.GridlightToken,
      Staking: this.client.deployment.Staking,
      GridlightGovernor: this.client.deployment.GridlightGovernor,
      Emissions: raw.Emissions as Address,
    };
    this.holder = this.wallet(holderKey);
    const roleKey = (role: string): Hex => keccak256(toHex(`gridlight-sim:${role}`));
    this.reporter = this.wallet(roleKey('reporter'));
    this.slasher = this.wallet(roleKey('slasher'));
    this.staker = this.wallet(roleKey('stakers'));
    this.nodes = Array.from({ length: scenario.nodes.maxCount }, (_, i) =>
      this.wallet(roleKey(`node:${i}`)),
    );
    this.nodeBonded = this.nodes.map(() => 0n);
    for (const w of [this.reporter, this.slasher, this.staker, ...this.nodes]) {
      await this.rpc('anvil_setBalance', [w.account.address, toHex(10n ** 21n)]);
    }

    const supply = await this.read<bigint>(
      this.addr.GridlightToken,
      gridlightTokenAbi,
      'totalSupply',
    );
    if (Math.abs(fromWei(supply) - scenario.supply.genesisSupply) > 1e-6) {
      throw new Error(
        `chain supply ${fromWei(supply)} GLT ≠ scenario genesisSupply ${scenario.supply.genesisSupply}; ` +
          'set supply.genesisSupply to the chain supply (runContractsInTheLoop does)',
      );
    }
    const [epoch] = await this.read<readonly [bigint, bigint]>(
      this.addr.Emissions,
      emissionsAbi,
      'currentEpoch',
    );
    this.epochOffset = Number(epoch);
    this.epochLength = scenario.stepDays * DAY;
    await this.governPolicy(scenario);
    // Approvals once; the holder funds the agents.
    for (const w of [this.staker, ...this.nodes]) {
      await this.send(w, this.addr.GridlightToken, gridlightTokenAbi, 'approve', [
        this.addr.Staking,
        maxUint256,
      ]);
    }
    await this.syncStakes();
  }

  /** The actions of the governance proposal that configures the loop. */
  private proposalActions(scenario: Scenario): { target: Address; calldata: Hex }[] {
    const e = (functionName: string, args: readonly unknown[]) => ({
      target: this.addr.Emissions,
      calldata: encodeFunctionData({
        abi: emissionsAbi as never,
        functionName: functionName as never,
        args: args as never,
      } as never),
    });
    const st = (functionName: string, args: readonly unknown[]) => ({
      target: this.addr.Staking,
      calldata: encodeFunctionData({
        abi: stakingAbi as never,
        functionName: functionName as never,
        args: args as never,
      } as never),
    });
    const policy: SupplyPolicyParams = scenario.supply.policy;
    const off = BigInt(this.epochOffset);
    const schedule = (
      entries: { fromEpoch: number; toEpoch?: number | undefined; emissionPerEpoch: number }[],
    ) =>
      entries.map((x) => ({
        fromEpoch: BigInt(x.fromEpoch) + off,
        toEpoch: x.toEpoch === undefined ? 0n : BigInt(x.toEpoch) + off,
        emissionPerEpoch: toWei(x.emissionPerEpoch),
      }));
    const actions = [];
    switch (policy.kind) {
      case 'fixed':
        break;
      case 'schedule':
        actions.push(e('setSchedule', [schedule(policy.schedule)]));
        break;
      case 'decay':
        actions.push(
          e('setDecayParams', [
            {
              totalEmission: toWei(policy.totalEmission),
              decayRatePpb: BigInt(policy.decayRatePpb),
              floorEmissionPerEpoch: toWei(policy.floorEmissionPerEpoch),
            },
          ]),
        );
        break;
      case 'bonding-rate':
        actions.push(
          e('setBondingRateParams', [
            {
              initialInflationPpb: BigInt(policy.initialInflationPpb),
              inflationChangePpb: BigInt(policy.inflationChangePpb),
              targetBondingRateBps: BigInt(policy.targetBondingRateBps),
              minInflationPpb: BigInt(policy.minInflationPpb),
              maxInflationPpb: BigInt(policy.maxInflationPpb),
            },
          ]),
        );
        break;
      case 'burn-and-mint':
        actions.push(e('setSchedule', [schedule(policy.schedule)]));
        actions.push(
          e('setNetEmissionCap', [
            policy.netEmissionCapPerEpoch === undefined
              ? maxUint256
              : toWei(policy.netEmissionCapPerEpoch),
          ]),
        );
        break;
    }
    const rs = scenario.supply.rewardSplit;
    actions.push(
      e('setPolicy', [POLICY_KIND[policy.kind]]),
      e('setRewardSplit', [
        { nodesBps: rs.nodesBps, stakersBps: rs.stakersBps, treasuryBps: rs.treasuryBps },
      ]),
      e('setEpochLength', [BigInt(this.epochLength)]),
      e('setWorkReporter', [this.reporter.account.address, true]),
      st('setOperator', [this.slasher.account.address, true]),
      st('setSlashSplit', [
        BigInt(scenario.staking.slashBurnBps),
        BigInt(scenario.staking.slashChallengerBps),
      ]),
      st('setUnbondingPeriod', [BigInt(Math.round(scenario.staking.unbondingPeriodDays * DAY))]),
    );
    const k = scenario.reputation.weightExponent;
    if (Number.isInteger(k) && k <= 4) actions.push(e('setWeightExponent', [BigInt(k)]));
    return actions;
  }

  /** Delegate, propose, vote, queue, wait out the timelock, execute (the genesis holder). */
  private async governPolicy(scenario: Scenario): Promise<void> {
    const gov = this.addr.GridlightGovernor;
    const actions = this.proposalActions(scenario);
    await delegateVotes(this.client);
    await this.rpc('anvil_mine', ['0x1']);
    const description = `sim loop: ${scenario.name} (${scenario.supply.policy.kind}) @${Date.now()}`;
    const hash = await this.send(this.holder, gov, gridlightGovernorAbi, 'propose', [
      actions.map((a) => a.target),
      actions.map(() => 0n),
      actions.map((a) => a.calldata),
      description,
    ]);
    const receipt = await this.client.publicClient.getTransactionReceipt({ hash });
    const [created] = parseEventLogs({
      abi: gridlightGovernorAbi,
      logs: receipt.logs,
      eventName: 'ProposalCreated',
    });
    if (!created) throw new Error('propose: no ProposalCreated event');
    const proposalId = created.args.proposalId;
    const delay = await this.read<bigint>(gov, gridlightGovernorAbi, 'votingDelay');
    await this.rpc('anvil_mine', [toHex(delay + 1n)]);
    await castVote(this.client, { proposalId, support: 'for' });
    const period = await this.read<bigint>(gov, gridlightGovernorAbi, 'votingPeriod');
    await this.rpc('anvil_mine', [toHex(period + 1n)]);
    await queueProposal(this.client, { proposalId, step: 'queue' });
    const eta = await this.read<bigint>(gov, gridlightGovernorAbi, 'proposalEta', [proposalId]);
    const now = (await this.client.publicClient.getBlock()).timestamp;
    if (eta > now) await this.rpc('evm_increaseTime', [Number(eta - now) + 1]);
    await this.rpc('anvil_mine', ['0x1']);
    await queueProposal(this.client, { proposalId, step: 'execute' });
    const [epoch, startedAt] = await this.read<readonly [bigint, bigint]>(
      this.addr.Emissions,
      emissionsAbi,
      'currentEpoch',
    );
    if (Number(epoch) !== this.epochOffset) {
      throw new Error(`Emissions moved from epoch ${this.epochOffset} to ${epoch} during setup`);
    }
    this.log(
      `governance: ${actions.length} actions executed (policy ${scenario.supply.policy.kind}, epoch ${epoch} from ${startedAt})`,
    );
  }

  /** Moves chain stakes to the model's: node slot i ↔ model node i, plus the staker pool. */
  private async syncStakes(): Promise<void> {
    const sim = this.sim as Simulation;
    const token = this.addr.GridlightToken;
    const move = async (w: Wallet, have: bigint, want: bigint): Promise<bigint> => {
      if (want > have) {
        const need = want - have;
        const balance = await this.read<bigint>(token, gridlightTokenAbi, 'balanceOf', [
          w.account.address,
        ]);
        if (balance < need) {
          await this.send(this.holder, token, gridlightTokenAbi, 'transfer', [
            w.account.address,
            need - balance,
          ]);
        }
        await this.send(w, this.addr.Staking, stakingAbi, 'stake', [need]);
      } else if (want < have) {
        await this.send(w, this.addr.Staking, stakingAbi, 'requestUnbond', [have - want]);
      }
      return want;
    };
    this.snapshot = [];
    for (let i = 0; i < this.nodes.length; i++) {
      const want = i < sim.count ? (sim.stake[i] ?? 0) : 0;
      this.snapshot.push(want);
      this.nodeBonded[i] = await move(
        this.nodes[i] as Wallet,
        this.nodeBonded[i] ?? 0n,
        toWei(want),
      );
    }
    this.stakerBonded = await move(this.staker, this.stakerBonded, toWei(sim.stakerBonded));
    await this.send(this.holder, this.addr.Emissions, emissionsAbi, 'checkpointStake', [
      this.staker.account.address,
    ]);
  }

  /** Withdraws unbonded stake whose period is over (it leaves Staking.totalStaked). */
  private async withdrawMatured(): Promise<void> {
    const now = (await this.client.publicClient.getBlock()).timestamp;
    for (const w of [this.staker, ...this.nodes]) {
      const account = await this.read<{ unbonding: bigint; unbondReadyAt: bigint }>(
        this.addr.Staking,
        stakingAbi,
        'accountOf',
        [w.account.address],
      );
      if (account.unbonding > 0n && account.unbondReadyAt <= now) {
        await this.send(w, this.addr.Staking, stakingAbi, 'withdraw', []);
      }
    }
  }

  /**
   * Closes one epoch: the step's slashes (Staking.slash), the other burns (token.burn by the
   * holder) and accepted work (recordWork) as transactions, then time to the epoch's end and
   * advanceEpoch. Returns the contract's decision for the model's `finishStep`.
   */
  async epoch(input: EpochInput): Promise<EmissionDecision> {
    const sim = this.sim as Simulation;
    const scenario = this.scenario as Scenario;
    const before = this.txCount;
    // Slashes: the model cut stake[i] in beginStep (nodes do not move between slots there).
    let slashBurned = 0;
    for (let i = 0; i < sim.count && i < this.nodes.length; i++) {
      const cut = (this.snapshot[i] ?? 0) - (sim.stake[i] ?? 0);
      if (cut <= 0) continue;
      const wei = toWei(cut);
      if (wei === 0n) continue;
      await this.send(this.slasher, this.addr.Staking, stakingAbi, 'slash', [
        (this.nodes[i] as Wallet).account.address,
        wei,
        this.holder.account.address,
      ]);
      this.nodeBonded[i] = (this.nodeBonded[i] ?? 0n) - wei;
      slashBurned += (cut * scenario.staking.slashBurnBps) / 10_000;
    }
    // Every other burn of the step (market burns, buy-back) from the holder.
    const rest = toWei(input.burnedThisEpoch - slashBurned);
    if (rest > 0n) {
      await this.send(this.holder, this.addr.GridlightToken, gridlightTokenAbi, 'burn', [rest]);
    }
    // Accepted work, as the reporter would report it.
    for (let i = 0; i < sim.count && i < this.nodes.length; i++) {
      const work = sim.work[i] ?? 0;
      if (!(work > 0) || !((sim.score[i] ?? 0) > 0)) continue;
      await this.send(this.reporter, this.addr.Emissions, emissionsAbi, 'recordWork', [
        (this.nodes[i] as Wallet).account.address,
        BigInt(Math.max(1, Math.round(work))),
      ]);
    }
    // Time to the end of the open epoch, then close it.
    const [, startedAt] = await this.read<readonly [bigint, bigint]>(
      this.addr.Emissions,
      emissionsAbi,
      'currentEpoch',
    );
    const endsAt = startedAt + BigInt(this.epochLength);
    const now = (await this.client.publicClient.getBlock()).timestamp;
    if (endsAt > now) await this.rpc('evm_increaseTime', [Number(endsAt - now)]);
    await this.rpc('anvil_mine', ['0x1']);
    const hash = await this.send(
      this.holder,
      this.addr.Emissions,
      emissionsAbi,
      'advanceEpoch',
      [],
    );
    const receipt = await this.client.publicClient.getTransactionReceipt({ hash });
    const [ev] = parseEventLogs({
      abi: emissionsAbi,
      logs: receipt.logs,
      eventName: 'EpochAdvanced',
    });
    if (!ev) throw new Error('advanceEpoch: no EpochAdvanced event');
    const chainEpoch = Number(ev.args.epoch);
    const record = await this.read<{ inflationPpb: bigint; stakedShareBps: bigint }>(
      this.addr.Emissions,
      emissionsAbi,
      'epochRecord',
      [ev.args.epoch],
    );
    this.epochs.push({
      epoch: input.epoch,
      chainEpoch,
      allowed: fromWei(ev.args.allowed),
      minted: fromWei(ev.args.minted),
      burned: fromWei(ev.args.burned),
      inflationPpb: Number(record.inflationPpb),
      stakedShareBps: Number(record.stakedShareBps),
      transactions: this.txCount - before,
    });
    return { emission: fromWei(ev.args.allowed), inflationPpb: Number(record.inflationPpb) };
  }

  /** After the model's `finishStep`: agents' stake moves on chain, then the chain's state. */
  async afterStep(): Promise<ChainState> {
    await this.withdrawMatured();
    await this.syncStakes();
    const [supply, totalMinted, totalStaked] = await Promise.all([
      this.read<bigint>(this.addr.GridlightToken, gridlightTokenAbi, 'totalSupply'),
      this.read<bigint>(this.addr.Emissions, emissionsAbi, 'totalMinted'),
      this.read<bigint>(this.addr.Staking, stakingAbi, 'totalStaked'),
    ]);
    let staked = 0n;
    for (const w of [this.staker, ...this.nodes]) {
      staked += await this.read<bigint>(this.addr.Staking, stakingAbi, 'bondedOf', [
        w.account.address,
      ]);
    }
    return {
      supply: fromWei(supply),
      totalMinted: fromWei(totalMinted),
      staked: fromWei(staked),
      totalStaked: fromWei(totalStaked),
    };
  }

  /** Chain supply now (GLT). */
  async chainSupply(): Promise<number> {
    return fromWei(
      await this.read<bigint>(this.addr.GridlightToken, gridlightTokenAbi, 'totalSupply'),
    );
  }

  get transactions(): number {
    return this.txCount;
  }

  async teardown(): Promise<void> {}
}

/** Total supply (GLT) of the deployment at `rpcUrl`. */
export async function readChainSupply(rpcUrl: string, deploymentFile: string): Promise<number> {
  const client = await createGridlightClient({ rpcUrl, deploymentFile });
  const supply = (await client.publicClient.readContract({
    address: client.deployment.GridlightToken,
    abi: gridlightTokenAbi,
    functionName: 'totalSupply',
  })) as bigint;
  return Number(supply / WEI) + Number(supply % WEI) / 1e18;
}
