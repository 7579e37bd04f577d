// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DevnetUSD} from "../../src/devnet/DevnetUSD.sol";
import {Test} from "../utils/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @notice The devnet's test dollar: owner-only minting, plain ERC-20 transfers and ERC-2612
/// permits signed with a real key.
contract DevnetUSDTest is Test {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    DevnetUSD internal usd;
    address internal owner = makeAddr("owner");
    address internal bob = makeAddr("bob");
    address internal alice;
    uint256 internal aliceKey;

    function setUp() public {
        (alice, aliceKey) = makeAddrAndKey("alice");
        usd = new DevnetUSD(owner);
    }

    function test_Metadata() public view {
        assertEq(usd.name(), "Devnet USD");
        assertEq(usd.symbol(), "dUSD");
        assertEq(uint256(usd.decimals()), 18);
        assertEq(usd.owner(), owner);
        assertEq(usd.totalSupply(), 0);
    }

    function test_Mint_ByOwner() public {
        vm.prank(owner);
        usd.mint(alice, 1_000_000 ether);
        assertEq(usd.balanceOf(alice), 1_000_000 ether);
        assertEq(usd.totalSupply(), 1_000_000 ether);
    }

    function test_RevertWhen_MintByOutsider() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bob));
        vm.prank(bob);
        usd.mint(bob, 1 ether);
    }

    function testFuzz_Transfer(uint256 minted, uint256 sent) public {
        minted = bound(minted, 0, type(uint128).max);
        sent = bound(sent, 0, minted);
        vm.prank(owner);
        usd.mint(alice, minted);
        vm.prank(alice);
        usd.transfer(bob, sent);
        assertEq(usd.balanceOf(alice), minted - sent);
        assertEq(usd.balanceOf(bob), sent);
        assertEq(usd.totalSupply(), minted);
    }

    function test_RevertWhen_TransferExceedsBalance() public {
        vm.prank(owner);
        usd.mint(alice, 5 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, alice, 5 ether, 6 ether
            )
        );
        vm.prank(alice);
        usd.transfer(bob, 6 ether);
    }

    function test_Permit_SetsAllowance() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = _permitDigest(alice, bob, 7 ether, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        usd.permit(alice, bob, 7 ether, deadline, v, r, s);
        assertEq(usd.allowance(alice, bob), 7 ether);
        assertEq(usd.nonces(alice), 1);
    }

    function test_RevertWhen_PermitSignedByAnother() public {
        uint256 deadline = block.timestamp + 1 hours;
        (, uint256 bobKey) = makeAddrAndKey("bob-signer");
        bytes32 digest = _permitDigest(alice, bob, 7 ether, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(bobKey, digest);
        vm.expectRevert();
        usd.permit(alice, bob, 7 ether, deadline, v, r, s);
    }

    function _permitDigest(
        address holder,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, holder, spender, value, nonce, deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", usd.DOMAIN_SEPARATOR(), structHash));
    }
}
