// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice The whole story: a governed deployment, staked nodes, a spot-checked job claimed
/// in batches, committed, revealed, verified, paid, certified and proven frame by frame.
contract LifecycleTest is Base {
    function test_Lifecycle_SpotCheck_CertificateProvesEveryFrame() public {
        // Governance wiring: the timelock owns every parameter.
        assertEq(d.market.governance(), address(d.timelock));
        assertEq(d.staking.governance(), address(d.timelock));
        assertEq(d.registry.governance(), address(d.timelock));
        assertEq(d.reputation.governance(), address(d.timelock));
        assertFalse(d.token.hasRole(d.token.DEFAULT_ADMIN_ROLE(), address(this)));

        uint32 units = 48;
        uint256 jobId = _createJob(_jobParams(units, IJobMarket.VerificationMode.SpotCheck));
        uint256 budget = uint256(units) * PRICE;
        assertEq(d.token.balanceOf(address(d.market)), budget);

        uint256[] memory claims = new uint256[](4);
        uint256[] memory before = new uint256[](4);
        for (uint256 i = 0; i < 4; ++i) {
            before[i] = d.token.balanceOf(nodes[i]);
            claims[i] = _work(nodes[i], jobId, 12, true);
        }
        for (uint256 i = 0; i < 4; ++i) {
            address verifier = _verifierOf(claims[i]);
            assertTrue(
                verifier != address(0) && verifier != nodes[i], "verifier drawn, not the worker"
            );
            vm.prank(verifier);
            d.market.submitVerdict(claims[i], true);
        }

        d.market.finalizeJob(jobId);
        IJobMarket.Job memory job = d.market.jobOf(jobId);
        assertEq(uint256(job.status), uint256(IJobMarket.JobStatus.Completed));
        assertEq(d.certificate.ownerOf(jobId), requester);

        // Every frame verifies; a tampered hash or wrong index does not.
        for (uint256 f = 0; f < units; ++f) {
            bytes32[] memory proof = _frameProof(jobId, claims, f);
            assertTrue(
                d.certificate.verifyFrame(jobId, f, _pixelHash(jobId, f), proof), "frame verifies"
            );
            assertFalse(
                d.certificate.verifyFrame(jobId, f, keccak256(abi.encode("tampered", f)), proof),
                "tampered"
            );
        }
        assertFalse(
            d.certificate.verifyFrame(jobId, 1, _pixelHash(jobId, 0), _frameProof(jobId, claims, 0))
        );

        // Escrow fully spent: node pay + verifier fees + accrued fees + refund == budget.
        (uint256 t, uint256 ins, uint256 burn) = d.market.accruedFees();
        uint256 paidToNodes;
        for (uint256 i = 0; i < 6; ++i) {
            uint256 b = d.token.balanceOf(nodes[i]);
            uint256 was = i < 4 ? before[i] : 0;
            paidToNodes += b - was;
        }
        assertEq(paidToNodes + t + ins + burn, budget, "escrow conserved");
        assertEq(d.token.balanceOf(address(d.market)), t + ins + burn, "market holds only fees");

        uint256 supplyBefore = d.token.totalSupply();
        d.market.distributeFees();
        assertEq(d.token.totalSupply(), supplyBefore - burn, "burn share burned");
        assertEq(d.token.balanceOf(address(d.market)), 0);

        string memory uri = d.certificate.tokenURI(jobId);
        assertGt(bytes(uri).length, 100);
    }

    function test_CidFromDigest_MatchesIpfsEncoding() public view {
        // sha256("") as raw CIDv1 — the well-known IPFS CID of the empty raw block.
        assertEq(
            d.certificate.cidFromDigest(sha256("")),
            "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
        );
    }
}
