// Rendering on a node: the sample scene (320×180, 16 samples, Cycles CPU) rendered as 8 frames
// in one Blender process versus one process per frame (the gap is Blender's start-up and scene
// load, paid once per process), a spot-check (3 crops re-rendered with a border and compared),
// and the cost of SSIM itself.
// Run: npx tsx bench/render-bench.ts   (FRAMES=n, SSIM_RUNS=n, SEED=n to vary)
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chooseCrops,
  cropImage,
  detectSandbox,
  generateSampleScene,
  readPng,
  renderFrames,
  ssim,
  verifyCrops,
} from '@gridlight/node';

const frameCount = Number(process.env.FRAMES ?? 8);
const ssimRuns = Number(process.env.SSIM_RUNS ?? 20);
const seed = Number(process.env.SEED ?? 1);
const settings = {
  samples: 16,
  seed: 0,
  device: 'CPU',
  timeoutMs: 600_000,
  memoryLimitMb: 4096,
} as const;

const out = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (s: number) => s.toFixed(3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

const jobDir = await mkdtemp(join(tmpdir(), 'gridlight-render-bench-'));
try {
  const sandbox = await detectSandbox();
  out(`cpu: ${cpus()[0]?.model ?? '?'} × ${cpus().length}; sandbox: ${JSON.stringify(sandbox)}`);
  const generated = performance.now();
  const blendPath = await generateSampleScene(join(jobDir, 'sample.blend'));
  out(`sample scene generated in ${fmt((performance.now() - generated) / 1000)} s`);
  const frames = Array.from(
    { length: frameCount },
    (_, i) => 1 + i * Math.floor(47 / Math.max(1, frameCount - 1)),
  );

  const batch = await renderFrames({ ...settings, blendPath, jobDir, frames, outDir: 'batch' });
  const batchRender = batch.frames.reduce((s, f) => s + f.seconds, 0);
  out(`\n${frameCount} frames in one Blender process: wall ${fmt(batch.wallSeconds)} s`);
  out(`  per-frame render (Blender): ${batch.frames.map((f) => fmt(f.seconds)).join(' ')}`);
  out(
    `  wall per frame ${fmt(batch.wallSeconds / frameCount)} s; outside rendering ${fmt(batch.wallSeconds - batchRender)} s in all`,
  );

  let singleWall = 0;
  let singleRender = 0;
  const singles: number[] = [];
  for (const frame of frames) {
    const one = await renderFrames({
      ...settings,
      blendPath,
      jobDir,
      frames: [frame],
      outDir: 'single',
    });
    singleWall += one.wallSeconds;
    singleRender += one.frames[0]?.seconds ?? 0;
    singles.push(one.wallSeconds);
  }
  out(`\n${frameCount} frames, one Blender process each: wall ${fmt(singleWall)} s`);
  out(`  per-process wall: ${singles.map(fmt).join(' ')}`);
  out(
    `  wall per frame ${fmt(singleWall / frameCount)} s; start-up + load per process ≈ ${fmt((singleWall - singleRender) / frameCount)} s`,
  );
  out(
    `  batching saves ${fmt(singleWall - batch.wallSeconds)} s (${((1 - batch.wallSeconds / singleWall) * 100).toFixed(0)} %)`,
  );

  const claimed = batch.frames[0]?.path ?? '';
  const started = performance.now();
  const verdict = await verifyCrops({
    ...settings,
    blendPath,
    jobDir,
    frame: frames[0] ?? 1,
    claimedPng: claimed,
    cropSeed: seed,
  });
  const crops = verdict.crops.map((c) => `${c.width}x${c.height}`).join(' ');
  out(
    `\nspot-check, ${verdict.crops.length} crops ${crops}: ${verdict.verdict}, ` +
      `SSIM ${verdict.ssims.map((s) => s.toFixed(4)).join(' ')}, wall ${fmt((performance.now() - started) / 1000)} s`,
  );

  const a = await readPng(claimed);
  const b = await readPng(batch.frames[1]?.path ?? claimed);
  const crop = chooseCrops(seed, a.width, a.height, 1)[0] ?? { x: 0, y: 0, width: 32, height: 18 };
  const ca = cropImage(a, crop);
  const cb = cropImage(b, crop);
  const big = {
    width: 1920,
    height: 1080,
    data: new Uint8Array(1920 * 1080 * 4).map((_, i) => (i * 2654435761) >>> 24),
  };
  const big2 = { ...big, data: big.data.map((v, i) => (i % 7 === 0 ? 255 - v : v)) };
  for (const [name, x, y] of [
    [`crop ${crop.width}x${crop.height}`, ca, cb],
    [`frame ${a.width}x${a.height}`, a, b],
    ['frame 1920x1080', big, big2],
  ] as const) {
    const ms = Array.from({ length: ssimRuns }, () => time(() => ssim(x, y)).ms);
    out(`SSIM ${name}: median ${median(ms).toFixed(3)} ms over ${ssimRuns} runs`);
  }
} finally {
  await rm(jobDir, { recursive: true, force: true });
}
