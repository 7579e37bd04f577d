import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastLines, runBlender } from './blender.js';
import { RenderFailedError } from './errors.js';

/** The generator script, kept at the repository root so anyone can run it with Blender alone. */
export const SAMPLE_SCENE_SCRIPT = fileURLToPath(
  new URL('../../../scenes/make-sample.py', import.meta.url),
);

/** What the sample scene renders with by default (its saved settings). */
export const SAMPLE_SCENE = {
  width: 320,
  height: 180,
  samples: 16,
  seed: 0,
  frameStart: 1,
  frameEnd: 48,
} as const;

/**
 * Builds the sample scene (320×180, 16 samples, frames 1..48, Cycles, fixed seed) and saves
 * it at `outPath`, running `scenes/make-sample.py` in the same Blender sandbox as renders.
 *
 * @example
 * await generateSampleScene(join(jobDir, 'sample.blend'));
 */
export async function generateSampleScene(
  outPath: string,
  { timeoutMs = 60_000, memoryLimitMb = 4096 }: { timeoutMs?: number; memoryLimitMb?: number } = {},
): Promise<string> {
  const target = resolve(outPath);
  await mkdir(dirname(target), { recursive: true });
  const run = await runBlender({
    args: [
      '-b',
      '-Y',
      '--factory-startup',
      '--python-exit-code',
      '4',
      '--python',
      SAMPLE_SCENE_SCRIPT,
      '--',
      target,
    ],
    cwd: dirname(target),
    timeoutMs,
    memoryLimitMb,
  });
  const saved = run.stdoutLines.some((line) => line.startsWith('GRIDLIGHT_SAMPLE_SAVED'));
  if (run.exitCode !== 0 || !saved || !(await stat(target).catch(() => null))) {
    throw new RenderFailedError('the sample scene generator did not save a scene', {
      exitCode: run.exitCode,
      signal: run.signal,
      stderrTail: lastLines(run.outputTail),
    });
  }
  return target;
}
