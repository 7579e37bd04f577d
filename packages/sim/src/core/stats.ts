/**
 * Percentile of a sorted sample by linear interpolation between closest ranks
 * (Hyndman–Fan type 7, numpy's default): h = (n − 1)·p, interpolate between ⌊h⌋ and ⌈h⌉.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}

/** Percentiles of an unsorted sample (copies it first). */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return ps.map((p) => percentileSorted(sorted, p));
}

/** A per-step band across runs. */
export type Band = { p5: Float64Array; p50: Float64Array; p95: Float64Array; mean: Float64Array };

/**
 * Bands across runs for one variable. `series[r]` holds run r's values in step order.
 */
export function bandsAcrossRuns(series: readonly ArrayLike<number>[], steps: number): Band {
  const runs = series.length;
  const col = new Float64Array(runs);
  const band: Band = {
    p5: new Float64Array(steps),
    p50: new Float64Array(steps),
    p95: new Float64Array(steps),
    mean: new Float64Array(steps),
  };
  for (let t = 0; t < steps; t++) {
    // Undefined values (NaN, e.g. an equilibrium price with no emission) are left out.
    let n = 0;
    let sum = 0;
    for (let r = 0; r < runs; r++) {
      const v = series[r]?.[t] ?? Number.NaN;
      if (Number.isNaN(v)) continue;
      col[n++] = v;
      sum += v;
    }
    const sorted = col.subarray(0, n).sort();
    band.p5[t] = percentileSorted(sorted, 0.05);
    band.p50[t] = percentileSorted(sorted, 0.5);
    band.p95[t] = percentileSorted(sorted, 0.95);
    band.mean[t] = n ? sum / n : Number.NaN;
  }
  return band;
}
