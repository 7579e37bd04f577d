import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  claim,
  claimTree,
  commitResult,
  computeSeal,
  getClaim,
  getJob,
  pixelHash,
  randomSalt,
  revealResult,
} from '@gridlight/sdk';
import type { Hex } from 'viem';
import { renderFrames } from '../index.js';
import { type DaemonContext, retrying } from './context.js';
import { AbortedError, DaemonError } from './errors.js';
import { ensureScene, fetchJobSpec, type JobSpec, jobDirOf } from './jobFiles.js';
import type { ClaimRecord, FrameRecord } from './journal.js';
import { decideJob } from './policy.js';
import { encodeResultIndex, type ResultIndex } from './results.js';
import { classifyError } from './retry.js';

const STOP_CLAIMING = new Set([
  'NoUnitsAvailable',
  'JobNotOpen',
  'NodeNotEligible',
  'InsufficientFreeStake',
]);

/**
 * Works on a job: applies the policy, then claims ranges one at a time and carries each
 * through render → upload → commit → reveal, while units remain and the node has free stake.
 */
export async function workOnJob(ctx: DaemonContext, jobId: bigint): Promise<void> {
  const log = ctx.logger.child({ jobId: String(jobId) });
  const me = ctx.chain.address;
  for (;;) {
    if (ctx.signal.aborted) throw new AbortedError('job');
    const job = await retrying(ctx, `read job ${jobId}`, () => getJob(ctx.chain.client, { jobId }));
    const eligible = await retrying(ctx, 'read eligibility', () =>
      ctx.chain.isEligible(me, job.minTier),
    );
    const config = {
      minPrice: ctx.options.minPrice,
      maxSceneBytes: ctx.options.maxSceneBytes,
      region: ctx.options.region,
    };
    const now = Math.floor(Date.now() / 1000);
    let decision = decideJob({ job, eligible, config, now });
    if (!decision.take) {
      log.info(`skip job ${jobId}: ${decision.reason}`);
      return;
    }
    let spec: JobSpec;
    try {
      spec = await fetchJobSpec(ctx, jobId, job.manifestDigest, job.unitCount);
    } catch (error) {
      const failure = classifyError(error);
      if (failure.kind === 'abort') throw error;
      ctx.metrics.fail(failure.kind);
      log.warn(`skip job ${jobId}: manifest unusable: ${failure.message}`);
      return;
    }
    decision = decideJob({ job, eligible, config, now, manifest: spec.manifest });
    if (decision.take && spec.manifest.seed > 2 ** 31 - 1) {
      decision = { take: false, reason: `seed ${spec.manifest.seed} is beyond Blender's range` };
    }
    if (!decision.take) {
      log.info(`skip job ${jobId}: ${decision.reason}`);
      return;
    }
    try {
      await ensureScene(ctx, jobId, spec.manifest.sceneCid);
    } catch (error) {
      const failure = classifyError(error);
      if (failure.kind === 'abort') throw error;
      ctx.metrics.fail(failure.kind);
      log.warn(`skip job ${jobId}: scene unusable: ${failure.message}`);
      return;
    }

    // How many units the free stake covers, keeping one verifier bond free for duties.
    const [free, security] = await retrying(ctx, 'read stake', () =>
      Promise.all([ctx.chain.freeStake(me), ctx.chain.securityParams()]),
    );
    const perUnit = (job.pricePerUnit * BigInt(security.collateralBps)) / 10_000n;
    const spendable = free > security.verifierBond ? free - security.verifierBond : 0n;
    const affordable = perUnit === 0n ? ctx.options.maxUnitsPerClaim : Number(spendable / perUnit);
    // Claim a fair share of what is left, so one fast claimer does not take the whole job
    // while other nodes sit idle (the makespan is set by the largest range).
    const [active, current] = await retrying(ctx, 'read queue', () =>
      Promise.all([ctx.chain.activeNodeCount(), getJob(ctx.chain.client, { jobId })]),
    );
    const left = current.unitCount - current.nextUnit;
    const fairShare = Math.max(1, Math.ceil(left / Math.max(1, active)));
    const maxUnits = Math.min(ctx.options.maxUnitsPerClaim, affordable, fairShare);
    if (maxUnits < 1) {
      log.info(`stop claiming on job ${jobId}: free stake ${free} wei covers no unit`);
      return;
    }

    let claimed: Awaited<ReturnType<typeof claim>>;
    try {
      claimed = await retrying(ctx, `claim on job ${jobId}`, () =>
        ctx.chain.write(claim, { jobId, maxUnits }),
      );
    } catch (error) {
      const failure = classifyError(error);
      if (failure.errorName && STOP_CLAIMING.has(failure.errorName)) {
        log.info(`stop claiming on job ${jobId}: ${failure.errorName}`);
        return;
      }
      throw error;
    }
    await ctx.journal.append({
      t: 'claimed',
      claimId: String(claimed.claimId),
      jobId: String(jobId),
      taskIndex: Number(claimed.taskIndex),
      start: claimed.start,
      count: claimed.count,
    });
    log.info(
      { claimId: String(claimed.claimId), start: claimed.start, count: claimed.count },
      `claimed ${claimed.count} units`,
    );
    const record = ctx.journal.state.claims.get(String(claimed.claimId));
    if (record) await processClaim(ctx, record);
  }
}

/**
 * Carries one claim from wherever the journal and the chain say it is to its reveal:
 * renders only the units not yet recorded, commits only if the chain has no commit yet
 * (with the salt journaled before sending), and reveals with the journaled salt.
 */
export async function processClaim(ctx: DaemonContext, record: ClaimRecord): Promise<void> {
  const claimId = BigInt(record.claimId);
  const log = ctx.logger.child({ claimId: record.claimId, jobId: record.jobId });
  if (record.closed || record.revealTx) return;
  let onChain = await retrying(ctx, `read claim ${claimId}`, () =>
    getClaim(ctx.chain.client, { claimId }),
  );
  const status = onChain.status;
  if (status !== 'Claimed' && status !== 'Committed') {
    await ctx.journal.append({
      t: 'closed',
      claimId: record.claimId,
      reason: `chain says ${status}`,
    });
    log.info(`claim ${claimId} is ${status} on chain; nothing left to do`);
    return;
  }
  ctx.metrics.claimsActive++;
  try {
    const jobId = BigInt(record.jobId);
    const job = await retrying(ctx, `read job ${jobId}`, () => getJob(ctx.chain.client, { jobId }));
    const spec = await fetchJobSpec(ctx, jobId, job.manifestDigest, job.unitCount);

    if (!record.commit) {
      await renderMissing(ctx, record, spec);
      const current = ctx.journal.state.claims.get(record.claimId) ?? record;
      const frames = unitsOf(current).map((unit) => {
        const frame = current.frames.get(unit);
        if (!frame) throw new DaemonError(`unit ${unit} of claim ${claimId} was not rendered`);
        return frame;
      });
      const tree = claimTree(frames.map((f) => ({ index: f.unit, pixelHash: f.pixelHash })));
      const index: ResultIndex = {
        version: 1,
        jobId: record.jobId,
        claimId: record.claimId,
        start: record.start,
        count: record.count,
        root: tree.root,
        frames,
      };
      const bytes = encodeResultIndex(index);
      const resultIndexCid = await retrying(ctx, 'upload result index', () =>
        ctx.storage.put(bytes, { signal: ctx.signal }),
      );
      const resultsDir = join(ctx.options.workDir, 'results');
      await mkdir(resultsDir, { recursive: true });
      await writeFile(join(resultsDir, `${record.claimId}.json`), bytes);
      await writeFile(join(resultsDir, `${record.claimId}.cid`), `${resultIndexCid}\n`);
      await ctx.journal.append({
        t: 'indexed',
        claimId: record.claimId,
        resultIndexCid,
        root: tree.root,
      });
      log.info({ resultIndexCid, root: tree.root }, `result index of claim ${claimId} stored`);
      // The salt is durable before the commit can exist on chain.
      const salt = randomSalt();
      const seal = computeSeal({ resultRoot: tree.root, salt, node: ctx.chain.address });
      await ctx.journal.append({
        t: 'commit-intent',
        claimId: record.claimId,
        root: tree.root,
        salt,
        seal,
      });
    }
    const current = ctx.journal.state.claims.get(record.claimId);
    const commit = current?.commit;
    if (!current || !commit) throw new DaemonError(`claim ${claimId} has no commit intent`);

    onChain = await retrying(ctx, `read claim ${claimId}`, () =>
      getClaim(ctx.chain.client, { claimId }),
    );
    if (onChain.status === 'Claimed') {
      if (ctx.signal.aborted) throw new AbortedError('commit');
      const { hash } = await retrying(ctx, `commit claim ${claimId}`, async () => {
        // A retry after a lost answer must not commit twice: look before sending again.
        // commitResult seals (root, salt, node) as the journaled seal was computed.
        const again = await getClaim(ctx.chain.client, { claimId });
        if (again.status !== 'Claimed') return { hash: ZERO_HASH };
        return ctx.chain.write(commitResult, {
          claimId,
          resultRoot: commit.root,
          salt: commit.salt,
        });
      });
      await ctx.journal.append({ t: 'committed', claimId: record.claimId, tx: hash });
      log.info({ tx: hash, seal: commit.seal }, `committed claim ${claimId}`);
      await ctx.hooks.afterCommit?.(claimId);
    } else if (onChain.status === 'Committed') {
      if (onChain.sealOrRoot.toLowerCase() !== commit.seal.toLowerCase()) {
        await ctx.journal.append({
          t: 'closed',
          claimId: record.claimId,
          reason: 'seal on chain differs',
        });
        throw new DaemonError(`claim ${claimId}: the seal on chain is not the journaled one`);
      }
      if (!current.commitTx)
        await ctx.journal.append({ t: 'committed', claimId: record.claimId, tx: ZERO_HASH });
      log.info(`claim ${claimId} already committed; revealing with the journaled salt`);
    } else {
      await ctx.journal.append({
        t: 'closed',
        claimId: record.claimId,
        reason: `chain says ${onChain.status}`,
      });
      return;
    }

    if (ctx.signal.aborted) throw new AbortedError('reveal');
    const { hash } = await retrying(ctx, `reveal claim ${claimId}`, async () => {
      const again = await getClaim(ctx.chain.client, { claimId });
      if (again.status !== 'Committed') return { hash: ZERO_HASH };
      return ctx.chain.write(revealResult, { claimId, resultRoot: commit.root, salt: commit.salt });
    });
    await ctx.journal.append({ t: 'revealed', claimId: record.claimId, tx: hash });
    log.info(
      { tx: hash, root: commit.root, resultIndexCid: current.resultIndexCid },
      `revealed claim ${claimId}`,
    );
  } finally {
    ctx.metrics.claimsActive--;
  }
}

const ZERO_HASH = `0x${'00'.repeat(32)}` as Hex;

function unitsOf(record: ClaimRecord): number[] {
  return Array.from({ length: record.count }, (_, i) => record.start + i);
}

/** Renders the claim's units that the journal has no record of, uploads and journals each. */
async function renderMissing(
  ctx: DaemonContext,
  record: ClaimRecord,
  spec: JobSpec,
): Promise<void> {
  const missing = unitsOf(record).filter((unit) => !record.frames.has(unit));
  if (missing.length === 0) return;
  const jobId = BigInt(record.jobId);
  const blendPath = await ensureScene(ctx, jobId, spec.manifest.sceneCid);
  const frameOf = (unit: number) => {
    const frame = spec.frames[unit];
    if (frame === undefined) throw new DaemonError(`unit ${unit} is outside the job's frames`);
    return frame;
  };
  const frames = missing.map(frameOf);
  const log = ctx.logger.child({ claimId: record.claimId });
  log.info({ frames }, `rendering ${frames.length} frames`);
  const result = await renderFrames({
    blendPath,
    jobDir: jobDirOf(ctx, jobId),
    frames,
    samples: spec.manifest.samples,
    seed: spec.manifest.seed,
    resolution: [spec.manifest.resolution.width, spec.manifest.resolution.height],
    device: ctx.options.device,
    timeoutMs: ctx.options.renderTimeoutMs,
    memoryLimitMb: ctx.options.memoryLimitMb,
    signal: ctx.signal,
    outDir: join('claims', record.claimId),
    threads: ctx.options.renderThreads,
  });
  ctx.metrics.renderSeconds += result.wallSeconds;
  for (const [i, rendered] of result.frames.entries()) {
    const unit = missing[i] as number;
    const png = await readFile(rendered.path);
    const hash = pixelHash(png);
    const cid = await retrying(ctx, `upload frame ${rendered.frame}`, () =>
      ctx.storage.put(png, { signal: ctx.signal }),
    );
    const frame: FrameRecord = { unit, frame: rendered.frame, pixelHash: hash, cid };
    await ctx.journal.append({ t: 'frame', claimId: record.claimId, ...frame });
    ctx.metrics.unitsRendered++;
  }
  log.info({ seconds: Number(result.wallSeconds.toFixed(2)) }, `rendered ${frames.length} frames`);
}
