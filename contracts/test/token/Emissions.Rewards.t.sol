// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissions} from "../../src/interfaces/IEmissions.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {EmissionsBase} from "./Emissions.t.sol";

/// @notice Distribution of an epoch: nodes pro rata to reputation-weighted work, stakers by
/// reward per stake, treasury; pull-based claims that never pay more than was allotted.
contract EmissionsRewardsTest is EmissionsBase {
    address internal reporter;

    function setUp() public override {
        super.setUp();
        reporter = makeAddr("reporter");
        _reporter(reporter);
        _split(6000, 3000, 1000);
        _flat(1000 ether);
        _policy(IEmissions.PolicyKind.Schedule);
    }

    function _work(address node, uint256 units) internal {
        vm.prank(reporter);
        em.recordWork(node, units);
    }

    // ------------------------------------------------------------------ nodes

    function test_NodeRewards_ProRataToWork() public {
        _work(nodes[0], 100);
        _work(nodes[1], 300);
        _advance();
        // Node pool 600, work 100 : 300 at equal scores (5000 → weight units / 2).
        IEmissions.EpochRecord memory r = em.epochRecord(0);
        assertEq(r.nodePool, 600 ether);
        assertEq(r.totalWork, 200);
        vm.prank(nodes[0]);
        assertEq(em.claimNodeRewards(0), 150 ether);
        vm.prank(nodes[1]);
        assertEq(em.claimNodeRewards(0), 450 ether);
        assertEq(d.token.balanceOf(nodes[1]), 450 ether);
        assertEq(em.totalClaimed(), 600 ether);
    }

    function test_NodeRewards_WeightedByReputation() public {
        vm.startPrank(timelock);
        d.reputation.setRecorder(address(this), true);
        vm.stopPrank();
        d.reputation.record(nodes[1], IReputation.Outcome.Rejected);
        uint256 s0 = d.reputation.scoreOf(nodes[0]);
        uint256 s1 = d.reputation.scoreOf(nodes[1]);
        assertLt(s1, s0);
        _work(nodes[0], 1000);
        _work(nodes[1], 1000);
        assertEq(em.workOf(nodes[0], 0), 1000 * s0 / 10_000);
        assertEq(em.workOf(nodes[1], 0), 1000 * s1 / 10_000);
        _advance();
        uint256 w0 = 1000 * s0 / 10_000;
        uint256 w1 = 1000 * s1 / 10_000;
        assertEq(em.pendingNodeRewards(nodes[0], 0), 600 ether * w0 / (w0 + w1));
        assertEq(em.pendingNodeRewards(nodes[1], 0), 600 ether * w1 / (w0 + w1));
    }

    function test_NodeRewards_WeightExponentZeroIgnoresReputation() public {
        vm.prank(timelock);
        em.setWeightExponent(0);
        _work(nodes[0], 1000);
        assertEq(em.workOf(nodes[0], 0), 1000);
    }

    function test_NoWork_NodePoolNotMinted() public {
        uint256 minted = _advance();
        assertEq(minted, 400 ether); // treasury 100; stakers 300 → treasury too (none recorded)
        IEmissions.EpochRecord memory r = em.epochRecord(0);
        assertEq(r.allowed, 1000 ether);
        assertEq(r.nodePool, 0);
        assertEq(r.treasuryAmount, 400 ether);
        assertEq(r.minted, 400 ether);
        assertEq(d.token.balanceOf(timelock), 400 ether);
    }

    function test_RevertWhen_NodeClaimsTwice() public {
        _work(nodes[0], 10);
        _advance();
        vm.startPrank(nodes[0]);
        em.claimNodeRewards(0);
        vm.expectRevert(
            abi.encodeWithSelector(IEmissions.NodeRewardsAlreadyClaimed.selector, nodes[0], 0)
        );
        em.claimNodeRewards(0);
        vm.stopPrank();
    }

    function test_RevertWhen_ClaimOpenEpoch() public {
        _work(nodes[0], 10);
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.EpochNotClosed.selector, 0, 0));
        em.claimNodeRewards(0);
    }

    function test_RevertWhen_ClaimWithoutWork() public {
        _work(nodes[0], 10);
        _advance();
        vm.prank(nodes[1]);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.NothingToClaim.selector, nodes[1], 0));
        em.claimNodeRewards(0);
    }

    function test_RevertWhen_WorkReporterUnauthorized() public {
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.NotWorkReporter.selector, nodes[0]));
        em.recordWork(nodes[0], 1);
    }

    function test_RevertWhen_WorkZero() public {
        vm.prank(reporter);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.InvalidWork.selector, nodes[0], 0));
        em.recordWork(nodes[0], 0);
    }

    // ------------------------------------------------------------------ stakers

    function test_StakerRewards_ProRataToStake() public {
        em.checkpointStake(nodes[0]); // 50k
        em.checkpointStake(nodes[1]); // 50k
        assertEq(em.totalRecordedStake(), 100_000 ether);
        _advance();
        assertEq(em.epochRecord(0).stakerPool, 300 ether);
        assertEq(em.pendingStakerRewards(nodes[0]), 150 ether);
        vm.prank(nodes[0]);
        assertEq(em.claimStakerRewards(), 150 ether);
        vm.prank(nodes[1]);
        assertEq(em.claimStakerRewards(), 150 ether);
        assertEq(em.pendingStakerRewards(nodes[0]), 0);
    }

    function test_StakerRewards_UnbondWithoutCheckpointEarnsOnRemainingStake() public {
        em.checkpointStake(nodes[0]);
        em.checkpointStake(nodes[1]);
        vm.prank(nodes[1]);
        d.staking.requestUnbond(40_000 ether);
        _advance();
        // nodes[1] was recorded at 50k, but only 10k is still bonded: it earns on 10k.
        assertEq(em.pendingStakerRewards(nodes[1]), 30 ether);
        vm.prank(nodes[1]);
        em.claimStakerRewards();
        assertEq(em.totalRecordedStake(), 60_000 ether);
        _advance();
        // Second epoch: 300 split 50k : 10k.
        assertEq(em.pendingStakerRewards(nodes[1]), 50 ether);
        assertEq(em.pendingStakerRewards(nodes[0]), 150 ether + 250 ether);
    }

    function test_RevertWhen_StakerClaimsNothing() public {
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IEmissions.NothingToClaim.selector, nodes[0], type(uint256).max)
        );
        em.claimStakerRewards();
    }

    function test_Split_TreasuryGetsItsShare() public {
        _work(nodes[0], 10);
        em.checkpointStake(nodes[0]);
        uint256 minted = _advance();
        assertEq(minted, 1000 ether);
        assertEq(d.token.balanceOf(timelock), 100 ether);
        assertEq(d.token.balanceOf(address(em)), 900 ether);
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_NodeClaims_NeverExceedPool(uint256 a, uint256 b, uint256 c, uint256 e)
        public
    {
        a = bound(a, 1, 1e30);
        b = bound(b, 1, 1e30);
        c = bound(c, 1, 1e30);
        e = bound(e, 1, 1e30);
        _flat(e);
        _work(nodes[0], a);
        _work(nodes[1], b);
        _work(nodes[2], c);
        _advance();
        uint256 paid;
        for (uint256 i = 0; i < 3; ++i) {
            uint256 owed = em.pendingNodeRewards(nodes[i], 0);
            if (owed == 0) continue;
            vm.prank(nodes[i]);
            paid += em.claimNodeRewards(0);
        }
        assertLe(paid, em.epochRecord(0).nodePool);
        assertLe(em.epochRecord(0).nodePool - paid, 3, "dust below one wei per claimant");
    }

    function testFuzz_Schedule_EmissionMatchesTable(uint256 amount, uint8 epochs) public {
        amount = bound(amount, 0, 1e30);
        uint256 n = bound(epochs, 1, 30);
        _split(0, 0, 10_000);
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](1);
        s[0] =
            IEmissions.ScheduleEntry({fromEpoch: 2, toEpoch: 7, emissionPerEpoch: uint128(amount)});
        vm.prank(timelock);
        em.setSchedule(s);
        for (uint256 i = 0; i < n; ++i) {
            uint256 expected = i >= 2 && i < 7 ? amount : 0;
            assertEq(_advance(), expected);
        }
        uint256 active = n <= 2 ? 0 : (n >= 7 ? 5 : n - 2);
        assertEq(d.token.totalSupply(), genesis + active * amount);
    }

    function testFuzz_Decay_NeverAboveAllowanceAndTotal(uint256 total, uint256 ratePpb, uint8 k)
        public
    {
        total = bound(total, 0, 1e30);
        ratePpb = bound(ratePpb, 0, 1e9);
        uint256 n = bound(k, 1, 25);
        _split(0, 0, 10_000);
        vm.prank(timelock);
        em.setDecayParams(IEmissions.DecayParams(total, ratePpb, 0));
        _policy(IEmissions.PolicyKind.Decay);
        for (uint256 i = 0; i < n; ++i) {
            uint256 before = em.totalMinted();
            uint256 expected = (total - before) * ratePpb / 1e9;
            assertEq(_advance(), expected);
        }
        assertLe(em.totalMinted(), total);
    }

    function testFuzz_BondingRate_StepDirection(uint256 shareBps, uint256 initial) public {
        shareBps = bound(shareBps, 1, 9000);
        initial = bound(initial, 500, 1500);
        _split(0, 0, 10_000);
        vm.prank(timelock);
        em.setBondingRateParams(IEmissions.BondingRateParams(initial, 100, 5000, 500, 1500));
        _policy(IEmissions.PolicyKind.BondingRate);
        _advance();
        uint256 target = d.token.totalSupply() * shareBps / 10_000;
        uint256 have = d.staking.totalStaked();
        if (target > have) {
            d.token.approve(address(d.staking), target - have);
            d.staking.stake(target - have);
        }
        uint256 share = d.staking.totalStaked() * 10_000 / d.token.totalSupply();
        _advance();
        uint256 next = em.inflationPpb();
        if (share < 5000) assertEq(next, initial + 100 > 1500 ? 1500 : initial + 100);
        else if (share > 5000) assertEq(next, initial < 600 ? 500 : initial - 100);
        else assertEq(next, initial);
    }
}
