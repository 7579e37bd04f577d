// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissions} from "../../src/interfaces/IEmissions.sol";
import {Emissions} from "../../src/token/Emissions.sol";
import {Base} from "../utils/Base.t.sol";
import {EmissionsHandler} from "./handlers/EmissionsHandler.sol";

/// @notice Supply-policy invariants over random sequences of epochs, work, claims, stake
/// changes, burns and policy switches: supply = genesis + Σ minted − Σ burned; an epoch never
/// mints more than its policy allows; rewards claimed never exceed rewards allotted; the
/// policy changes only through the timelock.
contract EmissionsInvariantTest is Base {
    EmissionsHandler internal handler;
    Emissions internal em;
    uint256 internal genesis;

    function setUp() public override {
        super.setUp();
        em = d.emissions;
        genesis = d.token.totalSupply();
        address tl = address(d.timelock);

        // Every policy is configured; the handler's timelock switches between them.
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](3);
        s[0] = IEmissions.ScheduleEntry(0, 4, 1000 ether);
        s[1] = IEmissions.ScheduleEntry(4, 8, 500 ether);
        s[2] = IEmissions.ScheduleEntry(8, 0, 250 ether);
        vm.startPrank(tl);
        em.setSchedule(s);
        em.setDecayParams(IEmissions.DecayParams(100_000 ether, 50_000_000, 10 ether));
        em.setBondingRateParams(IEmissions.BondingRateParams(1000, 100, 5000, 500, 1500));
        em.setNetEmissionCap(200 ether);
        em.setRewardSplit(IEmissions.RewardSplit(6000, 3000, 1000));
        em.setEpochLength(6 hours);
        vm.stopPrank();

        // A whale can push the staked share across the bonding-rate target.
        d.token.transfer(nodes[0], 600_000_000 ether);
        for (uint256 i = 1; i < nodes.length; ++i) {
            d.token.transfer(nodes[i], 1_000_000 ether);
        }
        handler = new EmissionsHandler(d, nodes);
        vm.prank(tl);
        em.setWorkReporter(address(handler), true);

        targetContract(address(handler));
        bytes4[] memory sel = new bytes4[](16);
        sel[0] = EmissionsHandler.warp.selector;
        sel[1] = EmissionsHandler.warp.selector;
        sel[2] = EmissionsHandler.advance.selector;
        sel[3] = EmissionsHandler.advance.selector;
        sel[4] = EmissionsHandler.recordWork.selector;
        sel[5] = EmissionsHandler.recordWork.selector;
        sel[6] = EmissionsHandler.claimNode.selector;
        sel[7] = EmissionsHandler.checkpoint.selector;
        sel[8] = EmissionsHandler.claimStaker.selector;
        sel[9] = EmissionsHandler.stake.selector;
        sel[10] = EmissionsHandler.requestUnbond.selector;
        sel[11] = EmissionsHandler.burn.selector;
        sel[12] = EmissionsHandler.governanceSetPolicy.selector;
        sel[13] = EmissionsHandler.governanceSetSplit.selector;
        sel[14] = EmissionsHandler.attackSetter.selector;
        sel[15] = EmissionsHandler.claimNode.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: sel}));
    }

    function invariant_SupplyEqualsGenesisPlusMintedMinusBurned() public view {
        assertEq(
            d.token.totalSupply(),
            genesis + handler.ghostMinted() - handler.ghostBurned(),
            "supply = genesis + minted - burned"
        );
        assertEq(em.totalMinted(), handler.ghostMinted(), "minted as counted by Emissions");
    }

    function invariant_EpochNeverMintsMoreThanPolicyAllows() public view {
        assertFalse(handler.ghostOverMinted(), "an epoch minted above its policy allowance");
        assertFalse(handler.ghostRecordMismatch(), "an epoch minted other than recorded");
    }

    function invariant_RewardsClaimedNeverExceedAllotted() public view {
        assertEq(em.totalClaimed(), handler.ghostClaimed(), "claims as counted by Emissions");
        assertLe(em.totalClaimed(), em.totalAllotted(), "claimed <= allotted");
        assertGe(
            d.token.balanceOf(address(em)),
            em.totalAllotted() - em.totalClaimed(),
            "unclaimed rewards are held"
        );
    }

    function invariant_PolicySwitchesOnlyThroughTimelock() public view {
        assertEq(handler.ghostUnauthorizedSetterSuccess(), 0, "a non-timelock setter succeeded");
        assertEq(uint256(em.policy()), uint256(handler.ghostPolicy()), "policy as the timelock set");
        assertEq(em.governance(), address(d.timelock));
    }

    /// @notice Everyone claims everything they are owed; the contract can pay all of it.
    function afterInvariant() public {
        (uint256 open,) = em.currentEpoch();
        uint256 n = handler.actorCount();
        for (uint256 e = 0; e < open; ++e) {
            for (uint256 i = 0; i < n; ++i) {
                address a = handler.actors(i);
                if (em.pendingNodeRewards(a, e) == 0) continue;
                vm.prank(a);
                em.claimNodeRewards(e);
            }
        }
        for (uint256 i = 0; i < n; ++i) {
            address a = handler.actors(i);
            if (em.pendingStakerRewards(a) == 0) continue;
            vm.prank(a);
            em.claimStakerRewards();
        }
        assertLe(em.totalClaimed(), em.totalAllotted(), "claimed <= allotted after exit");
        assertEq(
            d.token.balanceOf(address(em)),
            em.totalAllotted() - em.totalClaimed(),
            "only rounding dust and forfeited accruals remain"
        );
    }
}
