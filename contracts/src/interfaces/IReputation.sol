// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice On-chain reputation of nodes, moved by the outcomes of their work.
interface IReputation {
    /// @notice What happened to a piece of work.
    enum Outcome {
        Accepted,
        Late,
        Rejected,
        Slashed
    }

    /// @notice A node's record. `score` is in basis points (0..10_000).
    struct Record {
        uint16 score;
        bool seen;
        uint32 accepted;
        uint32 late;
        uint32 rejected;
        uint32 slashed;
    }

    /// @notice The caller may not record outcomes.
    /// @param caller The caller.
    error NotRecorder(address caller);
    /// @notice A parameter in basis points was above 10_000.
    /// @param value The rejected value.
    error InvalidBps(uint256 value);

    /// @notice A node's score changed.
    event ReputationUpdated(
        address indexed node, Outcome outcome, uint256 oldScore, uint256 newScore
    );
    /// @notice A contract was allowed or denied to record outcomes.
    event RecorderSet(address indexed recorder, bool allowed);
    /// @notice The score update rule changed.
    event RulesSet(
        uint256 initialScore,
        uint256 gainBps,
        uint256 lateLossBps,
        uint256 rejectLossBps,
        uint256 slashLossBps
    );

    /// @notice Records an outcome for `node` (recorders only).
    /// @return previousScore The score before this outcome.
    function record(address node, Outcome outcome) external returns (uint256 previousScore);
    /// @notice Current score of `node` in bps; unknown nodes have the initial score.
    function scoreOf(address node) external view returns (uint256);
    /// @notice The full record of `node`.
    function recordOf(address node) external view returns (Record memory);
}
