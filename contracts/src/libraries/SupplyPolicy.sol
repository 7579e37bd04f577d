// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissions} from "../interfaces/IEmissions.sol";

/// @title SupplyPolicy
/// @notice The per-epoch rules of the supply policies as pure functions, the same formulas as
/// the simulator's `src/core/policies/` (tokens in wei, rounding down).
library SupplyPolicy {
    /// @notice Denominator of parts-per-billion rates.
    uint256 internal constant PPB = 1e9;
    /// @notice Denominator of basis points.
    uint256 internal constant BPS = 10_000;

    /// @notice Emission of `epoch` under a schedule: the first entry whose range covers it.
    function scheduleEmission(IEmissions.ScheduleEntry[] storage schedule, uint256 epoch)
        internal
        view
        returns (uint256)
    {
        uint256 n = schedule.length;
        for (uint256 i = 0; i < n; ++i) {
            IEmissions.ScheduleEntry memory s = schedule[i];
            if (epoch >= s.fromEpoch && (s.toEpoch == 0 || epoch < s.toEpoch)) {
                return s.emissionPerEpoch;
            }
        }
        return 0;
    }

    /// @notice Exponential decay toward `totalEmission`, never below the floor.
    /// @param emittedSoFar Tokens minted by the policy contract so far.
    function decayEmission(IEmissions.DecayParams memory p, uint256 emittedSoFar)
        internal
        pure
        returns (uint256)
    {
        uint256 remaining = p.totalEmission > emittedSoFar ? p.totalEmission - emittedSoFar : 0;
        uint256 decayed = remaining * p.decayRatePpb / PPB;
        return decayed > p.floorEmissionPerEpoch ? decayed : p.floorEmissionPerEpoch;
    }

    /// @notice Livepeer's controller: +step below the target, −step above, unchanged at the
    /// target, clamped to [min, max].
    function nextInflationPpb(
        IEmissions.BondingRateParams memory p,
        uint256 currentPpb,
        uint256 stakedShareBps
    ) internal pure returns (uint256 next) {
        next = currentPpb;
        if (stakedShareBps < p.targetBondingRateBps) {
            next = currentPpb + p.inflationChangePpb;
        } else if (stakedShareBps > p.targetBondingRateBps) {
            next = currentPpb > p.inflationChangePpb ? currentPpb - p.inflationChangePpb : 0;
        }
        if (next > p.maxInflationPpb) next = p.maxInflationPpb;
        if (next < p.minInflationPpb) next = p.minInflationPpb;
    }

    /// @notice Emission of one epoch at `inflationPpb` of `supply`.
    function inflationEmission(uint256 supply, uint256 inflationPpb)
        internal
        pure
        returns (uint256)
    {
        return supply * inflationPpb / PPB;
    }

    /// @notice Burn-and-mint: the scheduled emission, cut so that mint − burn ≤ cap.
    /// @param cap Net emission cap per epoch; type(uint256).max for none.
    function burnAndMintEmission(uint256 scheduled, uint256 burnedThisEpoch, uint256 cap)
        internal
        pure
        returns (uint256)
    {
        if (cap == type(uint256).max) return scheduled;
        uint256 limit =
            burnedThisEpoch > type(uint256).max - cap ? type(uint256).max : burnedThisEpoch + cap;
        return scheduled < limit ? scheduled : limit;
    }

    /// @notice Staked share of supply in bps (0 for an empty supply).
    function stakedShareBps(uint256 staked, uint256 supply) internal pure returns (uint256) {
        if (supply == 0) return 0;
        uint256 share = staked * BPS / supply;
        return share > BPS ? BPS : share;
    }

    /// @notice The burn-and-mint equilibrium price P* in USD (18 decimals) per whole GLT:
    /// the price at which tokens burned by USD demand equal the emission,
    /// P* = usdDemand · burnedShare / emission. type(uint256).max without emission.
    /// @param usdDemandPerEpoch USD paid for work per epoch, 18 decimals.
    /// @param emissionPerEpoch GLT minted per epoch, in wei.
    /// @param burnedShareBps Share of payments burned (10_000 when everything paid burns).
    function bmeEquilibriumPrice(
        uint256 usdDemandPerEpoch,
        uint256 emissionPerEpoch,
        uint256 burnedShareBps
    ) internal pure returns (uint256) {
        if (emissionPerEpoch == 0) return type(uint256).max;
        return usdDemandPerEpoch * burnedShareBps * 1e18 / BPS / emissionPerEpoch;
    }
}
