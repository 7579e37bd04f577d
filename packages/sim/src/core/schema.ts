import { z } from 'zod';
import { ScenarioInvalidError } from './errors.js';

/**
 * The scenario schema. Token amounts are whole GLT (not wei), money is USD, rates use the
 * contracts' integer units: shares in basis points (bps, 1/10_000), per-epoch rates in parts
 * per billion (ppb). One epoch of the supply policy is one simulation step (`stepDays`).
 */

const bps = z.number().int().min(0).max(10_000);
const nonNegative = z.number().finite().min(0);
const positive = z.number().finite().positive();
const fraction = z.number().finite().min(0).max(1);

/** Piecewise-linear path over days; held constant before the first and after the last point. */
export const pathSchema = z
  .array(z.object({ day: nonNegative, value: z.number().finite() }))
  .min(1)
  .refine((points) => points.every((p, i) => i === 0 || p.day >= (points[i - 1]?.day ?? 0)), {
    message: 'points must be sorted by day',
  })
  .describe('Piecewise-linear path: [{ day, value }] sorted by day');
export type Path = z.infer<typeof pathSchema>;

const constant = (value: number) => [{ day: 0, value }];

export const scheduleEntrySchema = z
  .object({
    fromEpoch: z.number().int().min(0),
    toEpoch: z.number().int().min(1).optional().describe('exclusive; omitted = forever'),
    emissionPerEpoch: nonNegative,
  })
  .refine((e) => e.toEpoch === undefined || e.toEpoch > e.fromEpoch, {
    message: 'toEpoch must be greater than fromEpoch',
    path: ['toEpoch'],
  });
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>;

const fixedPolicy = z.object({ kind: z.literal('fixed') }).describe('No emission after genesis');
const schedulePolicy = z
  .object({ kind: z.literal('schedule'), schedule: z.array(scheduleEntrySchema).min(1) })
  .describe('Emission per epoch from a table of epoch ranges (halvings are a table)');
const decayPolicy = z
  .object({
    kind: z.literal('decay'),
    totalEmission: nonNegative.describe('tokens the decaying part emits in total'),
    decayRatePpb: z
      .number()
      .int()
      .min(0)
      .max(1_000_000_000)
      .describe('share of the remaining emission minted per epoch'),
    floorEmissionPerEpoch: nonNegative.describe('tail emission; emission never falls below it'),
  })
  .describe('Exponential decay toward a total, with a floor emission');
const bondingRatePolicy = z
  .object({
    kind: z.literal('bonding-rate'),
    initialInflationPpb: z.number().int().min(0),
    inflationChangePpb: z.number().int().min(0),
    targetBondingRateBps: bps,
    minInflationPpb: z.number().int().min(0),
    maxInflationPpb: z.number().int().min(0),
  })
  .refine((p) => p.minInflationPpb <= p.maxInflationPpb, {
    message: 'minInflationPpb must not exceed maxInflationPpb',
    path: ['minInflationPpb'],
  })
  .describe('Livepeer rule: per-epoch inflation moves by a step toward a target staked share');
const burnAndMintPolicy = z
  .object({
    kind: z.literal('burn-and-mint'),
    schedule: z.array(scheduleEntrySchema).min(1),
    netEmissionCapPerEpoch: nonNegative.optional().describe('mint - burn never exceeds this'),
  })
  .describe(
    'Jobs priced in USD, paid tokens burned after the fee skim, nodes paid from the schedule',
  );

export const supplyPolicySchema = z.discriminatedUnion('kind', [
  fixedPolicy,
  schedulePolicy,
  decayPolicy,
  bondingRatePolicy,
  burnAndMintPolicy,
]);
export type SupplyPolicyParams = z.infer<typeof supplyPolicySchema>;

const sumTo10k =
  <T extends Record<string, number>>(keys: (keyof T & string)[]) =>
  (v: T, ctx: z.RefinementCtx) => {
    const sum = keys.reduce((s, k) => s + (v[k] ?? 0), 0);
    if (sum !== 10_000) {
      ctx.addIssue({
        code: 'custom',
        message: `shares must sum to 10000 bps, got ${sum}`,
        path: [keys[0] ?? ''],
      });
    }
  };

export const feeSplitSchema = z
  .object({
    nodeBps: bps.default(8_000),
    treasuryBps: bps.default(800),
    burnBps: bps.default(700),
    insuranceBps: bps.default(300),
    integratorBps: bps.default(200),
    slaAdjustmentBps: bps
      .default(500)
      .describe('node share moves up to ± this with reputation, against treasury'),
  })
  .superRefine(sumTo10k(['nodeBps', 'treasuryBps', 'burnBps', 'insuranceBps', 'integratorBps']));

const gpuClassSchema = z.object({
  name: z.string().min(1),
  tier: z.number().int().min(0).default(0),
  capexUsd: nonNegative,
  lifetimeDays: positive.describe('straight-line depreciation period'),
  powerKw: nonNegative,
  unitsPerDay: positive.describe('benchmark: render units per day at full load'),
  aiRentUsdPerDay: nonNegative.describe('alternative income from renting to AI workloads'),
  badResultRate: fraction.default(0.002),
  missedDeadlineRate: fraction.default(0.01),
  entryWeight: nonNegative.default(1),
  initialShare: nonNegative.default(1),
  availableFromDay: nonNegative.default(0),
  availableUntilDay: nonNegative.optional(),
});

export const scenarioSchema = z.object({
  name: z.string().min(1),
  description: z.string().default(''),
  horizonDays: z.number().int().min(1).max(36_500),
  stepDays: z.number().int().min(1).max(365).default(1),
  seed: z.number().int().min(0).max(0xffffffff).default(1),
  runs: z.number().int().min(1).max(100_000).default(100),
  supply: z
    .object({
      genesisSupply: positive.default(1_000_000_000),
      policy: supplyPolicySchema,
      rewardSplit: z
        .object({
          nodesBps: bps.default(10_000),
          stakersBps: bps.default(0),
          treasuryBps: bps.default(0),
        })
        .prefault({})
        .superRefine(sumTo10k(['nodesBps', 'stakersBps', 'treasuryBps'])),
    })
    .prefault({ policy: { kind: 'fixed' } }),
  fees: feeSplitSchema.prefault({}),
  burn: z
    .object({
      buyBackBps: bps
        .default(0)
        .describe("share of the treasury's epoch income spent buying and burning GLT"),
    })
    .prefault({}),
  staking: z
    .object({
      minStakeByTier: z.array(nonNegative).min(1).default([10_000, 50_000, 200_000]),
      unbondingPeriodDays: nonNegative.default(14),
      slashBurnBps: bps.default(5_000),
      slashChallengerBps: bps.default(3_000),
      badResultSlashBps: bps
        .default(1_000)
        .describe('share of the node stake slashed for a proven bad result'),
      missedDeadlineSlashBps: bps.default(100),
    })
    .prefault({})
    .refine((s) => s.slashBurnBps + s.slashChallengerBps <= 10_000, {
      message: 'slashBurnBps + slashChallengerBps must not exceed 10000',
      path: ['slashBurnBps'],
    }),
  reputation: z
    .object({
      initialScore: bps.default(5_000),
      gainBps: bps.default(500),
      lateLossBps: bps.default(500),
      rejectLossBps: bps.default(2_000),
      slashLossBps: bps.default(4_000),
      weightExponent: nonNegative
        .default(1)
        .describe('burn-and-mint reward weight = work × score^exponent'),
    })
    .prefault({}),
  nodes: z.object({
    initialCount: z.number().int().min(0),
    maxCount: z.number().int().min(1),
    gpuClasses: z.array(gpuClassSchema).min(1),
    powerCostUsdPerKwh: nonNegative.default(0.15),
    idlePowerShare: fraction.default(0.2),
    patienceDays: z.number().int().min(1).default(30),
    expectationHalfLifeDays: positive.default(14),
    entryRatePerDay: nonNegative
      .default(0.01)
      .describe('max entrants per day as a share of maxCount'),
    entryHurdle: nonNegative
      .default(0.1)
      .describe('required margin over the alternative, as a share of costs'),
    tokenSellShare: fraction.default(0.7),
  }),
  requesters: z
    .object({
      baseUnitsPerDay: nonNegative.default(20_000),
      growthPerYear: z.number().finite().min(-1).default(0.3),
      seasonality: z
        .object({
          amplitude: fraction.default(0.2),
          peakDayOfYear: nonNegative.max(365).default(300),
        })
        .prefault({}),
      spikes: z
        .object({
          perYear: nonNegative.default(6),
          multiplier: z.number().min(1).default(1.8),
          durationDays: positive.default(5),
        })
        .prefault({}),
      priceElasticity: nonNegative
        .default(1.5)
        .describe('demand ∝ (network price / cloud price)^-elasticity'),
      initialUnitPriceUsd: positive.default(0.8),
      minUnitPriceUsd: nonNegative.default(0.05),
      priceAdjustmentSpeed: nonNegative.default(0.05),
      targetUtilization: fraction.default(0.8),
    })
    .prefault({}),
  stakers: z
    .object({
      initialStakedShare: fraction.default(0.3),
      baseRequiredYield: z
        .number()
        .finite()
        .default(0.04)
        .describe('annual yield stakers need with instant liquidity'),
      liquidityCostPerUnbondingDay: nonNegative
        .default(0.002)
        .describe('extra annual yield needed per day of unbonding'),
      yieldSensitivity: nonNegative
        .default(0.5)
        .describe('logit change of the staked share per percentage point of excess yield'),
      adjustmentSpeed: fraction.default(0.02),
      maxStakedShare: fraction.default(0.8),
      unbondSellShare: fraction
        .default(0.1)
        .describe('share of stake sold on the market when it finishes unbonding'),
    })
    .prefault({}),
  market: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('gbm'),
        initialPrice: positive,
        driftPerYear: z
          .number()
          .finite()
          .default(0)
          .describe('drift of log price per year (median growth)'),
        volatilityPerYear: nonNegative.default(0.8),
        jumpsPerYear: nonNegative.default(2),
        jumpMeanLog: z.number().finite().default(-0.1),
        jumpStdLog: nonNegative.default(0.2),
        shocks: z.array(z.object({ day: nonNegative, factor: positive })).default([]),
      }),
      z.object({
        kind: z.literal('amm'),
        initialPrice: positive,
        liquidityUsd: positive.describe('USD side of the constant-product pool'),
        noiseUsdPerDay: nonNegative.default(0).describe('sd of exogenous net USD flow per day'),
        shocks: z.array(z.object({ day: nonNegative, factor: positive })).default([]),
      }),
      z.object({
        kind: z.literal('replay'),
        prices: z.array(positive).min(1).describe('one price per day; the last is held'),
      }),
    ])
    .prefault({ kind: 'gbm', initialPrice: 0.1 }),
  exogenous: z
    .object({
      cloudUnitPriceUsd: pathSchema.default(constant(1)),
      aiRentMultiplier: pathSchema.default(constant(1)),
      powerCostMultiplier: pathSchema.default(constant(1)),
      operatorParticipation: pathSchema
        .default(constant(1))
        .describe('share of operators allowed (e.g. after KYC)'),
      requesterParticipation: pathSchema.default(constant(1)),
    })
    .prefault({}),
});

/** A validated scenario with all defaults filled in. */
export type Scenario = z.infer<typeof scenarioSchema>;
/** What a scenario file may contain (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** Formats a zod issue path as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Validates untrusted input; throws ScenarioInvalidError naming each bad field. */
export function parseScenario(input: unknown, source?: string): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (!result.success) {
    throw new ScenarioInvalidError(
      result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
      source,
    );
  }
  return result.data;
}

/** The published JSON Schema of a scenario file (input shape: defaulted fields optional). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
