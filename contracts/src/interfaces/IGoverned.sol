// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Access control for governance-owned parameters.
interface IGoverned {
    /// @notice The caller is not the governance address (the timelock once deployed).
    /// @param caller The account that tried to change a parameter.
    error OnlyGovernance(address caller);
    /// @notice A required address argument was zero.
    error ZeroAddress();

    /// @notice Governance moved to a new address.
    /// @param previous The old governance address.
    /// @param current The new governance address.
    event GovernanceTransferred(address indexed previous, address indexed current);

    /// @notice Hands every parameter of this contract to `newGovernance`.
    /// @param newGovernance The new owner of the parameters (the timelock in production).
    function transferGovernance(address newGovernance) external;

    /// @notice The address allowed to change parameters.
    function governance() external view returns (address);
}
