// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @title FrameTree
/// @notice The Merkle scheme of render results, shared by the contracts and the SDK.
///
/// - leaf(i, h) = keccak256(bytes.concat(keccak256(abi.encode(i, h)))), i the unit index in
///   the job and h the hash of the frame's decoded pixels (double hashed, so no inner node
///   can pass for a leaf).
/// - A claim's result root is an ORDERED tree over its units (position p = i - start),
///   padded with zero leaves to the next power of two, inner node keccak256(left ‖ right).
///   Ordering binds every leaf to its position, so a node cannot slip a leaf for a frame
///   outside its range into its tree.
/// - An accepted task enters the job tree as rangeLeaf = keccak256(abi.encode(start, count,
///   resultRoot)), so its range is part of what the job commits to.
/// - The job's frame root is a tree over range leaves in acceptance order, zero-padded, with
///   commutative (sorted-pair) inner nodes, built incrementally below (O(log n) storage per
///   append, no loop over tasks at finalisation).
/// - A frame proof is [bytes32(start << 32 | count), claim-tree siblings (ceil(log2(count))
///   of them, leaf upward), job-tree siblings].
library FrameTree {
    /// @notice Enough levels for 2^32 accepted claims per job.
    uint256 internal constant MAX_DEPTH = 32;

    /// @notice Incremental tree: `branch[h]` holds the last left-hand node completed at height h.
    /// The leaf count is kept by the caller (packed into its own storage to save a slot).
    struct Accumulator {
        mapping(uint256 height => bytes32) branch;
    }

    /// @notice The job-tree leaf of an accepted task: its range and its result root.
    function rangeLeaf(uint256 start, uint256 count, bytes32 resultRoot)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(start, count, resultRoot));
    }

    /// @notice Whether `proof` shows that unit `index` of a job with `framesRoot` has pixel hash
    /// `pixelHash` (see the proof layout above). Never reverts on malformed proofs.
    function verify(bytes32 framesRoot, uint256 index, bytes32 pixelHash, bytes32[] calldata proof)
        internal
        pure
        returns (bool)
    {
        if (proof.length == 0 || framesRoot == bytes32(0)) return false;
        uint256 start = uint256(proof[0]) >> 32;
        uint256 count = uint256(proof[0]) & 0xffffffff;
        if (count == 0 || uint256(proof[0]) >> 64 != 0) return false;
        if (index < start || index - start >= count) return false;
        uint256 depth = _ceilLog2(count);
        if (proof.length < 1 + depth) return false;

        bytes32 node = leaf(index, pixelHash);
        uint256 position = index - start;
        for (uint256 k = 0; k < depth; ++k) {
            bytes32 sibling = proof[1 + k];
            node = position & 1 == 0 ? _hashPair(node, sibling) : _hashPair(sibling, node);
            position >>= 1;
        }
        node = rangeLeaf(start, count, node);
        for (uint256 k = 1 + depth; k < proof.length; ++k) {
            node = Hashes.commutativeKeccak256(node, proof[k]);
        }
        return node == framesRoot;
    }

    /// @notice The leaf for one unit's pixel hash.
    function leaf(uint256 unitIndex, bytes32 pixelHash) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(unitIndex, pixelHash))));
    }

    /// @notice Appends `node` (a range leaf) as leaf number `index` (0-based, in order).
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

    function _hashPair(bytes32 left, bytes32 right) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0x00, left)
            mstore(0x20, right)
            h := keccak256(0x00, 0x40)
        }
    }

    function _ceilLog2(uint256 n) private pure returns (uint256 d) {
        while ((uint256(1) << d) < n) ++d;
    }
}
