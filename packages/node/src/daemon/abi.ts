import { parseAbi } from 'viem';

// The subset of the Gridlight ABIs the daemon uses, in human-readable form.
// Why not the SDK's generated ABIs: @gridlight/sdk does not export them from its entry point
// yet (src/generated is git-ignored and not re-exported). Swap to the SDK's once it does; the
// signatures below are copied from contracts/src/interfaces/*.sol.

const jobMarketErrors = [
  'error InvalidJobParam(string field)',
  'error BudgetOverflow()',
  'error UnknownJob(uint256 jobId)',
  'error UnknownClaim(uint256 claimId)',
  'error JobNotOpen(uint256 jobId, uint8 status)',
  'error NotRequester(uint256 jobId, address caller)',
  'error NodeNotEligible(address node, uint256 jobId, string reason)',
  'error NoUnitsAvailable(uint256 jobId)',
  'error ZeroUnits()',
  'error NotClaimOwner(uint256 claimId, address caller)',
  'error WrongClaimStatus(uint256 claimId, uint8 status)',
  'error WrongTaskStatus(uint256 taskId, uint8 status)',
  'error ClaimExpired(uint256 claimId, uint256 expiredAt)',
  'error ClaimNotExpired(uint256 claimId, uint256 expiresAt)',
  'error SealMismatch(uint256 claimId)',
  'error EmptyCommitment()',
  'error NotVerifier(uint256 claimId, address caller)',
  'error WindowClosed(uint256 claimId, uint256 closedAt)',
  'error WindowOpen(uint256 claimId, uint256 closesAt)',
  'error SelfDealing(address node)',
  'error JobIncomplete(uint256 jobId, uint256 accepted, uint256 total)',
  'error LengthMismatch()',
  // Raised by Staking / NodeRegistry / the token inside market calls.
  'error InsufficientFreeStake(address node, uint256 available, uint256 requested)',
  'error ZeroAmount()',
  'error AlreadyRegistered(address node)',
  'error NotRegistered(address node)',
  'error InvalidRegion(bytes2 region)',
  'error MissingEncryptionKey()',
  'error FieldTooLong(string field, uint256 length, uint256 max)',
  'error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)',
  'error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)',
  'error ERC2612ExpiredSignature(uint256 deadline)',
  'error ERC2612InvalidSigner(address signer, address owner)',
] as const;

/** JobMarket: what nodes, verifiers and (in tests) requesters call. */
export const jobMarketAbi = parseAbi([
  'struct JobParams { bytes32 manifestDigest; uint32 unitCount; uint96 pricePerUnit; uint40 deadline; uint24 claimTtl; uint8 replication; uint8 mode; uint8 minTier; uint16 minReputation; uint16 confidenceBps; address integrator; }',
  'struct Job { address requester; uint32 unitCount; uint32 nextUnit; uint32 unitsAccepted; uint96 pricePerUnit; uint40 deadline; uint24 claimTtl; uint16 minReputation; uint16 confidenceBps; uint8 replication; uint8 mode; uint8 minTier; uint8 status; uint32 unitsInFlight; address integrator; uint96 escrow; bytes32 manifestDigest; uint96 budget; uint40 createdAt; uint40 completedAt; uint24 taskCount; uint24 requeuedCount; uint32 tasksAccepted; bytes32 framesRoot; }',
  'struct Task { uint32 start; uint32 count; uint8 replicas; uint8 claimed; uint8 revealed; uint8 status; uint40 windowEnds; uint88 collateral; uint32 firstClaim; uint32[6] moreClaims; address party; uint96 partyBond; }',
  'struct Claim { address node; uint32 jobId; uint24 taskIndex; uint8 status; uint32 time; bytes32 sealOrRoot; }',
  'struct SecurityParams { uint16 collateralBps; uint16 timeoutSlashBps; uint16 rejectSlashBps; uint96 verifierBond; uint96 challengerBond; uint32 verifyWindow; uint32 challengeWindow; uint32 contestWindow; uint8 disputeReplicas; }',
  'function createJob(JobParams p) returns (uint256 jobId)',
  'function finalizeJob(uint256 jobId)',
  'function claim(uint256 jobId, uint256 maxUnits) returns (uint256 claimId)',
  'function commit(uint256 claimId, bytes32 seal)',
  'function reveal(uint256 claimId, bytes32 resultRoot, bytes32 salt)',
  'function submitVerdicts(uint256[] claimIds, bool[] accepts)',
  'function settle(uint256 claimId)',
  'function jobOf(uint256 jobId) view returns (Job)',
  'function taskOf(uint256 jobId, uint256 taskIndex) view returns (Task)',
  'function claimOf(uint256 claimId) view returns (Claim)',
  'function jobCount() view returns (uint256)',
  'function claimCount() view returns (uint256)',
  'function securityParams() view returns (SecurityParams)',
  'event JobCreated(uint256 indexed jobId, address indexed requester, bytes32 manifestDigest, uint256 unitCount, uint256 pricePerUnit, uint256 budget, uint8 mode)',
  'event UnitsClaimed(uint256 indexed jobId, uint256 indexed taskIndex, uint256 indexed claimId, address node, uint256 start, uint256 count, uint256 collateral)',
  'event ResultCommitted(uint256 indexed claimId, address indexed node, bytes32 seal)',
  'event ResultRevealed(uint256 indexed claimId, address indexed node, bytes32 resultRoot, bool late)',
  'event VerifierSelected(uint256 indexed jobId, uint256 indexed claimId, address indexed verifier, uint256 taskIndex, uint256 windowEnds)',
  'event TaskAccepted(uint256 indexed jobId, uint256 indexed taskIndex, bytes32 resultRoot, uint256 acceptedIndex)',
  'event TaskRequeued(uint256 indexed jobId, uint256 indexed taskIndex, uint256 start, uint256 count)',
  'event ClaimPaid(uint256 indexed jobId, uint256 indexed claimId, address indexed node, uint256 nodeAmount, uint256 treasury, uint256 burned, uint256 insurance, uint256 integrator, uint256 verifier, uint256 refunded)',
  ...jobMarketErrors,
]);

/** Staking: stake with a permit, read free stake. */
export const stakingAbi = parseAbi([
  'struct StakeAccount { uint128 bonded; uint128 locked; uint128 unbonding; uint64 unbondReadyAt; }',
  'function stake(uint256 amount)',
  'function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)',
  'function accountOf(address node) view returns (StakeAccount)',
  'function bondedOf(address node) view returns (uint256)',
  'function freeStakeOf(address node) view returns (uint256)',
  ...jobMarketErrors,
]);

/** NodeRegistry: register, update, read nodes and eligibility. */
export const nodeRegistryAbi = parseAbi([
  'struct NodeParams { string gpuModel; uint32 vramMb; uint32 benchmarkScore; bytes32 encryptionKey; bytes2 region; string endpoint; }',
  'struct Node { bool registered; bool active; uint8 scoreTier; uint32 vramMb; uint32 benchmarkScore; uint40 registeredAt; bytes2 region; bytes32 encryptionKey; string gpuModel; string endpoint; }',
  'function register(NodeParams params)',
  'function update(NodeParams params)',
  'function nodeOf(address node) view returns (Node)',
  'function effectiveTier(address node) view returns (uint8)',
  'function isEligible(address node, uint8 minTier) view returns (bool)',
  'function activeCount() view returns (uint256)',
  ...jobMarketErrors,
]);

/** Reputation: a node's score. */
export const reputationAbi = parseAbi([
  'struct Record { uint16 score; bool seen; uint32 accepted; uint32 late; uint32 rejected; uint32 slashed; }',
  'function scoreOf(address node) view returns (uint256)',
  'function recordOf(address node) view returns (Record)',
]);

/** GridlightToken: balances, permit, transfers. */
export const tokenAbi = parseAbi([
  'function balanceOf(address owner) view returns (uint256)',
  'function nonces(address owner) view returns (uint256)',
  'function name() view returns (string)',
  'function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'function approve(address spender, uint256 amount) returns (bool)',
  ...jobMarketErrors,
]);

/** RenderCertificate: frame proofs. */
export const certificateAbi = parseAbi([
  'function verifyFrame(uint256 tokenId, uint256 frameIndex, bytes32 pixelHash, bytes32[] proof) view returns (bool)',
]);

/** Names of IJobMarket.ClaimStatus by enum value. */
export const CLAIM_STATUS = [
  'None',
  'Claimed',
  'Committed',
  'Revealed',
  'Accepted',
  'Rejected',
  'Expired',
  'Released',
] as const;
export type ClaimStatusName = (typeof CLAIM_STATUS)[number];

/** Names of IJobMarket.TaskStatus by enum value. */
export const TASK_STATUS = [
  'None',
  'Open',
  'Verifying',
  'Rejected',
  'Disputed',
  'Accepted',
  'Failed',
] as const;
export type TaskStatusName = (typeof TASK_STATUS)[number];

/** Names of IJobMarket.JobStatus by enum value. */
export const JOB_STATUS = ['None', 'Open', 'Cancelled', 'Completed', 'Closed'] as const;
