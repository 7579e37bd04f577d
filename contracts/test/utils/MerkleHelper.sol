// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @notice Test-side builder of FrameTree's scheme: balanced tree over leaves in order, padded
/// with zero leaves to a power of two, commutative keccak nodes. Mirrors the SDK.
library MerkleHelper {
    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        if (leaves.length == 0) return bytes32(0);
        bytes32[] memory level = _padded(leaves);
        while (level.length > 1) {
            bytes32[] memory next = new bytes32[](level.length / 2);
            for (uint256 i = 0; i < next.length; ++i) {
                next[i] = Hashes.commutativeKeccak256(level[2 * i], level[2 * i + 1]);
            }
            level = next;
        }
        return level[0];
    }

    function proof(bytes32[] memory leaves, uint256 index)
        internal
        pure
        returns (bytes32[] memory p)
    {
        bytes32[] memory level = _padded(leaves);
        uint256 depth;
        while ((uint256(1) << depth) < level.length) ++depth;
        p = new bytes32[](depth);
        for (uint256 d = 0; d < depth; ++d) {
            p[d] = level[index ^ 1];
            bytes32[] memory next = new bytes32[](level.length / 2);
            for (uint256 i = 0; i < next.length; ++i) {
                next[i] = Hashes.commutativeKeccak256(level[2 * i], level[2 * i + 1]);
            }
            level = next;
            index >>= 1;
        }
    }

    /// @notice Root of an ORDERED tree (claim trees): inner node keccak256(left ‖ right).
    function orderedRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        if (leaves.length == 0) return bytes32(0);
        bytes32[] memory level = _padded(leaves);
        while (level.length > 1) level = _orderedLevel(level);
        return level[0];
    }

    /// @notice Siblings of leaf `index` in an ordered tree, leaf upward.
    function orderedProof(bytes32[] memory leaves, uint256 index)
        internal
        pure
        returns (bytes32[] memory p)
    {
        bytes32[] memory level = _padded(leaves);
        uint256 depth;
        while ((uint256(1) << depth) < level.length) ++depth;
        p = new bytes32[](depth);
        for (uint256 d = 0; d < depth; ++d) {
            p[d] = level[index ^ 1];
            level = _orderedLevel(level);
            index >>= 1;
        }
    }

    function _orderedLevel(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[](level.length / 2);
        for (uint256 i = 0; i < next.length; ++i) {
            next[i] = keccak256(abi.encodePacked(level[2 * i], level[2 * i + 1]));
        }
    }

    function concat(bytes32[] memory a, bytes32[] memory b)
        internal
        pure
        returns (bytes32[] memory c)
    {
        c = new bytes32[](a.length + b.length);
        for (uint256 i = 0; i < a.length; ++i) {
            c[i] = a[i];
        }
        for (uint256 i = 0; i < b.length; ++i) {
            c[a.length + i] = b[i];
        }
    }

    function _padded(bytes32[] memory leaves) private pure returns (bytes32[] memory out) {
        uint256 n = 1;
        while (n < leaves.length) n <<= 1;
        out = new bytes32[](n);
        for (uint256 i = 0; i < leaves.length; ++i) {
            out[i] = leaves[i];
        }
    }
}
