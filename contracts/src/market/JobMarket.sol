// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governed} from "../governance/Governed.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {IRenderCertificate} from "../interfaces/IRenderCertificate.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {FeeMath} from "../libraries/FeeMath.sol";
import {FrameTree} from "../libraries/FrameTree.sol";
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
contract JobMarket is IJobMarket, Governed, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using FrameTree for FrameTree.Accumulator;

    uint256 internal constant BPS = 10_000;
    /// @notice Most replicas a task can have (bounds every loop over a task's claims).
    uint8 public constant MAX_REPLICAS = 7;
    /// @notice Most units one job may have.
    uint32 public constant MAX_UNITS = 1_000_000;
    /// @notice Active nodes probed when drawing a spot-check verifier.
    uint256 public constant VERIFIER_PROBES = 8;
    /// @notice Replica-queue entries skipped per claim before taking fresh units.
    uint256 internal constant QUEUE_PROBES = 4;

    struct Range {
        uint32 start;
        uint32 count;
    }

    struct Queue {
        uint32 head;
        uint32 tail;
    }

    struct Accrued {
        uint128 treasury;
        uint128 insurance;
    }

    IERC20 private immutable _token;
    IStaking private immutable _staking;
    INodeRegistry private immutable _registry;
    IReputation private immutable _reputation;

    IRenderCertificate private _certificate;
    address private _treasury;
    address private _insurancePool;
    FeeSplit private _fees;
    SecurityParams private _security;

    uint256 private _jobCount;
    uint256 private _claimCount;
    Accrued private _accrued;
    uint256 private _accruedBurn;

    mapping(uint256 jobId => Job) private _jobs;
    mapping(uint256 jobId => mapping(uint256 taskIndex => Task)) private _tasks;
    mapping(uint256 claimId => Claim) private _claims;
    mapping(uint256 jobId => mapping(uint256 => Range)) private _requeued;
    mapping(uint256 jobId => Queue) private _replicaQueue;
    mapping(uint256 jobId => mapping(uint256 => uint24)) private _replicaQueueItems;
    mapping(uint256 jobId => FrameTree.Accumulator) private _frames;

    constructor(
        IERC20 token_,
        IStaking staking_,
        INodeRegistry registry_,
        IReputation reputation_,
        address governance_,
        address treasury_,
        address insurancePool_
    ) Governed(governance_) {
        if (
            address(token_) == address(0) || address(staking_) == address(0)
                || address(registry_) == address(0) || address(reputation_) == address(0)
        ) revert ZeroAddress();
        _token = token_;
        _staking = staking_;
        _registry = registry_;
        _reputation = reputation_;
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

    /// @notice Reveals the result root behind the seal and starts verification.
    function reveal(uint256 claimId, bytes32 resultRoot, bytes32 salt) external nonReentrant {
        Claim storage c = _ownClaim(claimId, ClaimStatus.Committed);
        if (resultRoot == bytes32(0)) revert EmptyCommitment();
        _checkNotExpired(claimId, c);
        if (computeSeal(resultRoot, salt, msg.sender) != c.sealOrRoot) {
            revert SealMismatch(claimId);
        }
        Job storage job = _jobs[c.jobId];
        Task storage task = _tasks[c.jobId][c.taskIndex];
        bool late = block.timestamp > job.deadline;
        c.status = ClaimStatus.Revealed;
        c.sealOrRoot = resultRoot;
        c.time = uint32(block.timestamp);
        task.revealed += 1;
        emit ResultRevealed(claimId, msg.sender, resultRoot, late);

        if (task.replicas > 1) {
            if (task.revealed == task.replicas) _resolveVote(job, c.jobId, c.taskIndex, task);
        } else if (job.mode == VerificationMode.SpotCheck) {
            _selectVerifier(job, c.taskIndex, task, claimId, resultRoot);
        } else {
            task.status = TaskStatus.Verifying;
            task.windowEnds = uint40(block.timestamp + _security.challengeWindow);
        }
    }

    /// @notice Releases an expired claim (anyone may call): a small slash, the rest of the
    /// collateral unlocked, and the units re-queued or the replica slot reopened.
    function expireClaim(uint256 claimId) external nonReentrant {
        Claim storage c = _claims[claimId];
        if (c.status != ClaimStatus.Claimed && c.status != ClaimStatus.Committed) {
            revert WrongClaimStatus(claimId, c.status);
        }
        Job storage job = _jobs[c.jobId];
        uint256 expiresAt = uint256(c.time) + job.claimTtl;
        if (block.timestamp <= expiresAt) revert ClaimNotExpired(claimId, expiresAt);
        Task storage task = _tasks[c.jobId][c.taskIndex];
        address node = c.node;
        c.status = ClaimStatus.Expired;
        _removeClaimFromTask(task, claimId);
        emit ClaimExpiredEvent(claimId, node);

        if (task.replicas > 1 || task.status == TaskStatus.Disputed) {
            // A replica slot opened up again; the task waits for another node.
            _pushReplicaQueue(c.jobId, c.taskIndex);
        } else {
            _requeue(job, c.jobId, c.taskIndex, task);
        }
        _reputation.record(node, IReputation.Outcome.Late);
        _penalize(
            claimId,
            node,
            task.collateral,
            _security.timeoutSlashBps,
            address(0),
            ClaimStatus.Expired
        );
    }

    // =================================================================== verification

    /// @notice The selected verifier accepts or rejects a spot-checked result. Rejecting
    /// locks the verifier's bond until the node's contest window closes or a vote decides.
    function submitVerdict(uint256 claimId, bool accept) external nonReentrant {
        _verdict(claimId, accept);
    }

    /// @notice Posts several verdicts in one transaction.
    function submitVerdicts(uint256[] calldata claimIds, bool[] calldata accepts)
        external
        nonReentrant
    {
        if (claimIds.length != accepts.length) revert LengthMismatch();
        for (uint256 i = 0; i < claimIds.length; ++i) {
            _verdict(claimIds[i], accepts[i]);
        }
    }

    /// @notice The node disputes a spot-check rejection; replicas will decide.
    function contest(uint256 claimId) external nonReentrant {
        Claim storage c = _ownClaim(claimId, ClaimStatus.Revealed);
        Task storage task = _tasks[c.jobId][c.taskIndex];
        if (task.status != TaskStatus.Rejected) revert WrongTaskStatus(c.taskIndex, task.status);
        if (block.timestamp > task.windowEnds) revert WindowClosed(claimId, task.windowEnds);
        _openDispute(c.jobId, c.taskIndex, task, task.party);
    }

    /// @notice A staked node challenges an optimistic result with a bond; replicas will decide.
    function challenge(uint256 claimId) external nonReentrant {
        Claim storage c = _claims[claimId];
        if (c.status != ClaimStatus.Revealed) revert WrongClaimStatus(claimId, c.status);
        Job storage job = _jobs[c.jobId];
        Task storage task = _tasks[c.jobId][c.taskIndex];
        if (job.mode != VerificationMode.Optimistic || task.status != TaskStatus.Verifying) {
            revert WrongTaskStatus(c.taskIndex, task.status);
        }
        if (block.timestamp > task.windowEnds) revert WindowClosed(claimId, task.windowEnds);
        if (msg.sender == c.node) revert SelfDealing(msg.sender);
        _checkEligible(job, c.jobId, msg.sender);
        uint96 bond = _security.challengerBond;
        task.party = msg.sender;
        task.partyBond = bond;
        _openDispute(c.jobId, c.taskIndex, task, msg.sender);
        _staking.lock(msg.sender, bond);
    }

    /// @notice Resolves a result whose window has passed (anyone may call): an unchallenged
    /// optimistic result or an unanswered spot-check is accepted; an uncontested rejection
    /// slashes the node and re-queues the units.
    function settle(uint256 claimId) external nonReentrant {
        Claim storage c = _claims[claimId];
        if (c.status != ClaimStatus.Revealed) revert WrongClaimStatus(claimId, c.status);
        Task storage task = _tasks[c.jobId][c.taskIndex];
        if (task.status != TaskStatus.Verifying && task.status != TaskStatus.Rejected) {
            revert WrongTaskStatus(c.taskIndex, task.status);
        }
        if (block.timestamp <= task.windowEnds) revert WindowOpen(claimId, task.windowEnds);
        Job storage job = _jobs[c.jobId];
        if (task.status == TaskStatus.Verifying) {
            address silentVerifier = task.party;
            if (silentVerifier != address(0)) {
                // The verifier did not answer in time: it earns nothing and loses reputation.
                task.party = address(0);
                _reputation.record(silentVerifier, IReputation.Outcome.Late);
            }
            _acceptSingle(job, c.jobId, c.taskIndex, task, claimId, c);
        } else {
            address verifier = task.party;
            uint96 bond = task.partyBond;
            task.party = address(0);
            task.partyBond = 0;
            c.status = ClaimStatus.Rejected;
            _requeue(job, c.jobId, c.taskIndex, task);
            _staking.unlock(verifier, bond);
            _reputation.record(c.node, IReputation.Outcome.Slashed);
            _penalize(
                claimId,
                c.node,
                task.collateral,
                _security.rejectSlashBps,
                verifier,
                ClaimStatus.Rejected
            );
        }
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

    /// @notice The seal a node commits: binds the result to the node, so a copied seal is useless.
    function computeSeal(bytes32 resultRoot, bytes32 salt, address node)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(resultRoot, salt, node));
    }

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

    // =================================================================== internal: jobs

    function _budgetOf(JobParams calldata p) internal pure returns (uint256 budget) {
        budget = uint256(p.unitCount) * p.pricePerUnit * p.replication;
        if (budget > type(uint96).max) revert BudgetOverflow();
    }

    function _createJob(JobParams calldata p) internal returns (uint256 jobId) {
        if (p.manifestDigest == bytes32(0)) revert InvalidJobParam("manifestDigest");
        if (p.unitCount == 0 || p.unitCount > MAX_UNITS) revert InvalidJobParam("unitCount");
        if (p.pricePerUnit == 0) revert InvalidJobParam("pricePerUnit");
        if (p.deadline <= block.timestamp) revert InvalidJobParam("deadline");
        if (p.claimTtl < 60) revert InvalidJobParam("claimTtl");
        if (p.mode == VerificationMode.Replicated) {
            if (p.replication < 2 || p.replication > MAX_REPLICAS) {
                revert InvalidJobParam("replication");
            }
        } else if (p.replication != 1) {
            revert InvalidJobParam("replication");
        }
        if (p.minTier > 3) revert InvalidJobParam("minTier");
        if (p.minReputation > BPS) revert InvalidJobParam("minReputation");
        if (p.confidenceBps <= BPS / 2 || p.confidenceBps > BPS) {
            revert InvalidJobParam("confidenceBps");
        }
        uint256 budget = _budgetOf(p);

        jobId = ++_jobCount;
        Job storage job = _jobs[jobId];
        job.requester = msg.sender;
        job.unitCount = p.unitCount;
        job.pricePerUnit = p.pricePerUnit;
        job.deadline = p.deadline;
        job.claimTtl = p.claimTtl;
        job.minReputation = p.minReputation;
        job.confidenceBps = p.confidenceBps;
        job.replication = p.replication;
        job.mode = p.mode;
        job.minTier = p.minTier;
        job.status = JobStatus.Open;
        job.integrator = p.integrator;
        job.escrow = uint96(budget);
        job.manifestDigest = p.manifestDigest;
        job.budget = uint96(budget);
        job.createdAt = uint40(block.timestamp);
        emit JobCreated(
            jobId, msg.sender, p.manifestDigest, p.unitCount, p.pricePerUnit, budget, p.mode
        );
        _token.safeTransferFrom(msg.sender, address(this), budget);
    }

    function _openJob(uint256 jobId) internal view returns (Job storage job) {
        job = _jobs[jobId];
        if (job.status == JobStatus.None) revert UnknownJob(jobId);
        if (job.status != JobStatus.Open) revert JobNotOpen(jobId, job.status);
    }

    function _checkEligible(Job storage job, uint256 jobId, address node) internal view {
        if (!_registry.isEligible(node, job.minTier)) revert NodeNotEligible(node, jobId, "tier");
        if (_reputation.scoreOf(node) < job.minReputation) {
            revert NodeNotEligible(node, jobId, "reputation");
        }
    }

    /// @dev Takes units for a new task: re-queued ranges first, then fresh ones.
    function _newTask(Job storage job, uint256 jobId, uint256 maxUnits)
        internal
        returns (uint256 taskIndex, Task storage task)
    {
        uint32 start;
        uint32 count;
        uint24 rq = job.requeuedCount;
        if (rq > 0) {
            Range storage r = _requeued[jobId][rq - 1];
            start = r.start;
            count = r.count;
            if (count > maxUnits) {
                // Take the front, leave the rest queued.
                r.start = start + uint32(maxUnits);
                r.count = count - uint32(maxUnits);
                count = uint32(maxUnits);
            } else {
                delete _requeued[jobId][rq - 1];
                job.requeuedCount = rq - 1;
            }
        } else {
            uint32 next = job.nextUnit;
            uint256 left = job.unitCount - next;
            if (left == 0) revert NoUnitsAvailable(jobId);
            count = uint32(left < maxUnits ? left : maxUnits);
            start = next;
            job.nextUnit = next + count;
        }
        job.unitsInFlight += count;
        taskIndex = job.taskCount;
        job.taskCount = uint24(taskIndex + 1);
        task = _tasks[jobId][taskIndex];
        task.start = start;
        task.count = count;
        task.replicas = job.replication;
        task.status = TaskStatus.Open;
        task.collateral = uint88(uint256(count) * job.pricePerUnit * _security.collateralBps / BPS);
        if (job.replication > 1) _pushReplicaQueue(jobId, taskIndex);
    }

    /// @dev Puts a failed task's units back (or refunds them when the job is cancelled).
    function _requeue(Job storage job, uint256 jobId, uint256 taskIndex, Task storage task)
        internal
    {
        task.status = TaskStatus.Failed;
        job.unitsInFlight -= task.count;
        emit TaskRequeued(jobId, taskIndex, task.start, task.count);
        if (job.status == JobStatus.Open) {
            uint24 rq = job.requeuedCount;
            _requeued[jobId][rq] = Range(task.start, task.count);
            job.requeuedCount = rq + 1;
        } else {
            uint256 refund = uint256(task.count) * job.pricePerUnit * job.replication;
            _refundCancelled(job, jobId, refund);
        }
    }

    /// @dev Refunds `amount` of a cancelled job and closes it when nothing is in flight.
    function _refundCancelled(Job storage job, uint256 jobId, uint256 amount) internal {
        if (job.unitsInFlight == 0) {
            amount = job.escrow;
            job.status = JobStatus.Closed;
            emit JobClosed(jobId, amount);
        }
        job.escrow -= uint96(amount);
        if (amount > 0) _token.safeTransfer(job.requester, amount);
    }

    // =================================================================== internal: claims

    function _ownClaim(uint256 claimId, ClaimStatus expected)
        internal
        view
        returns (Claim storage c)
    {
        c = _claims[claimId];
        if (c.status == ClaimStatus.None) revert UnknownClaim(claimId);
        if (c.node != msg.sender) revert NotClaimOwner(claimId, msg.sender);
        if (c.status != expected) revert WrongClaimStatus(claimId, c.status);
    }

    function _checkNotExpired(uint256 claimId, Claim storage c) internal view {
        uint256 expiresAt = uint256(c.time) + _jobs[c.jobId].claimTtl;
        if (block.timestamp > expiresAt) revert ClaimExpired(claimId, expiresAt);
    }

    function _claimAt(Task storage task, uint256 i) internal view returns (uint256) {
        return i == 0 ? task.firstClaim : task.moreClaims[i - 1];
    }

    function _setClaimAt(Task storage task, uint256 i, uint256 claimId) internal {
        if (i == 0) task.firstClaim = uint32(claimId);
        else task.moreClaims[i - 1] = uint32(claimId);
    }

    function _addClaimToTask(Task storage task, uint256 claimId) internal {
        uint8 n = task.claimed;
        _setClaimAt(task, n, claimId);
        task.claimed = n + 1;
    }

    function _removeClaimFromTask(Task storage task, uint256 claimId) internal {
        uint256 n = task.claimed;
        for (uint256 i = 0; i < n; ++i) {
            if (_claimAt(task, i) == claimId) {
                _setClaimAt(task, i, _claimAt(task, n - 1));
                _setClaimAt(task, n - 1, 0);
                task.claimed = uint8(n - 1);
                return;
            }
        }
    }

    /// @dev Finds a task that wants another replica and that `node` is not already on.
    function _popReplicaSlot(uint256 jobId, address node) internal returns (bool, uint256) {
        Queue storage q = _replicaQueue[jobId];
        uint32 head = q.head;
        uint32 tail = q.tail;
        for (uint256 probe = 0; probe < QUEUE_PROBES && head < tail; ++probe) {
            uint256 taskIndex = _replicaQueueItems[jobId][head];
            Task storage task = _tasks[jobId][taskIndex];
            bool wanted = (task.status == TaskStatus.Open || task.status == TaskStatus.Disputed)
                && task.claimed < task.replicas;
            if (!wanted) {
                ++head;
                continue;
            }
            if (_isOnTask(task, node)) break;
            // Leave the entry queued while the task still wants more replicas after this one.
            if (task.claimed + 1 >= task.replicas) ++head;
            q.head = head;
            return (true, taskIndex);
        }
        q.head = head;
        return (false, 0);
    }

    function _pushReplicaQueue(uint256 jobId, uint256 taskIndex) internal {
        Queue storage q = _replicaQueue[jobId];
        _replicaQueueItems[jobId][q.tail] = uint24(taskIndex);
        q.tail += 1;
    }

    function _isOnTask(Task storage task, address node) internal view returns (bool) {
        uint256 n = task.claimed;
        for (uint256 i = 0; i < n; ++i) {
            if (_claims[_claimAt(task, i)].node == node) return true;
        }
        return task.party == node;
    }

    // =================================================================== internal: verification

    function _selectVerifier(
        Job storage job,
        uint256 taskIndex,
        Task storage task,
        uint256 claimId,
        bytes32 resultRoot
    ) internal {
        // The seed is fixed only after the commit, in the reveal's block.
        uint256 seed = uint256(keccak256(abi.encode(block.prevrandao, claimId, resultRoot)));
        uint256 n = _registry.activeCount();
        address worker = msg.sender;
        address verifier;
        uint256 bond = _security.verifierBond;
        for (uint256 i = 0; i < VERIFIER_PROBES && i < n; ++i) {
            address candidate = _registry.activeNodeAt((seed + i) % n);
            if (candidate == worker) continue;
            if (!_registry.isEligible(candidate, job.minTier)) continue;
            if (_staking.freeStakeOf(candidate) < bond) continue;
            verifier = candidate;
            break;
        }
        task.status = TaskStatus.Verifying;
        task.party = verifier;
        // Without an eligible verifier the result falls back to an optimistic window.
        uint256 window = verifier == address(0) ? _security.challengeWindow : _security.verifyWindow;
        task.windowEnds = uint40(block.timestamp + window);
        emit VerifierSelected(taskIndex, claimId, verifier, task.windowEnds);
    }

    function _verdict(uint256 claimId, bool accept) internal {
        Claim storage c = _claims[claimId];
        if (c.status != ClaimStatus.Revealed) revert WrongClaimStatus(claimId, c.status);
        Task storage task = _tasks[c.jobId][c.taskIndex];
        if (task.status != TaskStatus.Verifying) revert WrongTaskStatus(c.taskIndex, task.status);
        if (task.party != msg.sender || msg.sender == address(0)) {
            revert NotVerifier(claimId, msg.sender);
        }
        if (block.timestamp > task.windowEnds) revert WindowClosed(claimId, task.windowEnds);
        Job storage job = _jobs[c.jobId];
        emit VerdictPosted(c.taskIndex, msg.sender, accept);
        if (accept) {
            _acceptSingle(job, c.jobId, c.taskIndex, task, claimId, c);
        } else {
            uint96 bond = _security.verifierBond;
            task.status = TaskStatus.Rejected;
            task.partyBond = bond;
            task.windowEnds = uint40(block.timestamp + _security.contestWindow);
            _staking.lock(msg.sender, bond);
        }
    }

    function _openDispute(uint256 jobId, uint256 taskIndex, Task storage task, address party)
        internal
    {
        task.status = TaskStatus.Disputed;
        task.replicas = uint8(1 + _security.disputeReplicas);
        task.windowEnds = 0;
        emit TaskDisputed(taskIndex, party, task.replicas);
        _pushReplicaQueue(jobId, taskIndex);
    }

    /// @dev Reputation-weighted vote over a task's revealed roots (≤ MAX_REPLICAS claims).
    function _resolveVote(Job storage job, uint256 jobId, uint256 taskIndex, Task storage task)
        internal
    {
        uint256 n = task.claimed;
        bytes32[MAX_REPLICAS] memory roots;
        uint256[MAX_REPLICAS] memory weights;
        uint256 total;
        for (uint256 i = 0; i < n; ++i) {
            Claim storage c = _claims[_claimAt(task, i)];
            roots[i] = c.sealOrRoot;
            weights[i] = _reputation.scoreOf(c.node) + 1;
            total += weights[i];
        }
        bytes32 winner;
        uint256 best;
        uint256 agreeing;
        for (uint256 i = 0; i < n; ++i) {
            uint256 w;
            uint256 k;
            for (uint256 j = 0; j < n; ++j) {
                if (roots[j] == roots[i]) {
                    w += weights[j];
                    ++k;
                }
            }
            if (w > best) {
                best = w;
                winner = roots[i];
                agreeing = k;
            }
        }
        bool disputed = task.status == TaskStatus.Disputed;
        if (best * BPS >= uint256(job.confidenceBps) * total && agreeing >= 2) {
            _acceptVote(job, jobId, taskIndex, task, winner, agreeing, disputed);
        } else if (task.replicas < MAX_REPLICAS) {
            task.replicas += 1;
            emit ReplicaAdded(taskIndex, task.replicas);
            _pushReplicaQueue(jobId, taskIndex);
        } else {
            _failVote(job, jobId, taskIndex, task);
        }
    }

    function _acceptVote(
        Job storage job,
        uint256 jobId,
        uint256 taskIndex,
        Task storage task,
        bytes32 winner,
        uint256 agreeing,
        bool disputed
    ) internal {
        address party = task.party;
        uint96 partyBond = task.partyBond;
        uint256 firstClaimId = task.firstClaim;
        bool originalRight = _claims[firstClaimId].sealOrRoot == winner;
        _markAccepted(job, jobId, taskIndex, task, winner);
        task.party = address(0);
        task.partyBond = 0;

        _settleVote(
            job, jobId, task, winner, agreeing, disputed && !originalRight ? party : address(0)
        );
        _closeIfCancelledAndIdle(job, jobId);
        if (disputed && party != address(0)) {
            if (originalRight) {
                // The verifier or challenger was wrong: its bond is slashed to the node.
                _staking.unlock(party, partyBond);
                _reputation.record(party, IReputation.Outcome.Slashed);
                _staking.slash(party, partyBond, _claims[firstClaimId].node);
            } else {
                _staking.unlock(party, partyBond);
            }
        }
    }

    /// @dev Pays the claims that agree with `winner` (equal shares of the task's value) and
    /// slashes the rest; `beneficiary` earns the challenger share of the original's slash.
    function _settleVote(
        Job storage job,
        uint256 jobId,
        Task storage task,
        bytes32 winner,
        uint256 agreeing,
        address beneficiary
    ) internal {
        uint256 gross = uint256(task.count) * job.pricePerUnit * job.replication;
        uint256 collateral = task.collateral;
        uint256 n = task.claimed;
        uint256 paidSoFar;
        uint256 paidClaims;
        for (uint256 i = 0; i < n; ++i) {
            uint256 claimId = _claimAt(task, i);
            Claim storage c = _claims[claimId];
            if (c.sealOrRoot == winner) {
                ++paidClaims;
                // The last agreeing claim takes the rounding remainder.
                uint256 share = paidClaims == agreeing ? gross - paidSoFar : gross / agreeing;
                paidSoFar += share;
                _payClaim(job, jobId, claimId, c, share, address(0), collateral);
            } else {
                c.status = ClaimStatus.Rejected;
                _reputation.record(c.node, IReputation.Outcome.Slashed);
                _penalize(
                    claimId,
                    c.node,
                    collateral,
                    _security.rejectSlashBps,
                    i == 0 ? beneficiary : address(0),
                    ClaimStatus.Rejected
                );
            }
        }
    }

    function _failVote(Job storage job, uint256 jobId, uint256 taskIndex, Task storage task)
        internal
    {
        // No result reached confidence even with the most replicas: nobody can be proven
        // wrong, so everyone is released unslashed and the units start over.
        address party = task.party;
        uint96 partyBond = task.partyBond;
        task.party = address(0);
        task.partyBond = 0;
        uint256 n = task.claimed;
        uint256 collateral = task.collateral;
        for (uint256 i = 0; i < n; ++i) {
            Claim storage c = _claims[_claimAt(task, i)];
            c.status = ClaimStatus.Released;
            _staking.unlock(c.node, collateral);
        }
        _requeue(job, jobId, taskIndex, task);
        if (party != address(0)) _staking.unlock(party, partyBond);
    }

    // =================================================================== internal: settlement

    function _acceptSingle(
        Job storage job,
        uint256 jobId,
        uint256 taskIndex,
        Task storage task,
        uint256 claimId,
        Claim storage c
    ) internal {
        address verifier = task.party;
        task.party = address(0);
        _markAccepted(job, jobId, taskIndex, task, c.sealOrRoot);
        uint256 gross = uint256(task.count) * job.pricePerUnit;
        _payClaim(job, jobId, claimId, c, gross, verifier, task.collateral);
        _closeIfCancelledAndIdle(job, jobId);
    }

    function _closeIfCancelledAndIdle(Job storage job, uint256 jobId) internal {
        if (job.status == JobStatus.Cancelled && job.unitsInFlight == 0) {
            _refundCancelled(job, jobId, 0);
        }
    }

    function _markAccepted(
        Job storage job,
        uint256 jobId,
        uint256 taskIndex,
        Task storage task,
        bytes32 root
    ) internal {
        task.status = TaskStatus.Accepted;
        job.unitsAccepted += task.count;
        job.unitsInFlight -= task.count;
        uint32 index = job.tasksAccepted;
        job.tasksAccepted = index + 1;
        emit TaskAccepted(jobId, taskIndex, root, index);
        _frames[jobId].push(index, root);
    }

    /// @dev Pays one accepted claim from the job's escrow and releases its collateral.
    function _payClaim(
        Job storage job,
        uint256 jobId,
        uint256 claimId,
        Claim storage c,
        uint256 gross,
        address verifier,
        uint256 collateral
    ) internal {
        address node = c.node;
        c.status = ClaimStatus.Accepted;
        bool late = c.time > job.deadline;
        // Reputation before this outcome sets the share; recording returns it (one call).
        uint256 score = _reputation.record(
            node, late ? IReputation.Outcome.Late : IReputation.Outcome.Accepted
        );
        FeeMath.Shares memory s = FeeMath.split(
            _fees, gross, score, job.integrator != address(0), verifier != address(0), late
        );
        // Everything but the refund leaves the escrow now; the refund stays in it and goes
        // back to the requester when the job completes or closes.
        job.escrow -= uint96(gross - s.refund);
        _accrued.treasury += uint128(s.treasury);
        _accrued.insurance += uint128(s.insurance);
        _accruedBurn += s.burn;
        emit ClaimPaid(
            jobId,
            claimId,
            node,
            s.node,
            s.treasury,
            s.burn,
            s.insurance,
            s.integrator,
            s.verifier,
            s.refund
        );

        _staking.unlock(node, collateral);
        if (s.node > 0) _token.safeTransfer(node, s.node);
        if (s.integrator > 0) _token.safeTransfer(job.integrator, s.integrator);
        if (s.verifier > 0) _token.safeTransfer(verifier, s.verifier);
    }

    /// @dev Unlocks a claim's collateral and slashes `slashBps` of it.
    function _penalize(
        uint256 claimId,
        address node,
        uint256 collateral,
        uint256 slashBps,
        address beneficiary,
        ClaimStatus outcome
    ) internal {
        uint256 amount = collateral * slashBps / BPS;
        _staking.unlock(node, collateral);
        uint256 slashed = amount > 0 ? _staking.slash(node, amount, beneficiary) : 0;
        emit ClaimSlashed(claimId, node, slashed, outcome);
    }

    // =================================================================== internal: parameters

    function _setFeeSplit(FeeSplit memory f) internal {
        uint256 sum =
            uint256(f.treasuryBps) + f.burnBps + f.insuranceBps + f.integratorBps + f.verifierBps;
        if (sum > BPS || f.maxRepAdjBps > BPS || f.latePenaltyBps > BPS) revert InvalidFeeSplit();
        _fees = f;
        emit FeeSplitSet(f);
    }

    function _setSecurityParams(SecurityParams memory p) internal {
        if (p.collateralBps == 0 || p.collateralBps > 10 * BPS) {
            revert InvalidSecurityParam("collateralBps");
        }
        if (p.timeoutSlashBps > BPS) revert InvalidSecurityParam("timeoutSlashBps");
        if (p.rejectSlashBps > BPS) revert InvalidSecurityParam("rejectSlashBps");
        if (p.verifyWindow < 60 || p.verifyWindow > 30 days) {
            revert InvalidSecurityParam("verifyWindow");
        }
        if (p.challengeWindow < 60 || p.challengeWindow > 30 days) {
            revert InvalidSecurityParam("challengeWindow");
        }
        if (p.contestWindow < 60 || p.contestWindow > 30 days) {
            revert InvalidSecurityParam("contestWindow");
        }
        if (p.disputeReplicas == 0 || p.disputeReplicas >= MAX_REPLICAS) {
            revert InvalidSecurityParam("disputeReplicas");
        }
        _security = p;
        emit SecurityParamsSet(p);
    }

    function _setReceivers(address treasury_, address insurancePool_) internal {
        if (treasury_ == address(0) || insurancePool_ == address(0)) revert ZeroAddress();
        _treasury = treasury_;
        _insurancePool = insurancePool_;
        emit ReceiversSet(treasury_, insurancePool_);
    }
}
