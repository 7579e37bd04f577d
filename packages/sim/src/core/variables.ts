/**
 * The state variables recorded per step, in column order. Flows (minted, burned, revenue,
 * entries, exits, slashed) are per step; rates are annualized where named so; node margin
 * and revenue are USD per node per day.
 */
export const STATE_VARIABLES = [
  'day',
  'supply',
  'minted',
  'burned',
  'netEmission',
  'price',
  'nodeCount',
  'capacityUnits',
  'demandUnits',
  'servedUnits',
  'utilization',
  'unitPriceUsd',
  'cloudUnitPriceUsd',
  'costVsCloud',
  'revenueUsd',
  'nodeRevenueUsd',
  'nodeMarginUsd',
  'stakedShare',
  'unbonding',
  'inflationAnnual',
  'stakingYieldAnnual',
  'treasury',
  'insurancePool',
  'slashed',
  'bmeEquilibriumPrice',
  'entries',
  'exits',
] as const;

export type StateVariable = (typeof STATE_VARIABLES)[number];

/** Column index of each state variable in a run's flat Float64Array (step-major). */
export const VAR: { readonly [K in StateVariable]: number } = Object.fromEntries(
  STATE_VARIABLES.map((v, i) => [v, i]),
) as { [K in StateVariable]: number };

export const NUM_VARS = STATE_VARIABLES.length;
