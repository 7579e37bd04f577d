// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GridlightDeployment} from "../../../script/GridlightDeployment.sol";
import {IJobMarket} from "../../../src/interfaces/IJobMarket.sol";
import {IStaking} from "../../../src/interfaces/IStaking.sol";
import {Test} from "../../utils/Test.sol";
import {Vm} from "../../utils/Vm.sol";

/// @notice Drives the job market and staking with bounded random actions from requesters,
/// nodes (workers, verifiers, challengers) and random callers, and keeps ghost state:
/// per-job outflows and refunds, accepted units, burns and per-node stake flows.
/// Every action returns early when its preconditions are not met, so with
/// `fail_on_revert = true` any revert is a protocol bug or a handler bug.
contract MarketHandler is Test {
    // ------------------------------------------------------------------ system

    GridlightDeployment.Deployed internal d;
    address[] public requesters;
    address[] public nodes;
    address[] public callers;
    address[] public integrators;

    uint256 public immutable genesisSupply;
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_UNITS = 8;

    // ------------------------------------------------------------------ ghost state

    /// @notice Tokens burned, as reported by the protocol's own events (slash + fee burn).
    uint256 public ghostBurned;
    /// @notice Per job: tokens that left the escrow (market balance out + fees accrued).
    mapping(uint256 jobId => uint256) public ghostOut;
    /// @notice Per job: node + fee + integrator + verifier amounts from ClaimPaid events.
    mapping(uint256 jobId => uint256) public ghostPaid;
    /// @notice Per job: tokens the requester got back.
    mapping(uint256 jobId => uint256) public ghostRefund;
    /// @notice Per job: units accepted (TaskAccepted ranges).
    mapping(uint256 jobId => uint256) public ghostUnitsAccepted;
    mapping(uint256 jobId => mapping(uint256 unit => bool)) internal _unitAccepted;
    /// @notice A unit was accepted twice.
    bool public ghostUnitPaidTwice;
    /// @notice A slash took more than the node had at the start of the action.
    bool public ghostSlashExceededStake;
    /// @notice Per node: staked in, withdrawn out, slashed.
    mapping(address node => uint256) public ghostStaked;
    mapping(address node => uint256) public ghostWithdrawn;
    mapping(address node => uint256) public ghostSlashed;
    /// @notice A parameter setter succeeded for a caller other than the timelock.
    uint256 public ghostUnauthorizedSetterSuccess;
    uint256 public ghostSetterAttempts;

    /// @notice Parameters as governance (the timelock) last set them.
    uint256 public ghostUnbondingPeriod;
    uint256 public ghostSlashBurnBps;
    uint256 public ghostSlashChallengerBps;
    IJobMarket.FeeSplit internal _ghostFees;
    IJobMarket.SecurityParams internal _ghostSecurity;

    /// @notice Action counters (printed by the invariant test for coverage).
    mapping(bytes32 action => uint256) public calls;

    mapping(uint256 claimId => bytes32) internal _committedRoot;

    // scratch for one tracked action
    uint256[] internal _stakeBefore;

    constructor(
        GridlightDeployment.Deployed memory d_,
        address[] memory requesters_,
        address[] memory nodes_
    ) {
        d = d_;
        requesters = requesters_;
        nodes = nodes_;
        for (uint256 i = 0; i < 4; ++i) {
            callers.push(makeAddr(string.concat("caller", vm.toString(i))));
            integrators.push(makeAddr(string.concat("integrator", vm.toString(i))));
        }
        genesisSupply = d.token.totalSupply();
        ghostUnbondingPeriod = d.staking.unbondingPeriod();
        (ghostSlashBurnBps, ghostSlashChallengerBps) = d.staking.slashSplit();
        _ghostFees = d.market.feeSplit();
        _ghostSecurity = d.market.securityParams();
        for (uint256 i = 0; i < nodes_.length; ++i) {
            ghostStaked[nodes_[i]] = _stakeOf(nodes_[i]);
        }
    }

    // =================================================================== requester actions

    function createJob(
        uint256 actorSeed,
        uint256 units,
        uint256 price,
        uint256 modeSeed,
        uint256 replication,
        uint256 ttl,
        uint256 deadline,
        uint256 integratorSeed
    ) external {
        address requester = requesters[actorSeed % requesters.length];
        IJobMarket.JobParams memory p;
        p.manifestDigest = keccak256(abi.encode("manifest", d.market.jobCount()));
        p.unitCount = uint32(bound(units, 1, MAX_UNITS));
        p.pricePerUnit = uint96(bound(price, 1 ether, 100 ether));
        p.mode = IJobMarket.VerificationMode(modeSeed % 3);
        p.replication =
            p.mode == IJobMarket.VerificationMode.Replicated ? uint8(bound(replication, 2, 3)) : 1;
        p.claimTtl = uint24(bound(ttl, 1 hours, 4 hours));
        p.deadline = uint40(block.timestamp + bound(deadline, 30 minutes, 2 days));
        p.confidenceBps = 6000;
        p.integrator = integratorSeed % 2 == 0
            ? address(0)
            : integrators[(integratorSeed / 2) % integrators.length];
        uint256 budget = uint256(p.unitCount) * p.pricePerUnit * p.replication;
        if (d.token.balanceOf(requester) < budget) return;

        calls["createJob"]++;
        uint256 marketBefore = d.token.balanceOf(address(d.market));
        vm.startPrank(requester);
        d.token.approve(address(d.market), budget);
        uint256 jobId = d.market.createJob(p);
        vm.stopPrank();
        assertEq(d.market.jobOf(jobId).budget, budget, "budget escrowed");
        assertEq(d.token.balanceOf(address(d.market)), marketBefore + budget, "pulled");
    }

    function cancelJob(uint256 jobSeed) external {
        uint256 jobId = _findJob(jobSeed, _isOpenJob);
        if (jobId == 0) return;
        calls["cancelJob"]++;
        _begin();
        vm.prank(d.market.jobOf(jobId).requester);
        d.market.cancelJob(jobId);
        _end(jobId);
    }

    function finalizeJob(uint256 jobSeed, uint256 callerSeed) external {
        uint256 jobId = _findJob(jobSeed, _isFinalizable);
        if (jobId == 0) return;
        calls["finalizeJob"]++;
        _begin();
        vm.prank(_caller(callerSeed));
        d.market.finalizeJob(jobId);
        _end(jobId);
        assertEq(d.certificate.ownerOf(jobId), d.market.jobOf(jobId).requester, "certified");
    }

    // =================================================================== node actions

    function claim(uint256 nodeSeed, uint256 jobSeed, uint256 maxUnits) external {
        _claim(nodeSeed, jobSeed, maxUnits);
    }

    /// @dev Claims on a job with fresh units if there is one, else tries a replica slot.
    function _claim(uint256 nodeSeed, uint256 jobSeed, uint256 maxUnits)
        internal
        returns (uint256 claimId)
    {
        address node = nodes[nodeSeed % nodes.length];
        uint256 jobId = _findJob(jobSeed, _hasFreshUnits);
        if (jobId == 0) jobId = _findJob(jobSeed, _isClaimable);
        if (jobId == 0) return 0;
        IJobMarket.Job memory job = d.market.jobOf(jobId);
        if (!d.registry.isEligible(node, job.minTier)) return 0;
        // Enough free stake for any task of this job (new or a replica slot).
        uint256 worst = uint256(job.unitCount) * job.pricePerUnit
            * d.market.securityParams().collateralBps / BPS;
        if (d.staking.freeStakeOf(node) < worst) return 0;
        maxUnits = bound(maxUnits, 1, MAX_UNITS);

        calls["claim"]++;
        _begin();
        if (_hasFreshUnits(jobId)) {
            // A new range is always available, so the claim cannot fail.
            vm.prank(node);
            claimId = d.market.claim(jobId, maxUnits);
        } else {
            // Only a replica slot can be had; whether this node may take one depends on the
            // replica queue, so only "no work here" errors are acceptable.
            vm.prank(node);
            try d.market.claim(jobId, maxUnits) returns (uint256 id) {
                claimId = id;
            } catch (bytes memory reason) {
                _assertNoWork(reason);
            }
        }
        _end(jobId);
        if (claimId != 0) {
            IJobMarket.Claim memory c = d.market.claimOf(claimId);
            assertEq(c.node, node, "claim owner");
            assertEq(uint256(c.status), uint256(IJobMarket.ClaimStatus.Claimed), "claimed");
        }
    }

    function commit(uint256 claimSeed, bool honest) external {
        uint256 claimId = _findClaim(claimSeed, _canCommit);
        if (claimId == 0) return;
        calls["commit"]++;
        _commit(claimId, honest);
    }

    function reveal(uint256 claimSeed) external {
        uint256 claimId = _findClaim(claimSeed, _canReveal);
        if (claimId == 0) return;
        calls["reveal"]++;
        _trackedReveal(claimId);
    }

    /// @notice Commit and reveal in one go (most nodes do this).
    function work(uint256 claimSeed, bool honest) external {
        uint256 claimId = _findClaim(claimSeed, _canCommit);
        // Nothing to work on: take some units first.
        if (claimId == 0) claimId = _claim(claimSeed, claimSeed >> 8, claimSeed >> 16);
        if (claimId == 0) return;
        calls["work"]++;
        _commit(claimId, honest);
        _trackedReveal(claimId);
    }

    function expireClaim(uint256 claimSeed, uint256 callerSeed) external {
        uint256 claimId = _findClaim(claimSeed, _canExpire);
        if (claimId == 0) return;
        calls["expireClaim"]++;
        uint256 jobId = d.market.claimOf(claimId).jobId;
        _begin();
        vm.prank(_caller(callerSeed));
        d.market.expireClaim(claimId);
        _end(jobId);
    }

    // =================================================================== verification

    function verdict(uint256 claimSeed, bool accept) external {
        uint256 claimId = _findClaim(claimSeed, _canVerdict);
        if (claimId == 0) return;
        IJobMarket.Task memory t = _taskOfClaim(claimId);
        if (!accept && d.staking.freeStakeOf(t.party) < d.market.securityParams().verifierBond) {
            return;
        }
        calls[accept ? bytes32("verdictAccept") : bytes32("verdictReject")]++;
        uint256 jobId = d.market.claimOf(claimId).jobId;
        _begin();
        vm.prank(t.party);
        d.market.submitVerdict(claimId, accept);
        _end(jobId);
    }

    function contest(uint256 claimSeed) external {
        uint256 claimId = _findClaim(claimSeed, _canContest);
        if (claimId == 0) return;
        calls["contest"]++;
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        _begin();
        vm.prank(c.node);
        d.market.contest(claimId);
        _end(c.jobId);
    }

    function challenge(uint256 claimSeed, uint256 challengerSeed) external {
        uint256 claimId = _findClaim(claimSeed, _canChallenge);
        if (claimId == 0) return;
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        address challenger = nodes[challengerSeed % nodes.length];
        if (challenger == c.node) return;
        if (!d.registry.isEligible(challenger, d.market.jobOf(c.jobId).minTier)) return;
        if (d.staking.freeStakeOf(challenger) < d.market.securityParams().challengerBond) return;
        calls["challenge"]++;
        _begin();
        vm.prank(challenger);
        d.market.challenge(claimId);
        _end(c.jobId);
    }

    function settle(uint256 claimSeed, uint256 callerSeed) external {
        uint256 claimId = _findClaim(claimSeed, _canSettle);
        if (claimId == 0) return;
        calls["settle"]++;
        uint256 jobId = d.market.claimOf(claimId).jobId;
        _begin();
        vm.prank(_caller(callerSeed));
        d.market.settle(claimId);
        _end(jobId);
    }

    function distributeFees(uint256 callerSeed) external {
        calls["distributeFees"]++;
        (uint256 t, uint256 i, uint256 b) = d.market.accruedFees();
        uint256 marketBefore = d.token.balanceOf(address(d.market));
        _begin();
        vm.prank(_caller(callerSeed));
        d.market.distributeFees();
        _end(0);
        assertEq(d.token.balanceOf(address(d.market)), marketBefore - t - i - b, "fees paid out");
    }

    // =================================================================== staking

    function stake(uint256 nodeSeed, uint256 amount) external {
        address node = nodes[nodeSeed % nodes.length];
        uint256 balance = d.token.balanceOf(node);
        if (balance == 0) return;
        amount = bound(amount, 1, balance < 20_000 ether ? balance : 20_000 ether);
        calls["stake"]++;
        vm.startPrank(node);
        d.token.approve(address(d.staking), amount);
        d.staking.stake(amount);
        vm.stopPrank();
        ghostStaked[node] += amount;
    }

    function requestUnbond(uint256 nodeSeed, uint256 amount) external {
        address node = nodes[nodeSeed % nodes.length];
        uint256 free = d.staking.freeStakeOf(node);
        if (free == 0) return;
        amount = bound(amount, 1, free);
        calls["requestUnbond"]++;
        vm.prank(node);
        d.staking.requestUnbond(amount);
        assertEq(
            d.staking.accountOf(node).unbondReadyAt,
            block.timestamp + d.staking.unbondingPeriod(),
            "unbond clock"
        );
    }

    function rebond(uint256 nodeSeed, uint256 amount) external {
        address node = nodes[nodeSeed % nodes.length];
        uint256 unbonding = d.staking.accountOf(node).unbonding;
        if (unbonding == 0) return;
        calls["rebond"]++;
        vm.prank(node);
        d.staking.rebond(bound(amount, 1, unbonding));
    }

    function withdraw(uint256 nodeSeed) external {
        address node = nodes[nodeSeed % nodes.length];
        IStaking.StakeAccount memory a = d.staking.accountOf(node);
        if (a.unbonding == 0) return;
        if (block.timestamp < a.unbondReadyAt) return;
        calls["withdraw"]++;
        _withdraw(node);
    }

    // =================================================================== time

    function warp(uint256 secs) external {
        secs = bound(secs, 1, 90 minutes);
        calls["warp"]++;
        vm.warp(block.timestamp + secs);
        vm.roll(block.number + 1 + secs / 12);
    }

    // =================================================================== governance

    /// @notice The timelock changes parameters (as a passed proposal would); ghosts follow.
    function governanceSetParams(uint256 which, uint256 a, uint256 b) external {
        calls["governanceSetParams"]++;
        vm.startPrank(address(d.timelock));
        which = which % 3;
        if (which == 0) {
            uint256 period = bound(a, 0, 30 days);
            d.staking.setUnbondingPeriod(period);
            ghostUnbondingPeriod = period;
        } else if (which == 1) {
            uint256 burnBps = bound(a, 0, BPS);
            uint256 challengerBps = bound(b, 0, BPS - burnBps);
            d.staking.setSlashSplit(burnBps, challengerBps);
            ghostSlashBurnBps = burnBps;
            ghostSlashChallengerBps = challengerBps;
        } else {
            IJobMarket.FeeSplit memory f = IJobMarket.FeeSplit({
                treasuryBps: uint16(bound(a, 0, 2000)),
                burnBps: uint16(bound(a >> 16, 0, 2000)),
                insuranceBps: uint16(bound(a >> 32, 0, 2000)),
                integratorBps: uint16(bound(a >> 48, 0, 2000)),
                verifierBps: uint16(bound(a >> 64, 0, 2000)),
                maxRepAdjBps: uint16(bound(b, 0, BPS)),
                latePenaltyBps: uint16(bound(b >> 16, 0, BPS))
            });
            d.market.setFeeSplit(f);
            _ghostFees = f;
        }
        vm.stopPrank();
    }

    /// @notice Anyone but the timelock tries every parameter setter; all must revert.
    function attackSetter(uint256 which, uint256 callerSeed, uint256 value) external {
        address attacker = _attacker(callerSeed);
        if (attacker == address(d.timelock)) return;
        which = which % 17;
        // The governor legitimately schedules on the timelock (that is how proposals queue).
        if (which == 16 && attacker == address(d.governor)) attacker = callers[0];
        (address target, bytes memory data) = _setterCall(which, attacker, value);
        calls["attackSetter"]++;
        ghostSetterAttempts++;
        vm.prank(attacker);
        (bool ok,) = target.call(data);
        if (ok) ghostUnauthorizedSetterSuccess++;
    }

    // =================================================================== closing everything

    /// @notice Resolves every job: finalizes complete ones, cancels the rest, expires or
    /// settles pending claims and fills replica slots with honest work until every job is
    /// Completed or Closed. Returns whether it got there.
    function closeAll() external returns (bool) {
        // Give every node its stake back in bonded form so it can work and verify.
        for (uint256 i = 0; i < nodes.length; ++i) {
            address node = nodes[i];
            uint256 unbonding = d.staking.accountOf(node).unbonding;
            if (unbonding > 0) {
                vm.prank(node);
                d.staking.rebond(unbonding);
            }
            if (d.staking.bondedOf(node) < 20_000 ether) {
                uint256 top = 20_000 ether;
                if (d.token.balanceOf(node) < top) top = d.token.balanceOf(node);
                if (top > 0) {
                    vm.startPrank(node);
                    d.token.approve(address(d.staking), top);
                    d.staking.stake(top);
                    vm.stopPrank();
                    ghostStaked[node] += top;
                }
            }
        }
        for (uint256 round = 0; round < 40; ++round) {
            vm.warp(block.timestamp + 5 hours);
            vm.roll(block.number + 1500);
            bool done = true;
            uint256 n = d.market.jobCount();
            for (uint256 jobId = 1; jobId <= n; ++jobId) {
                if (!_closeStep(jobId)) done = false;
            }
            if (done) return true;
        }
        return false;
    }

    function _closeStep(uint256 jobId) internal returns (bool closed) {
        IJobMarket.Job memory job = d.market.jobOf(jobId);
        if (_isClosed(job.status)) return true;
        _begin();
        if (job.status == IJobMarket.JobStatus.Open) {
            vm.prank(job.requester);
            if (job.unitsAccepted == job.unitCount) d.market.finalizeJob(jobId);
            else d.market.cancelJob(jobId);
        }
        _end(jobId);
        job = d.market.jobOf(jobId);
        if (_isClosed(job.status)) return true;
        // Windows and TTLs have passed: expire unrevealed claims, settle open results.
        for (uint256 t = 0; t < job.taskCount; ++t) {
            uint256[] memory ids = d.market.claimsOfTask(jobId, t);
            for (uint256 k = 0; k < ids.length; ++k) {
                if (_canExpire(ids[k])) {
                    _begin();
                    d.market.expireClaim(ids[k]);
                    _end(jobId);
                } else if (_canSettle(ids[k])) {
                    _begin();
                    d.market.settle(ids[k]);
                    _end(jobId);
                }
            }
        }
        // Fill replica slots with honest work.
        for (uint256 i = 0; i < nodes.length; ++i) {
            if (_isClosed(d.market.jobOf(jobId).status)) break;
            address node = nodes[i];
            if (!d.registry.isEligible(node, job.minTier)) continue;
            _begin();
            vm.prank(node);
            try d.market.claim(jobId, 1) returns (uint256 claimId) {
                _end(jobId);
                _commit(claimId, true);
                _trackedReveal(claimId);
            } catch (bytes memory reason) {
                _end(jobId);
                _assertNoWork(reason);
            }
        }
        return _isClosed(d.market.jobOf(jobId).status);
    }

    /// @notice Unbonds and withdraws every node's whole stake; returns what each got.
    function exitAll() external returns (uint256[] memory got) {
        got = new uint256[](nodes.length);
        for (uint256 i = 0; i < nodes.length; ++i) {
            address node = nodes[i];
            uint256 bonded = d.staking.bondedOf(node);
            if (bonded > 0) {
                vm.prank(node);
                d.staking.requestUnbond(bonded);
            }
        }
        vm.warp(block.timestamp + d.staking.unbondingPeriod() + 1);
        for (uint256 i = 0; i < nodes.length; ++i) {
            if (d.staking.accountOf(nodes[i]).unbonding > 0) got[i] = _withdraw(nodes[i]);
        }
    }

    // =================================================================== views for invariants

    function nodeCount() external view returns (uint256) {
        return nodes.length;
    }

    function ghostFees() external view returns (IJobMarket.FeeSplit memory) {
        return _ghostFees;
    }

    function ghostSecurity() external view returns (IJobMarket.SecurityParams memory) {
        return _ghostSecurity;
    }

    // =================================================================== internal: tracking

    /// @dev Starts a tracked action: remembers stakes, starts recording logs.
    function _begin() internal {
        delete _stakeBefore;
        for (uint256 i = 0; i < nodes.length; ++i) {
            _stakeBefore.push(_stakeOf(nodes[i]));
        }
        delete _requesterBefore;
        for (uint256 i = 0; i < requesters.length; ++i) {
            _requesterBefore.push(d.token.balanceOf(requesters[i]));
        }
        _flowBefore = _flows();
        vm.recordLogs();
    }

    struct Flows {
        uint256 market;
        uint256 accrued;
    }

    Flows internal _flowBefore;
    uint256[] internal _requesterBefore;

    function _flows() internal view returns (Flows memory f) {
        f.market = d.token.balanceOf(address(d.market));
        (uint256 t, uint256 i, uint256 b) = d.market.accruedFees();
        f.accrued = t + i + b;
    }

    /// @dev Ends a tracked action on `jobId` (0: none): attributes escrow outflows and
    /// refunds to the job and reads the protocol's events into the ghosts.
    function _end(uint256 jobId) internal {
        Flows memory b = _flowBefore;
        Flows memory a = _flows();
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256[] memory slashedNow = new uint256[](nodes.length);
        for (uint256 i = 0; i < logs.length; ++i) {
            _readLog(logs[i], slashedNow);
        }
        for (uint256 i = 0; i < nodes.length; ++i) {
            if (slashedNow[i] > _stakeBefore[i]) ghostSlashExceededStake = true;
        }
        if (jobId == 0) return;
        // Out of the escrow: what left the market plus what became accrued fees.
        uint256 out = b.market + a.accrued - a.market - b.accrued;
        ghostOut[jobId] += out;
        // Refunds are measured on the requester's balance, which nothing else touches.
        address requester = d.market.jobOf(jobId).requester;
        for (uint256 i = 0; i < requesters.length; ++i) {
            if (requesters[i] == requester) {
                ghostRefund[jobId] += d.token.balanceOf(requester) - _requesterBefore[i];
            }
        }
    }

    function _readLog(Vm.Log memory log, uint256[] memory slashedNow) internal {
        bytes32 sig = log.topics[0];
        if (log.emitter == address(d.staking) && sig == IStaking.Slashed.selector) {
            address node = address(uint160(uint256(log.topics[1])));
            (uint256 amount, uint256 burned,,) =
                abi.decode(log.data, (uint256, uint256, uint256, uint256));
            ghostBurned += burned;
            ghostSlashed[node] += amount;
            for (uint256 i = 0; i < nodes.length; ++i) {
                if (nodes[i] == node) slashedNow[i] += amount;
            }
        } else if (log.emitter == address(d.market)) {
            if (sig == IJobMarket.FeesDistributed.selector) {
                (,, uint256 burned) = abi.decode(log.data, (uint256, uint256, uint256));
                ghostBurned += burned;
            } else if (sig == IJobMarket.ClaimPaid.selector) {
                Paid memory p = abi.decode(log.data, (Paid));
                ghostPaid[uint256(log.topics[1])] += p.node + p.treasury + p.burned + p.insurance
                + p.integrator + p.verifier;
            } else if (sig == IJobMarket.TaskAccepted.selector) {
                uint256 jobId = uint256(log.topics[1]);
                IJobMarket.Task memory t = d.market.taskOf(jobId, uint256(log.topics[2]));
                for (uint256 u = t.start; u < uint256(t.start) + t.count; ++u) {
                    if (_unitAccepted[jobId][u]) ghostUnitPaidTwice = true;
                    _unitAccepted[jobId][u] = true;
                }
                ghostUnitsAccepted[jobId] += t.count;
            }
        }
    }

    struct Paid {
        uint256 node;
        uint256 treasury;
        uint256 burned;
        uint256 insurance;
        uint256 integrator;
        uint256 verifier;
        uint256 refunded;
    }

    // =================================================================== internal: steps

    function _commit(uint256 claimId, bool honest) internal {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        IJobMarket.Task memory t = d.market.taskOf(c.jobId, c.taskIndex);
        // Honest nodes agree on the true root; dishonest ones collude on one fake root.
        bytes32 root =
            keccak256(abi.encode(honest ? "honest" : "fake", uint256(c.jobId), t.start, t.count));
        _committedRoot[claimId] = root;
        bytes32 seal = d.market.computeSeal(root, _salt(claimId), c.node);
        vm.prank(c.node);
        d.market.commit(claimId, seal);
    }

    function _trackedReveal(uint256 claimId) internal {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        _begin();
        vm.prank(c.node);
        d.market.reveal(claimId, _committedRoot[claimId], _salt(claimId));
        _end(c.jobId);
    }

    function _withdraw(address node) internal returns (uint256 amount) {
        uint256 before = d.token.balanceOf(node);
        vm.prank(node);
        amount = d.staking.withdraw();
        assertEq(d.token.balanceOf(node), before + amount, "withdrawn to the node");
        ghostWithdrawn[node] += amount;
    }

    function _assertNoWork(bytes memory reason) internal pure {
        bytes4 sel = bytes4(reason);
        assertTrue(
            sel == IJobMarket.JobNotOpen.selector || sel == IJobMarket.NoUnitsAvailable.selector,
            "claim failed for a reason other than no work"
        );
    }

    function _salt(uint256 claimId) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", claimId));
    }

    function _stakeOf(address node) internal view returns (uint256) {
        IStaking.StakeAccount memory a = d.staking.accountOf(node);
        return uint256(a.bonded) + a.unbonding;
    }

    function _caller(uint256 seed) internal view returns (address) {
        return callers[seed % callers.length];
    }

    /// @dev Any account without parameter power: callers, actors, the governor itself and the
    /// registry (not the market, which is a legitimate staking operator).
    function _attacker(uint256 seed) internal view returns (address) {
        uint256 k = seed % 8;
        if (k < 4) return callers[k];
        if (k == 4) return nodes[seed % nodes.length];
        if (k == 5) return requesters[seed % requesters.length];
        if (k == 6) return address(d.governor);
        return address(d.registry);
    }

    function _setterCall(uint256 which, address attacker, uint256 value)
        internal
        view
        returns (address, bytes memory)
    {
        if (which == 0) {
            return (address(d.market), abi.encodeCall(d.market.setFeeSplit, (_ghostFees)));
        }
        if (which == 1) {
            return (address(d.market), abi.encodeCall(d.market.setSecurityParams, (_ghostSecurity)));
        }
        if (which == 2) {
            return (address(d.market), abi.encodeCall(d.market.setReceivers, (attacker, attacker)));
        }
        if (which == 3) {
            return (address(d.market), abi.encodeCall(d.market.setCertificate, (d.certificate)));
        }
        if (which == 4) {
            return (address(d.market), abi.encodeCall(d.market.transferGovernance, (attacker)));
        }
        if (which == 5) {
            return (address(d.staking), abi.encodeCall(d.staking.setOperator, (attacker, true)));
        }
        if (which == 6) {
            return
                (
                    address(d.staking),
                    abi.encodeCall(d.staking.setUnbondingPeriod, (value % 90 days))
                );
        }
        if (which == 7) {
            return (address(d.staking), abi.encodeCall(d.staking.setSlashSplit, (0, 0)));
        }
        if (which == 8) {
            return (address(d.staking), abi.encodeCall(d.staking.setInsurancePool, (attacker)));
        }
        if (which == 9) {
            return (address(d.staking), abi.encodeCall(d.staking.transferGovernance, (attacker)));
        }
        if (which == 10) {
            return (
                address(d.registry),
                abi.encodeCall(d.registry.setTierThresholds, ([uint32(1), 2, 3]))
            );
        }
        if (which == 11) {
            return
                (
                    address(d.registry),
                    abi.encodeCall(d.registry.setMinStakes, ([uint256(0), 0, 0, 0]))
                );
        }
        if (which == 12) {
            return
                (address(d.reputation), abi.encodeCall(d.reputation.setRecorder, (attacker, true)));
        }
        if (which == 13) {
            return (
                address(d.reputation),
                abi.encodeCall(d.reputation.setRules, (10_000, 10_000, 0, 0, 0))
            );
        }
        if (which == 14) {
            return (
                address(d.token),
                abi.encodeCall(d.token.grantRole, (d.token.MINTER_ROLE(), attacker))
            );
        }
        if (which == 15) {
            return
                (address(d.staking), abi.encodeCall(d.staking.slash, (nodes[0], 1 ether, attacker)));
        }
        return (
            address(d.timelock),
            abi.encodeCall(
                d.timelock.schedule,
                (
                    address(d.staking),
                    0,
                    abi.encodeCall(d.staking.setUnbondingPeriod, (0)),
                    0,
                    0,
                    2 days
                )
            )
        );
    }

    // =================================================================== internal: selection

    /// @dev The first job from `seed` on (wrapping) that satisfies `ok`; 0 if none.
    function _findJob(uint256 seed, function(uint256) view returns (bool) ok)
        internal
        view
        returns (uint256)
    {
        uint256 n = d.market.jobCount();
        if (n == 0) return 0;
        uint256 start = seed % n;
        for (uint256 k = 0; k < n; ++k) {
            uint256 jobId = (start + k) % n + 1;
            if (ok(jobId)) return jobId;
        }
        return 0;
    }

    /// @dev The first claim from `seed` on (wrapping) that satisfies `ok`; 0 if none.
    function _findClaim(uint256 seed, function(uint256) view returns (bool) ok)
        internal
        view
        returns (uint256)
    {
        uint256 n = d.market.claimCount();
        if (n == 0) return 0;
        uint256 start = seed % n;
        for (uint256 k = 0; k < n; ++k) {
            uint256 claimId = (start + k) % n + 1;
            if (ok(claimId)) return claimId;
        }
        return 0;
    }

    function _isClosed(IJobMarket.JobStatus s) internal pure returns (bool) {
        return s == IJobMarket.JobStatus.Closed || s == IJobMarket.JobStatus.Completed;
    }

    function _isOpenJob(uint256 jobId) internal view returns (bool) {
        return d.market.jobOf(jobId).status == IJobMarket.JobStatus.Open;
    }

    function _isFinalizable(uint256 jobId) internal view returns (bool) {
        IJobMarket.Job memory job = d.market.jobOf(jobId);
        return job.status == IJobMarket.JobStatus.Open && job.unitsAccepted == job.unitCount;
    }

    function _hasFreshUnits(uint256 jobId) internal view returns (bool) {
        IJobMarket.Job memory job = d.market.jobOf(jobId);
        return job.status == IJobMarket.JobStatus.Open
            && (job.requeuedCount > 0 || job.nextUnit < job.unitCount);
    }

    function _isClaimable(uint256 jobId) internal view returns (bool) {
        IJobMarket.JobStatus s = d.market.jobOf(jobId).status;
        return s == IJobMarket.JobStatus.Open || s == IJobMarket.JobStatus.Cancelled;
    }

    function _taskOfClaim(uint256 claimId) internal view returns (IJobMarket.Task memory) {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        return d.market.taskOf(c.jobId, c.taskIndex);
    }

    function _live(IJobMarket.Claim memory c) internal view returns (bool) {
        return block.timestamp <= uint256(c.time) + d.market.jobOf(c.jobId).claimTtl;
    }

    function _canCommit(uint256 claimId) internal view returns (bool) {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        return c.status == IJobMarket.ClaimStatus.Claimed && _live(c);
    }

    function _canReveal(uint256 claimId) internal view returns (bool) {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        return c.status == IJobMarket.ClaimStatus.Committed && _live(c);
    }

    function _canExpire(uint256 claimId) internal view returns (bool) {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        return (c.status == IJobMarket.ClaimStatus.Claimed
                || c.status == IJobMarket.ClaimStatus.Committed) && !_live(c);
    }

    function _revealedIn(uint256 claimId, IJobMarket.TaskStatus s)
        internal
        view
        returns (bool revealed, IJobMarket.Task memory t)
    {
        IJobMarket.Claim memory c = d.market.claimOf(claimId);
        if (c.status != IJobMarket.ClaimStatus.Revealed) return (false, t);
        t = d.market.taskOf(c.jobId, c.taskIndex);
        revealed = t.status == s;
    }

    function _canVerdict(uint256 claimId) internal view returns (bool) {
        (bool ok, IJobMarket.Task memory t) = _revealedIn(claimId, IJobMarket.TaskStatus.Verifying);
        return ok && t.party != address(0) && block.timestamp <= t.windowEnds;
    }

    function _canContest(uint256 claimId) internal view returns (bool) {
        (bool ok, IJobMarket.Task memory t) = _revealedIn(claimId, IJobMarket.TaskStatus.Rejected);
        return ok && block.timestamp <= t.windowEnds;
    }

    function _canChallenge(uint256 claimId) internal view returns (bool) {
        (bool ok, IJobMarket.Task memory t) = _revealedIn(claimId, IJobMarket.TaskStatus.Verifying);
        if (!ok || block.timestamp > t.windowEnds) return false;
        uint256 jobId = d.market.claimOf(claimId).jobId;
        return d.market.jobOf(jobId).mode == IJobMarket.VerificationMode.Optimistic;
    }

    function _canSettle(uint256 claimId) internal view returns (bool) {
        (bool verifying, IJobMarket.Task memory t) =
            _revealedIn(claimId, IJobMarket.TaskStatus.Verifying);
        (bool rejected, IJobMarket.Task memory r) =
            _revealedIn(claimId, IJobMarket.TaskStatus.Rejected);
        if (verifying) return block.timestamp > t.windowEnds;
        if (rejected) return block.timestamp > r.windowEnds;
        return false;
    }
}
