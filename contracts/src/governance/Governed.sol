// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGoverned} from "../interfaces/IGoverned.sol";

/// @title Governed
/// @notice Single-owner access for parameters. After deployment the owner is the
/// TimelockController, so every parameter change passes a token vote and the delay.
abstract contract Governed is IGoverned {
    address private _governance;

    constructor(address initialGovernance) {
        if (initialGovernance == address(0)) revert ZeroAddress();
        _governance = initialGovernance;
        emit GovernanceTransferred(address(0), initialGovernance);
    }

    modifier onlyGovernance() {
        if (msg.sender != _governance) revert OnlyGovernance(msg.sender);
        _;
    }

    /// @inheritdoc IGoverned
    function transferGovernance(address newGovernance) external onlyGovernance {
        if (newGovernance == address(0)) revert ZeroAddress();
        emit GovernanceTransferred(_governance, newGovernance);
        _governance = newGovernance;
    }

    /// @inheritdoc IGoverned
    function governance() public view returns (address) {
        return _governance;
    }
}
