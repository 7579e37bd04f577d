// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governed} from "../governance/Governed.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title Staking
/// @notice Holds node collateral in GLT. Work locks part of the bonded stake; locked stake
/// cannot be unbonded. Unbonding stake stays slashable until withdrawn, so a fault found
/// during the unbonding period is still punished. Parameters belong to governance.
contract Staking is IStaking, Governed, ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 internal constant BPS = 10_000;
    /// @notice Longest unbonding period governance may set.
    uint256 public constant MAX_UNBONDING_PERIOD = 90 days;

    IERC20 private immutable _token;

    mapping(address node => StakeAccount) private _accounts;
    mapping(address operator => bool) private _operators;
    uint256 private _totalStaked;
    uint256 private _unbondingPeriod;
    uint256 private _slashBurnBps;
    uint256 private _slashChallengerBps;
    address private _insurancePool;

    /// @param token_ The GLT token.
    /// @param governance_ Initial governance (the deployer, who hands over to the timelock).
    /// @param unbondingPeriod_ Seconds between an unbond request and withdrawal.
    /// @param insurancePool_ Receiver of the insurance share of slashes.
    constructor(
        IERC20 token_,
        address governance_,
        uint256 unbondingPeriod_,
        address insurancePool_
    ) Governed(governance_) {
        if (address(token_) == address(0) || insurancePool_ == address(0)) {
            revert ZeroAddress();
        }
        if (unbondingPeriod_ > MAX_UNBONDING_PERIOD) {
            revert InvalidUnbondingPeriod(unbondingPeriod_, MAX_UNBONDING_PERIOD);
        }
        _token = token_;
        _unbondingPeriod = unbondingPeriod_;
        _insurancePool = insurancePool_;
        _slashBurnBps = 5000;
        _slashChallengerBps = 3000;
        emit UnbondingPeriodSet(0, unbondingPeriod_);
        emit SlashSplitSet(5000, 3000);
        emit InsurancePoolSet(address(0), insurancePool_);
    }

    modifier onlyOperator() {
        if (!_operators[msg.sender]) revert NotAuthorized(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ node actions

    /// @inheritdoc IStaking
    function stake(uint256 amount) external nonReentrant {
        _stake(msg.sender, amount);
    }

    /// @inheritdoc IStaking
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
    {
        // A front-run permit only consumes the nonce; the allowance is then already there,
        // so ignore a failed permit and let transferFrom decide (OpenZeppelin's advice).
        try IERC20Permit(address(_token))
            .permit(msg.sender, address(this), amount, deadline, v, r, s) {}
            catch {}
        _stake(msg.sender, amount);
    }

    /// @inheritdoc IStaking
    function requestUnbond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        StakeAccount storage a = _accounts[msg.sender];
        uint256 free = a.bonded - a.locked;
        if (amount > free) revert InsufficientFreeStake(msg.sender, free, amount);
        // amount <= bonded and unbonding + amount <= total supply < 2^128.
        a.bonded -= uint128(amount);
        a.unbonding += uint128(amount);
        uint64 readyAt = uint64(block.timestamp + _unbondingPeriod);
        a.unbondReadyAt = readyAt;
        emit UnbondRequested(msg.sender, amount, readyAt);
    }

    /// @inheritdoc IStaking
    function rebond(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        StakeAccount storage a = _accounts[msg.sender];
        if (amount > a.unbonding) revert RebondExceedsUnbonding(msg.sender, a.unbonding, amount);
        a.unbonding -= uint128(amount);
        a.bonded += uint128(amount);
        emit Rebonded(msg.sender, amount);
    }

    /// @inheritdoc IStaking
    function withdraw() external nonReentrant returns (uint256 amount) {
        StakeAccount storage a = _accounts[msg.sender];
        amount = a.unbonding;
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        if (block.timestamp < a.unbondReadyAt) {
            revert UnbondingNotFinished(msg.sender, a.unbondReadyAt);
        }
        a.unbonding = 0;
        _totalStaked -= amount;
        emit Withdrawn(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ operator actions

    /// @inheritdoc IStaking
    function lock(address node, uint256 amount) external onlyOperator {
        StakeAccount storage a = _accounts[node];
        uint256 free = a.bonded - a.locked;
        if (amount > free) revert InsufficientFreeStake(node, free, amount);
        a.locked += uint128(amount);
        emit StakeLocked(node, msg.sender, amount);
    }

    /// @inheritdoc IStaking
    function unlock(address node, uint256 amount) external onlyOperator {
        StakeAccount storage a = _accounts[node];
        // A slash may already have eaten into locked stake; release what is left.
        uint256 release = amount > a.locked ? a.locked : amount;
        a.locked -= uint128(release);
        emit StakeUnlocked(node, msg.sender, release);
    }

    /// @inheritdoc IStaking
    function slash(address node, uint256 amount, address challenger)
        external
        onlyOperator
        nonReentrant
        returns (uint256 slashed)
    {
        StakeAccount storage a = _accounts[node];
        uint256 fromBonded = amount > a.bonded ? a.bonded : amount;
        uint256 fromUnbonding = amount - fromBonded;
        if (fromUnbonding > a.unbonding) fromUnbonding = a.unbonding;
        slashed = fromBonded + fromUnbonding;
        if (slashed == 0) return 0;

        a.bonded -= uint128(fromBonded);
        a.unbonding -= uint128(fromUnbonding);
        // Locked stake is part of bonded; keep locked <= bonded after the cut.
        if (a.locked > a.bonded) a.locked = a.bonded;
        _totalStaked -= slashed;

        uint256 burned = slashed * _slashBurnBps / BPS;
        uint256 toChallenger = challenger == address(0) ? 0 : slashed * _slashChallengerBps / BPS;
        uint256 toInsurance = slashed - burned - toChallenger;
        emit Slashed(node, challenger, slashed, burned, toChallenger, toInsurance);

        if (burned > 0) ERC20Burnable(address(_token)).burn(burned);
        if (toChallenger > 0) _token.safeTransfer(challenger, toChallenger);
        if (toInsurance > 0) _token.safeTransfer(_insurancePool, toInsurance);
    }

    // ------------------------------------------------------------------ governance

    /// @notice Allows or denies a contract (the job market) to lock and slash stake.
    function setOperator(address operator, bool allowed) external onlyGovernance {
        if (operator == address(0)) revert ZeroAddress();
        _operators[operator] = allowed;
        emit OperatorSet(operator, allowed);
    }

    /// @notice Sets the unbonding period in seconds (at most MAX_UNBONDING_PERIOD).
    function setUnbondingPeriod(uint256 period) external onlyGovernance {
        if (period > MAX_UNBONDING_PERIOD) {
            revert InvalidUnbondingPeriod(period, MAX_UNBONDING_PERIOD);
        }
        emit UnbondingPeriodSet(_unbondingPeriod, period);
        _unbondingPeriod = period;
    }

    /// @notice Sets how a slash is split: burn and challenger shares in bps, the rest to insurance.
    function setSlashSplit(uint256 burnBps, uint256 challengerBps) external onlyGovernance {
        if (burnBps + challengerBps > BPS) revert InvalidBps(burnBps + challengerBps);
        _slashBurnBps = burnBps;
        _slashChallengerBps = challengerBps;
        emit SlashSplitSet(burnBps, challengerBps);
    }

    /// @notice Sets the receiver of the insurance share of slashes.
    function setInsurancePool(address pool) external onlyGovernance {
        if (pool == address(0)) revert ZeroAddress();
        emit InsurancePoolSet(_insurancePool, pool);
        _insurancePool = pool;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IStaking
    function accountOf(address node) external view returns (StakeAccount memory) {
        return _accounts[node];
    }

    /// @inheritdoc IStaking
    function bondedOf(address node) external view returns (uint256) {
        return _accounts[node].bonded;
    }

    /// @inheritdoc IStaking
    function freeStakeOf(address node) external view returns (uint256) {
        StakeAccount storage a = _accounts[node];
        return a.bonded - a.locked;
    }

    /// @inheritdoc IStaking
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @notice The GLT token.
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @notice Whether `operator` may lock and slash stake.
    function isOperator(address operator) external view returns (bool) {
        return _operators[operator];
    }

    /// @notice Seconds between an unbond request and withdrawal.
    function unbondingPeriod() external view returns (uint256) {
        return _unbondingPeriod;
    }

    /// @notice Slash split: (burn bps, challenger bps); the rest goes to insurance.
    function slashSplit() external view returns (uint256 burnBps, uint256 challengerBps) {
        return (_slashBurnBps, _slashChallengerBps);
    }

    /// @notice Receiver of the insurance share of slashes.
    function insurancePool() external view returns (address) {
        return _insurancePool;
    }

    // ------------------------------------------------------------------ internal

    function _stake(address node, uint256 amount) internal {
        if (amount == 0) revert ZeroAmount();
        StakeAccount storage a = _accounts[node];
        a.bonded += SafeCast.toUint128(amount);
        _totalStaked += amount;
        emit Staked(node, msg.sender, amount);
        // Pull after the effects; the token is our own ERC-20 without transfer hooks, and
        // nonReentrant guards the entry points regardless.
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }
}
