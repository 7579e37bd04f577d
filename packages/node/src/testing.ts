import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSampleScene } from './generateSampleScene.js';

let samplePromise: Promise<string> | undefined;
const cleanups: string[] = [];

/** Generates the sample scene once per test process (in its own folder) and returns its path. */
export function sampleScene(): Promise<string> {
  samplePromise ??= (async () => {
    const dir = await tempDir('gridlight-sample-');
    return generateSampleScene(join(dir, 'sample.blend'));
  })();
  return samplePromise;
}

/** A fresh job folder holding a copy of the sample scene. */
export async function sampleJob(): Promise<{ jobDir: string; blendPath: string }> {
  const source = await sampleScene();
  const jobDir = await tempDir('gridlight-job-');
  const blendPath = join(jobDir, 'scene.blend');
  await copyFile(source, blendPath);
  return { jobDir, blendPath };
}

/** A temporary folder removed by {@link removeTempDirs}. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(dir);
  return dir;
}

/** Removes every folder made by {@link tempDir}. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Render settings the tests share: the sample scene's own, on the CPU. */
export const TEST_RENDER = {
  samples: 16,
  seed: 0,
  device: 'CPU',
  timeoutMs: 60_000,
  memoryLimitMb: 4096,
} as const;
