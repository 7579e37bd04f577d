// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissions} from "../../src/interfaces/IEmissions.sol";
import {IGoverned} from "../../src/interfaces/IGoverned.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {Emissions} from "../../src/token/Emissions.sol";
import {EmissionsPriceFeed} from "../../src/token/EmissionsPriceFeed.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Shared helpers: governance acts as the timelock (the full vote is exercised in
/// Emissions.Governance.t.sol), epochs are advanced by warping one epoch length.
abstract contract EmissionsBase is Base {
    Emissions internal em;
    address internal timelock;
    uint256 internal genesis;

    function setUp() public virtual override {
        super.setUp();
        em = d.emissions;
        timelock = address(d.timelock);
        genesis = d.token.totalSupply();
    }

    function _split(uint256 nodesBps, uint256 stakersBps, uint256 treasuryBps) internal {
        vm.prank(timelock);
        em.setRewardSplit(
            IEmissions.RewardSplit({
                nodesBps: uint16(nodesBps),
                stakersBps: uint16(stakersBps),
                treasuryBps: uint16(treasuryBps)
            })
        );
    }

    function _policy(IEmissions.PolicyKind kind) internal {
        vm.prank(timelock);
        em.setPolicy(kind);
    }

    function _schedule2(uint256 a, uint64 aTo, uint256 b, uint64 bTo) internal {
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](2);
        s[0] = IEmissions.ScheduleEntry({fromEpoch: 0, toEpoch: aTo, emissionPerEpoch: uint128(a)});
        s[1] =
            IEmissions.ScheduleEntry({fromEpoch: aTo, toEpoch: bTo, emissionPerEpoch: uint128(b)});
        vm.prank(timelock);
        em.setSchedule(s);
    }

    function _flat(uint256 perEpoch) internal {
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](1);
        s[0] = IEmissions.ScheduleEntry({
            fromEpoch: 0, toEpoch: 0, emissionPerEpoch: uint128(perEpoch)
        });
        vm.prank(timelock);
        em.setSchedule(s);
    }

    function _advance() internal returns (uint256 minted) {
        (, uint256 startedAt) = em.currentEpoch();
        uint256 endsAt = startedAt + em.epochLength();
        if (block.timestamp < endsAt) vm.warp(endsAt);
        minted = em.advanceEpoch();
    }

    function _reporter(address r) internal {
        vm.prank(timelock);
        em.setWorkReporter(r, true);
    }
}

/// @notice Each policy against hand-computed values; epochs, splits and claims.
contract EmissionsTest is EmissionsBase {
    // ------------------------------------------------------------------ deployment

    function test_Deployment_WiredToTimelockWithMinterRole() public view {
        assertEq(em.governance(), timelock);
        assertTrue(d.token.hasRole(d.token.MINTER_ROLE(), address(em)));
        assertEq(uint256(em.policy()), uint256(IEmissions.PolicyKind.Fixed));
        assertEq(em.epochLength(), 1 days);
        assertEq(d.priceFeed.governance(), timelock);
        assertEq(address(em.priceFeed()), address(d.priceFeed));
        assertEq(em.netEmissionCap(), type(uint256).max);
    }

    // ------------------------------------------------------------------ epochs

    function test_Fixed_MintsNothing() public {
        for (uint256 i = 0; i < 5; ++i) {
            assertEq(_advance(), 0);
        }
        assertEq(d.token.totalSupply(), genesis);
        (uint256 epoch,) = em.currentEpoch();
        assertEq(epoch, 5);
    }

    function test_RevertWhen_AdvanceTwiceInOneEpoch() public {
        _advance();
        (uint256 epoch, uint256 startedAt) = em.currentEpoch();
        vm.expectRevert(
            abi.encodeWithSelector(IEmissions.EpochNotEnded.selector, epoch, startedAt + 1 days)
        );
        em.advanceEpoch();
    }

    function test_RevertWhen_AdvanceBeforeEpochEnds() public {
        (, uint256 startedAt) = em.currentEpoch();
        vm.warp(startedAt + 1 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IEmissions.EpochNotEnded.selector, 0, startedAt + 1 days)
        );
        em.advanceEpoch();
    }

    function test_AdvanceEpoch_CatchesUpOneEpochPerCall() public {
        _split(0, 0, 10_000);
        _flat(7 ether);
        _policy(IEmissions.PolicyKind.Schedule);
        vm.warp(block.timestamp + 3 days);
        em.advanceEpoch();
        em.advanceEpoch();
        em.advanceEpoch();
        vm.expectRevert();
        em.advanceEpoch();
        assertEq(d.token.totalSupply(), genesis + 21 ether);
    }

    function test_EpochLength_ChangeMovesOpenEpochEnd() public {
        vm.prank(timelock);
        em.setEpochLength(2 hours);
        (, uint256 startedAt) = em.currentEpoch();
        vm.warp(startedAt + 2 hours);
        em.advanceEpoch();
        (uint256 epoch, uint256 s) = em.currentEpoch();
        assertEq(epoch, 1);
        assertEq(s, startedAt + 2 hours);
    }

    // ------------------------------------------------------------------ schedule

    function test_Schedule_EmissionPerEpochAndCumulativeSupply() public {
        _split(0, 0, 10_000);
        _schedule2(100 ether, 3, 50 ether, 5);
        _policy(IEmissions.PolicyKind.Schedule);
        uint256[6] memory expected =
            [uint256(100 ether), 100 ether, 100 ether, 50 ether, 50 ether, 0];
        for (uint256 i = 0; i < 6; ++i) {
            assertEq(_advance(), expected[i], "epoch emission");
            assertEq(em.epochRecord(i).allowed, expected[i]);
        }
        for (uint256 i = 0; i < 4; ++i) {
            _advance();
        }
        // 3·100 + 2·50 = 400 over ten epochs.
        assertEq(d.token.totalSupply(), genesis + 400 ether);
        assertEq(d.token.balanceOf(timelock), 400 ether);
        assertEq(em.totalMinted(), 400 ether);
    }

    function test_Schedule_HalvingTable() public {
        _split(0, 0, 10_000);
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](4);
        for (uint256 i = 0; i < 4; ++i) {
            s[i] = IEmissions.ScheduleEntry({
                fromEpoch: uint64(10 * i),
                toEpoch: i == 3 ? 0 : uint64(10 * (i + 1)),
                emissionPerEpoch: uint128(80 ether >> i)
            });
        }
        vm.prank(timelock);
        em.setSchedule(s);
        _policy(IEmissions.PolicyKind.Schedule);
        for (uint256 i = 0; i < 40; ++i) {
            _advance();
        }
        // 10·80 + 10·40 + 10·20 + 10·10; the last entry runs forever.
        assertEq(d.token.totalSupply(), genesis + 1500 ether);
        assertEq(_advance(), 10 ether);
    }

    function test_RevertWhen_ScheduleTooLong() public {
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](33);
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.ScheduleTooLong.selector, 33, 32));
        em.setSchedule(s);
    }

    function test_RevertWhen_ScheduleEntryEmpty() public {
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](1);
        s[0] = IEmissions.ScheduleEntry({fromEpoch: 5, toEpoch: 5, emissionPerEpoch: 1});
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.InvalidScheduleEntry.selector, 0, 5, 5));
        em.setSchedule(s);
    }

    // ------------------------------------------------------------------ decay

    function _decay(uint256 total, uint256 ratePpb, uint256 floor) internal {
        vm.prank(timelock);
        em.setDecayParams(
            IEmissions.DecayParams({
                totalEmission: total, decayRatePpb: ratePpb, floorEmissionPerEpoch: floor
            })
        );
        _policy(IEmissions.PolicyKind.Decay);
    }

    function test_Decay_TenPercentOfRemaining() public {
        _split(0, 0, 10_000);
        _decay(1000 ether, 100_000_000, 0);
        assertEq(_advance(), 100 ether);
        assertEq(_advance(), 90 ether);
        assertEq(_advance(), 81 ether);
        assertEq(_advance(), 72.9 ether);
        assertEq(d.token.totalSupply(), genesis + 343.9 ether);
    }

    function test_Decay_CumulativeApproachesTotal() public {
        _split(0, 0, 10_000);
        _decay(1000 ether, 100_000_000, 0);
        for (uint256 i = 0; i < 20; ++i) {
            _advance();
        }
        // 1000·(1 − 0.9^20) = 878.42334540943071199 exactly (0.9^20 has 20 decimals, so
        // every epoch's 10 % is exact in wei and rounding loses nothing).
        assertEq(em.totalMinted(), 878_423_345_409_430_711_990);
        assertLe(em.totalMinted(), 1000 ether);
    }

    function test_Decay_FloorAndTailAfterTotal() public {
        _split(0, 0, 10_000);
        _decay(1000 ether, 100_000_000, 30 ether);
        // 100, 90, 81, 72.9, 65.61, 59.049, 53.1441, 47.82969, 43.046721, 38.7420489,
        // 34.86784401, 31.381059609, then 28.24… < 30 → floor.
        for (uint256 i = 0; i < 12; ++i) {
            _advance();
        }
        assertEq(_advance(), 30 ether);
        // Past the total the floor continues (tail emission).
        for (uint256 i = 0; i < 40; ++i) {
            assertEq(_advance(), 30 ether);
        }
        assertGt(em.totalMinted(), 1000 ether);
    }

    function test_RevertWhen_DecayRateAbove100Percent() public {
        vm.prank(timelock);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.InvalidPpb.selector, 1e9 + 1));
        em.setDecayParams(IEmissions.DecayParams(1, 1e9 + 1, 0));
    }

    // ------------------------------------------------------------------ governance

    function test_RevertWhen_SetterNotGovernance() public {
        address eve = makeAddr("eve");
        vm.startPrank(eve);
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, eve));
        em.setPolicy(IEmissions.PolicyKind.Schedule);
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, eve));
        em.setSchedule(new IEmissions.ScheduleEntry[](0));
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, eve));
        em.setDecayParams(IEmissions.DecayParams(1, 1, 1));
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, eve));
        em.setNetEmissionCap(1);
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, eve));
        em.setEpochLength(2 days);
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, eve));
        em.setWorkReporter(eve, true);
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, eve));
        em.setTreasury(eve);
        vm.stopPrank();
    }

    function test_SetPolicy_EmitsTypedEvent() public {
        vm.expectEmit(address(em));
        emit IEmissions.PolicySet(IEmissions.PolicyKind.Fixed, IEmissions.PolicyKind.Decay);
        _policy(IEmissions.PolicyKind.Decay);
    }

    function test_RevertWhen_RewardSplitNotWhole() public {
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(IEmissions.InvalidRewardSplit.selector, 5000, 3000, 1000)
        );
        em.setRewardSplit(IEmissions.RewardSplit(5000, 3000, 1000));
    }

    function test_RevertWhen_EpochLengthOutOfRange() public {
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(IEmissions.InvalidEpochLength.selector, 59, 1 hours, 365 days)
        );
        em.setEpochLength(59);
    }

    // ------------------------------------------------------------------ bonding-rate

    function _bonding(uint256 initial) internal {
        vm.prank(timelock);
        em.setBondingRateParams(
            IEmissions.BondingRateParams({
                initialInflationPpb: initial,
                inflationChangePpb: 100,
                targetBondingRateBps: 5000,
                minInflationPpb: 500,
                maxInflationPpb: 1500
            })
        );
        _policy(IEmissions.PolicyKind.BondingRate);
    }

    /// @dev Stakes from this contract so that totalStaked = `shareBps` of supply exactly.
    function _stakeToShare(uint256 shareBps) internal {
        uint256 target = d.token.totalSupply() * shareBps / 10_000;
        uint256 have = d.staking.totalStaked();
        d.token.approve(address(d.staking), target - have);
        d.staking.stake(target - have);
    }

    function test_BondingRate_BelowTarget_StepsUpAndCompounds() public {
        _split(0, 0, 10_000);
        _bonding(1000);
        // 300k staked of 1e9: 3 bps < 50 %. Epoch 0 mints at the initial rate.
        assertEq(_advance(), 1000 ether); // 1e9 · 1000 ppb
        assertEq(em.inflationPpb(), 1000);
        assertEq(_advance(), (genesis + 1000 ether) * 1100 / 1e9);
        assertEq(em.inflationPpb(), 1100);
        uint256 supply = d.token.totalSupply();
        assertEq(_advance(), supply * 1200 / 1e9);
        assertEq(em.epochRecord(2).inflationPpb, 1200);
    }

    function test_BondingRate_AboveTarget_StepsDown() public {
        _split(0, 0, 10_000);
        _stakeToShare(6000);
        _bonding(1000);
        _advance();
        uint256 supply = d.token.totalSupply();
        assertEq(_advance(), supply * 900 / 1e9);
        assertEq(em.inflationPpb(), 900);
        assertEq(em.epochRecord(1).stakedShareBps, 5999); // minted epoch 0 diluted the share
    }

    function test_BondingRate_AtTarget_Holds() public {
        _split(0, 0, 10_000);
        _bonding(1000);
        _advance(); // rate 1000 used, supply grows
        _stakeToShare(5000);
        (, uint256 rate) = em.previewEmission();
        assertEq(rate, 1000);
        _advance();
        assertEq(em.inflationPpb(), 1000);
        assertEq(em.epochRecord(1).stakedShareBps, 5000);
    }

    function test_BondingRate_ClampedToCeiling() public {
        _split(0, 0, 10_000);
        _bonding(1450);
        _advance();
        _advance();
        assertEq(em.inflationPpb(), 1500);
        _advance();
        assertEq(em.inflationPpb(), 1500);
    }

    function test_BondingRate_ClampedToFloor() public {
        _split(0, 0, 10_000);
        _stakeToShare(9000);
        _bonding(550);
        _advance();
        _advance();
        assertEq(em.inflationPpb(), 500);
        _advance();
        assertEq(em.inflationPpb(), 500);
    }

    function test_RevertWhen_BondingRateBoundsInverted() public {
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(IEmissions.InvalidInflationBounds.selector, 600, 500, 1500)
        );
        em.setBondingRateParams(IEmissions.BondingRateParams(500, 100, 5000, 600, 1500));
    }

    // ------------------------------------------------------------------ burn-and-mint

    function _bme(uint256 cap) internal {
        _split(0, 0, 10_000);
        _flat(1000 ether);
        vm.prank(timelock);
        em.setNetEmissionCap(cap);
        _policy(IEmissions.PolicyKind.BurnAndMint);
    }

    function test_BurnAndMint_NoCap_MintsSchedule() public {
        _bme(type(uint256).max);
        assertEq(_advance(), 1000 ether);
        assertEq(_advance(), 1000 ether);
    }

    function test_BurnAndMint_CapsNetEmission() public {
        _bme(200 ether);
        d.token.burn(300 ether);
        assertEq(_advance(), 500 ether); // 300 burned + 200 cap
        assertEq(em.epochRecord(0).burned, 300 ether);
        d.token.burn(900 ether);
        assertEq(_advance(), 1000 ether); // schedule is below 900 + 200
        assertEq(_advance(), 200 ether); // nothing burned
        // Net emission over the three epochs: (500 − 300) + (1000 − 900) + 200.
        assertEq(d.token.totalSupply(), genesis + 500 ether);
    }

    function test_BurnAndMint_EquilibriumPrice() public view {
        // P* = USD demand ÷ emission: $50k per epoch against 1M GLT → $0.05.
        assertEq(em.bmeEquilibriumPrice(50_000 ether, 1_000_000 ether, 10_000), 0.05 ether);
        // With a 20 % skim only 80 % burns → $0.04.
        assertEq(em.bmeEquilibriumPrice(50_000 ether, 1_000_000 ether, 8000), 0.04 ether);
        assertEq(em.bmeEquilibriumPrice(1, 0, 10_000), type(uint256).max);
    }

    function testFuzz_BurnAndMint_AtEquilibriumBurnEqualsMint(uint256 usd, uint256 emission)
        public
        view
    {
        usd = bound(usd, 1 ether, 1e12 ether);
        emission = bound(emission, 1 ether, 1e12 ether);
        uint256 p = em.bmeEquilibriumPrice(usd, emission, 10_000);
        vm.assume(p > 0);
        // Tokens burned by the USD demand at P* (= usd / P*) equal the emission, up to
        // the rounding of P* (relative error < 1/P* in wei).
        uint256 burned = usd * 1e18 / p;
        assertGe(burned, emission);
        assertLe(burned - emission, emission / p + 1);
    }

    // ------------------------------------------------------------------ price feed

    function test_PriceFeed_UsdToTokens() public {
        assertEq(em.tokenPriceUsd(), 0.1 ether);
        assertEq(em.usdToTokens(5 ether), 50 ether);
        vm.prank(timelock);
        d.priceFeed.setAnswer(25_000_000); // $0.25
        assertEq(em.usdToTokens(5 ether), 20 ether);
    }

    function test_RevertWhen_PriceStale() public {
        vm.prank(timelock);
        em.setMaxPriceAge(1 hours);
        (,,, uint256 updatedAt,) = d.priceFeed.latestRoundData();
        vm.warp(updatedAt + 1 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(IEmissions.StalePrice.selector, updatedAt, 1 hours));
        em.tokenPriceUsd();
    }

    function test_RevertWhen_PriceFeedUnset() public {
        vm.prank(timelock);
        em.setPriceFeed(EmissionsPriceFeed(address(0)));
        vm.expectRevert(IEmissions.PriceFeedNotSet.selector);
        em.usdToTokens(1);
    }

    function test_RevertWhen_FeedAnswerNotPositive() public {
        vm.prank(timelock);
        vm.expectRevert(
            abi.encodeWithSelector(EmissionsPriceFeed.InvalidAnswer.selector, int256(0))
        );
        d.priceFeed.setAnswer(0);
    }
}
