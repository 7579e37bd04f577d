import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastLines, runBlender, type SandboxInfo } from './blender.js';
import {
  RenderDeviceUnavailableError,
  RenderFailedError,
  RenderParametersError,
  SceneOutsideJobDirError,
  SceneUnreadableError,
} from './errors.js';
import { ensureDirInside, resolveScene } from './paths.js';

/** A render region as fractions of the frame, Blender's convention: y = 0 is the bottom row. */
export type Border = { minX: number; maxX: number; minY: number; maxY: number };

/** Compute device for Cycles. */
export type RenderDevice = 'CPU' | 'CUDA' | 'OPTIX';

export type RenderFramesParameters = {
  /** The .blend; must resolve inside `jobDir`. */
  blendPath: string;
  /** The unit's folder: Blender's working directory; every output goes under it. */
  jobDir: string;
  frames: number[];
  samples: number;
  seed: number;
  /** [width, height] in pixels; the scene's own resolution when omitted. */
  resolution?: readonly [number, number] | undefined;
  device: RenderDevice;
  /** Render only this region, cropped (spot-check re-renders). */
  border?: Border | undefined;
  timeoutMs: number;
  /** Address-space limit for Blender, in MiB. Blender needs about 1 GiB just to start. */
  memoryLimitMb: number;
  signal?: AbortSignal | undefined;
  /** Output folder relative to `jobDir`; `out` by default. */
  outDir?: string | undefined;
  /**
   * Cycles threads; all cores when omitted. One thread gives bit-identical pixels run to run;
   * with more, Cycles may sum a pixel's samples in a different order and a rare pixel moves by
   * one 8-bit level (measured: 0–1 pixel of 57 600 at 2 threads).
   */
  threads?: number | undefined;
};

export type RenderedFrame = {
  frame: number;
  /** Absolute path of the PNG (RGBA, 8 bit) inside the job folder. */
  path: string;
  /** Blender's own render time for this frame, without process start-up and scene load. */
  seconds: number;
};

export type RenderFramesReturnType = {
  frames: RenderedFrame[];
  /** Wall time of the whole Blender process, start-up and scene load included. */
  wallSeconds: number;
  sandbox: SandboxInfo;
};

/** One image for the driver script: a frame, optionally a border, and where to write it. */
export type RenderItem = { frame: number; border?: Border | undefined; output: string };

const DRIVER = fileURLToPath(new URL('../python/render.py', import.meta.url));
const PYTHON_EXCEPTION_EXIT = 4;
/** What Blender 3.x prints when the .blend cannot be loaded. */
const SCENE_UNREADABLE =
  /File format is not supported|Cannot read file|Failed to read blend file|Unable to open/;

/**
 * Renders frames of a scene in one sandboxed Blender process with our settings pinned
 * (seed, samples, no denoising, PNG RGBA 8 bit), returning each PNG and its render time.
 *
 * @example
 * const { frames } = await renderFrames({
 *   blendPath: 'scene.blend', jobDir, frames: [1, 2, 3], samples: 16, seed: 0,
 *   device: 'CPU', timeoutMs: 60_000, memoryLimitMb: 4096,
 * });
 */
export async function renderFrames(
  parameters: RenderFramesParameters,
): Promise<RenderFramesReturnType> {
  if (parameters.frames.length === 0) throw new RenderParametersError('No frames to render.');
  for (const frame of parameters.frames) {
    if (!Number.isSafeInteger(frame))
      throw new RenderParametersError(`Frame ${frame} is not an integer.`);
  }
  const border = parameters.border;
  const outDirName = parameters.outDir ?? 'out';
  const { jobDir } = await resolveScene(parameters.jobDir, parameters.blendPath);
  const outDir = await ensureDirInside(jobDir, outDirName);
  const suffix = border ? `_crop_${borderTag(border)}` : '';
  const items = parameters.frames.map((frame) => ({
    frame,
    border,
    output: join(outDir, `frame_${String(frame).padStart(4, '0')}${suffix}.png`),
  }));
  const result = await renderItems({ ...parameters, items });
  return {
    frames: result.items.map((item, i) => ({
      frame: item.frame,
      path: item.output,
      seconds: result.seconds[i] ?? Number.NaN,
    })),
    wallSeconds: result.wallSeconds,
    sandbox: result.sandbox,
  };
}

export type RenderItemsParameters = Omit<RenderFramesParameters, 'frames' | 'border' | 'outDir'> & {
  items: RenderItem[];
};

/** Renders arbitrary (frame, border, output) items in one Blender process; the engine room of renderFrames and verifyCrops. */
export async function renderItems(
  parameters: RenderItemsParameters,
): Promise<{ items: RenderItem[]; seconds: number[]; wallSeconds: number; sandbox: SandboxInfo }> {
  const { jobDir, blendPath } = await resolveScene(parameters.jobDir, parameters.blendPath);
  for (const item of parameters.items) {
    if (item.border) checkBorder(item.border);
    // Stale outputs must not pass for fresh ones.
    await ensureDirInside(jobDir, join(item.output, '..'));
    await rm(item.output, { force: true });
  }
  checkSettings(parameters);
  const config = {
    jobDir,
    samples: parameters.samples,
    seed: parameters.seed,
    device: parameters.device,
    resolution: parameters.resolution ?? null,
    threads: parameters.threads ?? null,
    items: parameters.items,
  };
  const started = performance.now();
  const run = await runBlender({
    args: [
      '-b',
      '-Y',
      '--factory-startup',
      '--python-exit-code',
      String(PYTHON_EXCEPTION_EXIT),
      blendPath,
      '--python',
      DRIVER,
      '--',
      JSON.stringify(config),
    ],
    cwd: jobDir,
    timeoutMs: parameters.timeoutMs,
    memoryLimitMb: parameters.memoryLimitMb,
    signal: parameters.signal,
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const status = {
    exitCode: run.exitCode,
    signal: run.signal,
    stderrTail: lastLines(run.outputTail),
  };

  for (const line of run.stdoutLines) {
    if (!line.startsWith('GRIDLIGHT_ERROR ')) continue;
    const { code, message, path } = JSON.parse(line.slice('GRIDLIGHT_ERROR '.length)) as {
      code: string;
      message: string;
      path?: string;
    };
    if (code === 'outside-job-dir') {
      throw new SceneOutsideJobDirError(path || blendPath, jobDir, { details: message });
    }
    if (code === 'load-failed')
      throw new SceneUnreadableError(blendPath, { details: status.stderrTail });
    if (code === 'no-device')
      throw new RenderDeviceUnavailableError(parameters.device, { details: message });
    throw new RenderFailedError(message, status);
  }
  if (run.exitCode !== 0 && SCENE_UNREADABLE.test(run.outputTail)) {
    throw new SceneUnreadableError(blendPath, { details: status.stderrTail });
  }
  if (run.exitCode !== 0) {
    const reason = run.signal
      ? `Blender was killed by ${run.signal}`
      : run.exitCode === PYTHON_EXCEPTION_EXIT
        ? 'the driver script raised an exception'
        : `Blender exited with status ${run.exitCode}`;
    throw new RenderFailedError(reason, status);
  }
  const seconds = new Array<number>(parameters.items.length).fill(Number.NaN);
  let done = 0;
  for (const line of run.stdoutLines) {
    if (!line.startsWith('GRIDLIGHT_RESULT ')) continue;
    const result = JSON.parse(line.slice('GRIDLIGHT_RESULT '.length)) as {
      index: number;
      seconds: number;
    };
    seconds[result.index] = result.seconds;
    done++;
  }
  if (done !== parameters.items.length) {
    throw new RenderFailedError(
      `Blender rendered ${done} of ${parameters.items.length} images`,
      status,
    );
  }
  return { items: parameters.items, seconds, wallSeconds, sandbox: run.sandbox };
}

function checkSettings(parameters: RenderItemsParameters): void {
  const { samples, seed, timeoutMs, memoryLimitMb, resolution } = parameters;
  if (!Number.isSafeInteger(samples) || samples < 1) {
    throw new RenderParametersError(`Samples must be a positive integer, got ${samples}.`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new RenderParametersError(`Seed must be an integer in [0, 2^31), got ${seed}.`);
  }
  if (!(timeoutMs > 0))
    throw new RenderParametersError(`timeoutMs must be positive, got ${timeoutMs}.`);
  if (!(memoryLimitMb > 0)) {
    throw new RenderParametersError(`memoryLimitMb must be positive, got ${memoryLimitMb}.`);
  }
  if (resolution && !resolution.every((n) => Number.isSafeInteger(n) && n >= 4 && n <= 65_536)) {
    throw new RenderParametersError(`Resolution ${resolution.join('x')} is not a valid size.`);
  }
}

function checkBorder(border: Border): void {
  const { minX, maxX, minY, maxY } = border;
  const ok = [minX, maxX, minY, maxY].every((v) => v >= 0 && v <= 1) && minX < maxX && minY < maxY;
  if (!ok)
    throw new RenderParametersError(
      `Border ${JSON.stringify(border)} is not a region of the frame.`,
    );
}

function borderTag(border: Border): string {
  return [border.minX, border.maxX, border.minY, border.maxY]
    .map((v) => Math.round(v * 1e6))
    .join('_');
}
