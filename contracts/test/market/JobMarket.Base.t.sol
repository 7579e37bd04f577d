// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {FeeMath} from "../../src/libraries/FeeMath.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice Helpers shared by the JobMarket unit tests: explicit claim/commit/reveal steps,
/// the FeeMath split the market should apply, and a ledger of everyone's balance.
abstract contract JobMarketBase is Base {
    address internal integrator;
    address internal treasury;

    function setUp() public virtual override {
        super.setUp();
        integrator = makeAddr("integrator");
        (treasury,) = d.market.receivers();
    }

    // ------------------------------------------------------------------ steps

    function _claim(address node, uint256 jobId, uint256 units) internal returns (uint256 id) {
        vm.prank(node);
        id = d.market.claim(jobId, units);
    }

    function _salt(uint256 claimId) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", claimId));
    }

    function _commit(address node, uint256 claimId, bytes32 root) internal {
        bytes32 seal = d.market.computeSeal(root, _salt(claimId), node);
        vm.prank(node);
        d.market.commit(claimId, seal);
    }

    function _reveal(address node, uint256 claimId, bytes32 root) internal {
        vm.prank(node);
        d.market.reveal(claimId, root, _salt(claimId));
    }

    /// @notice Commits and reveals an arbitrary root.
    function _commitRevealRoot(address node, uint256 claimId, bytes32 root) internal {
        _commit(node, claimId, root);
        _reveal(node, claimId, root);
    }

    function _job(uint256 jobId) internal view returns (IJobMarket.Job memory) {
        return d.market.jobOf(jobId);
    }

    function _taskOfClaim(uint256 claimId) internal view returns (IJobMarket.Task memory) {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        return d.market.taskOf(c.jobId, c.taskIndex);
    }

    function _claimStatus(uint256 claimId) internal view returns (uint256) {
        return uint256(d.market.claimOf(claimId).status);
    }

    function _taskStatus(uint256 claimId) internal view returns (uint256) {
        return uint256(_taskOfClaim(claimId).status);
    }

    function _locked(address node) internal view returns (uint256) {
        return d.staking.accountOf(node).locked;
    }

    function _bonded(address node) internal view returns (uint256) {
        return d.staking.bondedOf(node);
    }

    function _bal(address a) internal view returns (uint256) {
        return d.token.balanceOf(a);
    }

    function _accrued() internal view returns (uint256 t, uint256 i, uint256 b) {
        return d.market.accruedFees();
    }

    function _accruedSum() internal view returns (uint256) {
        (uint256 t, uint256 i, uint256 b) = d.market.accruedFees();
        return t + i + b;
    }

    /// @notice A node that is not one of `nodes` and is not in any task.
    function _otherNode(address a, address b) internal view returns (address) {
        for (uint256 i = 0; i < nodes.length; ++i) {
            if (nodes[i] != a && nodes[i] != b) return nodes[i];
        }
        revert("no node");
    }

    /// @notice The FeeMath split the market must apply when it pays `node` now.
    function _expectedSplit(uint256 jobId, address node, uint256 gross, bool hasVerifier, bool late)
        internal
        view
        returns (FeeMath.Shares memory)
    {
        return FeeMath.split(
            d.market.feeSplit(),
            gross,
            d.reputation.scoreOf(node),
            _job(jobId).integrator != address(0),
            hasVerifier,
            late
        );
    }

    function _sum(FeeMath.Shares memory s) internal pure returns (uint256) {
        return s.node + s.treasury + s.burn + s.insurance + s.integrator + s.verifier + s.refund;
    }

    /// @notice Asserts the accrued fees moved by exactly the split's protocol shares.
    function _assertAccruedDelta(
        uint256 t0,
        uint256 i0,
        uint256 b0,
        uint256 treasuryShare,
        uint256 insuranceShare,
        uint256 burnShare
    ) internal view {
        (uint256 t, uint256 i, uint256 b) = _accrued();
        assertEq(t - t0, treasuryShare, "treasury accrued");
        assertEq(i - i0, insuranceShare, "insurance accrued");
        assertEq(b - b0, burnShare, "burn accrued");
    }

    function _stakeAccount(address node) internal view returns (IStaking.StakeAccount memory) {
        return d.staking.accountOf(node);
    }

    /// @notice Makes this test a reputation recorder so it can move scores directly.
    function _becomeRecorder() internal {
        vm.prank(address(d.timelock));
        d.reputation.setRecorder(address(this), true);
    }
}
