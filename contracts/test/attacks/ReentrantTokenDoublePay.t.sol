// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {INodeRegistry} from "../../src/interfaces/INodeRegistry.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {Reputation} from "../../src/market/Reputation.sol";
import {NodeRegistry} from "../../src/nodes/NodeRegistry.sol";
import {RenderCertificate} from "../../src/provenance/RenderCertificate.sol";
import {Staking} from "../../src/staking/Staking.sol";
import {Test} from "../utils/Test.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @notice An ERC-20 whose transfer calls back into a target once armed (like an ERC-777 hook
/// or a malicious upgradeable token), recording what the nested call returned.
contract HookToken is ERC20, ERC20Burnable {
    address public hookRecipient;
    address public hookTarget;
    bytes public hookCall;
    bool public hookRan;
    bool public hookSucceeded;
    bytes public hookReturn;

    constructor() ERC20("Hook", "HOOK") {
        _mint(msg.sender, 1_000_000_000 ether);
    }

    function arm(address recipient, address target, bytes calldata data) external {
        hookRecipient = recipient;
        hookTarget = target;
        hookCall = data;
        hookRan = false;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        bool ok = super.transfer(to, value);
        if (to == hookRecipient && hookTarget != address(0) && !hookRan) {
            hookRan = true;
            (hookSucceeded, hookReturn) = hookTarget.call(hookCall);
        }
        return ok;
    }
}

/// @notice Attack: ReentrantTokenDoublePay. A market wired to a token that calls back during
/// `transfer` lets the payee (or whoever controls the token) re-enter settle / finalizeJob /
/// distributeFees while the first payout is still in progress, trying to be paid twice from
/// the same escrow or fee pot. Every paying entry point is nonReentrant, so the nested call
/// reverts with ReentrancyGuardReentrantCall and each party is paid exactly once.
contract ReentrantTokenDoublePayTest is Test {
    HookToken internal token;
    Staking internal staking;
    NodeRegistry internal registry;
    Reputation internal reputation;
    JobMarket internal market;
    RenderCertificate internal certificate;
    address internal treasury = address(0x7EA5);
    address internal insurance = address(0x1A5);
    address internal requester = address(0xBEEF);
    address internal node = address(0x40DE);
    uint256 internal jobId;
    uint256 internal claimId;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new HookToken();
        staking = new Staking(token, address(this), 7 days, insurance);
        registry = new NodeRegistry(
            staking,
            address(this),
            [uint32(100), 1000, 10_000],
            [uint256(1000 ether), 5000 ether, 20_000 ether, 100_000 ether]
        );
        reputation = new Reputation(address(this));
        market =
            new JobMarket(token, staking, registry, reputation, address(this), treasury, insurance);
        certificate = new RenderCertificate(market);
        market.setCertificate(certificate);
        staking.setOperator(address(market), true);
        reputation.setRecorder(address(market), true);

        token.transfer(node, 50_000 ether);
        vm.startPrank(node);
        token.approve(address(staking), 50_000 ether);
        staking.stake(50_000 ether);
        registry.register(
            INodeRegistry.NodeParams({
                gpuModel: "NVIDIA RTX 4090",
                vramMb: 24_576,
                benchmarkScore: 5000,
                encryptionKey: keccak256("key"),
                region: "DE",
                endpoint: "http://127.0.0.1:9000"
            })
        );
        vm.stopPrank();

        token.transfer(requester, 1000 ether);
        IJobMarket.JobParams memory p;
        p.manifestDigest = sha256("manifest");
        p.unitCount = 4;
        p.pricePerUnit = 10 ether;
        p.deadline = uint40(block.timestamp + 1 days);
        p.claimTtl = 2 hours;
        p.replication = 1;
        p.mode = IJobMarket.VerificationMode.Optimistic;
        p.confidenceBps = 6000;
        vm.startPrank(requester);
        token.approve(address(market), 40 ether);
        jobId = market.createJob(p);
        vm.stopPrank();

        vm.startPrank(node);
        claimId = market.claim(jobId, 4);
        bytes32 root = keccak256("root");
        market.commit(claimId, market.computeSeal(root, bytes32("salt"), node));
        market.reveal(claimId, root, bytes32("salt"));
        vm.stopPrank();
        skip(1 hours + 1);
    }

    function _assertGuardStopped() internal view {
        assertTrue(token.hookRan(), "hook ran");
        assertFalse(token.hookSucceeded(), "nested call failed");
        // Stopped by the reentrancy guard, not by some later check.
        assertEq(
            token.hookReturn(),
            abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector)
        );
    }

    function test_Attack_ReentrantTokenDoublePay_Settle() public {
        token.arm(node, address(market), abi.encodeCall(market.settle, (claimId)));
        market.settle(claimId);
        _assertGuardStopped();
        uint256 paid = token.balanceOf(node);
        assertGt(paid, 0);
        (uint256 t, uint256 i, uint256 b) = market.accruedFees();
        assertEq(paid + t + i + b, 40 ether, "paid once: escrow split exactly");
        assertEq(token.balanceOf(address(market)), t + i + b);
    }

    function test_Attack_ReentrantTokenDoublePay_DistributeFees() public {
        market.settle(claimId);
        (uint256 t, uint256 i, uint256 b) = market.accruedFees();
        assertGt(t, 0);
        token.arm(treasury, address(market), abi.encodeCall(market.distributeFees, ()));
        uint256 supply = token.totalSupply();
        market.distributeFees();
        _assertGuardStopped();
        assertEq(token.balanceOf(treasury), t, "treasury paid once");
        assertEq(token.balanceOf(insurance), i, "insurance paid once");
        assertEq(token.totalSupply(), supply - b, "burned once");
        assertEq(token.balanceOf(address(market)), 0);
    }

    function test_Attack_ReentrantTokenDoublePay_FinalizeFromPayout() public {
        // The node's payout re-enters finalizeJob before the task's bookkeeping is visible
        // to a second entry; the guard refuses it, and the real finalize later works once.
        token.arm(node, address(market), abi.encodeCall(market.finalizeJob, (jobId)));
        market.settle(claimId);
        _assertGuardStopped();
        uint256 before = token.balanceOf(requester);
        market.finalizeJob(jobId);
        assertEq(certificate.ownerOf(jobId), requester);
        assertEq(token.balanceOf(requester), before, "no late refund due");
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobMarket.JobNotOpen.selector, jobId, IJobMarket.JobStatus.Completed
            )
        );
        market.finalizeJob(jobId);
    }

    function test_Attack_ReentrantTokenDoublePay_CancelFromRefund() public {
        // A requester whose refund re-enters cancelJob must not get the escrow twice.
        IJobMarket.Job memory j = market.jobOf(jobId);
        assertEq(j.escrow, 40 ether);
        market.settle(claimId);
        // new job, cancel it with the hook pointing back into cancelJob
        IJobMarket.JobParams memory p;
        p.manifestDigest = sha256("manifest2");
        p.unitCount = 2;
        p.pricePerUnit = 10 ether;
        p.deadline = uint40(block.timestamp + 1 days);
        p.claimTtl = 2 hours;
        p.replication = 1;
        p.mode = IJobMarket.VerificationMode.Optimistic;
        p.confidenceBps = 6000;
        vm.startPrank(requester);
        token.approve(address(market), 20 ether);
        uint256 job2 = market.createJob(p);
        vm.stopPrank();
        uint256 before = token.balanceOf(requester);
        token.arm(requester, address(market), abi.encodeCall(market.cancelJob, (job2)));
        vm.prank(requester);
        market.cancelJob(job2);
        _assertGuardStopped();
        assertEq(token.balanceOf(requester) - before, 20 ether, "refunded once");
    }
}
