// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {FeeMath} from "../../src/libraries/FeeMath.sol";
import {JobMarketBase} from "./JobMarket.Base.t.sol";

/// @notice Replicated verification: reputation-weighted votes, minority slashing, extra
/// replicas when confidence is not reached, and the MAX_REPLICAS cap.
contract JobMarketReplicatedTest is JobMarketBase {
    IJobMarket.VerificationMode internal constant REP = IJobMarket.VerificationMode.Replicated;

    function _collateral(uint256 units) internal pure returns (uint256) {
        return units * uint256(PRICE) * 15_000 / 10_000;
    }

    function _repJob(uint8 replication, uint16 confidence) internal returns (uint256) {
        IJobMarket.JobParams memory p = _jobParams(4, REP);
        p.replication = replication;
        p.confidenceBps = confidence;
        p.integrator = integrator;
        return _createJob(p);
    }

    function test_Replicated_AllAgree_EqualShares() public {
        uint256 jobId = _repJob(3, 6000);
        uint256 reqBefore = _bal(requester);
        uint256[] memory ids = new uint256[](3);
        for (uint256 i = 0; i < 3; ++i) {
            ids[i] = _claim(nodes[i], jobId, 4);
        }
        assertEq(d.market.claimOf(ids[1]).taskIndex, d.market.claimOf(ids[0]).taskIndex);
        assertEq(d.market.claimOf(ids[2]).taskIndex, d.market.claimOf(ids[0]).taskIndex);
        assertEq(_job(jobId).taskCount, 1, "one task, three replicas");
        uint256 gross = 4 * uint256(PRICE) * 3;
        FeeMath.Shares memory s = _expectedSplit(jobId, nodes[0], gross / 3, false, false);
        _commitReveal(nodes[0], jobId, ids[0], true);
        _commitReveal(nodes[1], jobId, ids[1], true);
        assertEq(_bal(nodes[0]), 0, "nobody paid before the last reveal");
        _commitReveal(nodes[2], jobId, ids[2], true);
        for (uint256 i = 0; i < 3; ++i) {
            assertEq(_bal(nodes[i]), s.node, "equal share");
            assertEq(_locked(nodes[i]), 0);
            assertEq(_claimStatus(ids[i]), uint256(IJobMarket.ClaimStatus.Accepted));
        }
        assertEq(_bal(integrator), 3 * s.integrator);
        assertEq(_accruedSum(), 3 * (s.treasury + s.insurance + s.burn));
        d.market.finalizeJob(jobId);
        uint256 refund = _bal(requester) - reqBefore;
        assertEq(3 * s.node + _bal(integrator) + _accruedSum() + refund, gross, "conserved");
    }

    function test_Replicated_TwoAgainstOne_MinoritySlashed() public {
        uint256 jobId = _repJob(3, 6000);
        uint256 a = _claim(nodes[0], jobId, 4);
        uint256 b = _claim(nodes[1], jobId, 4);
        uint256 c = _claim(nodes[2], jobId, 4);
        uint256 gross = 4 * uint256(PRICE) * 3;
        FeeMath.Shares memory s = _expectedSplit(jobId, nodes[0], gross / 2, false, false);
        uint256 supply = d.token.totalSupply();
        _commitReveal(nodes[0], jobId, a, true);
        _commitReveal(nodes[1], jobId, b, false);
        _commitReveal(nodes[2], jobId, c, true);
        uint256 slash = _collateral(4);
        assertEq(_bal(nodes[0]), s.node);
        assertEq(_bal(nodes[2]), s.node);
        assertEq(_bal(nodes[1]), 0);
        assertEq(_bonded(nodes[1]), NODE_STAKE - slash, "minority slashed");
        assertEq(_locked(nodes[1]), 0);
        assertEq(_claimStatus(b), uint256(IJobMarket.ClaimStatus.Rejected));
        assertEq(d.token.totalSupply(), supply - slash / 2, "half the slash burned");
        assertEq(_job(jobId).escrow, 0, "whole task value paid to the majority");
        assertEq(_job(jobId).unitsAccepted, 4);
    }

    function test_Replicated_NoConfidence_AddsReplica() public {
        uint256 jobId = _repJob(3, 10_000); // unanimity needed
        uint256 a = _claim(nodes[0], jobId, 4);
        uint256 b = _claim(nodes[1], jobId, 4);
        uint256 c = _claim(nodes[2], jobId, 4);
        _commitReveal(nodes[0], jobId, a, true);
        _commitReveal(nodes[1], jobId, b, false);
        _commitReveal(nodes[2], jobId, c, true);
        IJobMarket.Task memory t = _taskOfClaim(a);
        assertEq(t.replicas, 4, "ReplicaAdded");
        assertEq(uint256(t.status), uint256(IJobMarket.TaskStatus.Open));
        assertEq(_bal(nodes[0]), 0, "nobody paid yet");

        // A fourth node joins the same task rather than fresh units.
        uint256 e = _claim(nodes[3], jobId, 4);
        assertEq(d.market.claimOf(e).taskIndex, d.market.claimOf(a).taskIndex);
        _commitReveal(nodes[3], jobId, e, true);
        // 3 honest vs 1: still below unanimity → a fifth replica.
        assertEq(_taskOfClaim(a).replicas, 5);
    }

    function test_Replicated_AllDifferent_AddsReplica() public {
        uint256 jobId = _repJob(3, 6000);
        uint256[] memory ids = new uint256[](3);
        for (uint256 i = 0; i < 3; ++i) {
            ids[i] = _claim(nodes[i], jobId, 4);
            _commitRevealRoot(nodes[i], ids[i], keccak256(abi.encode("root", i)));
        }
        assertEq(_taskOfClaim(ids[0]).replicas, 4, "a lone root never wins");
    }

    function test_Replicated_MaxReplicas_FailsAndRequeues() public {
        address extra = makeAddr("node6");
        _setupNode(extra, NODE_STAKE, 5000);
        nodes.push(extra);
        uint256 jobId = _repJob(7, 6000);
        uint256 escrow0 = _job(jobId).escrow;
        uint256[] memory ids = new uint256[](7);
        for (uint256 i = 0; i < 7; ++i) {
            ids[i] = _claim(nodes[i], jobId, 4);
        }
        for (uint256 i = 0; i < 7; ++i) {
            _commitRevealRoot(nodes[i], ids[i], keccak256(abi.encode("root", i)));
        }
        assertEq(_taskStatus(ids[0]), uint256(IJobMarket.TaskStatus.Failed));
        for (uint256 i = 0; i < 7; ++i) {
            assertEq(_claimStatus(ids[i]), uint256(IJobMarket.ClaimStatus.Released));
            assertEq(_locked(nodes[i]), 0, "released");
            assertEq(_bonded(nodes[i]), NODE_STAKE, "unslashed");
        }
        assertEq(_job(jobId).escrow, escrow0, "nothing paid");
        assertEq(_job(jobId).requeuedCount, 1, "requeued");
        assertEq(_job(jobId).unitsInFlight, 0);
        uint256 again = _claim(nodes[0], jobId, 4);
        assertEq(_taskOfClaim(again).start, 0);
        assertEq(_taskOfClaim(again).count, 4);
    }

    function test_Replicated_ReputationWeightsTheVote() public {
        // Two low-reputation nodes agree; one high-reputation node disagrees. Weighted share of
        // the pair must still reach confidence, or a replica is added.
        _becomeRecorder();
        for (uint256 i = 0; i < 3; ++i) {
            d.reputation.record(nodes[1], IReputation.Outcome.Slashed);
            d.reputation.record(nodes[2], IReputation.Outcome.Slashed);
        }
        uint256 jobId = _repJob(3, 6000);
        uint256 a = _claim(nodes[0], jobId, 4);
        uint256 b = _claim(nodes[1], jobId, 4);
        uint256 c = _claim(nodes[2], jobId, 4);
        _commitReveal(nodes[0], jobId, a, true);
        _commitReveal(nodes[1], jobId, b, false);
        _commitReveal(nodes[2], jobId, c, false);
        // weights: 5001 vs 2*1081 → pair holds 30 % < 60 % → no decision.
        assertEq(_taskOfClaim(a).replicas, 4);
        assertEq(_bonded(nodes[0]), NODE_STAKE, "nobody slashed without confidence");
    }

    function test_Replicated_ExpiredReplicaReopensSlot() public {
        uint256 jobId = _repJob(3, 6000);
        uint256 a = _claim(nodes[0], jobId, 4);
        uint256 b = _claim(nodes[1], jobId, 4);
        uint256 c = _claim(nodes[2], jobId, 4);
        _commitReveal(nodes[0], jobId, a, true);
        _commitReveal(nodes[1], jobId, b, true);
        skip(2 hours + 1);
        d.market.expireClaim(c);
        assertEq(_taskOfClaim(a).claimed, 2);
        assertEq(_bonded(nodes[2]), NODE_STAKE - _collateral(4) / 10, "timeout slash");
        uint256 e = _claim(nodes[3], jobId, 4);
        assertEq(d.market.claimOf(e).taskIndex, d.market.claimOf(a).taskIndex);
        _commitReveal(nodes[3], jobId, e, true);
        assertEq(_taskStatus(a), uint256(IJobMarket.TaskStatus.Accepted));
    }
}
