import type { Hex } from 'viem';
import type { GridlightClient } from '../client.js';
import { gridlightTokenAbi, jobMarketAbi } from '../generated/abis.js';
import { eventOf } from '../internal/events.js';
import { permitDeadline, signPermit } from '../internal/permit.js';
import { accountAddress, writeContract } from '../internal/write.js';
import {
  budgetOf,
  type JobParams,
  type JobParamsOptions,
  type Manifest,
  manifestToJobParams,
} from '../manifest.js';

export type CreateJobParameters = (
  | { manifest: Manifest; options?: JobParamsOptions | undefined; params?: undefined }
  | { params: JobParams; manifest?: undefined; options?: undefined }
) & {
  /** How the escrow is approved: an EIP-2612 permit signature (default) or an approve tx. */
  approval?: 'permit' | 'approve' | undefined;
};

export type CreateJobReturnType = {
  jobId: bigint;
  budget: bigint;
  params: JobParams;
  hash: Hex;
};

/**
 * Creates a job and escrows its budget (units × pricePerUnit × replication) from the
 * account, approving by permit signature (`createJobWithPermit`) or by an approve tx.
 *
 * @example
 * const { jobId } = await createJob(client, { manifest, options: { claimTtl: 3600 } });
 */
export async function createJob(
  client: GridlightClient,
  parameters: CreateJobParameters,
): Promise<CreateJobReturnType> {
  accountAddress(client, 'createJob');
  const params = parameters.params ?? manifestToJobParams(parameters.manifest, parameters.options);
  const budget = budgetOf(params);
  const market = client.deployment.JobMarket;
  let result: Awaited<ReturnType<typeof writeContract>>;
  if ((parameters.approval ?? 'permit') === 'permit') {
    const permit = await signPermit(client, 'createJob', {
      spender: market,
      value: budget,
      deadline: await permitDeadline(client),
    });
    result = await writeContract(client, 'createJob', {
      address: market,
      abi: jobMarketAbi,
      functionName: 'createJobWithPermit',
      args: [params, permit.deadline, permit.v, permit.r, permit.s],
    });
  } else {
    await writeContract(client, 'createJob', {
      address: client.deployment.GridlightToken,
      abi: gridlightTokenAbi,
      functionName: 'approve',
      args: [market, budget],
    });
    result = await writeContract(client, 'createJob', {
      address: market,
      abi: jobMarketAbi,
      functionName: 'createJob',
      args: [params],
    });
  }
  const created = eventOf(result.receipt, jobMarketAbi, 'JobCreated', result.hash);
  return { jobId: created.args.jobId, budget, params, hash: result.hash };
}
