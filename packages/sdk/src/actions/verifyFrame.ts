import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { verifyFrameProof } from '../frameTree.js';
import { renderCertificateAbi } from '../generated/abis.js';
import { readContract } from '../internal/write.js';
import { getJob } from './getJob.js';

export type VerifyFrameParameters = {
  /** The job (= certificate token id). */
  jobId: bigint;
  /** Unit index within the job. */
  frameIndex: number | bigint;
  /** Hash of the frame's decoded pixels (`pixelHash(png)`). */
  pixelHash: Hex;
  /** The frame's proof (`frameProof(...)`). */
  proof: readonly Hex[];
  /**
   * `chain` (default) asks `RenderCertificate.verifyFrame`; `local` reads only the job's
   * framesRoot and checks the proof in process with `verifyFrameProof`.
   */
  mode?: 'chain' | 'local' | undefined;
};

/**
 * Whether a frame with this pixel hash is part of a completed job's certificate.
 *
 * @example
 * const ok = await verifyFrame(client, { jobId: 1n, frameIndex: 4, pixelHash, proof });
 */
export async function verifyFrame(
  client: GridlightClient,
  parameters: VerifyFrameParameters,
): Promise<boolean> {
  const { jobId, frameIndex, pixelHash, proof } = parameters;
  if (parameters.mode === 'local') {
    const job = await getJob(client, { jobId });
    if (job.status !== 'Completed' || BigInt(frameIndex) >= BigInt(job.unitCount)) return false;
    return verifyFrameProof({ framesRoot: job.framesRoot, index: frameIndex, pixelHash, proof });
  }
  return readContract<boolean>(client, {
    address: client.deployment.RenderCertificate,
    abi: renderCertificateAbi,
    functionName: 'verifyFrame',
    args: [jobId, BigInt(frameIndex), pixelHash, proof],
  });
}
