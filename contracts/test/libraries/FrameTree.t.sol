// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FrameTree} from "../../src/libraries/FrameTree.sol";
import {MerkleHelper} from "../utils/MerkleHelper.sol";
import {Test} from "../utils/Test.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @notice FrameTree: the incremental accumulator builds the same balanced, zero-padded,
/// commutative tree as the reference builder (MerkleHelper, which mirrors the SDK).
contract FrameTreeTest is Test {
    FrameTree.Accumulator internal acc;

    function _leaves(uint256 seed, uint256 n) internal pure returns (bytes32[] memory out) {
        out = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            out[i] = keccak256(abi.encode(seed, i));
        }
    }

    function _pushAll(bytes32[] memory leaves) internal {
        for (uint256 i = 0; i < leaves.length; ++i) {
            FrameTree.push(acc, i, leaves[i]);
        }
    }

    function _prefix(bytes32[] memory a, uint256 n) internal pure returns (bytes32[] memory p) {
        p = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            p[i] = a[i];
        }
    }

    // ------------------------------------------------------------------ leaf

    function test_Leaf_DoubleHashedEncoding() public pure {
        bytes32 px = keccak256("pixels");
        bytes32 expected = keccak256(bytes.concat(keccak256(abi.encode(uint256(5), px))));
        assertEq(FrameTree.leaf(5, px), expected);
        assertNotEq(FrameTree.leaf(5, px), FrameTree.leaf(6, px));
        assertNotEq(FrameTree.leaf(5, px), keccak256(abi.encode(uint256(5), px)));
    }

    function testFuzz_Leaf_BindsIndexAndHash(uint256 i, uint256 j, bytes32 a, bytes32 b)
        public
        pure
    {
        vm.assume(i != j || a != b);
        assertNotEq(FrameTree.leaf(i, a), FrameTree.leaf(j, b));
    }

    // ------------------------------------------------------------------ root

    function test_Root_EmptyIsZero() public view {
        assertEq(FrameTree.root(acc, 0), bytes32(0));
    }

    function test_Root_SingleLeafIsLeaf() public {
        FrameTree.push(acc, 0, keccak256("a"));
        assertEq(FrameTree.root(acc, 1), keccak256("a"));
    }

    function test_Root_ThreeLeavesHandComputed() public {
        bytes32 a = keccak256("a");
        bytes32 b = keccak256("b");
        bytes32 c = keccak256("c");
        FrameTree.push(acc, 0, a);
        FrameTree.push(acc, 1, b);
        FrameTree.push(acc, 2, c);
        bytes32 expected = Hashes.commutativeKeccak256(
            Hashes.commutativeKeccak256(a, b), Hashes.commutativeKeccak256(c, bytes32(0))
        );
        assertEq(FrameTree.root(acc, 3), expected);
    }

    function test_Root_MatchesMerkleHelperForEveryCountTo64() public {
        bytes32[] memory leaves = _leaves(1, 64);
        for (uint256 n = 1; n <= 64; ++n) {
            FrameTree.push(acc, n - 1, leaves[n - 1]);
            assertEq(FrameTree.root(acc, n), MerkleHelper.root(_prefix(leaves, n)));
        }
    }

    function testFuzz_Root_MatchesMerkleHelper(uint256 seed, uint256 n) public {
        n = bound(n, 1, 64);
        bytes32[] memory leaves = _leaves(seed, n);
        _pushAll(leaves);
        assertEq(FrameTree.root(acc, n), MerkleHelper.root(leaves));
    }

    /// @dev Reading the root after every append (as the market may) matches the reference
    /// at every prefix, so the stale branch entries left by earlier pushes never leak in.
    function testFuzz_Root_EveryPrefix(uint256 seed, uint256 n) public {
        n = bound(n, 1, 64);
        bytes32[] memory leaves = _leaves(seed, n);
        for (uint256 i = 0; i < n; ++i) {
            FrameTree.push(acc, i, leaves[i]);
            assertEq(FrameTree.root(acc, i + 1), MerkleHelper.root(_prefix(leaves, i + 1)));
        }
    }

    function testFuzz_Root_ProofsVerifyWithOpenZeppelin(uint256 seed, uint256 n, uint256 k) public {
        n = bound(n, 1, 64);
        k = bound(k, 0, n - 1);
        bytes32[] memory leaves = _leaves(seed, n);
        _pushAll(leaves);
        bytes32 root = FrameTree.root(acc, n);
        bytes32[] memory proof = MerkleHelper.proof(leaves, k);
        assertTrue(MerkleProof.verify(proof, root, leaves[k]), "member verifies");
        assertFalse(MerkleProof.verify(proof, root, keccak256("outsider")), "outsider fails");
    }

    function testFuzz_Root_ChangesWithAnyLeaf(uint256 seed, uint256 n, uint256 k) public {
        n = bound(n, 1, 64);
        k = bound(k, 0, n - 1);
        bytes32[] memory leaves = _leaves(seed, n);
        bytes32 honest = MerkleHelper.root(leaves);
        leaves[k] = keccak256(abi.encode("tampered", leaves[k]));
        _pushAll(leaves);
        assertNotEq(FrameTree.root(acc, n), honest);
    }
}
