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
import {JobMarketBase} from "./JobMarketBase.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title JobMarketVerification
/// @notice Reveal, verification, disputes, settlement and expiry of claims. Runs only by
/// DELEGATECALL from JobMarket (which applies the reentrancy guard and holds all state);
/// called directly it refuses.
contract JobMarketVerification is JobMarketBase {
    using SafeERC20 for IERC20;
    using FrameTree for FrameTree.Accumulator;

    address private immutable _self;

    /// @notice This contract was called directly instead of through JobMarket.
    error DirectCallNotAllowed();

    constructor(IERC20 token_, IStaking staking_, INodeRegistry registry_, IReputation reputation_)
        JobMarketBase(token_, staking_, registry_, reputation_, msg.sender)
    {
        _self = address(this);
    }

    modifier onlyDelegated() {
        if (address(this) == _self) revert DirectCallNotAllowed();
        _;
    }

    /// @notice Reveals the result root behind the seal and starts verification.
    function reveal(uint256 claimId, bytes32 resultRoot, bytes32 salt) external onlyDelegated {
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
            _selectVerifier(job, c.jobId, c.taskIndex, task, claimId, resultRoot);
        } else {
            task.status = TaskStatus.Verifying;
            task.windowEnds = uint40(block.timestamp + _security.challengeWindow);
        }
    }

    /// @notice Releases an expired claim (anyone may call): a small slash, the rest of the
    /// collateral unlocked, and the units re-queued or the replica slot reopened.
    function expireClaim(uint256 claimId) external onlyDelegated {
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
    function submitVerdict(uint256 claimId, bool accept) external onlyDelegated {
        _verdict(claimId, accept);
    }

    /// @notice Posts several verdicts in one transaction.
    function submitVerdicts(uint256[] calldata claimIds, bool[] calldata accepts) external {
        if (claimIds.length != accepts.length) revert LengthMismatch();
        for (uint256 i = 0; i < claimIds.length; ++i) {
            _verdict(claimIds[i], accepts[i]);
        }
    }

    /// @notice The node disputes a spot-check rejection; replicas will decide.
    function contest(uint256 claimId) external onlyDelegated {
        Claim storage c = _ownClaim(claimId, ClaimStatus.Revealed);
        Task storage task = _tasks[c.jobId][c.taskIndex];
        if (task.status != TaskStatus.Rejected) revert WrongTaskStatus(c.taskIndex, task.status);
        if (block.timestamp > task.windowEnds) revert WindowClosed(claimId, task.windowEnds);
        _openDispute(c.jobId, c.taskIndex, task, task.party);
    }

    /// @notice A staked node challenges an optimistic result with a bond; replicas will decide.
    function challenge(uint256 claimId) external onlyDelegated {
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
    function settle(uint256 claimId) external onlyDelegated {
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
}
