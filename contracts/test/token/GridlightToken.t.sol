// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GridlightToken} from "../../src/token/GridlightToken.sol";
import {Base} from "../utils/Base.t.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";

/// @notice GLT: genesis, minting by MINTER_ROLE only (role admin is the timelock), burning,
/// ERC-2612 permit with real signatures, and ERC-5805 vote checkpoints.
contract GridlightTokenTest is Base {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    bytes32 internal constant DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");

    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal minter = makeAddr("minter");

    function setUp() public override {
        super.setUp();
        (alice, aliceKey) = makeAddrAndKey("alice");
        d.token.transfer(alice, 1000 ether);
    }

    // ------------------------------------------------------------------ helpers

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("Gridlight"),
                keccak256("1"),
                block.chainid,
                address(d.token)
            )
        );
    }

    function _permitDigest(
        address owner,
        address spender,
        uint256 value,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline)
        );
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
    }

    function _signPermit(uint256 key, address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        address owner = vm.addr(key);
        return vm.sign(key, _permitDigest(owner, spender, value, d.token.nonces(owner), deadline));
    }

    function _grantMinter(address who) internal {
        bytes32 role = d.token.MINTER_ROLE();
        vm.prank(address(d.timelock));
        d.token.grantRole(role, who);
    }

    // ------------------------------------------------------------------ metadata & genesis

    function test_Metadata_NameSymbolDecimals() public view {
        assertEq(d.token.name(), "Gridlight");
        assertEq(d.token.symbol(), "GLT");
        assertEq(d.token.decimals(), 18);
        assertEq(d.token.totalSupply(), config.genesisSupply);
    }

    function test_Constructor_MintsGenesisAndEmits() public {
        vm.expectEmit(true, false, false, true);
        emit GridlightToken.GenesisMinted(bob, 123 ether);
        GridlightToken t = new GridlightToken(alice, bob, 123 ether);
        assertEq(t.balanceOf(bob), 123 ether);
        assertEq(t.totalSupply(), 123 ether);
        assertTrue(t.hasRole(t.DEFAULT_ADMIN_ROLE(), alice));
        assertFalse(t.hasRole(t.DEFAULT_ADMIN_ROLE(), bob));
    }

    // ------------------------------------------------------------------ roles & mint

    function test_RoleAdmin_IsTimelock() public view {
        bytes32 admin = d.token.DEFAULT_ADMIN_ROLE();
        assertEq(d.token.getRoleAdmin(d.token.MINTER_ROLE()), admin);
        assertTrue(d.token.hasRole(admin, address(d.timelock)));
        assertFalse(d.token.hasRole(admin, address(this)), "deployer renounced");
        assertEq(d.token.MINTER_ROLE(), keccak256("MINTER_ROLE"));
    }

    function test_Mint_ByMinter() public {
        _grantMinter(minter);
        uint256 supply = d.token.totalSupply();
        vm.prank(minter);
        d.token.mint(bob, 5 ether);
        assertEq(d.token.balanceOf(bob), 5 ether);
        assertEq(d.token.totalSupply(), supply + 5 ether);
    }

    function test_RevertWhen_MintByNonMinter() public {
        bytes32 role = d.token.MINTER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role
            )
        );
        vm.prank(bob);
        d.token.mint(bob, 1);
    }

    function test_RevertWhen_MintByTimelockWithoutRole() public {
        // The timelock administers the role but does not hold it.
        bytes32 role = d.token.MINTER_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(d.timelock), role
            )
        );
        vm.prank(address(d.timelock));
        d.token.mint(bob, 1);
    }

    function test_RevertWhen_MintAfterRoleRevoked() public {
        _grantMinter(minter);
        bytes32 role = d.token.MINTER_ROLE();
        vm.prank(address(d.timelock));
        d.token.revokeRole(role, minter);
        assertFalse(d.token.hasRole(role, minter));
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, minter, role
            )
        );
        vm.prank(minter);
        d.token.mint(bob, 1);
    }

    function test_RevertWhen_DeployerGrantsMinter() public {
        bytes32 role = d.token.MINTER_ROLE();
        bytes32 admin = d.token.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, address(this), admin
            )
        );
        d.token.grantRole(role, address(this));
    }

    function testFuzz_Mint(address to, uint256 amount) public {
        vm.assume(to != address(0));
        uint256 supply = d.token.totalSupply();
        amount = bound(amount, 0, uint256(type(uint208).max) - supply);
        _grantMinter(minter);
        uint256 before = d.token.balanceOf(to);
        vm.prank(minter);
        d.token.mint(to, amount);
        assertEq(d.token.balanceOf(to), before + amount);
        assertEq(d.token.totalSupply(), supply + amount);
    }

    function testFuzz_RevertWhen_MintAboveVotesCap(uint256 amount) public {
        uint256 supply = d.token.totalSupply();
        uint256 cap = type(uint208).max;
        amount = bound(amount, cap - supply + 1, type(uint256).max - supply);
        _grantMinter(minter);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC20Votes.ERC20ExceededSafeSupply.selector, supply + amount, cap
            )
        );
        vm.prank(minter);
        d.token.mint(bob, amount);
    }

    // ------------------------------------------------------------------ burn

    function testFuzz_Burn(uint256 amount) public {
        amount = bound(amount, 0, 1000 ether);
        uint256 supply = d.token.totalSupply();
        vm.prank(alice);
        d.token.burn(amount);
        assertEq(d.token.balanceOf(alice), 1000 ether - amount);
        assertEq(d.token.totalSupply(), supply - amount);
    }

    function test_RevertWhen_BurnExceedsBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, alice, 1000 ether, 1000 ether + 1
            )
        );
        vm.prank(alice);
        d.token.burn(1000 ether + 1);
    }

    function testFuzz_BurnFrom(uint256 allowance, uint256 amount) public {
        allowance = bound(allowance, 0, 1000 ether);
        amount = bound(amount, 0, allowance);
        vm.prank(alice);
        d.token.approve(bob, allowance);
        uint256 supply = d.token.totalSupply();
        vm.prank(bob);
        d.token.burnFrom(alice, amount);
        assertEq(d.token.balanceOf(alice), 1000 ether - amount);
        assertEq(d.token.allowance(alice, bob), allowance - amount);
        assertEq(d.token.totalSupply(), supply - amount);
    }

    function test_RevertWhen_BurnFromWithoutAllowance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, 1)
        );
        vm.prank(bob);
        d.token.burnFrom(alice, 1);
    }

    // ------------------------------------------------------------------ permit

    function test_DomainSeparator_MatchesEip712() public view {
        assertEq(d.token.DOMAIN_SEPARATOR(), _domainSeparator());
    }

    function test_Permit_WithRealSignature() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, bob, 300 ether, deadline);
        assertEq(d.token.nonces(alice), 0);
        d.token.permit(alice, bob, 300 ether, deadline, v, r, s);
        assertEq(d.token.allowance(alice, bob), 300 ether);
        assertEq(d.token.nonces(alice), 1);

        vm.prank(bob);
        d.token.transferFrom(alice, bob, 300 ether);
        assertEq(d.token.balanceOf(bob), 300 ether);
    }

    function test_Permit_AtDeadline() public {
        uint256 deadline = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, bob, 1, deadline);
        d.token.permit(alice, bob, 1, deadline, v, r, s);
        assertEq(d.token.allowance(alice, bob), 1);
    }

    function test_RevertWhen_PermitReplayed() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, bob, 300 ether, deadline);
        d.token.permit(alice, bob, 300 ether, deadline, v, r, s);
        // The nonce moved, so the same signature recovers to some other address.
        vm.expectRevert();
        d.token.permit(alice, bob, 300 ether, deadline, v, r, s);
        assertEq(d.token.nonces(alice), 1);
    }

    function test_RevertWhen_PermitExpired() public {
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, bob, 1, deadline);
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline)
        );
        d.token.permit(alice, bob, 1, deadline, v, r, s);
    }

    function test_RevertWhen_PermitSignedByOther() public {
        (address mallory, uint256 malloryKey) = makeAddrAndKey("mallory");
        uint256 deadline = block.timestamp + 1;
        // Mallory signs a permit naming alice as owner.
        bytes32 digest = _permitDigest(alice, bob, 1, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(malloryKey, digest);
        vm.expectRevert(
            abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, mallory, alice)
        );
        d.token.permit(alice, bob, 1, deadline, v, r, s);
    }

    function test_RevertWhen_PermitValueTampered() public {
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, bob, 1, deadline);
        vm.expectRevert();
        d.token.permit(alice, bob, 2, deadline, v, r, s);
        assertEq(d.token.allowance(alice, bob), 0);
    }

    function testFuzz_Permit(uint256 value, uint256 deadlineOffset, address spender) public {
        vm.assume(spender != address(0));
        deadlineOffset = bound(deadlineOffset, 0, 365 days);
        uint256 deadline = block.timestamp + deadlineOffset;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(aliceKey, spender, value, deadline);
        d.token.permit(alice, spender, value, deadline, v, r, s);
        assertEq(d.token.allowance(alice, spender), value);
        assertEq(d.token.nonces(alice), 1);
    }

    // ------------------------------------------------------------------ votes

    function test_Votes_ZeroUntilDelegated() public {
        assertEq(d.token.getVotes(alice), 0);
        assertEq(d.token.delegates(alice), address(0));
        vm.prank(alice);
        d.token.delegate(alice);
        assertEq(d.token.delegates(alice), alice);
        assertEq(d.token.getVotes(alice), 1000 ether);
        assertEq(d.token.numCheckpoints(alice), 1);
        assertEq(d.token.checkpoints(alice, 0)._key, block.number);
        assertEq(d.token.checkpoints(alice, 0)._value, 1000 ether);
    }

    function test_Votes_ClockIsBlockNumber() public view {
        assertEq(d.token.clock(), block.number);
        assertEq(d.token.CLOCK_MODE(), "mode=blocknumber&from=default");
    }

    function test_Votes_CheckpointsFollowTransfersAndDelegation() public {
        vm.prank(alice);
        d.token.delegate(alice);
        uint256 b0 = block.number;

        vm.roll(b0 + 1);
        vm.prank(alice);
        d.token.transfer(bob, 400 ether);
        assertEq(d.token.getVotes(alice), 600 ether);
        assertEq(d.token.getVotes(bob), 0, "bob did not delegate");

        vm.roll(b0 + 2);
        vm.prank(alice);
        d.token.delegate(bob);
        assertEq(d.token.getVotes(alice), 0);
        assertEq(d.token.getVotes(bob), 600 ether);

        vm.roll(b0 + 3);
        assertEq(d.token.getPastVotes(alice, b0), 1000 ether);
        assertEq(d.token.getPastVotes(alice, b0 + 1), 600 ether);
        assertEq(d.token.getPastVotes(alice, b0 + 2), 0);
        assertEq(d.token.getPastVotes(bob, b0 + 1), 0);
        assertEq(d.token.getPastVotes(bob, b0 + 2), 600 ether);
        assertEq(d.token.numCheckpoints(alice), 3);
        assertEq(d.token.getPastTotalSupply(b0 + 2), d.token.totalSupply());
    }

    function test_Votes_BurnReducesVotesAndPastSupply() public {
        vm.prank(alice);
        d.token.delegate(alice);
        uint256 b0 = block.number;
        uint256 supply = d.token.totalSupply();
        vm.roll(b0 + 1);
        vm.prank(alice);
        d.token.burn(250 ether);
        vm.roll(b0 + 2);
        assertEq(d.token.getVotes(alice), 750 ether);
        assertEq(d.token.getPastVotes(alice, b0), 1000 ether);
        assertEq(d.token.getPastTotalSupply(b0), supply);
        assertEq(d.token.getPastTotalSupply(b0 + 1), supply - 250 ether);
    }

    function test_Votes_SameBlockTransferHasNoPastWeight() public {
        // Flash-loan defence: tokens received now weigh nothing at an earlier snapshot.
        vm.prank(bob);
        d.token.delegate(bob);
        uint256 snapshot = block.number;
        vm.roll(snapshot + 1);
        vm.prank(alice);
        d.token.transfer(bob, 1000 ether);
        assertEq(d.token.getVotes(bob), 1000 ether);
        vm.roll(snapshot + 2);
        assertEq(d.token.getPastVotes(bob, snapshot), 0);
    }

    function test_RevertWhen_PastVotesFutureLookup() public {
        uint256 now_ = block.number;
        vm.expectRevert(
            abi.encodeWithSelector(Votes.ERC5805FutureLookup.selector, now_, uint48(now_))
        );
        d.token.getPastVotes(alice, now_);
    }

    function test_DelegateBySig_WithRealSignature() public {
        uint256 expiry = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(abi.encode(DELEGATION_TYPEHASH, bob, 0, expiry));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        d.token.delegateBySig(bob, 0, expiry, v, r, s);
        assertEq(d.token.delegates(alice), bob);
        assertEq(d.token.getVotes(bob), 1000 ether);
        assertEq(d.token.nonces(alice), 1, "permit and delegation share nonces");
    }

    function test_RevertWhen_DelegateBySigExpired() public {
        uint256 expiry = block.timestamp - 1;
        bytes32 structHash = keccak256(abi.encode(DELEGATION_TYPEHASH, bob, 0, expiry));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, digest);
        vm.expectRevert(abi.encodeWithSelector(IVotes.VotesExpiredSignature.selector, expiry));
        d.token.delegateBySig(bob, 0, expiry, v, r, s);
    }

    function testFuzz_Transfer_MovesVotes(uint256 amount) public {
        amount = bound(amount, 0, 1000 ether);
        vm.prank(alice);
        d.token.delegate(alice);
        vm.prank(bob);
        d.token.delegate(bob);
        vm.prank(alice);
        d.token.transfer(bob, amount);
        assertEq(d.token.getVotes(alice), 1000 ether - amount);
        assertEq(d.token.getVotes(bob), amount);
        assertEq(d.token.balanceOf(alice) + d.token.balanceOf(bob), 1000 ether);
    }
}
