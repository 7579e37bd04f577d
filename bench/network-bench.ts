// Network benchmark (issue #3): a 48-frame job on 4 local node daemons.
//   npx tsx bench/network-bench.ts [--frames 1-48] [--nodes 4] [--samples 16]
// Prints the makespan against the ideal (sum of pure Blender render times / nodes) and the
// per-frame overhead outside Blender (hashing, upload, chain), from the daemons' logs.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevnet } from '@gridlight/cli';
import { generateSampleScene, renderFrames } from '@gridlight/node';
import { createGridlightClient, parseFrames } from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import { parseEther } from 'viem';
import { submitJob, waitForJob } from '../packages/cli/src/jobs.js';
import { createOutput } from '../packages/cli/src/output.js';

const { values } = parseArgs({
  options: { frames: { type: 'string' }, nodes: { type: 'string' }, samples: { type: 'string' } },
});
const frames = values.frames ?? '1-48';
const nodes = Number(values.nodes ?? 4);
const samples = Number(values.samples ?? 16);
const RES: [number, number] = [320, 180];
const print = (line: string) => process.stdout.write(`${line}\n`);

const dir = await mkdtemp(join(tmpdir(), 'gridlight-bench-'));
const quiet = createOutput({ json: true });
try {
  const scene = join(dir, 'sample.blend');
  await generateSampleScene(scene);

  // Pure Blender render time of every frame, in one uncontended process (all cores).
  const pureDir = join(dir, 'pure');
  await mkdir(pureDir, { recursive: true });
  await copyFile(scene, join(pureDir, 'scene.blend'));
  const list = parseFrames(frames);
  const pure = await renderFrames({
    blendPath: join(pureDir, 'scene.blend'),
    jobDir: pureDir,
    frames: list,
    samples,
    seed: 1,
    resolution: RES,
    device: 'CPU',
    timeoutMs: 1_800_000,
    memoryLimitMb: 4096,
  });
  const pureSum = pure.frames.reduce((s, f) => s + f.seconds, 0);

  const state = join(dir, 'state');
  const devnet = await startDevnet(
    {
      port: 18_745,
      storagePort: 18_746,
      metricsPortBase: 19_500,
      nodes,
      stakePerNode: parseEther('50000'),
      stateDir: state,
      signal: new AbortController().signal,
    },
    quiet,
  );
  try {
    const client = await createGridlightClient({
      rpcUrl: devnet.rpcUrl,
      deploymentFile: devnet.deploymentFile,
      account: devnet.requesterKey,
    });
    const storage = new StorageClient(devnet.storageUrl);
    const t0 = Date.now();
    const { jobId } = await submitJob(client, storage, {
      scenePath: scene,
      frames,
      width: RES[0],
      height: RES[1],
      samples,
      seed: 1,
      pricePerUnit: parseEther('1'),
      deadlineSeconds: 7200,
      verification: 'spot-check',
      replication: 1,
      minTier: 0,
      claimTtl: 3600,
    });
    await waitForJob(client, jobId, quiet, { timeoutMs: 3_600_000 });
    const makespan = (Date.now() - t0) / 1000;

    // Overhead outside Blender per claim: claimed → revealed, minus Blender's wall time.
    let overhead = 0;
    let rendered = 0;
    let blenderWall = 0;
    for (const log of devnet.nodeLogs) {
      const lines = (await readFile(log, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      const byClaim = new Map<
        string,
        { claimed?: number; revealed?: number; seconds?: number; count?: number }
      >();
      for (const l of lines) {
        if (!l.claimId) continue;
        const c = byClaim.get(l.claimId) ?? {};
        if (String(l.msg).startsWith('claimed '))
          Object.assign(c, { claimed: l.time, count: l.count });
        if (String(l.msg).startsWith('rendered ')) c.seconds = l.seconds;
        if (String(l.msg).startsWith('revealed ')) c.revealed = l.time;
        byClaim.set(l.claimId, c);
      }
      for (const c of byClaim.values()) {
        if (c.claimed === undefined || c.revealed === undefined || c.seconds === undefined)
          continue;
        overhead += (c.revealed - c.claimed) / 1000 - c.seconds;
        blenderWall += c.seconds;
        rendered += c.count ?? 0;
      }
    }
    const ideal = pureSum / nodes;
    print(
      `frames ${list.length} at ${RES[0]}×${RES[1]}, ${samples} samples, ${nodes} nodes, ${cpus().length} CPU cores`,
    );
    print(
      `pure Blender render time, sum over frames (one uncontended process): ${pureSum.toFixed(2)} s`,
    );
    print(`ideal makespan (sum / nodes):                 ${ideal.toFixed(2)} s`);
    print(`target (1.10 × ideal + 5 s):                  ${(1.1 * ideal + 5).toFixed(2)} s`);
    print(
      `measured makespan (createJob → all accepted): ${makespan.toFixed(2)} s  (${(makespan / ideal).toFixed(2)} × ideal)`,
    );
    // On a machine with fewer cores than nodes the daemons share the CPU: the pure render
    // already used every core, so its sum is the floor for any schedule on this machine.
    print(
      `floor on this machine (pure sum, all cores):  ${pureSum.toFixed(2)} s  (${(makespan / pureSum).toFixed(2)} × floor)`,
    );
    print(`Blender wall time in the daemons, summed:     ${blenderWall.toFixed(2)} s`);
    print(
      `overhead outside Blender per frame:           ${((overhead / rendered) * 1000).toFixed(0)} ms (${rendered} frames; claim → reveal minus Blender wall)`,
    );
    print(
      `overhead vs pure render time per frame:       ${((overhead / rendered / (pureSum / list.length)) * 100).toFixed(1)} %`,
    );
  } finally {
    await devnet.stop();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
