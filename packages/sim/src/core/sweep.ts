import { UsageError } from './errors.js';
import { getPath, setPath } from './objectPath.js';

/** One swept parameter: a path into the scenario and the values it takes. */
export type SweepAxis = { path: string; values: unknown[] };
/** One grid point: the value of every axis. */
export type SweepPoint = Record<string, unknown>;

/** Parses `path=v1,v2,v3` (values as JSON where possible, else strings). */
export function parseAxis(spec: string): SweepAxis {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new UsageError(`Sweep parameter "${spec}" must look like path=v1,v2,...`);
  const path = spec.slice(0, eq);
  const values = spec
    .slice(eq + 1)
    .split(',')
    .filter((v) => v.length > 0)
    .map((v) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
    });
  if (values.length === 0) throw new UsageError(`Sweep parameter "${path}" has no values`);
  return { path, values };
}

/** Cartesian product of the axes, first axis varying slowest. */
export function expandGrid(axes: readonly SweepAxis[]): SweepPoint[] {
  let points: SweepPoint[] = [{}];
  for (const a of axes)
    points = points.flatMap((p) => a.values.map((v) => ({ ...p, [a.path]: v })));
  return points;
}

/** Applies a grid point to a scenario input; every path must already exist in it. */
export function applyPoint<T>(input: T, point: SweepPoint): T {
  let out = input;
  for (const [path, value] of Object.entries(point)) {
    getPath(out, path);
    out = setPath(out, path, value);
  }
  return out;
}
