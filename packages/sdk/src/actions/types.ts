import type { Hex } from 'viem';

/** Names of IJobMarket.JobStatus, by enum value. */
export const jobStatuses = ['None', 'Open', 'Cancelled', 'Completed', 'Closed'] as const;
/** Names of IJobMarket.TaskStatus, by enum value. */
export const taskStatuses = [
  'None',
  'Open',
  'Verifying',
  'Rejected',
  'Disputed',
  'Accepted',
  'Failed',
] as const;
/** Names of IJobMarket.ClaimStatus, by enum value. */
export const claimStatuses = [
  'None',
  'Claimed',
  'Committed',
  'Revealed',
  'Accepted',
  'Rejected',
  'Expired',
  'Released',
] as const;

export type JobStatus = (typeof jobStatuses)[number];
export type TaskStatus = (typeof taskStatuses)[number];
export type ClaimStatus = (typeof claimStatuses)[number];

/** A transaction's hash, returned by every write action. */
export type WriteResult = { hash: Hex };
