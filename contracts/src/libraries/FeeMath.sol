// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../interfaces/IJobMarket.sol";

/// @title FeeMath
/// @notice Splits the value of accepted work. Every wei of `gross` lands in exactly one
/// bucket, so node + treasury + burn + insurance + integrator + verifier + refund == gross.
library FeeMath {
    uint256 internal constant BPS = 10_000;
    /// @dev Reputation at which a node earns the base share.
    uint256 internal constant NEUTRAL_REPUTATION = 5000;

    struct Shares {
        uint256 node;
        uint256 treasury;
        uint256 burn;
        uint256 insurance;
        uint256 integrator;
        uint256 verifier;
        uint256 refund;
    }

    /// @notice Splits `gross` for a node with `reputation` (bps).
    /// @param hasIntegrator Whether the job names an integrator (else its share goes to treasury).
    /// @param hasVerifier Whether a verifier earned a fee (else its share goes to the node).
    /// @param late Whether the result was revealed after the job's deadline.
    function split(
        IJobMarket.FeeSplit memory f,
        uint256 gross,
        uint256 reputation,
        bool hasIntegrator,
        bool hasVerifier,
        bool late
    ) internal pure returns (Shares memory s) {
        s.burn = gross * f.burnBps / BPS;
        s.insurance = gross * f.insuranceBps / BPS;
        s.treasury = gross * f.treasuryBps / BPS;
        uint256 integratorCut = gross * f.integratorBps / BPS;
        if (hasIntegrator) s.integrator = integratorCut;
        else s.treasury += integratorCut;
        if (hasVerifier) s.verifier = gross * f.verifierBps / BPS;
        // The fee split is validated to sum to at most BPS, so this cannot underflow.
        s.node = gross - s.burn - s.insurance - s.treasury - s.integrator - s.verifier;

        // Reputation moves the node share against the treasury's, never beyond it.
        if (reputation > NEUTRAL_REPUTATION) {
            uint256 bonus = gross * f.maxRepAdjBps * (reputation - NEUTRAL_REPUTATION)
                / (BPS * (BPS - NEUTRAL_REPUTATION));
            if (bonus > s.treasury) bonus = s.treasury;
            s.treasury -= bonus;
            s.node += bonus;
        } else if (reputation < NEUTRAL_REPUTATION) {
            uint256 cut = gross * f.maxRepAdjBps * (NEUTRAL_REPUTATION - reputation)
                / (BPS * NEUTRAL_REPUTATION);
            if (cut > s.node) cut = s.node;
            s.node -= cut;
            s.treasury += cut;
        }
        // Missing the SLA deadline gives part of the node share back to the requester.
        if (late) {
            uint256 penalty = gross * f.latePenaltyBps / BPS;
            if (penalty > s.node) penalty = s.node;
            s.node -= penalty;
            s.refund = penalty;
        }
    }
}
