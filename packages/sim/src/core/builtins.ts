import { UnknownScenarioError } from './errors.js';
import { deepMerge } from './objectPath.js';
import { halvingSchedule } from './policies/schedule.js';
import type { ScenarioInput } from './schema.js';

/**
 * Built-in scenarios: a baseline network and one scenario per risk named in issue #4.
 * The baseline is a small burn-and-mint network (~200 RTX-4090-class nodes, ~$2k/day of
 * render demand, GLT at $0.10); each risk scenario overrides only what it is about.
 */

export const baseline: ScenarioInput = {
  name: 'baseline',
  description: 'Burn-and-mint network, 200 nodes, steady demand growth, volatile GLT.',
  horizonDays: 730,
  stepDays: 1,
  seed: 4,
  runs: 100,
  supply: {
    genesisSupply: 1_000_000_000,
    // 20k GLT/day, halving every two years.
    policy: { kind: 'burn-and-mint', schedule: halvingSchedule(20_000, 730, 3) },
    rewardSplit: { nodesBps: 8_000, stakersBps: 2_000, treasuryBps: 0 },
  },
  fees: {
    nodeBps: 8_000,
    treasuryBps: 800,
    burnBps: 700,
    insuranceBps: 300,
    integratorBps: 200,
    slaAdjustmentBps: 500,
  },
  staking: { minStakeByTier: [10_000, 50_000, 200_000], unbondingPeriodDays: 14 },
  nodes: {
    initialCount: 200,
    maxCount: 400,
    gpuClasses: [
      {
        name: 'rtx4090',
        tier: 0,
        capexUsd: 2_500,
        lifetimeDays: 1_095,
        powerKw: 0.45,
        unitsPerDay: 100,
        aiRentUsdPerDay: 3,
      },
    ],
    powerCostUsdPerKwh: 0.15,
    patienceDays: 30,
    entryRatePerDay: 0.005,
    entryHurdle: 0.1,
  },
  requesters: {
    baseUnitsPerDay: 12_000,
    growthPerYear: 0.3,
    seasonality: { amplitude: 0.15, peakDayOfYear: 300 },
    spikes: { perYear: 6, multiplier: 1.6, durationDays: 4 },
    priceElasticity: 1.5,
    initialUnitPriceUsd: 0.12,
    minUnitPriceUsd: 0.02,
    priceAdjustmentSpeed: 0.02,
    targetUtilization: 0.8,
  },
  stakers: {
    initialStakedShare: 0.15,
    baseRequiredYield: 0.02,
    liquidityCostPerUnbondingDay: 0.0005,
    yieldSensitivity: 0.5,
    adjustmentSpeed: 0.02,
  },
  // GLT trades in a constant-product pool: requesters buy what they pay with, nodes and
  // unbonding stakers sell, and speculators add noise.
  market: { kind: 'amm', initialPrice: 0.1, liquidityUsd: 2_000_000, noiseUsdPerDay: 20_000 },
  exogenous: { cloudUnitPriceUsd: [{ day: 0, value: 0.15 }] },
};

const risks: Record<string, unknown> = {
  'seasonal-peak': {
    description:
      'Film-production season: demand swings ±50% around an October peak, with deadline spikes.',
    requesters: {
      seasonality: { amplitude: 0.5, peakDayOfYear: 290 },
      spikes: { perYear: 12, multiplier: 2, durationDays: 6 },
    },
  },
  'ai-demand-shock': {
    description:
      'AI rental pays 3× from day 180 to day 540, pulling GPUs away, then settles at 1.2×.',
    exogenous: {
      aiRentMultiplier: [
        { day: 0, value: 1 },
        { day: 180, value: 1 },
        { day: 240, value: 3 },
        { day: 540, value: 3 },
        { day: 600, value: 1.2 },
      ],
    },
  },
  'token-crash': {
    description: 'GLT loses 70% on day 180 (on top of its usual volatility).',
    market: { shocks: [{ day: 180, factor: 0.3 }] },
  },
  'speculative-pump': {
    description: 'GLT is pumped 4× on day 120, then dumped to 30% of the top on day 300.',
    market: {
      shocks: [
        { day: 120, factor: 4 },
        { day: 300, factor: 0.3 },
      ],
    },
  },
  'cloud-price-decline': {
    description: 'Centralized cloud rendering gets 50% cheaper over two years.',
    exogenous: {
      cloudUnitPriceUsd: [
        { day: 0, value: 0.15 },
        { day: 730, value: 0.075 },
      ],
    },
  },
  'hardware-generation': {
    description:
      'A new GPU generation (1.8× throughput) ships on day 365; cloud prices fall 30% with it.',
    nodes: {
      gpuClasses: [
        {
          name: 'rtx4090',
          tier: 0,
          capexUsd: 2_500,
          lifetimeDays: 1_095,
          powerKw: 0.45,
          unitsPerDay: 100,
          aiRentUsdPerDay: 3,
          availableUntilDay: 365,
        },
        {
          name: 'rtx5090',
          tier: 0,
          capexUsd: 3_000,
          lifetimeDays: 1_095,
          powerKw: 0.55,
          unitsPerDay: 180,
          aiRentUsdPerDay: 4,
          availableFromDay: 365,
          initialShare: 0,
        },
      ],
    },
    exogenous: {
      cloudUnitPriceUsd: [
        { day: 0, value: 0.15 },
        { day: 365, value: 0.15 },
        { day: 455, value: 0.105 },
      ],
    },
  },
  'regulatory-kyc': {
    description:
      'A KYC rule on day 180: 30% of operators and 10% of requesters do not comply and leave.',
    exogenous: {
      operatorParticipation: [
        { day: 0, value: 1 },
        { day: 179, value: 1 },
        { day: 180, value: 0.7 },
      ],
      requesterParticipation: [
        { day: 0, value: 1 },
        { day: 179, value: 1 },
        { day: 180, value: 0.9 },
      ],
    },
  },
};

/** Names of the built-in scenarios, baseline first. */
export const BUILTIN_NAMES: readonly string[] = ['baseline', ...Object.keys(risks)];

/** The input of a built-in scenario (validate it with parseScenario). */
export function builtinScenario(name: string): ScenarioInput {
  if (name === 'baseline') return structuredClone(baseline);
  const over = risks[name];
  if (!over) throw new UnknownScenarioError(name, [...BUILTIN_NAMES]);
  return deepMerge(baseline, { ...(over as object), name });
}
