// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Attack: UnbondThenSlash. A node claims work, submits a bad result and immediately
/// requests to unbond all of its stake, hoping to be out before the fault is proven. Two
/// guards: locked collateral cannot be unbonded at all, and the slash for the bad result still
/// reaches the stake (bonded first, then unbonding) while the unbonding period runs.
contract UnbondThenSlashTest is Base {
    function test_Attack_UnbondThenSlash() public {
        uint256 jobId = _createJob(_jobParams(4, IJobMarket.VerificationMode.Optimistic));
        address cheat = nodes[0];
        uint256 claimId = _work(cheat, jobId, 4, false);
        uint256 collateral = 4 * uint256(PRICE) * 15_000 / 10_000;
        uint256 free = NODE_STAKE - collateral;

        // Locked collateral cannot be unbonded.
        vm.prank(cheat);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.InsufficientFreeStake.selector, cheat, free, NODE_STAKE)
        );
        d.staking.requestUnbond(NODE_STAKE);
        // Everything free goes into unbonding.
        vm.prank(cheat);
        d.staking.requestUnbond(free);
        vm.prank(cheat);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.InsufficientFreeStake.selector, cheat, 0, 1)
        );
        d.staking.requestUnbond(1);

        // An honest node challenges; two replicas prove the result wrong.
        vm.prank(nodes[1]);
        d.market.challenge(claimId);
        for (uint256 i = 2; i < 4; ++i) {
            vm.prank(nodes[i]);
            uint256 r = d.market.claim(jobId, 4);
            _commitReveal(nodes[i], jobId, r, true);
        }
        IStaking.StakeAccount memory a = d.staking.accountOf(cheat);
        assertEq(a.bonded, 0, "slash reached the collateral");
        assertEq(a.locked, 0);
        assertEq(a.unbonding, free, "unbonding untouched: slash fully covered by bonded");
        assertEq(d.token.balanceOf(nodes[1]), collateral * 3000 / 10_000, "challenger paid");

        // And the slash keeps reaching stake while unbonding: a second fault (set up by
        // governance raising the reject slash beyond collateral is impossible, so use the
        // staking operator directly, as the market would for a larger penalty).
        vm.prank(address(d.market));
        uint256 slashed = d.staking.slash(cheat, 1000 ether, address(0));
        assertEq(slashed, 1000 ether);
        assertEq(d.staking.accountOf(cheat).unbonding, free - 1000 ether, "unbonding slashable");

        // Cannot leave early; after the period only what is left comes out.
        vm.prank(cheat);
        vm.expectRevert();
        d.staking.withdraw();
        skip(7 days);
        vm.prank(cheat);
        assertEq(d.staking.withdraw(), free - 1000 ether);
    }
}
