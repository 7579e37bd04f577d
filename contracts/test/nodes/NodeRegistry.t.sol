// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IGoverned} from "../../src/interfaces/IGoverned.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";
import {IStaking} from "../../src/interfaces/IStaking.sol";
import {NodeRegistry} from "../../src/nodes/NodeRegistry.sol";
import {Base} from "../utils/Base.t.sol";

/// @notice NodeRegistry: declarations and their validation, tiers from score and stake,
/// eligibility, the O(1) active set, and governance-owned thresholds.
contract NodeRegistryTest is Base {
    NodeRegistry internal registry;
    address internal fresh = makeAddr("fresh");
    address internal stranger = makeAddr("stranger");

    function setUp() public override {
        super.setUp();
        registry = d.registry;
    }

    // ------------------------------------------------------------------ helpers

    function _stakeFor(address who, uint256 amount) internal {
        if (amount == 0) return;
        d.token.transfer(who, amount);
        vm.startPrank(who);
        d.token.approve(address(d.staking), amount);
        d.staking.stake(amount);
        vm.stopPrank();
    }

    function _register(address who, uint32 score) internal {
        vm.prank(who);
        registry.register(_nodeParams(who, score));
    }

    function _expectFieldTooLong(string memory field, uint256 len, uint256 max) internal {
        vm.expectRevert(
            abi.encodeWithSelector(INodeRegistry.FieldTooLong.selector, field, len, max)
        );
    }

    function _str(uint256 len) internal pure returns (string memory) {
        bytes memory b = new bytes(len);
        for (uint256 i = 0; i < len; ++i) {
            b[i] = "a";
        }
        return string(b);
    }

    function _setThresholds(uint32 a, uint32 b, uint32 c) internal {
        vm.prank(address(d.timelock));
        registry.setTierThresholds([a, b, c]);
    }

    function _setMinStakes(uint256 a, uint256 b, uint256 c, uint256 e) internal {
        vm.prank(address(d.timelock));
        registry.setMinStakes([a, b, c, e]);
    }

    // ------------------------------------------------------------------ deployment

    function test_Deployment_Wiring() public view {
        assertEq(address(registry.staking()), address(d.staking));
        assertEq(registry.governance(), address(d.timelock));
        uint32[3] memory t = registry.tierThresholds();
        assertEq(t[0], 100);
        assertEq(t[1], 1000);
        assertEq(t[2], 10_000);
        uint256[4] memory m = registry.minStakes();
        assertEq(m[0], 1000 ether);
        assertEq(m[1], 5000 ether);
        assertEq(m[2], 20_000 ether);
        assertEq(m[3], 100_000 ether);
        assertEq(registry.activeCount(), 6);
        assertEq(registry.MAX_GPU_MODEL_LENGTH(), 64);
        assertEq(registry.MAX_ENDPOINT_LENGTH(), 256);
        assertEq(registry.TIER_COUNT(), 4);
    }

    function test_RevertWhen_ConstructorZeroStaking() public {
        vm.expectRevert(IGoverned.ZeroAddress.selector);
        new NodeRegistry(
            IStaking(address(0)), address(this), config.tierThresholds, config.minStakes
        );
    }

    function test_RevertWhen_ConstructorBadThresholds() public {
        vm.expectRevert(INodeRegistry.InvalidTierThresholds.selector);
        new NodeRegistry(d.staking, address(this), [uint32(0), 1, 2], config.minStakes);
    }

    function test_RevertWhen_ConstructorBadMinStakes() public {
        vm.expectRevert(INodeRegistry.InvalidMinStakes.selector);
        new NodeRegistry(d.staking, address(this), config.tierThresholds, [uint256(2), 1, 3, 4]);
    }

    // ------------------------------------------------------------------ register

    function test_Register_StoresDeclaration() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1500);
        vm.expectEmit(address(registry));
        emit INodeRegistry.NodeRegistered(fresh, 2, bytes2("DE"), 1500);
        vm.prank(fresh);
        registry.register(p);

        INodeRegistry.Node memory n = registry.nodeOf(fresh);
        assertTrue(n.registered);
        assertTrue(n.active);
        assertEq(n.scoreTier, 2);
        assertEq(n.vramMb, 24_576);
        assertEq(n.benchmarkScore, 1500);
        assertEq(n.registeredAt, block.timestamp);
        assertEq(n.region, bytes2("DE"));
        assertEq(n.encryptionKey, p.encryptionKey);
        assertEq(n.gpuModel, "NVIDIA RTX 4090");
        assertEq(n.endpoint, "http://127.0.0.1:9000");
        assertEq(registry.encryptionKeyOf(fresh), p.encryptionKey);
        assertEq(registry.regionOf(fresh), bytes2("DE"));
        assertEq(registry.activeCount(), 7);
        assertEq(registry.activeNodeAt(6), fresh);
    }

    function test_Register_EmitsActiveSet() public {
        vm.expectEmit(address(registry));
        emit INodeRegistry.NodeActiveSet(fresh, true);
        _register(fresh, 1);
        assertTrue(registry.nodeOf(fresh).active);
    }

    function test_Register_FieldsAtLimit() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.gpuModel = _str(64);
        p.endpoint = _str(256);
        vm.prank(fresh);
        registry.register(p);
        assertEq(bytes(registry.nodeOf(fresh).gpuModel).length, 64);
        assertEq(bytes(registry.nodeOf(fresh).endpoint).length, 256);
    }

    function test_Register_EmptyEndpointAllowed() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.endpoint = "";
        vm.prank(fresh);
        registry.register(p);
        assertTrue(registry.nodeOf(fresh).registered);
    }

    function test_RevertWhen_RegisterTwice() public {
        _register(fresh, 1);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.AlreadyRegistered.selector, fresh));
        _register(fresh, 1);
    }

    function test_RevertWhen_RegisterGpuModelTooLong() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.gpuModel = _str(65);
        _expectFieldTooLong("gpuModel", 65, 64);
        vm.prank(fresh);
        registry.register(p);
    }

    function test_RevertWhen_RegisterEndpointTooLong() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.endpoint = _str(257);
        _expectFieldTooLong("endpoint", 257, 256);
        vm.prank(fresh);
        registry.register(p);
    }

    function test_RevertWhen_RegisterMissingEncryptionKey() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.encryptionKey = bytes32(0);
        vm.expectRevert(INodeRegistry.MissingEncryptionKey.selector);
        vm.prank(fresh);
        registry.register(p);
    }

    function test_RevertWhen_RegisterLowerCaseRegion() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.region = "de";
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidRegion.selector, bytes2("de")));
        vm.prank(fresh);
        registry.register(p);
    }

    function test_RevertWhen_RegisterEmptyRegion() public {
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.region = bytes2(0);
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidRegion.selector, bytes2(0)));
        vm.prank(fresh);
        registry.register(p);
    }

    function test_RevertWhen_RegisterRegionBoundaryChars() public {
        // '@' (0x40) is just below 'A', '[' (0x5B) just above 'Z'.
        bytes2[4] memory bad = [bytes2("@A"), bytes2("A@"), bytes2("[A"), bytes2("A[")];
        for (uint256 i = 0; i < bad.length; ++i) {
            INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
            p.region = bad[i];
            vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidRegion.selector, bad[i]));
            vm.prank(fresh);
            registry.register(p);
        }
        INodeRegistry.NodeParams memory ok = _nodeParams(fresh, 1);
        ok.region = "AZ";
        vm.prank(fresh);
        registry.register(ok);
        assertEq(registry.regionOf(fresh), bytes2("AZ"));
    }

    function testFuzz_Register_Region(bytes2 region) public {
        uint8 a = uint8(region[0]);
        uint8 b = uint8(region[1]);
        bool valid = a >= 0x41 && a <= 0x5A && b >= 0x41 && b <= 0x5A;
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.region = region;
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidRegion.selector, region));
        }
        vm.prank(fresh);
        registry.register(p);
        assertEq(registry.nodeOf(fresh).registered, valid);
    }

    function testFuzz_Register_FieldLengths(uint256 modelLen, uint256 endpointLen) public {
        modelLen = bound(modelLen, 0, 80);
        endpointLen = bound(endpointLen, 0, 300);
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.gpuModel = _str(modelLen);
        p.endpoint = _str(endpointLen);
        if (modelLen > 64) _expectFieldTooLong("gpuModel", modelLen, 64);
        else if (endpointLen > 256) _expectFieldTooLong("endpoint", endpointLen, 256);
        vm.prank(fresh);
        registry.register(p);
        assertEq(registry.nodeOf(fresh).registered, modelLen <= 64 && endpointLen <= 256);
    }

    // ------------------------------------------------------------------ update

    function test_Update_RewritesDeclarationAndTier() public {
        _register(fresh, 50);
        assertEq(registry.nodeOf(fresh).scoreTier, 0);
        uint256 registeredAt = block.timestamp;
        skip(1 days);

        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 20_000);
        p.region = "US";
        p.gpuModel = "NVIDIA H100";
        p.vramMb = 81_920;
        p.encryptionKey = keccak256("new key");
        p.endpoint = "https://node.example";
        vm.expectEmit(address(registry));
        emit INodeRegistry.NodeUpdated(fresh, 3, bytes2("US"), 20_000);
        vm.prank(fresh);
        registry.update(p);

        INodeRegistry.Node memory n = registry.nodeOf(fresh);
        assertEq(n.scoreTier, 3);
        assertEq(n.benchmarkScore, 20_000);
        assertEq(n.vramMb, 81_920);
        assertEq(n.region, bytes2("US"));
        assertEq(n.encryptionKey, keccak256("new key"));
        assertEq(n.gpuModel, "NVIDIA H100");
        assertEq(n.endpoint, "https://node.example");
        assertEq(n.registeredAt, registeredAt, "registration time kept");
        assertTrue(n.active);
        assertEq(registry.activeCount(), 7, "update does not rejoin");
    }

    function test_Update_KeepsInactive() public {
        _register(fresh, 50);
        vm.prank(fresh);
        registry.setActive(false);
        vm.prank(fresh);
        registry.update(_nodeParams(fresh, 60));
        assertFalse(registry.nodeOf(fresh).active);
        assertEq(registry.activeCount(), 6);
    }

    function test_RevertWhen_UpdateNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotRegistered.selector, fresh));
        vm.prank(fresh);
        registry.update(_nodeParams(fresh, 1));
    }

    function test_RevertWhen_UpdateInvalid() public {
        _register(fresh, 1);
        INodeRegistry.NodeParams memory p = _nodeParams(fresh, 1);
        p.encryptionKey = bytes32(0);
        vm.expectRevert(INodeRegistry.MissingEncryptionKey.selector);
        vm.prank(fresh);
        registry.update(p);

        p = _nodeParams(fresh, 1);
        p.region = "d3";
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.InvalidRegion.selector, bytes2("d3")));
        vm.prank(fresh);
        registry.update(p);

        p = _nodeParams(fresh, 1);
        p.gpuModel = _str(100);
        _expectFieldTooLong("gpuModel", 100, 64);
        vm.prank(fresh);
        registry.update(p);
    }

    // ------------------------------------------------------------------ setActive

    function test_SetActive_LeaveAndRejoin() public {
        address first = nodes[0];
        vm.expectEmit(address(registry));
        emit INodeRegistry.NodeActiveSet(first, false);
        vm.prank(first);
        registry.setActive(false);
        assertFalse(registry.nodeOf(first).active);
        assertEq(registry.activeCount(), 5);
        // The last node moved into the freed slot.
        assertEq(registry.activeNodeAt(0), nodes[5]);

        vm.prank(first);
        registry.setActive(true);
        assertTrue(registry.nodeOf(first).active);
        assertEq(registry.activeCount(), 6);
        assertEq(registry.activeNodeAt(5), first);
    }

    function test_SetActive_LastNodeLeaves() public {
        vm.prank(nodes[5]);
        registry.setActive(false);
        assertEq(registry.activeCount(), 5);
        for (uint256 i = 0; i < 5; ++i) {
            assertEq(registry.activeNodeAt(i), nodes[i]);
        }
    }

    function test_SetActive_NoOpWhenUnchanged() public {
        vm.recordLogs();
        vm.prank(nodes[2]);
        registry.setActive(true);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(registry.activeCount(), 6);

        vm.prank(nodes[2]);
        registry.setActive(false);
        vm.recordLogs();
        vm.prank(nodes[2]);
        registry.setActive(false);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(registry.activeCount(), 5);
    }

    function test_RevertWhen_SetActiveNotRegistered() public {
        vm.expectRevert(abi.encodeWithSelector(INodeRegistry.NotRegistered.selector, stranger));
        vm.prank(stranger);
        registry.setActive(true);
    }

    function test_RevertWhen_ActiveNodeAtOutOfRange() public {
        vm.expectRevert(abi.encodeWithSignature("Panic(uint256)", 0x32));
        registry.activeNodeAt(6);
    }

    /// @dev Random joins and leaves over a pool of nodes; after every step the active array
    /// holds exactly the active nodes, each once, and agrees with every node's flag.
    function testFuzz_ActiveSet_SwapAndPop(uint256 seed) public {
        uint256 poolSize = 10;
        address[] memory pool = new address[](poolSize);
        bool[] memory registered = new bool[](poolSize);
        bool[] memory active = new bool[](poolSize);
        for (uint256 i = 0; i < poolSize; ++i) {
            pool[i] = i < 6 ? nodes[i] : makeAddr(string.concat("pool", vm.toString(i)));
            registered[i] = i < 6;
            active[i] = i < 6;
        }
        uint256 steps = bound(seed, 8, 40);
        for (uint256 s = 0; s < steps; ++s) {
            uint256 r = uint256(keccak256(abi.encode(seed, s)));
            uint256 i = r % poolSize;
            bool want = (r >> 128) & 1 == 1;
            vm.startPrank(pool[i]);
            if (!registered[i]) {
                registry.register(_nodeParams(pool[i], 500));
                registered[i] = true;
                active[i] = true;
            } else {
                registry.setActive(want);
                active[i] = want;
            }
            vm.stopPrank();
            _checkActiveSet(pool, active);
        }
    }

    function _checkActiveSet(address[] memory pool, bool[] memory active) internal view {
        uint256 expected;
        for (uint256 i = 0; i < pool.length; ++i) {
            if (active[i]) ++expected;
            assertEq(registry.nodeOf(pool[i]).active, active[i]);
        }
        uint256 count = registry.activeCount();
        assertEq(count, expected, "active count");
        bool[] memory seen = new bool[](pool.length);
        for (uint256 k = 0; k < count; ++k) {
            address a = registry.activeNodeAt(k);
            bool found;
            for (uint256 i = 0; i < pool.length; ++i) {
                if (pool[i] == a) {
                    assertTrue(active[i], "listed node is active");
                    assertFalse(seen[i], "listed once");
                    seen[i] = true;
                    found = true;
                }
            }
            assertTrue(found, "listed node is from the pool");
        }
    }

    // ------------------------------------------------------------------ tiers

    function test_TierForScore_KnownValues() public view {
        assertEq(registry.tierForScore(0), 0);
        assertEq(registry.tierForScore(99), 0);
        assertEq(registry.tierForScore(100), 1);
        assertEq(registry.tierForScore(999), 1);
        assertEq(registry.tierForScore(1000), 2);
        assertEq(registry.tierForScore(9999), 2);
        assertEq(registry.tierForScore(10_000), 3);
        assertEq(registry.tierForScore(type(uint256).max), 3);
    }

    function testFuzz_TierForScore(uint256 score, uint32 t0, uint32 t1, uint32 t2) public {
        t0 = uint32(bound(t0, 1, type(uint32).max - 2));
        t1 = uint32(bound(t1, uint256(t0) + 1, type(uint32).max - 1));
        t2 = uint32(bound(t2, uint256(t1) + 1, type(uint32).max));
        _setThresholds(t0, t1, t2);
        uint8 tier = registry.tierForScore(score);
        uint8 expected = score >= t2 ? 3 : score >= t1 ? 2 : score >= t0 ? 1 : 0;
        assertEq(tier, expected);
        if (score > 0) assertLe(registry.tierForScore(score - 1), tier, "monotonic");
    }

    function test_EffectiveTier_CappedByStake() public {
        // Score tier 3, but 50k stake covers tier 2 only (tier 3 needs 100k).
        _stakeFor(fresh, 50_000 ether);
        _register(fresh, 20_000);
        assertEq(registry.nodeOf(fresh).scoreTier, 3);
        assertEq(registry.effectiveTier(fresh), 2);

        _stakeFor(fresh, 50_000 ether);
        assertEq(registry.effectiveTier(fresh), 3, "100k covers tier 3");
    }

    function test_EffectiveTier_WalksDownSeveralTiers() public {
        _stakeFor(fresh, 4999 ether);
        _register(fresh, 20_000);
        assertEq(registry.effectiveTier(fresh), 0);
        _stakeFor(fresh, 1 ether);
        assertEq(registry.effectiveTier(fresh), 1);
    }

    function test_EffectiveTier_CappedByScore() public {
        _stakeFor(fresh, 1_000_000 ether);
        _register(fresh, 150);
        assertEq(registry.effectiveTier(fresh), 1, "stake does not lift the score tier");
    }

    function test_EffectiveTier_DropsAfterUnbond() public {
        address n = nodes[0];
        assertEq(registry.effectiveTier(n), 2);
        vm.prank(n);
        d.staking.requestUnbond(40_000 ether);
        assertEq(registry.effectiveTier(n), 1, "10k covers tier 1 only");
    }

    function testFuzz_EffectiveTier(uint32 score, uint256 stakeAmt) public {
        stakeAmt = bound(stakeAmt, 0, 200_000 ether);
        _stakeFor(fresh, stakeAmt);
        _register(fresh, score);
        uint8 scoreTier = registry.nodeOf(fresh).scoreTier;
        uint8 eff = registry.effectiveTier(fresh);
        uint256[4] memory m = registry.minStakes();
        assertLe(eff, scoreTier, "never above score tier");
        if (eff > 0) assertGe(stakeAmt, m[eff], "stake covers the tier");
        if (eff < scoreTier) assertLt(stakeAmt, m[eff + 1], "the next tier is not covered");
    }

    // ------------------------------------------------------------------ eligibility

    function test_IsEligible_ActiveAndStaked() public view {
        assertTrue(registry.isEligible(nodes[0], 0));
        assertTrue(registry.isEligible(nodes[0], 2));
        assertFalse(registry.isEligible(nodes[0], 3), "score tier 2 < 3");
    }

    function test_IsEligible_FalseWhenInactive() public {
        vm.prank(nodes[0]);
        registry.setActive(false);
        assertFalse(registry.isEligible(nodes[0], 0));
    }

    function test_IsEligible_FalseWhenUnregistered() public view {
        assertFalse(registry.isEligible(stranger, 0));
    }

    function test_IsEligible_FalseWithoutStake() public {
        _register(fresh, 20_000);
        assertFalse(registry.isEligible(fresh, 0));
        // Even a zero tier-0 minimum requires some stake.
        _setMinStakes(0, 0, 0, 0);
        assertFalse(registry.isEligible(fresh, 0));
        _stakeFor(fresh, 1);
        assertTrue(registry.isEligible(fresh, 3));
    }

    function test_IsEligible_FalseBelowTierStake() public {
        _stakeFor(fresh, 19_999 ether);
        _register(fresh, 5000);
        assertTrue(registry.isEligible(fresh, 1));
        assertFalse(registry.isEligible(fresh, 2));
    }

    function testFuzz_IsEligible(uint32 score, uint256 stakeAmt, uint8 minTier, bool active)
        public
    {
        stakeAmt = bound(stakeAmt, 0, 200_000 ether);
        _stakeFor(fresh, stakeAmt);
        _register(fresh, score);
        if (!active) {
            vm.prank(fresh);
            registry.setActive(false);
        }
        // Never reverts, even for tiers that do not exist.
        bool eligible = registry.isEligible(fresh, minTier);
        uint8 scoreTier = registry.tierForScore(score);
        bool expected = active && minTier <= scoreTier && stakeAmt > 0
            && stakeAmt >= registry.minStakes()[minTier > 3 ? 3 : minTier];
        assertEq(eligible, expected);
        if (eligible) assertGe(registry.effectiveTier(fresh), minTier, "eligible => tier ok");
    }

    // ------------------------------------------------------------------ governance

    function test_SetTierThresholds_ByTimelock() public {
        uint32[3] memory t = [uint32(10), 20, 30];
        vm.expectEmit(address(registry));
        emit INodeRegistry.TierThresholdsSet(t);
        vm.prank(address(d.timelock));
        registry.setTierThresholds(t);
        uint32[3] memory got = registry.tierThresholds();
        assertEq(got[0], 10);
        assertEq(got[1], 20);
        assertEq(got[2], 30);
        assertEq(registry.tierForScore(25), 2);
    }

    function test_RevertWhen_SetTierThresholdsNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, address(this)));
        registry.setTierThresholds([uint32(10), 20, 30]);
    }

    function test_RevertWhen_SetTierThresholdsInvalid() public {
        uint32[3][4] memory bad = [
            [uint32(0), 20, 30], // zero first threshold
            [uint32(20), 20, 30], // equal
            [uint32(10), 30, 30], // equal
            [uint32(10), 30, 20] // decreasing
        ];
        for (uint256 i = 0; i < bad.length; ++i) {
            vm.expectRevert(INodeRegistry.InvalidTierThresholds.selector);
            vm.prank(address(d.timelock));
            registry.setTierThresholds(bad[i]);
        }
        assertEq(registry.tierThresholds()[0], 100, "unchanged");
    }

    function testFuzz_SetTierThresholds(uint32 a, uint32 b, uint32 c) public {
        bool valid = a > 0 && a < b && b < c;
        if (!valid) vm.expectRevert(INodeRegistry.InvalidTierThresholds.selector);
        vm.prank(address(d.timelock));
        registry.setTierThresholds([a, b, c]);
        if (valid) assertEq(registry.tierThresholds()[2], c);
    }

    function test_SetMinStakes_ByTimelock() public {
        uint256[4] memory m = [uint256(0), 0, 60_000 ether, 60_000 ether];
        vm.expectEmit(address(registry));
        emit INodeRegistry.MinStakesSet(m);
        vm.prank(address(d.timelock));
        registry.setMinStakes(m);
        assertEq(registry.minStakes()[3], 60_000 ether);
        // Node 0 (score tier 2, 50k) now falls short of tier 2.
        assertEq(registry.effectiveTier(nodes[0]), 1);
        assertFalse(registry.isEligible(nodes[0], 2));
    }

    function test_RevertWhen_SetMinStakesNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, stranger));
        vm.prank(stranger);
        registry.setMinStakes([uint256(0), 0, 0, 0]);
    }

    function testFuzz_SetMinStakes(uint256 a, uint256 b, uint256 c, uint256 e) public {
        bool valid = a <= b && b <= c && c <= e;
        if (!valid) vm.expectRevert(INodeRegistry.InvalidMinStakes.selector);
        vm.prank(address(d.timelock));
        registry.setMinStakes([a, b, c, e]);
        uint256[4] memory m = registry.minStakes();
        assertEq(m[3], valid ? e : 100_000 ether);
    }

    function test_RevertWhen_TransferGovernanceNotGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGoverned.OnlyGovernance.selector, address(this)));
        registry.transferGovernance(address(this));
    }

    function test_TransferGovernance_ByTimelock() public {
        vm.prank(address(d.timelock));
        registry.transferGovernance(stranger);
        assertEq(registry.governance(), stranger);
        vm.prank(stranger);
        registry.setTierThresholds([uint32(1), 2, 3]);
        assertEq(registry.tierThresholds()[0], 1);
    }
}
