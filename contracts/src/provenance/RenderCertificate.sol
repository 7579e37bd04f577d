// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IRenderCertificate} from "../interfaces/IRenderCertificate.sol";
import {FrameTree} from "../libraries/FrameTree.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @title RenderCertificate
/// @notice One ERC-721 per completed job (token id = job id), minted to the requester. The
/// metadata is built on chain from the market's record of the job: manifest CID, the Merkle
/// root over every frame's pixel hash, the nodes, times and verification mode. Anyone can
/// prove a frame belongs to the job with `verifyFrame`.
contract RenderCertificate is ERC721, IRenderCertificate {
    using Strings for uint256;
    using Strings for address;

    /// @notice Nodes listed in the metadata at most (the full list is in the market's events).
    uint256 public constant MAX_LISTED_NODES = 16;

    IJobMarket private immutable _market;

    constructor(IJobMarket market_) ERC721("Gridlight Render Certificate", "GLRC") {
        _market = market_;
    }

    /// @inheritdoc IRenderCertificate
    function mint(address to, uint256 jobId) external {
        if (msg.sender != address(_market)) revert NotMarket(msg.sender);
        // _mint reverts if the job already has a certificate: one per job.
        _mint(to, jobId);
        emit CertificateMinted(jobId, to, _job(jobId).framesRoot);
    }

    /// @inheritdoc IRenderCertificate
    function verifyFrame(
        uint256 tokenId,
        uint256 frameIndex,
        bytes32 pixelHash,
        bytes32[] calldata proof
    ) external view returns (bool) {
        _requireOwned(tokenId);
        IJobMarket.Job memory job = _job(tokenId);
        if (frameIndex >= job.unitCount) return false;
        return FrameTree.verify(job.framesRoot, frameIndex, pixelHash, proof);
    }

    /// @notice The manifest's CIDv1 (raw codec, sha2-256) in base32, as IPFS prints it.
    function manifestCid(uint256 tokenId) public view returns (string memory) {
        _requireOwned(tokenId);
        return cidFromDigest(_job(tokenId).manifestDigest);
    }

    /// @notice CIDv1 string ("b" + base32 of 0x01 0x55 0x12 0x20 ‖ digest).
    function cidFromDigest(bytes32 digest) public pure returns (string memory) {
        bytes memory raw = abi.encodePacked(bytes4(0x01551220), digest);
        return string.concat("b", _base32(raw));
    }

    /// @notice The job market this certificate belongs to.
    function market() external view returns (IJobMarket) {
        return _market;
    }

    /// @inheritdoc ERC721
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        IJobMarket.Job memory job = _job(tokenId);
        string memory cid = cidFromDigest(job.manifestDigest);
        string memory mode = _modeName(job.mode);
        string memory json = string.concat(
            '{"name":"Gridlight render #',
            tokenId.toString(),
            '","description":"Certificate of a verified render on the Gridlight network.",',
            '"image":"data:image/svg+xml;base64,',
            Base64.encode(bytes(_svg(tokenId, job, cid, mode))),
            '","properties":{"manifestCid":"',
            cid,
            '","framesRoot":"',
            uint256(job.framesRoot).toHexString(32),
            '","frames":',
            uint256(job.unitCount).toString(),
            ',"verification":"',
            mode,
            '","createdAt":',
            uint256(job.createdAt).toString(),
            ',"completedAt":',
            uint256(job.completedAt).toString(),
            ',"nodes":',
            _nodesJson(tokenId, job.taskCount),
            "}}"
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
    }

    // ------------------------------------------------------------------ internal

    function _job(uint256 jobId) internal view returns (IJobMarket.Job memory) {
        return IMarketViews(address(_market)).jobOf(jobId);
    }

    /// @dev View-only walk over the job's tasks, capped at MAX_LISTED_NODES entries.
    function _nodesJson(uint256 jobId, uint256 taskCount)
        internal
        view
        returns (string memory out)
    {
        IMarketViews m = IMarketViews(address(_market));
        address[] memory seen = new address[](MAX_LISTED_NODES);
        uint256 listed;
        out = "[";
        for (uint256 t = 0; t < taskCount && listed < MAX_LISTED_NODES; ++t) {
            IJobMarket.Task memory task = m.taskOf(jobId, t);
            if (task.status != IJobMarket.TaskStatus.Accepted) continue;
            uint256[] memory ids = m.claimsOfTask(jobId, t);
            for (uint256 i = 0; i < ids.length && listed < MAX_LISTED_NODES; ++i) {
                IJobMarket.Claim memory c = m.claimOf(ids[i]);
                if (c.status != IJobMarket.ClaimStatus.Accepted) continue;
                bool dup;
                for (uint256 k = 0; k < listed; ++k) {
                    if (seen[k] == c.node) dup = true;
                }
                if (dup) continue;
                seen[listed] = c.node;
                out = string.concat(out, listed == 0 ? '"' : ',"', c.node.toHexString(), '"');
                ++listed;
            }
        }
        out = string.concat(out, "]");
    }

    function _svg(uint256 tokenId, IJobMarket.Job memory job, string memory cid, string memory mode)
        internal
        pure
        returns (string memory)
    {
        string memory root = uint256(job.framesRoot).toHexString(32);
        return string.concat(
            '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300" viewBox="0 0 600 300">',
            '<rect width="600" height="300" fill="#0b1020"/>',
            '<text x="24" y="48" fill="#f5c542" font-family="monospace" font-size="26">Gridlight render #',
            tokenId.toString(),
            "</text>",
            '<text x="24" y="96" fill="#e6e6e6" font-family="monospace" font-size="14">frames: ',
            uint256(job.unitCount).toString(),
            "  verification: ",
            mode,
            "</text>",
            '<text x="24" y="132" fill="#9aa4b2" font-family="monospace" font-size="10">manifest ',
            cid,
            "</text>",
            '<text x="24" y="160" fill="#9aa4b2" font-family="monospace" font-size="10">root ',
            root,
            "</text></svg>"
        );
    }

    function _modeName(IJobMarket.VerificationMode mode) internal pure returns (string memory) {
        if (mode == IJobMarket.VerificationMode.SpotCheck) return "spot-check";
        if (mode == IJobMarket.VerificationMode.Replicated) return "replicated";
        return "optimistic";
    }

    /// @dev RFC 4648 base32, lower case, no padding (the multibase "b" alphabet).
    function _base32(bytes memory data) internal pure returns (string memory) {
        bytes memory alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        uint256 outLen = (data.length * 8 + 4) / 5;
        bytes memory out = new bytes(outLen);
        uint256 buffer;
        uint256 bits;
        uint256 o;
        for (uint256 i = 0; i < data.length; ++i) {
            buffer = (buffer << 8) | uint8(data[i]);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = alphabet[(buffer >> bits) & 31];
            }
        }
        if (bits > 0) out[o++] = alphabet[(buffer << (5 - bits)) & 31];
        return string(out);
    }
}

/// @dev The market's struct getters, typed for the certificate.
interface IMarketViews {
    function jobOf(uint256 jobId) external view returns (IJobMarket.Job memory);
    function taskOf(uint256 jobId, uint256 taskIndex) external view returns (IJobMarket.Task memory);
    function claimOf(uint256 claimId) external view returns (IJobMarket.Claim memory);
    function claimsOfTask(uint256 jobId, uint256 taskIndex) external view returns (uint256[] memory);
}
