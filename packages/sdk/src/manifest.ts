import { type Address, bytesToHex, type Hex, zeroAddress } from 'viem';
import { sha256 } from 'viem/utils';
import { z } from 'zod';
import { cidFromDigest, parseCid } from './cid.js';
import { ManifestInvalidError, type ValidationIssue } from './errors.js';

/** Most units one job may have (JobMarket's MAX_UNITS). */
export const MAX_UNITS = 1_000_000;
/** Most replicas per unit (JobMarket's MAX_REPLICAS). */
export const MAX_REPLICAS = 7;
const MAX_UINT96 = (1n << 96n) - 1n;
const MAX_UINT40 = 2 ** 40 - 1;

/** Verification levels, named as in the manifest; their index is the contract's enum. */
export const verificationModes = ['spot-check', 'replicated', 'optimistic'] as const;
export type VerificationLevel = (typeof verificationModes)[number];

const framesPattern = /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/;

/** The job manifest: what a requester asks the network to render (schema version 1). */
export const manifestSchema = z
  .strictObject({
    engine: z.literal('blender-cycles'),
    sceneCid: z.string().superRefine((value, ctx) => {
      try {
        parseCid(value);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: error instanceof Error ? error.message.split('\n')[0] : 'invalid CID',
        });
      }
    }),
    frames: z
      .string()
      .regex(framesPattern, 'must be frame numbers and ranges, e.g. "1-48,60"')
      .superRefine((value, ctx) => {
        try {
          parseFrames(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
    resolution: z.strictObject({
      width: z.number().int().min(1).max(65_536),
      height: z.number().int().min(1).max(65_536),
    }),
    samples: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().min(0).max(0xffff_ffff),
    tilesPerFrame: z.number().int().min(1).max(1024),
    pricePerUnit: z
      .string()
      .regex(/^[1-9]\d*$/, 'must be a positive decimal string of wei, e.g. "1000000000000000000"')
      .refine(
        (value) => !/^\d+$/.test(value) || BigInt(value) <= MAX_UINT96,
        'must fit in 96 bits',
      ),
    deadline: z.number().int().min(1).max(MAX_UINT40),
    replication: z.number().int().min(1).max(MAX_REPLICAS),
    verification: z.enum(verificationModes),
    private: z.boolean(),
    minTier: z.number().int().min(0).max(3),
    regions: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. "DE"'))
      .max(250)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a region'),
  })
  .superRefine((m, ctx) => {
    if (m.verification === 'replicated' && m.replication < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['replication'],
        message: 'must be 2..7 when verification is "replicated"',
      });
    }
    if (m.verification !== 'replicated' && m.replication !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['replication'],
        message: `must be 1 when verification is "${m.verification}"`,
      });
    }
    if (framesPattern.test(m.frames)) {
      let frameCount = 0;
      try {
        frameCount = parseFrames(m.frames).length;
      } catch {
        return; // reported on `frames` already
      }
      if (frameCount * m.tilesPerFrame > MAX_UNITS) {
        ctx.addIssue({
          code: 'custom',
          path: ['tilesPerFrame'],
          message: `frames × tilesPerFrame is ${frameCount * m.tilesPerFrame}, more than ${MAX_UNITS} units`,
        });
      } else if (
        /^\d+$/.test(m.pricePerUnit) &&
        BigInt(frameCount * m.tilesPerFrame) * BigInt(m.pricePerUnit) * BigInt(m.replication) >
          MAX_UINT96
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['pricePerUnit'],
          message: 'the budget (units × pricePerUnit × replication) does not fit in 96 bits',
        });
      }
    }
  });

/** A validated job manifest. */
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * Validates a manifest (e.g. parsed from JSON). Throws `ManifestInvalidError` whose issues
 * name each bad field's path (`resolution.width`, `regions.1`).
 *
 * @example
 * const manifest = parseManifest(JSON.parse(await readFile('job.json', 'utf8')));
 */
export function parseManifest(input: unknown): Manifest {
  const result = manifestSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ManifestInvalidError(
    result.error.issues.map(
      (issue): ValidationIssue => ({
        path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
        message: issue.message,
      }),
    ),
  );
}

/**
 * Expands a frame list such as "1-48,60" into ascending frame numbers. Throws a
 * `RangeError` for descending ranges, repeated frames or more than MAX_UNITS frames.
 *
 * @example
 * parseFrames('1-3,7') // [1, 2, 3, 7]
 */
export function parseFrames(spec: string): number[] {
  if (!framesPattern.test(spec)) {
    throw new RangeError(`"${spec}" is not a frame list such as "1-48,60"`);
  }
  const frames: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map((s) => Number(s.trim()));
    const from = a as number;
    const to = b ?? from;
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
      throw new RangeError(`frame number too large in "${part.trim()}"`);
    }
    if (to < from) throw new RangeError(`range "${part.trim()}" goes backwards`);
    if (frames.length + (to - from + 1) > MAX_UNITS) {
      throw new RangeError(`more than ${MAX_UNITS} frames`);
    }
    for (let f = from; f <= to; f++) frames.push(f);
  }
  frames.sort((x, y) => x - y);
  for (let i = 1; i < frames.length; i++) {
    if (frames[i] === frames[i - 1]) throw new RangeError(`frame ${frames[i]} is listed twice`);
  }
  return frames;
}

/** One unit of work: a frame, or a tile of a frame. */
export type WorkUnit = { index: number; frame: number; tile: number };

/**
 * The job's units in index order: unit `i` is tile `i % tilesPerFrame` of the
 * `⌊i / tilesPerFrame⌋`-th frame in ascending frame order.
 *
 * @example
 * expandUnits({ ...manifest, frames: '10-11', tilesPerFrame: 2 })
 * // [{index:0,frame:10,tile:0},{index:1,frame:10,tile:1},{index:2,frame:11,tile:0},…]
 */
export function expandUnits(manifest: Pick<Manifest, 'frames' | 'tilesPerFrame'>): WorkUnit[] {
  const units: WorkUnit[] = [];
  for (const frame of parseFrames(manifest.frames)) {
    for (let tile = 0; tile < manifest.tilesPerFrame; tile++) {
      units.push({ index: units.length, frame, tile });
    }
  }
  return units;
}

/** Number of units of a manifest (frames × tilesPerFrame). */
export function unitCountOf(manifest: Pick<Manifest, 'frames' | 'tilesPerFrame'>): number {
  return parseFrames(manifest.frames).length * manifest.tilesPerFrame;
}

/** The manifest's canonical JSON: keys sorted at every level, no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** The bytes to store for a manifest (its canonical JSON, UTF-8); their CID is the manifest's. */
export function encodeManifest(manifest: Manifest): Uint8Array {
  return new TextEncoder().encode(canonicalJson(parseManifest(manifest)));
}

/**
 * The manifest's sha2-256 digest (what goes on chain as `manifestDigest`) and its CIDv1.
 *
 * @example
 * const { digest, cid } = manifestDigest(manifest);
 */
export function manifestDigest(manifest: Manifest): { digest: Hex; cid: string } {
  const digest = bytesToHex(sha256(encodeManifest(manifest), 'bytes'));
  return { digest, cid: cidFromDigest(digest) };
}

/** The contract's `JobParams` struct. */
export type JobParams = {
  manifestDigest: Hex;
  unitCount: number;
  pricePerUnit: bigint;
  deadline: number;
  claimTtl: number;
  replication: number;
  mode: number;
  minTier: number;
  minReputation: number;
  confidenceBps: number;
  integrator: Address;
};

/** What the manifest does not say and the market needs. */
export type JobParamsOptions = {
  /** Seconds from claim to reveal (≥ 60). Default 3600. */
  claimTtl?: number | undefined;
  /** Lowest node reputation allowed, bps. Default 0. */
  minReputation?: number | undefined;
  /** Weighted share a result needs to win a vote, bps (5001..10000). Default 6667. */
  confidenceBps?: number | undefined;
  /** App that brought the job; receives the integrator fee. Default none. */
  integrator?: Address | undefined;
};

/**
 * Maps a manifest to the market's `JobParams` (digest, units, price, mode, …).
 *
 * @example
 * const params = manifestToJobParams(manifest, { claimTtl: 7200 });
 */
export function manifestToJobParams(manifest: Manifest, options: JobParamsOptions = {}): JobParams {
  const valid = parseManifest(manifest);
  return {
    manifestDigest: manifestDigest(valid).digest,
    unitCount: unitCountOf(valid),
    pricePerUnit: BigInt(valid.pricePerUnit),
    deadline: valid.deadline,
    claimTtl: options.claimTtl ?? 3600,
    replication: valid.replication,
    mode: verificationModes.indexOf(valid.verification),
    minTier: valid.minTier,
    minReputation: options.minReputation ?? 0,
    confidenceBps: options.confidenceBps ?? 6667,
    integrator: options.integrator ?? zeroAddress,
  };
}

/** Budget escrowed at creation: unitCount × pricePerUnit × replication. */
export function budgetOf(params: Pick<JobParams, 'unitCount' | 'pricePerUnit' | 'replication'>) {
  return BigInt(params.unitCount) * params.pricePerUnit * BigInt(params.replication);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
