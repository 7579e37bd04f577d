// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice The render job market: escrow, claims, commit/reveal, verification, settlement.
interface IJobMarket {
    /// @notice How a job's results are verified.
    enum VerificationMode {
        SpotCheck,
        Replicated,
        Optimistic
    }

    /// @notice Lifecycle of a job.
    enum JobStatus {
        None,
        Open,
        Cancelled,
        Completed,
        Closed
    }

    /// @notice Lifecycle of a task (a contiguous range of units and its replicas).
    enum TaskStatus {
        None,
        Open,
        Verifying,
        Rejected,
        Disputed,
        Accepted,
        Failed
    }

    /// @notice Lifecycle of one node's claim on a task.
    enum ClaimStatus {
        None,
        Claimed,
        Committed,
        Revealed,
        Accepted,
        Rejected,
        Expired,
        Released
    }

    /// @notice What a requester asks for.
    /// @param manifestDigest sha2-256 digest of the manifest (its CIDv1 raw is derived from it).
    /// @param unitCount Frames or tiles to render.
    /// @param pricePerUnit GLT paid per unit per replica.
    /// @param deadline SLA deadline (unix seconds); reveals after it are paid less.
    /// @param claimTtl Seconds a claim has from claim to reveal before it can be expired.
    /// @param replication Replicas per unit (1 unless mode is Replicated, then 2..7).
    /// @param mode Verification mode.
    /// @param minTier Lowest node tier allowed (0..3).
    /// @param minReputation Lowest node reputation allowed (bps).
    /// @param confidenceBps Reputation-weighted share a result needs to win a vote (> 5000).
    /// @param integrator App that brought the job (receives the integrator fee); may be zero.
    struct JobParams {
        bytes32 manifestDigest;
        uint32 unitCount;
        uint96 pricePerUnit;
        uint40 deadline;
        uint24 claimTtl;
        uint8 replication;
        VerificationMode mode;
        uint8 minTier;
        uint16 minReputation;
        uint16 confidenceBps;
        address integrator;
    }

    /// @notice A job as stored (six slots).
    struct Job {
        address requester;
        uint32 unitCount;
        uint32 nextUnit;
        uint32 unitsAccepted;
        uint96 pricePerUnit;
        uint40 deadline;
        uint24 claimTtl;
        uint16 minReputation;
        uint16 confidenceBps;
        uint8 replication;
        VerificationMode mode;
        uint8 minTier;
        JobStatus status;
        uint32 unitsInFlight;
        address integrator;
        uint96 escrow;
        bytes32 manifestDigest;
        uint96 budget;
        uint40 createdAt;
        uint40 completedAt;
        uint24 taskCount;
        uint24 requeuedCount;
        uint32 tasksAccepted;
        bytes32 framesRoot;
    }

    /// @notice A range of units with its replica claims. Keyed by (jobId, taskIndex).
    /// @dev Claims of a task are `firstClaim` followed by `moreClaims[0 .. claimed-2]`.
    struct Task {
        uint32 start;
        uint32 count;
        uint8 replicas;
        uint8 claimed;
        uint8 revealed;
        TaskStatus status;
        uint40 windowEnds;
        uint88 collateral;
        uint32 firstClaim;
        uint32[6] moreClaims;
        address party;
        uint96 partyBond;
    }

    /// @notice One node's claim on a task. `time` is the claim time until the reveal, then
    /// the reveal time.
    struct Claim {
        address node;
        uint32 jobId;
        uint24 taskIndex;
        ClaimStatus status;
        uint32 time;
        bytes32 sealOrRoot;
    }

    /// @notice Fee split of each accepted unit's price, in bps of the price.
    /// @param treasuryBps Protocol treasury.
    /// @param burnBps Burned.
    /// @param insuranceBps Insurance pool.
    /// @param integratorBps The job's integrator (to treasury when there is none).
    /// @param verifierBps The spot-check verifier (to the node when nobody verified).
    /// @param maxRepAdjBps Node share moves up to this much with reputation (±), against treasury.
    /// @param latePenaltyBps Node share lost by a reveal after the job deadline; refunded.
    struct FeeSplit {
        uint16 treasuryBps;
        uint16 burnBps;
        uint16 insuranceBps;
        uint16 integratorBps;
        uint16 verifierBps;
        uint16 maxRepAdjBps;
        uint16 latePenaltyBps;
    }

    /// @notice Collateral, bonds and windows.
    /// @param collateralBps Stake locked per claim, in bps of the claim's value.
    /// @param timeoutSlashBps Share of collateral slashed when a claim expires.
    /// @param rejectSlashBps Share of collateral slashed when a result is proven wrong.
    /// @param verifierBond Stake a verifier locks to reject a result.
    /// @param challengerBond Stake a challenger locks to challenge a result.
    /// @param verifyWindow Seconds a spot-check verifier has to post a verdict.
    /// @param challengeWindow Seconds an optimistic result can be challenged.
    /// @param contestWindow Seconds a node has to contest a rejection.
    /// @param disputeReplicas Extra replicas that decide a dispute (1..6).
    struct SecurityParams {
        uint16 collateralBps;
        uint16 timeoutSlashBps;
        uint16 rejectSlashBps;
        uint96 verifierBond;
        uint96 challengerBond;
        uint32 verifyWindow;
        uint32 challengeWindow;
        uint32 contestWindow;
        uint8 disputeReplicas;
    }

    // ------------------------------------------------------------------ errors

    /// @notice A job parameter is invalid.
    /// @param field The parameter's name.
    error InvalidJobParam(string field);
    /// @notice unitCount × pricePerUnit × replication does not fit in 96 bits.
    error BudgetOverflow();
    /// @notice The job does not exist.
    error UnknownJob(uint256 jobId);
    /// @notice The claim does not exist.
    error UnknownClaim(uint256 claimId);
    /// @notice The job is not open (cancelled, completed or closed).
    error JobNotOpen(uint256 jobId, JobStatus status);
    /// @notice Only the requester may do this.
    error NotRequester(uint256 jobId, address caller);
    /// @notice The node may not work on this job.
    /// @param reason What disqualifies it: "tier", "stake", "inactive" or "reputation".
    error NodeNotEligible(address node, uint256 jobId, string reason);
    /// @notice No units are left to claim on this job.
    error NoUnitsAvailable(uint256 jobId);
    /// @notice Units requested must be at least one.
    error ZeroUnits();
    /// @notice Only the node that owns the claim may do this.
    error NotClaimOwner(uint256 claimId, address caller);
    /// @notice The claim is not in the state this step needs.
    error WrongClaimStatus(uint256 claimId, ClaimStatus status);
    /// @notice The task is not in the state this step needs.
    error WrongTaskStatus(uint256 taskId, TaskStatus status);
    /// @notice The claim's time to reveal has passed.
    error ClaimExpired(uint256 claimId, uint256 expiredAt);
    /// @notice The claim has not expired yet.
    error ClaimNotExpired(uint256 claimId, uint256 expiresAt);
    /// @notice The revealed root and salt do not open the node's seal.
    error SealMismatch(uint256 claimId);
    /// @notice A seal or result root of zero.
    error EmptyCommitment();
    /// @notice Only the selected verifier may post a verdict.
    error NotVerifier(uint256 claimId, address caller);
    /// @notice The window for this step is closed.
    error WindowClosed(uint256 claimId, uint256 closedAt);
    /// @notice The window for this step is still open.
    error WindowOpen(uint256 claimId, uint256 closesAt);
    /// @notice A node may not verify or challenge its own work.
    error SelfDealing(address node);
    /// @notice The job has units that are not accepted yet.
    error JobIncomplete(uint256 jobId, uint256 accepted, uint256 total);
    /// @notice A fee split whose shares exceed 100 %.
    error InvalidFeeSplit();
    /// @notice Security parameters out of range.
    /// @param field The parameter's name.
    error InvalidSecurityParam(string field);
    /// @notice Array arguments of different lengths.
    error LengthMismatch();

    // ------------------------------------------------------------------ events

    /// @notice A job was created and its budget escrowed.
    event JobCreated(
        uint256 indexed jobId,
        address indexed requester,
        bytes32 manifestDigest,
        uint256 unitCount,
        uint256 pricePerUnit,
        uint256 budget,
        VerificationMode mode
    );
    /// @notice A node claimed units.
    event UnitsClaimed(
        uint256 indexed jobId,
        uint256 indexed taskIndex,
        uint256 indexed claimId,
        address node,
        uint256 start,
        uint256 count,
        uint256 collateral
    );
    /// @notice A node committed the seal of its result.
    event ResultCommitted(uint256 indexed claimId, address indexed node, bytes32 seal);
    /// @notice A node revealed its result root.
    event ResultRevealed(
        uint256 indexed claimId, address indexed node, bytes32 resultRoot, bool late
    );
    /// @notice A spot-check verifier was selected (or none could be, when zero).
    event VerifierSelected(
        uint256 indexed jobId,
        uint256 indexed claimId,
        address indexed verifier,
        uint256 taskIndex,
        uint256 windowEnds
    );
    /// @notice A verifier posted a verdict.
    event VerdictPosted(
        uint256 indexed jobId, uint256 indexed claimId, address indexed verifier, bool accepted
    );
    /// @notice A result was disputed; replicas will decide.
    event TaskDisputed(
        uint256 indexed jobId, uint256 indexed taskIndex, address indexed party, uint256 replicas
    );
    /// @notice A replication vote did not reach confidence; another replica is wanted.
    event ReplicaAdded(uint256 indexed jobId, uint256 indexed taskIndex, uint256 replicas);
    /// @notice A task's result was accepted.
    event TaskAccepted(
        uint256 indexed jobId, uint256 indexed taskIndex, bytes32 resultRoot, uint256 acceptedIndex
    );
    /// @notice A task failed and its units were re-queued (or refunded if the job is cancelled).
    event TaskRequeued(
        uint256 indexed jobId, uint256 indexed taskIndex, uint256 start, uint256 count
    );
    /// @notice A claim was paid.
    event ClaimPaid(
        uint256 indexed jobId,
        uint256 indexed claimId,
        address indexed node,
        uint256 nodeAmount,
        uint256 treasury,
        uint256 burned,
        uint256 insurance,
        uint256 integrator,
        uint256 verifier,
        uint256 refunded
    );
    /// @notice A claim was slashed.
    event ClaimSlashed(
        uint256 indexed claimId, address indexed node, uint256 amount, ClaimStatus outcome
    );
    /// @notice A claim expired unrevealed.
    event ClaimExpiredEvent(uint256 indexed claimId, address indexed node);
    /// @notice A job was cancelled; untouched units were refunded.
    event JobCancelled(uint256 indexed jobId, uint256 refunded);
    /// @notice Every unit was accepted; the certificate was minted.
    event JobCompleted(uint256 indexed jobId, bytes32 framesRoot, uint256 refunded);
    /// @notice A cancelled job's last work resolved; the rest of the escrow was refunded.
    event JobClosed(uint256 indexed jobId, uint256 refunded);
    /// @notice The work recorder (emission schedule) changed; zero turns reporting off.
    event WorkRecorderSet(address indexed oldRecorder, address indexed newRecorder);
    /// @notice The work recorder rejected a report; the payout went ahead regardless.
    event WorkReportFailed(address indexed node, uint256 value);
    /// @notice Stale entries were popped from a job's replica queue.
    event ReplicaQueuePruned(uint256 indexed jobId, uint256 popped);
    /// @notice Accrued protocol fees were paid out and burned.
    event FeesDistributed(uint256 treasury, uint256 insurance, uint256 burned);
    /// @notice The fee split changed.
    event FeeSplitSet(FeeSplit split);
    /// @notice Collateral, bond or window parameters changed.
    event SecurityParamsSet(SecurityParams params);
    /// @notice The treasury or insurance receiver changed.
    event ReceiversSet(address treasury, address insurancePool);
}
