import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  claimTree,
  type GetClaimReturnType,
  type GetTaskReturnType,
  getClaim,
  getJob,
  getNode,
  getTask,
  pixelHash,
  submitVerdicts,
} from '@gridlight/sdk';
import { encodeAbiParameters, type Hex, keccak256 } from 'viem';
import { verifyCrops } from '../index.js';
import { type DaemonContext, retrying } from './context.js';
import { ResultInvalidError, TransientError } from './errors.js';
import { CONTENT_FETCH, ensureScene, fetchJobSpec, jobDirOf } from './jobFiles.js';
import { decodeResultIndex, type ResultIndex } from './results.js';
import { classifyError, sleep } from './retry.js';

/** A spot-check duty from a VerifierSelected event naming this node. */
export type VerifyDuty = { claimId: bigint; windowEnds: number };

/** The verdict and why. */
export type Verdict = { accept: boolean; reason: string };

/**
 * Performs a spot-check duty: fetches the worker's result index from its endpoint, downloads
 * the frames (CID-verified), checks every pixel hash and the rebuilt claim tree against the
 * revealed root, re-renders seeded crops of seeded frames (SSIM), and posts the verdict
 * before the window closes. Missing or corrupt data is a reject.
 */
export async function performDuty(ctx: DaemonContext, duty: VerifyDuty): Promise<void> {
  const key = String(duty.claimId);
  const log = ctx.logger.child({ verify: key });
  const known = ctx.journal.state.verdicts.get(key);
  if (known?.tx) return;
  const claim = await retrying(ctx, `read claim ${key}`, () =>
    getClaim(ctx.chain.client, { claimId: duty.claimId }),
  );
  if (claim.status !== 'Revealed') {
    log.debug(`claim ${key} is ${claim.status}; no verdict needed`);
    return;
  }
  const task = await retrying(ctx, 'read task', () =>
    getTask(ctx.chain.client, { jobId: claim.jobId, taskIndex: claim.taskIndex }),
  );
  if (task.status !== 'Verifying' || task.party.toLowerCase() !== ctx.chain.address.toLowerCase()) {
    log.debug(`task of claim ${key} is ${task.status}; no verdict needed`);
    return;
  }
  const windowEnds = task.windowEnds || duty.windowEnds;
  if (Date.now() / 1000 > windowEnds) {
    log.warn(`verify window of claim ${key} closed before the check`);
    return;
  }
  let verdict: Verdict;
  if (known) {
    verdict = { accept: known.accept, reason: known.reason };
  } else {
    try {
      verdict = await checkClaim(ctx, duty.claimId, claim, task, windowEnds);
    } catch (error) {
      const failure = classifyError(error);
      if (failure.kind === 'abort') throw error;
      if (failure.kind === 'render') throw error; // our renderer failing says nothing of the work
      ctx.metrics.fail(failure.kind);
      verdict = { accept: false, reason: failure.message };
    }
    await ctx.journal.append({ t: 'verdict-intent', claimId: key, ...verdict });
  }
  const { hash } = await retrying(ctx, `verdict on claim ${key}`, () =>
    ctx.chain.write(submitVerdicts, {
      verdicts: [{ claimId: duty.claimId, accepted: verdict.accept }],
    }),
  );
  await ctx.journal.append({ t: 'verdict', claimId: key, accept: verdict.accept, tx: hash });
  ctx.metrics.verdictsSent++;
  log.info(
    { tx: hash, accept: verdict.accept },
    `verdict on claim ${key}: ${verdict.accept ? 'accept' : 'reject'} (${verdict.reason})`,
  );
}

/** Seed for choosing frames and crops, fixed by the claim and its revealed root. */
export function verifySeed(claimId: bigint, root: Hex): Hex {
  return keccak256(
    encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [claimId, root]),
  );
}

/** Picks `k` distinct positions of `count` from the seed (deterministic). */
export function pickPositions(seed: Hex, count: number, k: number): number[] {
  const picked: number[] = [];
  const pool = Array.from({ length: count }, (_, i) => i);
  let state = seed;
  for (let n = 0; n < Math.min(k, count); n++) {
    state = keccak256(state);
    const j = Number(BigInt(state) % BigInt(pool.length));
    picked.push(pool[j] as number);
    pool.splice(j, 1);
  }
  return picked.sort((a, b) => a - b);
}

async function fetchResultIndexCid(
  ctx: DaemonContext,
  endpoint: string,
  claimId: bigint,
  deadlineMs: number,
): Promise<string> {
  if (!/^https?:\/\//.test(endpoint))
    throw new ResultInvalidError('the worker has no http endpoint');
  const url = `${endpoint.replace(/\/+$/, '')}/results/${claimId}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, {
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(10_000)]),
      });
      if (res.status === 404)
        throw new TransientError(`the worker has no result for claim ${claimId} yet`);
      if (!res.ok) throw new TransientError(`the worker endpoint answered ${res.status}`);
      const body = (await res.json()) as { resultIndexCid?: unknown };
      if (typeof body.resultIndexCid !== 'string') {
        throw new ResultInvalidError('the worker endpoint gave no resultIndexCid');
      }
      return body.resultIndexCid;
    } catch (error) {
      const failure = classifyError(error);
      if (failure.kind === 'abort' || ctx.signal.aborted) throw error;
      const retryable = failure.retryable || (error as Error).name === 'TypeError';
      if (!retryable || Date.now() > deadlineMs) {
        throw new ResultInvalidError(
          `result index of claim ${claimId} unavailable: ${failure.message}`,
        );
      }
      await sleep(Math.min(5_000, 250 * 2 ** attempt), ctx.signal);
    }
  }
}

async function checkClaim(
  ctx: DaemonContext,
  claimId: bigint,
  claim: Pick<GetClaimReturnType, 'node' | 'jobId' | 'sealOrRoot'>,
  task: Pick<GetTaskReturnType, 'start' | 'count'>,
  windowEnds: number,
): Promise<Verdict> {
  const root = claim.sealOrRoot;
  const job = await retrying(ctx, 'read job', () =>
    getJob(ctx.chain.client, { jobId: claim.jobId }),
  );
  const spec = await fetchJobSpec(ctx, claim.jobId, job.manifestDigest, job.unitCount);
  const worker = await retrying(ctx, 'read worker node', () =>
    getNode(ctx.chain.client, { node: claim.node }),
  );
  // Leave time for the verdict transaction: stop looking for data well before the window ends.
  const budgetMs = Math.min(120_000, Math.max(0, (windowEnds - Date.now() / 1000) * 1000 * 0.5));
  const indexCid = await fetchResultIndexCid(ctx, worker.endpoint, claimId, Date.now() + budgetMs);
  const indexBytes = await retrying(ctx, 'fetch result index', () =>
    ctx.storage.get(indexCid, { signal: ctx.signal }),
  );
  const index: ResultIndex = decodeResultIndex(indexBytes);
  if (
    index.claimId !== String(claimId) ||
    index.jobId !== String(claim.jobId) ||
    index.start !== task.start ||
    index.count !== task.count ||
    index.frames.length !== task.count
  ) {
    return { accept: false, reason: 'result index does not describe this claim' };
  }
  for (const [p, f] of index.frames.entries()) {
    if (f.unit !== task.start + p)
      return { accept: false, reason: `result index unit ${p} out of order` };
    if (spec.frames[f.unit] !== f.frame) {
      return { accept: false, reason: `unit ${f.unit} is not frame ${f.frame} of the job` };
    }
  }
  const tree = claimTree(
    index.frames.map((f) => ({ index: f.unit, pixelHash: f.pixelHash as Hex })),
  );
  if (tree.root.toLowerCase() !== root.toLowerCase()) {
    return { accept: false, reason: 'claim tree of the result index is not the revealed root' };
  }
  const dir = join(jobDirOf(ctx, claim.jobId), 'verify', String(claimId));
  await mkdir(dir, { recursive: true });
  const pngs = new Map<number, Uint8Array>();
  for (const f of index.frames) {
    let png: Uint8Array;
    try {
      // Corrupt bytes are retried like the job's own content (never used), so a flaky
      // storage path does not make us reject honest work.
      png = await retrying(
        ctx,
        `fetch frame ${f.frame}`,
        () => ctx.storage.get(f.cid, { signal: ctx.signal }),
        CONTENT_FETCH,
      );
    } catch (error) {
      if (classifyError(error).kind === 'abort') throw error;
      return {
        accept: false,
        reason: `frame ${f.frame} unavailable: ${classifyError(error).message}`,
      };
    }
    let hash: Hex;
    try {
      hash = pixelHash(png);
    } catch {
      return { accept: false, reason: `frame ${f.frame} is not a PNG` };
    }
    if (hash.toLowerCase() !== f.pixelHash.toLowerCase()) {
      return { accept: false, reason: `frame ${f.frame} does not match its pixel hash` };
    }
    pngs.set(f.unit, png);
    await writeFile(join(dir, `frame_${f.frame}.png`), png);
  }
  const blendPath = await ensureScene(ctx, claim.jobId, spec.manifest.sceneCid);
  const seed = verifySeed(claimId, root);
  const positions = pickPositions(seed, index.count, ctx.options.verifyFrames);
  for (const p of positions) {
    const f = index.frames[p];
    if (!f) continue;
    const started = performance.now();
    const result = await verifyCrops({
      blendPath,
      jobDir: jobDirOf(ctx, claim.jobId),
      frame: f.frame,
      claimedPng: pngs.get(f.unit) as Uint8Array,
      cropSeed: keccak256(
        encodeAbiParameters([{ type: 'bytes32' }, { type: 'uint256' }], [seed, BigInt(f.unit)]),
      ),
      samples: spec.manifest.samples,
      seed: spec.manifest.seed,
      resolution: [spec.manifest.resolution.width, spec.manifest.resolution.height],
      device: ctx.options.device,
      timeoutMs: ctx.options.renderTimeoutMs,
      memoryLimitMb: ctx.options.memoryLimitMb,
      signal: ctx.signal,
      threads: ctx.options.renderThreads,
    });
    ctx.metrics.renderSeconds += (performance.now() - started) / 1000;
    ctx.logger.debug(
      { claimId: String(claimId), frame: f.frame, ssims: result.ssims },
      'spot-check',
    );
    if (result.verdict === 'reject') {
      return { accept: false, reason: `frame ${f.frame} failed the spot-check (${result.reason})` };
    }
  }
  return {
    accept: true,
    reason: `${positions.length} frames similar, ${index.count} hashes match`,
  };
}
