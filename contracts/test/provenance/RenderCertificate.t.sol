// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IRenderCertificate} from "../../src/interfaces/IRenderCertificate.sol";
import {FrameTree} from "../../src/libraries/FrameTree.sol";
import {RenderCertificate} from "../../src/provenance/RenderCertificate.sol";
import {Base} from "../utils/Base.t.sol";
import {MerkleHelper} from "../utils/MerkleHelper.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @notice RenderCertificate: minted by the market only, once per completed job, with frame
/// proofs against the job's frame root and on-chain JSON metadata.
contract RenderCertificateTest is Base {
    using Strings for uint256;
    using Strings for address;

    RenderCertificate internal cert;
    address internal stranger = makeAddr("stranger");

    uint32 internal constant UNITS = 20;
    uint256 internal jobId;
    uint256[] internal claims;

    function setUp() public override {
        super.setUp();
        cert = d.certificate;
    }

    // ------------------------------------------------------------------ helpers

    /// @dev A spot-checked job of UNITS frames worked by nodes 0..2 in claims of 8, 8, 4,
    /// with node 0 also taking the last claim, verified and finalised.
    function _completeJob() internal returns (uint256 id) {
        id = _createJob(_jobParams(UNITS, IJobMarket.VerificationMode.SpotCheck));
        uint256[4] memory sizes = [uint256(6), 6, 4, 4];
        address[4] memory who = [nodes[0], nodes[1], nodes[2], nodes[0]];
        for (uint256 i = 0; i < 4; ++i) {
            claims.push(_work(who[i], id, sizes[i], true));
        }
        for (uint256 i = 0; i < claims.length; ++i) {
            vm.prank(_verifierOf(claims[i]));
            d.market.submitVerdict(claims[i], true);
        }
        d.market.finalizeJob(id);
    }

    function _expectedRoot() internal view returns (bytes32) {
        bytes32[] memory roots = new bytes32[](claims.length);
        for (uint256 i = 0; i < claims.length; ++i) {
            roots[i] = _rangeLeafOf(claims[i]);
        }
        return MerkleHelper.root(roots);
    }

    function _contains(bytes memory hay, bytes memory needle) internal pure returns (bool) {
        if (needle.length > hay.length) return false;
        for (uint256 i = 0; i + needle.length <= hay.length; ++i) {
            bool ok = true;
            for (uint256 j = 0; j < needle.length; ++j) {
                if (hay[i + j] != needle[j]) {
                    ok = false;
                    break;
                }
            }
            if (ok) return true;
        }
        return false;
    }

    function _startsWith(bytes memory s, bytes memory prefix) internal pure returns (bool) {
        if (prefix.length > s.length) return false;
        for (uint256 i = 0; i < prefix.length; ++i) {
            if (s[i] != prefix[i]) return false;
        }
        return true;
    }

    function _slice(bytes memory s, uint256 from) internal pure returns (bytes memory out) {
        out = new bytes(s.length - from);
        for (uint256 i = 0; i < out.length; ++i) {
            out[i] = s[from + i];
        }
    }

    /// @dev Standard base64 (RFC 4648, with padding) decoder.
    function _b64decode(bytes memory s) internal pure returns (bytes memory out) {
        require(s.length % 4 == 0, "b64 length");
        uint256 pad;
        if (s.length > 0 && s[s.length - 1] == "=") ++pad;
        if (s.length > 1 && s[s.length - 2] == "=") ++pad;
        out = new bytes(s.length / 4 * 3 - pad);
        uint256 o;
        for (uint256 i = 0; i < s.length; i += 4) {
            uint256 n = (_b64val(s[i]) << 18) | (_b64val(s[i + 1]) << 12) | (_b64val(s[i + 2]) << 6)
                | _b64val(s[i + 3]);
            for (uint256 k = 0; k < 3; ++k) {
                if (o < out.length) out[o++] = bytes1(uint8(n >> (16 - 8 * k)));
            }
        }
    }

    function _b64val(bytes1 c) internal pure returns (uint256) {
        uint8 x = uint8(c);
        if (x >= 65 && x <= 90) return x - 65;
        if (x >= 97 && x <= 122) return x - 71;
        if (x >= 48 && x <= 57) return x + 4;
        if (c == "+") return 62;
        if (c == "/") return 63;
        if (c == "=") return 0;
        revert("b64 char");
    }

    /// @dev Lower-case RFC 4648 base32 without padding, the inverse of the certificate's.
    function _b32decode(bytes memory s) internal pure returns (bytes memory out) {
        out = new bytes(s.length * 5 / 8);
        uint256 buffer;
        uint256 bits;
        uint256 o;
        for (uint256 i = 0; i < s.length; ++i) {
            uint8 x = uint8(s[i]);
            uint256 v;
            if (x >= 97 && x <= 122) v = x - 97;
            else if (x >= 50 && x <= 55) v = x - 24;
            else revert("b32 char");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = bytes1(uint8(buffer >> bits));
            }
        }
    }

    function _json(uint256 id) internal view returns (bytes memory) {
        bytes memory uri = bytes(cert.tokenURI(id));
        bytes memory prefix = "data:application/json;base64,";
        assertTrue(_startsWith(uri, prefix), "data URI prefix");
        return _b64decode(_slice(uri, prefix.length));
    }

    // ------------------------------------------------------------------ metadata

    function test_Metadata_NameSymbolMarket() public view {
        assertEq(cert.name(), "Gridlight Render Certificate");
        assertEq(cert.symbol(), "GLRC");
        assertEq(address(cert.market()), address(d.market));
        assertEq(cert.MAX_LISTED_NODES(), 16);
        assertTrue(cert.supportsInterface(0x80ac58cd), "ERC-721");
        assertTrue(cert.supportsInterface(0x5b5e139f), "ERC-721 metadata");
    }

    // ------------------------------------------------------------------ mint

    function test_Mint_OnFinalizeToRequester() public {
        uint256 id = _createJob(_jobParams(UNITS, IJobMarket.VerificationMode.SpotCheck));
        uint256[4] memory sizes = [uint256(6), 6, 4, 4];
        address[4] memory who = [nodes[0], nodes[1], nodes[2], nodes[0]];
        for (uint256 i = 0; i < 4; ++i) {
            claims.push(_work(who[i], id, sizes[i], true));
            vm.prank(_verifierOf(claims[i]));
            d.market.submitVerdict(claims[i], true);
        }
        vm.expectEmit(address(cert));
        emit IRenderCertificate.CertificateMinted(id, requester, _expectedRoot());
        d.market.finalizeJob(id);
        assertEq(cert.ownerOf(id), requester);
        assertEq(cert.balanceOf(requester), 1);
        assertEq(d.market.jobOf(id).framesRoot, _expectedRoot());
    }

    function test_RevertWhen_MintNotMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IRenderCertificate.NotMarket.selector, stranger));
        vm.prank(stranger);
        cert.mint(stranger, 1);
    }

    function test_RevertWhen_MintByGovernance() public {
        vm.expectRevert(
            abi.encodeWithSelector(IRenderCertificate.NotMarket.selector, address(d.timelock))
        );
        vm.prank(address(d.timelock));
        cert.mint(address(d.timelock), 1);
    }

    function test_RevertWhen_MintTwiceForJob() public {
        jobId = _completeJob();
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InvalidSender.selector, address(0))
        );
        vm.prank(address(d.market));
        cert.mint(stranger, jobId);
        assertEq(cert.ownerOf(jobId), requester);
    }

    function testFuzz_Mint_OnePerJob(uint256 id, address to) public {
        vm.assume(to != address(0) && to.code.length == 0);
        vm.prank(address(d.market));
        cert.mint(to, id);
        assertEq(cert.ownerOf(id), to);
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InvalidSender.selector, address(0))
        );
        vm.prank(address(d.market));
        cert.mint(to, id);
    }

    // ------------------------------------------------------------------ verifyFrame

    function test_VerifyFrame_EveryFrameTrue() public {
        jobId = _completeJob();
        for (uint256 f = 0; f < UNITS; ++f) {
            assertTrue(
                cert.verifyFrame(jobId, f, _pixelHash(jobId, f), _frameProof(jobId, claims, f)),
                "honest frame verifies"
            );
        }
    }

    function test_VerifyFrame_TamperedHashFalse() public {
        jobId = _completeJob();
        bytes32[] memory proof = _frameProof(jobId, claims, 7);
        assertFalse(cert.verifyFrame(jobId, 7, keccak256("not the pixels"), proof));
    }

    function test_VerifyFrame_WrongIndexFalse() public {
        jobId = _completeJob();
        bytes32[] memory proof = _frameProof(jobId, claims, 7);
        assertFalse(cert.verifyFrame(jobId, 8, _pixelHash(jobId, 7), proof));
        assertFalse(cert.verifyFrame(jobId, 7, _pixelHash(jobId, 8), proof));
    }

    function test_VerifyFrame_TamperedProofFalse() public {
        jobId = _completeJob();
        bytes32[] memory proof = _frameProof(jobId, claims, 3);
        proof[proof.length - 1] = keccak256("sibling");
        assertFalse(cert.verifyFrame(jobId, 3, _pixelHash(jobId, 3), proof));
        assertFalse(cert.verifyFrame(jobId, 3, _pixelHash(jobId, 3), new bytes32[](0)));
    }

    function test_VerifyFrame_IndexBeyondUnitsFalse() public {
        jobId = _completeJob();
        bytes32[] memory proof = _frameProof(jobId, claims, 0);
        assertFalse(cert.verifyFrame(jobId, UNITS, _pixelHash(jobId, UNITS), proof));
        assertFalse(cert.verifyFrame(jobId, type(uint256).max, bytes32(0), proof));
    }

    function testFuzz_VerifyFrame(uint256 frame, bytes32 pixelHash) public {
        jobId = _completeJob();
        frame = bound(frame, 0, UNITS - 1);
        bytes32[] memory proof = _frameProof(jobId, claims, frame);
        bool honest = pixelHash == _pixelHash(jobId, frame);
        assertEq(cert.verifyFrame(jobId, frame, pixelHash, proof), honest);
        assertTrue(cert.verifyFrame(jobId, frame, _pixelHash(jobId, frame), proof));
    }

    function test_RevertWhen_VerifyFrameUnknownCertificate() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 42));
        cert.verifyFrame(42, 0, bytes32(0), new bytes32[](0));
    }

    // ------------------------------------------------------------------ tokenURI

    function test_TokenURI_JsonHasManifestCidAndFramesRoot() public {
        jobId = _completeJob();
        IJobMarket.Job memory job = d.market.jobOf(jobId);
        bytes memory json = _json(jobId);
        assertTrue(_startsWith(json, '{"name":"Gridlight render #'), "JSON object");
        assertEq(uint8(json[json.length - 1]), uint8(bytes1("}")));
        string memory cid = cert.cidFromDigest(sha256("manifest"));
        assertEq(cid, "bafkreiafwov7ev42l23gia6npc7fk76ymbrtuh7cca6hmqqdbxx6gldfp4");
        assertTrue(
            _contains(json, bytes(string.concat('"manifestCid":"', cid, '"'))), "manifest CID"
        );
        assertTrue(
            _contains(
                json,
                bytes(string.concat('"framesRoot":"', uint256(job.framesRoot).toHexString(32), '"'))
            ),
            "frames root"
        );
        assertTrue(_contains(json, bytes(string.concat('"frames":', uint256(UNITS).toString()))));
        assertTrue(_contains(json, '"verification":"spot-check"'));
        assertTrue(
            _contains(
                json, bytes(string.concat('"completedAt":', uint256(job.completedAt).toString()))
            )
        );
        assertTrue(_contains(json, '"image":"data:image/svg+xml;base64,'));
    }

    function test_TokenURI_ListsEachAcceptedNodeOnce() public {
        jobId = _completeJob();
        bytes memory json = _json(jobId);
        string memory expected = string.concat(
            '"nodes":["',
            nodes[0].toHexString(),
            '","',
            nodes[1].toHexString(),
            '","',
            nodes[2].toHexString(),
            '"]'
        );
        assertTrue(_contains(json, bytes(expected)), "nodes 0,1,2 once each, in order");
        assertFalse(_contains(json, bytes(nodes[3].toHexString())));
    }

    function test_TokenURI_ListsAtMostSixteenNodes() public {
        for (uint256 i = 6; i < 18; ++i) {
            address n = makeAddr(string.concat("node", vm.toString(i)));
            nodes.push(n);
            _setupNode(n, NODE_STAKE, 5000);
        }
        uint256 id = _createJob(_jobParams(18, IJobMarket.VerificationMode.SpotCheck));
        for (uint256 i = 0; i < 18; ++i) {
            claims.push(_work(nodes[i], id, 1, true));
        }
        for (uint256 i = 0; i < 18; ++i) {
            vm.prank(_verifierOf(claims[i]));
            d.market.submitVerdict(claims[i], true);
        }
        d.market.finalizeJob(id);
        bytes memory json = _json(id);
        for (uint256 i = 0; i < 18; ++i) {
            assertTrue(
                _contains(json, bytes(nodes[i].toHexString())) == (i < 16), "first 16 listed"
            );
        }
        assertTrue(cert.verifyFrame(id, 17, _pixelHash(id, 17), _frameProof(id, claims, 17)));
    }

    function test_TokenURI_ReplicatedModeName() public {
        uint256 id = _createJob(_jobParams(4, IJobMarket.VerificationMode.Replicated));
        for (uint256 i = 0; i < 3; ++i) {
            claims.push(_work(nodes[i], id, 4, true));
        }
        d.market.finalizeJob(id);
        assertEq(cert.ownerOf(id), requester);
        bytes memory json = _json(id);
        assertTrue(_contains(json, '"verification":"replicated"'));
        uint256[] memory first = new uint256[](1);
        first[0] = claims[0];
        for (uint256 f = 0; f < 4; ++f) {
            assertTrue(cert.verifyFrame(id, f, _pixelHash(id, f), _frameProof(id, first, f)));
        }
    }

    function test_RevertWhen_TokenURIUnknownCertificate() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 7));
        cert.tokenURI(7);
    }

    function test_ManifestCid_OfJob() public {
        jobId = _completeJob();
        assertEq(cert.manifestCid(jobId), cert.cidFromDigest(sha256("manifest")));
    }

    function test_RevertWhen_ManifestCidUnknownCertificate() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 3));
        cert.manifestCid(3);
    }

    // ------------------------------------------------------------------ cidFromDigest

    function test_CidFromDigest_KnownAnswers() public view {
        // Raw-codec CIDv1 of the empty block and of "hello world", as `ipfs add --raw-leaves`.
        assertEq(
            cert.cidFromDigest(sha256("")),
            "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"
        );
        assertEq(
            cert.cidFromDigest(sha256("hello world")),
            "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"
        );
        assertEq(
            cert.cidFromDigest(bytes32(0)),
            "bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        );
        assertEq(
            cert.cidFromDigest(bytes32(type(uint256).max)),
            "bafkreih777777777777777777777777777777777777777777777777774"
        );
    }

    function testFuzz_CidFromDigest_RoundTrips(bytes32 digest) public view {
        bytes memory cid = bytes(cert.cidFromDigest(digest));
        // "b" + ceil(36 * 8 / 5) base32 characters.
        assertEq(cid.length, 59);
        assertTrue(_startsWith(cid, "bafkrei"), "raw codec, sha2-256 prefix");
        bytes memory raw = _b32decode(_slice(cid, 1));
        assertEq(raw.length, 36);
        assertEq(uint8(raw[0]), 0x01);
        assertEq(uint8(raw[1]), 0x55);
        assertEq(uint8(raw[2]), 0x12);
        assertEq(uint8(raw[3]), 0x20);
        bytes32 back;
        assembly {
            back := mload(add(raw, 36))
        }
        assertEq(back, digest);
    }

    /// @dev The decoder used above is itself checked against a known-answer vector.
    function test_B64Decode_KnownAnswer() public pure {
        assertEq(_b64decode("aGVsbG8gd29ybGQ="), bytes("hello world"));
        assertEq(_b64decode("YQ=="), bytes("a"));
    }

    function test_FrameLeaf_MatchesFrameTree() public pure {
        assertEq(
            FrameTree.leaf(3, bytes32(uint256(7))),
            keccak256(bytes.concat(keccak256(abi.encode(uint256(3), bytes32(uint256(7))))))
        );
    }
}
