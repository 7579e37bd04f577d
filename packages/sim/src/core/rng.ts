/**
 * Seeded pseudo-random numbers. sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, PractRand-clean at 32 bits) seeded through splitmix32, so that every
 * (seed, stream) pair gives an independent, reproducible sequence. Never Math.random.
 */

/** splitmix32 step: a good 32-bit mixer used to expand seeds. */
export function splitmix32(state: number): [value: number, next: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [z >>> 0, next];
}

/** Derives a child seed from a parent seed and a stream index (run, sweep point). */
export function deriveSeed(seed: number, stream: number): number {
  let [a, s] = splitmix32(seed >>> 0);
  [a, s] = splitmix32((s ^ Math.imul(stream + 1, 0x27d4eb2f)) | 0);
  const [b] = splitmix32((s + a) | 0);
  return b >>> 0;
}

/** A seeded generator. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number) {
    let s = seed | 0;
    let v: number;
    [v, s] = splitmix32(s);
    this.a = v | 0;
    [v, s] = splitmix32(s);
    this.b = v | 0;
    [v, s] = splitmix32(s);
    this.c = v | 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.c = (r + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Standard normal (Marsaglia polar method; caches the spare value). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    this.spare = v * f;
    return u * f;
  }

  /** Poisson draw (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.uniform();
    } while (p > l);
    return k - 1;
  }
}
