// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Attack: CopiedCommit. On a replicated job, lazy node B watches the mempool, copies
/// honest node A's seal into its own claim, waits for A's reveal and replays A's root and salt
/// to be paid for A's work (and to outvote a third replica). The seal is
/// keccak(root, salt, node), so A's seal does not open under B's address: B's reveal fails with
/// SealMismatch and B can only let its claim expire (and be slashed).
contract CopiedCommitTest is Base {
    function test_Attack_CopiedCommit() public {
        uint256 jobId = _createJob(_jobParams(4, IJobMarket.VerificationMode.Replicated));
        address a = nodes[0];
        address b = nodes[1];
        vm.prank(a);
        uint256 claimA = d.market.claim(jobId, 4);
        vm.prank(b);
        uint256 claimB = d.market.claim(jobId, 4);

        bytes32 root = _resultRoot(jobId, claimA, true);
        bytes32 salt = keccak256("a's secret salt");
        bytes32 sealA = d.market.computeSeal(root, salt, a);
        vm.prank(a);
        d.market.commit(claimA, sealA);

        // B copies A's seal verbatim; the commit itself is accepted (it is just bytes) ...
        vm.prank(b);
        d.market.commit(claimB, sealA);
        vm.prank(a);
        d.market.reveal(claimA, root, salt);

        // ... but replaying A's opening under B's address does not match.
        vm.prank(b);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.SealMismatch.selector, claimB));
        d.market.reveal(claimB, root, salt);
        assertEq(
            uint256(d.market.claimOf(claimB).status), uint256(IJobMarket.ClaimStatus.Committed)
        );

        // B never gets paid and its claim times out with a slash.
        skip(2 hours + 1);
        d.market.expireClaim(claimB);
        assertEq(d.token.balanceOf(b), 0, "copier earned nothing");
        assertLt(d.staking.bondedOf(b), NODE_STAKE, "copier slashed");
    }
}
