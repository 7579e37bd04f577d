// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {FeeMath} from "../../src/libraries/FeeMath.sol";
import {JobMarketBase} from "./JobMarket.Base.t.sol";

/// @notice Optimistic verification: settlement after the challenge window, bonded challenges
/// and the replica vote that decides them.
contract JobMarketOptimisticTest is JobMarketBase {
    IJobMarket.VerificationMode internal constant OPT = IJobMarket.VerificationMode.Optimistic;

    uint256 internal constant BOND = 100 ether;
    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        IJobMarket.JobParams memory p = _jobParams(8, OPT);
        p.integrator = integrator;
        jobId = _createJob(p);
    }

    function _collateral(uint256 units) internal pure returns (uint256) {
        return units * uint256(PRICE) * 15_000 / 10_000;
    }

    function test_Settle_AfterWindowPaysNode() public {
        uint256 reqBefore = _bal(requester);
        uint256 a = _work(nodes[0], jobId, 4, true);
        uint256 b = _work(nodes[1], jobId, 4, true);
        uint256 ends = _taskOfClaim(a).windowEnds;
        vm.warp(ends);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WindowOpen.selector, a, ends));
        d.market.settle(a);

        vm.warp(ends + 1);
        uint256 gross = 4 * uint256(PRICE);
        FeeMath.Shares memory sa = _expectedSplit(jobId, nodes[0], gross, false, false);
        FeeMath.Shares memory sb = _expectedSplit(jobId, nodes[1], gross, false, false);
        (uint256 t0, uint256 i0, uint256 b0) = _accrued();
        d.market.settle(a);
        d.market.settle(b);
        assertEq(_bal(nodes[0]), sa.node, "node a");
        assertEq(_bal(nodes[1]), sb.node, "node b");
        assertEq(_bal(integrator), sa.integrator + sb.integrator, "integrator");
        _assertAccruedDelta(
            t0, i0, b0, sa.treasury + sb.treasury, sa.insurance + sb.insurance, sa.burn + sb.burn
        );
        assertEq(_locked(nodes[0]), 0);

        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, a, IJobMarket.ClaimStatus.Accepted
            )
        );
        d.market.settle(a);

        d.market.finalizeJob(jobId);
        uint256 refund = _bal(requester) - reqBefore;
        assertEq(
            _bal(nodes[0]) + _bal(nodes[1]) + _bal(integrator) + _accruedSum() + refund,
            8 * uint256(PRICE),
            "node+fees+refund == budget"
        );
    }

    function test_Settle_HighAndLowReputationMoveNodeShare() public {
        _becomeRecorder();
        for (uint256 i = 0; i < 5; ++i) {
            d.reputation.record(nodes[0], IReputation.Outcome.Accepted);
        }
        d.reputation.record(nodes[1], IReputation.Outcome.Slashed);
        uint256 a = _work(nodes[0], jobId, 4, true);
        uint256 b = _work(nodes[1], jobId, 4, true);
        uint256 gross = 4 * uint256(PRICE);
        FeeMath.Shares memory sa = _expectedSplit(jobId, nodes[0], gross, false, false);
        FeeMath.Shares memory sb = _expectedSplit(jobId, nodes[1], gross, false, false);
        FeeMath.Shares memory neutral =
            FeeMath.split(d.market.feeSplit(), gross, 5000, true, false, false);
        assertGt(sa.node, neutral.node, "bonus");
        assertLt(sb.node, neutral.node, "cut");
        skip(1 hours + 1);
        d.market.settle(a);
        d.market.settle(b);
        assertEq(_bal(nodes[0]), sa.node);
        assertEq(_bal(nodes[1]), sb.node);
    }

    // ================================================================== challenge

    function test_Challenge_LocksBondAndOpensDispute() public {
        uint256 a = _work(nodes[0], jobId, 4, true);
        uint256 free0 = d.staking.freeStakeOf(nodes[1]);
        vm.prank(nodes[1]);
        d.market.challenge(a);
        assertEq(d.staking.freeStakeOf(nodes[1]), free0 - BOND, "bond locked");
        IJobMarket.Task memory t = _taskOfClaim(a);
        assertEq(uint256(t.status), uint256(IJobMarket.TaskStatus.Disputed));
        assertEq(t.party, nodes[1]);
        assertEq(t.partyBond, BOND);
        assertEq(t.replicas, 3);
        // settle is closed while the vote runs
        skip(1 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongTaskStatus.selector, 0, IJobMarket.TaskStatus.Disputed
            )
        );
        d.market.settle(a);
        // a second challenge is refused
        vm.prank(nodes[2]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongTaskStatus.selector, 0, IJobMarket.TaskStatus.Disputed
            )
        );
        d.market.challenge(a);
    }

    function test_RevertWhen_Challenge_SelfDealing() public {
        uint256 a = _work(nodes[0], jobId, 4, true);
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.SelfDealing.selector, nodes[0]));
        d.market.challenge(a);
    }

    function test_RevertWhen_Challenge_WindowClosed() public {
        uint256 a = _work(nodes[0], jobId, 4, true);
        uint256 ends = _taskOfClaim(a).windowEnds;
        vm.warp(ends + 1);
        vm.prank(nodes[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WindowClosed.selector, a, ends));
        d.market.challenge(a);
    }

    function test_RevertWhen_Challenge_NotStaked() public {
        uint256 a = _work(nodes[0], jobId, 4, true);
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.NodeNotEligible.selector, stranger, jobId, "tier")
        );
        d.market.challenge(a);
    }

    function test_RevertWhen_Challenge_NotRevealed() public {
        uint256 a = _claim(nodes[0], jobId, 4);
        vm.prank(nodes[1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, a, IJobMarket.ClaimStatus.Claimed
            )
        );
        d.market.challenge(a);
    }

    function test_RevertWhen_Challenge_SpotCheckJob() public {
        uint256 spot = _createJob(_jobParams(4, IJobMarket.VerificationMode.SpotCheck));
        uint256 a = _work(nodes[0], spot, 4, true);
        vm.prank(_otherNode(nodes[0], _verifierOf(a)));
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongTaskStatus.selector, 0, IJobMarket.TaskStatus.Verifying
            )
        );
        d.market.challenge(a);
    }

    function test_RevertWhen_Challenge_StakeUnbondedBelowMinimum() public {
        uint256 a = _work(nodes[0], jobId, 4, true);
        address poor = makeAddr("poor");
        _setupNode(poor, 1000 ether, 50); // tier 0 only needs 1000 stake
        vm.prank(poor);
        d.staking.requestUnbond(950 ether);
        // still bonded 50: below tier-0 minimum → not eligible
        vm.prank(poor);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.NodeNotEligible.selector, poor, jobId, "tier")
        );
        d.market.challenge(a);
        assertEq(d.staking.accountOf(poor).locked, 0);
    }

    address[2] internal reps;

    function _replicate(uint256 a, address challenger, bool honest) internal {
        uint256 k;
        for (uint256 i = 0; i < nodes.length && k < 2; ++i) {
            if (nodes[i] != d.market.claimOf(a).node && nodes[i] != challenger) {
                reps[k++] = nodes[i];
            }
        }
        uint256 r1 = _claim(reps[0], jobId, 8);
        uint256 r2 = _claim(reps[1], jobId, 8);
        _commitReveal(reps[0], jobId, r1, honest);
        _commitReveal(reps[1], jobId, r2, honest);
    }

    function test_Challenge_WrongChallenger_BondSlashedToNode() public {
        uint256 a = _work(nodes[0], jobId, 4, true);
        vm.prank(nodes[1]);
        d.market.challenge(a);
        uint256 gross = 4 * uint256(PRICE);
        FeeMath.Shares memory s0 = _expectedSplit(jobId, nodes[0], gross / 3, false, false);
        _replicate(a, nodes[1], true);
        assertEq(_taskStatus(a), uint256(IJobMarket.TaskStatus.Accepted));
        assertEq(_bal(nodes[0]), s0.node + BOND * 3000 / 10_000, "node paid + bond share");
        assertEq(_bonded(nodes[1]), NODE_STAKE - BOND, "challenger slashed");
        assertEq(_locked(nodes[1]), 0);
        assertEq(_bonded(nodes[0]), NODE_STAKE);
        assertEq(_locked(nodes[0]), 0);
    }

    function test_Challenge_RightChallenger_NodeSlashed_ChallengerPaid() public {
        uint256 a = _work(nodes[0], jobId, 4, false);
        vm.prank(nodes[1]);
        d.market.challenge(a);
        uint256 escrow0 = _job(jobId).escrow;
        _replicate(a, nodes[1], true);
        uint256 slash = _collateral(4);
        assertEq(_claimStatus(a), uint256(IJobMarket.ClaimStatus.Rejected));
        assertEq(_bonded(nodes[0]), NODE_STAKE - slash, "cheater slashed");
        assertEq(_bal(nodes[0]), 0, "cheater unpaid");
        assertEq(_bal(nodes[1]), slash * 3000 / 10_000, "challenger share");
        assertEq(_bonded(nodes[1]), NODE_STAKE, "bond intact");
        assertEq(_locked(nodes[1]), 0, "bond released");
        assertEq(escrow0 - _job(jobId).escrow, 4 * uint256(PRICE), "task paid once");
        FeeMath.Shares memory s =
            FeeMath.split(d.market.feeSplit(), 2 * uint256(PRICE), 5000, true, false, false);
        assertEq(_bal(reps[0]), s.node, "replica paid half");
        assertEq(_bal(reps[1]), s.node, "replica paid half");
    }
}
