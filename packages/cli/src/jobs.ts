import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { decodeResultIndex, type ResultIndex } from '@gridlight/node/daemon';
import {
  claimTree,
  createJob,
  encodeManifest,
  frameProof,
  type GetJobReturnType,
  type GridlightClient,
  getClaim,
  getJob,
  getNode,
  getTask,
  jobTree,
  type Manifest,
  manifestDigest,
  parseManifest,
  pixelHash,
  rangeLeaf,
  verifyFrameProof,
} from '@gridlight/sdk';
import type { StorageClient } from '@gridlight/storage';
import type { Hex } from 'viem';
import { CliError } from './errors.js';
import { bar, type Output } from './output.js';

/** What a node publishes for a claim (see packages/node/src/daemon/README.md). */
export type { ResultIndex };

export type SubmitJobParameters = {
  scenePath: string;
  frames: string;
  width: number;
  height: number;
  samples: number;
  seed: number;
  pricePerUnit: bigint;
  deadlineSeconds: number;
  verification: Manifest['verification'];
  replication: number;
  minTier: number;
  claimTtl: number;
};

/** Uploads the scene and the manifest, then creates the job (escrow by permit). */
export async function submitJob(
  client: GridlightClient,
  storage: StorageClient,
  p: SubmitJobParameters,
): Promise<{
  jobId: bigint;
  manifest: Manifest;
  manifestCid: string;
  sceneCid: string;
  budget: bigint;
}> {
  let scene: Uint8Array;
  try {
    scene = await readFile(p.scenePath);
  } catch (error) {
    throw new CliError(`Cannot read the scene ${p.scenePath}: ${(error as Error).message}`);
  }
  const sceneCid = await storage.put(scene);
  const manifest = parseManifest({
    engine: 'blender-cycles',
    sceneCid,
    frames: p.frames,
    resolution: { width: p.width, height: p.height },
    samples: p.samples,
    seed: p.seed,
    tilesPerFrame: 1,
    pricePerUnit: p.pricePerUnit.toString(),
    deadline: Math.floor(Date.now() / 1000) + p.deadlineSeconds,
    replication: p.replication,
    verification: p.verification,
    private: false,
    minTier: p.minTier,
    regions: [],
  });
  const manifestCid = await storage.put(encodeManifest(manifest));
  if (manifestCid !== manifestDigest(manifest).cid) {
    throw new CliError(
      'The stored manifest does not match its digest (storage returned another CID).',
    );
  }
  const { jobId, budget } = await createJob(client, {
    manifest,
    options: { claimTtl: p.claimTtl },
  });
  return { jobId, manifest, manifestCid, sceneCid, budget };
}

/** Polls a job until every unit is accepted (or the job is closed), drawing a progress bar. */
export async function waitForJob(
  client: GridlightClient,
  jobId: bigint,
  out: Output,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<GetJobReturnType> {
  const until = Date.now() + options.timeoutMs;
  for (;;) {
    const job = await getJob(client, { jobId });
    out.progress(
      `job ${jobId} ${bar(job.unitsAccepted, job.unitCount)} accepted, ${job.unitsInFlight} in flight`,
    );
    if (
      job.unitsAccepted === job.unitCount ||
      job.status === 'Closed' ||
      job.status === 'Completed'
    ) {
      out.info(`job ${jobId} ${bar(job.unitsAccepted, job.unitCount)} accepted`);
      return job;
    }
    if (Date.now() > until) {
      throw new CliError(
        `Job ${jobId} did not finish within ${Math.round(options.timeoutMs / 1000)} s.`,
        {
          hint: `Check progress with \`gridlight job status ${jobId}\`.`,
        },
      );
    }
    if (options.signal?.aborted) throw new CliError('Stopped while waiting for the job.');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** An accepted task with its winning claim and the node's published result index. */
export type AcceptedResult = {
  acceptedIndex: number;
  claimId: bigint;
  index: ResultIndex;
  root: Hex;
};

/** Reads the job's accepted tasks in acceptance order and fetches each result index. */
export async function acceptedResults(
  client: GridlightClient,
  storage: StorageClient,
  jobId: bigint,
): Promise<AcceptedResult[]> {
  const { publicClient, deployment } = client;
  const { jobMarketAbi } = await import('@gridlight/sdk');
  const logs = await publicClient.getContractEvents({
    address: deployment.JobMarket,
    abi: jobMarketAbi,
    eventName: 'TaskAccepted',
    args: { jobId },
    fromBlock: BigInt(deployment.startBlock),
  });
  const results: AcceptedResult[] = [];
  for (const log of logs) {
    const { taskIndex, resultRoot, acceptedIndex } = log.args as {
      taskIndex: bigint;
      resultRoot: Hex;
      acceptedIndex: bigint;
    };
    const task = await getTask(client, { jobId, taskIndex });
    // The first claim whose root matches is a winner (replicas that agree share the root).
    let chosen: { claimId: bigint; node: Hex } | undefined;
    for (const claimId of task.claimIds) {
      const claim = await getClaim(client, { claimId });
      if (claim.sealOrRoot === resultRoot && claim.status === 'Accepted') {
        chosen = { claimId, node: claim.node };
        break;
      }
    }
    if (!chosen)
      throw new CliError(`No accepted claim found for task ${taskIndex} of job ${jobId}.`);
    const node = await getNode(client, { node: chosen.node });
    const index = await fetchResultIndex(node.endpoint, chosen.claimId, storage);
    results.push({
      acceptedIndex: Number(acceptedIndex),
      claimId: chosen.claimId,
      index,
      root: resultRoot,
    });
  }
  return results.sort((a, b) => a.acceptedIndex - b.acceptedIndex);
}

/** Asks the node's endpoint for the claim's result index CID, then reads it from storage. */
async function fetchResultIndex(
  endpoint: string,
  claimId: bigint,
  storage: StorageClient,
): Promise<ResultIndex> {
  const url = `${endpoint.replace(/\/$/, '')}/results/${claimId}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new CliError(`Node endpoint ${url} is unreachable: ${(error as Error).message}`);
  }
  if (!res.ok) throw new CliError(`Node endpoint ${url} answered ${res.status}.`);
  const { resultIndexCid } = (await res.json()) as { resultIndexCid?: string };
  if (!resultIndexCid) throw new CliError(`Node endpoint ${url} gave no result index.`);
  return decodeResultIndex(await storage.get(resultIndexCid));
}

/**
 * Downloads every accepted frame (CID-verified by the storage client), checks each pixel
 * hash against the revealed claim root and the job's frame root, and writes PNGs to `dir`.
 * Returns the frame files and one proof per frame for certificate checks.
 */
export async function downloadJob(
  client: GridlightClient,
  storage: StorageClient,
  jobId: bigint,
  dir: string,
  out: Output,
): Promise<{ files: string[]; proofs: Map<number, { pixelHash: Hex; proof: Hex[] }> }> {
  const job = await getJob(client, { jobId });
  const results = await acceptedResults(client, storage, jobId);
  const trees = results.map((r) =>
    claimTree(r.index.frames.map((f) => ({ index: f.unit, pixelHash: f.pixelHash }))),
  );
  const tree = jobTree(
    results.map((r, k) => rangeLeaf(r.index.start, r.index.count, trees[k]?.root ?? '0x')),
  );
  if (
    job.framesRoot !== '0x0000000000000000000000000000000000000000000000000000000000000000' &&
    tree.root !== job.framesRoot
  ) {
    throw new CliError(`The published results do not rebuild job ${jobId}'s frame root.`);
  }
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const proofs = new Map<number, { pixelHash: Hex; proof: Hex[] }>();
  let done = 0;
  for (const [k, r] of results.entries()) {
    const claim = trees[k];
    if (!claim || claim.root !== r.root) {
      throw new CliError(`Claim ${r.claimId}'s published frames do not match its revealed root.`);
    }
    for (const f of r.index.frames) {
      const png = await storage.get(f.cid);
      if (pixelHash(png) !== f.pixelHash) {
        throw new CliError(
          `Frame ${f.frame} (unit ${f.unit}) does not hash to its committed pixels.`,
        );
      }
      const file = join(dir, `frame-${String(f.frame).padStart(4, '0')}.png`);
      await writeFile(file, png);
      files.push(file);
      proofs.set(f.unit, {
        pixelHash: f.pixelHash,
        proof: frameProof({ claim, job: tree, k, index: f.unit }),
      });
      out.progress(`download ${bar(++done, job.unitCount)}`);
    }
  }
  out.info(`downloaded ${files.length} frames to ${dir}`);
  return { files, proofs };
}

/** Local check of a proof against a frame root (the on-chain check is verifyFrame). */
export function proofVerifies(framesRoot: Hex, unit: number, pixel: Hex, proof: Hex[]): boolean {
  return verifyFrameProof({ framesRoot, index: unit, pixelHash: pixel, proof });
}

export const sceneName = (path: string): string => basename(path);
