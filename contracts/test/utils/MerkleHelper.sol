// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @notice Test-side builder of FrameTree's trees (mirrors the SDK): balanced over leaves in
/// order, padded with zero leaves to a power of two. `root`/`proof` use commutative inner
/// nodes (the job tree); `orderedRoot`/`orderedProof` use keccak256(left ‖ right) (claim trees).
library MerkleHelper {
    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        return _root(leaves, _commutative);
    }

    function proof(bytes32[] memory leaves, uint256 index)
        internal
        pure
        returns (bytes32[] memory)
    {
        return _proof(leaves, index, _commutative);
    }

    function orderedRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        return _root(leaves, _ordered);
    }

    function orderedProof(bytes32[] memory leaves, uint256 index)
        internal
        pure
        returns (bytes32[] memory)
    {
        return _proof(leaves, index, _ordered);
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

    function _root(bytes32[] memory leaves, function(bytes32, bytes32) pure returns (bytes32) h)
        private
        pure
        returns (bytes32)
    {
        if (leaves.length == 0) return bytes32(0);
        bytes32[] memory level = _padded(leaves);
        while (level.length > 1) level = _level(level, h);
        return level[0];
    }

    function _proof(
        bytes32[] memory leaves,
        uint256 index,
        function(bytes32, bytes32) pure returns (bytes32) h
    ) private pure returns (bytes32[] memory p) {
        bytes32[] memory level = _padded(leaves);
        uint256 depth;
        while ((uint256(1) << depth) < level.length) ++depth;
        p = new bytes32[](depth);
        for (uint256 d = 0; d < depth; ++d) {
            p[d] = level[index ^ 1];
            level = _level(level, h);
            index >>= 1;
        }
    }

    function _level(bytes32[] memory level, function(bytes32, bytes32) pure returns (bytes32) h)
        private
        pure
        returns (bytes32[] memory next)
    {
        next = new bytes32[](level.length / 2);
        for (uint256 i = 0; i < next.length; ++i) {
            next[i] = h(level[2 * i], level[2 * i + 1]);
        }
    }

    function _commutative(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return Hashes.commutativeKeccak256(a, b);
    }

    function _ordered(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return keccak256(abi.encodePacked(a, b));
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
