// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IWorkRecorder} from "../../src/interfaces/IWorkRecorder.sol";
import {Base} from "../utils/Base.t.sol";

/// @dev A recorder that always fails, to show a payout never depends on it.
contract BrokenRecorder is IWorkRecorder {
    function recordWork(address, uint256) external pure {
        revert("down");
    }
}

/// @notice The market reports accepted work to the emission schedule once governance turns
/// it on, and a failing recorder never blocks a node's payout.
contract WorkRecorderTest is Base {
    function _acceptOne() internal returns (uint256 jobId, uint256 claimId) {
        jobId = _createJob(_jobParams(4, IJobMarket.VerificationMode.SpotCheck));
        claimId = _work(nodes[0], jobId, 4, true);
        vm.prank(_verifierOf(claimId));
        d.market.submitVerdict(claimId, true);
    }

    function test_ReportWork_OffByDefault() public {
        _acceptOne();
        (uint256 epoch,) = d.emissions.currentEpoch();
        assertEq(d.emissions.workOf(nodes[0], epoch), 0);
    }

    function test_ReportWork_RecordsValuePaidWhenEnabled() public {
        vm.prank(address(d.timelock));
        d.market.setWorkRecorder(IWorkRecorder(address(d.emissions)));
        _acceptOne();
        (uint256 epoch,) = d.emissions.currentEpoch();
        // Work is the value paid for it (4 units × price); reputation 5000 weighs it by 0.5^k.
        assertGt(d.emissions.workOf(nodes[0], epoch), 0);
        assertLe(d.emissions.workOf(nodes[0], epoch), 4 * uint256(PRICE));
    }

    function test_ReportWork_BrokenRecorderNeverBlocksPayout() public {
        BrokenRecorder broken = new BrokenRecorder();
        vm.prank(address(d.timelock));
        d.market.setWorkRecorder(broken);
        uint256 jobId = _createJob(_jobParams(4, IJobMarket.VerificationMode.SpotCheck));
        uint256 claimId = _work(nodes[0], jobId, 4, true);
        address verifier = _verifierOf(claimId);
        uint256 before = d.token.balanceOf(nodes[0]);
        vm.expectEmit(address(d.market));
        emit IJobMarket.WorkReportFailed(nodes[0], 4 * uint256(PRICE));
        vm.prank(verifier);
        d.market.submitVerdict(claimId, true);
        assertGt(d.token.balanceOf(nodes[0]), before, "node paid anyway");
        assertEq(
            uint256(d.market.claimOf(claimId).status), uint256(IJobMarket.ClaimStatus.Accepted)
        );
        assertEq(d.market.jobOf(jobId).unitsAccepted, 4);
    }

    function test_RevertWhen_SetWorkRecorder_NotGovernance() public {
        vm.expectRevert();
        d.market.setWorkRecorder(IWorkRecorder(address(d.emissions)));
    }
}
