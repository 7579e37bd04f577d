// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {ProtocolSetup} from "./Protocol.invariant.t.sol";

/// @notice Directed runs of the invariant handler through the deep paths (rejection and
/// contest, challenge, replica votes, expiry, cancel in flight) that random sequences reach
/// rarely at CI depth; after each, every invariant and the full close-and-exit must hold.
contract HandlerScenariosTest is ProtocolSetup {
    function _status(uint256 jobId) internal view returns (IJobMarket.TaskStatus) {
        return d.market.taskOf(jobId, 0).status;
    }

    function _fillWithHonestReplicas(uint256 jobId) internal {
        for (uint256 seed = 1; seed < 8; ++seed) {
            if (_status(jobId) == IJobMarket.TaskStatus.Accepted) return;
            handler.work(seed, true);
            _checkAll();
        }
    }

    function test_Scenario_SpotCheckRejectedContestedVote() public {
        handler.createJob(0, 1, 10 ether, 0, 0, 2 hours, 1 days, 0);
        handler.work(0, false); // nodes[0] submits a fake result
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Verifying));
        handler.verdict(0, false);
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Rejected));
        handler.contest(0);
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Disputed));
        _fillWithHonestReplicas(1);
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Accepted));
        assertGt(handler.ghostSlashed(nodes[0]), 0, "faker slashed");
        handler.finalizeJob(0, 0);
        _checkAll();
        _closeAndExit();
    }

    function test_Scenario_OptimisticWrongChallengerSlashed() public {
        handler.createJob(0, 1, 10 ether, 2, 0, 2 hours, 1 days, 1);
        handler.work(0, true); // honest result
        handler.challenge(0, 1); // nodes[1] challenges it
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Disputed));
        _fillWithHonestReplicas(1);
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Accepted));
        assertEq(
            handler.ghostSlashed(nodes[1]),
            d.market.securityParams().challengerBond,
            "challenger lost its bond"
        );
        assertEq(handler.ghostSlashed(nodes[0]), 0, "honest node untouched");
        _checkAll();
        _closeAndExit();
    }

    function test_Scenario_ReplicatedVoteSlashesDissenter() public {
        handler.createJob(0, 1, 10 ether, 1, 3, 2 hours, 1 days, 0);
        handler.work(0, true);
        handler.work(1, false);
        handler.work(2, true);
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Accepted));
        assertGt(handler.ghostSlashed(nodes[1]), 0, "dissenter slashed");
        handler.finalizeJob(0, 0);
        assertEq(uint256(d.market.jobOf(1).status), uint256(IJobMarket.JobStatus.Completed));
        _checkAll();
        _closeAndExit();
    }

    function test_Scenario_UncontestedRejectionExpiryAndCancelInFlight() public {
        handler.createJob(0, 3, 7 ether, 0, 0, 1 hours, 1 hours, 0);
        handler.work(0, false);
        handler.verdict(0, false);
        handler.warp(90 minutes);
        handler.settle(0, 0); // rejection stands: slashed, units re-queued
        assertEq(uint256(_status(1)), uint256(IJobMarket.TaskStatus.Failed));
        handler.claim(3, 0, 2); // takes the re-queued unit
        handler.claim(4, 0, 8); // takes the rest
        handler.work(3, true); // late reveal: part of the node share refunded
        handler.warp(90 minutes);
        handler.warp(90 minutes);
        handler.expireClaim(0, 0);
        handler.cancelJob(0);
        _checkAll();
        _closeAndExit();
    }
}
