// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FrameTree} from "../../src/libraries/FrameTree.sol";
import {MerkleHelper} from "../utils/MerkleHelper.sol";
import {Test} from "../utils/Test.sol";

/// @dev FrameTree.verify takes calldata; this exposes it.
contract FrameTreeVerifier {
    function verify(bytes32 root, uint256 i, bytes32 h, bytes32[] calldata proof)
        external
        pure
        returns (bool)
    {
        return FrameTree.verify(root, i, h, proof);
    }
}

/// @notice Position-bound frame proofs: every unit of every task verifies, nothing else does.
contract FrameTreeVerifyTest is Test {
    FrameTreeVerifier internal v = new FrameTreeVerifier();

    function _h(uint256 i) internal pure returns (bytes32) {
        return keccak256(abi.encode("px", i));
    }

    /// Builds tasks of the given sizes over units 0.., returns the job root and the range leaves.
    function _job(uint256[] memory sizes)
        internal
        pure
        returns (bytes32 root, bytes32[] memory rangeLeaves)
    {
        rangeLeaves = new bytes32[](sizes.length);
        uint256 start;
        for (uint256 k = 0; k < sizes.length; ++k) {
            rangeLeaves[k] = FrameTree.rangeLeaf(
                start, sizes[k], MerkleHelper.orderedRoot(_leaves(start, sizes[k]))
            );
            start += sizes[k];
        }
        root = MerkleHelper.root(rangeLeaves);
    }

    function _leaves(uint256 start, uint256 count) internal pure returns (bytes32[] memory l) {
        l = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            l[i] = FrameTree.leaf(start + i, _h(start + i));
        }
    }

    function _proof(uint256[] memory sizes, bytes32[] memory rangeLeaves, uint256 frame)
        internal
        pure
        returns (bytes32[] memory p)
    {
        uint256 start;
        for (uint256 k = 0; k < sizes.length; ++k) {
            if (frame < start + sizes[k]) {
                bytes32[] memory head = new bytes32[](1);
                head[0] = bytes32((start << 32) | sizes[k]);
                bytes32[] memory inner =
                    MerkleHelper.orderedProof(_leaves(start, sizes[k]), frame - start);
                return MerkleHelper.concat(
                    MerkleHelper.concat(head, inner), MerkleHelper.proof(rangeLeaves, k)
                );
            }
            start += sizes[k];
        }
    }

    function testFuzz_Verify_EveryFrameOfEveryTask(uint256 seed, uint8 taskCount) public view {
        uint256 n = bound(taskCount, 1, 6);
        uint256[] memory sizes = new uint256[](n);
        uint256 total;
        for (uint256 k = 0; k < n; ++k) {
            sizes[k] = bound(uint256(keccak256(abi.encode(seed, k))), 1, 9);
            total += sizes[k];
        }
        (bytes32 root, bytes32[] memory rangeLeaves) = _job(sizes);
        for (uint256 f = 0; f < total; ++f) {
            bytes32[] memory p = _proof(sizes, rangeLeaves, f);
            assertTrue(v.verify(root, f, _h(f), p), "honest frame verifies");
            assertFalse(v.verify(root, f, keccak256(abi.encode(f)), p), "wrong hash");
            assertFalse(v.verify(root, f + 1, _h(f + 1), p), "proof of another frame");
            bytes32[] memory q = MerkleHelper.concat(new bytes32[](0), p);
            q[q.length - 1] ^= bytes32(uint256(1));
            if (q.length > 1) assertFalse(v.verify(root, f, _h(f), q), "tampered sibling");
        }
    }

    function test_Verify_RejectsMalformedProofs() public view {
        uint256[] memory sizes = new uint256[](1);
        sizes[0] = 5;
        (bytes32 root,) = _job(sizes);
        bytes32[] memory empty = new bytes32[](0);
        assertFalse(v.verify(root, 0, _h(0), empty));
        bytes32[] memory short = new bytes32[](2);
        short[0] = bytes32(uint256(5));
        assertFalse(v.verify(root, 0, _h(0), short), "too few claim siblings");
        bytes32[] memory zeroCount = new bytes32[](4);
        assertFalse(v.verify(root, 0, _h(0), zeroCount), "count zero");
        bytes32[] memory high = new bytes32[](4);
        high[0] = bytes32(uint256(1) << 64 | 5);
        assertFalse(v.verify(root, 0, _h(0), high), "high bits set");
        assertFalse(v.verify(bytes32(0), 0, _h(0), high), "no root");
    }
}
