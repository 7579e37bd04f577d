// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGoverned} from "../../src/interfaces/IGoverned.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {Base} from "../utils/Base.t.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

/// @notice Parameter changes go through a token vote read at a past snapshot, then the
/// timelock's delay; nothing else can change a parameter.
contract GovernanceTest is Base {
    address internal voter;
    address internal borrower;

    uint256 internal constant VOTER_BALANCE = 100_000_000 ether; // 10 % of genesis > 4 % quorum

    function setUp() public override {
        super.setUp();
        voter = makeAddr("voter");
        borrower = makeAddr("borrower");
        d.token.transfer(voter, VOTER_BALANCE);
        vm.prank(voter);
        d.token.delegate(voter);
        vm.roll(block.number + 1);
    }

    // ------------------------------------------------------------------ helpers

    struct Proposal {
        address[] targets;
        uint256[] values;
        bytes[] calldatas;
        string description;
    }

    function _single(address target, bytes memory data, string memory description)
        internal
        pure
        returns (Proposal memory p)
    {
        p.targets = new address[](1);
        p.targets[0] = target;
        p.values = new uint256[](1);
        p.calldatas = new bytes[](1);
        p.calldatas[0] = data;
        p.description = description;
    }

    function _propose(Proposal memory p) internal returns (uint256 id) {
        vm.prank(voter);
        id = d.governor.propose(p.targets, p.values, p.calldatas, p.description);
    }

    function _passVote(uint256 id) internal {
        vm.roll(d.governor.proposalSnapshot(id) + 1);
        vm.prank(voter);
        d.governor.castVote(id, 1);
        vm.roll(d.governor.proposalDeadline(id) + 1);
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Succeeded));
    }

    function _queue(Proposal memory p) internal returns (uint256 id) {
        id = d.governor.queue(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function _execute(Proposal memory p) internal {
        d.governor.execute(p.targets, p.values, p.calldatas, keccak256(bytes(p.description)));
    }

    function _newFeeSplit() internal pure returns (IJobMarket.FeeSplit memory) {
        return IJobMarket.FeeSplit({
            treasuryBps: 400,
            burnBps: 600,
            insuranceBps: 100,
            integratorBps: 100,
            verifierBps: 200,
            maxRepAdjBps: 100,
            latePenaltyBps: 2000
        });
    }

    function _assertFeeSplit(IJobMarket.FeeSplit memory a, IJobMarket.FeeSplit memory b)
        internal
        pure
    {
        assertEq(a.treasuryBps, b.treasuryBps);
        assertEq(a.burnBps, b.burnBps);
        assertEq(a.insuranceBps, b.insuranceBps);
        assertEq(a.integratorBps, b.integratorBps);
        assertEq(a.verifierBps, b.verifierBps);
        assertEq(a.maxRepAdjBps, b.maxRepAdjBps);
        assertEq(a.latePenaltyBps, b.latePenaltyBps);
    }

    // ------------------------------------------------------------------ full flow

    function test_Governance_FeeSplitChange_FullFlow() public {
        IJobMarket.FeeSplit memory split = _newFeeSplit();
        Proposal memory p = _single(
            address(d.market),
            abi.encodeCall(d.market.setFeeSplit, (split)),
            "Raise the burn share to 6 %"
        );
        assertEq(d.token.getVotes(voter), VOTER_BALANCE, "delegated");
        uint256 id = _propose(p);
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Pending));

        _passVote(id);
        (, uint256 forVotes,) = d.governor.proposalVotes(id);
        assertEq(forVotes, VOTER_BALANCE, "weight read at the snapshot");

        _queue(p);
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Queued));
        assertEq(d.governor.proposalEta(id), block.timestamp + config.timelockDelay);

        vm.warp(block.timestamp + config.timelockDelay);
        vm.expectEmit(address(d.market));
        emit IJobMarket.FeeSplitSet(split);
        _execute(p);

        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Executed));
        _assertFeeSplit(d.market.feeSplit(), split);
    }

    function test_Governance_UnbondingPeriodChange_FullFlow() public {
        Proposal memory p = _single(
            address(d.staking),
            abi.encodeCall(d.staking.setUnbondingPeriod, (14 days)),
            "Unbonding 14 days"
        );
        uint256 id = _propose(p);
        _passVote(id);
        _queue(p);
        vm.warp(block.timestamp + config.timelockDelay);
        vm.expectEmit(address(d.staking));
        emit IStaking.UnbondingPeriodSet(7 days, 14 days);
        _execute(p);
        assertEq(d.staking.unbondingPeriod(), 14 days);
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Executed));
    }

    function test_RevertWhen_ExecutedBeforeTimelockDelay() public {
        Proposal memory p = _single(
            address(d.staking),
            abi.encodeCall(d.staking.setUnbondingPeriod, (30 days)),
            "Unbonding 30 days"
        );
        uint256 id = _propose(p);
        _passVote(id);
        _queue(p);

        // One second short of the delay: the timelock refuses.
        vm.warp(block.timestamp + config.timelockDelay - 1);
        vm.expectRevert();
        _execute(p);
        assertEq(d.staking.unbondingPeriod(), 7 days, "unchanged");
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Queued));

        vm.warp(block.timestamp + 1);
        _execute(p);
        assertEq(d.staking.unbondingPeriod(), 30 days);
    }

    function test_RevertWhen_ProposalDefeated() public {
        Proposal memory p = _single(
            address(d.staking),
            abi.encodeCall(d.staking.setUnbondingPeriod, (0)),
            "Instant unbonding"
        );
        uint256 id = _propose(p);
        vm.roll(d.governor.proposalSnapshot(id) + 1);
        vm.prank(voter);
        d.governor.castVote(id, 0); // against
        vm.roll(d.governor.proposalDeadline(id) + 1);
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Defeated));
        vm.expectRevert();
        _queue(p);
        vm.expectRevert();
        _execute(p);
        assertEq(d.staking.unbondingPeriod(), 7 days);
    }

    // ------------------------------------------------------------------ attacks

    /// @notice Attack: borrow a huge balance (a flash loan, modelled as a transfer in and out
    /// within one block), delegate to yourself and vote or propose with it. Votes are read
    /// from checkpoints at the proposal snapshot, a block before the loan, so the borrowed
    /// balance weighs nothing; the proposal threshold is likewise read at the previous block.
    function test_Attack_FlashLoanVoting() public {
        address lender = address(this);
        uint256 loan = d.token.balanceOf(lender) / 2;
        assertGt(loan, VOTER_BALANCE, "loan outweighs the honest voter");

        Proposal memory p = _single(
            address(d.staking),
            abi.encodeCall(d.staking.setUnbondingPeriod, (60 days)),
            "Lock everyone in"
        );
        uint256 id = _propose(p);
        uint256 snapshot = d.governor.proposalSnapshot(id);
        vm.roll(snapshot + 1);

        // Loan, delegate and vote in one block, then repay.
        d.token.transfer(borrower, loan);
        vm.startPrank(borrower);
        d.token.delegate(borrower);
        assertEq(d.token.getPastVotes(borrower, snapshot), 0, "no weight at the snapshot");
        uint256 weight = d.governor.castVote(id, 0);
        d.token.transfer(lender, loan);
        vm.stopPrank();
        assertEq(weight, 0, "borrowed balance carries no weight");
        (uint256 against,,) = d.governor.proposalVotes(id);
        assertEq(against, 0, "nothing counted against");

        // The honest vote still decides.
        vm.prank(voter);
        d.governor.castVote(id, 1);
        vm.roll(d.governor.proposalDeadline(id) + 1);
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Succeeded));

        // A borrower can't propose with a loan taken in the same block either: the threshold
        // is read at the previous block.
        d.token.transfer(borrower, loan);
        vm.startPrank(borrower);
        d.token.delegate(borrower);
        Proposal memory evil = _single(
            address(d.staking), abi.encodeCall(d.staking.setSlashSplit, (0, 10_000)), "evil"
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector,
                borrower,
                0,
                config.proposalThreshold
            )
        );
        d.governor.propose(evil.targets, evil.values, evil.calldatas, evil.description);
        d.token.transfer(lender, loan);
        vm.stopPrank();
        // Repaid in the same block: the next block's checkpoint holds nothing.
        vm.roll(block.number + 1);
        assertEq(d.token.getPastVotes(borrower, block.number - 1), 0, "loan repaid in-block");
    }

    /// @notice Attack: change a parameter without waiting out the timelock — by calling the
    /// setter directly (as anyone, or as the governor itself), by executing a passed
    /// proposal without queueing it, or by scheduling on the timelock without the proposer
    /// role. All fail; only the timelock holds parameter power.
    function test_Attack_ProposalCannotSkipTimelock() public {
        address attacker = makeAddr("attacker");
        IJobMarket.FeeSplit memory split = _newFeeSplit();

        // Direct calls, from an outsider and from the governor.
        address[2] memory callers = [attacker, address(d.governor)];
        for (uint256 i = 0; i < 2; ++i) {
            vm.startPrank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, callers[i]));
            d.market.setFeeSplit(split);
            vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, callers[i]));
            d.staking.setUnbondingPeriod(0);
            vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, callers[i]));
            d.market.transferGovernance(callers[i]);
            vm.stopPrank();
        }

        // A passed proposal executed without queueing.
        Proposal memory p =
            _single(address(d.market), abi.encodeCall(d.market.setFeeSplit, (split)), "skip");
        uint256 id = _propose(p);
        _passVote(id);
        vm.expectRevert();
        _execute(p);
        _assertFeeSplit(d.market.feeSplit(), _defaultSplit());

        // Scheduling on the timelock directly needs the proposer role (only the governor).
        vm.startPrank(attacker);
        vm.expectRevert();
        d.timelock.schedule(address(d.market), 0, p.calldatas[0], 0, bytes32(0), 2 days);
        vm.expectRevert();
        d.timelock.execute(address(d.market), 0, p.calldatas[0], 0, bytes32(0));
        vm.stopPrank();

        // The governor itself holds no parameter power: everything belongs to the timelock.
        assertEq(d.market.governance(), address(d.timelock));
        assertEq(d.staking.governance(), address(d.timelock));
        assertEq(d.registry.governance(), address(d.timelock));
        assertEq(d.reputation.governance(), address(d.timelock));
        assertFalse(d.token.hasRole(d.token.DEFAULT_ADMIN_ROLE(), address(d.governor)));
        assertTrue(d.token.hasRole(d.token.DEFAULT_ADMIN_ROLE(), address(d.timelock)));
        assertFalse(d.timelock.hasRole(d.timelock.DEFAULT_ADMIN_ROLE(), address(this)));

        // Queued properly, it goes through only after the delay.
        _queue(p);
        vm.expectRevert();
        _execute(p);
        vm.warp(block.timestamp + config.timelockDelay);
        _execute(p);
        _assertFeeSplit(d.market.feeSplit(), split);
    }

    /// @notice The delay exists so holders can leave before a change bites: a staker who
    /// dislikes a queued longer unbonding period requests unbond during the delay and
    /// withdraws on the old schedule.
    function test_TimelockDelay_LetsStakersExit() public {
        Proposal memory p = _single(
            address(d.staking),
            abi.encodeCall(d.staking.setUnbondingPeriod, (90 days)),
            "Unbonding 90 days"
        );
        uint256 id = _propose(p);
        _passVote(id);
        _queue(p);

        address node = nodes[0];
        uint256 requestedAt = block.timestamp;
        vm.prank(node);
        d.staking.requestUnbond(NODE_STAKE);

        vm.warp(block.timestamp + config.timelockDelay);
        _execute(p);
        assertEq(d.staking.unbondingPeriod(), 90 days);

        vm.warp(requestedAt + 7 days);
        uint256 before = d.token.balanceOf(node);
        vm.prank(node);
        assertEq(d.staking.withdraw(), NODE_STAKE, "full stake on the old schedule");
        assertEq(d.token.balanceOf(node), before + NODE_STAKE);
        assertEq(uint256(d.governor.state(id)), uint256(IGovernor.ProposalState.Executed));
    }

    function _defaultSplit() internal pure returns (IJobMarket.FeeSplit memory) {
        return IJobMarket.FeeSplit({
            treasuryBps: 500,
            burnBps: 300,
            insuranceBps: 100,
            integratorBps: 100,
            verifierBps: 200,
            maxRepAdjBps: 200,
            latePenaltyBps: 1000
        });
    }
}
