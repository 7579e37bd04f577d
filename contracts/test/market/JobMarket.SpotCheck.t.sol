// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {FeeMath} from "../../src/libraries/FeeMath.sol";
import {JobMarketBase} from "./JobMarket.Base.t.sol";

/// @notice Spot-check verification: verdicts, silent verifiers, rejections, contests and the
/// replica vote that settles a contest, with every balance checked against FeeMath.
contract JobMarketSpotCheckTest is JobMarketBase {
    IJobMarket.VerificationMode internal constant SPOT = IJobMarket.VerificationMode.SpotCheck;

    uint256 internal constant BOND = 100 ether;
    uint256 internal jobId;
    uint256 internal budget;

    function setUp() public override {
        super.setUp();
        IJobMarket.JobParams memory p = _jobParams(12, SPOT);
        p.integrator = integrator;
        jobId = _createJob(p);
        budget = 12 * uint256(PRICE);
    }

    function _collateral(uint256 units) internal pure returns (uint256) {
        return units * uint256(PRICE) * 15_000 / 10_000;
    }

    // ================================================================== accept

    function test_SubmitVerdict_AcceptPaysNodeVerifierIntegratorAndFees() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(id);
        assertTrue(verifier != address(0));
        assertTrue(verifier != nodes[0], "verifier is not the worker");
        FeeMath.Shares memory s = _expectedSplit(jobId, nodes[0], 4 * uint256(PRICE), true, false);
        assertEq(_sum(s), 4 * uint256(PRICE));
        uint256 n0 = _bal(nodes[0]);
        uint256 v0 = _bal(verifier);
        (uint256 t0, uint256 i0, uint256 b0) = _accrued();

        vm.prank(verifier);
        d.market.submitVerdict(id, true);

        assertEq(_bal(nodes[0]) - n0, s.node, "node");
        assertEq(_bal(verifier) - v0, s.verifier, "verifier");
        assertEq(s.verifier, 4 * uint256(PRICE) * 200 / 10_000);
        assertEq(_bal(integrator), s.integrator, "integrator");
        assertEq(s.integrator, 4 * uint256(PRICE) * 100 / 10_000);
        _assertAccruedDelta(t0, i0, b0, s.treasury, s.insurance, s.burn);
        assertEq(_job(jobId).escrow, budget - 4 * uint256(PRICE), "escrow debited");
        assertEq(_locked(nodes[0]), 0, "collateral released");
        assertEq(_locked(verifier), 0, "accepting needs no bond");
        assertEq(_claimStatus(id), uint256(IJobMarket.ClaimStatus.Accepted));
        assertEq(_taskStatus(id), uint256(IJobMarket.TaskStatus.Accepted));
        assertEq(_job(jobId).unitsAccepted, 4);
        assertGt(d.reputation.scoreOf(nodes[0]), 5000);
    }

    function test_RevertWhen_SubmitVerdict_NotVerifier() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(id);
        address other = _otherNode(nodes[0], verifier);
        vm.prank(other);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotVerifier.selector, id, other));
        d.market.submitVerdict(id, true);
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotVerifier.selector, id, nodes[0]));
        d.market.submitVerdict(id, true);
    }

    function test_RevertWhen_SubmitVerdict_WindowClosed() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(id);
        uint256 ends = _taskOfClaim(id).windowEnds;
        vm.warp(ends + 1);
        vm.prank(verifier);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WindowClosed.selector, id, ends));
        d.market.submitVerdict(id, true);
    }

    function test_RevertWhen_SubmitVerdict_NotRevealed() public {
        uint256 id = _claim(nodes[0], jobId, 4);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, id, IJobMarket.ClaimStatus.Claimed
            )
        );
        d.market.submitVerdict(id, true);
    }

    function test_RevertWhen_SubmitVerdict_Twice() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(id);
        vm.prank(verifier);
        d.market.submitVerdict(id, false);
        vm.prank(verifier);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongTaskStatus.selector, 0, IJobMarket.TaskStatus.Rejected
            )
        );
        d.market.submitVerdict(id, true);
    }

    function test_SubmitVerdicts_Batch() public {
        // Six 1-unit claims by one worker: five possible verifiers, so two share one.
        uint256[] memory ids = new uint256[](6);
        for (uint256 i = 0; i < 6; ++i) {
            ids[i] = _work(nodes[0], jobId, 1, true);
        }
        uint256 a;
        uint256 b;
        bool found;
        for (uint256 i = 0; i < 6 && !found; ++i) {
            for (uint256 j = i + 1; j < 6; ++j) {
                if (_verifierOf(ids[i]) == _verifierOf(ids[j])) {
                    (a, b, found) = (ids[i], ids[j], true);
                    break;
                }
            }
        }
        assertTrue(found, "pigeonhole");
        address verifier = _verifierOf(a);
        uint256[] memory batch = new uint256[](2);
        batch[0] = a;
        batch[1] = b;
        bool[] memory verdicts = new bool[](2);
        verdicts[0] = true;
        verdicts[1] = false;
        uint256 v0 = _bal(verifier);
        vm.prank(verifier);
        d.market.submitVerdicts(batch, verdicts);
        assertEq(_taskStatus(a), uint256(IJobMarket.TaskStatus.Accepted));
        assertEq(_taskStatus(b), uint256(IJobMarket.TaskStatus.Rejected));
        assertEq(_bal(verifier) - v0, uint256(PRICE) * 200 / 10_000, "one verifier fee");
        assertEq(_locked(verifier), BOND, "one bond for the rejection");
    }

    function test_RevertWhen_SubmitVerdicts_LengthMismatch() public {
        uint256[] memory ids = new uint256[](2);
        bool[] memory verdicts = new bool[](1);
        vm.expectRevert(IJobMarket.LengthMismatch.selector);
        d.market.submitVerdicts(ids, verdicts);
    }

    function test_RevertWhen_SubmitVerdicts_OneNotVerifier_AllReverts() public {
        uint256 a = _work(nodes[0], jobId, 1, true);
        uint256 b = _work(nodes[1], jobId, 1, true);
        address verifier = _verifierOf(a);
        if (_verifierOf(b) == verifier) return; // nothing to prove for this draw
        uint256[] memory ids = new uint256[](2);
        ids[0] = a;
        ids[1] = b;
        bool[] memory verdicts = new bool[](2);
        verdicts[0] = true;
        verdicts[1] = true;
        vm.prank(verifier);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotVerifier.selector, b, verifier));
        d.market.submitVerdicts(ids, verdicts);
        assertEq(_taskStatus(a), uint256(IJobMarket.TaskStatus.Verifying), "rolled back");
    }

    // ================================================================== silent verifier

    function test_Settle_SilentVerifier_AcceptsWithoutVerifierFee() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(id);
        uint256 ends = _taskOfClaim(id).windowEnds;
        vm.warp(ends);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WindowOpen.selector, id, ends));
        d.market.settle(id);

        vm.warp(ends + 1);
        FeeMath.Shares memory s = _expectedSplit(jobId, nodes[0], 4 * uint256(PRICE), false, false);
        uint256 n0 = _bal(nodes[0]);
        uint256 v0 = _bal(verifier);
        uint256 vRep = d.reputation.scoreOf(verifier);
        d.market.settle(id);
        assertEq(_bal(nodes[0]) - n0, s.node, "verifier share goes to node");
        assertEq(s.verifier, 0);
        assertEq(_bal(verifier), v0, "silent verifier earns nothing");
        assertLt(d.reputation.scoreOf(verifier), vRep, "and loses reputation");
        assertEq(_taskStatus(id), uint256(IJobMarket.TaskStatus.Accepted));
    }

    function test_Reveal_NoEligibleVerifier_FallsBackToChallengeWindow() public {
        IJobMarket.SecurityParams memory p = d.market.securityParams();
        p.verifierBond = uint96(NODE_STAKE + 1); // nobody can bond
        p.challengeWindow = 2 hours;
        vm.prank(address(d.timelock));
        d.market.setSecurityParams(p);
        uint256 id = _work(nodes[0], jobId, 4, true);
        assertEq(_verifierOf(id), address(0));
        assertEq(_taskOfClaim(id).windowEnds, block.timestamp + 2 hours);
        vm.prank(nodes[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotVerifier.selector, id, nodes[1]));
        d.market.submitVerdict(id, true);
        skip(2 hours + 1);
        uint256 n0 = _bal(nodes[0]);
        FeeMath.Shares memory s = _expectedSplit(jobId, nodes[0], 4 * uint256(PRICE), false, false);
        d.market.settle(id);
        assertEq(_bal(nodes[0]) - n0, s.node);
    }

    // ================================================================== reject → settle

    function test_Reject_Settle_SlashesNodeRequeuesAndPaysVerifier() public {
        uint256 id = _work(nodes[0], jobId, 4, false);
        address verifier = _verifierOf(id);
        vm.prank(verifier);
        d.market.submitVerdict(id, false);
        assertEq(_locked(verifier), BOND, "verifier bond locked");
        IJobMarket.Task memory t = _taskOfClaim(id);
        assertEq(uint256(t.status), uint256(IJobMarket.TaskStatus.Rejected));
        assertEq(t.partyBond, BOND);
        assertEq(t.windowEnds, block.timestamp + 1 hours, "contest window");

        vm.warp(t.windowEnds);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WindowOpen.selector, id, t.windowEnds));
        d.market.settle(id);

        vm.warp(t.windowEnds + 1);
        uint256 slash = _collateral(4); // rejectSlashBps = 100 %
        uint256 v0 = _bal(verifier);
        uint256 supply = d.token.totalSupply();
        uint256 escrow0 = _job(jobId).escrow;
        d.market.settle(id);

        assertEq(_bonded(nodes[0]), NODE_STAKE - slash, "node slashed");
        assertEq(_locked(nodes[0]), 0);
        assertEq(_bal(verifier) - v0, slash * 3000 / 10_000, "challenger share to verifier");
        assertEq(d.token.totalSupply(), supply - slash / 2, "burn share");
        assertEq(_locked(verifier), 0, "bond released");
        assertEq(_bonded(verifier), NODE_STAKE, "verifier keeps its bond");
        assertEq(_claimStatus(id), uint256(IJobMarket.ClaimStatus.Rejected));
        assertEq(_taskStatus(id), uint256(IJobMarket.TaskStatus.Failed));
        assertEq(_job(jobId).escrow, escrow0, "nothing paid from escrow");
        assertEq(_job(jobId).requeuedCount, 1, "units requeued");
        assertLt(d.reputation.scoreOf(nodes[0]), 5000);

        uint256 again = _claim(nodes[1], jobId, 12);
        assertEq(_taskOfClaim(again).start, 0);
        assertEq(_taskOfClaim(again).count, 4);
    }

    // ================================================================== contest

    function test_RevertWhen_Contest_NotRejected() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongTaskStatus.selector, 0, IJobMarket.TaskStatus.Verifying
            )
        );
        d.market.contest(id);
    }

    function test_RevertWhen_Contest_WindowClosed() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        vm.prank(_verifierOf(id));
        d.market.submitVerdict(id, false);
        uint256 ends = _taskOfClaim(id).windowEnds;
        vm.warp(ends + 1);
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.WindowClosed.selector, id, ends));
        d.market.contest(id);
    }

    function test_RevertWhen_Contest_NotClaimOwner() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(id);
        vm.prank(verifier);
        d.market.submitVerdict(id, false);
        vm.prank(verifier);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotClaimOwner.selector, id, verifier));
        d.market.contest(id);
    }

    /// @dev Rejects, contests and has two fresh replicas render `replicasHonest` results.
    function _rejectContestAndVote(bool workerHonest, bool replicasHonest, uint256 units)
        internal
        returns (uint256 id, address verifier, uint256 r1, uint256 r2)
    {
        id = _work(nodes[0], jobId, units, workerHonest);
        verifier = _verifierOf(id);
        vm.prank(verifier);
        d.market.submitVerdict(id, false);
        vm.prank(nodes[0]);
        d.market.contest(id);
        IJobMarket.Task memory t = _taskOfClaim(id);
        assertEq(uint256(t.status), uint256(IJobMarket.TaskStatus.Disputed));
        assertEq(t.replicas, 3, "1 + disputeReplicas");
        assertEq(settleRevertsWrongTask(id), true);

        // Neither the worker nor the verifier can take a replica slot.
        address[] memory others = new address[](2);
        uint256 k;
        for (uint256 i = 0; i < nodes.length && k < 2; ++i) {
            if (nodes[i] != nodes[0] && nodes[i] != verifier) others[k++] = nodes[i];
        }
        r1 = _claim(others[0], jobId, units);
        r2 = _claim(others[1], jobId, units);
        assertEq(d.market.claimOf(r1).taskIndex, d.market.claimOf(id).taskIndex, "joined task");
        assertEq(d.market.claimOf(r2).taskIndex, d.market.claimOf(id).taskIndex, "joined task");
        _commitReveal(others[0], jobId, r1, replicasHonest);
        _commitReveal(others[1], jobId, r2, replicasHonest);
    }

    function settleRevertsWrongTask(uint256 id) internal returns (bool) {
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongTaskStatus.selector,
                d.market.claimOf(id).taskIndex,
                IJobMarket.TaskStatus.Disputed
            )
        );
        d.market.settle(id);
        return true;
    }

    address[2] internal reps;
    uint256[4] internal balBefore;

    function test_Contest_VerifierLied_BondSlashedToNode_NodePaid() public {
        uint256 gross = 4 * uint256(PRICE);
        uint256 id = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(id);
        vm.prank(verifier);
        d.market.submitVerdict(id, false);
        vm.prank(nodes[0]);
        d.market.contest(id);
        uint256 k;
        for (uint256 i = 0; i < nodes.length && k < 2; ++i) {
            if (nodes[i] != nodes[0] && nodes[i] != verifier) reps[k++] = nodes[i];
        }
        // The worker may not replicate its own task; it gets a fresh task instead.
        uint256 own = _claim(nodes[0], jobId, 1);
        assertTrue(d.market.claimOf(own).taskIndex != d.market.claimOf(id).taskIndex);

        uint256 r1 = _claim(reps[0], jobId, 4);
        uint256 r2 = _claim(reps[1], jobId, 4);
        assertEq(_locked(reps[0]), _collateral(4), "replica collateral");
        _commitReveal(reps[0], jobId, r1, true);

        // Expected: three equal shares of the task's value, the last one takes the remainder.
        FeeMath.Shares memory s0 = _expectedSplit(jobId, nodes[0], gross / 3, false, false);
        FeeMath.Shares memory s1 = _expectedSplit(jobId, reps[0], gross / 3, false, false);
        FeeMath.Shares memory s2 =
            _expectedSplit(jobId, reps[1], gross - 2 * (gross / 3), false, false);
        balBefore = [_bal(nodes[0]), _bal(reps[0]), _bal(reps[1]), _bal(verifier)];
        uint256 escrow0 = _job(jobId).escrow;
        (uint256 t0, uint256 i0, uint256 b0) = _accrued();

        _commitReveal(reps[1], jobId, r2, true); // last reveal resolves the vote

        assertEq(_taskStatus(id), uint256(IJobMarket.TaskStatus.Accepted));
        assertEq(
            _bal(nodes[0]) - balBefore[0], s0.node + BOND * 3000 / 10_000, "node paid + bond share"
        );
        assertEq(_bal(reps[0]) - balBefore[1], s1.node);
        assertEq(_bal(reps[1]) - balBefore[2], s2.node);
        assertEq(_bal(verifier), balBefore[3], "lying verifier earns nothing");
        assertEq(_bonded(verifier), NODE_STAKE - BOND, "verifier bond slashed");
        assertEq(_locked(verifier), 0);
        assertEq(_bonded(nodes[0]), NODE_STAKE, "node not slashed");
        assertEq(_locked(nodes[0]), _collateral(1), "only the other claim's collateral");
        assertEq(_locked(reps[0]), 0);
        _assertAccruedDelta(
            t0,
            i0,
            b0,
            s0.treasury + s1.treasury + s2.treasury,
            s0.insurance + s1.insurance + s2.insurance,
            s0.burn + s1.burn + s2.burn
        );
        assertEq(_sum(s0) + _sum(s1) + _sum(s2), gross, "shares sum to the task value");
        assertEq(escrow0 - _job(jobId).escrow, gross, "task value left the escrow once");
        assertEq(_bal(integrator), s0.integrator + s1.integrator + s2.integrator);
    }

    function test_Contest_NodeLied_NodeSlashed_VerifierBondReleased() public {
        uint256 units = 4;
        uint256 gross = units * uint256(PRICE);
        uint256 id = _work(nodes[0], jobId, units, false);
        address verifier = _verifierOf(id);
        vm.prank(verifier);
        d.market.submitVerdict(id, false);
        vm.prank(nodes[0]);
        d.market.contest(id);
        address[] memory others = new address[](2);
        uint256 k;
        for (uint256 i = 0; i < nodes.length && k < 2; ++i) {
            if (nodes[i] != nodes[0] && nodes[i] != verifier) others[k++] = nodes[i];
        }
        uint256 r1 = _claim(others[0], jobId, units);
        uint256 r2 = _claim(others[1], jobId, units);
        _commitReveal(others[0], jobId, r1, true);
        FeeMath.Shares memory s1 = _expectedSplit(jobId, others[0], gross / 2, false, false);
        FeeMath.Shares memory s2 = _expectedSplit(jobId, others[1], gross / 2, false, false);
        uint256 v0 = _bal(verifier);
        uint256 o0 = _bal(others[0]);
        uint256 o1 = _bal(others[1]);
        uint256 n0 = _bal(nodes[0]);
        uint256 slash = _collateral(units);

        _commitReveal(others[1], jobId, r2, true);

        assertEq(_taskStatus(id), uint256(IJobMarket.TaskStatus.Accepted));
        assertEq(_claimStatus(id), uint256(IJobMarket.ClaimStatus.Rejected));
        assertEq(_bonded(nodes[0]), NODE_STAKE - slash, "liar slashed");
        assertEq(_bal(nodes[0]), n0, "liar unpaid");
        assertEq(_bal(verifier) - v0, slash * 3000 / 10_000, "verifier earns challenger share");
        assertEq(_bonded(verifier), NODE_STAKE, "verifier bond intact");
        assertEq(_locked(verifier), 0, "bond released");
        assertEq(_bal(others[0]) - o0, s1.node);
        assertEq(_bal(others[1]) - o1, s2.node);
        assertEq(_sum(s1) + _sum(s2), gross);
        // The accepted root is the honest one.
        (uint256 count,) = d.market.frameAccumulator(jobId);
        assertEq(count, 1);
    }

    function test_Contest_FullJobConservesBudget() public {
        uint256 reqBefore = _bal(requester);
        (uint256 id,,,) = _rejectContestAndVote(true, true, 12);
        assertEq(_taskStatus(id), uint256(IJobMarket.TaskStatus.Accepted));
        d.market.finalizeJob(jobId);
        uint256 refund = _bal(requester) - reqBefore;
        // Node shares went out; what's left is fees in the market and the integrator's cut.
        uint256 nodePaid;
        for (uint256 i = 0; i < nodes.length; ++i) {
            uint256 b = _bal(nodes[i]);
            if (b > 0) nodePaid += b;
        }
        // Verifier-bond challenger share (30 % of 100) went to the worker on top.
        assertEq(
            nodePaid - BOND * 3000 / 10_000 + _accruedSum() + _bal(integrator) + refund,
            budget,
            "node+fees+refund == budget"
        );
        assertEq(_bal(address(d.market)), _accruedSum());
    }
}
