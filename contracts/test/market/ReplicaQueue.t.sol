// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Liveness of the replica queue: a node skips tasks it already works on, a task is
/// queued at most once, and stale entries can be pruned by anyone.
contract ReplicaQueueTest is Base {
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        // Two units, three replicas each, claimed one unit at a time.
        jobId = _createJob(_jobParams(2, IJobMarket.VerificationMode.Replicated));
    }

    function _claim(address node) internal returns (uint256 id) {
        vm.prank(node);
        id = d.market.claim(jobId, 1);
    }

    function _queueLength() internal view returns (uint256) {
        (uint256 head, uint256 tail,) = d.market.replicaQueue(jobId);
        return tail - head;
    }

    /// Regression: a node standing on the task at the head of the queue used to stop the
    /// search there, so with no fresh units left its claim reverted although another task
    /// wanted a replica.
    function test_Claim_SkipsQueuedTaskTheNodeIsOn_ThenPrunesStaleEntry() public {
        uint256 a0 = _claim(nodes[0]); // task 0, unit 0
        uint256 a1 = _claim(nodes[1]);
        uint256 a2 = _claim(nodes[2]); // task 0 full
        uint256 b0 = _claim(nodes[3]); // task 1, unit 1 (last fresh unit)
        assertEq(_queueLength(), 1, "task 1 queued once");

        // Keep everything but a0 alive by revealing, then let a0 expire: task 0 reopens.
        _commitReveal(nodes[1], jobId, a1, true);
        _commitReveal(nodes[2], jobId, a2, true);
        _commitReveal(nodes[3], jobId, b0, true);
        skip(2 hours + 1);
        d.market.expireClaim(a0);
        assertEq(_queueLength(), 2, "queue: [task 1, task 0]");

        // nodes[3] is on task 1 (the head) yet still gets task 0's free slot.
        uint256 c = _claim(nodes[3]);
        assertEq(d.market.claimOf(c).taskIndex, 0, "joined task 0 behind the head");
        // Task 0 is full again but its entry sits behind task 1: it is stale now.

        // Fill task 1 from the front; its entry pops and the stale task-0 entry is at the front.
        _claim(nodes[4]);
        _claim(nodes[5]);
        (uint256 head, uint256 tail, uint256 headTask) = d.market.replicaQueue(jobId);
        assertEq(tail - head, 1);
        assertEq(headTask, 0, "stale task 0 at the front");

        vm.expectEmit(address(d.market));
        emit IJobMarket.ReplicaQueuePruned(jobId, 1);
        d.market.pruneReplicaQueue(jobId, 10);
        assertEq(_queueLength(), 0, "pruned");
    }

    function test_Push_QueuesATaskAtMostOnce() public {
        uint256 a0 = _claim(nodes[0]);
        uint256 a1 = _claim(nodes[1]);
        _claim(nodes[2]); // task 0 full and popped
        assertEq(_queueLength(), 0);
        skip(2 hours + 1);
        d.market.expireClaim(a0);
        d.market.expireClaim(a1);
        assertEq(_queueLength(), 1, "two reopened slots, one entry");
        // Both slots are taken again through the one entry.
        _claim(nodes[3]);
        _claim(nodes[4]);
        assertEq(d.market.taskOf(jobId, 0).claimed, 3);
        assertEq(_queueLength(), 0);
    }

    function test_Prune_StopsAtAWantedTask() public {
        _claim(nodes[0]); // task 0 wants two more replicas
        assertEq(_queueLength(), 1);
        d.market.pruneReplicaQueue(jobId, 10);
        assertEq(_queueLength(), 1, "a wanted task is never pruned");
    }
}
