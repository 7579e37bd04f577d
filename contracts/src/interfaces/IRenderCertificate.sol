// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice ERC-721 certificate of a completed render job; token id equals job id.
interface IRenderCertificate {
    /// @notice Only the job market mints.
    error NotMarket(address caller);
    /// @notice The certificate does not exist.
    error UnknownCertificate(uint256 tokenId);

    /// @notice A certificate was minted for a completed job.
    event CertificateMinted(uint256 indexed tokenId, address indexed requester, bytes32 framesRoot);

    /// @notice Mints the certificate of `jobId` to `to` (market only, once per job).
    function mint(address to, uint256 jobId) external;

    /// @notice Whether `pixelHash` is the accepted result of unit `frameIndex` of the job.
    /// @param tokenId The certificate (= job id).
    /// @param frameIndex Unit index within the job.
    /// @param pixelHash Hash of the frame's decoded pixels.
    /// @param proof [bytes32(start << 32 | count) of the frame's task, claim-tree siblings,
    /// job-tree siblings] — see FrameTree.
    function verifyFrame(
        uint256 tokenId,
        uint256 frameIndex,
        bytes32 pixelHash,
        bytes32[] calldata proof
    ) external view returns (bool);
}
