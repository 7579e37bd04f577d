// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {Base} from "../utils/Base.t.sol";
import {MarketHandler} from "./handlers/MarketHandler.sol";

/// @notice Protocol-wide invariants over random sequences of market, staking and governance
/// actions (see MarketHandler): token conservation, escrow conservation per job, stake
/// accounting, units paid at most once, and parameters owned by the timelock only.
abstract contract ProtocolSetup is Base {
    MarketHandler internal handler;
    address[] internal requesters;

    function setUp() public virtual override {
        super.setUp();
        // Two more nodes so a task can always find distinct replicas (party + 7 claims).
        for (uint256 i = 6; i < 8; ++i) {
            address n = makeAddr(string.concat("node", vm.toString(i)));
            nodes.push(n);
            _setupNode(n, NODE_STAKE, 5000);
        }
        // Spare tokens so nodes can stake more later.
        for (uint256 i = 0; i < nodes.length; ++i) {
            d.token.transfer(nodes[i], 200_000 ether);
        }
        requesters.push(requester);
        for (uint256 i = 1; i < 3; ++i) {
            address r = makeAddr(string.concat("requester", vm.toString(i)));
            d.token.transfer(r, 1_000_000 ether);
            requesters.push(r);
        }
        handler = new MarketHandler(d, requesters, nodes);
        targetContract(address(handler));
        // Weighted: the work pipeline (claim, work, verdict, settle) runs more often.
        bytes4[] memory selectors = new bytes4[](29);
        selectors[0] = MarketHandler.createJob.selector;
        selectors[1] = MarketHandler.createJob.selector;
        selectors[2] = MarketHandler.cancelJob.selector;
        selectors[3] = MarketHandler.finalizeJob.selector;
        selectors[4] = MarketHandler.claim.selector;
        selectors[5] = MarketHandler.claim.selector;
        selectors[6] = MarketHandler.commit.selector;
        selectors[7] = MarketHandler.reveal.selector;
        selectors[8] = MarketHandler.work.selector;
        selectors[9] = MarketHandler.work.selector;
        selectors[10] = MarketHandler.work.selector;
        selectors[11] = MarketHandler.work.selector;
        selectors[12] = MarketHandler.expireClaim.selector;
        selectors[13] = MarketHandler.verdict.selector;
        selectors[14] = MarketHandler.verdict.selector;
        selectors[15] = MarketHandler.contest.selector;
        selectors[16] = MarketHandler.challenge.selector;
        selectors[17] = MarketHandler.settle.selector;
        selectors[18] = MarketHandler.settle.selector;
        selectors[19] = MarketHandler.distributeFees.selector;
        selectors[20] = MarketHandler.stake.selector;
        selectors[21] = MarketHandler.requestUnbond.selector;
        selectors[22] = MarketHandler.rebond.selector;
        selectors[23] = MarketHandler.withdraw.selector;
        selectors[24] = MarketHandler.warp.selector;
        selectors[25] = MarketHandler.warp.selector;
        selectors[26] = MarketHandler.attackSetter.selector;
        selectors[27] = MarketHandler.finalizeJob.selector;
        selectors[28] = MarketHandler.governanceSetParams.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function _checkAll() internal view {
        _checkSupplyEqualsGenesisMinusBurns();
        _checkEscrowConservedPerJob();
        _checkMarketBalanceEqualsEscrowsPlusFees();
        _checkStakingAccounting();
        _checkSlashNeverExceedsStake();
        _checkUnitsPaidAtMostOnce();
        _checkOnlyTimelockChangesParams();
    }

    // =================================================================== checks

    /// @notice No token is created or destroyed except by the burn paths the protocol reports.
    function _checkSupplyEqualsGenesisMinusBurns() internal view {
        assertEq(d.token.totalSupply(), handler.genesisSupply() - handler.ghostBurned(), "supply");
    }

    /// @notice Per job: payouts + fees + burns + refunds never exceed the escrow, match the
    /// events, and equal the budget once the job is closed or completed.
    function _checkEscrowConservedPerJob() internal view {
        uint256 n = d.market.jobCount();
        for (uint256 jobId = 1; jobId <= n; ++jobId) {
            IJobMarket.Job memory job = d.market.jobOf(jobId);
            uint256 out = handler.ghostOut(jobId);
            assertLe(out, job.budget, "paid out more than escrowed");
            assertEq(out + job.escrow, job.budget, "escrow + out == budget");
            assertEq(
                handler.ghostPaid(jobId) + handler.ghostRefund(jobId), out, "out == paid + refunds"
            );
            if (
                job.status == IJobMarket.JobStatus.Closed
                    || job.status == IJobMarket.JobStatus.Completed
            ) {
                assertEq(job.escrow, 0, "closed job holds no escrow");
                assertEq(out, job.budget, "closed job paid exactly its budget");
            }
        }
    }

    /// @notice The market holds exactly the open escrows plus the accrued fees.
    function _checkMarketBalanceEqualsEscrowsPlusFees() internal view {
        uint256 sum;
        uint256 n = d.market.jobCount();
        for (uint256 jobId = 1; jobId <= n; ++jobId) {
            sum += d.market.jobOf(jobId).escrow;
        }
        (uint256 t, uint256 i, uint256 b) = d.market.accruedFees();
        assertEq(d.token.balanceOf(address(d.market)), sum + t + i + b, "market balance");
    }

    /// @notice Staking holds Σ(bonded + unbonding), equal to totalStaked(), and each node's
    /// stake is exactly what it put in minus what it withdrew and was slashed.
    function _checkStakingAccounting() internal view {
        uint256 sum;
        for (uint256 i = 0; i < nodes.length; ++i) {
            address node = nodes[i];
            IStaking.StakeAccount memory a = d.staking.accountOf(node);
            sum += uint256(a.bonded) + a.unbonding;
            assertLe(a.locked, a.bonded, "locked <= bonded");
            assertEq(
                uint256(a.bonded) + a.unbonding,
                handler.ghostStaked(node) - handler.ghostWithdrawn(node)
                    - handler.ghostSlashed(node),
                "stake == in - out - slashed"
            );
        }
        assertEq(d.staking.totalStaked(), sum, "totalStaked == sum of accounts");
        assertGe(d.token.balanceOf(address(d.staking)), sum, "staking solvent");
        assertEq(d.token.balanceOf(address(d.staking)), sum, "no stray tokens in staking");
    }

    /// @notice A slash never takes more than the node's stake.
    function _checkSlashNeverExceedsStake() internal view {
        assertFalse(handler.ghostSlashExceededStake(), "slash exceeded stake");
        for (uint256 i = 0; i < nodes.length; ++i) {
            assertLe(
                handler.ghostSlashed(nodes[i]),
                handler.ghostStaked(nodes[i]) - handler.ghostWithdrawn(nodes[i]),
                "slashed more than ever staked"
            );
        }
    }

    /// @notice Each unit is accepted (and paid) at most once; accepted ≤ unitCount.
    function _checkUnitsPaidAtMostOnce() internal view {
        assertFalse(handler.ghostUnitPaidTwice(), "a unit was accepted twice");
        uint256 n = d.market.jobCount();
        for (uint256 jobId = 1; jobId <= n; ++jobId) {
            IJobMarket.Job memory job = d.market.jobOf(jobId);
            assertEq(handler.ghostUnitsAccepted(jobId), job.unitsAccepted, "accepted units");
            assertLe(job.unitsAccepted, job.unitCount, "accepted <= unitCount");
            assertLe(
                uint256(job.unitsAccepted) + job.unitsInFlight, job.unitCount, "accounted units"
            );
        }
    }

    /// @notice Only the timelock changes parameters: every other caller's setter reverted,
    /// and parameters equal what the timelock last set.
    function _checkOnlyTimelockChangesParams() internal view {
        assertEq(handler.ghostUnauthorizedSetterSuccess(), 0, "unauthorised setter succeeded");
        assertEq(d.staking.unbondingPeriod(), handler.ghostUnbondingPeriod(), "unbonding");
        (uint256 burnBps, uint256 challengerBps) = d.staking.slashSplit();
        assertEq(burnBps, handler.ghostSlashBurnBps(), "slash burn");
        assertEq(challengerBps, handler.ghostSlashChallengerBps(), "slash challenger");
        assertEq(
            keccak256(abi.encode(d.market.feeSplit())), keccak256(abi.encode(handler.ghostFees()))
        );
        assertEq(
            keccak256(abi.encode(d.market.securityParams())),
            keccak256(abi.encode(handler.ghostSecurity()))
        );
        (address treasury, address insurance) = d.market.receivers();
        assertEq(treasury, address(d.timelock));
        assertEq(insurance, address(d.timelock));
        assertEq(d.staking.insurancePool(), address(d.timelock));
        assertEq(d.market.governance(), address(d.timelock));
        assertEq(d.staking.governance(), address(d.timelock));
        assertEq(d.registry.governance(), address(d.timelock));
        assertEq(d.reputation.governance(), address(d.timelock));
        assertTrue(d.staking.isOperator(address(d.market)), "market operator");
        assertEq(d.registry.minStakes()[0], config.minStakes[0]);
        (uint256 initial,,,,) = d.reputation.rules();
        assertEq(initial, 5000);
    }

    // =================================================================== closing

    /// @notice After any sequence: every job can be resolved, every staker exits with
    /// exactly what it is owed, and the market holds exactly the accrued fees.
    function _closeAndExit() internal {
        assertTrue(handler.closeAll(), "every job closes");
        uint256 n = d.market.jobCount();
        for (uint256 jobId = 1; jobId <= n; ++jobId) {
            IJobMarket.Job memory job = d.market.jobOf(jobId);
            assertEq(job.escrow, 0, "escrow emptied");
            assertEq(handler.ghostOut(jobId), job.budget, "budget fully accounted");
        }
        for (uint256 i = 0; i < nodes.length; ++i) {
            assertEq(d.staking.accountOf(nodes[i]).locked, 0, "no stake left locked");
        }
        (uint256 t, uint256 ins, uint256 b) = d.market.accruedFees();
        assertEq(d.token.balanceOf(address(d.market)), t + ins + b, "market holds only fees");

        uint256[] memory owed = new uint256[](nodes.length);
        for (uint256 i = 0; i < nodes.length; ++i) {
            owed[i] = handler.ghostStaked(nodes[i]) - handler.ghostWithdrawn(nodes[i])
                - handler.ghostSlashed(nodes[i]);
        }
        uint256[] memory got = handler.exitAll();
        for (uint256 i = 0; i < nodes.length; ++i) {
            assertEq(got[i], owed[i], "staker withdrew its full stake");
        }
        assertEq(d.staking.totalStaked(), 0, "staking emptied");
        assertEq(d.token.balanceOf(address(d.staking)), 0, "staking holds nothing");

        handler.distributeFees(0);
        assertEq(d.token.balanceOf(address(d.market)), 0, "market emptied");
        assertEq(d.token.totalSupply(), handler.genesisSupply() - handler.ghostBurned());
        _checkOnlyTimelockChangesParams();
        _checkUnitsPaidAtMostOnce();
    }
}

/// @notice Protocol-wide invariants over random sequences of market, staking and governance
/// actions (see MarketHandler). Each property is documented on its `_check` function.
contract ProtocolInvariantTest is ProtocolSetup {
    function invariant_SupplyEqualsGenesisMinusBurns() public view {
        _checkSupplyEqualsGenesisMinusBurns();
    }

    function invariant_EscrowConservedPerJob() public view {
        _checkEscrowConservedPerJob();
    }

    function invariant_MarketBalanceEqualsEscrowsPlusFees() public view {
        _checkMarketBalanceEqualsEscrowsPlusFees();
    }

    function invariant_StakingAccounting() public view {
        _checkStakingAccounting();
    }

    function invariant_SlashNeverExceedsStake() public view {
        _checkSlashNeverExceedsStake();
    }

    function invariant_UnitsPaidAtMostOnce() public view {
        _checkUnitsPaidAtMostOnce();
    }

    function invariant_OnlyTimelockChangesParams() public view {
        _checkOnlyTimelockChangesParams();
    }

    /// @notice After any sequence: every job can be resolved, every staker exits with
    /// exactly what it is owed, and the market holds exactly the accrued fees.
    function afterInvariant() public {
        _closeAndExit();
    }
}
