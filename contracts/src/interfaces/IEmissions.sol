// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @notice New GLT supply: a governance-selected supply policy decides each epoch's emission,
/// which is split between nodes (pro rata to reputation-weighted work), stakers (reward per
/// stake) and the treasury, and claimed pull-style. Parameter names follow the simulator
/// (`docs/sim.md`, `supply.policy`), so a simulated parameter set can be proposed as is.
interface IEmissions {
    // ------------------------------------------------------------------ types

    /// @notice The supply policies (`kind` in the simulator).
    enum PolicyKind {
        Fixed,
        Schedule,
        Decay,
        BondingRate,
        BurnAndMint
    }

    /// @notice One range of a schedule: `emissionPerEpoch` for fromEpoch ≤ e < toEpoch
    /// (toEpoch 0 = open-ended). The first matching entry wins; no match emits 0.
    struct ScheduleEntry {
        uint64 fromEpoch;
        uint64 toEpoch;
        uint128 emissionPerEpoch;
    }

    /// @notice `decay`: max(floor, decayRatePpb/1e9 · (totalEmission − minted so far)).
    /// The floor is a tail emission that continues past the total; set it to 0 for a hard cap.
    struct DecayParams {
        uint256 totalEmission;
        uint256 decayRatePpb;
        uint256 floorEmissionPerEpoch;
    }

    /// @notice `bonding-rate` (Livepeer's Minter): the per-epoch inflation (ppb of supply)
    /// steps up by `inflationChangePpb` while the staked share is below the target, down while
    /// above, holds at the target, clamped to [minInflationPpb, maxInflationPpb].
    struct BondingRateParams {
        uint256 initialInflationPpb;
        uint256 inflationChangePpb;
        uint256 targetBondingRateBps;
        uint256 minInflationPpb;
        uint256 maxInflationPpb;
    }

    /// @notice How each epoch's emission is split (basis points, summing to 10_000).
    struct RewardSplit {
        uint16 nodesBps;
        uint16 stakersBps;
        uint16 treasuryBps;
    }

    /// @notice What happened in a closed epoch.
    /// @param allowed The policy's emission for the epoch (upper bound on `minted`).
    /// @param minted Tokens actually minted (the node pool is not minted without work).
    /// @param nodePool Tokens for nodes, claimable pro rata to `totalWork`.
    /// @param stakerPool Tokens added to the reward-per-stake accumulator.
    /// @param treasuryAmount Tokens minted to the treasury.
    /// @param burned Supply burned during the epoch (as measured by the supply change).
    /// @param totalWork Reputation-weighted, benchmark-normalized work recorded in the epoch.
    /// @param inflationPpb The bonding-rate inflation used (0 for other policies).
    /// @param stakedShareBps Staked share of supply when the epoch closed.
    struct EpochRecord {
        uint256 allowed;
        uint256 minted;
        uint256 nodePool;
        uint256 stakerPool;
        uint256 treasuryAmount;
        uint256 burned;
        uint256 totalWork;
        uint256 inflationPpb;
        uint256 stakedShareBps;
        PolicyKind policy;
    }

    // ------------------------------------------------------------------ errors

    /// @notice The open epoch has not reached its end yet (a second advance in one epoch).
    /// @param epoch The open epoch.
    /// @param endsAt Timestamp from which it can be closed.
    error EpochNotEnded(uint256 epoch, uint256 endsAt);
    /// @notice Rewards of an epoch that is still open were claimed.
    /// @param epoch The requested epoch.
    /// @param currentEpoch The open epoch.
    error EpochNotClosed(uint256 epoch, uint256 currentEpoch);
    /// @notice A node claimed an epoch twice.
    /// @param node The node.
    /// @param epoch The epoch.
    error NodeRewardsAlreadyClaimed(address node, uint256 epoch);
    /// @notice Nothing is owed to `account` (no work in the epoch, or no staker rewards).
    /// @param account The claimant.
    /// @param epoch The epoch (type(uint256).max for staker rewards).
    error NothingToClaim(address account, uint256 epoch);
    /// @notice The caller may not report work.
    /// @param caller The caller.
    error NotWorkReporter(address caller);
    /// @notice Work of zero units or for the zero address was reported.
    /// @param node The node.
    /// @param units The units.
    error InvalidWork(address node, uint256 units);
    /// @notice The schedule has more entries than allowed.
    /// @param length Entries given.
    /// @param max Maximum entries.
    error ScheduleTooLong(uint256 length, uint256 max);
    /// @notice A schedule entry has an empty range (toEpoch ≠ 0 and toEpoch ≤ fromEpoch).
    /// @param index Entry index.
    /// @param fromEpoch Its first epoch.
    /// @param toEpoch Its end (exclusive).
    error InvalidScheduleEntry(uint256 index, uint256 fromEpoch, uint256 toEpoch);
    /// @notice The reward split does not add up to 10_000 bps.
    /// @param nodesBps Node share.
    /// @param stakersBps Staker share.
    /// @param treasuryBps Treasury share.
    error InvalidRewardSplit(uint256 nodesBps, uint256 stakersBps, uint256 treasuryBps);
    /// @notice The epoch length is outside the allowed range.
    /// @param value The rejected length in seconds.
    /// @param min Shortest allowed.
    /// @param max Longest allowed.
    error InvalidEpochLength(uint256 value, uint256 min, uint256 max);
    /// @notice A per-epoch rate in ppb is above 1e9 (100 %).
    /// @param value The rejected rate.
    error InvalidPpb(uint256 value);
    /// @notice A basis-point value is above 10_000.
    /// @param value The rejected value.
    error InvalidBps(uint256 value);
    /// @notice Bonding-rate bounds are inconsistent (need min ≤ initial ≤ max).
    /// @param minInflationPpb Floor.
    /// @param initialInflationPpb Start.
    /// @param maxInflationPpb Ceiling.
    error InvalidInflationBounds(
        uint256 minInflationPpb, uint256 initialInflationPpb, uint256 maxInflationPpb
    );
    /// @notice The reputation weight exponent is above the maximum.
    /// @param value The rejected exponent.
    /// @param max The maximum.
    error InvalidWeightExponent(uint256 value, uint256 max);
    /// @notice No price feed is configured.
    error PriceFeedNotSet();
    /// @notice The price feed answered a non-positive price.
    /// @param answer The answer.
    error InvalidPrice(int256 answer);
    /// @notice The price feed's answer is older than `maxPriceAge`.
    /// @param updatedAt When the answer was written.
    /// @param maxPriceAge Allowed age in seconds.
    error StalePrice(uint256 updatedAt, uint256 maxPriceAge);

    // ------------------------------------------------------------------ events

    /// @notice An epoch was closed and its emission minted.
    /// @param epoch The closed epoch.
    /// @param policy Policy that decided it.
    /// @param allowed The policy's emission.
    /// @param minted Tokens minted.
    /// @param nodePool Node share (0 without work).
    /// @param stakerPool Staker share (0 without recorded stake; then it goes to the treasury).
    /// @param treasuryAmount Treasury share.
    /// @param burned Supply burned during the epoch.
    event EpochAdvanced(
        uint256 indexed epoch,
        PolicyKind policy,
        uint256 allowed,
        uint256 minted,
        uint256 nodePool,
        uint256 stakerPool,
        uint256 treasuryAmount,
        uint256 burned
    );
    /// @notice The bonding-rate controller moved the inflation rate.
    /// @param epoch The epoch minted at the new rate.
    /// @param stakedShareBps Staked share it reacted to.
    /// @param oldInflationPpb Previous rate.
    /// @param newInflationPpb New rate.
    event InflationUpdated(
        uint256 indexed epoch,
        uint256 stakedShareBps,
        uint256 oldInflationPpb,
        uint256 newInflationPpb
    );
    /// @notice Work was recorded for a node in the open epoch.
    /// @param epoch The open epoch.
    /// @param node The node.
    /// @param units Benchmark-normalized units reported.
    /// @param weightedUnits Units weighted by reputation (what the pool is split by).
    event WorkRecorded(
        uint256 indexed epoch, address indexed node, uint256 units, uint256 weightedUnits
    );
    /// @notice A node claimed its share of an epoch's node pool.
    /// @param node The node.
    /// @param epoch The epoch.
    /// @param amount Tokens paid.
    event NodeRewardsClaimed(address indexed node, uint256 indexed epoch, uint256 amount);
    /// @notice A staker's recorded stake was synced with Staking.
    /// @param account The staker.
    /// @param oldStake Previously recorded stake.
    /// @param newStake Newly recorded stake (bonded stake in Staking).
    event StakeCheckpointed(address indexed account, uint256 oldStake, uint256 newStake);
    /// @notice A staker claimed accrued rewards.
    /// @param account The staker.
    /// @param amount Tokens paid.
    event StakerRewardsClaimed(address indexed account, uint256 amount);

    /// @notice The supply policy changed.
    event PolicySet(PolicyKind oldPolicy, PolicyKind newPolicy);
    /// @notice The emission schedule (used by `schedule` and `burn-and-mint`) changed.
    event ScheduleSet(uint256 oldLength, ScheduleEntry[] schedule);
    /// @notice The decay parameters changed.
    event DecayParamsSet(DecayParams oldParams, DecayParams newParams);
    /// @notice The bonding-rate parameters changed (the rate restarts at the initial value).
    event BondingRateParamsSet(BondingRateParams oldParams, BondingRateParams newParams);
    /// @notice The burn-and-mint net emission cap changed (type(uint256).max = no cap).
    event NetEmissionCapSet(uint256 oldValue, uint256 newValue);
    /// @notice The reward split changed.
    event RewardSplitSet(RewardSplit oldSplit, RewardSplit newSplit);
    /// @notice The epoch length changed (the open epoch included).
    event EpochLengthSet(uint256 oldValue, uint256 newValue);
    /// @notice The reputation weight exponent changed.
    event WeightExponentSet(uint256 oldValue, uint256 newValue);
    /// @notice The treasury receiving its share changed.
    event TreasurySet(address indexed oldTreasury, address indexed newTreasury);
    /// @notice A work reporter was allowed or denied.
    event WorkReporterSet(address indexed reporter, bool allowed);
    /// @notice The GLT/USD price feed changed.
    event PriceFeedSet(address indexed oldFeed, address indexed newFeed);
    /// @notice The maximum accepted price age changed.
    event MaxPriceAgeSet(uint256 oldValue, uint256 newValue);

    // ------------------------------------------------------------------ actions

    /// @notice Closes the open epoch once its time is over, mints what the policy allows and
    /// opens the next. Anyone may call; a second call within one epoch reverts EpochNotEnded.
    /// @return minted Tokens minted.
    function advanceEpoch() external returns (uint256 minted);
    /// @notice Records benchmark-normalized work of `node` in the open epoch (reporters only);
    /// it is weighted by the node's reputation now.
    /// @param node The node.
    /// @param units Benchmark-normalized units (e.g. GPU-seconds × benchmark factor).
    function recordWork(address node, uint256 units) external;
    /// @notice Pays the caller's share of `epoch`'s node pool.
    /// @param epoch A closed epoch.
    /// @return amount Tokens paid.
    function claimNodeRewards(uint256 epoch) external returns (uint256 amount);
    /// @notice Syncs `account`'s recorded stake with its bonded stake in Staking (anyone).
    /// @param account The staker.
    function checkpointStake(address account) external;
    /// @notice Checkpoints the caller's stake and pays its accrued staker rewards.
    /// @return amount Tokens paid.
    function claimStakerRewards() external returns (uint256 amount);

    // ------------------------------------------------------------------ governance

    /// @notice Selects the supply policy (from the next epoch closed).
    function setPolicy(PolicyKind policy) external;
    /// @notice Replaces the emission schedule (≤ MAX_SCHEDULE_ENTRIES entries).
    function setSchedule(ScheduleEntry[] calldata schedule) external;
    /// @notice Sets the decay parameters.
    function setDecayParams(DecayParams calldata params) external;
    /// @notice Sets the bonding-rate parameters and restarts the rate at the initial value.
    function setBondingRateParams(BondingRateParams calldata params) external;
    /// @notice Sets the burn-and-mint net emission cap per epoch (type(uint256).max = none).
    function setNetEmissionCap(uint256 netEmissionCapPerEpoch) external;
    /// @notice Sets the node / staker / treasury split.
    function setRewardSplit(RewardSplit calldata split) external;
    /// @notice Sets the epoch length in seconds; the open epoch ends at its start + the new
    /// length.
    function setEpochLength(uint256 epochLength) external;
    /// @notice Sets the reputation weight exponent k: weight = units · (score/10_000)^k.
    function setWeightExponent(uint256 weightExponent) external;
    /// @notice Sets the treasury.
    function setTreasury(address treasury) external;
    /// @notice Allows or denies a work reporter (the JobMarket, once it reports).
    function setWorkReporter(address reporter, bool allowed) external;
    /// @notice Sets the GLT/USD price feed used to price work in USD under burn-and-mint.
    function setPriceFeed(AggregatorV3Interface feed) external;
    /// @notice Sets the maximum age of a price answer in seconds.
    function setMaxPriceAge(uint256 maxPriceAge) external;

    // ------------------------------------------------------------------ views

    /// @notice The open epoch and the timestamp it started.
    function currentEpoch() external view returns (uint256 epoch, uint256 startedAt);
    /// @notice What the policy would emit if the open epoch closed now.
    function previewEmission() external view returns (uint256 allowed, uint256 inflationPpb);
    /// @notice Record of a closed epoch.
    function epochRecord(uint256 epoch) external view returns (EpochRecord memory);
    /// @notice Weighted work of `node` in `epoch`.
    function workOf(address node, uint256 epoch) external view returns (uint256);
    /// @notice Total weighted work in `epoch` (the open one included).
    function totalWorkOf(uint256 epoch) external view returns (uint256);
    /// @notice What `node` can claim for `epoch` (0 once claimed or if open).
    function pendingNodeRewards(address node, uint256 epoch) external view returns (uint256);
    /// @notice Staker rewards `account` can claim now (before re-checkpointing).
    function pendingStakerRewards(address account) external view returns (uint256);
    /// @notice Tokens minted by this contract since deployment.
    function totalMinted() external view returns (uint256);
    /// @notice Tokens allotted to nodes and stakers so far (pools of closed epochs).
    function totalAllotted() external view returns (uint256);
    /// @notice Tokens claimed by nodes and stakers so far.
    function totalClaimed() external view returns (uint256);
    /// @notice Price of one GLT in USD with 18 decimals, from the feed (checked for age).
    function tokenPriceUsd() external view returns (uint256);
    /// @notice Tokens (wei) worth `usdAmount` (18 decimals) at the feed price.
    function usdToTokens(uint256 usdAmount) external view returns (uint256);
    /// @notice The burn-and-mint equilibrium price P* (USD, 18 decimals, per GLT): the price at
    /// which tokens burned by USD demand equal the emission, usdDemand · burnedShare / emission;
    /// type(uint256).max without emission.
    /// @param usdDemandPerEpoch USD paid for work per epoch (18 decimals).
    /// @param emissionPerEpoch GLT minted per epoch (wei).
    /// @param burnedShareBps Share of payments burned (10_000 = all).
    function bmeEquilibriumPrice(
        uint256 usdDemandPerEpoch,
        uint256 emissionPerEpoch,
        uint256 burnedShareBps
    ) external pure returns (uint256);
    /// @notice The active supply policy.
    function policy() external view returns (PolicyKind);
    /// @notice The emission schedule (used by `schedule` and `burn-and-mint`).
    function schedule() external view returns (ScheduleEntry[] memory);
    /// @notice The decay parameters.
    function decayParams() external view returns (DecayParams memory);
    /// @notice The bonding-rate parameters.
    function bondingRateParams() external view returns (BondingRateParams memory);
    /// @notice The bonding-rate inflation of the last closed epoch (or the initial one).
    function inflationPpb() external view returns (uint256);
    /// @notice The burn-and-mint net emission cap per epoch (type(uint256).max = none).
    function netEmissionCap() external view returns (uint256);
    /// @notice The node / staker / treasury split.
    function rewardSplit() external view returns (RewardSplit memory);
    /// @notice Epoch length in seconds.
    function epochLength() external view returns (uint256);
    /// @notice Reputation weight exponent.
    function weightExponent() external view returns (uint256);
    /// @notice Receiver of the treasury share.
    function treasury() external view returns (address);
    /// @notice Whether `reporter` may record work.
    function isWorkReporter(address reporter) external view returns (bool);
    /// @notice The GLT/USD price feed.
    function priceFeed() external view returns (AggregatorV3Interface);
    /// @notice Maximum accepted age of a price answer in seconds.
    function maxPriceAge() external view returns (uint256);
    /// @notice A staker's recorded stake, accumulator snapshot and settled rewards.
    function stakerOf(address account)
        external
        view
        returns (uint256 stake, uint256 rewardPerStakePaid, uint256 owed);
    /// @notice Staker rewards per recorded stake, scaled by 1e18, since deployment.
    function rewardPerStake() external view returns (uint256);
    /// @notice Sum of recorded stakes (the accumulator's denominator).
    function totalRecordedStake() external view returns (uint256);
}
