import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { detectSandbox, findBlender, runBlender } from './blender.js';
import { SceneOutsideJobDirError } from './errors.js';
import { readPng } from './image.js';
import { renderFrames } from './renderFrames.js';
import { removeTempDirs, sampleJob, sampleScene, TEST_RENDER, tempDir } from './testing.js';

after(removeTempDirs);

/**
 * Turns the sample scene into a hostile one: a text block registered to run on load
 * (`use_module`) and a driver whose Python expression runs on every evaluation, each writing
 * a marker file outside the job folder; plus a compositor File Output node aimed outside it.
 */
const MAKE_MALICIOUS = `
import bpy, sys
marker_dir, out = sys.argv[sys.argv.index("--") + 1:]
text = bpy.data.texts.new("evil.py")
text.write("open(%r, 'w').write('text block ran')\\n" % (marker_dir + "/text-marker"))
text.use_module = True
cube = bpy.data.objects["Cube"]
fcurve = cube.driver_add("location", 0)
fcurve.driver.type = "SCRIPTED"
fcurve.driver.expression = "__import__('builtins').open(%r, 'w').write('driver ran') or 0" % (marker_dir + "/driver-marker")
scene = bpy.context.scene
scene.use_nodes = True
node = scene.node_tree.nodes.new("CompositorNodeOutputFile")
node.base_path = marker_dir + "/compositor-"
scene.node_tree.links.new(scene.node_tree.nodes["Render Layers"].outputs["Image"], node.inputs[0])
bpy.ops.wm.save_as_mainfile(filepath=out)
`;

/** An image texture that reads a file outside the job folder (a way to exfiltrate it in the pixels). */
const MAKE_EXTERNAL_TEXTURE = `
import bpy, sys
path, out = sys.argv[sys.argv.index("--") + 1:]
image = bpy.data.images.load(path, check_existing=False)
mat = bpy.data.materials["Red"]
node = mat.node_tree.nodes.new("ShaderNodeTexImage")
node.image = image
bpy.ops.wm.save_as_mainfile(filepath=out)
`;

describe('sandbox', () => {
  test('a malicious scene renders with no scene code run and nothing written outside the job folder', async () => {
    const { jobDir, blendPath } = await sampleJob();
    const markers = await tempDir('gridlight-markers-');
    await blenderScript(MAKE_MALICIOUS, await sampleScene(), [markers, blendPath]);

    // Control: the same file with auto-run enabled does run the payloads, so the test means something.
    const control = await tempDir('gridlight-markers-');
    const controlBlend = join(control, 'control.blend');
    await blenderScript(MAKE_MALICIOUS, await sampleScene(), [control, controlBlend]);
    await runPlain(
      ['-b', '--enable-autoexec', '--factory-startup', controlBlend, '-f', '1'],
      control,
    );
    assert.ok(await exists(join(control, 'text-marker')), 'control: text block did not run');
    assert.ok(await exists(join(control, 'driver-marker')), 'control: driver did not run');

    const result = await renderFrames({ ...TEST_RENDER, blendPath, jobDir, frames: [1, 2] });
    assert.equal(result.frames.length, 2);
    assert.equal((await readPng(result.frames[0]?.path ?? '')).width, 320);
    for (const name of ['text-marker', 'driver-marker', 'compositor-0001.png']) {
      assert.equal(await exists(join(markers, name)), false, `${name} was written`);
    }
  });

  test('a scene that reads a file outside the job folder is refused', async () => {
    const { jobDir, blendPath } = await sampleJob();
    const secrets = await tempDir('gridlight-secrets-');
    const secret = join(secrets, 'secret.png');
    await writeFile(secret, PNG_1x1);
    await blenderScript(MAKE_EXTERNAL_TEXTURE, await sampleScene(), [secret, blendPath]);
    await assert.rejects(
      renderFrames({ ...TEST_RENDER, blendPath, jobDir, frames: [1] }),
      (error: unknown) =>
        error instanceof SceneOutsideJobDirError &&
        error.path === secret &&
        /image secret\.png/.test(error.message),
    );
  });

  test('Blender cannot reach the network, not even this machine on loopback', async (t) => {
    const sandbox = await detectSandbox();
    t.diagnostic(`sandbox: ${JSON.stringify(sandbox)}`);
    if (process.getuid?.() === 0) assert.equal(sandbox.networkIsolated, true);
    if (!sandbox.networkIsolated) return t.skip('unshare is not available here');
    const server = createServer((socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const jobDir = await tempDir('gridlight-job-');
      const probe = `
import socket
try:
    socket.create_connection(("127.0.0.1", ${port}), timeout=2).recv(5)
    print("GRIDLIGHT_PROBE connected")
except OSError as error:
    print("GRIDLIGHT_PROBE refused", error)
`;
      const run = await runBlender({
        args: ['-b', '-Y', '--factory-startup', '--python-expr', probe],
        cwd: jobDir,
        timeoutMs: 30_000,
        memoryLimitMb: 4096,
      });
      const line = run.stdoutLines.find((l) => l.startsWith('GRIDLIGHT_PROBE')) ?? '';
      assert.match(line, /refused/);
    } finally {
      server.close();
    }
  });
});

// A 1×1 PNG for the texture test.
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** Runs one of the test's own Blender scripts on a scene (this is us, not the scene, running code). */
async function blenderScript(script: string, blend: string, args: string[]): Promise<void> {
  const dir = await tempDir('gridlight-script-');
  const file = join(dir, 'script.py');
  await writeFile(file, script);
  await runPlain(
    [
      '-b',
      '-Y',
      '--factory-startup',
      blend,
      '--python-exit-code',
      '4',
      '--python',
      file,
      '--',
      ...args,
    ],
    dir,
  );
}

async function runPlain(args: string[], cwd: string): Promise<void> {
  const blender = await findBlender();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(blender, args, { cwd, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', resolve);
  });
  assert.equal(code, 0, `blender ${args.join(' ')} exited with ${code}`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
