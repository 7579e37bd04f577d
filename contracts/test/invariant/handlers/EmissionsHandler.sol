// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GridlightDeployment} from "../../../script/GridlightDeployment.sol";
import {IEmissions} from "../../../src/interfaces/IEmissions.sol";
import {Emissions} from "../../../src/token/Emissions.sol";
import {Test} from "../../utils/Test.sol";

/// @notice Drives Emissions with bounded random actions: time, epoch advances, work reports,
/// node and staker claims, stake changes, burns, policy switches by the timelock and setter
/// attempts by anyone else. Keeps ghost state: Σ minted and Σ burned (around each action),
/// Σ claimed, the policy the timelock last chose, and an independent reference model of each
/// policy's allowance. Every action returns early when its preconditions are not met.
contract EmissionsHandler is Test {
    GridlightDeployment.Deployed internal d;
    Emissions internal em;
    address internal timelock;
    address[] public actors;

    // ------------------------------------------------------------------ ghost state

    uint256 public ghostMinted;
    uint256 public ghostBurned;
    uint256 public ghostClaimed;
    /// @notice An epoch minted more than the reference model of its policy allows.
    bool public ghostOverMinted;
    /// @notice An epoch minted something other than its own record says.
    bool public ghostRecordMismatch;
    IEmissions.PolicyKind public ghostPolicy;
    uint256 public ghostUnauthorizedSetterSuccess;
    uint256 public ghostEpochsClosed;
    /// @dev Reference model state.
    uint256 internal _refRate;
    bool internal _refFresh;
    uint256 internal _refCheckpoint;

    mapping(bytes32 => uint256) public calls;

    constructor(GridlightDeployment.Deployed memory d_, address[] memory actors_) {
        d = d_;
        em = d_.emissions;
        timelock = address(d_.timelock);
        actors = actors_;
        ghostPolicy = em.policy();
        _refRate = em.bondingRateParams().initialInflationPpb;
        _refFresh = true;
        _refCheckpoint = d.token.totalSupply();
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    // ------------------------------------------------------------------ actions

    function warp(uint256 secs) external {
        calls["warp"]++;
        vm.warp(block.timestamp + bound(secs, 1, 2 days));
    }

    function advance() external {
        (uint256 epoch, uint256 startedAt) = em.currentEpoch();
        if (block.timestamp < startedAt + em.epochLength()) return;
        calls["advance"]++;
        uint256 supply = d.token.totalSupply();
        uint256 allowed = _referenceAllowance(epoch, supply);
        uint256 minted = em.advanceEpoch();
        uint256 after_ = d.token.totalSupply();
        if (after_ - supply != minted) ghostRecordMismatch = true;
        if (em.epochRecord(epoch).minted != minted) ghostRecordMismatch = true;
        if (minted > allowed || em.epochRecord(epoch).allowed != allowed) ghostOverMinted = true;
        ghostMinted += minted;
        ghostEpochsClosed++;
        _refCheckpoint = after_;
    }

    function recordWork(uint256 actorSeed, uint256 units) external {
        calls["recordWork"]++;
        address node = _actor(actorSeed);
        vm.prank(address(this));
        em.recordWork(node, bound(units, 1, 1e24));
    }

    function claimNode(uint256 actorSeed, uint256 epochSeed) external {
        (uint256 open,) = em.currentEpoch();
        if (open == 0) return;
        address node = _actor(actorSeed);
        uint256 epoch = bound(epochSeed, 0, open - 1);
        if (em.pendingNodeRewards(node, epoch) == 0) return;
        calls["claimNode"]++;
        vm.prank(node);
        ghostClaimed += em.claimNodeRewards(epoch);
    }

    function checkpoint(uint256 actorSeed) external {
        calls["checkpoint"]++;
        em.checkpointStake(_actor(actorSeed));
    }

    function claimStaker(uint256 actorSeed) external {
        address a = _actor(actorSeed);
        if (em.pendingStakerRewards(a) == 0) return;
        calls["claimStaker"]++;
        vm.prank(a);
        ghostClaimed += em.claimStakerRewards();
    }

    function stake(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 bal = d.token.balanceOf(a);
        if (bal == 0) return;
        amount = bound(amount, 1, bal);
        calls["stake"]++;
        vm.startPrank(a);
        d.token.approve(address(d.staking), amount);
        d.staking.stake(amount);
        vm.stopPrank();
    }

    function requestUnbond(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 free = d.staking.freeStakeOf(a);
        if (free == 0) return;
        calls["requestUnbond"]++;
        vm.prank(a);
        d.staking.requestUnbond(bound(amount, 1, free));
    }

    function burn(uint256 actorSeed, uint256 amount) external {
        address a = _actor(actorSeed);
        uint256 bal = d.token.balanceOf(a);
        if (bal == 0) return;
        amount = bound(amount, 1, bal / 10 + 1);
        calls["burn"]++;
        vm.prank(a);
        d.token.burn(amount);
        ghostBurned += amount;
    }

    /// @notice The timelock (after a passed vote) switches the policy.
    function governanceSetPolicy(uint256 kindSeed) external {
        calls["governanceSetPolicy"]++;
        IEmissions.PolicyKind kind = IEmissions.PolicyKind(bound(kindSeed, 0, 4));
        vm.prank(timelock);
        em.setPolicy(kind);
        ghostPolicy = kind;
    }

    /// @notice The timelock moves the split (shares stay whole).
    function governanceSetSplit(uint256 nodesBps, uint256 stakersBps) external {
        calls["governanceSetSplit"]++;
        nodesBps = bound(nodesBps, 0, 10_000);
        stakersBps = bound(stakersBps, 0, 10_000 - nodesBps);
        vm.prank(timelock);
        em.setRewardSplit(
            IEmissions.RewardSplit({
                nodesBps: uint16(nodesBps),
                stakersBps: uint16(stakersBps),
                treasuryBps: uint16(10_000 - nodesBps - stakersBps)
            })
        );
    }

    /// @notice Anyone else tries to switch the policy or mint; it must fail.
    function attackSetter(uint256 actorSeed, uint256 kindSeed) external {
        calls["attackSetter"]++;
        address a = _actor(actorSeed);
        vm.prank(a);
        try em.setPolicy(IEmissions.PolicyKind(bound(kindSeed, 0, 4))) {
            ghostUnauthorizedSetterSuccess++;
        } catch {}
        vm.prank(a);
        try d.token.mint(a, 1) {
            ghostUnauthorizedSetterSuccess++;
        } catch {}
    }

    // ------------------------------------------------------------------ reference model

    /// @dev What the policy allows for `epoch`, computed here from the published rules.
    function _referenceAllowance(uint256 epoch, uint256 supply) internal returns (uint256) {
        IEmissions.PolicyKind p = ghostPolicy;
        if (p == IEmissions.PolicyKind.Fixed) return 0;
        if (p == IEmissions.PolicyKind.Schedule) return _refSchedule(epoch);
        if (p == IEmissions.PolicyKind.Decay) {
            IEmissions.DecayParams memory dp = em.decayParams();
            uint256 rem = dp.totalEmission > ghostMinted ? dp.totalEmission - ghostMinted : 0;
            uint256 v = rem * dp.decayRatePpb / 1e9;
            return v > dp.floorEmissionPerEpoch ? v : dp.floorEmissionPerEpoch;
        }
        if (p == IEmissions.PolicyKind.BondingRate) {
            IEmissions.BondingRateParams memory b = em.bondingRateParams();
            uint256 share = d.staking.totalStaked() * 10_000 / supply;
            uint256 rate = _refRate;
            if (!_refFresh) {
                if (share < b.targetBondingRateBps) {
                    rate += b.inflationChangePpb;
                } else if (share > b.targetBondingRateBps) {
                    rate = rate > b.inflationChangePpb ? rate - b.inflationChangePpb : 0;
                }
                if (rate > b.maxInflationPpb) rate = b.maxInflationPpb;
                if (rate < b.minInflationPpb) rate = b.minInflationPpb;
            }
            _refRate = rate;
            _refFresh = false;
            return supply * rate / 1e9;
        }
        uint256 burned = _refCheckpoint > supply ? _refCheckpoint - supply : 0;
        uint256 scheduled = _refSchedule(epoch);
        uint256 cap = em.netEmissionCap();
        if (cap == type(uint256).max) return scheduled;
        return scheduled < burned + cap ? scheduled : burned + cap;
    }

    function _refSchedule(uint256 epoch) internal view returns (uint256) {
        IEmissions.ScheduleEntry[] memory s = em.schedule();
        for (uint256 i = 0; i < s.length; ++i) {
            if (epoch >= s[i].fromEpoch && (s[i].toEpoch == 0 || epoch < s[i].toEpoch)) {
                return s[i].emissionPerEpoch;
            }
        }
        return 0;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[bound(seed, 0, actors.length - 1)];
    }
}
