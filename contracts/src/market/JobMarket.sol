// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import {Governed} from "../governance/Governed.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {IRenderCertificate} from "../interfaces/IRenderCertificate.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IWorkRecorder} from "../interfaces/IWorkRecorder.sol";
import {FeeMath} from "../libraries/FeeMath.sol";
import {FrameTree} from "../libraries/FrameTree.sol";
import {JobMarketBase} from "./JobMarketBase.sol";
import {JobMarketVerification} from "./JobMarketVerification.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title JobMarket
/// @notice Escrow, claims, commit/reveal, verification and settlement of render jobs.
///
/// A job's units are claimed in contiguous ranges ("tasks"), one transaction per range, so
/// the number of transactions per node per job does not grow with the frame count. Each
/// replica of a task is a claim; a claim locks collateral from the node's stake, commits a
/// seal `keccak256(abi.encode(resultRoot, salt, node))`, then reveals. Verification:
/// - SpotCheck: a verifier drawn from the active nodes with a seed fixed at reveal posts a
///   verdict; a rejection bonds the verifier and can be contested, which escalates to a
///   replica vote.
/// - Optimistic: accepted after a challenge window; a bonded challenge escalates to a vote.
/// - Replicated: `replication` nodes render the same range; a reputation-weighted vote must
///   reach the job's confidence.
/// Every payout is taken from the job's escrow, so node shares + fees + refunds == budget.
/// See docs/protocol.md for states, parameters and formulas.
contract JobMarket is JobMarketBase {
    using SafeERC20 for IERC20;
    using FrameTree for FrameTree.Accumulator;

    address private immutable _verification;

    constructor(
        IERC20 token_,
        IStaking staking_,
        INodeRegistry registry_,
        IReputation reputation_,
        address governance_,
        address treasury_,
        address insurancePool_
    ) JobMarketBase(token_, staking_, registry_, reputation_, governance_) {
        _verification = address(new JobMarketVerification(token_, staking_, registry_, reputation_));
        _setReceivers(treasury_, insurancePool_);
        _setFeeSplit(
            FeeSplit({
                treasuryBps: 500,
                burnBps: 300,
                insuranceBps: 100,
                integratorBps: 100,
                verifierBps: 200,
                maxRepAdjBps: 200,
                latePenaltyBps: 1000
            })
        );
        _setSecurityParams(
            SecurityParams({
                collateralBps: 15_000,
                timeoutSlashBps: 1000,
                rejectSlashBps: 10_000,
                verifierBond: 100 ether,
                challengerBond: 100 ether,
                verifyWindow: 1 hours,
                challengeWindow: 1 hours,
                contestWindow: 1 hours,
                disputeReplicas: 2
            })
        );
    }

    // =================================================================== requester

    /// @notice Creates a job and escrows its budget (unitCount × pricePerUnit × replication).
    /// @return jobId The new job's id.
    function createJob(JobParams calldata p) external nonReentrant returns (uint256 jobId) {
        return _createJob(p);
    }

    /// @notice Creates a job, approving the escrow with an ERC-2612 permit.
    function createJobWithPermit(
        JobParams calldata p,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 jobId) {
        uint256 budget = _budgetOf(p);
        // A front-run permit only spends the nonce; transferFrom then decides.
        try IERC20Permit(address(_token))
            .permit(msg.sender, address(this), budget, deadline, v, r, s) {}
            catch {}
        return _createJob(p);
    }

    /// @notice Cancels a job: no new ranges are handed out and untouched units are refunded
    /// now; work in flight finishes and is paid, and the rest is refunded when it resolves.
    function cancelJob(uint256 jobId) external nonReentrant {
        Job storage job = _openJob(jobId);
        if (msg.sender != job.requester) revert NotRequester(jobId, msg.sender);
        job.status = JobStatus.Cancelled;
        uint256 untouched = uint256(job.unitCount) - job.unitsAccepted - job.unitsInFlight;
        uint256 refund = untouched * job.pricePerUnit * job.replication;
        if (job.unitsInFlight == 0) {
            refund = job.escrow;
            job.status = JobStatus.Closed;
        }
        job.escrow -= uint96(refund);
        emit JobCancelled(jobId, refund);
        if (refund > 0) _token.safeTransfer(job.requester, refund);
    }

    /// @notice Completes a job whose units are all accepted: records the frame root, refunds
    /// what is left of the escrow (late penalties) and mints the certificate to the requester.
    function finalizeJob(uint256 jobId) external nonReentrant {
        Job storage job = _openJob(jobId);
        if (job.unitsAccepted != job.unitCount) {
            revert JobIncomplete(jobId, job.unitsAccepted, job.unitCount);
        }
        bytes32 framesRoot = _frames[jobId].root(job.tasksAccepted);
        uint256 refund = job.escrow;
        job.status = JobStatus.Completed;
        job.framesRoot = framesRoot;
        job.completedAt = uint40(block.timestamp);
        job.escrow = 0;
        emit JobCompleted(jobId, framesRoot, refund);
        _certificate.mint(job.requester, jobId);
        if (refund > 0) _token.safeTransfer(job.requester, refund);
    }

    // =================================================================== node

    /// @notice Claims up to `maxUnits` contiguous units of a job (or joins a task that needs
    /// another replica), locking collateral from the caller's stake.
    /// @return claimId The new claim.
    function claim(uint256 jobId, uint256 maxUnits)
        external
        nonReentrant
        returns (uint256 claimId)
    {
        if (maxUnits == 0) revert ZeroUnits();
        Job storage job = _jobs[jobId];
        if (job.status != JobStatus.Open && job.status != JobStatus.Cancelled) {
            revert JobNotOpen(jobId, job.status);
        }
        _checkEligible(job, jobId, msg.sender);

        uint256 taskIndex;
        bool joined;
        (joined, taskIndex) = _popReplicaSlot(jobId, msg.sender);
        Task storage task;
        if (joined) {
            task = _tasks[jobId][taskIndex];
        } else {
            if (job.status != JobStatus.Open) revert JobNotOpen(jobId, job.status);
            (taskIndex, task) = _newTask(job, jobId, maxUnits);
        }

        claimId = ++_claimCount;
        _claims[claimId] = Claim({
            node: msg.sender,
            jobId: uint32(jobId),
            taskIndex: uint24(taskIndex),
            status: ClaimStatus.Claimed,
            time: uint32(block.timestamp),
            sealOrRoot: bytes32(0)
        });
        _addClaimToTask(task, claimId);
        emit UnitsClaimed(
            jobId, taskIndex, claimId, msg.sender, task.start, task.count, task.collateral
        );
        _staking.lock(msg.sender, task.collateral);
    }

    /// @notice Commits the seal `keccak256(abi.encode(resultRoot, salt, node))` of a result.
    function commit(uint256 claimId, bytes32 seal) external {
        Claim storage c = _ownClaim(claimId, ClaimStatus.Claimed);
        if (seal == bytes32(0)) revert EmptyCommitment();
        _checkNotExpired(claimId, c);
        c.status = ClaimStatus.Committed;
        c.sealOrRoot = seal;
        emit ResultCommitted(claimId, msg.sender, seal);
    }

    // =================================================================== verification
    // Implemented in JobMarketVerification and run here by DELEGATECALL (same storage,
    // same msg.sender); the reentrancy guard is applied on this side.

    /// @notice Reveals the result root behind the seal and starts verification.
    function reveal(uint256, bytes32, bytes32) external nonReentrant {
        _delegateToVerification();
    }

    /// @notice Releases an expired claim (anyone may call): a small slash, the rest of the
    /// collateral unlocked, and the units re-queued or the replica slot reopened.
    function expireClaim(uint256) external nonReentrant {
        _delegateToVerification();
    }

    /// @notice The selected verifier accepts or rejects a spot-checked result.
    function submitVerdict(uint256, bool) external nonReentrant {
        _delegateToVerification();
    }

    /// @notice Posts several verdicts in one transaction.
    function submitVerdicts(uint256[] calldata, bool[] calldata) external nonReentrant {
        _delegateToVerification();
    }

    /// @notice The node disputes a spot-check rejection; replicas will decide.
    function contest(uint256) external nonReentrant {
        _delegateToVerification();
    }

    /// @notice A staked node challenges an optimistic result with a bond; replicas decide.
    function challenge(uint256) external nonReentrant {
        _delegateToVerification();
    }

    /// @notice Resolves a result whose window has passed (anyone may call).
    function settle(uint256) external nonReentrant {
        _delegateToVerification();
    }

    /// @notice The contract that implements the verification functions.
    function verificationModule() external view returns (address) {
        return _verification;
    }

    function _delegateToVerification() private {
        address impl = _verification;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := delegatecall(gas(), impl, ptr, calldatasize(), 0, 0)
            if iszero(ok) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
        }
    }

    /// @notice Pops up to `maxSteps` stale entries (tasks that no longer want a replica) from
    /// the front of a job's replica queue. Claims skip at most a few entries, so this keeps a
    /// queue with many stale entries live; anyone may call it.
    function pruneReplicaQueue(uint256 jobId, uint256 maxSteps) external nonReentrant {
        uint256 popped = _pruneReplicaQueue(jobId, maxSteps);
        emit ReplicaQueuePruned(jobId, popped);
    }

    /// @notice (head, tail) of a job's replica queue and the task at the head.
    function replicaQueue(uint256 jobId)
        external
        view
        returns (uint256 head, uint256 tail, uint256 headTask)
    {
        Queue storage q = _replicaQueue[jobId];
        return (q.head, q.tail, _replicaQueueItems[jobId][q.head]);
    }

    // =================================================================== fees

    /// @notice Pays accrued protocol fees to the treasury and insurance pool and burns the
    /// burn share (anyone may call).
    function distributeFees() external nonReentrant {
        Accrued memory a = _accrued;
        uint256 burn = _accruedBurn;
        delete _accrued;
        _accruedBurn = 0;
        emit FeesDistributed(a.treasury, a.insurance, burn);
        if (a.treasury > 0) _token.safeTransfer(_treasury, a.treasury);
        if (a.insurance > 0) _token.safeTransfer(_insurancePool, a.insurance);
        if (burn > 0) ERC20Burnable(address(_token)).burn(burn);
    }

    // =================================================================== governance

    /// @notice Sets the certificate contract (once, at deployment wiring, or by governance).
    function setCertificate(IRenderCertificate certificate_) external onlyGovernance {
        if (address(certificate_) == address(0)) revert ZeroAddress();
        _certificate = certificate_;
    }

    /// @notice Sets the contract told about accepted work (the Emissions schedule, when a
    /// policy pays nodes by work); zero turns reporting off. Reporting costs gas per payout.
    function setWorkRecorder(IWorkRecorder recorder) external onlyGovernance {
        emit WorkRecorderSet(address(_workRecorder), address(recorder));
        _workRecorder = recorder;
    }

    /// @notice Sets the fee split of accepted work.
    function setFeeSplit(FeeSplit calldata f) external onlyGovernance {
        _setFeeSplit(f);
    }

    /// @notice Sets collateral, bonds and windows.
    function setSecurityParams(SecurityParams calldata p) external onlyGovernance {
        _setSecurityParams(p);
    }

    /// @notice Sets where treasury and insurance fees go.
    function setReceivers(address treasury_, address insurancePool_) external onlyGovernance {
        _setReceivers(treasury_, insurancePool_);
    }

    // =================================================================== views

    /// @notice The stored job.
    function jobOf(uint256 jobId) external view returns (Job memory) {
        return _jobs[jobId];
    }

    /// @notice A task of a job.
    function taskOf(uint256 jobId, uint256 taskIndex) external view returns (Task memory) {
        return _tasks[jobId][taskIndex];
    }

    /// @notice A claim.
    function claimOf(uint256 claimId) external view returns (Claim memory) {
        return _claims[claimId];
    }

    /// @notice Claim ids of a task, in claim order.
    function claimsOfTask(uint256 jobId, uint256 taskIndex)
        public
        view
        returns (uint256[] memory ids)
    {
        Task storage task = _tasks[jobId][taskIndex];
        ids = new uint256[](task.claimed);
        for (uint256 i = 0; i < task.claimed; ++i) {
            ids[i] = _claimAt(task, i);
        }
    }

    /// @notice Number of jobs created.
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    /// @notice Number of claims made.
    function claimCount() external view returns (uint256) {
        return _claimCount;
    }

    /// @notice Accepted claim roots of a job and the current root over them.
    function frameAccumulator(uint256 jobId) external view returns (uint256 count, bytes32 root) {
        uint256 n = _jobs[jobId].tasksAccepted;
        return (n, _frames[jobId].root(n));
    }

    /// @notice Fees accrued and not yet distributed.
    function accruedFees()
        external
        view
        returns (uint256 treasury, uint256 insurance, uint256 burn)
    {
        return (_accrued.treasury, _accrued.insurance, _accruedBurn);
    }

    /// @notice The fee split.
    function feeSplit() external view returns (FeeSplit memory) {
        return _fees;
    }

    /// @notice Collateral, bonds and windows.
    function securityParams() external view returns (SecurityParams memory) {
        return _security;
    }

    /// @notice (treasury, insurance pool) receivers.
    function receivers() external view returns (address, address) {
        return (_treasury, _insurancePool);
    }

    /// @notice The contracts this market uses.
    function dependencies()
        external
        view
        returns (IERC20, IStaking, INodeRegistry, IReputation, IRenderCertificate)
    {
        return (_token, _staking, _registry, _reputation, _certificate);
    }
}
