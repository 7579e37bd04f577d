// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {FeeMath} from "../../src/libraries/FeeMath.sol";
import {Test} from "../utils/Test.sol";

/// @notice FeeMath: every wei of gross lands in exactly one bucket; the node share rises
/// with reputation; a late result refunds part of the node share to the requester.
contract FeeMathTest is Test {
    uint256 internal constant MAX_GROSS = uint256(type(uint128).max);

    function _default() internal pure returns (IJobMarket.FeeSplit memory) {
        return IJobMarket.FeeSplit({
            treasuryBps: 500,
            burnBps: 300,
            insuranceBps: 100,
            integratorBps: 100,
            verifierBps: 200,
            maxRepAdjBps: 200,
            latePenaltyBps: 1000
        });
    }

    /// @dev Any split the market accepts: the five shares sum to at most 100%.
    function _valid(uint256[7] memory r) internal pure returns (IJobMarket.FeeSplit memory f) {
        uint256 left = 10_000;
        uint256 t = bound(r[0], 0, left);
        left -= t;
        uint256 b = bound(r[1], 0, left);
        left -= b;
        uint256 i = bound(r[2], 0, left);
        left -= i;
        uint256 g = bound(r[3], 0, left);
        left -= g;
        uint256 v = bound(r[4], 0, left);
        f = IJobMarket.FeeSplit({
            treasuryBps: uint16(t),
            burnBps: uint16(b),
            insuranceBps: uint16(i),
            integratorBps: uint16(g),
            verifierBps: uint16(v),
            maxRepAdjBps: uint16(bound(r[5], 0, 10_000)),
            latePenaltyBps: uint16(bound(r[6], 0, 10_000))
        });
    }

    function _sum(FeeMath.Shares memory s) internal pure returns (uint256) {
        return s.node + s.treasury + s.burn + s.insurance + s.integrator + s.verifier + s.refund;
    }

    // ------------------------------------------------------------------ known values

    function test_Split_NeutralNoExtras() public pure {
        FeeMath.Shares memory s = FeeMath.split(_default(), 10_000, 5000, false, false, false);
        assertEq(s.burn, 300);
        assertEq(s.insurance, 100);
        assertEq(s.treasury, 600, "integrator cut goes to treasury");
        assertEq(s.integrator, 0);
        assertEq(s.verifier, 0);
        assertEq(s.node, 9000, "verifier cut stays with the node");
        assertEq(s.refund, 0);
    }

    function test_Split_AllPartiesLate() public pure {
        FeeMath.Shares memory s = FeeMath.split(_default(), 10_000, 5000, true, true, true);
        assertEq(s.burn, 300);
        assertEq(s.insurance, 100);
        assertEq(s.treasury, 500);
        assertEq(s.integrator, 100);
        assertEq(s.verifier, 200);
        assertEq(s.node, 7800, "8800 less the 1000 late penalty");
        assertEq(s.refund, 1000);
    }

    function test_Split_MaxReputationBonusFromTreasury() public pure {
        FeeMath.Shares memory s = FeeMath.split(_default(), 10_000, 10_000, false, true, false);
        // bonus = 10000 * 200 * 5000 / (10000 * 5000) = 200
        assertEq(s.node, 8800 + 200);
        assertEq(s.treasury, 600 - 200);
    }

    function test_Split_ZeroReputationCutToTreasury() public pure {
        FeeMath.Shares memory s = FeeMath.split(_default(), 10_000, 0, false, true, false);
        assertEq(s.node, 8800 - 200);
        assertEq(s.treasury, 600 + 200);
    }

    function test_Split_BonusCappedByTreasury() public pure {
        IJobMarket.FeeSplit memory f = _default();
        f.treasuryBps = 50;
        f.integratorBps = 0;
        FeeMath.Shares memory s = FeeMath.split(f, 10_000, 10_000, false, false, false);
        assertEq(s.treasury, 0, "bonus takes all of the treasury, no more");
        assertEq(s.node, 10_000 - 300 - 100);
    }

    function test_Split_PenaltyCappedByNodeShare() public pure {
        IJobMarket.FeeSplit memory f = _default();
        f.latePenaltyBps = 10_000;
        FeeMath.Shares memory s = FeeMath.split(f, 10_000, 5000, false, false, true);
        assertEq(s.node, 0);
        assertEq(s.refund, 9000);
        assertEq(_sum(s), 10_000);
    }

    function test_Split_ZeroGross() public pure {
        FeeMath.Shares memory s = FeeMath.split(_default(), 0, 10_000, true, true, true);
        assertEq(_sum(s), 0);
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_Split_SumsExactlyToGross(
        uint256[7] memory r,
        uint256 gross,
        uint256 reputation,
        bool hasIntegrator,
        bool hasVerifier,
        bool late
    ) public pure {
        IJobMarket.FeeSplit memory f = _valid(r);
        gross = bound(gross, 0, MAX_GROSS);
        reputation = bound(reputation, 0, 10_000);
        FeeMath.Shares memory s =
            FeeMath.split(f, gross, reputation, hasIntegrator, hasVerifier, late);
        assertEq(_sum(s), gross, "every wei in one bucket");
        assertEq(s.burn, gross * f.burnBps / 10_000);
        assertEq(s.insurance, gross * f.insuranceBps / 10_000);
        assertEq(s.integrator, hasIntegrator ? gross * f.integratorBps / 10_000 : 0);
        assertEq(s.verifier, hasVerifier ? gross * f.verifierBps / 10_000 : 0);
        if (!late) assertEq(s.refund, 0);
    }

    function testFuzz_Split_NodeShareMonotonicInReputation(
        uint256[7] memory r,
        uint256 gross,
        uint256 repA,
        uint256 repB,
        bool hasIntegrator,
        bool hasVerifier,
        bool late
    ) public pure {
        IJobMarket.FeeSplit memory f = _valid(r);
        gross = bound(gross, 0, MAX_GROSS);
        repA = bound(repA, 0, 10_000);
        repB = bound(repB, repA, 10_000);
        FeeMath.Shares memory a = FeeMath.split(f, gross, repA, hasIntegrator, hasVerifier, late);
        FeeMath.Shares memory b = FeeMath.split(f, gross, repB, hasIntegrator, hasVerifier, late);
        assertLe(a.node, b.node, "higher reputation never earns less");
        // Reputation only moves value between node and treasury.
        assertEq(a.node + a.treasury + a.refund, b.node + b.treasury + b.refund);
        assertEq(a.burn, b.burn);
        assertEq(a.insurance, b.insurance);
    }

    function testFuzz_Split_LateRefund(
        uint256[7] memory r,
        uint256 gross,
        uint256 reputation,
        bool hasIntegrator,
        bool hasVerifier
    ) public pure {
        IJobMarket.FeeSplit memory f = _valid(r);
        gross = bound(gross, 0, MAX_GROSS);
        reputation = bound(reputation, 0, 10_000);
        FeeMath.Shares memory onTime =
            FeeMath.split(f, gross, reputation, hasIntegrator, hasVerifier, false);
        FeeMath.Shares memory late =
            FeeMath.split(f, gross, reputation, hasIntegrator, hasVerifier, true);
        uint256 penalty = gross * f.latePenaltyBps / 10_000;
        uint256 expected = penalty > onTime.node ? onTime.node : penalty;
        assertEq(late.refund, expected, "refund is the penalty, capped by the node share");
        assertEq(late.node + late.refund, onTime.node, "refund comes from the node only");
        assertEq(late.treasury, onTime.treasury);
        assertEq(late.burn, onTime.burn);
        assertEq(late.insurance, onTime.insurance);
        assertEq(late.integrator, onTime.integrator);
        assertEq(late.verifier, onTime.verifier);
    }

    function testFuzz_Split_NeutralReputationNoAdjustment(uint256[7] memory r, uint256 gross)
        public
        pure
    {
        IJobMarket.FeeSplit memory f = _valid(r);
        gross = bound(gross, 0, MAX_GROSS);
        FeeMath.Shares memory s = FeeMath.split(f, gross, 5000, true, true, false);
        assertEq(
            s.treasury, gross * f.treasuryBps / 10_000, "neutral reputation leaves treasury alone"
        );
        assertEq(
            s.node,
            gross - s.burn - s.insurance - s.treasury - s.integrator - s.verifier,
            "node gets the rest"
        );
    }
}
