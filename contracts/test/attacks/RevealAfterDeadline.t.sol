// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Attack: RevealAfterDeadline. A node claims units (blocking everyone else from them),
/// commits, then sits on the reveal past the claim's ttl, hoping to reveal whenever it suits
/// it (e.g. after copying someone else's output). Once `claim time + claimTtl` has passed the
/// reveal fails with ClaimExpired, anyone can expire the claim, the node is slashed and the
/// units go back to the queue for another node.
contract RevealAfterDeadlineTest is Base {
    function test_Attack_RevealAfterDeadline() public {
        uint256 jobId = _createJob(_jobParams(4, IJobMarket.VerificationMode.Optimistic));
        address node = nodes[0];
        vm.prank(node);
        uint256 claimId = d.market.claim(jobId, 4);
        uint256 expiresAt = block.timestamp + 2 hours;
        bytes32 root = _resultRoot(jobId, claimId, true);
        bytes32 salt = keccak256("salt");
        bytes32 seal = d.market.computeSeal(root, salt, node);
        vm.prank(node);
        d.market.commit(claimId, seal);

        vm.warp(expiresAt + 1);
        vm.prank(node);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.ClaimExpired.selector, claimId, expiresAt)
        );
        d.market.reveal(claimId, root, salt);

        d.market.expireClaim(claimId);
        assertEq(uint256(d.market.claimOf(claimId).status), uint256(IJobMarket.ClaimStatus.Expired));
        assertLt(d.staking.bondedOf(node), NODE_STAKE, "slashed");
        // The expired claim can never be revealed now.
        vm.prank(node);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, claimId, IJobMarket.ClaimStatus.Expired
            )
        );
        d.market.reveal(claimId, root, salt);
        // Another node takes the units.
        uint256 again = _work(nodes[1], jobId, 4, true);
        IJobMarket.Claim memory c = d.market.claimOf(again);
        assertEq(d.market.taskOf(jobId, c.taskIndex).start, 0);
    }
}
