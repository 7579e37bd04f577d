// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {FrameTree} from "../../src/libraries/FrameTree.sol";
import {Base} from "../utils/Base.t.sol";
import {MerkleHelper} from "../utils/MerkleHelper.sol";

/// @notice Attack: a node owning units 0..2 hides a leaf for unit 4 (owned by another node)
/// in the zero padding of its own result tree, hoping to make a second pixel hash "verify" as
/// frame 4 of the certificate. With the earlier commutative claim trees this worked, since a
/// proof did not bind a leaf to a position. FrameTree now hashes claim trees in order and
/// commits each task's range into the job tree, so only positions 0..count-1 of the task whose
/// range contains the frame can prove it.
contract OutOfRangeFrameProofTest is Base {
    function test_Attack_OutOfRangeFrameProof() public {
        uint256 jobId = _createJob(_jobParams(6, IJobMarket.VerificationMode.SpotCheck));
        bytes32 fake = keccak256("forged frame 4");

        // Attacker: units 0..2 with a 4th (padding) leaf for unit 4.
        vm.prank(nodes[0]);
        uint256 evil = d.market.claim(jobId, 3);
        bytes32[] memory leaves = new bytes32[](4);
        for (uint256 i = 0; i < 3; ++i) {
            leaves[i] = FrameTree.leaf(i, _pixelHash(jobId, i));
        }
        leaves[3] = FrameTree.leaf(4, fake);
        bytes32 evilRoot = MerkleHelper.orderedRoot(leaves);
        bytes32 salt = keccak256("s");
        bytes32 seal = d.market.computeSeal(evilRoot, salt, nodes[0]);
        vm.prank(nodes[0]);
        d.market.commit(evil, seal);
        vm.prank(nodes[0]);
        d.market.reveal(evil, evilRoot, salt);
        // Honest node: units 3..5.
        uint256 honest = _work(nodes[1], jobId, 3, true);
        uint256[] memory claims = new uint256[](2);
        claims[0] = evil;
        claims[1] = honest;
        for (uint256 k = 0; k < 2; ++k) {
            vm.prank(_verifierOf(claims[k]));
            d.market.submitVerdict(claims[k], true);
        }
        d.market.finalizeJob(jobId);

        // The honest frame 4 verifies.
        assertTrue(
            d.certificate.verifyFrame(jobId, 4, _pixelHash(jobId, 4), _frameProof(jobId, claims, 4))
        );

        // The forged frame 4 fails with the attacker's real range word …
        bytes32[] memory jobPath = MerkleHelper.proof(_rangeLeaves(claims), 0);
        bytes32[] memory attack = new bytes32[](3 + jobPath.length);
        attack[0] = bytes32((uint256(0) << 32) | 3);
        attack[1] = leaves[2];
        attack[2] = keccak256(abi.encodePacked(leaves[0], leaves[1]));
        for (uint256 k = 0; k < jobPath.length; ++k) {
            attack[3 + k] = jobPath[k];
        }
        assertFalse(d.certificate.verifyFrame(jobId, 4, fake, attack), "out of the task's range");
        // … and with a range word widened to include frame 4 (the range leaf no longer matches).
        attack[0] = bytes32((uint256(0) << 32) | 4);
        assertFalse(d.certificate.verifyFrame(jobId, 4, fake, attack), "forged range word");
        attack[0] = bytes32((uint256(1) << 32) | 4);
        assertFalse(d.certificate.verifyFrame(jobId, 4, fake, attack), "shifted range word");
    }

    function _rangeLeaves(uint256[] memory claims) internal view returns (bytes32[] memory r) {
        r = new bytes32[](claims.length);
        for (uint256 k = 0; k < claims.length; ++k) {
            r[k] = _rangeLeafOf(claims[k]);
        }
    }
}
