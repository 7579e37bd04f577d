// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governed} from "../governance/Governed.sol";
import {INodeRegistry} from "../interfaces/INodeRegistry.sol";
import {IStaking} from "../interfaces/IStaking.sol";

/// @title NodeRegistry
/// @notice Who can render. A node's tier is earned twice: by its benchmark score and by its
/// bonded stake; the effective tier is the lower of the two, so a fast node without
/// collateral cannot take high-value work. The benchmark score is self-declared; a node that
/// overstates it misses deadlines and loses reputation and stake, which is the check.
contract NodeRegistry is INodeRegistry, Governed {
    uint256 public constant MAX_GPU_MODEL_LENGTH = 64;
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;
    uint8 public constant TIER_COUNT = 4;

    IStaking private immutable _staking;

    mapping(address node => Node) private _nodes;
    /// @dev Active nodes, with 1-based positions, so joining and leaving are O(1).
    address[] private _active;
    mapping(address node => uint256) private _activePosition;
    uint32[3] private _tierThresholds;
    uint256[4] private _minStakes;

    constructor(
        IStaking staking_,
        address governance_,
        uint32[3] memory thresholds,
        uint256[4] memory minStakes_
    ) Governed(governance_) {
        if (address(staking_) == address(0)) revert ZeroAddress();
        _staking = staking_;
        _setTierThresholds(thresholds);
        _setMinStakes(minStakes_);
    }

    // ------------------------------------------------------------------ operator actions

    /// @inheritdoc INodeRegistry
    function register(NodeParams calldata params) external {
        Node storage n = _nodes[msg.sender];
        if (n.registered) revert AlreadyRegistered(msg.sender);
        _validate(params);
        n.registered = true;
        n.registeredAt = uint40(block.timestamp);
        uint8 tier = _write(n, params);
        _activate(msg.sender, n);
        emit NodeRegistered(msg.sender, tier, params.region, params.benchmarkScore);
    }

    /// @inheritdoc INodeRegistry
    function update(NodeParams calldata params) external {
        Node storage n = _nodes[msg.sender];
        if (!n.registered) revert NotRegistered(msg.sender);
        _validate(params);
        uint8 tier = _write(n, params);
        emit NodeUpdated(msg.sender, tier, params.region, params.benchmarkScore);
    }

    /// @inheritdoc INodeRegistry
    function setActive(bool active) external {
        Node storage n = _nodes[msg.sender];
        if (!n.registered) revert NotRegistered(msg.sender);
        if (active == n.active) return;
        if (active) _activate(msg.sender, n);
        else _deactivate(msg.sender, n);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Sets benchmark score thresholds for tiers 1, 2 and 3 (strictly increasing).
    function setTierThresholds(uint32[3] calldata thresholds) external onlyGovernance {
        _setTierThresholds(thresholds);
    }

    /// @notice Sets minimum bonded stake for tiers 0..3 (non-decreasing).
    function setMinStakes(uint256[4] calldata newMinStakes) external onlyGovernance {
        _setMinStakes(newMinStakes);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc INodeRegistry
    function nodeOf(address node) external view returns (Node memory) {
        return _nodes[node];
    }

    /// @inheritdoc INodeRegistry
    function tierForScore(uint256 score) public view returns (uint8 tier) {
        for (uint8 i = 0; i < 3; ++i) {
            if (score >= _tierThresholds[i]) tier = i + 1;
        }
    }

    /// @inheritdoc INodeRegistry
    function effectiveTier(address node) public view returns (uint8) {
        Node storage n = _nodes[node];
        uint256 bonded = _staking.bondedOf(node);
        uint8 tier = n.scoreTier;
        // Walk down to the highest tier the stake covers (at most 4 steps).
        while (tier > 0 && bonded < _minStakes[tier]) --tier;
        return tier;
    }

    /// @inheritdoc INodeRegistry
    function isEligible(address node, uint8 minTier) external view returns (bool) {
        Node storage n = _nodes[node];
        if (!n.active || n.scoreTier < minTier) return false;
        uint256 bonded = _staking.bondedOf(node);
        return bonded >= _minStakes[minTier] && bonded > 0;
    }

    /// @inheritdoc INodeRegistry
    function activeCount() external view returns (uint256) {
        return _active.length;
    }

    /// @inheritdoc INodeRegistry
    function activeNodeAt(uint256 index) external view returns (address) {
        return _active[index];
    }

    /// @inheritdoc INodeRegistry
    function encryptionKeyOf(address node) external view returns (bytes32) {
        return _nodes[node].encryptionKey;
    }

    /// @inheritdoc INodeRegistry
    function regionOf(address node) external view returns (bytes2) {
        return _nodes[node].region;
    }

    /// @notice Benchmark thresholds for tiers 1..3.
    function tierThresholds() external view returns (uint32[3] memory) {
        return _tierThresholds;
    }

    /// @notice Minimum bonded stake for tiers 0..3.
    function minStakes() external view returns (uint256[4] memory) {
        return _minStakes;
    }

    /// @notice The staking contract read for eligibility.
    function staking() external view returns (IStaking) {
        return _staking;
    }

    // ------------------------------------------------------------------ internal

    function _validate(NodeParams calldata p) internal pure {
        if (bytes(p.gpuModel).length > MAX_GPU_MODEL_LENGTH) {
            revert FieldTooLong("gpuModel", bytes(p.gpuModel).length, MAX_GPU_MODEL_LENGTH);
        }
        if (bytes(p.endpoint).length > MAX_ENDPOINT_LENGTH) {
            revert FieldTooLong("endpoint", bytes(p.endpoint).length, MAX_ENDPOINT_LENGTH);
        }
        if (p.encryptionKey == bytes32(0)) revert MissingEncryptionKey();
        bytes1 a = p.region[0];
        bytes1 b = p.region[1];
        if (a < 0x41 || a > 0x5A || b < 0x41 || b > 0x5A) revert InvalidRegion(p.region);
    }

    function _write(Node storage n, NodeParams calldata p) internal returns (uint8 tier) {
        tier = tierForScore(p.benchmarkScore);
        n.scoreTier = tier;
        n.vramMb = p.vramMb;
        n.benchmarkScore = p.benchmarkScore;
        n.region = p.region;
        n.encryptionKey = p.encryptionKey;
        n.gpuModel = p.gpuModel;
        n.endpoint = p.endpoint;
    }

    function _activate(address node, Node storage n) internal {
        n.active = true;
        _active.push(node);
        _activePosition[node] = _active.length;
        emit NodeActiveSet(node, true);
    }

    function _deactivate(address node, Node storage n) internal {
        n.active = false;
        uint256 pos = _activePosition[node];
        uint256 last = _active.length;
        if (pos != last) {
            address moved = _active[last - 1];
            _active[pos - 1] = moved;
            _activePosition[moved] = pos;
        }
        _active.pop();
        delete _activePosition[node];
        emit NodeActiveSet(node, false);
    }

    function _setTierThresholds(uint32[3] memory t) internal {
        if (t[0] == 0 || t[0] >= t[1] || t[1] >= t[2]) revert InvalidTierThresholds();
        _tierThresholds = t;
        emit TierThresholdsSet(t);
    }

    function _setMinStakes(uint256[4] memory m) internal {
        if (m[0] > m[1] || m[1] > m[2] || m[2] > m[3]) revert InvalidMinStakes();
        _minStakes = m;
        emit MinStakesSet(m);
    }
}
