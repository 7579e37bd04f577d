import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CropSeed, chooseCrops, rectToBorder, widenCrop } from './chooseCrops.js';
import { ImageDecodeError, RenderFailedError } from './errors.js';
import { cropImage, decodePng, type Rect, type RgbaImage, readPng } from './image.js';
import { ensureDirInside, resolveScene } from './paths.js';
import { type RenderDevice, type RenderItem, renderItems } from './renderFrames.js';
import { ssim } from './ssim.js';

/** Spot-check thresholds from the protocol: accept above, reject below, widen in between. */
export const SPOT_CHECK = {
  acceptAbove: 0.92,
  rejectBelow: 0.9,
  crops: 3,
  maxWidenings: 2,
} as const;

export type VerifyCropsParameters = {
  blendPath: string;
  jobDir: string;
  frame: number;
  /** The frame the node delivered: a path or PNG bytes. */
  claimedPng: string | Uint8Array;
  /** Where crops fall: the seed fixed after the commit (e.g. a block hash). */
  cropSeed: CropSeed;
  /** Render settings of the job: the same samples and Cycles seed the node had to use. */
  samples: number;
  seed: number;
  /** Expected [width, height]; a claimed frame of another size is rejected. Defaults to the claimed frame's size. */
  resolution?: readonly [number, number] | undefined;
  device?: RenderDevice | undefined;
  timeoutMs: number;
  memoryLimitMb: number;
  signal?: AbortSignal | undefined;
  threads?: number | undefined;
  /** Number of crops; {@link SPOT_CHECK}.crops by default. */
  count?: number | undefined;
  /** Crop side as a fraction of the frame side (at least 8 px or 1 %); 0.1 by default. */
  fraction?: number | undefined;
  /** How many times uncertain crops may double; {@link SPOT_CHECK}.maxWidenings by default. */
  maxWidenings?: number | undefined;
  acceptAbove?: number | undefined;
  rejectBelow?: number | undefined;
};

/** One re-render and comparison of a set of crops. */
export type VerifyRound = { crops: Rect[]; ssims: number[] };

export type VerifyCropsReturnType = {
  verdict: 'accept' | 'reject';
  /** Why, in a few words: 'similar', 'dissimilar', 'inconclusive after widening', 'wrong size', 'unreadable'. */
  reason: string;
  /** The last SSIM of each crop, in the order of `crops`. */
  ssims: number[];
  /** Each crop as finally compared (widened ones at their widest). */
  crops: Rect[];
  rounds: VerifyRound[];
};

/**
 * Spot-checks a delivered frame: re-renders a few seeded crops with Blender border rendering
 * and compares each with the same region of the claimed frame by SSIM. Accepts when every
 * crop is above 0.92, rejects when any is below 0.90, and doubles the uncertain crops in
 * between, up to `maxWidenings` times; still uncertain after that is a reject.
 *
 * @example
 * const { verdict, ssims } = await verifyCrops({
 *   blendPath: 'scene.blend', jobDir, frame: 12, claimedPng: 'delivered/frame_0012.png',
 *   cropSeed: blockHash, samples: 16, seed: 0, timeoutMs: 60_000, memoryLimitMb: 4096,
 * });
 */
export async function verifyCrops(
  parameters: VerifyCropsParameters,
): Promise<VerifyCropsReturnType> {
  const acceptAbove = parameters.acceptAbove ?? SPOT_CHECK.acceptAbove;
  const rejectBelow = parameters.rejectBelow ?? SPOT_CHECK.rejectBelow;
  const maxWidenings = parameters.maxWidenings ?? SPOT_CHECK.maxWidenings;
  const { jobDir } = await resolveScene(parameters.jobDir, parameters.blendPath);

  let claimed: RgbaImage;
  try {
    claimed =
      typeof parameters.claimedPng === 'string'
        ? decodePng(await readFile(parameters.claimedPng))
        : decodePng(parameters.claimedPng);
  } catch (error) {
    if (error instanceof ImageDecodeError) return verdictWithout('unreadable');
    throw error;
  }
  const [width, height] = parameters.resolution ?? [claimed.width, claimed.height];
  if (claimed.width !== width || claimed.height !== height) return verdictWithout('wrong size');

  const outDir = await ensureDirInside(jobDir, 'verify');
  let crops = chooseCrops(
    parameters.cropSeed,
    width,
    height,
    parameters.count ?? SPOT_CHECK.crops,
    {
      fraction: parameters.fraction,
    },
  );
  const ssims = new Array<number>(crops.length).fill(Number.NaN);
  let pending = crops.map((_, i) => i);
  const rounds: VerifyRound[] = [];

  for (let round = 0; round <= maxWidenings && pending.length > 0; round++) {
    const items: RenderItem[] = pending.map((i) => {
      const rect = crops[i] as Rect;
      return {
        frame: parameters.frame,
        border: rectToBorder(rect, width, height),
        output: join(outDir, `frame_${parameters.frame}_round${round}_crop${i}.png`),
      };
    });
    await renderItems({
      blendPath: parameters.blendPath,
      jobDir,
      items,
      samples: parameters.samples,
      seed: parameters.seed,
      device: parameters.device ?? 'CPU',
      resolution: [width, height],
      timeoutMs: parameters.timeoutMs,
      memoryLimitMb: parameters.memoryLimitMb,
      signal: parameters.signal,
      threads: parameters.threads,
    });
    const roundSsims: number[] = [];
    for (const [k, i] of pending.entries()) {
      const rect = crops[i] as Rect;
      const rendered = await readPng((items[k] as RenderItem).output);
      if (rendered.width !== rect.width || rendered.height !== rect.height) {
        throw new RenderFailedError(
          `Blender rendered a ${rendered.width}x${rendered.height} crop for a ${rect.width}x${rect.height} region`,
          { exitCode: 0, signal: null, stderrTail: '' },
        );
      }
      const value = ssim(rendered, cropImage(claimed, rect));
      ssims[i] = value;
      roundSsims.push(value);
    }
    rounds.push({ crops: pending.map((i) => crops[i] as Rect), ssims: roundSsims });

    if (ssims.some((s) => s < rejectBelow)) return done('reject', 'dissimilar');
    pending = pending.filter((i) => !((ssims[i] as number) > acceptAbove));
    if (pending.length > 0 && round < maxWidenings) {
      crops = crops.map((rect, i) => (pending.includes(i) ? widenCrop(rect, width, height) : rect));
    }
  }
  return pending.length === 0
    ? done('accept', 'similar')
    : done('reject', 'inconclusive after widening');

  function done(verdict: 'accept' | 'reject', reason: string): VerifyCropsReturnType {
    return { verdict, reason, ssims, crops, rounds };
  }
}

function verdictWithout(reason: string): VerifyCropsReturnType {
  return { verdict: 'reject', reason, ssims: [], crops: [], rounds: [] };
}
