// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governed} from "../governance/Governed.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title EmissionsPriceFeed
/// @notice A GLT/USD feed set by governance, for the devnet and tests: it answers like a
/// Chainlink aggregator so Emissions can switch to a real feed without code changes.
contract EmissionsPriceFeed is AggregatorV3Interface, Governed {
    /// @notice A round that does not exist was requested.
    /// @param roundId The round.
    error RoundNotFound(uint80 roundId);
    /// @notice A non-positive price was set.
    /// @param answer The rejected answer.
    error InvalidAnswer(int256 answer);

    /// @notice Governance wrote a new price.
    /// @param roundId The new round.
    /// @param oldAnswer Previous answer.
    /// @param newAnswer New answer.
    event AnswerSet(uint80 indexed roundId, int256 oldAnswer, int256 newAnswer);

    struct Round {
        int256 answer;
        uint64 updatedAt;
    }

    uint8 private immutable _decimals;
    uint80 private _latestRound;
    mapping(uint80 roundId => Round) private _rounds;

    /// @param initialGovernance Who may set prices (the timelock after deployment).
    /// @param decimals_ Decimals of the answer (Chainlink USD feeds use 8).
    /// @param initialAnswer First price.
    constructor(address initialGovernance, uint8 decimals_, int256 initialAnswer)
        Governed(initialGovernance)
    {
        _decimals = decimals_;
        _setAnswer(initialAnswer);
    }

    /// @notice Writes a new price as a new round (governance only).
    /// @param answer The price with `decimals()` decimals.
    function setAnswer(int256 answer) external onlyGovernance {
        _setAnswer(answer);
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure returns (string memory) {
        return "GLT / USD (governance-set)";
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256, uint256, uint256, uint80)
    {
        Round memory r = _rounds[roundId];
        if (r.updatedAt == 0) revert RoundNotFound(roundId);
        return (roundId, r.answer, r.updatedAt, r.updatedAt, roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        uint80 id = _latestRound;
        Round memory r = _rounds[id];
        return (id, r.answer, r.updatedAt, r.updatedAt, id);
    }

    function _setAnswer(int256 answer) internal {
        if (answer <= 0) revert InvalidAnswer(answer);
        int256 old = _rounds[_latestRound].answer;
        uint80 id = _latestRound + 1;
        _latestRound = id;
        _rounds[id] = Round({answer: answer, updatedAt: uint64(block.timestamp)});
        emit AnswerSet(id, old, answer);
    }
}
