// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governed} from "../governance/Governed.sol";
import {IReputation} from "../interfaces/IReputation.sol";

/// @title Reputation
/// @notice Score per node in basis points. Good work moves the score a fixed fraction of the
/// way toward 10_000; bad work removes a fixed fraction of the current score. The rule is
/// bounded by construction and needs no history, so an update is O(1).
contract Reputation is IReputation, Governed {
    uint256 internal constant BPS = 10_000;

    mapping(address node => Record) private _records;
    mapping(address recorder => bool) private _recorders;
    uint16 private _initialScore = 5000;
    uint16 private _gainBps = 500;
    uint16 private _lateLossBps = 500;
    uint16 private _rejectLossBps = 2000;
    uint16 private _slashLossBps = 4000;

    constructor(address governance_) Governed(governance_) {
        emit RulesSet(5000, 500, 500, 2000, 4000);
    }

    /// @inheritdoc IReputation
    function record(address node, Outcome outcome) external returns (uint256 previousScore) {
        if (!_recorders[msg.sender]) revert NotRecorder(msg.sender);
        Record storage r = _records[node];
        uint256 oldScore = r.seen ? r.score : _initialScore;
        uint256 newScore;
        if (outcome == Outcome.Accepted) {
            newScore = oldScore + (BPS - oldScore) * _gainBps / BPS;
            r.accepted += 1;
        } else if (outcome == Outcome.Late) {
            newScore = oldScore - oldScore * _lateLossBps / BPS;
            r.late += 1;
        } else if (outcome == Outcome.Rejected) {
            newScore = oldScore - oldScore * _rejectLossBps / BPS;
            r.rejected += 1;
        } else {
            newScore = oldScore - oldScore * _slashLossBps / BPS;
            r.slashed += 1;
        }
        r.seen = true;
        // newScore <= BPS < 2^16 by the rules above.
        r.score = uint16(newScore);
        emit ReputationUpdated(node, outcome, oldScore, newScore);
        return oldScore;
    }

    /// @notice Allows or denies a contract (the job market) to record outcomes.
    function setRecorder(address recorder, bool allowed) external onlyGovernance {
        if (recorder == address(0)) revert ZeroAddress();
        _recorders[recorder] = allowed;
        emit RecorderSet(recorder, allowed);
    }

    /// @notice Sets the update rule; every value is in bps.
    function setRules(
        uint256 initialScore,
        uint256 gainBps,
        uint256 lateLossBps,
        uint256 rejectLossBps,
        uint256 slashLossBps
    ) external onlyGovernance {
        if (initialScore > BPS) revert InvalidBps(initialScore);
        if (gainBps > BPS) revert InvalidBps(gainBps);
        if (lateLossBps > BPS) revert InvalidBps(lateLossBps);
        if (rejectLossBps > BPS) revert InvalidBps(rejectLossBps);
        if (slashLossBps > BPS) revert InvalidBps(slashLossBps);
        _initialScore = uint16(initialScore);
        _gainBps = uint16(gainBps);
        _lateLossBps = uint16(lateLossBps);
        _rejectLossBps = uint16(rejectLossBps);
        _slashLossBps = uint16(slashLossBps);
        emit RulesSet(initialScore, gainBps, lateLossBps, rejectLossBps, slashLossBps);
    }

    /// @inheritdoc IReputation
    function scoreOf(address node) external view returns (uint256) {
        Record storage r = _records[node];
        return r.seen ? r.score : _initialScore;
    }

    /// @inheritdoc IReputation
    function recordOf(address node) external view returns (Record memory) {
        return _records[node];
    }

    /// @notice Whether `recorder` may record outcomes.
    function isRecorder(address recorder) external view returns (bool) {
        return _recorders[recorder];
    }

    /// @notice The update rule: (initial score, gain, late loss, reject loss, slash loss) in bps.
    function rules() external view returns (uint256, uint256, uint256, uint256, uint256) {
        return (_initialScore, _gainBps, _lateLossBps, _rejectLossBps, _slashLossBps);
    }
}
