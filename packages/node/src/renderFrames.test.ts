import assert from 'node:assert/strict';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { detectSandbox } from './blender.js';
import { RenderTimeoutError, SceneOutsideJobDirError, SceneUnreadableError } from './errors.js';
import { countDifferentPixels, maxChannelDifference, readPng } from './image.js';
import { renderFrames } from './renderFrames.js';
import { removeTempDirs, sampleJob, sampleScene, TEST_RENDER, tempDir } from './testing.js';

after(removeTempDirs);

describe('renderFrames', () => {
  test('the sample scene generates', async () => {
    const path = await sampleScene();
    assert.ok((await stat(path)).size > 10_000);
  });

  test('frame 1 rendered twice gives the same pixels (at most one pixel one level off); frames 1 and 24 differ', async (t) => {
    const { jobDir, blendPath } = await sampleJob();
    const single = { ...TEST_RENDER, blendPath, jobDir, threads: 1 };
    const first = await renderFrames({ ...single, frames: [1, 24], outDir: 'a' });
    const again = await renderFrames({ ...single, frames: [1], outDir: 'b' });
    assert.equal(first.frames.length, 2);
    for (const frame of first.frames) {
      assert.ok(frame.path.startsWith(jobDir), frame.path);
      assert.ok(frame.seconds > 0 && frame.seconds < 30, `seconds ${frame.seconds}`);
    }
    const [one, twentyFour] = first.frames;
    assert.ok(one && twentyFour);
    const a = await readPng(one.path);
    const b = await readPng(again.frames[0]?.path ?? '');
    assert.equal(a.width, 320);
    assert.equal(a.height, 180);
    // Usually bit-identical on one thread; about one pair in ten (under load from parallel
    // test files) has a single pixel one 8-bit level off. Cycles (BVH build, sample
    // accumulation) does not promise more; see the README.
    t.diagnostic(
      `one thread: ${countDifferentPixels(a, b)} pixels differ, max ${maxChannelDifference(a, b)}`,
    );
    assert.ok(maxChannelDifference(a, b) <= 1, `max difference ${maxChannelDifference(a, b)}`);
    assert.ok(countDifferentPixels(a, b) <= 2, `${countDifferentPixels(a, b)} pixels differ`);
    const c = await readPng(twentyFour.path);
    assert.ok(countDifferentPixels(a, c) > 320 * 180 * 0.2);

    // With every core, Cycles may add a pixel's samples in a different order: a rare pixel
    // moves by one level, never more (seen: 0 or 1 pixel of 57 600).
    const multi = await renderFrames({
      ...TEST_RENDER,
      blendPath,
      jobDir,
      frames: [1],
      outDir: 'c',
    });
    const d = await readPng(multi.frames[0]?.path ?? '');
    t.diagnostic(
      `all cores: ${countDifferentPixels(a, d)} pixels differ, max ${maxChannelDifference(a, d)}`,
    );
    assert.ok(maxChannelDifference(a, d) <= 1, `max difference ${maxChannelDifference(a, d)}`);
    assert.ok(countDifferentPixels(a, d) <= 320 * 180 * 0.001);
  });

  test('a scene path outside the job folder is refused before Blender starts', async () => {
    const { blendPath } = await sampleJob();
    const otherJob = await tempDir('gridlight-job-');
    await assert.rejects(
      renderFrames({ ...TEST_RENDER, blendPath, jobDir: otherJob, frames: [1] }),
      SceneOutsideJobDirError,
    );
    await assert.rejects(
      renderFrames({
        ...TEST_RENDER,
        blendPath: '../../etc/passwd',
        jobDir: otherJob,
        frames: [1],
      }),
      SceneOutsideJobDirError,
    );
  });

  test('a symlink out of the job folder is refused', async () => {
    const { blendPath } = await sampleJob();
    const otherJob = await tempDir('gridlight-job-');
    const { symlink } = await import('node:fs/promises');
    await symlink(blendPath, join(otherJob, 'scene.blend'));
    await assert.rejects(
      renderFrames({ ...TEST_RENDER, blendPath: 'scene.blend', jobDir: otherJob, frames: [1] }),
      SceneOutsideJobDirError,
    );
  });

  test('a file that is not a .blend gives SceneUnreadableError', async () => {
    const jobDir = await tempDir('gridlight-job-');
    await writeFile(join(jobDir, 'scene.blend'), 'not a blend file');
    await assert.rejects(
      renderFrames({ ...TEST_RENDER, blendPath: 'scene.blend', jobDir, frames: [1] }),
      SceneUnreadableError,
    );
  });

  test('timeout kills Blender and its process group', async () => {
    const { jobDir, blendPath } = await sampleJob();
    const started = performance.now();
    await assert.rejects(
      renderFrames({
        ...TEST_RENDER,
        blendPath,
        jobDir,
        frames: [1, 2, 3, 4],
        samples: 4096,
        timeoutMs: 1500,
      }),
      (error: unknown) => error instanceof RenderTimeoutError && error.retryable === false,
    );
    assert.ok(performance.now() - started < 10_000);
    const out = await readdir(join(jobDir, 'out'));
    assert.deepEqual(out, []);
  });

  test('the sandbox reports whether the network is isolated', async () => {
    const sandbox = await detectSandbox();
    assert.equal(typeof sandbox.networkIsolated, 'boolean');
    // This machine runs the tests as root with unshare available: isolation must be on.
    if (process.getuid?.() === 0) assert.equal(sandbox.networkIsolated, true);
    const { jobDir, blendPath } = await sampleJob();
    await mkdir(join(jobDir, 'out'), { recursive: true });
    const result = await renderFrames({ ...TEST_RENDER, blendPath, jobDir, frames: [2] });
    assert.deepEqual(result.sandbox, sandbox);
  });
});
