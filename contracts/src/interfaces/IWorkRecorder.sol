// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice What the job market needs from the emission schedule: a place to report work.
interface IWorkRecorder {
    /// @notice Records `units` of accepted work by `node` in the current epoch.
    function recordWork(address node, uint256 units) external;
}
