// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @notice Minimal test base: cheatcodes, assertions, bounding and invariant targeting.
/// @dev Assertions delegate to Foundry's `vm.assert*` cheatcodes, which revert with a
/// readable message, so a failed check always fails the test.
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Forge recognises test contracts by this flag.
    bool public IS_TEST = true;

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    address[] private _targetSenders;
    address[] private _excludeSenders;
    FuzzSelector[] private _targetSelectors;

    // ---------------------------------------------------------------- invariant targeting

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    function targetSender(address sender) internal {
        _targetSenders.push(sender);
    }

    function excludeSender(address sender) internal {
        _excludeSenders.push(sender);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetSelectors.push(selector);
    }

    /// @dev Read by forge's invariant runner.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    /// @dev Read by forge's invariant runner.
    function targetSenders() public view returns (address[] memory) {
        return _targetSenders;
    }

    /// @dev Read by forge's invariant runner.
    function excludeSenders() public view returns (address[] memory) {
        return _excludeSenders;
    }

    /// @dev Read by forge's invariant runner.
    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    // ---------------------------------------------------------------- helpers

    /// @dev Maps any x into [min, max] uniformly enough for fuzzing, keeping edge values
    /// reachable (x within range is returned unchanged).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    function makeAddr(string memory name) internal returns (address a) {
        a = address(uint160(uint256(keccak256(bytes(name)))));
        vm.label(a, name);
    }

    function makeAddrAndKey(string memory name) internal returns (address a, uint256 key) {
        key = uint256(keccak256(bytes(name)))
            % 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        a = vm.addr(key);
        vm.label(a, name);
    }

    function skip(uint256 secs) internal {
        vm.warp(block.timestamp + secs);
    }

    // ---------------------------------------------------------------- assertions

    function assertTrue(bool c) internal pure {
        vm.assertTrue(c, "expected true");
    }

    function assertTrue(bool c, string memory err) internal pure {
        vm.assertTrue(c, err);
    }

    function assertFalse(bool c) internal pure {
        vm.assertFalse(c, "expected false");
    }

    function assertFalse(bool c, string memory err) internal pure {
        vm.assertFalse(c, err);
    }

    function assertEq(uint256 a, uint256 b) internal pure {
        vm.assertEq(a, b, "values differ");
    }

    function assertEq(uint256 a, uint256 b, string memory err) internal pure {
        vm.assertEq(a, b, err);
    }

    function assertEq(address a, address b) internal pure {
        vm.assertEq(a, b, "addresses differ");
    }

    function assertEq(address a, address b, string memory err) internal pure {
        vm.assertEq(a, b, err);
    }

    function assertEq(bytes32 a, bytes32 b) internal pure {
        vm.assertEq(a, b, "bytes32 differ");
    }

    function assertEq(bytes32 a, bytes32 b, string memory err) internal pure {
        vm.assertEq(a, b, err);
    }

    function assertEq(bool a, bool b) internal pure {
        vm.assertEq(a, b, "bools differ");
    }

    function assertEq(string memory a, string memory b) internal pure {
        vm.assertEq(a, b, "strings differ");
    }

    function assertEq(bytes memory a, bytes memory b) internal pure {
        vm.assertEq(a, b, "bytes differ");
    }

    function assertNotEq(uint256 a, uint256 b) internal pure {
        vm.assertNotEq(a, b, "values equal");
    }

    function assertNotEq(bytes32 a, bytes32 b) internal pure {
        vm.assertNotEq(a, b, "bytes32 equal");
    }

    function assertLt(uint256 a, uint256 b) internal pure {
        vm.assertLt(a, b, "not less");
    }

    function assertLe(uint256 a, uint256 b) internal pure {
        vm.assertLe(a, b, "not less or equal");
    }

    function assertLe(uint256 a, uint256 b, string memory err) internal pure {
        vm.assertLe(a, b, err);
    }

    function assertGt(uint256 a, uint256 b) internal pure {
        vm.assertGt(a, b, "not greater");
    }

    function assertGt(uint256 a, uint256 b, string memory err) internal pure {
        vm.assertGt(a, b, err);
    }

    function assertLt(uint256 a, uint256 b, string memory err) internal pure {
        vm.assertLt(a, b, err);
    }

    function assertGe(uint256 a, uint256 b) internal pure {
        vm.assertGe(a, b, "not greater or equal");
    }

    function assertGe(uint256 a, uint256 b, string memory err) internal pure {
        vm.assertGe(a, b, err);
    }

    function assertApproxEqAbs(uint256 a, uint256 b, uint256 d) internal pure {
        vm.assertApproxEqAbs(a, b, d, "not approximately equal");
    }
}
