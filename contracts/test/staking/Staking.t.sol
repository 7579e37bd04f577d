// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGoverned} from "../../src/interfaces/IGoverned.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {Staking} from "../../src/staking/Staking.sol";
import {Base} from "../utils/Base.t.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @notice Staking: bonding, unbonding, withdrawal, operator locks, slashing and its split,
/// and the governance-owned parameters (owned by the timelock).
contract StakingTest is Base {
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    uint256 internal constant FUNDS = 100_000 ether;

    Staking internal staking;
    address internal staker;
    uint256 internal stakerKey;
    address internal operator = makeAddr("operator");
    address internal challenger = makeAddr("challenger");
    address internal stranger = makeAddr("stranger");
    address internal insurance;

    function setUp() public override {
        super.setUp();
        staking = d.staking;
        insurance = staking.insurancePool();
        (staker, stakerKey) = makeAddrAndKey("staker");
        d.token.transfer(staker, FUNDS);
        vm.prank(staker);
        d.token.approve(address(staking), type(uint256).max);
        vm.prank(address(d.timelock));
        staking.setOperator(operator, true);
    }

    // ------------------------------------------------------------------ helpers

    function _stake(uint256 amount) internal {
        vm.prank(staker);
        staking.stake(amount);
    }

    function _lock(uint256 amount) internal {
        vm.prank(operator);
        staking.lock(staker, amount);
    }

    function _unbond(uint256 amount) internal {
        vm.prank(staker);
        staking.requestUnbond(amount);
    }

    function _acct() internal view returns (IStaking.StakeAccount memory) {
        return staking.accountOf(staker);
    }

    function _permitSig(uint256 amount, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                PERMIT_TYPEHASH, staker, address(staking), amount, d.token.nonces(staker), deadline
            )
        );
        return vm.sign(
            stakerKey,
            keccak256(abi.encodePacked("\x19\x01", d.token.DOMAIN_SEPARATOR(), structHash))
        );
    }

    // ------------------------------------------------------------------ deployment

    function test_Deployment_Wiring() public view {
        assertEq(address(staking.token()), address(d.token));
        assertEq(staking.governance(), address(d.timelock));
        assertEq(staking.unbondingPeriod(), config.unbondingPeriod);
        assertEq(insurance, address(d.timelock));
        assertTrue(staking.isOperator(address(d.market)));
        assertFalse(staking.isOperator(stranger));
        (uint256 burnBps, uint256 challengerBps) = staking.slashSplit();
        assertEq(burnBps, 5000);
        assertEq(challengerBps, 3000);
        assertEq(staking.totalStaked(), 6 * NODE_STAKE);
        assertEq(staking.MAX_UNBONDING_PERIOD(), 90 days);
    }

    function test_RevertWhen_ConstructorZeroToken() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        new Staking(IERC20(address(0)), address(this), 1 days, insurance);
    }

    function test_RevertWhen_ConstructorZeroInsurancePool() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        new Staking(d.token, address(this), 1 days, address(0));
    }

    function test_RevertWhen_ConstructorZeroGovernance() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        new Staking(d.token, address(0), 1 days, insurance);
    }

    function test_RevertWhen_ConstructorUnbondingPeriodTooLong() public {
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.InvalidUnbondingPeriod.selector, 91 days, 90 days)
        );
        new Staking(d.token, address(this), 91 days, insurance);
    }

    // ------------------------------------------------------------------ stake

    function test_Stake_BondsAndPulls() public {
        uint256 total = staking.totalStaked();
        vm.expectEmit(address(staking));
        emit IStaking.Staked(staker, staker, 1000 ether);
        _stake(1000 ether);
        assertEq(staking.bondedOf(staker), 1000 ether);
        assertEq(staking.freeStakeOf(staker), 1000 ether);
        assertEq(staking.totalStaked(), total + 1000 ether);
        assertEq(d.token.balanceOf(staker), FUNDS - 1000 ether);
    }

    function testFuzz_Stake(uint256 a, uint256 b) public {
        a = bound(a, 1, FUNDS / 2);
        b = bound(b, 1, FUNDS / 2);
        uint256 total = staking.totalStaked();
        uint256 held = d.token.balanceOf(address(staking));
        _stake(a);
        _stake(b);
        assertEq(staking.bondedOf(staker), a + b);
        assertEq(staking.totalStaked(), total + a + b);
        assertEq(d.token.balanceOf(address(staking)), held + a + b);
    }

    function test_RevertWhen_StakeZero() public {
        vm.expectRevert(IStaking.ZeroAmount.selector);
        _stake(0);
    }

    function test_RevertWhen_StakeWithoutAllowance() public {
        d.token.transfer(stranger, 10 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(staking), 0, 10 ether
            )
        );
        vm.prank(stranger);
        staking.stake(10 ether);
    }

    function test_RevertWhen_StakeExceedsBalance() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientBalance.selector, staker, FUNDS, FUNDS + 1
            )
        );
        _stake(FUNDS + 1);
    }

    function test_RevertWhen_StakeOverflowsUint128() public {
        uint256 amount = uint256(type(uint128).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 128, amount)
        );
        _stake(amount);
    }

    // ------------------------------------------------------------------ stakeWithPermit

    function test_StakeWithPermit_WithRealSignature() public {
        vm.prank(staker);
        d.token.approve(address(staking), 0);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(2000 ether, deadline);
        vm.prank(staker);
        staking.stakeWithPermit(2000 ether, deadline, v, r, s);
        assertEq(staking.bondedOf(staker), 2000 ether);
        assertEq(d.token.nonces(staker), 1);
        assertEq(d.token.allowance(staker, address(staking)), 0, "permit spent exactly");
    }

    function test_StakeWithPermit_FrontRunPermitStillStakes() public {
        vm.prank(staker);
        d.token.approve(address(staking), 0);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(2000 ether, deadline);
        // A griefer submits the permit first; the nonce is used, the allowance is set.
        d.token.permit(staker, address(staking), 2000 ether, deadline, v, r, s);
        vm.prank(staker);
        staking.stakeWithPermit(2000 ether, deadline, v, r, s);
        assertEq(staking.bondedOf(staker), 2000 ether);
    }

    function test_RevertWhen_StakeWithPermitInvalidAndNoAllowance() public {
        vm.prank(staker);
        d.token.approve(address(staking), 0);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(2000 ether, deadline);
        // Signature is for 2000; staking 3000 fails the permit, then the pull.
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(staking), 0, 3000 ether
            )
        );
        vm.prank(staker);
        staking.stakeWithPermit(3000 ether, deadline, v, r, s);
    }

    function test_RevertWhen_StakeWithPermitZero() public {
        vm.expectRevert(IStaking.ZeroAmount.selector);
        vm.prank(staker);
        staking.stakeWithPermit(0, block.timestamp, 0, bytes32(0), bytes32(0));
    }

    function testFuzz_StakeWithPermit(uint256 amount) public {
        amount = bound(amount, 1, FUNDS);
        vm.prank(staker);
        d.token.approve(address(staking), 0);
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _permitSig(amount, deadline);
        vm.prank(staker);
        staking.stakeWithPermit(amount, deadline, v, r, s);
        assertEq(staking.bondedOf(staker), amount);
        assertEq(d.token.balanceOf(staker), FUNDS - amount);
    }

    // ------------------------------------------------------------------ requestUnbond

    function test_RequestUnbond_MovesToUnbonding() public {
        _stake(1000 ether);
        uint256 readyAt = block.timestamp + 7 days;
        vm.expectEmit(address(staking));
        emit IStaking.UnbondRequested(staker, 400 ether, readyAt);
        _unbond(400 ether);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, 600 ether);
        assertEq(a.unbonding, 400 ether);
        assertEq(a.unbondReadyAt, readyAt);
    }

    function test_RequestUnbond_RestartsClock() public {
        _stake(1000 ether);
        _unbond(400 ether);
        skip(5 days);
        _unbond(100 ether);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.unbonding, 500 ether);
        assertEq(a.unbondReadyAt, block.timestamp + 7 days);
    }

    function test_RevertWhen_RequestUnbondZero() public {
        _stake(1000 ether);
        vm.expectRevert(IStaking.ZeroAmount.selector);
        _unbond(0);
    }

    function test_RevertWhen_RequestUnbondExceedsFree() public {
        _stake(1000 ether);
        _lock(700 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStaking.InsufficientFreeStake.selector, staker, 300 ether, 300 ether + 1
            )
        );
        _unbond(300 ether + 1);
    }

    function testFuzz_RequestUnbond(uint256 stakeAmt, uint256 lockAmt, uint256 amount) public {
        stakeAmt = bound(stakeAmt, 1, FUNDS);
        lockAmt = bound(lockAmt, 0, stakeAmt);
        amount = bound(amount, 1, FUNDS);
        _stake(stakeAmt);
        _lock(lockAmt);
        uint256 free = stakeAmt - lockAmt;
        if (amount > free) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IStaking.InsufficientFreeStake.selector, staker, free, amount
                )
            );
            _unbond(amount);
            return;
        }
        uint256 total = staking.totalStaked();
        _unbond(amount);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, stakeAmt - amount);
        assertEq(a.unbonding, amount);
        assertEq(a.locked, lockAmt);
        assertEq(staking.totalStaked(), total, "unbonding still counts as staked");
    }

    // ------------------------------------------------------------------ rebond

    function test_Rebond_ReturnsToBonded() public {
        _stake(1000 ether);
        _unbond(400 ether);
        vm.expectEmit(address(staking));
        emit IStaking.Rebonded(staker, 150 ether);
        vm.prank(staker);
        staking.rebond(150 ether);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, 750 ether);
        assertEq(a.unbonding, 250 ether);
    }

    function test_RevertWhen_RebondZero() public {
        vm.expectRevert(IStaking.ZeroAmount.selector);
        vm.prank(staker);
        staking.rebond(0);
    }

    function test_RevertWhen_RebondExceedsUnbonding() public {
        _stake(1000 ether);
        _unbond(400 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStaking.RebondExceedsUnbonding.selector, staker, 400 ether, 400 ether + 1
            )
        );
        vm.prank(staker);
        staking.rebond(400 ether + 1);
    }

    function testFuzz_Rebond(uint256 unbondAmt, uint256 amount) public {
        _stake(FUNDS);
        unbondAmt = bound(unbondAmt, 1, FUNDS);
        amount = bound(amount, 1, unbondAmt);
        _unbond(unbondAmt);
        vm.prank(staker);
        staking.rebond(amount);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, FUNDS - unbondAmt + amount);
        assertEq(a.unbonding, unbondAmt - amount);
        assertEq(uint256(a.bonded) + a.unbonding, FUNDS);
    }

    // ------------------------------------------------------------------ withdraw

    function test_RevertWhen_WithdrawNothing() public {
        _stake(1000 ether);
        vm.expectRevert(abi.encodeWithSelector(IStaking.NothingToWithdraw.selector, staker));
        vm.prank(staker);
        staking.withdraw();
    }

    function test_RevertWhen_WithdrawBeforePeriod() public {
        _stake(1000 ether);
        _unbond(1000 ether);
        uint256 readyAt = block.timestamp + 7 days;
        skip(7 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.UnbondingNotFinished.selector, staker, readyAt)
        );
        vm.prank(staker);
        staking.withdraw();
    }

    function test_Withdraw_AfterPeriod() public {
        _stake(1000 ether);
        _unbond(600 ether);
        uint256 total = staking.totalStaked();
        skip(7 days);
        vm.expectEmit(address(staking));
        emit IStaking.Withdrawn(staker, 600 ether);
        vm.prank(staker);
        uint256 out = staking.withdraw();
        assertEq(out, 600 ether);
        assertEq(d.token.balanceOf(staker), FUNDS - 400 ether);
        assertEq(staking.totalStaked(), total - 600 ether);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.unbonding, 0);
        assertEq(a.bonded, 400 ether);

        vm.expectRevert(abi.encodeWithSelector(IStaking.NothingToWithdraw.selector, staker));
        vm.prank(staker);
        staking.withdraw();
    }

    function testFuzz_Withdraw(uint256 amount, uint256 wait, uint256 period) public {
        period = bound(period, 0, 90 days);
        vm.prank(address(d.timelock));
        staking.setUnbondingPeriod(period);
        amount = bound(amount, 1, FUNDS);
        wait = bound(wait, 0, 100 days);
        _stake(FUNDS);
        _unbond(amount);
        uint256 readyAt = block.timestamp + period;
        skip(wait);
        if (wait < period) {
            vm.expectRevert(
                abi.encodeWithSelector(IStaking.UnbondingNotFinished.selector, staker, readyAt)
            );
            vm.prank(staker);
            staking.withdraw();
            return;
        }
        vm.prank(staker);
        assertEq(staking.withdraw(), amount);
        assertEq(d.token.balanceOf(staker), amount);
        assertEq(staking.bondedOf(staker), FUNDS - amount);
    }

    // ------------------------------------------------------------------ lock / unlock

    function test_Lock_ByOperator() public {
        _stake(1000 ether);
        vm.expectEmit(address(staking));
        emit IStaking.StakeLocked(staker, operator, 300 ether);
        _lock(300 ether);
        assertEq(_acct().locked, 300 ether);
        assertEq(staking.freeStakeOf(staker), 700 ether);
        assertEq(staking.bondedOf(staker), 1000 ether, "locked is part of bonded");
    }

    function test_RevertWhen_LockByNonOperator() public {
        _stake(1000 ether);
        vm.expectRevert(abi.encodeWithSelector(IStaking.NotAuthorized.selector, stranger));
        vm.prank(stranger);
        staking.lock(staker, 1);
    }

    function test_RevertWhen_LockByGovernance() public {
        _stake(1000 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.NotAuthorized.selector, address(d.timelock))
        );
        vm.prank(address(d.timelock));
        staking.lock(staker, 1);
    }

    function test_RevertWhen_LockExceedsFree() public {
        _stake(1000 ether);
        _lock(600 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStaking.InsufficientFreeStake.selector, staker, 400 ether, 400 ether + 1
            )
        );
        _lock(400 ether + 1);
    }

    function test_RevertWhen_LockByRevokedOperator() public {
        _stake(1000 ether);
        vm.prank(address(d.timelock));
        staking.setOperator(operator, false);
        vm.expectRevert(abi.encodeWithSelector(IStaking.NotAuthorized.selector, operator));
        _lock(1);
    }

    function test_Unlock_ByOperator() public {
        _stake(1000 ether);
        _lock(300 ether);
        vm.expectEmit(address(staking));
        emit IStaking.StakeUnlocked(staker, operator, 100 ether);
        vm.prank(operator);
        staking.unlock(staker, 100 ether);
        assertEq(_acct().locked, 200 ether);
        assertEq(staking.freeStakeOf(staker), 800 ether);
    }

    function test_Unlock_CapsAtLocked() public {
        _stake(1000 ether);
        _lock(300 ether);
        vm.expectEmit(address(staking));
        emit IStaking.StakeUnlocked(staker, operator, 300 ether);
        vm.prank(operator);
        staking.unlock(staker, 1000 ether);
        assertEq(_acct().locked, 0);
    }

    function test_RevertWhen_UnlockByNonOperator() public {
        _stake(1000 ether);
        _lock(300 ether);
        vm.expectRevert(abi.encodeWithSelector(IStaking.NotAuthorized.selector, staker));
        vm.prank(staker);
        staking.unlock(staker, 300 ether);
    }

    function testFuzz_LockUnlock(uint256 stakeAmt, uint256 lockAmt, uint256 unlockAmt) public {
        stakeAmt = bound(stakeAmt, 1, FUNDS);
        lockAmt = bound(lockAmt, 0, stakeAmt);
        unlockAmt = bound(unlockAmt, 0, type(uint256).max);
        _stake(stakeAmt);
        _lock(lockAmt);
        assertEq(staking.freeStakeOf(staker), stakeAmt - lockAmt);
        vm.prank(operator);
        staking.unlock(staker, unlockAmt);
        uint256 released = unlockAmt > lockAmt ? lockAmt : unlockAmt;
        assertEq(_acct().locked, lockAmt - released);
        assertEq(staking.freeStakeOf(staker), stakeAmt - lockAmt + released);
    }

    // ------------------------------------------------------------------ slash

    function test_Slash_SplitExactWithChallenger() public {
        _stake(1000 ether);
        uint256 supply = d.token.totalSupply();
        uint256 insBefore = d.token.balanceOf(insurance);
        uint256 total = staking.totalStaked();
        vm.expectEmit(address(staking));
        emit IStaking.Slashed(staker, challenger, 100 ether, 50 ether, 30 ether, 20 ether);
        vm.prank(operator);
        uint256 slashed = staking.slash(staker, 100 ether, challenger);
        assertEq(slashed, 100 ether);
        assertEq(d.token.totalSupply(), supply - 50 ether, "burned");
        assertEq(d.token.balanceOf(challenger), 30 ether, "challenger");
        assertEq(d.token.balanceOf(insurance), insBefore + 20 ether, "insurance");
        assertEq(staking.bondedOf(staker), 900 ether);
        assertEq(staking.totalStaked(), total - 100 ether);
    }

    function test_Slash_NoChallengerShareGoesToInsurance() public {
        _stake(1000 ether);
        uint256 supply = d.token.totalSupply();
        uint256 insBefore = d.token.balanceOf(insurance);
        vm.expectEmit(address(staking));
        emit IStaking.Slashed(staker, address(0), 100 ether, 50 ether, 0, 50 ether);
        vm.prank(operator);
        staking.slash(staker, 100 ether, address(0));
        assertEq(d.token.totalSupply(), supply - 50 ether);
        assertEq(d.token.balanceOf(insurance), insBefore + 50 ether);
    }

    function test_Slash_RoundingRemainderToInsurance() public {
        _stake(1000 ether);
        uint256 insBefore = d.token.balanceOf(insurance);
        uint256 supply = d.token.totalSupply();
        vm.prank(operator);
        staking.slash(staker, 7, challenger);
        // 7 * 5000 / 10000 = 3; 7 * 3000 / 10000 = 2; remainder 2.
        assertEq(supply - d.token.totalSupply(), 3);
        assertEq(d.token.balanceOf(challenger), 2);
        assertEq(d.token.balanceOf(insurance) - insBefore, 2);
    }

    function test_Slash_BondedThenUnbonding() public {
        _stake(1000 ether);
        _unbond(400 ether);
        vm.prank(operator);
        uint256 slashed = staking.slash(staker, 700 ether, challenger);
        assertEq(slashed, 700 ether);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, 0, "bonded taken first");
        assertEq(a.unbonding, 300 ether, "then unbonding");
    }

    function test_Slash_NeverExceedsStake() public {
        _stake(1000 ether);
        _unbond(400 ether);
        uint256 total = staking.totalStaked();
        uint256 held = d.token.balanceOf(address(staking));
        vm.prank(operator);
        uint256 slashed = staking.slash(staker, 5000 ether, challenger);
        assertEq(slashed, 1000 ether);
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, 0);
        assertEq(a.unbonding, 0);
        assertEq(staking.totalStaked(), total - 1000 ether);
        assertEq(d.token.balanceOf(address(staking)), held - 1000 ether);
        assertEq(d.token.balanceOf(challenger), 300 ether);
    }

    function test_Slash_UnbondThenSlashStillSlashes() public {
        _stake(1000 ether);
        _unbond(1000 ether);
        skip(6 days);
        vm.prank(operator);
        uint256 slashed = staking.slash(staker, 250 ether, challenger);
        assertEq(slashed, 250 ether);
        assertEq(_acct().unbonding, 750 ether);
        skip(1 days);
        vm.prank(staker);
        assertEq(staking.withdraw(), 750 ether, "only the rest is paid out");
    }

    function test_Slash_AfterWithdrawTakesNothing() public {
        _stake(1000 ether);
        _unbond(1000 ether);
        skip(7 days);
        vm.prank(staker);
        staking.withdraw();
        vm.recordLogs();
        vm.prank(operator);
        uint256 slashed = staking.slash(staker, 1000 ether, challenger);
        assertEq(slashed, 0);
        assertEq(vm.getRecordedLogs().length, 0, "no event, no transfer");
    }

    function test_Slash_ClampsLockedToBonded() public {
        _stake(1000 ether);
        _lock(800 ether);
        vm.prank(operator);
        staking.slash(staker, 500 ether, address(0));
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, 500 ether);
        assertEq(a.locked, 500 ether);
        assertEq(staking.freeStakeOf(staker), 0);
        // The market's later unlock of its full lock releases what is left.
        vm.prank(operator);
        staking.unlock(staker, 800 ether);
        assertEq(_acct().locked, 0);
    }

    function test_RevertWhen_SlashByNonOperator() public {
        _stake(1000 ether);
        vm.expectRevert(abi.encodeWithSelector(IStaking.NotAuthorized.selector, challenger));
        vm.prank(challenger);
        staking.slash(staker, 1, challenger);
    }

    struct SlashCase {
        uint256 stakeAmt;
        uint256 unbondAmt;
        uint256 amount;
        uint256 burnBps;
        uint256 challengerBps;
        address to;
    }

    function testFuzz_Slash(
        uint256 stakeAmt,
        uint256 unbondAmt,
        uint256 amount,
        uint256 burnBps,
        uint256 challengerBps,
        bool withChallenger
    ) public {
        SlashCase memory c;
        c.stakeAmt = bound(stakeAmt, 1, FUNDS);
        c.unbondAmt = bound(unbondAmt, 0, c.stakeAmt);
        c.amount = bound(amount, 0, 2 * FUNDS);
        c.burnBps = bound(burnBps, 0, 10_000);
        c.challengerBps = bound(challengerBps, 0, 10_000 - c.burnBps);
        c.to = withChallenger ? challenger : address(0);
        _checkSlash(c);
    }

    function _checkSlash(SlashCase memory c) internal {
        vm.prank(address(d.timelock));
        staking.setSlashSplit(c.burnBps, c.challengerBps);
        _stake(c.stakeAmt);
        if (c.unbondAmt > 0) _unbond(c.unbondAmt);

        uint256 supply = d.token.totalSupply();
        uint256 insBefore = d.token.balanceOf(insurance);
        uint256 total = staking.totalStaked();

        vm.prank(operator);
        uint256 slashed = staking.slash(staker, c.amount, c.to);

        uint256 expected = c.amount > c.stakeAmt ? c.stakeAmt : c.amount;
        assertEq(slashed, expected, "min(amount, stake)");
        uint256 bondedBefore = c.stakeAmt - c.unbondAmt;
        uint256 fromBonded = expected > bondedBefore ? bondedBefore : expected;
        IStaking.StakeAccount memory a = _acct();
        assertEq(a.bonded, bondedBefore - fromBonded, "bonded first");
        assertEq(a.unbonding, c.unbondAmt - (expected - fromBonded), "then unbonding");
        assertEq(staking.totalStaked(), total - expected);

        uint256 burned = supply - d.token.totalSupply();
        uint256 toChallenger = d.token.balanceOf(challenger);
        uint256 toInsurance = d.token.balanceOf(insurance) - insBefore;
        assertEq(burned, expected * c.burnBps / 10_000, "burn share");
        assertEq(toChallenger, c.to != address(0) ? expected * c.challengerBps / 10_000 : 0);
        assertEq(burned + toChallenger + toInsurance, expected, "split sums to slashed");
    }

    // ------------------------------------------------------------------ governance

    function test_SetOperator_ByTimelock() public {
        vm.expectEmit(address(staking));
        emit IStaking.OperatorSet(stranger, true);
        vm.prank(address(d.timelock));
        staking.setOperator(stranger, true);
        assertTrue(staking.isOperator(stranger));
        vm.prank(address(d.timelock));
        staking.setOperator(stranger, false);
        assertFalse(staking.isOperator(stranger));
    }

    function test_RevertWhen_SetOperatorNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, address(this)));
        staking.setOperator(stranger, true);
    }

    function test_RevertWhen_SetOperatorZero() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        vm.prank(address(d.timelock));
        staking.setOperator(address(0), true);
    }

    function testFuzz_SetUnbondingPeriod(uint256 period) public {
        period = bound(period, 0, 90 days);
        vm.expectEmit(address(staking));
        emit IStaking.UnbondingPeriodSet(7 days, period);
        vm.prank(address(d.timelock));
        staking.setUnbondingPeriod(period);
        assertEq(staking.unbondingPeriod(), period);
    }

    function testFuzz_RevertWhen_SetUnbondingPeriodTooLong(uint256 period) public {
        period = bound(period, 90 days + 1, type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.InvalidUnbondingPeriod.selector, period, 90 days)
        );
        vm.prank(address(d.timelock));
        staking.setUnbondingPeriod(period);
    }

    function test_RevertWhen_SetUnbondingPeriodNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, stranger));
        vm.prank(stranger);
        staking.setUnbondingPeriod(1 days);
    }

    function testFuzz_SetSlashSplit(uint256 burnBps, uint256 challengerBps) public {
        burnBps = bound(burnBps, 0, 10_000);
        challengerBps = bound(challengerBps, 0, 10_000 - burnBps);
        vm.expectEmit(address(staking));
        emit IStaking.SlashSplitSet(burnBps, challengerBps);
        vm.prank(address(d.timelock));
        staking.setSlashSplit(burnBps, challengerBps);
        (uint256 b, uint256 c) = staking.slashSplit();
        assertEq(b, burnBps);
        assertEq(c, challengerBps);
    }

    function testFuzz_RevertWhen_SetSlashSplitAboveBps(uint256 burnBps, uint256 challengerBps)
        public
    {
        burnBps = bound(burnBps, 0, 20_000);
        challengerBps = bound(challengerBps, 10_001 - (burnBps > 10_000 ? 10_000 : burnBps), 20_000);
        vm.expectRevert(
            abi.encodeWithSelector(IStaking.InvalidBps.selector, burnBps + challengerBps)
        );
        vm.prank(address(d.timelock));
        staking.setSlashSplit(burnBps, challengerBps);
    }

    function test_RevertWhen_SetSlashSplitNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, address(this)));
        staking.setSlashSplit(0, 0);
    }

    function test_SetInsurancePool_ByTimelock() public {
        vm.expectEmit(address(staking));
        emit IStaking.InsurancePoolSet(insurance, stranger);
        vm.prank(address(d.timelock));
        staking.setInsurancePool(stranger);
        assertEq(staking.insurancePool(), stranger);

        _stake(1000 ether);
        vm.prank(operator);
        staking.slash(staker, 100 ether, address(0));
        assertEq(d.token.balanceOf(stranger), 50 ether, "new pool receives the share");
    }

    function test_RevertWhen_SetInsurancePoolZero() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        vm.prank(address(d.timelock));
        staking.setInsurancePool(address(0));
    }

    function test_RevertWhen_SetInsurancePoolNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, stranger));
        vm.prank(stranger);
        staking.setInsurancePool(stranger);
    }

    function test_TransferGovernance_ByTimelock() public {
        vm.expectEmit(address(staking));
        emit IGoverned.GovernanceTransferred(address(d.timelock), stranger);
        vm.prank(address(d.timelock));
        staking.transferGovernance(stranger);
        assertEq(staking.governance(), stranger);
        vm.expectRevert(
            abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, address(d.timelock))
        );
        vm.prank(address(d.timelock));
        staking.setUnbondingPeriod(1 days);
    }

    function test_RevertWhen_TransferGovernanceNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, address(this)));
        staking.transferGovernance(address(this));
    }

    function test_RevertWhen_TransferGovernanceZero() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        vm.prank(address(d.timelock));
        staking.transferGovernance(address(0));
    }
}
