// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Registry of render nodes: hardware, benchmark, tier, encryption key, region.
interface INodeRegistry {
    /// @notice What an operator declares about its node.
    /// @param gpuModel Free text, e.g. "NVIDIA RTX 4090" (≤ 64 bytes).
    /// @param vramMb GPU memory in MiB (0 for CPU-only nodes).
    /// @param benchmarkScore Score of the standard benchmark render (higher is faster).
    /// @param encryptionKey X25519 public key that private scene keys are wrapped to.
    /// @param region ISO 3166-1 alpha-2 country code, e.g. "DE".
    /// @param endpoint URL where the node can be reached (≤ 256 bytes, may be empty).
    struct NodeParams {
        string gpuModel;
        uint32 vramMb;
        uint32 benchmarkScore;
        bytes32 encryptionKey;
        bytes2 region;
        string endpoint;
    }

    /// @notice A registered node as stored.
    struct Node {
        bool registered;
        bool active;
        uint8 scoreTier;
        uint32 vramMb;
        uint32 benchmarkScore;
        uint40 registeredAt;
        bytes2 region;
        bytes32 encryptionKey;
        string gpuModel;
        string endpoint;
    }

    /// @notice The node is already registered.
    error AlreadyRegistered(address node);
    /// @notice The node is not registered.
    error NotRegistered(address node);
    /// @notice The region is not two upper-case ASCII letters.
    error InvalidRegion(bytes2 region);
    /// @notice The encryption key is zero.
    error MissingEncryptionKey();
    /// @notice A text field is longer than allowed.
    /// @param field The field name.
    /// @param length Its length in bytes.
    /// @param max The limit.
    error FieldTooLong(string field, uint256 length, uint256 max);
    /// @notice Tier thresholds must strictly increase.
    error InvalidTierThresholds();
    /// @notice Minimum stakes must not decrease with tier.
    error InvalidMinStakes();

    /// @notice A node registered.
    event NodeRegistered(
        address indexed node, uint8 scoreTier, bytes2 region, uint32 benchmarkScore
    );
    /// @notice A node changed its declaration.
    event NodeUpdated(address indexed node, uint8 scoreTier, bytes2 region, uint32 benchmarkScore);
    /// @notice A node stopped or resumed taking work.
    event NodeActiveSet(address indexed node, bool active);
    /// @notice Benchmark score thresholds for tiers 1..3 changed.
    event TierThresholdsSet(uint32[3] thresholds);
    /// @notice Minimum bonded stake per tier changed.
    event MinStakesSet(uint256[4] minStakes);

    /// @notice Registers the caller as a node.
    function register(NodeParams calldata params) external;
    /// @notice Updates the caller's declaration.
    function update(NodeParams calldata params) external;
    /// @notice Stops (false) or resumes (true) taking new work.
    function setActive(bool active) external;

    /// @notice The stored node.
    function nodeOf(address node) external view returns (Node memory);
    /// @notice Tier the benchmark score alone earns (0..3).
    function tierForScore(uint256 score) external view returns (uint8);
    /// @notice Tier a node can work at now: its score tier capped by the tier its bonded stake covers.
    function effectiveTier(address node) external view returns (uint8);
    /// @notice Whether `node` is registered, active and staked enough for `minTier`.
    function isEligible(address node, uint8 minTier) external view returns (bool);
    /// @notice Number of active nodes.
    function activeCount() external view returns (uint256);
    /// @notice Active node at `index` (order changes as nodes leave).
    function activeNodeAt(uint256 index) external view returns (address);
    /// @notice The encryption key of `node`.
    function encryptionKeyOf(address node) external view returns (bytes32);
    /// @notice The region of `node`.
    function regionOf(address node) external view returns (bytes2);
}
