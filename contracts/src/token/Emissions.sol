// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governed} from "../governance/Governed.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {IEmissions} from "../interfaces/IEmissions.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IStaking} from "../interfaces/IStaking.sol";
import {SupplyPolicy} from "../libraries/SupplyPolicy.sol";
import {GridlightToken} from "./GridlightToken.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title Emissions
/// @notice Holds GLT's MINTER_ROLE. Each epoch, anyone closes the open epoch; the supply
/// policy chosen by governance decides the emission, which is minted and split between
/// nodes (pull, pro rata to reputation-weighted work), stakers (reward per stake) and the
/// treasury. No loop runs over nodes or stakers. See docs/emissions.md.
contract Emissions is IEmissions, Governed, ReentrancyGuard {
    using SafeERC20 for GridlightToken;

    // ------------------------------------------------------------------ constants

    /// @notice Most entries a schedule may have (bounds the lookup loop).
    uint256 public constant MAX_SCHEDULE_ENTRIES = 32;
    /// @notice Shortest epoch.
    uint256 public constant MIN_EPOCH_LENGTH = 1 hours;
    /// @notice Longest epoch.
    uint256 public constant MAX_EPOCH_LENGTH = 365 days;
    /// @notice Largest reputation weight exponent.
    uint256 public constant MAX_WEIGHT_EXPONENT = 4;
    uint256 private constant BPS = 10_000;
    uint256 private constant PPB = 1e9;
    uint256 private constant ACC = 1e18;
    uint256 private constant NO_CAP = type(uint256).max;

    struct StakerState {
        uint256 stake;
        uint256 paid;
        uint256 owed;
    }

    // ------------------------------------------------------------------ storage

    GridlightToken private immutable _token;
    IStaking private immutable _staking;
    IReputation private immutable _reputation;

    address private _treasury;
    PolicyKind private _policy;
    ScheduleEntry[] private _schedule;
    DecayParams private _decay;
    BondingRateParams private _bonding;
    uint256 private _inflationPpb;
    /// @dev The rate was just (re)set: the next epoch mints at it before the controller moves.
    bool private _inflationFresh;
    uint256 private _netEmissionCap;
    RewardSplit private _split;
    uint256 private _epochLength;
    uint256 private _weightExponent;
    AggregatorV3Interface private _priceFeed;
    uint256 private _maxPriceAge;
    mapping(address reporter => bool) private _reporters;

    uint256 private _epoch;
    uint256 private _epochStart;
    /// @dev Total supply right after the last mint; the drop below it is what was burned.
    uint256 private _supplyCheckpoint;
    mapping(uint256 epoch => EpochRecord) private _records;
    mapping(uint256 epoch => uint256) private _totalWork;
    mapping(address node => mapping(uint256 epoch => uint256)) private _work;
    mapping(address node => mapping(uint256 epoch => bool)) private _nodeClaimed;

    uint256 private _rewardPerStake;
    uint256 private _totalRecordedStake;
    mapping(address account => StakerState) private _stakers;

    uint256 private _totalMinted;
    uint256 private _totalAllotted;
    uint256 private _totalClaimed;

    // ------------------------------------------------------------------ constructor

    /// @param token_ GLT; this contract must be granted its MINTER_ROLE.
    /// @param staking_ Source of stakes (`bondedOf`, `totalStaked`).
    /// @param reputation_ Source of node scores weighting work.
    /// @param initialGovernance Parameter owner (the deployer, who hands it to the timelock).
    /// @param treasury_ Receiver of the treasury share.
    /// @param epochLength_ Epoch length in seconds; epoch 0 starts now.
    /// @param split_ Node / staker / treasury split.
    constructor(
        GridlightToken token_,
        IStaking staking_,
        IReputation reputation_,
        address initialGovernance,
        address treasury_,
        uint256 epochLength_,
        RewardSplit memory split_
    ) Governed(initialGovernance) {
        if (
            address(token_) == address(0) || address(staking_) == address(0)
                || address(reputation_) == address(0) || treasury_ == address(0)
        ) revert ZeroAddress();
        _token = token_;
        _staking = staking_;
        _reputation = reputation_;
        _setTreasury(treasury_);
        _setEpochLength(epochLength_);
        _setRewardSplit(split_);
        _netEmissionCap = NO_CAP;
        emit NetEmissionCapSet(0, NO_CAP);
        _weightExponent = 1;
        emit WeightExponentSet(0, 1);
        _epochStart = block.timestamp;
        _supplyCheckpoint = token_.totalSupply();
    }

    // ------------------------------------------------------------------ epochs

    /// @inheritdoc IEmissions
    function advanceEpoch() external nonReentrant returns (uint256 minted) {
        uint256 epoch = _epoch;
        uint256 endsAt = _epochStart + _epochLength;
        if (block.timestamp < endsAt) revert EpochNotEnded(epoch, endsAt);

        EpochRecord memory r = _closeEpoch(epoch);
        minted = r.minted;
        _records[epoch] = r;
        _epoch = epoch + 1;
        _epochStart = endsAt;
        _totalMinted += minted;
        _totalAllotted += r.nodePool + r.stakerPool;
        _supplyCheckpoint += minted;
        emit EpochAdvanced(
            epoch, r.policy, r.allowed, minted, r.nodePool, r.stakerPool, r.treasuryAmount, r.burned
        );

        if (r.nodePool + r.stakerPool > 0) _token.mint(address(this), r.nodePool + r.stakerPool);
        if (r.treasuryAmount > 0) _token.mint(_treasury, r.treasuryAmount);
    }

    /// @inheritdoc IEmissions
    function recordWork(address node, uint256 units) external {
        if (!_reporters[msg.sender]) revert NotWorkReporter(msg.sender);
        if (node == address(0) || units == 0) revert InvalidWork(node, units);
        uint256 score = _reputation.scoreOf(node);
        uint256 weighted = units;
        uint256 k = _weightExponent;
        for (uint256 i = 0; i < k; ++i) {
            weighted = weighted * score / BPS;
        }
        uint256 epoch = _epoch;
        _work[node][epoch] += weighted;
        _totalWork[epoch] += weighted;
        emit WorkRecorded(epoch, node, units, weighted);
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IEmissions
    function claimNodeRewards(uint256 epoch) external nonReentrant returns (uint256 amount) {
        if (epoch >= _epoch) revert EpochNotClosed(epoch, _epoch);
        if (_nodeClaimed[msg.sender][epoch]) {
            revert NodeRewardsAlreadyClaimed(msg.sender, epoch);
        }
        amount = _nodeShare(msg.sender, epoch);
        if (amount == 0) revert NothingToClaim(msg.sender, epoch);
        _nodeClaimed[msg.sender][epoch] = true;
        _totalClaimed += amount;
        emit NodeRewardsClaimed(msg.sender, epoch, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IEmissions
    function checkpointStake(address account) external {
        _settle(account);
    }

    /// @inheritdoc IEmissions
    function claimStakerRewards() external nonReentrant returns (uint256 amount) {
        StakerState storage s = _settle(msg.sender);
        amount = s.owed;
        if (amount == 0) revert NothingToClaim(msg.sender, type(uint256).max);
        s.owed = 0;
        _totalClaimed += amount;
        emit StakerRewardsClaimed(msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------ governance

    /// @inheritdoc IEmissions
    function setPolicy(PolicyKind policy_) external onlyGovernance {
        emit PolicySet(_policy, policy_);
        _policy = policy_;
    }

    /// @inheritdoc IEmissions
    function setSchedule(ScheduleEntry[] calldata schedule_) external onlyGovernance {
        uint256 n = schedule_.length;
        if (n > MAX_SCHEDULE_ENTRIES) revert ScheduleTooLong(n, MAX_SCHEDULE_ENTRIES);
        uint256 oldLength = _schedule.length;
        delete _schedule;
        for (uint256 i = 0; i < n; ++i) {
            ScheduleEntry calldata e = schedule_[i];
            if (e.toEpoch != 0 && e.toEpoch <= e.fromEpoch) {
                revert InvalidScheduleEntry(i, e.fromEpoch, e.toEpoch);
            }
            _schedule.push(e);
        }
        emit ScheduleSet(oldLength, schedule_);
    }

    /// @inheritdoc IEmissions
    function setDecayParams(DecayParams calldata params) external onlyGovernance {
        if (params.decayRatePpb > PPB) revert InvalidPpb(params.decayRatePpb);
        emit DecayParamsSet(_decay, params);
        _decay = params;
    }

    /// @inheritdoc IEmissions
    function setBondingRateParams(BondingRateParams calldata params) external onlyGovernance {
        if (params.maxInflationPpb > PPB) revert InvalidPpb(params.maxInflationPpb);
        if (params.inflationChangePpb > PPB) revert InvalidPpb(params.inflationChangePpb);
        if (params.targetBondingRateBps > BPS) revert InvalidBps(params.targetBondingRateBps);
        if (
            params.minInflationPpb > params.initialInflationPpb
                || params.initialInflationPpb > params.maxInflationPpb
        ) {
            revert InvalidInflationBounds(
                params.minInflationPpb, params.initialInflationPpb, params.maxInflationPpb
            );
        }
        emit BondingRateParamsSet(_bonding, params);
        _bonding = params;
        _inflationPpb = params.initialInflationPpb;
        _inflationFresh = true;
    }

    /// @inheritdoc IEmissions
    function setNetEmissionCap(uint256 netEmissionCapPerEpoch) external onlyGovernance {
        emit NetEmissionCapSet(_netEmissionCap, netEmissionCapPerEpoch);
        _netEmissionCap = netEmissionCapPerEpoch;
    }

    /// @inheritdoc IEmissions
    function setRewardSplit(RewardSplit calldata split) external onlyGovernance {
        _setRewardSplit(split);
    }

    /// @inheritdoc IEmissions
    function setEpochLength(uint256 epochLength_) external onlyGovernance {
        _setEpochLength(epochLength_);
    }

    /// @inheritdoc IEmissions
    function setWeightExponent(uint256 weightExponent_) external onlyGovernance {
        if (weightExponent_ > MAX_WEIGHT_EXPONENT) {
            revert InvalidWeightExponent(weightExponent_, MAX_WEIGHT_EXPONENT);
        }
        emit WeightExponentSet(_weightExponent, weightExponent_);
        _weightExponent = weightExponent_;
    }

    /// @inheritdoc IEmissions
    function setTreasury(address treasury_) external onlyGovernance {
        _setTreasury(treasury_);
    }

    /// @inheritdoc IEmissions
    function setWorkReporter(address reporter, bool allowed) external onlyGovernance {
        if (reporter == address(0)) revert ZeroAddress();
        _reporters[reporter] = allowed;
        emit WorkReporterSet(reporter, allowed);
    }

    /// @inheritdoc IEmissions
    function setPriceFeed(AggregatorV3Interface feed) external onlyGovernance {
        emit PriceFeedSet(address(_priceFeed), address(feed));
        _priceFeed = feed;
    }

    /// @inheritdoc IEmissions
    function setMaxPriceAge(uint256 maxPriceAge_) external onlyGovernance {
        emit MaxPriceAgeSet(_maxPriceAge, maxPriceAge_);
        _maxPriceAge = maxPriceAge_;
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IEmissions
    function currentEpoch() external view returns (uint256 epoch, uint256 startedAt) {
        return (_epoch, _epochStart);
    }

    /// @inheritdoc IEmissions
    function previewEmission() external view returns (uint256 allowed, uint256 inflationPpb_) {
        uint256 supply = _token.totalSupply();
        uint256 burned = _supplyCheckpoint > supply ? _supplyCheckpoint - supply : 0;
        uint256 share = SupplyPolicy.stakedShareBps(_staking.totalStaked(), supply);
        return _policyEmission(_epoch, supply, burned, share);
    }

    /// @inheritdoc IEmissions
    function epochRecord(uint256 epoch) external view returns (EpochRecord memory) {
        return _records[epoch];
    }

    /// @inheritdoc IEmissions
    function workOf(address node, uint256 epoch) external view returns (uint256) {
        return _work[node][epoch];
    }

    /// @inheritdoc IEmissions
    function totalWorkOf(uint256 epoch) external view returns (uint256) {
        return _totalWork[epoch];
    }

    /// @inheritdoc IEmissions
    function pendingNodeRewards(address node, uint256 epoch) external view returns (uint256) {
        if (epoch >= _epoch || _nodeClaimed[node][epoch]) return 0;
        return _nodeShare(node, epoch);
    }

    /// @inheritdoc IEmissions
    function pendingStakerRewards(address account) external view returns (uint256) {
        StakerState memory s = _stakers[account];
        return s.owed + _accrued(s, _staking.bondedOf(account));
    }

    /// @inheritdoc IEmissions
    function totalMinted() external view returns (uint256) {
        return _totalMinted;
    }

    /// @inheritdoc IEmissions
    function totalAllotted() external view returns (uint256) {
        return _totalAllotted;
    }

    /// @inheritdoc IEmissions
    function totalClaimed() external view returns (uint256) {
        return _totalClaimed;
    }

    /// @inheritdoc IEmissions
    function tokenPriceUsd() public view returns (uint256) {
        AggregatorV3Interface feed = _priceFeed;
        if (address(feed) == address(0)) revert PriceFeedNotSet();
        (, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        if (answer <= 0) revert InvalidPrice(answer);
        if (block.timestamp > updatedAt + _maxPriceAge) {
            revert StalePrice(updatedAt, _maxPriceAge);
        }
        uint8 dec = feed.decimals();
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 price = uint256(answer); // answer > 0 checked above
        return dec <= 18 ? price * 10 ** (18 - dec) : price / 10 ** (dec - 18);
    }

    /// @inheritdoc IEmissions
    function usdToTokens(uint256 usdAmount) external view returns (uint256) {
        uint256 price = tokenPriceUsd();
        if (price == 0) revert InvalidPrice(0);
        return usdAmount * 1e18 / price;
    }

    /// @inheritdoc IEmissions
    function bmeEquilibriumPrice(
        uint256 usdDemandPerEpoch,
        uint256 emissionPerEpoch,
        uint256 burnedShareBps
    ) external pure returns (uint256) {
        if (burnedShareBps > BPS) revert InvalidBps(burnedShareBps);
        return SupplyPolicy.bmeEquilibriumPrice(usdDemandPerEpoch, emissionPerEpoch, burnedShareBps);
    }

    /// @inheritdoc IEmissions
    function policy() external view returns (PolicyKind) {
        return _policy;
    }

    /// @inheritdoc IEmissions
    function schedule() external view returns (ScheduleEntry[] memory) {
        return _schedule;
    }

    /// @inheritdoc IEmissions
    function decayParams() external view returns (DecayParams memory) {
        return _decay;
    }

    /// @inheritdoc IEmissions
    function bondingRateParams() external view returns (BondingRateParams memory) {
        return _bonding;
    }

    /// @inheritdoc IEmissions
    function inflationPpb() external view returns (uint256) {
        return _inflationPpb;
    }

    /// @inheritdoc IEmissions
    function netEmissionCap() external view returns (uint256) {
        return _netEmissionCap;
    }

    /// @inheritdoc IEmissions
    function rewardSplit() external view returns (RewardSplit memory) {
        return _split;
    }

    /// @inheritdoc IEmissions
    function epochLength() external view returns (uint256) {
        return _epochLength;
    }

    /// @inheritdoc IEmissions
    function weightExponent() external view returns (uint256) {
        return _weightExponent;
    }

    /// @inheritdoc IEmissions
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IEmissions
    function isWorkReporter(address reporter) external view returns (bool) {
        return _reporters[reporter];
    }

    /// @inheritdoc IEmissions
    function priceFeed() external view returns (AggregatorV3Interface) {
        return _priceFeed;
    }

    /// @inheritdoc IEmissions
    function maxPriceAge() external view returns (uint256) {
        return _maxPriceAge;
    }

    /// @inheritdoc IEmissions
    function stakerOf(address account)
        external
        view
        returns (uint256 stake, uint256 rewardPerStakePaid, uint256 owed)
    {
        StakerState memory s = _stakers[account];
        return (s.stake, s.paid, s.owed);
    }

    /// @inheritdoc IEmissions
    function rewardPerStake() external view returns (uint256) {
        return _rewardPerStake;
    }

    /// @inheritdoc IEmissions
    function totalRecordedStake() external view returns (uint256) {
        return _totalRecordedStake;
    }

    /// @notice GLT.
    function token() external view returns (GridlightToken) {
        return _token;
    }

    /// @notice Staking, source of stakes.
    function staking() external view returns (IStaking) {
        return _staking;
    }

    /// @notice Reputation, source of node scores.
    function reputation() external view returns (IReputation) {
        return _reputation;
    }

    // ------------------------------------------------------------------ internal

    /// @dev The active policy's emission for `epoch` and the bonding-rate inflation used.
    function _policyEmission(uint256 epoch, uint256 supply, uint256 burned, uint256 share)
        internal
        view
        returns (uint256 allowed, uint256 rate)
    {
        PolicyKind p = _policy;
        if (p == PolicyKind.Schedule) {
            allowed = SupplyPolicy.scheduleEmission(_schedule, epoch);
        } else if (p == PolicyKind.Decay) {
            allowed = SupplyPolicy.decayEmission(_decay, _totalMinted);
        } else if (p == PolicyKind.BondingRate) {
            rate = _inflationFresh
                ? _inflationPpb
                : SupplyPolicy.nextInflationPpb(_bonding, _inflationPpb, share);
            allowed = SupplyPolicy.inflationEmission(supply, rate);
        } else if (p == PolicyKind.BurnAndMint) {
            allowed = SupplyPolicy.burnAndMintEmission(
                SupplyPolicy.scheduleEmission(_schedule, epoch), burned, _netEmissionCap
            );
        }
    }

    /// @dev Decides epoch `epoch`: the policy's emission, its split, the controller's move and
    /// the staker accumulator. Sets `_supplyCheckpoint` to the supply before this mint.
    function _closeEpoch(uint256 epoch) internal returns (EpochRecord memory r) {
        uint256 supply = _token.totalSupply();
        r.burned = _supplyCheckpoint > supply ? _supplyCheckpoint - supply : 0;
        _supplyCheckpoint = supply;
        r.stakedShareBps = SupplyPolicy.stakedShareBps(_staking.totalStaked(), supply);
        r.policy = _policy;
        uint256 rate;
        (r.allowed, rate) = _policyEmission(epoch, supply, r.burned, r.stakedShareBps);
        if (r.policy == PolicyKind.BondingRate) {
            if (rate != _inflationPpb) {
                emit InflationUpdated(epoch, r.stakedShareBps, _inflationPpb, rate);
            }
            _inflationPpb = rate;
            _inflationFresh = false;
            r.inflationPpb = rate;
        }

        RewardSplit memory split = _split;
        r.nodePool = r.allowed * split.nodesBps / BPS;
        r.stakerPool = r.allowed * split.stakersBps / BPS;
        r.treasuryAmount = r.allowed - r.nodePool - r.stakerPool;
        r.totalWork = _totalWork[epoch];
        // Without work there is nobody to pay: the node pool is not minted (as in the sim).
        if (r.totalWork == 0) r.nodePool = 0;
        uint256 recorded = _totalRecordedStake;
        if (recorded == 0) {
            r.treasuryAmount += r.stakerPool;
            r.stakerPool = 0;
        } else {
            _rewardPerStake += r.stakerPool * ACC / recorded;
        }
        r.minted = r.nodePool + r.stakerPool + r.treasuryAmount;
    }

    function _nodeShare(address node, uint256 epoch) internal view returns (uint256) {
        uint256 total = _records[epoch].totalWork;
        if (total == 0) return 0;
        return _records[epoch].nodePool * _work[node][epoch] / total;
    }

    /// @dev Rewards accrued since the last checkpoint on min(recorded, bonded now): a staker
    /// who unbonded without a checkpoint earns on what is still bonded, never on more than
    /// was recorded (so Σ claims ≤ Σ staker pools).
    function _accrued(StakerState memory s, uint256 bonded) internal view returns (uint256) {
        uint256 effective = s.stake < bonded ? s.stake : bonded;
        return effective * (_rewardPerStake - s.paid) / ACC;
    }

    function _settle(address account) internal returns (StakerState storage s) {
        s = _stakers[account];
        uint256 bonded = _staking.bondedOf(account);
        s.owed += _accrued(s, bonded);
        s.paid = _rewardPerStake;
        uint256 old = s.stake;
        if (bonded != old) {
            _totalRecordedStake = _totalRecordedStake - old + bonded;
            s.stake = bonded;
            emit StakeCheckpointed(account, old, bonded);
        }
    }

    function _setRewardSplit(RewardSplit memory split) internal {
        if (uint256(split.nodesBps) + split.stakersBps + split.treasuryBps != BPS) {
            revert InvalidRewardSplit(split.nodesBps, split.stakersBps, split.treasuryBps);
        }
        emit RewardSplitSet(_split, split);
        _split = split;
    }

    function _setEpochLength(uint256 length) internal {
        if (length < MIN_EPOCH_LENGTH || length > MAX_EPOCH_LENGTH) {
            revert InvalidEpochLength(length, MIN_EPOCH_LENGTH, MAX_EPOCH_LENGTH);
        }
        emit EpochLengthSet(_epochLength, length);
        _epochLength = length;
    }

    function _setTreasury(address treasury_) internal {
        if (treasury_ == address(0)) revert ZeroAddress();
        emit TreasurySet(_treasury, treasury_);
        _treasury = treasury_;
    }
}
