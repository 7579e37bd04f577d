import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  cidFromDigest,
  type Manifest,
  parseFrames,
  parseManifest,
  unitCountOf,
} from '@gridlight/sdk';
import { StorageClient } from '@gridlight/storage';
import type { Hex } from 'viem';
import { type DaemonContext, retrying } from './context.js';
import { ResultInvalidError } from './errors.js';
import { classifyError, type ErrorClass } from './retry.js';

/**
 * Fetch policy for content the job needs (manifest, scene): bytes that do not match their
 * CID (`CidMismatchError`) are rejected, never used, and fetched again with backoff, since a
 * flaky proxy or gateway can heal; without this the job was skipped for good on the first
 * corrupt response (only `JobCreated`/`TaskRequeued` queue it again). ~1 min at most.
 * Verifiers use it too, so a corrupting path does not turn into a verdict against honest work.
 */
export const CONTENT_FETCH = {
  maxAttempts: 12,
  maxMs: 8_000,
  classify: (error: unknown): ErrorClass => {
    const failure = classifyError(error);
    return isCidMismatch(error) ? { ...failure, retryable: true } : failure;
  },
};

function isCidMismatch(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth++) {
    if (e instanceof Error && (e.name === 'CidMismatchError' || e.name === 'BlobCorruptError')) {
      return true;
    }
    e = e instanceof Error ? e.cause : undefined;
  }
  return false;
}

/** A job's manifest with its frame list expanded (unit index → Blender frame). */
export type JobSpec = { manifest: Manifest; frames: number[]; manifestCid: string };

const manifests = new WeakMap<DaemonContext, Map<string, JobSpec>>();

/** The folder of a job inside the work dir. */
export function jobDirOf(ctx: DaemonContext, jobId: bigint | string): string {
  return join(ctx.options.workDir, 'jobs', String(jobId));
}

/**
 * Fetches the manifest by the digest on chain (CIDv1 raw of its sha2-256, verified by the
 * storage client), validates it, and checks its unit count against the job.
 */
export async function fetchJobSpec(
  ctx: DaemonContext,
  jobId: bigint,
  manifestDigest: Hex,
  unitCount: number,
): Promise<JobSpec> {
  let cache = manifests.get(ctx);
  if (!cache) {
    cache = new Map();
    manifests.set(ctx, cache);
  }
  const cached = cache.get(String(jobId));
  if (cached) return cached;
  const manifestCid = cidFromDigest(manifestDigest);
  const bytes = await retrying(
    ctx,
    `fetch manifest of job ${jobId}`,
    () => ctx.storage.get(manifestCid, { signal: ctx.signal }),
    CONTENT_FETCH,
  );
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (cause) {
    throw new ResultInvalidError(`The manifest of job ${jobId} is not JSON.`, { cause });
  }
  const manifest = parseManifest(json);
  if (unitCountOf(manifest) !== unitCount) {
    throw new ResultInvalidError(
      `The manifest of job ${jobId} has ${unitCountOf(manifest)} units, the job ${unitCount}.`,
    );
  }
  const spec = { manifest, frames: parseFrames(manifest.frames), manifestCid };
  cache.set(String(jobId), spec);
  return spec;
}

/**
 * Makes sure the job folder holds the scene as `scene.blend`, fetched by CID (verified) with
 * the size limit applied, written atomically. Returns its path.
 */
export async function ensureScene(
  ctx: DaemonContext,
  jobId: bigint,
  sceneCid: string,
): Promise<string> {
  const dir = jobDirOf(ctx, jobId);
  const target = join(dir, 'scene.blend');
  const marker = join(dir, 'scene.cid');
  if (await stat(target).catch(() => null)) {
    const recorded = await readFile(marker, 'utf8').catch(() => '');
    if (recorded.trim() === sceneCid) return target;
  }
  await mkdir(dir, { recursive: true });
  const limited = new StorageClient(ctx.storage.url, { maxBytes: ctx.options.maxSceneBytes });
  const bytes = await retrying(
    ctx,
    `fetch scene of job ${jobId}`,
    () => limited.get(sceneCid, { signal: ctx.signal }),
    CONTENT_FETCH,
  );
  const tmp = `${target}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, target);
  await writeFile(marker, `${sceneCid}\n`);
  return target;
}
