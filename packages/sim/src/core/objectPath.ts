import { ParameterPathError } from './errors.js';

/** Splits `a.b[2].c` or `a.b.2.c` into keys. */
export function splitPath(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((k) => k.length > 0)
    .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
}

/** Reads the value at a parameter path; throws ParameterPathError if it does not exist. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of splitPath(path)) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object)))
      throw new ParameterPathError(path, 'does not exist in the scenario');
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** Returns a deep copy of `obj` with the value at `path` replaced (the parent must exist). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const keys = splitPath(path);
  if (keys.length === 0) throw new ParameterPathError(path, 'is empty');
  const copy = structuredClone(obj);
  let cur: unknown = copy;
  for (const k of keys.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || !(k in (cur as object)))
      throw new ParameterPathError(path, 'does not exist in the scenario');
    cur = (cur as Record<string | number, unknown>)[k];
  }
  if (cur === null || typeof cur !== 'object')
    throw new ParameterPathError(path, 'does not point into an object');
  (cur as Record<string | number, unknown>)[keys[keys.length - 1] as string | number] = value;
  return copy;
}

/** Deep-merges plain objects (arrays and scalars in `over` replace those in `base`). */
export function deepMerge<T>(base: T, over: unknown): T {
  if (over === undefined) return structuredClone(base);
  if (
    base === null ||
    typeof base !== 'object' ||
    Array.isArray(base) ||
    over === null ||
    typeof over !== 'object' ||
    Array.isArray(over)
  ) {
    return structuredClone(over) as T;
  }
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [k, v] of Object.entries(over as Record<string, unknown>))
    out[k] = deepMerge(out[k], v);
  return out as T;
}
