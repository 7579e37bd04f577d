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
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title JobMarketBase
/// @notice Storage and internal logic of the job market, shared by JobMarket and its
/// delegate JobMarketVerification (split so each stays under the 24 KiB code-size limit).
/// Both contracts have this exact layout; only JobMarket holds state.
abstract contract JobMarketBase is IJobMarket, Governed, ReentrancyGuard {
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
    uint256 internal constant QUEUE_PROBES = 8;

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

    IERC20 internal immutable _token;
    IStaking internal immutable _staking;
    INodeRegistry internal immutable _registry;
    IReputation internal immutable _reputation;

    IRenderCertificate internal _certificate;
    address internal _treasury;
    address internal _insurancePool;
    FeeSplit internal _fees;
    SecurityParams internal _security;

    uint256 internal _jobCount;
    uint256 internal _claimCount;
    Accrued internal _accrued;
    uint256 internal _accruedBurn;

    mapping(uint256 jobId => Job) internal _jobs;
    mapping(uint256 jobId => mapping(uint256 taskIndex => Task)) internal _tasks;
    mapping(uint256 claimId => Claim) internal _claims;
    mapping(uint256 jobId => mapping(uint256 => Range)) internal _requeued;
    mapping(uint256 jobId => Queue) internal _replicaQueue;
    mapping(uint256 jobId => mapping(uint256 => uint24)) internal _replicaQueueItems;
    mapping(uint256 jobId => mapping(uint256 taskIndex => bool)) internal _queued;
    mapping(uint256 jobId => FrameTree.Accumulator) internal _frames;
    /// @dev Emissions (or any IWorkRecorder) told about accepted work; zero = off.
    IWorkRecorder internal _workRecorder;

    constructor(
        IERC20 token_,
        IStaking staking_,
        INodeRegistry registry_,
        IReputation reputation_,
        address governance_
    ) Governed(governance_) {
        if (
            address(token_) == address(0) || address(staking_) == address(0)
                || address(registry_) == address(0) || address(reputation_) == address(0)
        ) revert ZeroAddress();
        _token = token_;
        _staking = staking_;
        _registry = registry_;
        _reputation = reputation_;
    }

    /// @notice The seal a node commits: binds the result to the node, so a copied seal is useless.
    function computeSeal(bytes32 resultRoot, bytes32 salt, address node)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(resultRoot, salt, node));
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
        uint32 start = q.head;
        uint32 tail = q.tail;
        uint32 newHead = start;
        for (uint32 pos = start; pos < tail && pos - start < QUEUE_PROBES; ++pos) {
            uint256 taskIndex = _replicaQueueItems[jobId][pos];
            Task storage task = _tasks[jobId][taskIndex];
            if (!_wantsReplica(task)) {
                // Stale entries at the front are popped for good.
                if (pos == newHead) newHead = _dequeue(jobId, pos, taskIndex);
                continue;
            }
            // A task this node already works on stays queued for other nodes.
            if (_isOnTask(task, node)) continue;
            // Pop the entry once this claim fills the task's last slot (front entries only;
            // a filled entry further back becomes stale and is popped when it reaches the front).
            if (pos == newHead && task.claimed + 1 >= task.replicas) {
                newHead = _dequeue(jobId, pos, taskIndex);
            }
            if (newHead != start) q.head = newHead;
            return (true, taskIndex);
        }
        if (newHead != start) q.head = newHead;
        return (false, 0);
    }

    /// @dev Pops stale entries from the front of a job's replica queue, at most `maxSteps`.
    function _pruneReplicaQueue(uint256 jobId, uint256 maxSteps) internal returns (uint256 popped) {
        Queue storage q = _replicaQueue[jobId];
        uint32 head = q.head;
        uint32 tail = q.tail;
        while (head < tail && popped < maxSteps) {
            uint256 taskIndex = _replicaQueueItems[jobId][head];
            if (_wantsReplica(_tasks[jobId][taskIndex])) break;
            head = _dequeue(jobId, head, taskIndex);
            ++popped;
        }
        q.head = head;
    }

    function _wantsReplica(Task storage task) internal view returns (bool) {
        return (task.status == TaskStatus.Open || task.status == TaskStatus.Disputed)
            && task.claimed < task.replicas;
    }

    /// @dev Marks the entry at `pos` as gone and returns the next head.
    function _dequeue(uint256 jobId, uint32 pos, uint256 taskIndex) internal returns (uint32) {
        delete _queued[jobId][taskIndex];
        delete _replicaQueueItems[jobId][pos];
        return pos + 1;
    }

    /// @dev Queues a task that wants replicas; a task is in the queue at most once.
    function _pushReplicaQueue(uint256 jobId, uint256 taskIndex) internal {
        if (_queued[jobId][taskIndex]) return;
        _queued[jobId][taskIndex] = true;
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
        uint256 jobId,
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
        emit VerifierSelected(jobId, claimId, verifier, taskIndex, task.windowEnds);
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
        emit VerdictPosted(c.jobId, claimId, msg.sender, accept);
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
        emit TaskDisputed(jobId, taskIndex, party, task.replicas);
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
            emit ReplicaAdded(jobId, taskIndex, task.replicas);
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
        _frames[jobId].push(index, FrameTree.rangeLeaf(task.start, task.count, root));
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
        _reportWork(node, gross);
        if (s.node > 0) _token.safeTransfer(node, s.node);
        if (s.integrator > 0) _token.safeTransfer(job.integrator, s.integrator);
        if (s.verifier > 0) _token.safeTransfer(verifier, s.verifier);
    }

    /// @dev Tells the emission schedule about accepted work, measured by what the market paid
    /// for it (a market-set proxy for benchmark-normalised GPU time, which the chain cannot
    /// observe). A failing recorder never blocks a payout: the failure is only logged.
    function _reportWork(address node, uint256 gross) internal {
        IWorkRecorder recorder = _workRecorder;
        if (address(recorder) == address(0)) return;
        try recorder.recordWork(node, gross) {}
        catch {
            emit WorkReportFailed(node, gross);
        }
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

