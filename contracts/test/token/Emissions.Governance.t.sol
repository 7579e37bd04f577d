// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IEmissions} from "../../src/interfaces/IEmissions.sol";
import {IGoverned} from "../../src/interfaces/IGoverned.sol";
import {EmissionsBase} from "./Emissions.t.sol";

/// @notice A supply-policy switch takes a token vote and the timelock's delay; the governor,
/// the deployer and outsiders cannot switch it directly.
contract EmissionsGovernanceTest is EmissionsBase {
    address internal voter;

    function setUp() public override {
        super.setUp();
        voter = makeAddr("voter");
        d.token.transfer(voter, 100_000_000 ether);
        vm.prank(voter);
        d.token.delegate(voter);
        vm.roll(block.number + 1);
    }

    function test_Governance_PolicySwitch_FullFlow() public {
        IEmissions.ScheduleEntry[] memory s = new IEmissions.ScheduleEntry[](1);
        s[0] = IEmissions.ScheduleEntry({fromEpoch: 0, toEpoch: 0, emissionPerEpoch: 500 ether});
        address[] memory targets = new address[](3);
        uint256[] memory values = new uint256[](3);
        bytes[] memory calls = new bytes[](3);
        targets[0] = targets[1] = targets[2] = address(em);
        calls[0] = abi.encodeCall(em.setSchedule, (s));
        calls[1] = abi.encodeCall(
            em.setRewardSplit,
            (IEmissions.RewardSplit({nodesBps: 0, stakersBps: 0, treasuryBps: 10_000}))
        );
        calls[2] = abi.encodeCall(em.setPolicy, (IEmissions.PolicyKind.Schedule));
        string memory description = "emissions: 500 GLT per epoch to the treasury";

        vm.prank(voter);
        uint256 id = d.governor.propose(targets, values, calls, description);
        vm.roll(d.governor.proposalSnapshot(id) + 1);
        vm.prank(voter);
        d.governor.castVote(id, 1);
        vm.roll(d.governor.proposalDeadline(id) + 1);
        bytes32 h = keccak256(bytes(description));
        d.governor.queue(targets, values, calls, h);

        // Queued but not yet executable: the policy is unchanged.
        vm.expectRevert();
        d.governor.execute(targets, values, calls, h);
        assertEq(uint256(em.policy()), uint256(IEmissions.PolicyKind.Fixed));

        vm.warp(block.timestamp + config.timelockDelay);
        d.governor.execute(targets, values, calls, h);
        assertEq(uint256(em.policy()), uint256(IEmissions.PolicyKind.Schedule));
        uint256 before = d.token.balanceOf(timelock);
        _advance();
        assertEq(d.token.balanceOf(timelock) - before, 500 ether);
    }

    function test_RevertWhen_GovernorOrDeployerSwitchesPolicyDirectly() public {
        address[2] memory callers = [address(d.governor), address(this)];
        for (uint256 i = 0; i < 2; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, callers[i]));
            em.setPolicy(IEmissions.PolicyKind.Decay);
        }
        // The deployer renounced the token admin: it cannot grant itself the minter role.
        assertFalse(d.token.hasRole(d.token.DEFAULT_ADMIN_ROLE(), address(this)));
        vm.expectRevert();
        d.token.mint(address(this), 1);
    }
}
