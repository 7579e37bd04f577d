import type { Aggregate } from './aggregate.js';
import type { RunResult } from './engine.js';
import { NUM_VARS, VAR } from './variables.js';

/** A scenario's readable verdict: headline figures and a rating. */
export type Verdict = {
  rating: 'resilient' | 'stressed' | 'fragile';
  daysNegativeMedianMargin: number;
  horizonDays: number;
  initialNodes: number;
  nodeTroughMedian: number;
  nodeTroughDayMedian: number;
  nodeTroughP5: number;
  finalNodesMedian: number;
  /** Share of runs in which the node count ever fell below half its start. */
  runsBelowHalfNodes: number;
  costVsCloudMedian: number;
  costVsCloudFinal: number;
  supplyChange: number;
  finalPriceChange: number;
  stakedShareFinal: number;
  lines: string[];
};

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Computes the verdict from the bands (median across runs per step) and the runs. Rating:
 * fragile if the median node count falls below 50% of its start or margins are negative on
 * over a third of the days; stressed below 80% or over a tenth of the days; else resilient.
 */
export function computeVerdict(
  agg: Aggregate,
  results: readonly RunResult[],
  genesisSupply: number,
): Verdict {
  const b = agg.bands;
  const steps = agg.steps;
  const dt = agg.stepDays;
  let negSteps = 0;
  let trough = Number.POSITIVE_INFINITY;
  let troughT = 0;
  let troughP5 = Number.POSITIVE_INFINITY;
  const costs: number[] = [];
  for (let t = 0; t < steps; t++) {
    const m = b.nodeMarginUsd.p50[t] ?? Number.NaN;
    if (m < 0 || Number.isNaN(m)) negSteps++;
    const nc = b.nodeCount.p50[t] ?? 0;
    if (nc < trough) {
      trough = nc;
      troughT = t;
    }
    troughP5 = Math.min(troughP5, b.nodeCount.p5[t] ?? 0);
    costs.push(b.costVsCloud.p50[t] ?? Number.NaN);
  }
  costs.sort((x, y) => x - y);
  const last = steps - 1;
  const initialNodes = results[0]?.values[VAR.nodeCount] ?? 0;
  let below = 0;
  for (const r of results) {
    for (let t = 0; t < r.steps; t++) {
      if ((r.values[t * NUM_VARS + VAR.nodeCount] ?? 0) < initialNodes / 2) {
        below++;
        break;
      }
    }
  }
  const daysNeg = negSteps * dt;
  const horizon = steps * dt;
  const initialPrice = b.price.p50[0] ?? Number.NaN;
  const v: Omit<Verdict, 'rating' | 'lines'> = {
    daysNegativeMedianMargin: daysNeg,
    horizonDays: horizon,
    initialNodes,
    nodeTroughMedian: trough,
    nodeTroughDayMedian: troughT * dt,
    nodeTroughP5: troughP5,
    finalNodesMedian: b.nodeCount.p50[last] ?? Number.NaN,
    runsBelowHalfNodes: results.length ? below / results.length : 0,
    costVsCloudMedian: costs[Math.floor(costs.length / 2)] ?? Number.NaN,
    costVsCloudFinal: b.costVsCloud.p50[last] ?? Number.NaN,
    supplyChange: (b.supply.p50[last] ?? Number.NaN) / genesisSupply - 1,
    finalPriceChange: (b.price.p50[last] ?? Number.NaN) / initialPrice - 1,
    stakedShareFinal: b.stakedShare.p50[last] ?? Number.NaN,
  };
  const troughRatio = initialNodes > 0 ? trough / initialNodes : 1;
  const negRatio = horizon > 0 ? daysNeg / horizon : 0;
  const rating =
    troughRatio < 0.5 || negRatio > 1 / 3
      ? 'fragile'
      : troughRatio < 0.8 || negRatio > 0.1
        ? 'stressed'
        : 'resilient';
  const lines = [
    `Verdict: ${rating.toUpperCase()}`,
    `Median node margin negative on ${daysNeg} of ${horizon} days (${pct(negRatio)}).`,
    `Node count: ${initialNodes} at start, median trough ${trough.toFixed(0)} on day ${troughT * dt} (p5 trough ${troughP5.toFixed(0)}), ${v.finalNodesMedian.toFixed(0)} at the end; ${pct(v.runsBelowHalfNodes)} of runs fell below half.`,
    `Requester cost vs cloud: median ${v.costVsCloudMedian.toFixed(2)}×, ${v.costVsCloudFinal.toFixed(2)}× at the end.`,
    `Supply change: ${v.supplyChange >= 0 ? '+' : ''}${pct(v.supplyChange)}; median GLT price ${v.finalPriceChange >= 0 ? '+' : ''}${pct(v.finalPriceChange)}; staked share ${pct(v.stakedShareFinal)} at the end.`,
  ];
  return { ...v, rating, lines };
}
