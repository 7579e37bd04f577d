// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script} from "../test/utils/Script.sol";
import {GridlightDeployment} from "./GridlightDeployment.sol";

/// @notice Deploys Gridlight to any RPC and writes deployments/<chainId>.json.
/// Usage: PRIVATE_KEY=0x… forge script script/Deploy.s.sol --rpc-url $RPC --broadcast
/// Optional env: GENESIS_RECEIVER, TIMELOCK_DELAY, VOTING_PERIOD, UNBONDING_PERIOD, DEPLOYMENT_FILE.
contract Deploy is Script, GridlightDeployment {
    function run() external returns (Deployed memory d) {
        uint256 pk = vm.envUint("PRIVATE_KEY");
        address deployer = vm.addr(pk);
        Config memory c = _defaultConfig(vm.envOr("GENESIS_RECEIVER", deployer));
        c.timelockDelay = vm.envOr("TIMELOCK_DELAY", c.timelockDelay);
        c.votingPeriod = uint32(vm.envOr("VOTING_PERIOD", uint256(c.votingPeriod)));
        c.unbondingPeriod = vm.envOr("UNBONDING_PERIOD", c.unbondingPeriod);

        uint256 startBlock = block.number;
        vm.startBroadcast(pk);
        d = _deployAll(deployer, c);
        vm.stopBroadcast();

        string memory k = "deployment";
        vm.serializeUint(k, "chainId", block.chainid);
        vm.serializeUint(k, "startBlock", startBlock);
        vm.serializeAddress(k, "deployer", deployer);
        vm.serializeAddress(k, "GridlightToken", address(d.token));
        vm.serializeAddress(k, "TimelockController", address(d.timelock));
        vm.serializeAddress(k, "GridlightGovernor", address(d.governor));
        vm.serializeAddress(k, "Staking", address(d.staking));
        vm.serializeAddress(k, "NodeRegistry", address(d.registry));
        vm.serializeAddress(k, "Reputation", address(d.reputation));
        vm.serializeAddress(k, "JobMarket", address(d.market));
        vm.serializeAddress(k, "RenderCertificate", address(d.certificate));
        vm.serializeAddress(k, "EmissionsPriceFeed", address(d.priceFeed));
        string memory json = vm.serializeAddress(k, "Emissions", address(d.emissions));
        string memory path = vm.envOr(
            "DEPLOYMENT_FILE",
            string.concat(vm.projectRoot(), "/deployments/", vm.toString(block.chainid), ".json")
        );
        vm.writeJson(json, path);
    }
}
