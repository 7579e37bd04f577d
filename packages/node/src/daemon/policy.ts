import type { GetJobReturnType, Manifest } from '@gridlight/sdk';

/** What the chain says about a job (the part of `getJob`'s answer the policy reads). */
export type JobView = Pick<
  GetJobReturnType,
  'status' | 'unitCount' | 'nextUnit' | 'requeuedCount' | 'pricePerUnit' | 'deadline' | 'minTier'
>;

/** The node's side of the decision. */
export type PolicyConfig = {
  minPrice: bigint;
  maxSceneBytes: number;
  region: string;
};

/** A job is taken, or skipped with a reason an operator can read. */
export type PolicyDecision = { take: true } | { take: false; reason: string };

/**
 * Decides whether the node works on a job. Checks what is known: the chain's view always;
 * the manifest and the scene size once fetched (pass them when you have them).
 *
 * @example
 * const d = decideJob({ job, eligible: true, config, manifest, sceneBytes, now });
 * if (!d.take) logger.info(`skip job: ${d.reason}`);
 */
export function decideJob(input: {
  job: JobView;
  eligible: boolean;
  config: PolicyConfig;
  /** Unix seconds. */
  now: number;
  manifest?: Manifest | undefined;
  sceneBytes?: number | undefined;
}): PolicyDecision {
  const { job, config, manifest } = input;
  if (job.status !== 'Open') return { take: false, reason: 'job is not open' };
  if (job.nextUnit >= job.unitCount && job.requeuedCount === 0) {
    return { take: false, reason: 'no units left to claim' };
  }
  if (job.pricePerUnit < config.minPrice) {
    return {
      take: false,
      reason: `price ${job.pricePerUnit} wei per unit is below the minimum ${config.minPrice}`,
    };
  }
  if (job.deadline <= input.now) return { take: false, reason: 'deadline has passed' };
  if (!input.eligible)
    return { take: false, reason: `node is not eligible for tier ${job.minTier}` };
  if (manifest) {
    if (manifest.engine !== 'blender-cycles') {
      return { take: false, reason: `engine ${String(manifest.engine)} is not supported` };
    }
    if (manifest.private) return { take: false, reason: 'private scenes are not supported yet' };
    if (manifest.tilesPerFrame !== 1) {
      return { take: false, reason: 'tiled frames are not supported yet' };
    }
    if (manifest.regions.length > 0 && !manifest.regions.includes(config.region)) {
      return { take: false, reason: `region ${config.region} is not allowed` };
    }
    if (BigInt(manifest.pricePerUnit) !== job.pricePerUnit || manifest.deadline !== job.deadline) {
      return { take: false, reason: 'manifest does not match the job on chain' };
    }
  }
  if (input.sceneBytes !== undefined && input.sceneBytes > config.maxSceneBytes) {
    return {
      take: false,
      reason: `scene is ${input.sceneBytes} bytes, more than the limit ${config.maxSceneBytes}`,
    };
  }
  return { take: true };
}
