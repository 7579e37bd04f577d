// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGoverned} from "../../src/interfaces/IGoverned.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IRenderCertificate} from "../../src/interfaces/IRenderCertificate.sol";
import {FeeMath} from "../../src/libraries/FeeMath.sol";
import {JobMarketBase} from "./JobMarket.Base.t.sol";

/// @notice createJob / createJobWithPermit / cancelJob / finalizeJob / distributeFees and the
/// governance setters.
contract JobMarketCreateTest is JobMarketBase {
    IJobMarket.VerificationMode internal constant SPOT = IJobMarket.VerificationMode.SpotCheck;
    IJobMarket.VerificationMode internal constant OPT = IJobMarket.VerificationMode.Optimistic;
    IJobMarket.VerificationMode internal constant REP = IJobMarket.VerificationMode.Replicated;

    // ================================================================== createJob

    function test_CreateJob_EscrowsBudgetAndStoresJob() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.integrator = integrator;
        p.minTier = 1;
        p.minReputation = 100;
        uint256 before = _bal(requester);
        uint256 jobId = _createJob(p);
        assertEq(jobId, 1);
        assertEq(d.market.jobCount(), 1);
        assertEq(before - _bal(requester), 10 * uint256(PRICE), "budget pulled");
        assertEq(_bal(address(d.market)), 10 * uint256(PRICE), "budget escrowed");
        IJobMarket.Job memory j = _job(jobId);
        assertEq(j.requester, requester);
        assertEq(j.unitCount, 10);
        assertEq(j.pricePerUnit, PRICE);
        assertEq(j.escrow, 10 * uint256(PRICE));
        assertEq(j.budget, 10 * uint256(PRICE));
        assertEq(j.integrator, integrator);
        assertEq(j.minTier, 1);
        assertEq(j.minReputation, 100);
        assertEq(uint256(j.status), uint256(IJobMarket.JobStatus.Open));
        assertEq(j.createdAt, block.timestamp);
    }

    function test_CreateJob_ReplicatedEscrowsEveryReplica() public {
        IJobMarket.JobParams memory p = _jobParams(10, REP);
        uint256 jobId = _createJob(p);
        assertEq(_job(jobId).escrow, 10 * uint256(PRICE) * 3);
        assertEq(_bal(address(d.market)), 30 * uint256(PRICE));
    }

    function _expectInvalid(IJobMarket.JobParams memory p, bytes memory err) internal {
        vm.startPrank(requester);
        d.token.approve(address(d.market), type(uint256).max);
        vm.expectRevert(err);
        d.market.createJob(p);
        vm.stopPrank();
    }

    function _invalid(string memory field) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IJobMarket.InvalidJobParam.selector, field);
    }

    function test_RevertWhen_CreateJob_ZeroManifest() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.manifestDigest = bytes32(0);
        _expectInvalid(p, _invalid("manifestDigest"));
    }

    function test_RevertWhen_CreateJob_ZeroUnits() public {
        IJobMarket.JobParams memory p = _jobParams(0, SPOT);
        _expectInvalid(p, _invalid("unitCount"));
    }

    function test_RevertWhen_CreateJob_TooManyUnits() public {
        IJobMarket.JobParams memory p = _jobParams(d.market.MAX_UNITS() + 1, SPOT);
        p.pricePerUnit = 1;
        _expectInvalid(p, _invalid("unitCount"));
    }

    function test_RevertWhen_CreateJob_ZeroPrice() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.pricePerUnit = 0;
        _expectInvalid(p, _invalid("pricePerUnit"));
    }

    function test_RevertWhen_CreateJob_DeadlineNotInFuture() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.deadline = uint40(block.timestamp);
        _expectInvalid(p, _invalid("deadline"));
    }

    function test_RevertWhen_CreateJob_ClaimTtlTooShort() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.claimTtl = 59;
        _expectInvalid(p, _invalid("claimTtl"));
    }

    function test_RevertWhen_CreateJob_ReplicationNotOneForSingleModes() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.replication = 2;
        _expectInvalid(p, _invalid("replication"));
        p = _jobParams(10, OPT);
        p.replication = 0;
        _expectInvalid(p, _invalid("replication"));
    }

    function test_RevertWhen_CreateJob_ReplicationOutOfRangeForReplicated() public {
        IJobMarket.JobParams memory p = _jobParams(10, REP);
        p.replication = 1;
        _expectInvalid(p, _invalid("replication"));
        p.replication = d.market.MAX_REPLICAS() + 1;
        _expectInvalid(p, _invalid("replication"));
    }

    function test_RevertWhen_CreateJob_MinTierTooHigh() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.minTier = 4;
        _expectInvalid(p, _invalid("minTier"));
    }

    function test_RevertWhen_CreateJob_MinReputationTooHigh() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.minReputation = 10_001;
        _expectInvalid(p, _invalid("minReputation"));
    }

    function test_RevertWhen_CreateJob_ConfidenceOutOfRange() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.confidenceBps = 5000;
        _expectInvalid(p, _invalid("confidenceBps"));
        p.confidenceBps = 10_001;
        _expectInvalid(p, _invalid("confidenceBps"));
    }

    function test_RevertWhen_CreateJob_BudgetOverflow() public {
        IJobMarket.JobParams memory p = _jobParams(1000, REP);
        p.replication = 7;
        p.pricePerUnit = uint96(uint256(type(uint96).max) / 7000 + 1);
        _expectInvalid(p, abi.encodeWithSelector(IJobMarket.BudgetOverflow.selector));
    }

    function test_RevertWhen_CreateJob_NoAllowance() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        vm.prank(requester);
        vm.expectRevert();
        d.market.createJob(p);
        assertEq(d.market.jobCount(), 0);
    }

    // ================================================================== permit

    function _permitSig(uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 typehash = keccak256(
            "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
        );
        bytes32 structHash = keccak256(
            abi.encode(typehash, owner, address(d.market), value, d.token.nonces(owner), deadline)
        );
        bytes32 digest =
            keccak256(abi.encodePacked("\x19\x01", d.token.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(key, digest);
    }

    function test_CreateJobWithPermit_PullsEscrowWithoutApprove() public {
        (address owner, uint256 key) = makeAddrAndKey("permitRequester");
        d.token.transfer(owner, 1000 ether);
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        uint256 budget = 10 * uint256(PRICE);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(key, owner, budget, deadline);

        vm.prank(owner);
        uint256 jobId = d.market.createJobWithPermit(p, deadline, v, r, s);
        assertEq(_job(jobId).requester, owner);
        assertEq(_job(jobId).escrow, budget);
        assertEq(_bal(owner), 1000 ether - budget, "escrow pulled");
        assertEq(_bal(address(d.market)), budget);
        assertEq(d.token.nonces(owner), 1, "permit used");
        assertEq(d.token.allowance(owner, address(d.market)), 0);
    }

    function test_CreateJobWithPermit_FrontRunPermitStillCreates() public {
        (address owner, uint256 key) = makeAddrAndKey("permitRequester");
        d.token.transfer(owner, 1000 ether);
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        uint256 budget = 10 * uint256(PRICE);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(key, owner, budget, deadline);
        // Someone spends the permit first: the nonce is gone but the allowance is there.
        d.token.permit(owner, address(d.market), budget, deadline, v, r, s);
        vm.prank(owner);
        uint256 jobId = d.market.createJobWithPermit(p, deadline, v, r, s);
        assertEq(_job(jobId).escrow, budget);
        assertEq(_bal(owner), 1000 ether - budget);
    }

    function test_RevertWhen_CreateJobWithPermit_BadSignature() public {
        (address owner,) = makeAddrAndKey("permitRequester");
        (, uint256 otherKey) = makeAddrAndKey("mallory");
        d.token.transfer(owner, 1000 ether);
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(otherKey, owner, 10 * uint256(PRICE), deadline);
        vm.prank(owner);
        vm.expectRevert();
        d.market.createJobWithPermit(p, deadline, v, r, s);
        assertEq(_bal(owner), 1000 ether, "nothing pulled");
    }

    // ================================================================== cancelJob

    function test_RevertWhen_CancelJob_NotRequester() public {
        uint256 jobId = _createJob(_jobParams(10, SPOT));
        vm.prank(nodes[0]);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.NotRequester.selector, jobId, nodes[0]));
        d.market.cancelJob(jobId);
    }

    function test_RevertWhen_CancelJob_UnknownJob() public {
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.UnknownJob.selector, 42));
        d.market.cancelJob(42);
    }

    function test_CancelJob_NothingInFlight_ClosesWithFullRefund() public {
        uint256 before = _bal(requester);
        uint256 jobId = _createJob(_jobParams(10, SPOT));
        vm.prank(requester);
        d.market.cancelJob(jobId);
        assertEq(_bal(requester), before, "full refund");
        assertEq(_job(jobId).escrow, 0);
        assertEq(uint256(_job(jobId).status), uint256(IJobMarket.JobStatus.Closed));
        vm.prank(requester);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobNotOpen.selector, jobId, IJobMarket.JobStatus.Closed
            )
        );
        d.market.cancelJob(jobId);
    }

    function test_CancelJob_RefundsUntouchedNow_PaysInFlight_ClosesWhenResolved() public {
        IJobMarket.JobParams memory p = _jobParams(10, SPOT);
        p.integrator = integrator;
        uint256 budget = 10 * uint256(PRICE);
        uint256 reqBefore = _bal(requester);
        uint256 jobId = _createJob(p);
        uint256 claimId = _claim(nodes[0], jobId, 4);

        vm.prank(requester);
        d.market.cancelJob(jobId);
        assertEq(reqBefore - _bal(requester), 4 * uint256(PRICE), "6 untouched units refunded");
        assertEq(_job(jobId).escrow, 4 * uint256(PRICE));
        assertEq(uint256(_job(jobId).status), uint256(IJobMarket.JobStatus.Cancelled));

        // No new ranges on a cancelled job.
        vm.prank(nodes[1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobNotOpen.selector, jobId, IJobMarket.JobStatus.Cancelled
            )
        );
        d.market.claim(jobId, 1);

        // The in-flight claim finishes and is paid exactly per FeeMath.
        _commitReveal(nodes[0], jobId, claimId, true);
        address verifier = _verifierOf(claimId);
        assertTrue(verifier != address(0));
        FeeMath.Shares memory s = _expectedSplit(jobId, nodes[0], 4 * uint256(PRICE), true, false);
        uint256 n0 = _bal(nodes[0]);
        uint256 v0 = _bal(verifier);
        uint256 accr0 = _accruedSum();
        vm.prank(verifier);
        d.market.submitVerdict(claimId, true);
        assertEq(_bal(nodes[0]) - n0, s.node, "node share");
        assertEq(_bal(verifier) - v0, s.verifier, "verifier share");
        assertEq(_bal(integrator), s.integrator, "integrator share");
        assertEq(_accruedSum() - accr0, s.treasury + s.insurance + s.burn, "fees");
        assertEq(uint256(_job(jobId).status), uint256(IJobMarket.JobStatus.Closed));
        assertEq(_job(jobId).escrow, 0);
        uint256 refund = budget - (reqBefore - _bal(requester));
        assertEq(
            s.node + s.verifier + s.integrator + s.treasury + s.insurance + s.burn + refund,
            budget,
            "node+fees+refund == budget"
        );
        assertEq(_bal(address(d.market)), _accruedSum(), "market holds only fees");
    }

    function test_CancelJob_InFlightExpires_RefundsAndCloses() public {
        uint256 reqBefore = _bal(requester);
        uint256 jobId = _createJob(_jobParams(10, SPOT));
        uint256 claimId = _claim(nodes[0], jobId, 3);
        vm.prank(requester);
        d.market.cancelJob(jobId);
        assertEq(reqBefore - _bal(requester), 3 * uint256(PRICE));
        skip(2 hours + 1);
        d.market.expireClaim(claimId);
        assertEq(_bal(requester), reqBefore, "everything back");
        assertEq(uint256(_job(jobId).status), uint256(IJobMarket.JobStatus.Closed));
        assertEq(_job(jobId).escrow, 0);
    }

    // ================================================================== finalizeJob

    function test_RevertWhen_FinalizeJob_Incomplete() public {
        uint256 jobId = _createJob(_jobParams(10, SPOT));
        uint256 c = _work(nodes[0], jobId, 4, true);
        vm.prank(_verifierOf(c));
        d.market.submitVerdict(c, true);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobIncomplete.selector, jobId, 4, 10));
        d.market.finalizeJob(jobId);
    }

    function _completeOptimistic(uint256 jobId, uint256 units, uint256 batch)
        internal
        returns (uint256[] memory ids)
    {
        ids = new uint256[]((units + batch - 1) / batch);
        for (uint256 i = 0; i < ids.length; ++i) {
            ids[i] = _work(nodes[i % nodes.length], jobId, batch, true);
        }
        skip(1 hours + 1);
        for (uint256 i = 0; i < ids.length; ++i) {
            d.market.settle(ids[i]);
        }
    }

    function test_FinalizeJob_MintsCertificateOnce() public {
        uint256 jobId = _createJob(_jobParams(9, OPT));
        _completeOptimistic(jobId, 9, 3);
        d.market.finalizeJob(jobId);
        assertEq(d.certificate.ownerOf(jobId), requester);
        assertEq(d.certificate.balanceOf(requester), 1);
        IJobMarket.Job memory j = _job(jobId);
        assertEq(uint256(j.status), uint256(IJobMarket.JobStatus.Completed));
        (, bytes32 root) = d.market.frameAccumulator(jobId);
        assertEq(j.framesRoot, root);
        assertTrue(root != bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobNotOpen.selector, jobId, IJobMarket.JobStatus.Completed
            )
        );
        d.market.finalizeJob(jobId);
        assertEq(d.certificate.balanceOf(requester), 1, "still one certificate");
    }

    function test_RevertWhen_CertificateMint_NotMarket() public {
        vm.expectRevert(
            abi.encodeWithSelector(IRenderCertificate.NotMarket.selector, address(this))
        );
        d.certificate.mint(address(this), 1);
    }

    function test_FinalizeJob_RefundsLatePenalties() public {
        IJobMarket.JobParams memory p = _jobParams(4, OPT);
        p.deadline = uint40(block.timestamp + 1 hours);
        p.integrator = integrator;
        uint256 budget = 4 * uint256(PRICE);
        uint256 reqBefore = _bal(requester);
        uint256 jobId = _createJob(p);
        uint256 c0 = _work(nodes[0], jobId, 2, true); // on time
        skip(1 hours + 1);
        uint256 c1 = _work(nodes[1], jobId, 2, true); // late
        FeeMath.Shares memory s0 = _expectedSplit(jobId, nodes[0], 2 * uint256(PRICE), false, false);
        FeeMath.Shares memory s1 = _expectedSplit(jobId, nodes[1], 2 * uint256(PRICE), false, true);
        assertGt(s1.refund, 0, "late penalty");
        assertEq(s1.refund, 2 * uint256(PRICE) * 1000 / 10_000);
        uint256 n0 = _bal(nodes[0]);
        uint256 n1 = _bal(nodes[1]);
        skip(1 hours + 1);
        d.market.settle(c0);
        d.market.settle(c1);
        assertEq(_bal(nodes[0]) - n0, s0.node);
        assertEq(_bal(nodes[1]) - n1, s1.node);
        assertEq(_job(jobId).escrow, s1.refund, "penalty stays in escrow");

        d.market.finalizeJob(jobId);
        assertEq(_job(jobId).escrow, 0);
        uint256 refund = _bal(requester) - (reqBefore - budget);
        assertEq(refund, s1.refund, "late penalty refunded");
        uint256 fees = s0.treasury + s0.insurance + s0.burn + s1.treasury + s1.insurance + s1.burn;
        assertEq(_accruedSum(), fees);
        assertEq(_bal(integrator), s0.integrator + s1.integrator);
        assertEq(
            s0.node + s1.node + fees + s0.integrator + s1.integrator + refund,
            budget,
            "node+fees+refund == budget"
        );
        assertEq(_bal(address(d.market)), fees);
    }

    // ================================================================== distributeFees

    function test_DistributeFees_PaysReceiversAndBurns() public {
        address t = makeAddr("treasury2");
        address ins = makeAddr("insurance2");
        vm.prank(address(d.timelock));
        d.market.setReceivers(t, ins);

        uint256 jobId = _createJob(_jobParams(6, OPT));
        _completeOptimistic(jobId, 6, 3);
        (uint256 at, uint256 ai, uint256 ab) = _accrued();
        assertGt(at, 0);
        assertGt(ai, 0);
        assertGt(ab, 0);
        uint256 supply = d.token.totalSupply();
        d.market.distributeFees();
        assertEq(_bal(t), at, "treasury paid");
        assertEq(_bal(ins), ai, "insurance paid");
        assertEq(d.token.totalSupply(), supply - ab, "burned");
        assertEq(_accruedSum(), 0, "nothing accrued");
        assertEq(_bal(address(d.market)), _job(jobId).escrow);

        // A second call pays nothing more.
        d.market.distributeFees();
        assertEq(d.token.totalSupply(), supply - ab, "no second burn");
        assertEq(_bal(t), at, "no second payment");
    }

    function test_DistributeFees_NothingAccrued_NoOp() public {
        uint256 supply = d.token.totalSupply();
        uint256 tb = _bal(treasury);
        d.market.distributeFees();
        assertEq(d.token.totalSupply(), supply);
        assertEq(_bal(treasury), tb);
    }

    // ================================================================== governance

    function _fees() internal view returns (IJobMarket.FeeSplit memory) {
        return d.market.feeSplit();
    }

    function _sec() internal view returns (IJobMarket.SecurityParams memory) {
        return d.market.securityParams();
    }

    function test_RevertWhen_Setters_NotGovernance() public {
        address[2] memory callers = [address(this), nodes[0]];
        for (uint256 i = 0; i < 2; ++i) {
            bytes memory err = abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, callers[i]);
            IJobMarket.FeeSplit memory f = _fees();
            IJobMarket.SecurityParams memory sp = _sec();
            vm.startPrank(callers[i]);
            vm.expectRevert(err);
            d.market.setFeeSplit(f);
            vm.expectRevert(err);
            d.market.setSecurityParams(sp);
            vm.expectRevert(err);
            d.market.setReceivers(callers[i], callers[i]);
            vm.expectRevert(err);
            d.market.setCertificate(IRenderCertificate(callers[i]));
            vm.expectRevert(err);
            d.market.transferGovernance(callers[i]);
            vm.stopPrank();
        }
    }

    function test_SetFeeSplit_ByTimelock() public {
        IJobMarket.FeeSplit memory f = _fees();
        f.treasuryBps = 1000;
        f.burnBps = 0;
        vm.prank(address(d.timelock));
        d.market.setFeeSplit(f);
        assertEq(_fees().treasuryBps, 1000);
        assertEq(_fees().burnBps, 0);
    }

    function test_RevertWhen_SetFeeSplit_Invalid() public {
        IJobMarket.FeeSplit memory f = _fees();
        f.treasuryBps = 10_000 - 300 - 100 - 100 - 200 + 1; // sum = BPS + 1
        vm.prank(address(d.timelock));
        vm.expectRevert(IJobMarket.InvalidFeeSplit.selector);
        d.market.setFeeSplit(f);

        f = _fees();
        f.maxRepAdjBps = 10_001;
        vm.prank(address(d.timelock));
        vm.expectRevert(IJobMarket.InvalidFeeSplit.selector);
        d.market.setFeeSplit(f);

        f = _fees();
        f.latePenaltyBps = 10_001;
        vm.prank(address(d.timelock));
        vm.expectRevert(IJobMarket.InvalidFeeSplit.selector);
        d.market.setFeeSplit(f);

        // Exactly 100 % is fine.
        f = _fees();
        f.treasuryBps = 10_000 - 300 - 100 - 100 - 200;
        vm.prank(address(d.timelock));
        d.market.setFeeSplit(f);
        assertEq(_fees().treasuryBps, 9300);
    }

    function test_SetSecurityParams_ByTimelock() public {
        IJobMarket.SecurityParams memory p = _sec();
        p.collateralBps = 20_000;
        p.disputeReplicas = 4;
        vm.prank(address(d.timelock));
        d.market.setSecurityParams(p);
        assertEq(_sec().collateralBps, 20_000);
        assertEq(_sec().disputeReplicas, 4);
    }

    function _expectBadSecurity(IJobMarket.SecurityParams memory p, string memory field) internal {
        vm.prank(address(d.timelock));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.InvalidSecurityParam.selector, field));
        d.market.setSecurityParams(p);
    }

    function test_RevertWhen_SetSecurityParams_Invalid() public {
        IJobMarket.SecurityParams memory p = _sec();
        p.collateralBps = 0;
        _expectBadSecurity(p, "collateralBps");
        // collateralBps <= 10 * BPS always holds for a uint16.
        p = _sec();
        p.timeoutSlashBps = 10_001;
        _expectBadSecurity(p, "timeoutSlashBps");
        p = _sec();
        p.rejectSlashBps = 10_001;
        _expectBadSecurity(p, "rejectSlashBps");
        p = _sec();
        p.verifyWindow = 59;
        _expectBadSecurity(p, "verifyWindow");
        p.verifyWindow = 30 days + 1;
        _expectBadSecurity(p, "verifyWindow");
        p = _sec();
        p.challengeWindow = 59;
        _expectBadSecurity(p, "challengeWindow");
        p.challengeWindow = 30 days + 1;
        _expectBadSecurity(p, "challengeWindow");
        p = _sec();
        p.contestWindow = 59;
        _expectBadSecurity(p, "contestWindow");
        p.contestWindow = 30 days + 1;
        _expectBadSecurity(p, "contestWindow");
        p = _sec();
        p.disputeReplicas = 0;
        _expectBadSecurity(p, "disputeReplicas");
        p.disputeReplicas = d.market.MAX_REPLICAS();
        _expectBadSecurity(p, "disputeReplicas");
    }

    function test_SetReceivers_ByTimelock_RejectsZero() public {
        vm.prank(address(d.timelock));
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        d.market.setReceivers(address(0), address(1));
        vm.prank(address(d.timelock));
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        d.market.setReceivers(address(1), address(0));
        vm.prank(address(d.timelock));
        d.market.setReceivers(address(1), address(2));
        (address t, address i) = d.market.receivers();
        assertEq(t, address(1));
        assertEq(i, address(2));
    }

    function test_SetCertificate_ByTimelock_RejectsZero() public {
        vm.prank(address(d.timelock));
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        d.market.setCertificate(IRenderCertificate(address(0)));
        vm.prank(address(d.timelock));
        d.market.setCertificate(IRenderCertificate(address(0xCE27)));
        (,,,, IRenderCertificate cert) = d.market.dependencies();
        assertEq(address(cert), address(0xCE27));
    }
}
