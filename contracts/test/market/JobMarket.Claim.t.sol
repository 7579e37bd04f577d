// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {JobMarketBase} from "./JobMarket.Base.t.sol";

/// @notice claim / commit / reveal / expireClaim.
contract JobMarketClaimTest is JobMarketBase {
    IJobMarket.VerificationMode internal constant SPOT = IJobMarket.VerificationMode.SpotCheck;
    IJobMarket.VerificationMode internal constant OPT = IJobMarket.VerificationMode.Optimistic;

    uint256 internal jobId;

    function setUp() public override {
        super.setUp();
        jobId = _createJob(_jobParams(10, SPOT));
    }

    // ================================================================== claim

    function test_Claim_BatchesContiguousRanges() public {
        uint256 a = _claim(nodes[0], jobId, 4);
        uint256 b = _claim(nodes[1], jobId, 4);
        uint256 c = _claim(nodes[2], jobId, 4);
        assertEq(_taskOfClaim(a).start, 0);
        assertEq(_taskOfClaim(a).count, 4);
        assertEq(_taskOfClaim(b).start, 4);
        assertEq(_taskOfClaim(b).count, 4);
        assertEq(_taskOfClaim(c).start, 8);
        assertEq(_taskOfClaim(c).count, 2, "last batch truncated");
        IJobMarket.Job memory j = _job(jobId);
        assertEq(j.nextUnit, 10);
        assertEq(j.unitsInFlight, 10);
        assertEq(j.taskCount, 3);
        IJobMarket.Claim memory cl = d.market.claimOf(a);
        assertEq(cl.node, nodes[0]);
        assertEq(uint256(cl.status), uint256(IJobMarket.ClaimStatus.Claimed));
        assertEq(cl.time, block.timestamp);
        assertEq(d.market.claimCount(), 3);
        uint256[] memory ids = d.market.claimsOfTask(jobId, 1);
        assertEq(ids.length, 1);
        assertEq(ids[0], b);
    }

    function test_Claim_LocksCollateralInStaking() public {
        uint256 free0 = d.staking.freeStakeOf(nodes[0]);
        uint256 id = _claim(nodes[0], jobId, 4);
        uint256 collateral = 4 * uint256(PRICE) * 15_000 / 10_000;
        assertEq(_taskOfClaim(id).collateral, collateral);
        assertEq(_locked(nodes[0]), collateral, "locked");
        assertEq(d.staking.freeStakeOf(nodes[0]), free0 - collateral, "free stake reduced");
        assertEq(_bonded(nodes[0]), NODE_STAKE, "bonded unchanged");
    }

    function test_RevertWhen_Claim_InsufficientFreeStake() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.pricePerUnit = 10_000 ether; // collateral 150_000 > 50_000 stake
        uint256 big = _createJob(p);
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStaking.InsufficientFreeStake.selector, nodes[0], NODE_STAKE, 150_000 ether
            )
        );
        d.market.claim(big, 10);
    }

    function test_RevertWhen_Claim_ZeroUnits() public {
        vm.prank(nodes[0]);
        vm.expectRevert(IJobMarket.ZeroUnits.selector);
        d.market.claim(jobId, 0);
    }

    function test_RevertWhen_Claim_NoUnitsAvailable() public {
        _claim(nodes[0], jobId, 100);
        assertEq(_job(jobId).nextUnit, 10);
        vm.prank(nodes[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NoUnitsAvailable.selector, jobId));
        d.market.claim(jobId, 1);
    }

    function test_RevertWhen_Claim_UnknownJob() public {
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobNotOpen.selector, 99, IJobMarket.JobStatus.None)
        );
        d.market.claim(99, 1);
    }

    function test_RevertWhen_Claim_NodeTierTooLow() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.minTier = 3; // nodes score 5000 → tier 2
        uint256 id = _createJob(p);
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.NodeNotEligible.selector, nodes[0], id, "tier")
        );
        d.market.claim(id, 1);
    }

    function test_RevertWhen_Claim_NotRegistered() public {
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.NodeNotEligible.selector, stranger, jobId, "tier")
        );
        d.market.claim(jobId, 1);
    }

    function test_RevertWhen_Claim_NodeInactive() public {
        vm.prank(nodes[0]);
        d.registry.setActive(false);
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.NodeNotEligible.selector, nodes[0], jobId, "tier")
        );
        d.market.claim(jobId, 1);
    }

    function test_RevertWhen_Claim_ReputationTooLow() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.minReputation = 5001; // new nodes start at 5000
        uint256 id = _createJob(p);
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.NodeNotEligible.selector, nodes[0], id, "reputation")
        );
        d.market.claim(id, 1);
        // Exactly the minimum is enough.
        p.minReputation = 5000;
        uint256 ok = _createJob(p);
        uint256 c = _claim(nodes[0], ok, 1);
        assertEq(d.market.claimOf(c).node, nodes[0]);
    }

    function test_Claim_TakesRequeuedRangesFirst() public {
        uint256 a = _claim(nodes[0], jobId, 4); // 0..3
        _claim(nodes[1], jobId, 4); // 4..7
        skip(2 hours + 1);
        d.market.expireClaim(a);
        assertEq(_job(jobId).requeuedCount, 1);

        uint256 c = _claim(nodes[2], jobId, 3); // front of the re-queued range
        assertEq(_taskOfClaim(c).start, 0);
        assertEq(_taskOfClaim(c).count, 3);
        uint256 e = _claim(nodes[3], jobId, 10); // the rest of it, not fresh units
        assertEq(_taskOfClaim(e).start, 3);
        assertEq(_taskOfClaim(e).count, 1);
        assertEq(_job(jobId).requeuedCount, 0);
        uint256 f = _claim(nodes[4], jobId, 10); // then fresh units
        assertEq(_taskOfClaim(f).start, 8);
        assertEq(_taskOfClaim(f).count, 2);
        assertEq(_job(jobId).unitsInFlight, 10);
    }

    // ================================================================== commit / reveal

    function test_Commit_StoresSeal() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        bytes32 seal = d.market.computeSeal(bytes32("root"), bytes32("salt"), nodes[0]);
        assertEq(seal, keccak256(abi.encode(bytes32("root"), bytes32("salt"), nodes[0])));
        vm.prank(nodes[0]);
        d.market.commit(id, seal);
        IJobMarket.Claim memory c = d.market.claimOf(id);
        assertEq(uint256(c.status), uint256(IJobMarket.ClaimStatus.Committed));
        assertEq(c.sealOrRoot, seal);
    }

    function test_RevertWhen_Commit_EmptySeal() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        vm.prank(nodes[0]);
        vm.expectRevert(IJobMarket.EmptyCommitment.selector);
        d.market.commit(id, bytes32(0));
    }

    function test_RevertWhen_Commit_NotClaimOwner() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        vm.prank(nodes[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotClaimOwner.selector, id, nodes[1]));
        d.market.commit(id, bytes32("seal"));
    }

    function test_RevertWhen_Commit_UnknownClaim() public {
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownClaim.selector, 7));
        d.market.commit(7, bytes32("seal"));
    }

    function test_RevertWhen_Commit_Twice() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        vm.prank(nodes[0]);
        d.market.commit(id, bytes32("seal"));
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, id, IJobMarket.ClaimStatus.Committed
            )
        );
        d.market.commit(id, bytes32("seal2"));
    }

    function test_RevertWhen_Commit_AfterTtl() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        uint256 expiresAt = block.timestamp + 2 hours;
        vm.warp(expiresAt + 1);
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ClaimExpired.selector, id, expiresAt));
        d.market.commit(id, bytes32("seal"));
    }

    function test_RevertWhen_Reveal_BeforeCommit() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        vm.prank(nodes[0]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, id, IJobMarket.ClaimStatus.Claimed
            )
        );
        d.market.reveal(id, bytes32("root"), bytes32("salt"));
    }

    function test_RevertWhen_Reveal_EmptyRoot() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        _commit(nodes[0], id, bytes32(0));
        vm.prank(nodes[0]);
        vm.expectRevert(IJobMarket.EmptyCommitment.selector);
        d.market.reveal(id, bytes32(0), _salt(id));
    }

    function test_RevertWhen_Reveal_NotClaimOwner() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        _commit(nodes[0], id, bytes32("root"));
        vm.prank(nodes[1]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotClaimOwner.selector, id, nodes[1]));
        d.market.reveal(id, bytes32("root"), _salt(id));
    }

    function test_RevertWhen_Reveal_SealMismatch() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        _commit(nodes[0], id, bytes32("root"));
        vm.startPrank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.SealMismatch.selector, id));
        d.market.reveal(id, bytes32("root"), bytes32("wrong salt"));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.SealMismatch.selector, id));
        d.market.reveal(id, bytes32("other root"), _salt(id));
        vm.stopPrank();
        assertEq(_claimStatus(id), uint256(IJobMarket.ClaimStatus.Committed));
    }

    function test_RevertWhen_Reveal_AfterTtl() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        uint256 expiresAt = block.timestamp + 2 hours;
        _commit(nodes[0], id, bytes32("root"));
        vm.warp(expiresAt + 1);
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ClaimExpired.selector, id, expiresAt));
        d.market.reveal(id, bytes32("root"), _salt(id));
    }

    function test_Reveal_AtTtlEdgeStillWorks() public {
        uint256 id = _claim(nodes[0], jobId, 2);
        _commit(nodes[0], id, bytes32("root"));
        skip(2 hours);
        _reveal(nodes[0], id, bytes32("root"));
        assertEq(_claimStatus(id), uint256(IJobMarket.ClaimStatus.Revealed));
    }

    function test_Reveal_SpotCheckSelectsVerifier() public {
        uint256 id = _work(nodes[0], jobId, 2, true);
        IJobMarket.Claim memory c = d.market.claimOf(id);
        assertEq(uint256(c.status), uint256(IJobMarket.ClaimStatus.Revealed));
        assertEq(c.sealOrRoot, _resultRoot(jobId, id, true));
        IJobMarket.Task memory t = _taskOfClaim(id);
        assertEq(uint256(t.status), uint256(IJobMarket.TaskStatus.Verifying));
        assertTrue(t.party != address(0) && t.party != nodes[0], "verifier is not the worker");
        assertEq(t.windowEnds, block.timestamp + 1 hours);
        assertEq(t.revealed, 1);
    }

    function test_Reveal_OptimisticOpensChallengeWindow() public {
        uint256 opt = _createJob(_jobParams(4, OPT));
        uint256 id = _work(nodes[0], opt, 4, true);
        IJobMarket.Task memory t = _taskOfClaim(id);
        assertEq(uint256(t.status), uint256(IJobMarket.TaskStatus.Verifying));
        assertEq(t.party, address(0));
        assertEq(t.windowEnds, block.timestamp + 1 hours);
    }

    // ================================================================== expireClaim

    function test_RevertWhen_ExpireClaim_NotExpired() public {
        uint256 id = _claim(nodes[0], jobId, 4);
        uint256 expiresAt = block.timestamp + 2 hours;
        vm.warp(expiresAt);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.ClaimNotExpired.selector, id, expiresAt));
        d.market.expireClaim(id);
    }

    function test_RevertWhen_ExpireClaim_Revealed() public {
        uint256 id = _work(nodes[0], jobId, 4, true);
        skip(3 hours);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, id, IJobMarket.ClaimStatus.Revealed
            )
        );
        d.market.expireClaim(id);
    }

    function test_RevertWhen_ExpireClaim_Unknown() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.WrongClaimStatus.selector, 5, IJobMarket.ClaimStatus.None
            )
        );
        d.market.expireClaim(5);
    }

    function test_ExpireClaim_SlashesTimeoutShareAndRequeues() public {
        uint256 id = _claim(nodes[0], jobId, 4);
        _commit(nodes[0], id, bytes32("root")); // committed claims expire too
        uint256 collateral = 4 * uint256(PRICE) * 15_000 / 10_000;
        uint256 slash = collateral * 1000 / 10_000;
        uint256 supply = d.token.totalSupply();
        uint256 insurance0 = _bal(d.staking.insurancePool());
        uint256 staking0 = _bal(address(d.staking));
        uint256 escrow0 = _job(jobId).escrow;
        uint256 rep0 = d.reputation.scoreOf(nodes[0]);

        skip(2 hours + 1);
        vm.prank(makeAddr("anyone"));
        d.market.expireClaim(id);

        assertEq(_claimStatus(id), uint256(IJobMarket.ClaimStatus.Expired));
        assertEq(_bonded(nodes[0]), NODE_STAKE - slash, "timeoutSlashBps of collateral");
        assertEq(_locked(nodes[0]), 0, "rest unlocked");
        assertEq(_bal(address(d.staking)), staking0 - slash);
        assertEq(d.token.totalSupply(), supply - slash / 2, "half burned");
        assertEq(_bal(d.staking.insurancePool()) - insurance0, slash - slash / 2, "rest insured");
        assertEq(_job(jobId).escrow, escrow0, "escrow untouched");
        assertEq(_job(jobId).unitsInFlight, 0);
        assertLt(d.reputation.scoreOf(nodes[0]), rep0, "reputation falls");
        assertEq(_taskStatus(id), uint256(IJobMarket.TaskStatus.Failed));

        // Another node picks the same units up and is paid for them.
        uint256 again = _work(nodes[1], jobId, 10, true);
        assertEq(_taskOfClaim(again).start, 0);
        assertEq(_taskOfClaim(again).count, 4);
        vm.prank(_verifierOf(again));
        d.market.submitVerdict(again, true);
        assertEq(_job(jobId).unitsAccepted, 4);
    }

    function test_ExpireClaim_ZeroTimeoutSlash_OnlyUnlocks() public {
        IJobMarket.SecurityParams memory p = d.market.securityParams();
        p.timeoutSlashBps = 0;
        vm.prank(address(d.timelock));
        d.market.setSecurityParams(p);
        uint256 id = _claim(nodes[0], jobId, 4);
        skip(2 hours + 1);
        d.market.expireClaim(id);
        assertEq(_bonded(nodes[0]), NODE_STAKE);
        assertEq(_locked(nodes[0]), 0);
    }
}
