// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GridlightGovernor} from "../src/governance/GridlightGovernor.sol";
import {AggregatorV3Interface} from "../src/interfaces/AggregatorV3Interface.sol";
import {IEmissions} from "../src/interfaces/IEmissions.sol";
import {JobMarket} from "../src/market/JobMarket.sol";
import {Reputation} from "../src/market/Reputation.sol";
import {NodeRegistry} from "../src/nodes/NodeRegistry.sol";
import {RenderCertificate} from "../src/provenance/RenderCertificate.sol";
import {Staking} from "../src/staking/Staking.sol";
import {Emissions} from "../src/token/Emissions.sol";
import {EmissionsPriceFeed} from "../src/token/EmissionsPriceFeed.sol";
import {GridlightToken} from "../src/token/GridlightToken.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @notice Deploys and wires the whole protocol, then hands every power to the timelock.
/// Shared by the deploy script and the test base so tests exercise the real wiring.
abstract contract GridlightDeployment {
    struct Config {
        uint256 genesisSupply;
        address genesisReceiver;
        uint256 timelockDelay;
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumPercent;
        uint256 unbondingPeriod;
        uint32[3] tierThresholds;
        uint256[4] minStakes;
        uint256 epochLength;
        IEmissions.RewardSplit rewardSplit;
        int256 initialPriceUsd8;
        uint256 maxPriceAge;
    }

    struct Deployed {
        GridlightToken token;
        TimelockController timelock;
        GridlightGovernor governor;
        Staking staking;
        NodeRegistry registry;
        Reputation reputation;
        JobMarket market;
        RenderCertificate certificate;
        Emissions emissions;
        EmissionsPriceFeed priceFeed;
    }

    function _defaultConfig(address genesisReceiver) internal pure returns (Config memory c) {
        c.genesisSupply = 1_000_000_000 ether;
        c.genesisReceiver = genesisReceiver;
        c.timelockDelay = 2 days;
        c.votingDelay = 1;
        c.votingPeriod = 50_400;
        c.proposalThreshold = 100_000 ether;
        c.quorumPercent = 4;
        c.unbondingPeriod = 7 days;
        c.tierThresholds = [uint32(100), 1000, 10_000];
        c.minStakes = [uint256(1000 ether), 5000 ether, 20_000 ether, 100_000 ether];
        // Supply starts `fixed` (no emission); governance picks and tunes a policy.
        c.epochLength = 1 days;
        c.rewardSplit = IEmissions.RewardSplit({nodesBps: 10_000, stakersBps: 0, treasuryBps: 0});
        c.initialPriceUsd8 = 10_000_000; // $0.10 with 8 decimals
        c.maxPriceAge = 365 days;
    }

    /// @param admin The account running the deployment (temporary governance, renounced here).
    function _deployAll(address admin, Config memory c) internal returns (Deployed memory d) {
        d.token = new GridlightToken(admin, c.genesisReceiver, c.genesisSupply);

        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1); // address(0) executor: anyone may execute
        d.timelock = new TimelockController(c.timelockDelay, none, anyone, admin);
        d.governor = new GridlightGovernor(
            d.token, d.timelock, c.votingDelay, c.votingPeriod, c.proposalThreshold, c.quorumPercent
        );
        d.timelock.grantRole(d.timelock.PROPOSER_ROLE(), address(d.governor));
        d.timelock.grantRole(d.timelock.CANCELLER_ROLE(), address(d.governor));

        address treasury = address(d.timelock);
        d.staking = new Staking(d.token, admin, c.unbondingPeriod, treasury);
        d.registry = new NodeRegistry(d.staking, admin, c.tierThresholds, c.minStakes);
        d.reputation = new Reputation(admin);
        d.market =
            new JobMarket(d.token, d.staking, d.registry, d.reputation, admin, treasury, treasury);
        d.certificate = new RenderCertificate(d.market);

        d.market.setCertificate(d.certificate);
        d.staking.setOperator(address(d.market), true);
        d.reputation.setRecorder(address(d.market), true);

        d.emissions = new Emissions(
            d.token, d.staking, d.reputation, admin, treasury, c.epochLength, c.rewardSplit
        );
        d.priceFeed = new EmissionsPriceFeed(admin, 8, c.initialPriceUsd8);
        d.emissions.setPriceFeed(AggregatorV3Interface(address(d.priceFeed)));
        d.emissions.setMaxPriceAge(c.maxPriceAge);
        d.token.grantRole(d.token.MINTER_ROLE(), address(d.emissions));
        // The market may report work to Emissions; reporting itself stays off until
        // governance sets the market's work recorder (it costs gas on every payout and only
        // matters for policies that pay nodes by work).
        d.emissions.setWorkReporter(address(d.market), true);

        // Hand every parameter to the timelock and renounce the deployer's powers.
        d.staking.transferGovernance(address(d.timelock));
        d.registry.transferGovernance(address(d.timelock));
        d.reputation.transferGovernance(address(d.timelock));
        d.market.transferGovernance(address(d.timelock));
        d.emissions.transferGovernance(address(d.timelock));
        d.priceFeed.transferGovernance(address(d.timelock));
        d.token.grantRole(d.token.DEFAULT_ADMIN_ROLE(), address(d.timelock));
        d.token.renounceRole(d.token.DEFAULT_ADMIN_ROLE(), admin);
        d.timelock.renounceRole(d.timelock.DEFAULT_ADMIN_ROLE(), admin);
    }
}
