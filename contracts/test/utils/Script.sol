// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @notice Minimal forge script base (see Vm.sol for why this is ours).
abstract contract Script {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Forge recognises script contracts by this flag.
    bool public IS_SCRIPT = true;
}
