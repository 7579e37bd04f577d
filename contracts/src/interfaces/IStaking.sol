// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Node collateral: stake, unbond after a delay, lock for active work, slash for faults.
interface IStaking {
    /// @notice Per-node stake. `locked` is part of `bonded`; `unbonding` is no longer bonded
    /// but stays slashable until withdrawn.
    struct StakeAccount {
        uint128 bonded;
        uint128 locked;
        uint128 unbonding;
        uint64 unbondReadyAt;
    }

    /// @notice An amount argument was zero.
    error ZeroAmount();
    /// @notice The node asked to unbond or lock more than is free.
    /// @param node The node.
    /// @param available Bonded stake not locked by work.
    /// @param requested The amount asked for.
    error InsufficientFreeStake(address node, uint256 available, uint256 requested);
    /// @notice Unlock of more than is locked (a bug in the caller).
    /// @param node The node.
    /// @param locked Currently locked.
    /// @param requested Amount asked to unlock.
    error UnlockExceedsLocked(address node, uint256 locked, uint256 requested);
    /// @notice Rebond of more than is unbonding.
    /// @param node The node.
    /// @param unbonding Currently unbonding.
    /// @param requested The amount asked for.
    error RebondExceedsUnbonding(address node, uint256 unbonding, uint256 requested);
    /// @notice Withdrawal attempted before the unbonding period ended.
    /// @param node The node.
    /// @param readyAt When the unbonding stake becomes withdrawable.
    error UnbondingNotFinished(address node, uint256 readyAt);
    /// @notice Nothing is unbonding, so nothing can be withdrawn.
    /// @param node The node.
    error NothingToWithdraw(address node);
    /// @notice The caller is not authorised to lock/unlock or slash stake.
    /// @param caller The caller.
    error NotAuthorized(address caller);
    /// @notice A basis-point parameter was out of range.
    /// @param value The rejected value.
    error InvalidBps(uint256 value);
    /// @notice The unbonding period is outside the allowed range.
    /// @param value The rejected period in seconds.
    /// @param max The largest allowed period.
    error InvalidUnbondingPeriod(uint256 value, uint256 max);

    /// @notice Tokens were staked.
    event Staked(address indexed node, address indexed payer, uint256 amount);
    /// @notice Stake started unbonding.
    event UnbondRequested(address indexed node, uint256 amount, uint256 readyAt);
    /// @notice Unbonding stake was returned to bonded.
    event Rebonded(address indexed node, uint256 amount);
    /// @notice Unbonded stake was paid out.
    event Withdrawn(address indexed node, uint256 amount);
    /// @notice Stake was locked as collateral for work.
    event StakeLocked(address indexed node, address indexed by, uint256 amount);
    /// @notice Locked collateral was released.
    event StakeUnlocked(address indexed node, address indexed by, uint256 amount);
    /// @notice Stake was slashed and split.
    /// @param node The slashed node.
    /// @param amount Total taken (bonded first, then unbonding).
    /// @param burned Part burned.
    /// @param toChallenger Part paid to `challenger`.
    /// @param toInsurance Part sent to the insurance pool.
    event Slashed(
        address indexed node,
        address indexed challenger,
        uint256 amount,
        uint256 burned,
        uint256 toChallenger,
        uint256 toInsurance
    );
    /// @notice A contract was allowed or denied to lock and slash stake.
    event OperatorSet(address indexed operator, bool allowed);
    /// @notice The unbonding period changed.
    event UnbondingPeriodSet(uint256 oldValue, uint256 newValue);
    /// @notice The split of slashed stake changed.
    event SlashSplitSet(uint256 burnBps, uint256 challengerBps);
    /// @notice The insurance pool address changed.
    event InsurancePoolSet(address indexed oldPool, address indexed newPool);

    /// @notice Stakes `amount` for the caller.
    function stake(uint256 amount) external;
    /// @notice Stakes `amount` for the caller using an ERC-2612 permit instead of an approval.
    function stakeWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external;
    /// @notice Moves free bonded stake into unbonding; restarts the unbonding clock.
    function requestUnbond(uint256 amount) external;
    /// @notice Returns unbonding stake to bonded.
    function rebond(uint256 amount) external;
    /// @notice Pays out all unbonding stake once the unbonding period has passed.
    function withdraw() external returns (uint256 amount);
    /// @notice Locks free stake of `node` as collateral (operators only).
    function lock(address node, uint256 amount) external;
    /// @notice Releases collateral of `node` (operators only).
    function unlock(address node, uint256 amount) external;
    /// @notice Slashes up to `amount` of `node`'s stake, bonded first, then unbonding.
    /// @return slashed The amount actually taken (never more than the node has).
    function slash(address node, uint256 amount, address challenger)
        external
        returns (uint256 slashed);

    /// @notice The stake account of `node`.
    function accountOf(address node) external view returns (StakeAccount memory);
    /// @notice Bonded stake of `node` (including locked).
    function bondedOf(address node) external view returns (uint256);
    /// @notice Bonded stake of `node` that is not locked by work.
    function freeStakeOf(address node) external view returns (uint256);
    /// @notice Sum of bonded and unbonding stake across all nodes.
    function totalStaked() external view returns (uint256);
}
