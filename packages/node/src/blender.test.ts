import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { findBlender } from './blender.js';
import { BlenderNotFoundError, RenderOutOfMemoryError } from './errors.js';
import { renderFrames } from './renderFrames.js';
import { removeTempDirs, sampleJob, TEST_RENDER } from './testing.js';

after(removeTempDirs);

describe('blender', () => {
  test('no Blender on PATH gives BlenderNotFoundError naming the apt command', async () => {
    await assert.rejects(findBlender({ PATH: '/nonexistent' }), (error: unknown) => {
      assert.ok(error instanceof BlenderNotFoundError);
      assert.match(error.shortMessage, /apt-get install -y blender/);
      assert.equal(error.retryable, false);
      return true;
    });
    await assert.rejects(findBlender({ BLENDER: '/nonexistent/blender' }), BlenderNotFoundError);
  });

  test('Blender is installed here (CI installs it with apt; a missing one fails, never skips)', async () => {
    assert.match(await findBlender(), /blender$/);
  });

  test('an abort signal stops Blender', async () => {
    const { jobDir, blendPath } = await sampleJob();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 500);
    const started = performance.now();
    await assert.rejects(
      renderFrames({
        ...TEST_RENDER,
        blendPath,
        jobDir,
        frames: [1],
        samples: 4096,
        signal: controller.signal,
      }),
      /shutting down/,
    );
    assert.ok(performance.now() - started < 5000);
  });

  test('a memory limit too small for Blender gives RenderOutOfMemoryError', async () => {
    const { jobDir, blendPath } = await sampleJob();
    await assert.rejects(
      renderFrames({ ...TEST_RENDER, blendPath, jobDir, frames: [1], memoryLimitMb: 300 }),
      (error: unknown) => error instanceof RenderOutOfMemoryError && !error.retryable,
    );
  });
});
