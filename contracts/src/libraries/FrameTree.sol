// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @title FrameTree
/// @notice The Merkle scheme of render results, shared by the contracts and the SDK.
///
/// A leaf is `keccak256(bytes.concat(keccak256(abi.encode(unitIndex, pixelHash))))` (double
/// hashed, so no inner node can pass for a leaf). A tree over n leaves in order is the
/// balanced tree padded with zero leaves to the next power of two, with commutative
/// (sorted-pair) keccak at every node, which is what OpenZeppelin's MerkleProof verifies.
///
/// Each claim's result root is such a tree over its units. The job's frame root is such a
/// tree over the accepted claim roots, in acceptance order, built incrementally below
/// (O(log n) storage per append, no loop over claims at finalisation). Because hashing is
/// commutative, a frame's proof is its path in the claim tree followed by the claim root's
/// path in the job tree.
library FrameTree {
    /// @notice Enough levels for 2^32 accepted claims per job.
    uint256 internal constant MAX_DEPTH = 32;

    /// @notice Incremental tree: `branch[h]` holds the last left-hand node completed at height h.
    /// The leaf count is kept by the caller (packed into its own storage to save a slot).
    struct Accumulator {
        mapping(uint256 height => bytes32) branch;
    }

    /// @notice The leaf for one unit's pixel hash.
    function leaf(uint256 unitIndex, bytes32 pixelHash) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(unitIndex, pixelHash))));
    }

    /// @notice Appends `node` (a claim root) as leaf number `index` (0-based, in order).
    function push(Accumulator storage acc, uint256 index, bytes32 node) internal {
        for (uint256 h = 0; h < MAX_DEPTH; ++h) {
            if ((index >> h) & 1 == 0) {
                acc.branch[h] = node;
                break;
            }
            node = Hashes.commutativeKeccak256(acc.branch[h], node);
        }
    }

    /// @notice The root of the balanced, zero-padded tree over the `n` leaves pushed.
    function root(Accumulator storage acc, uint256 n) internal view returns (bytes32 node) {
        if (n == 0) return bytes32(0);
        uint256 depth = _ceilLog2(n);
        // A full tree's root was completed by the last push.
        if (n == (uint256(1) << depth)) return acc.branch[depth];
        bytes32 zero;
        uint256 size = n;
        for (uint256 h = 0; h < depth; ++h) {
            if (size & 1 == 1) node = Hashes.commutativeKeccak256(acc.branch[h], node);
            else node = Hashes.commutativeKeccak256(node, zero);
            zero = Hashes.commutativeKeccak256(zero, zero);
            size >>= 1;
        }
    }

    function _ceilLog2(uint256 n) private pure returns (uint256 d) {
        while ((uint256(1) << d) < n) ++d;
    }
}
