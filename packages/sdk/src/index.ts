// Public entry point of @gridlight/sdk: named exports only, grouped by module.
export {
  type CancelJobParameters,
  type CancelJobReturnType,
  cancelJob,
} from './actions/cancelJob.js';
export {
  type CastVoteParameters,
  type CastVoteReturnType,
  castVote,
  type VoteSupport,
  voteSupport,
} from './actions/castVote.js';
export { type ClaimParameters, type ClaimReturnType, claim } from './actions/claim.js';
export {
  type CommitResultParameters,
  type CommitResultReturnType,
  commitResult,
} from './actions/commitResult.js';
export {
  type CreateJobParameters,
  type CreateJobReturnType,
  createJob,
} from './actions/createJob.js';
export {
  type DelegateVotesParameters,
  type DelegateVotesReturnType,
  delegateVotes,
} from './actions/delegateVotes.js';
export {
  type ExpireClaimParameters,
  type ExpireClaimReturnType,
  expireClaim,
} from './actions/expireClaim.js';
export {
  type FinalizeJobParameters,
  type FinalizeJobReturnType,
  finalizeJob,
} from './actions/finalizeJob.js';
export { type GetClaimParameters, type GetClaimReturnType, getClaim } from './actions/getClaim.js';
export { type GetJobParameters, type GetJobReturnType, getJob } from './actions/getJob.js';
export { type GetNodeParameters, type GetNodeReturnType, getNode } from './actions/getNode.js';
export {
  type GetProposalParameters,
  type GetProposalReturnType,
  getProposal,
  type ProposalState,
  proposalStates,
} from './actions/getProposal.js';
export { type GetTaskParameters, type GetTaskReturnType, getTask } from './actions/getTask.js';
export {
  encodeProposalAction,
  type GovernedContract,
  governedContracts,
  type ProposalAction,
  type ProposeCallParameters,
  type ProposeCallReturnType,
  proposeCall,
} from './actions/proposeCall.js';
export {
  encodeCall,
  type ProposeCallsParameters,
  type ProposeCallsReturnType,
  type ProposedCall,
  proposeCalls,
} from './actions/proposeCalls.js';
export {
  type QueueProposalParameters,
  type QueueProposalReturnType,
  queueProposal,
} from './actions/queueProposal.js';
export {
  NodeParamsInvalidError,
  nodeParamsSchema,
  type RegisterNodeParameters,
  type RegisterNodeReturnType,
  registerNode,
} from './actions/registerNode.js';
export {
  type RequestUnbondParameters,
  type RequestUnbondReturnType,
  requestUnbond,
} from './actions/requestUnbond.js';
export {
  type RevealResultParameters,
  type RevealResultReturnType,
  revealResult,
} from './actions/revealResult.js';
export { type SettleParameters, type SettleReturnType, settle } from './actions/settle.js';
export { type StakeParameters, type StakeReturnType, stake } from './actions/stake.js';
export {
  type SubmitVerdictsParameters,
  type SubmitVerdictsReturnType,
  submitVerdicts,
} from './actions/submitVerdicts.js';
export {
  type TransferTokensParameters,
  type TransferTokensReturnType,
  transferTokens,
} from './actions/transferTokens.js';
export {
  type ClaimStatus,
  claimStatuses,
  type JobStatus,
  jobStatuses,
  type TaskStatus,
  taskStatuses,
} from './actions/types.js';
export {
  type UpdateNodeParameters,
  type UpdateNodeReturnType,
  updateNode,
} from './actions/updateNode.js';
export { type VerifyFrameParameters, verifyFrame } from './actions/verifyFrame.js';
export {
  type JobEvent,
  type WatchJobEventsParameters,
  type WatchJobEventsReturnType,
  watchJobEvents,
} from './actions/watchJobEvents.js';
export { type WithdrawReturnType, withdraw } from './actions/withdraw.js';
export {
  type CidLike,
  cidForBytes,
  cidFromDigest,
  cidFromSha256,
  digestFromCid,
  parseCid,
  RAW_CODEC,
  SHA2_256,
  toCid,
} from './cid.js';
export {
  type CreateGridlightClientParameters,
  createGridlightClient,
  type GridlightClient,
} from './client.js';
export {
  type Deployment,
  deploymentSchema,
  loadDeployment,
  parseDeployment,
} from './deployment.js';
export {
  AccountRequiredError,
  BaseError,
  CidInvalidError,
  CidUnsupportedError,
  ContractRevertError,
  DeploymentInvalidError,
  EventNotFoundError,
  FrameTreeError,
  ManifestInvalidError,
  PngDecodeError,
  ProposalInvalidError,
  RpcUnavailableError,
  TransactionRevertedError,
  type ValidationIssue,
} from './errors.js';
export {
  type ClaimTree,
  ceilLog2,
  claimTree,
  encodeRange,
  type FrameUnit,
  frameLeaf,
  frameProof,
  hashCommutative,
  hashOrdered,
  type JobTree,
  jobTree,
  rangeLeaf,
  verifyFrameProof,
} from './frameTree.js';
export {
  emissionsAbi,
  gridlightGovernorAbi,
  gridlightTokenAbi,
  jobMarketAbi,
  nodeRegistryAbi,
  renderCertificateAbi,
  reputationAbi,
  stakingAbi,
  timelockControllerAbi,
} from './generated/abis.js';
export {
  budgetOf,
  canonicalJson,
  encodeManifest,
  expandUnits,
  type JobParams,
  type JobParamsOptions,
  type Manifest,
  manifestDigest,
  manifestSchema,
  manifestToJobParams,
  parseFrames,
  parseManifest,
  unitCountOf,
  type VerificationLevel,
  verificationModes,
  type WorkUnit,
} from './manifest.js';
export {
  decodePng,
  PIXEL_HASH_TAG,
  pixelHash,
  pixelHashOfRgba,
  type RgbaImage,
} from './pixelHash.js';
export {
  decodeRevertData,
  describeRevert,
  gridlightErrorsAbi,
  toGridlightError,
} from './revert.js';
export { computeSeal, randomSalt } from './seal.js';
