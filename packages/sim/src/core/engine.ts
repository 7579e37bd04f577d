import { nextScore, UnbondingQueue } from './mechanisms.js';
import { samplePath } from './paths.js';
import { bmeEquilibriumPrice } from './policies/burnAndMint.js';
import { type EpochInput, emissionForEpoch, initialInflationPpb } from './policies/supplyPolicy.js';
import { deriveSeed, Rng } from './rng.js';
import type { Scenario } from './schema.js';
import { NUM_VARS, VAR } from './variables.js';

/**
 * The simulation engine: one Monte Carlo run of a scenario, step by step. Pure TypeScript
 * with no Node imports, so a browser Web Worker can run it. Node agents live in typed
 * arrays (struct of arrays) because the inner loop runs ~10^8 times in a full Monte Carlo.
 */

/** Scenario data shared by every run: exogenous paths sampled once per step. */
export type PreparedScenario = {
  scenario: Scenario;
  steps: number;
  cloud: Float64Array;
  aiRent: Float64Array;
  power: Float64Array;
  operatorParticipation: Float64Array;
  requesterParticipation: Float64Array;
  /** Multiplicative price shock applied during each step (1 = none). */
  shock: Float64Array;
};

/** Samples the scenario's exogenous paths; do it once and share across runs. */
export function prepareScenario(scenario: Scenario): PreparedScenario {
  const steps = Math.ceil(scenario.horizonDays / scenario.stepDays);
  const dt = scenario.stepDays;
  const ex = scenario.exogenous;
  const shock = new Float64Array(steps).fill(1);
  const shocks = scenario.market.kind === 'replay' ? [] : scenario.market.shocks;
  for (const s of shocks) {
    const t = Math.floor(s.day / dt);
    if (t < steps) shock[t] = (shock[t] ?? 1) * s.factor;
  }
  return {
    scenario,
    steps,
    cloud: samplePath(ex.cloudUnitPriceUsd, steps, dt),
    aiRent: samplePath(ex.aiRentMultiplier, steps, dt),
    power: samplePath(ex.powerCostMultiplier, steps, dt),
    operatorParticipation: samplePath(ex.operatorParticipation, steps, dt),
    requesterParticipation: samplePath(ex.requesterParticipation, steps, dt),
    shock,
  };
}

/** One run's output: `values[t * NUM_VARS + VAR.x]`. */
export type RunResult = { run: number; seed: number; steps: number; values: Float64Array };

/** The emission decision the engine asks for at each epoch (pure policy or a chain adapter). */
export type EmissionDecision = { emission: number; inflationPpb: number };

/** The seed of run `run` of a scenario: independent of how runs are spread over workers. */
export function runSeed(scenarioSeed: number, run: number): number {
  return deriveSeed(scenarioSeed, run);
}

/**
 * A single run's mutable state. `beginStep` does everything before the supply policy
 * (demand, work, fees, burns, slashing) and returns the policy's input; `finishStep` applies
 * the emission and does everything after it (rewards, node entry/exit, staking, market).
 * `step` joins them with the pure policy; a chain adapter joins them with the contract.
 */
export class Simulation {
  readonly p: PreparedScenario;
  readonly s: Scenario;
  readonly rng: Rng;
  readonly rngSeed: number;
  readonly values: Float64Array;
  t = 0;

  // Node agents (struct of arrays, compact: active nodes are 0..count-1).
  count = 0;
  readonly cls: Int32Array;
  readonly units: Float64Array;
  readonly depreciation: Float64Array;
  readonly powerKw: Float64Array;
  readonly aiRent: Float64Array;
  readonly pBad: Float64Array;
  readonly pLate: Float64Array;
  readonly lifetime: Float64Array;
  readonly age: Float64Array;
  readonly score: Float64Array;
  readonly stake: Float64Array;
  readonly expected: Float64Array;
  readonly negDays: Float64Array;
  readonly kyc: Float64Array;
  readonly work: Float64Array;
  readonly tokens: Float64Array;
  readonly weight: Float64Array;

  // Token state (whole GLT).
  supply: number;
  emittedSoFar = 0;
  inflationPpb: number;
  stakerBonded: number;
  nodeBonded = 0;
  treasury = 0;
  insurancePool = 0;
  readonly unbonding: UnbondingQueue;

  // Market state.
  price: number;
  poolUsd = 0;
  poolTokens = 0;
  unitPrice: number;
  spikeLeft = 0;
  entryRoiEma = 0;

  // Per-step scratch shared between beginStep and finishStep.
  private stepBurned = 0;
  private stepRevenueUsd = 0;
  private stepDemand = 0;
  private stepServed = 0;
  private stepCapacity = 0;
  private stepUtil = 0;
  private stepSlashed = 0;
  private stepBuyUsd = 0;
  private stepSellTokens = 0;
  private stepExits = 0;
  private stepReleasedToSell = 0;

  constructor(
    prepared: PreparedScenario,
    run: number,
    seed = runSeed(prepared.scenario.seed, run),
  ) {
    this.p = prepared;
    const s = prepared.scenario;
    this.s = s;
    this.rng = new Rng(seed);
    this.rngSeed = seed;
    this.values = new Float64Array(prepared.steps * NUM_VARS);
    const n = s.nodes.maxCount;
    this.cls = new Int32Array(n);
    this.units = new Float64Array(n);
    this.depreciation = new Float64Array(n);
    this.powerKw = new Float64Array(n);
    this.aiRent = new Float64Array(n);
    this.pBad = new Float64Array(n);
    this.pLate = new Float64Array(n);
    this.lifetime = new Float64Array(n);
    this.age = new Float64Array(n);
    this.score = new Float64Array(n);
    this.stake = new Float64Array(n);
    this.expected = new Float64Array(n);
    this.negDays = new Float64Array(n);
    this.kyc = new Float64Array(n);
    this.work = new Float64Array(n);
    this.tokens = new Float64Array(n);
    this.weight = new Float64Array(n);

    this.supply = s.supply.genesisSupply;
    this.inflationPpb = initialInflationPpb(s.supply.policy);
    this.stakerBonded = s.stakers.initialStakedShare * s.supply.genesisSupply;
    this.unbonding = new UnbondingQueue(Math.round(s.staking.unbondingPeriodDays / s.stepDays));
    const m = s.market;
    this.price = m.kind === 'replay' ? (m.prices[0] ?? 1) : m.initialPrice;
    if (m.kind === 'amm') {
      this.poolUsd = m.liquidityUsd;
      this.poolTokens = m.liquidityUsd / m.initialPrice;
    }
    this.unitPrice = s.requesters.initialUnitPriceUsd;

    // Initial nodes: classes by initialShare among those available at day 0, ages spread
    // uniformly over the hardware lifetime so retirements do not all land on one day.
    const initial = Math.min(n, s.nodes.initialCount);
    const classes = s.nodes.gpuClasses;
    const shares = classes.map((c) => (c.availableFromDay <= 0 ? c.initialShare : 0));
    const total = shares.reduce((a, b) => a + b, 0) || 1;
    for (let i = 0; i < initial; i++) {
      let u = this.rng.uniform() * total;
      let c = 0;
      while (c < classes.length - 1 && u >= (shares[c] ?? 0)) u -= shares[c++] ?? 0;
      const kyc = this.rng.uniform();
      this.addNode(
        c,
        this.rng.uniform() * (classes[c]?.lifetimeDays ?? 1),
        kyc,
        s.reputation.initialScore + (10_000 - s.reputation.initialScore) * this.rng.uniform() * 0.5,
      );
    }
  }

  private addNode(c: number, age: number, kyc: number, score: number): boolean {
    const s = this.s;
    const g = s.nodes.gpuClasses[c];
    if (!g || this.count >= s.nodes.maxCount) return false;
    const i = this.count++;
    this.cls[i] = c;
    this.units[i] = g.unitsPerDay;
    this.depreciation[i] = g.capexUsd / g.lifetimeDays;
    this.powerKw[i] = g.powerKw;
    this.aiRent[i] = g.aiRentUsdPerDay;
    this.pBad[i] = g.badResultRate;
    this.pLate[i] = g.missedDeadlineRate;
    this.lifetime[i] = g.lifetimeDays;
    this.age[i] = age;
    this.score[i] = Math.floor(score);
    const minStake =
      s.staking.minStakeByTier[Math.min(g.tier, s.staking.minStakeByTier.length - 1)] ?? 0;
    this.stake[i] = minStake;
    this.nodeBonded += minStake;
    this.expected[i] = 0;
    this.negDays[i] = 0;
    this.kyc[i] = kyc;
    return true;
  }

  /** Removes node i (swap with the last active node); its stake starts unbonding. */
  private removeNode(i: number): void {
    const st = this.stake[i] ?? 0;
    this.nodeBonded -= st;
    if (this.unbonding.periodSteps > 0) this.unbonding.request(st);
    else this.stepReleasedToSell += st;
    const last = --this.count;
    if (i !== last) {
      this.cls[i] = this.cls[last] ?? 0;
      this.units[i] = this.units[last] ?? 0;
      this.depreciation[i] = this.depreciation[last] ?? 0;
      this.powerKw[i] = this.powerKw[last] ?? 0;
      this.aiRent[i] = this.aiRent[last] ?? 0;
      this.pBad[i] = this.pBad[last] ?? 0;
      this.pLate[i] = this.pLate[last] ?? 0;
      this.lifetime[i] = this.lifetime[last] ?? 0;
      this.age[i] = this.age[last] ?? 0;
      this.score[i] = this.score[last] ?? 0;
      this.stake[i] = this.stake[last] ?? 0;
      this.expected[i] = this.expected[last] ?? 0;
      this.negDays[i] = this.negDays[last] ?? 0;
      this.kyc[i] = this.kyc[last] ?? 0;
      this.work[i] = this.work[last] ?? 0;
      this.tokens[i] = this.tokens[last] ?? 0;
    }
    this.stepExits++;
  }

  get done(): boolean {
    return this.t >= this.p.steps;
  }

  /** Runs demand, work, fees, burns and slashing of the current step; returns the policy input. */
  beginStep(): EpochInput {
    const s = this.s;
    const p = this.p;
    const t = this.t;
    const dt = s.stepDays;
    const day = t * dt;
    const rng = this.rng;
    this.stepBurned = 0;
    this.stepSlashed = 0;
    this.stepBuyUsd = 0;
    this.stepSellTokens = 0;
    this.stepExits = 0;

    // Unbonded stake becomes liquid; holders sell the same share nodes sell of their income.
    const released = this.unbonding.advance() + this.stepReleasedToSell;
    this.stepReleasedToSell = 0;
    this.stepSellTokens += released * s.stakers.unbondSellShare;

    // Regulation: operators who will not meet the participation rule (e.g. KYC) leave.
    const part = p.operatorParticipation[t] ?? 1;
    for (let i = this.count - 1; i >= 0; i--) if ((this.kyc[i] ?? 0) >= part) this.removeNode(i);

    // Requester demand in render units.
    const r = s.requesters;
    const cloud = p.cloud[t] ?? 1;
    const season =
      1 +
      r.seasonality.amplitude * Math.cos((2 * Math.PI * (day - r.seasonality.peakDayOfYear)) / 365);
    const arrivals = rng.poisson((r.spikes.perYear * dt) / 365);
    if (arrivals > 0) this.spikeLeft = Math.max(this.spikeLeft, r.spikes.durationDays);
    const spike = this.spikeLeft > 0 ? r.spikes.multiplier : 1;
    this.spikeLeft = Math.max(0, this.spikeLeft - dt);
    const growth = (1 + r.growthPerYear) ** (day / 365);
    const elastic = (this.unitPrice / cloud) ** -r.priceElasticity;
    const demand =
      r.baseUnitsPerDay *
      dt *
      growth *
      season *
      spike *
      (p.requesterParticipation[t] ?? 1) *
      elastic;

    let capacity = 0;
    const n = this.count;
    for (let i = 0; i < n; i++) capacity += this.units[i] ?? 0;
    capacity *= dt;
    const served = Math.min(demand, capacity);
    const util = capacity > 0 ? served / capacity : 0;
    const revenueUsd = served * this.unitPrice;
    const price = this.price;
    const paid = revenueUsd / price;
    const tokensPerUnit = this.unitPrice / price;
    this.stepBuyUsd += revenueUsd; // requesters buy the tokens they pay with

    // Work, outcomes, reputation, slashing and the node's fee share.
    const f = s.fees;
    const rep = s.reputation;
    const st = s.staking;
    const bme = s.supply.policy.kind === 'burn-and-mint';
    let nodeFeeTotal = 0;
    let unpaidUnits = 0;
    for (let i = 0; i < n; i++) {
      const w = (this.units[i] ?? 0) * dt * util;
      const score = this.score[i] ?? 0;
      const u = rng.uniform();
      const pb = this.pBad[i] ?? 0;
      let nodeBps = f.nodeBps;
      let accepted = w;
      if (u < pb) {
        // Proven bad result: slashed, unit unpaid (re-queued, served by others next step).
        const amt = Math.min(
          this.stake[i] ?? 0,
          ((this.stake[i] ?? 0) * st.badResultSlashBps) / 10_000,
        );
        this.stake[i] = (this.stake[i] ?? 0) - amt;
        this.nodeBonded -= amt;
        this.stepSlashed += amt;
        this.score[i] = nextScore(rep, score, 'slashed');
        accepted = 0;
        unpaidUnits += w;
      } else if (u < pb + (this.pLate[i] ?? 0)) {
        const amt = Math.min(
          this.stake[i] ?? 0,
          ((this.stake[i] ?? 0) * st.missedDeadlineSlashBps) / 10_000,
        );
        this.stake[i] = (this.stake[i] ?? 0) - amt;
        this.nodeBonded -= amt;
        this.stepSlashed += amt;
        this.score[i] = nextScore(rep, score, 'late');
        nodeBps = Math.max(0, f.nodeBps - f.slaAdjustmentBps);
      } else {
        this.score[i] = score + Math.floor(((10_000 - score) * rep.gainBps) / 10_000);
        nodeBps = Math.max(
          0,
          Math.min(
            f.nodeBps + f.treasuryBps,
            f.nodeBps + Math.trunc((f.slaAdjustmentBps * (2 * score - 10_000)) / 10_000),
          ),
        );
      }
      this.work[i] = accepted;
      // Under burn-and-mint the node's fee share is burned and nodes earn from emission.
      const fee = bme ? 0 : (accepted * tokensPerUnit * nodeBps) / 10_000;
      this.tokens[i] = fee;
      nodeFeeTotal += fee;
    }
    const paidAccepted = paid - unpaidUnits * tokensPerUnit;
    // Requesters are refunded for rejected units (escrow pays out exactly once).
    const skim = (paidAccepted * (f.treasuryBps + f.insuranceBps + f.integratorBps)) / 10_000;
    const burnShare = (paidAccepted * f.burnBps) / 10_000;
    let treasuryIncome: number;
    if (bme) {
      treasuryIncome = (paidAccepted * f.treasuryBps) / 10_000;
      this.stepBurned += paidAccepted - skim; // node + burn shares
    } else {
      treasuryIncome =
        paidAccepted -
        nodeFeeTotal -
        burnShare -
        (paidAccepted * (f.insuranceBps + f.integratorBps)) / 10_000;
      this.stepBurned += burnShare;
    }
    this.insurancePool += (paidAccepted * f.insuranceBps) / 10_000;
    // Slashes: burn share burned, challenger share paid out, the rest to insurance.
    const slashBurn = (this.stepSlashed * st.slashBurnBps) / 10_000;
    const slashChallenger = (this.stepSlashed * st.slashChallengerBps) / 10_000;
    this.stepBurned += slashBurn;
    this.insurancePool += this.stepSlashed - slashBurn - slashChallenger;
    // Buy-back: a share of the treasury's income buys GLT and burns it.
    const buyBack = (Math.max(0, treasuryIncome) * s.burn.buyBackBps) / 10_000;
    this.stepBurned += buyBack;
    this.treasury += treasuryIncome - buyBack;

    this.stepRevenueUsd = revenueUsd - unpaidUnits * this.unitPrice;
    this.stepDemand = demand;
    this.stepServed = served;
    this.stepCapacity = capacity;
    this.stepUtil = util;

    const staked = this.stakerBonded + this.nodeBonded;
    return {
      epoch: t,
      supply: this.supply,
      emittedSoFar: this.emittedSoFar,
      inflationPpb: this.inflationPpb,
      stakedShareBps: Math.floor((staked / this.supply) * 10_000),
      burnedThisEpoch: this.stepBurned,
    };
  }

  /** The pure supply policy's decision for an epoch input. */
  decide(input: EpochInput): EmissionDecision {
    return emissionForEpoch(this.s.supply.policy, input);
  }

  /** Applies the emission, pays rewards, moves agents and the market; records the step. */
  finishStep(decision: EmissionDecision): void {
    const s = this.s;
    const p = this.p;
    const t = this.t;
    const dt = s.stepDays;
    const rng = this.rng;
    const n = this.count;
    const exp = s.reputation.weightExponent;
    let totalWeight = 0;
    for (let i = 0; i < n; i++) {
      const sc = (this.score[i] ?? 0) / 10_000;
      const w = (this.work[i] ?? 0) * (exp === 1 ? sc : sc ** exp);
      this.weight[i] = w;
      totalWeight += w;
    }
    // Emission: nodes pro rata to accepted work × reputation, stakers, treasury. With no
    // accepted work there is nobody to pay, so the node pool is not minted.
    const rs = s.supply.rewardSplit;
    const scheduledNodePool = (decision.emission * rs.nodesBps) / 10_000;
    const minted = totalWeight > 0 ? decision.emission : decision.emission - scheduledNodePool;
    const nodePool = totalWeight > 0 ? scheduledNodePool : 0;
    const stakerPool = (decision.emission * rs.stakersBps) / 10_000;
    this.treasury += (decision.emission * rs.treasuryBps) / 10_000;
    this.inflationPpb = decision.inflationPpb;
    this.emittedSoFar += minted;
    this.supply += minted - this.stepBurned;
    const perWeight = totalWeight > 0 ? nodePool / totalWeight : 0;

    // Node economics and exits.
    const price = this.price;
    const powerPrice = s.nodes.powerCostUsdPerKwh * (p.power[t] ?? 1);
    const idle = s.nodes.idlePowerShare;
    const util = this.stepUtil;
    const aiMult = p.aiRent[t] ?? 1;
    const alpha = 1 - 2 ** (-dt / s.nodes.expectationHalfLifeDays);
    const patience = s.nodes.patienceDays;
    const sell = s.nodes.tokenSellShare;
    let nodeTokens = 0;
    let revenueSum = 0;
    let marginSum = 0;
    const nBefore = n;
    for (let i = n - 1; i >= 0; i--) {
      const tok = (this.tokens[i] ?? 0) + (this.weight[i] ?? 0) * perWeight;
      nodeTokens += tok;
      const revenue = tok * price;
      const cost =
        ((this.depreciation[i] ?? 0) +
          (this.powerKw[i] ?? 0) * 24 * (idle + (1 - idle) * util) * powerPrice) *
        dt;
      const margin = revenue - cost;
      revenueSum += revenue;
      marginSum += margin;
      const economic = margin / dt - (this.aiRent[i] ?? 0) * aiMult;
      const e = (this.expected[i] ?? 0) + alpha * (economic - (this.expected[i] ?? 0));
      this.expected[i] = e;
      const neg = e < 0 ? (this.negDays[i] ?? 0) + dt : 0;
      this.negDays[i] = neg;
      const age = (this.age[i] ?? 0) + dt;
      this.age[i] = age;
      if (neg >= patience || age >= (this.lifetime[i] ?? Number.POSITIVE_INFINITY))
        this.removeNode(i);
    }
    this.stepSellTokens += nodeTokens * sell;
    const perNodeDay = nBefore > 0 ? 1 / (nBefore * dt) : 0;

    // Entry: a prospective operator prices the best class it can buy today at this step's
    // conditions: its share of the node fees at the demand it would see, plus its share of the
    // node emission pool (pro rata to capacity), less cost and the alternative income.
    const capacityPerDay = this.stepCapacity / dt;
    const demandPerDay = this.stepDemand / dt;
    const feePerUnitUsd =
      s.supply.policy.kind === 'burn-and-mint' ? 0 : (this.unitPrice * s.fees.nodeBps) / 10_000;
    const day = t * dt;
    let best = -1;
    let bestRoi = Number.NEGATIVE_INFINITY;
    const classes = s.nodes.gpuClasses;
    for (let c = 0; c < classes.length; c++) {
      const g = classes[c];
      if (
        !g ||
        g.entryWeight <= 0 ||
        day < g.availableFromDay ||
        (g.availableUntilDay !== undefined && day >= g.availableUntilDay)
      )
        continue;
      const cap = capacityPerDay + g.unitsPerDay;
      const u = Math.min(1, demandPerDay / cap);
      const revenue =
        feePerUnitUsd * g.unitsPerDay * u +
        ((scheduledNodePool * price) / dt) * (g.unitsPerDay / cap);
      const cost =
        g.capexUsd / g.lifetimeDays + g.powerKw * 24 * (idle + (1 - idle) * u) * powerPrice;
      const alt = g.aiRentUsdPerDay * aiMult;
      const roi = (revenue - cost - alt) / (cost + alt || 1);
      if (roi > bestRoi) {
        bestRoi = roi;
        best = c;
      }
    }
    this.entryRoiEma += alpha * (bestRoi - this.entryRoiEma);
    let entries = 0;
    if (best >= 0 && this.entryRoiEma > s.nodes.entryHurdle) {
      const intensity =
        s.nodes.entryRatePerDay *
        s.nodes.maxCount *
        dt *
        Math.min(1, this.entryRoiEma - s.nodes.entryHurdle);
      const arrivals = rng.poisson(intensity);
      const part = p.operatorParticipation[t] ?? 1;
      for (let k = 0; k < arrivals; k++) {
        const kyc = rng.uniform();
        if (kyc >= part) continue;
        if (!this.addNode(best, 0, kyc, s.reputation.initialScore)) break;
        const g = classes[best];
        const minStake =
          s.staking.minStakeByTier[Math.min(g?.tier ?? 0, s.staking.minStakeByTier.length - 1)] ??
          0;
        this.stepBuyUsd += minStake * price;
        entries++;
      }
    }

    // Stakers: the staked share drifts toward what the yield, net of the liquidity cost of
    // the unbonding period, makes attractive.
    const sk = s.stakers;
    const yieldAnnual = this.stakerBonded > 0 ? ((stakerPool / this.stakerBonded) * 365) / dt : 0;
    const required =
      sk.baseRequiredYield + sk.liquidityCostPerUnbondingDay * s.staking.unbondingPeriodDays;
    const target =
      sk.maxStakedShare / (1 + Math.exp(-sk.yieldSensitivity * 100 * (yieldAnnual - required)));
    const gap = target * this.supply - this.stakerBonded;
    const move = gap * Math.min(1, sk.adjustmentSpeed * dt);
    if (move >= 0) this.stakerBonded += move;
    else {
      this.stakerBonded += move;
      if (this.unbonding.periodSteps > 0) this.unbonding.request(-move);
      else this.stepReleasedToSell += -move;
    }
    // Staker rewards are paid liquid, not restaked.

    // Token market.
    const m = s.market;
    const shock = p.shock[t] ?? 1;
    if (m.kind === 'gbm') {
      const years = dt / 365;
      const sigma = m.volatilityPerYear;
      // driftPerYear is the drift of log price, so the median path grows at it.
      let logR = m.driftPerYear * years + sigma * Math.sqrt(years) * rng.normal();
      const jumps = rng.poisson(m.jumpsPerYear * years);
      for (let k = 0; k < jumps; k++) logR += m.jumpMeanLog + m.jumpStdLog * rng.normal();
      this.price = price * Math.exp(logR) * shock;
    } else if (m.kind === 'amm') {
      const noise = m.noiseUsdPerDay > 0 ? m.noiseUsdPerDay * Math.sqrt(dt) * rng.normal() : 0;
      const netUsd = this.stepBuyUsd + noise - this.stepSellTokens * price;
      const k = this.poolUsd * this.poolTokens;
      if (netUsd >= 0) {
        this.poolUsd += netUsd;
        this.poolTokens = k / this.poolUsd;
      } else {
        // Sellers put tokens in; they get at most what the pool holds.
        this.poolTokens += -netUsd / price;
        this.poolUsd = k / this.poolTokens;
      }
      if (shock !== 1) {
        // An exogenous trade that moves the pool price by the shock factor.
        const target = (this.poolUsd / this.poolTokens) * shock;
        this.poolUsd = Math.sqrt(k * target);
        this.poolTokens = Math.sqrt(k / target);
      }
      this.price = this.poolUsd / this.poolTokens;
    } else {
      const prices = m.prices;
      this.price = prices[Math.min(prices.length - 1, (t + 1) * dt)] ?? price;
    }

    // Network unit price: moves toward the target utilization, capped by 3× the cloud price.
    const r = s.requesters;
    const cloud = p.cloud[t] ?? 1;
    const unitPriceNow = this.unitPrice;
    // Pressure is demand over capacity (not served over capacity), so unmet demand raises it.
    const pressure = this.stepCapacity > 0 ? Math.min(2, this.stepDemand / this.stepCapacity) : 2;
    this.unitPrice = Math.min(
      3 * cloud,
      Math.max(
        r.minUnitPriceUsd,
        unitPriceNow * (1 + r.priceAdjustmentSpeed * dt * (pressure - r.targetUtilization)),
      ),
    );

    // Record.
    const v = this.values;
    const o = t * NUM_VARS;
    const staked = this.stakerBonded + this.nodeBonded;
    v[o + VAR.day] = t * dt;
    v[o + VAR.supply] = this.supply;
    v[o + VAR.minted] = minted;
    v[o + VAR.burned] = this.stepBurned;
    v[o + VAR.netEmission] = minted - this.stepBurned;
    v[o + VAR.price] = price;
    v[o + VAR.nodeCount] = nBefore;
    v[o + VAR.capacityUnits] = this.stepCapacity;
    v[o + VAR.demandUnits] = this.stepDemand;
    v[o + VAR.servedUnits] = this.stepServed;
    v[o + VAR.utilization] = util;
    v[o + VAR.unitPriceUsd] = unitPriceNow;
    v[o + VAR.cloudUnitPriceUsd] = cloud;
    v[o + VAR.costVsCloud] = unitPriceNow / cloud;
    v[o + VAR.revenueUsd] = this.stepRevenueUsd;
    v[o + VAR.nodeRevenueUsd] = revenueSum * perNodeDay;
    v[o + VAR.nodeMarginUsd] = nBefore > 0 ? marginSum * perNodeDay : Number.NaN;
    v[o + VAR.stakedShare] = staked / this.supply;
    v[o + VAR.unbonding] = this.unbonding.total;
    v[o + VAR.inflationAnnual] = ((minted / this.supply) * 365) / dt;
    v[o + VAR.stakingYieldAnnual] = yieldAnnual;
    v[o + VAR.treasury] = this.treasury;
    v[o + VAR.insurancePool] = this.insurancePool;
    v[o + VAR.slashed] = this.stepSlashed;
    v[o + VAR.bmeEquilibriumPrice] =
      minted > 0 && s.supply.policy.kind === 'burn-and-mint'
        ? bmeEquilibriumPrice(
            this.stepRevenueUsd,
            minted,
            10_000 - (s.fees.treasuryBps + s.fees.insuranceBps + s.fees.integratorBps),
          )
        : Number.NaN;
    v[o + VAR.entries] = entries;
    v[o + VAR.exits] = this.stepExits;
    this.t++;
  }

  /** One step with the pure supply policy. */
  step(): void {
    this.finishStep(this.decide(this.beginStep()));
  }
}

/** Runs one Monte Carlo run of a prepared scenario to the horizon. */
export function simulateRun(prepared: PreparedScenario, run: number, seed?: number): RunResult {
  const sim = new Simulation(prepared, run, seed);
  while (!sim.done) sim.step();
  return { run, seed: sim.rngSeed, steps: prepared.steps, values: sim.values };
}
