// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGoverned} from "../../src/interfaces/IGoverned.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {Reputation} from "../../src/market/Reputation.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Reputation: the O(1) update rule with hand-computed values, its 0..10_000 bound,
/// recorder-only writes and governance-owned rules.
contract ReputationTest is Base {
    Reputation internal rep;
    address internal recorder = makeAddr("recorder");
    address internal node = makeAddr("repNode");
    address internal stranger = makeAddr("stranger");

    function setUp() public override {
        super.setUp();
        rep = d.reputation;
        vm.prank(address(d.timelock));
        rep.setRecorder(recorder, true);
    }

    function _record(IReputation.Outcome o) internal returns (uint256 prev) {
        vm.prank(recorder);
        prev = rep.record(node, o);
    }

    function _setRules(uint256 i, uint256 g, uint256 l, uint256 r, uint256 s) internal {
        vm.prank(address(d.timelock));
        rep.setRules(i, g, l, r, s);
    }

    // ------------------------------------------------------------------ deployment

    function test_Deployment_Wiring() public view {
        assertEq(rep.governance(), address(d.timelock));
        assertTrue(rep.isRecorder(address(d.market)));
        assertFalse(rep.isRecorder(stranger));
        (uint256 i, uint256 g, uint256 l, uint256 r, uint256 s) = rep.rules();
        assertEq(i, 5000);
        assertEq(g, 500);
        assertEq(l, 500);
        assertEq(r, 2000);
        assertEq(s, 4000);
    }

    function test_ScoreOf_UnknownIsInitial() public view {
        assertEq(rep.scoreOf(stranger), 5000);
        IReputation.Record memory r = rep.recordOf(stranger);
        assertFalse(r.seen);
        assertEq(r.score, 0);
    }

    // ------------------------------------------------------------------ record: hand-computed

    function test_Record_AcceptedFromInitial() public {
        vm.expectEmit(address(rep));
        emit IReputation.ReputationUpdated(node, IReputation.Outcome.Accepted, 5000, 5250);
        uint256 prev = _record(IReputation.Outcome.Accepted);
        assertEq(prev, 5000);
        // 5000 + (10000 - 5000) * 500 / 10000 = 5250
        assertEq(rep.scoreOf(node), 5250);
        IReputation.Record memory r = rep.recordOf(node);
        assertTrue(r.seen);
        assertEq(r.score, 5250);
        assertEq(r.accepted, 1);
    }

    function test_Record_LateFromInitial() public {
        _record(IReputation.Outcome.Late);
        // 5000 - 5000 * 500 / 10000 = 4750
        assertEq(rep.scoreOf(node), 4750);
        assertEq(rep.recordOf(node).late, 1);
    }

    function test_Record_RejectedFromInitial() public {
        _record(IReputation.Outcome.Rejected);
        // 5000 - 5000 * 2000 / 10000 = 4000
        assertEq(rep.scoreOf(node), 4000);
        assertEq(rep.recordOf(node).rejected, 1);
    }

    function test_Record_SlashedFromInitial() public {
        _record(IReputation.Outcome.Slashed);
        // 5000 - 5000 * 4000 / 10000 = 3000
        assertEq(rep.scoreOf(node), 3000);
        assertEq(rep.recordOf(node).slashed, 1);
    }

    function test_Record_SequenceHandComputed() public {
        assertEq(_record(IReputation.Outcome.Accepted), 5000); // -> 5250
        assertEq(_record(IReputation.Outcome.Accepted), 5250); // + 4750*500/1e4 = 237 -> 5487
        assertEq(_record(IReputation.Outcome.Rejected), 5487); // - 5487*2000/1e4 = 1097 -> 4390
        assertEq(_record(IReputation.Outcome.Slashed), 4390); // - 4390*4000/1e4 = 1756 -> 2634
        assertEq(_record(IReputation.Outcome.Late), 2634); // - 2634*500/1e4 = 131 -> 2503
        assertEq(_record(IReputation.Outcome.Accepted), 2503); // + 7497*500/1e4 = 374 -> 2877
        assertEq(rep.scoreOf(node), 2877);
        IReputation.Record memory r = rep.recordOf(node);
        assertEq(r.accepted, 3);
        assertEq(r.rejected, 1);
        assertEq(r.slashed, 1);
        assertEq(r.late, 1);
    }

    function test_Record_AcceptedNeverReachesMaxWithPartialGain() public {
        // From 9999, gain is (1 * 500) / 10000 = 0: the score saturates below 10000.
        _setRules(9999, 500, 500, 2000, 4000);
        _record(IReputation.Outcome.Accepted);
        assertEq(rep.scoreOf(node), 9999);
    }

    function test_Record_FullGainReachesMax() public {
        _setRules(0, 10_000, 0, 0, 0);
        _record(IReputation.Outcome.Accepted);
        assertEq(rep.scoreOf(node), 10_000);
    }

    function test_Record_FullLossReachesZeroAndStays() public {
        _setRules(5000, 0, 10_000, 0, 0);
        _record(IReputation.Outcome.Late);
        assertEq(rep.scoreOf(node), 0);
        assertTrue(rep.recordOf(node).seen, "a seen zero is not reset to initial");
        _record(IReputation.Outcome.Late);
        assertEq(rep.scoreOf(node), 0);
    }

    function test_Record_SeenNodeIgnoresNewInitial() public {
        _record(IReputation.Outcome.Accepted);
        _setRules(1000, 500, 500, 2000, 4000);
        assertEq(rep.scoreOf(node), 5250);
        assertEq(rep.scoreOf(stranger), 1000, "unseen nodes follow the new initial score");
    }

    function test_RevertWhen_RecordNotRecorder() public {
        vm.expectRevert(abi.encodeWithSelector(IReputation.NotRecorder.selector, stranger));
        vm.prank(stranger);
        rep.record(node, IReputation.Outcome.Accepted);
    }

    function test_RevertWhen_RecordByGovernance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IReputation.NotRecorder.selector, address(d.timelock))
        );
        vm.prank(address(d.timelock));
        rep.record(node, IReputation.Outcome.Slashed);
    }

    function test_RevertWhen_RecordByRevokedRecorder() public {
        vm.prank(address(d.timelock));
        rep.setRecorder(recorder, false);
        vm.expectRevert(abi.encodeWithSelector(IReputation.NotRecorder.selector, recorder));
        _record(IReputation.Outcome.Accepted);
    }

    // ------------------------------------------------------------------ record: fuzz

    function _expected(uint256 old, uint8 o, uint256[5] memory rules)
        internal
        pure
        returns (uint256)
    {
        if (o == 0) return old + (10_000 - old) * rules[1] / 10_000;
        return old - old * rules[o + 1] / 10_000;
    }

    function testFuzz_Record_BoundedAndMatchesRule(uint256[5] memory rules, uint256 seed) public {
        for (uint256 i = 0; i < 5; ++i) {
            rules[i] = bound(rules[i], 0, 10_000);
        }
        _setRules(rules[0], rules[1], rules[2], rules[3], rules[4]);
        uint256 score = rules[0];
        uint256 steps = bound(seed, 1, 24);
        uint32[4] memory counts;
        for (uint256 s = 0; s < steps; ++s) {
            uint8 o = uint8(uint256(keccak256(abi.encode(seed, s))) % 4);
            uint256 prev = _record(IReputation.Outcome(o));
            assertEq(prev, score, "returns previous score");
            uint256 next = _expected(score, o, rules);
            assertEq(rep.scoreOf(node), next, "update rule");
            assertLe(next, 10_000, "bounded above");
            if (o == 0) assertGe(next, score, "good work never lowers");
            else assertLe(next, score, "bad work never raises");
            score = next;
            ++counts[o];
        }
        IReputation.Record memory r = rep.recordOf(node);
        assertEq(r.accepted, counts[0]);
        assertEq(r.late, counts[1]);
        assertEq(r.rejected, counts[2]);
        assertEq(r.slashed, counts[3]);
    }

    // ------------------------------------------------------------------ governance

    function test_SetRecorder_ByTimelock() public {
        vm.expectEmit(address(rep));
        emit IReputation.RecorderSet(stranger, true);
        vm.prank(address(d.timelock));
        rep.setRecorder(stranger, true);
        assertTrue(rep.isRecorder(stranger));
        vm.prank(stranger);
        rep.record(node, IReputation.Outcome.Accepted);
        assertEq(rep.scoreOf(node), 5250);
    }

    function test_RevertWhen_SetRecorderZero() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        vm.prank(address(d.timelock));
        rep.setRecorder(address(0), true);
    }

    function test_RevertWhen_SetRecorderNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, address(this)));
        rep.setRecorder(stranger, true);
    }

    function test_SetRules_ByTimelock() public {
        vm.expectEmit(address(rep));
        emit IReputation.RulesSet(6000, 1000, 100, 3000, 10_000);
        _setRules(6000, 1000, 100, 3000, 10_000);
        (uint256 i, uint256 g, uint256 l, uint256 r, uint256 s) = rep.rules();
        assertEq(i, 6000);
        assertEq(g, 1000);
        assertEq(l, 100);
        assertEq(r, 3000);
        assertEq(s, 10_000);
    }

    function test_RevertWhen_SetRulesNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, stranger));
        vm.prank(stranger);
        rep.setRules(0, 0, 0, 0, 0);
    }

    function testFuzz_RevertWhen_SetRulesAboveBps(uint256 which, uint256 value) public {
        which = bound(which, 0, 4);
        value = bound(value, 10_001, type(uint256).max);
        uint256[5] memory v = [uint256(5000), 500, 500, 2000, 4000];
        v[which] = value;
        vm.expectRevert(abi.encodeWithSelector(IReputation.InvalidBps.selector, value));
        _setRules(v[0], v[1], v[2], v[3], v[4]);
    }

    function testFuzz_SetRules(uint256[5] memory v) public {
        for (uint256 i = 0; i < 5; ++i) {
            v[i] = bound(v[i], 0, 10_000);
        }
        _setRules(v[0], v[1], v[2], v[3], v[4]);
        (uint256 i0, uint256 g, uint256 l, uint256 r, uint256 s) = rep.rules();
        assertEq(i0, v[0]);
        assertEq(g, v[1]);
        assertEq(l, v[2]);
        assertEq(r, v[3]);
        assertEq(s, v[4]);
        assertEq(rep.scoreOf(stranger), v[0]);
    }

    function test_RevertWhen_ConstructorZeroGovernance() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        new Reputation(address(0));
    }
}
