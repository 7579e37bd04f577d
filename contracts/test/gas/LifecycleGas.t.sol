// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Gas of a full job lifecycle (benchmark, not an assertion on speed). Writes named
/// values under snapshots/ so a change's gas cost shows in its diff. Run it with `--isolate`
/// (bench/gas.sh does) so every call is its own transaction with cold storage, as on chain;
/// each figure then includes the 21,000 intrinsic gas of its transaction.
contract LifecycleGasTest is Base {
    uint256 internal _total;
    uint256 internal _txs;

    string internal _tag;

    function _g(string memory step) internal {
        _total += vm.snapshotGasLastCall(string.concat(_tag, step));
        ++_txs;
    }

    function _lifecycle(uint32 units) internal returns (uint256 gas, uint256 txs) {
        _total = 0;
        _txs = 0;
        IJobMarket.JobParams memory p = _jobParams(units, IJobMarket.VerificationMode.SpotCheck);
        vm.prank(requester);
        d.token.approve(address(d.market), uint256(units) * PRICE);
        vm.prank(requester);
        uint256 jobId = d.market.createJob(p);
        _g("createJob");
        uint256 per = (units + 3) / 4;
        uint256[] memory claims = new uint256[](4);
        for (uint256 i = 0; i < 4; ++i) {
            vm.prank(nodes[i]);
            claims[i] = d.market.claim(jobId, per);
            _g(string.concat("claim ", vm.toString(i)));
        }
        for (uint256 i = 0; i < 4; ++i) {
            bytes32 root = _resultRoot(jobId, claims[i], true);
            bytes32 salt = keccak256(abi.encode(i));
            bytes32 seal = d.market.computeSeal(root, salt, nodes[i]);
            vm.prank(nodes[i]);
            d.market.commit(claims[i], seal);
            _g(string.concat("commit ", vm.toString(i)));
            vm.prank(nodes[i]);
            d.market.reveal(claims[i], root, salt);
            _g(string.concat("reveal ", vm.toString(i)));
        }
        for (uint256 i = 0; i < 4; ++i) {
            vm.prank(_verifierOf(claims[i]));
            d.market.submitVerdict(claims[i], true);
            _g(string.concat("verdict ", vm.toString(i)));
        }
        d.market.finalizeJob(jobId);
        _g("finalizeJob");
        assertEq(uint256(d.market.jobOf(jobId).status), uint256(IJobMarket.JobStatus.Completed));
        return (_total, _txs);
    }

    function test_Gas_Lifecycle100Frames4Nodes() public {
        // Measure on a running network: one job first, so global counters and balances are
        // already non-zero as they are in production (a first-ever job pays extra 20k SSTOREs).
        _tag = "warm-up: ";
        _lifecycle(100);
        uint256 snap = vm.snapshotState();
        _tag = "100 frames: ";
        (uint256 gas100, uint256 txs100) = _lifecycle(100);
        _tag = "other: ";
        vm.revertToState(snap);
        (uint256 gas104, uint256 txs104) = _lifecycle(104);
        vm.revertToState(snap);
        (uint256 gas400, uint256 txs400) = _lifecycle(400);

        vm.snapshotValue("lifecycle 100 frames 4 nodes spot-check (total, isolated txs)", gas100);
        vm.snapshotValue(
            "lifecycle 100 frames 4 nodes spot-check (less 21k intrinsic/tx)",
            gas100 - 21_000 * txs100
        );
        vm.snapshotValue("transactions 100 frames", txs100);
        vm.snapshotValue(
            "marginal gas per frame (100->104 frames)", gas104 > gas100 ? (gas104 - gas100) / 4 : 0
        );
        vm.snapshotValue(
            "marginal gas per frame (100->400 frames)",
            gas400 > gas100 ? (gas400 - gas100) / 300 : 0
        );
        // Transactions per node per job do not depend on the frame count.
        assertEq(txs100, txs104);
        assertEq(txs100, txs400);
    }
}
