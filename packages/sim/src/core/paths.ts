import type { Path } from './schema.js';

/** Value of a piecewise-linear path at `day` (held flat outside its points). */
export function pathAt(path: Path, day: number): number {
  const first = path[0];
  if (!first) return Number.NaN;
  if (day <= first.day) return first.value;
  for (let i = 1; i < path.length; i++) {
    const b = path[i];
    const a = path[i - 1];
    if (!a || !b) break;
    if (day <= b.day) {
      if (b.day === a.day) return b.value;
      return a.value + ((day - a.day) / (b.day - a.day)) * (b.value - a.value);
    }
  }
  return path[path.length - 1]?.value ?? Number.NaN;
}

/** Samples a path at the start of each step. */
export function samplePath(path: Path, steps: number, stepDays: number): Float64Array {
  const out = new Float64Array(steps);
  for (let t = 0; t < steps; t++) out[t] = pathAt(path, t * stepDays);
  return out;
}
