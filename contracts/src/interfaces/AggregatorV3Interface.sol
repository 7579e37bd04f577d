// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Chainlink's price feed interface (AggregatorV3Interface), same signatures, so a
/// Chainlink GLT/USD feed can replace the devnet feed by a governance call.
interface AggregatorV3Interface {
    /// @notice Decimals of `answer`.
    function decimals() external view returns (uint8);
    /// @notice What the feed prices (e.g. "GLT / USD").
    function description() external view returns (string memory);
    /// @notice Version of the aggregator.
    function version() external view returns (uint256);
    /// @notice A past round.
    /// @param roundId The round.
    function getRoundData(uint80 roundId)
        external
        view
        returns (
            uint80 roundId_,
            int256 answer,
            uint256 startedAt,
            uint256 updatedAt,
            uint80 answeredInRound
        );
    /// @notice The latest round.
    function latestRoundData()
        external
        view
        returns (
            uint80 roundId,
            int256 answer,
            uint256 startedAt,
            uint256 updatedAt,
            uint80 answeredInRound
        );
}
