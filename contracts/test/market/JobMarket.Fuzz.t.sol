// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {JobMarketBase} from "./JobMarket.Base.t.sol";

/// @notice Random unit counts, prices, batch sizes, reputations, expiries and late reveals:
/// in-flight claims never overlap, accepted claims cover every unit exactly once, and the
/// escrow splits exactly into node shares + fees + refund.
contract JobMarketFuzzTest is JobMarketBase {
    uint8[] internal accepted;
    uint8[] internal inFlight;
    uint256[] internal roundClaims;

    function _rand(uint256 seed, uint256 salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    function _mark(uint8[] storage map, uint256 claimId) internal {
        IJobMarket.Task memory t = _taskOfClaim(claimId);
        for (uint256 u = t.start; u < t.start + t.count; ++u) {
            map[u] += 1;
            assertLe(map[u], 1, "unit covered twice");
        }
    }

    function _unmark(uint8[] storage map, uint256 claimId) internal {
        IJobMarket.Task memory t = _taskOfClaim(claimId);
        for (uint256 u = t.start; u < t.start + t.count; ++u) {
            map[u] -= 1;
        }
    }

    function testFuzz_Claims_NeverOverlap_CoverEveryUnit_ConserveEscrow(
        uint256 seed,
        uint256 units,
        uint256 price
    ) public {
        units = bound(units, 1, 120);
        price = bound(price, 1, 100 ether);
        bool withIntegrator = seed % 2 == 0;

        // Random reputations.
        _becomeRecorder();
        for (uint256 i = 0; i < nodes.length; ++i) {
            uint256 r = _rand(seed, 1000 + i);
            for (uint256 k = 0; k < r % 5; ++k) {
                d.reputation
                    .record(
                        nodes[i],
                        (r >> (8 + k)) & 1 == 1
                            ? IReputation.Outcome.Accepted
                            : IReputation.Outcome.Rejected
                    );
            }
        }

        IJobMarket.JobParams memory p =
            _jobParams(uint32(units), IJobMarket.VerificationMode.Optimistic);
        p.pricePerUnit = uint96(price);
        p.deadline = uint40(block.timestamp + 5 hours + (seed % 7) * 1 hours);
        if (withIntegrator) p.integrator = integrator;
        uint256 budget = units * price;
        uint256 reqBefore = _bal(requester);
        uint256 jobId = _createJob(p);
        assertEq(reqBefore - _bal(requester), budget);

        accepted = new uint8[](units);
        inFlight = new uint8[](units);
        uint256 round;
        while (_job(jobId).unitsAccepted < units) {
            ++round;
            assertLe(round, 80, "terminates");
            delete roundClaims;
            // Every node claims a random batch while units remain.
            for (uint256 i = 0; i < nodes.length; ++i) {
                IJobMarket.Job memory j = _job(jobId);
                if (j.nextUnit == j.unitCount && j.requeuedCount == 0) break;
                uint256 batch = 1 + _rand(seed, round * 100 + i) % 20;
                uint256 id = _claim(nodes[i], jobId, batch);
                assertLe(_taskOfClaim(id).count, batch, "batch respected");
                _mark(inFlight, id);
                roundClaims.push(id);
            }
            // Most reveal; about one in four goes silent and is expired.
            for (uint256 k = 0; k < roundClaims.length; ++k) {
                if (_rand(seed, round * 1000 + k) % 4 != 0) {
                    address n = d.market.claimOf(roundClaims[k]).node;
                    _commitReveal(n, jobId, roundClaims[k], true);
                }
            }
            skip(2 hours + 1);
            for (uint256 k = 0; k < roundClaims.length; ++k) {
                uint256 id = roundClaims[k];
                _unmark(inFlight, id);
                if (_claimStatus(id) == uint256(IJobMarket.ClaimStatus.Revealed)) {
                    d.market.settle(id);
                    _mark(accepted, id);
                } else {
                    d.market.expireClaim(id);
                }
            }
        }
        for (uint256 u = 0; u < units; ++u) {
            assertEq(accepted[u], 1, "every unit accepted exactly once");
        }

        d.market.finalizeJob(jobId);
        uint256 refund = _bal(requester) - (reqBefore - budget);
        uint256 nodePaid;
        for (uint256 i = 0; i < nodes.length; ++i) {
            nodePaid += _bal(nodes[i]);
        }
        assertEq(
            nodePaid + _bal(integrator) + _accruedSum() + refund,
            budget,
            "node + fees + refund == budget"
        );
        assertEq(_bal(address(d.market)), _accruedSum(), "market holds only fees");
        assertEq(_job(jobId).escrow, 0);
        if (!withIntegrator) assertEq(_bal(integrator), 0);
    }

    function testFuzz_CancelJob_ConservesEscrow(uint256 seed, uint256 units, uint256 price) public {
        units = bound(units, 2, 60);
        price = bound(price, 1, 100 ether);
        IJobMarket.JobParams memory p =
            _jobParams(uint32(units), IJobMarket.VerificationMode.Optimistic);
        p.pricePerUnit = uint96(price);
        p.integrator = integrator;
        uint256 budget = units * price;
        uint256 reqBefore = _bal(requester);
        uint256 jobId = _createJob(p);
        uint256 a = _claim(nodes[0], jobId, 1 + seed % (units - 1));
        uint256 b = _claim(nodes[1], jobId, 1 + (seed >> 8) % units);
        _commitReveal(nodes[0], jobId, a, true);
        vm.prank(requester);
        d.market.cancelJob(jobId);
        skip(2 hours + 1);
        d.market.settle(a);
        d.market.expireClaim(b);
        assertEq(uint256(_job(jobId).status), uint256(IJobMarket.JobStatus.Closed));
        uint256 refund = _bal(requester) - (reqBefore - budget);
        assertEq(
            _bal(nodes[0]) + _bal(integrator) + _accruedSum() + refund,
            budget,
            "node + fees + refund == budget"
        );
        assertEq(_bal(address(d.market)), _accruedSum());
    }
}
