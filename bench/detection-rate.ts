// Spot-check detection rate (issue #5, scenario 2): measured vs theoretical.
//   npx tsx bench/detection-rate.ts [--trials 200]
// Honest frames are rendered once with Blender; fakes are built from them (noise, a
// different frame, fewer samples). Each trial is a claim of 8 units with m faked; the
// verifier's own rules pick k = 2 units (daemon default) and 3 seeded crops per unit and
// compare SSIM (accept > 0.92, reject < 0.90, widen in between, up to twice). The crops are
// compared against the honest full frame's region, which a crop re-render reproduces
// exactly (packages/node/README.md), so no re-render is needed per trial.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  chooseCrops,
  cropImage,
  decodePng,
  generateSampleScene,
  type RgbaImage,
  renderFrames,
  SPOT_CHECK,
  ssim,
  widenCrop,
} from '@gridlight/node';
import { keccak256, toHex } from 'viem';
import { pickPositions } from '../packages/node/src/daemon/verifier.js';

const { values } = parseArgs({ options: { trials: { type: 'string' } } });
const TRIALS = Number(values.trials ?? 200);
const UNITS = 8;
const K = 2;
const RES: [number, number] = [160, 90];
const print = (line: string) => process.stdout.write(`${line}\n`);

function noisy(image: RgbaImage, amplitude: number, seed: number): RgbaImage {
  const data = new Uint8Array(image.data);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    if (i % 4 === 3) continue;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const delta = ((x >>> 0) % (2 * amplitude + 1)) - amplitude;
    data[i] = Math.max(0, Math.min(255, (data[i] ?? 0) + delta));
  }
  return { ...image, data };
}

/** The verifier's verdict on one claimed frame against the honest one (true = reject). */
function rejects(claimed: RgbaImage, honest: RgbaImage, cropSeed: string): boolean {
  let crops = chooseCrops(cropSeed, honest.width, honest.height, SPOT_CHECK.crops);
  for (let round = 0; round <= SPOT_CHECK.maxWidenings; round++) {
    const scores = crops.map((r) => ssim(cropImage(claimed, r), cropImage(honest, r)));
    if (scores.some((s) => s < SPOT_CHECK.rejectBelow)) return true;
    const unsure = crops.filter((_, i) => (scores[i] ?? 1) <= SPOT_CHECK.acceptAbove);
    if (unsure.length === 0) return false;
    crops = unsure.map((r) => widenCrop(r, honest.width, honest.height));
  }
  return true; // still inconclusive after widening: the daemon rejects
}

/** P(at least one of m fakes among k picks out of n) — hypergeometric. */
function theoretical(n: number, m: number, k: number): number {
  let miss = 1;
  for (let i = 0; i < k; i++) miss *= (n - m - i) / (n - i);
  return 1 - Math.max(0, miss);
}

const dir = await mkdtemp(join(tmpdir(), 'gridlight-detect-'));
try {
  const scene = join(dir, 'scene.blend');
  await generateSampleScene(scene);
  const jobDir = join(dir, 'job');
  await mkdir(jobDir, { recursive: true });
  await copyFile(scene, join(jobDir, 'scene.blend'));
  const frames = Array.from({ length: UNITS + 1 }, (_, i) => i + 1);
  const render = async (samples: number, outDir: string) =>
    Promise.all(
      (
        await renderFrames({
          blendPath: join(jobDir, 'scene.blend'),
          jobDir,
          frames,
          samples,
          seed: 1,
          resolution: RES,
          device: 'CPU',
          timeoutMs: 600_000,
          memoryLimitMb: 4096,
          outDir,
        })
      ).frames.map(async (f) => decodePng(await readFile(f.path))),
    );
  const honest = await render(16, 'honest');
  const cheap = await render(4, 'cheap');

  const kinds: Record<string, (unit: number, trial: number) => RgbaImage> = {
    'noise ±20': (u, t) => noisy(honest[u] as RgbaImage, 20, t * 31 + u),
    'next frame': (u) => honest[u + 1] as RgbaImage,
    '4 of 16 samples': (u) => cheap[u] as RgbaImage,
  };
  print(
    `units per claim ${UNITS}, frames checked k=${K}, crops ${SPOT_CHECK.crops}, trials ${TRIALS}`,
  );
  print('fake kind        | faked m | measured | theoretical (every inspected fake caught)');
  for (const [kind, fake] of Object.entries(kinds)) {
    for (const m of [1, 2, 4]) {
      let detected = 0;
      for (let t = 0; t < TRIALS; t++) {
        const seed = keccak256(toHex(`${kind}:${m}:${t}`));
        // Which units the cheater fakes: m distinct positions from the trial seed.
        const faked = new Set(pickPositions(keccak256(seed), UNITS, m));
        const picked = pickPositions(seed, UNITS, K);
        const caught = picked.some((u) => {
          const claimed = faked.has(u) ? fake(u, t) : (honest[u] as RgbaImage);
          return rejects(claimed, honest[u] as RgbaImage, `${seed}:${u}`);
        });
        if (caught) detected++;
      }
      print(
        `${kind.padEnd(16)} | ${String(m).padStart(7)} | ${(detected / TRIALS).toFixed(3).padStart(8)} | ${theoretical(UNITS, m, K).toFixed(3)}`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
