import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxInfo } from './blender.js';
import { generateSampleScene } from './generateSampleScene.js';
import { type RenderDevice, renderFrames } from './renderFrames.js';

/** The standard benchmark: two frames of the sample scene at 480×270, 32 samples. */
export const BENCHMARK = { frames: [1, 24], resolution: [480, 270], samples: 32, seed: 0 } as const;

/**
 * Benchmark score thresholds for tiers 1, 2 and 3, the same numbers NodeRegistry is deployed
 * with (`tierThresholds()`): a score of at least 100 earns tier 1, 1 000 tier 2, 10 000 tier 3.
 */
export const TIER_THRESHOLDS = [100, 1_000, 10_000] as const;

/** Units of the score: one point is 10 000 path samples (pixels × samples) per second. */
export const SCORE_UNIT_SAMPLES_PER_SECOND = 10_000;

export type BenchmarkParameters = {
  device?: RenderDevice | undefined;
  timeoutMs?: number | undefined;
  memoryLimitMb?: number | undefined;
  signal?: AbortSignal | undefined;
};

export type BenchmarkReturnType = {
  /** round(pixels × samples × frames / render seconds / 10 000); fits NodeRegistry's uint32. */
  score: number;
  tier: 0 | 1 | 2 | 3;
  /** Blender's render time summed over the benchmark frames (start-up and scene load excluded). */
  renderSeconds: number;
  samplesPerSecond: number;
  device: RenderDevice;
  sandbox: SandboxInfo;
};

/** The tier a score earns alone, as `NodeRegistry.tierForScore` computes it. */
export function tierForScore(
  score: number,
  thresholds: readonly [number, number, number] = TIER_THRESHOLDS,
): 0 | 1 | 2 | 3 {
  if (score >= thresholds[2]) return 3;
  if (score >= thresholds[1]) return 2;
  if (score >= thresholds[0]) return 1;
  return 0;
}

/**
 * Renders the standard benchmark in the sandbox and scores it by path samples per second:
 * score = round(480 × 270 × 32 × 2 / seconds / 10 000). A 2-core CPU scores about 100-200
 * (tier 1); tier 3 wants 100 M samples per second, a fast GPU.
 *
 * @example
 * const { score, tier } = await runBenchmark({ device: 'CUDA' });
 */
export async function runBenchmark(
  parameters: BenchmarkParameters = {},
): Promise<BenchmarkReturnType> {
  const device = parameters.device ?? 'CPU';
  const jobDir = await mkdtemp(join(tmpdir(), 'gridlight-benchmark-'));
  try {
    const blendPath = await generateSampleScene(join(jobDir, 'sample.blend'));
    const result = await renderFrames({
      blendPath,
      jobDir,
      frames: [...BENCHMARK.frames],
      resolution: BENCHMARK.resolution,
      samples: BENCHMARK.samples,
      seed: BENCHMARK.seed,
      device,
      timeoutMs: parameters.timeoutMs ?? 600_000,
      memoryLimitMb: parameters.memoryLimitMb ?? 8192,
      signal: parameters.signal,
    });
    const renderSeconds = result.frames.reduce((sum, frame) => sum + frame.seconds, 0);
    const [width, height] = BENCHMARK.resolution;
    const samplesPerSecond =
      (width * height * BENCHMARK.samples * BENCHMARK.frames.length) / renderSeconds;
    const score = Math.min(
      2 ** 32 - 1,
      Math.round(samplesPerSecond / SCORE_UNIT_SAMPLES_PER_SECOND),
    );
    return {
      score,
      tier: tierForScore(score),
      renderSeconds,
      samplesPerSecond,
      device,
      sandbox: result.sandbox,
    };
  } finally {
    await rm(jobDir, { recursive: true, force: true });
  }
}
