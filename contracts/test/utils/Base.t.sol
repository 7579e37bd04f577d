// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GridlightDeployment} from "../../script/GridlightDeployment.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";
import {FrameTree} from "../../src/libraries/FrameTree.sol";
import {MerkleHelper} from "./MerkleHelper.sol";
import {Test} from "./Test.sol";

/// @notice Deploys the whole system once (through the real deployment wiring) and offers
/// helpers that read like the job lifecycle.
abstract contract Base is Test, GridlightDeployment {
    Deployed internal d;
    Config internal config;

    address internal requester;
    address[] internal nodes;

    uint96 internal constant PRICE = 10 ether;
    uint256 internal constant NODE_STAKE = 50_000 ether;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        vm.roll(100);
        config = _defaultConfig(address(this));
        d = _deployAll(address(this), config);
        requester = makeAddr("requester");
        d.token.transfer(requester, 10_000_000 ether);
        for (uint256 i = 0; i < 6; ++i) {
            address n = makeAddr(string.concat("node", vm.toString(i)));
            nodes.push(n);
            _setupNode(n, NODE_STAKE, 5000);
        }
    }

    // ------------------------------------------------------------------ actors

    function _setupNode(address node, uint256 stakeAmount, uint32 score) internal {
        d.token.transfer(node, stakeAmount);
        vm.startPrank(node);
        d.token.approve(address(d.staking), stakeAmount);
        d.staking.stake(stakeAmount);
        d.registry.register(_nodeParams(node, score));
        vm.stopPrank();
    }

    function _nodeParams(address node, uint32 score)
        internal
        pure
        returns (INodeRegistry.NodeParams memory)
    {
        return INodeRegistry.NodeParams({
            gpuModel: "NVIDIA RTX 4090",
            vramMb: 24_576,
            benchmarkScore: score,
            encryptionKey: keccak256(abi.encode("x25519", node)),
            region: "DE",
            endpoint: "http://127.0.0.1:9000"
        });
    }

    // ------------------------------------------------------------------ jobs

    function _jobParams(uint32 units, IJobMarket.VerificationMode mode)
        internal
        view
        returns (IJobMarket.JobParams memory p)
    {
        p.manifestDigest = sha256("manifest");
        p.unitCount = units;
        p.pricePerUnit = PRICE;
        p.deadline = uint40(block.timestamp + 1 days);
        p.claimTtl = 2 hours;
        p.replication = mode == IJobMarket.VerificationMode.Replicated ? 3 : 1;
        p.mode = mode;
        p.minTier = 0;
        p.minReputation = 0;
        p.confidenceBps = 6000;
        p.integrator = address(0);
    }

    function _createJob(IJobMarket.JobParams memory p) internal returns (uint256 jobId) {
        uint256 budget = uint256(p.unitCount) * p.pricePerUnit * p.replication;
        vm.startPrank(requester);
        d.token.approve(address(d.market), budget);
        jobId = d.market.createJob(p);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ results

    /// @notice The honest pixel hash of unit `i` of `jobId` (what Blender would produce).
    function _pixelHash(uint256 jobId, uint256 i) internal pure returns (bytes32) {
        return keccak256(abi.encode("pixels", jobId, i));
    }

    function _leaves(uint256 jobId, uint256 start, uint256 count, bool honest)
        internal
        pure
        returns (bytes32[] memory leaves)
    {
        leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            bytes32 h = honest
                ? _pixelHash(jobId, start + i)
                : keccak256(abi.encode("fake", jobId, start + i));
            leaves[i] = FrameTree.leaf(start + i, h);
        }
    }

    function _resultRoot(uint256 jobId, uint256 claimId, bool honest)
        internal
        view
        returns (bytes32)
    {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        IJobMarket.Task memory t = d.market.taskOf(c.jobId, c.taskIndex);
        return MerkleHelper.orderedRoot(_leaves(jobId, t.start, t.count, honest));
    }

    /// @notice Node claims, commits and reveals an honest (or fake) result.
    function _work(address node, uint256 jobId, uint256 units, bool honest)
        internal
        returns (uint256 claimId)
    {
        vm.prank(node);
        claimId = d.market.claim(jobId, units);
        _commitReveal(node, jobId, claimId, honest);
    }

    function _commitReveal(address node, uint256 jobId, uint256 claimId, bool honest) internal {
        bytes32 root = _resultRoot(jobId, claimId, honest);
        bytes32 salt = keccak256(abi.encode("salt", claimId));
        bytes32 seal = d.market.computeSeal(root, salt, node);
        vm.prank(node);
        d.market.commit(claimId, seal);
        vm.prank(node);
        d.market.reveal(claimId, root, salt);
    }

    /// @notice The verifier selected for a spot-checked claim.
    function _verifierOf(uint256 claimId) internal view returns (address) {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        return d.market.taskOf(c.jobId, c.taskIndex).party;
    }

    /// @notice The job-tree leaf of an accepted claim (FrameTree.rangeLeaf).
    function _rangeLeafOf(uint256 claimId) internal view returns (bytes32) {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        IJobMarket.Task memory t = d.market.taskOf(c.jobId, c.taskIndex);
        return FrameTree.rangeLeaf(t.start, t.count, c.sealOrRoot);
    }

    /// @notice Proof of a frame against the job root, given the accepted claims in order:
    /// [range word, claim-tree siblings, job-tree siblings].
    function _frameProof(uint256 jobId, uint256[] memory acceptedClaims, uint256 frame)
        internal
        view
        returns (bytes32[] memory)
    {
        bytes32[] memory rangeLeaves = new bytes32[](acceptedClaims.length);
        uint256 which;
        bytes32[] memory head = new bytes32[](1);
        bytes32[] memory inner;
        for (uint256 k = 0; k < acceptedClaims.length; ++k) {
            IJobMarket.Claim memory c = d.market.claimOf(acceptedClaims[k]);
            IJobMarket.Task memory t = d.market.taskOf(c.jobId, c.taskIndex);
            rangeLeaves[k] = FrameTree.rangeLeaf(t.start, t.count, c.sealOrRoot);
            if (frame >= t.start && frame < t.start + t.count) {
                which = k;
                head[0] = bytes32((uint256(t.start) << 32) | t.count);
                inner = MerkleHelper.orderedProof(
                    _leaves(jobId, t.start, t.count, true), frame - t.start
                );
            }
        }
        return MerkleHelper.concat(
            MerkleHelper.concat(head, inner), MerkleHelper.proof(rangeLeaves, which)
        );
    }
}
