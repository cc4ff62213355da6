// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IDIDRegistry} from "../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {ILicenseRegistry} from "../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {LicenseFixture} from "../support/LicenseFixture.sol";

contract LicenseRegistryFuzzTest is LicenseFixture {
    // ------------------------------------------------------------------ references

    /// @dev The region rule, written independently of the contract: two uppercase ASCII letters
    /// (the global code "ZZ" is among them).
    function _validRegion(bytes2 region) internal pure returns (bool) {
        return uint8(region[0]) >= 0x41 && uint8(region[0]) <= 0x5a && uint8(region[1]) >= 0x41
            && uint8(region[1]) <= 0x5a;
    }

    /// @dev floor(price * bps / 10000) without overflow, by splitting the price into 128-bit halves:
    /// price * bps = (high * bps) * 2^128 + low * bps, and (high * bps) = q * 10000 + r.
    function _royaltyReference(uint256 price, uint256 bps) internal pure returns (uint256) {
        uint256 high = price >> 128;
        uint256 low = price & type(uint128).max;
        uint256 upper = high * bps; // < 2^142
        uint256 q = upper / 10_000;
        uint256 r = upper % 10_000;
        // r * 2^128 + low * bps < 10000 * 2^128 + 2^128 * 2^14 < 2^143
        return (q << 128) + ((r << 128) + low * bps) / 10_000;
    }

    function _region(uint8 a, uint8 b) internal pure returns (bytes2) {
        return bytes2((uint16(a) << 8) | uint16(b));
    }

    // ------------------------------------------------------------------ royalty bounds

    function testFuzz_IssueRoyalty_OkIffAtMostTenThousand(uint16 bps) public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.royaltyBps = bps;
        if (bps <= 10_000) {
            uint256 id = _issue(request);
            vm.assertEq(registry.getLicense(id).royaltyBps, bps, "stored");
        } else {
            vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidRoyalty.selector, bps, 10_000));
            vm.prank(ISSUER);
            registry.issueLicense(request);
        }
    }

    function testFuzz_SublicenseRoyalty_OkIffAtMostTheParents(uint16 parentSeed, uint16 childBps) public {
        uint16 parentBps = uint16(bound(parentSeed, 0, 10_000));
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.royaltyBps = parentBps;
        uint256 parentId = _issueActive(request);
        if (childBps <= parentBps) {
            uint256 childId = _sublicense(parentId, HOLDER2_DID, childBps, T0 + 10);
            vm.assertEq(registry.getLicense(childId).royaltyBps, childBps, "stored");
            (, uint256 amount) = registry.royaltyInfo(childId, 10_000);
            vm.assertEq(amount, childBps, "child royalty applies");
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(ILicenseRegistry.InvalidRoyalty.selector, childBps, parentBps)
            );
            vm.prank(HOLDER);
            registry.createSublicense(parentId, HOLDER2_DID, childBps, T0 + 10);
        }
    }

    // ------------------------------------------------------------------ royaltyInfo

    function testFuzz_RoyaltyInfo_IsTheExactFloor(uint256 price, uint16 bpsSeed) public {
        uint16 bps = uint16(bound(bpsSeed, 0, 10_000));
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.royaltyBps = bps;
        uint256 id = _issue(request);
        (address receiver, uint256 amount) = registry.royaltyInfo(id, price);
        vm.assertEq(receiver, ISSUER, "receiver");
        vm.assertEq(amount, _royaltyReference(price, bps), "split reference");
        vm.assertEq(amount, Math.mulDiv(price, bps, 10_000), "512-bit mulDiv");
        vm.assertLe(amount, price, "never more than the price");
        if (price <= type(uint256).max / 10_000) {
            vm.assertEq(amount, price * bps / 10_000, "naive when safe");
        }
    }

    function testFuzz_RoyaltyInfo_NearTheTopOfUint256(uint256 offset, uint16 bpsSeed) public {
        uint256 price = type(uint256).max - bound(offset, 0, 1_000_000);
        testFuzz_RoyaltyInfo_IsTheExactFloor(price, bpsSeed);
    }

    // ------------------------------------------------------------------ expiry bounds

    function testFuzz_IssueExpiry_OkIffInTheFuture(uint64 expiresAt, uint64 nowSeed) public {
        uint64 timestamp = uint64(bound(nowSeed, 1, type(uint64).max - 1));
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.expiresAt = expiresAt;
        vm.warp(timestamp);
        if (expiresAt > timestamp) {
            uint256 id = _issue(request);
            vm.assertEq(registry.getLicense(id).expiresAt, expiresAt, "stored");
            vm.assertEq(registry.getLicense(id).issuedAt, timestamp, "issuedAt");
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ILicenseRegistry.InvalidExpiry.selector, expiresAt, timestamp, type(uint64).max
                )
            );
            vm.prank(ISSUER);
            registry.issueLicense(request);
        }
    }

    function testFuzz_Expiry_BoundaryIsInclusive(uint64 lifetimeSeed, uint64 elapsedSeed) public {
        uint64 lifetime = uint64(bound(lifetimeSeed, 1, 100 * 365 days));
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.expiresAt = T0 + lifetime;
        uint256 id = _issueActive(request);
        uint64 elapsed = uint64(bound(elapsedSeed, 0, 2 * uint256(lifetime) + 10));
        vm.warp(T0 + elapsed);
        bool live = T0 + elapsed <= request.expiresAt;
        vm.assertEq(
            uint256(registry.stateOf(id)),
            uint256(live ? ILicenseRegistry.LicenseState.Active : ILicenseRegistry.LicenseState.Expired),
            "Active through expiresAt, Expired after"
        );
        vm.assertEq(registry.isUsable(id), live, "usable iff live");
        if (!live) {
            vm.expectRevert(
                abi.encodeWithSelector(ILicenseRegistry.LicenseHasExpired.selector, id, request.expiresAt)
            );
        }
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);
    }

    function testFuzz_SublicenseExpiry_OkIffAfterNowAndWithinTheParent(uint64 childExpiry, uint64 elapsedSeed)
        public
    {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint64 parentExpiry = T0 + DURATION;
        uint64 timestamp = T0 + uint64(bound(elapsedSeed, 0, DURATION));
        vm.warp(timestamp);
        if (childExpiry > timestamp && childExpiry <= parentExpiry) {
            uint256 childId = _sublicense(parentId, HOLDER2_DID, 0, childExpiry);
            vm.assertEq(registry.getLicense(childId).expiresAt, childExpiry, "stored");
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ILicenseRegistry.InvalidExpiry.selector, childExpiry, timestamp, parentExpiry
                )
            );
            vm.prank(HOLDER);
            registry.createSublicense(parentId, HOLDER2_DID, 0, childExpiry);
        }
    }

    function testFuzz_RenewExpiry_OkIffAfterNowAndTheCurrentExpiry(uint64 newExpiry, uint64 elapsedSeed)
        public
    {
        uint256 id = _issueActive(HOLDER_DID);
        uint64 previous = T0 + DURATION;
        uint64 timestamp = T0 + uint64(bound(elapsedSeed, 0, 3 * uint256(DURATION)));
        vm.warp(timestamp);
        uint64 earliest = previous > timestamp ? previous : timestamp;
        if (newExpiry > earliest) {
            vm.prank(ISSUER);
            registry.renewLicense(id, newExpiry);
            vm.assertEq(registry.getLicense(id).expiresAt, newExpiry, "renewed");
            vm.assertEq(uint256(registry.stateOf(id)), uint256(ILicenseRegistry.LicenseState.Active), "live");
        } else {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ILicenseRegistry.InvalidExpiry.selector, newExpiry, earliest, type(uint64).max
                )
            );
            vm.prank(ISSUER);
            registry.renewLicense(id, newExpiry);
        }
    }

    // ------------------------------------------------------------------ region codes

    function testFuzz_Region_ValidIffTwoUppercaseLetters(bytes2 region) public {
        _checkRegion(region);
    }

    /// @dev Same rule, with both bytes drawn around the uppercase range so that edges ('@', '[') and
    /// valid codes come up often.
    function testFuzz_Region_AroundTheUppercaseRange(uint8 a, uint8 b) public {
        _checkRegion(_region(uint8(bound(a, 0x3f, 0x5c)), uint8(bound(b, 0x3f, 0x5c))));
    }

    function _checkRegion(bytes2 region) internal {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.jurisdiction.region = region;
        vm.assertEq(dids.isValidRegion(region), _validRegion(region), "the DID registry agrees");
        if (_validRegion(region)) {
            uint256 id = _issue(request);
            vm.assertEq(bytes32(registry.getLicense(id).jurisdiction.region), bytes32(region), "stored");
        } else {
            vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidJurisdiction.selector, region));
            vm.prank(ISSUER);
            registry.issueLicense(request);
        }
    }

    /// @dev Allowed regions: more than 16 is refused with a zero code, else the first invalid code is
    /// named, else the set round-trips and admits the holder iff it contains the holder's region.
    function testFuzz_AllowedRegions(bytes2[] memory allowed, uint8 lengthSeed, uint8 holderSeed) public {
        _shapeRegions(allowed, lengthSeed);
        bytes32[3] memory holders = [HOLDER_DID, HOLDER2_DID, HOLDER3_DID];
        bytes2[3] memory holderRegions = [US, FR, JP];
        uint256 h = bound(holderSeed, 0, 2);
        ILicenseRegistry.IssueRequest memory request = _request(holders[h]);
        request.jurisdiction.allowedRegions = allowed;

        bytes memory expected = _expectedRegionError(allowed, holders[h], holderRegions[h]);
        if (expected.length != 0) {
            vm.expectRevert(expected);
            vm.prank(ISSUER);
            registry.issueLicense(request);
            return;
        }
        uint256 id = _issue(request);
        bytes2[] memory stored = registry.getLicense(id).jurisdiction.allowedRegions;
        vm.assertEq(stored.length, allowed.length, "count round-trips");
        for (uint256 i = 0; i < allowed.length; i++) {
            vm.assertEq(bytes32(stored[i]), bytes32(allowed[i]), "code round-trips");
        }
    }

    /// @dev Cuts `allowed` to at most 17 codes and makes most of them valid codes drawn from a few
    /// letters, so that every branch (too many, invalid, admitted, refused) runs often.
    function _shapeRegions(bytes2[] memory allowed, uint8 lengthSeed) internal pure {
        uint256 length = bound(lengthSeed, 0, 17);
        if (allowed.length > length) {
            assembly {
                mstore(allowed, length)
            }
        }
        bytes4 firsts = "UFJD";
        bytes4 lasts = "SRPE";
        for (uint256 i = 0; i < allowed.length; i++) {
            if (uint8(allowed[i][0]) % 8 != 0) {
                allowed[i] =
                    _region(uint8(firsts[uint8(allowed[i][0]) % 4]), uint8(lasts[uint8(allowed[i][1]) % 4]));
            }
        }
    }

    /// @dev The revert data the rule predicts for issuing to a holder in `holderRegion`, or nothing.
    function _expectedRegionError(bytes2[] memory allowed, bytes32 holderDid, bytes2 holderRegion)
        internal
        pure
        returns (bytes memory)
    {
        if (allowed.length > 16) {
            return abi.encodeWithSelector(ILicenseRegistry.InvalidJurisdiction.selector, bytes2(0));
        }
        bool contains = false;
        for (uint256 i = 0; i < allowed.length; i++) {
            if (!_validRegion(allowed[i])) {
                return abi.encodeWithSelector(ILicenseRegistry.InvalidJurisdiction.selector, allowed[i]);
            }
            if (allowed[i] == holderRegion) contains = true;
        }
        if (allowed.length == 0 || contains) return "";
        return
            abi.encodeWithSelector(ILicenseRegistry.HolderRegionNotAllowed.selector, holderDid, holderRegion);
    }

    // ------------------------------------------------------------------ risk gate

    function testFuzz_SetRiskThreshold_OkIffOneToHundred(uint8 threshold) public {
        vm.prank(ADMIN);
        if (threshold >= 1 && threshold <= 100) {
            registry.setRiskThreshold(threshold);
            vm.assertEq(registry.riskThreshold(), threshold, "set");
        } else {
            vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidScore.selector, threshold));
            registry.setRiskThreshold(threshold);
        }
    }

    function testFuzz_RecordHolderRisk_OkIffAtMostHundred(bytes32 didHash, uint8 score) public {
        vm.prank(COMPLIANCE);
        if (score <= 100) {
            registry.recordHolderRisk(didHash, score);
            vm.assertEq(registry.riskScoreOf(didHash), score, "recorded");
        } else {
            vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidScore.selector, score));
            registry.recordHolderRisk(didHash, score);
        }
    }

    /// @dev Issue, activate, transfer and sublicense pass the gate iff the score is below the threshold.
    function testFuzz_RiskGate_ScoreBelowThreshold(uint8 scoreSeed, uint8 thresholdSeed) public {
        uint8 score = uint8(bound(scoreSeed, 0, 100));
        uint8 threshold = uint8(bound(thresholdSeed, 1, 100));
        bool passes = score < threshold;
        bytes memory failure = abi.encodeWithSelector(
            ILicenseRegistry.ComplianceFailed.selector, HOLDER2_DID, score, IDIDRegistry.Status.Valid
        );

        // Prepared while HOLDER2 is clean: a draft for HOLDER2 and an active license of HOLDER.
        uint256 draft = _issueDraft(HOLDER2_DID);
        uint256 active = _issueActive(HOLDER_DID);
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER2_DID);

        vm.prank(ADMIN);
        registry.setRiskThreshold(threshold);
        _setRisk(HOLDER2_DID, score);

        if (!passes) vm.expectRevert(failure);
        vm.prank(ISSUER);
        registry.issueLicense(request);

        if (!passes) vm.expectRevert(failure);
        vm.prank(ISSUER);
        registry.activateLicense(draft);

        if (!passes) vm.expectRevert(failure);
        vm.prank(HOLDER);
        registry.createSublicense(active, HOLDER2_DID, 0, T0 + 10);

        if (!passes) vm.expectRevert(failure);
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, active);
        vm.assertEq(registry.ownerOf(active), passes ? HOLDER2 : HOLDER, "moved iff compliant");
    }

    // ------------------------------------------------------------------ ids

    function testFuzz_ComputeLicenseId_IsKeccakOfTheEncodedTriple(
        bytes32 issuerDid,
        bytes32 holderDid,
        uint256 nonce
    ) public view {
        vm.assertEq(
            registry.computeLicenseId(issuerDid, holderDid, nonce),
            uint256(keccak256(abi.encode(issuerDid, holderDid, nonce))),
            "formula"
        );
    }

    function testFuzz_IssuedIds_FollowTheNonce(uint8 countSeed, uint256 holderSeeds) public {
        uint256 count = bound(countSeed, 1, 8);
        bytes32[3] memory holders = [HOLDER_DID, HOLDER2_DID, HOLDER3_DID];
        uint256[] memory ids = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            bytes32 holderDid = holders[(holderSeeds >> (2 * i)) % 3];
            ids[i] = _issueDraft(holderDid);
            vm.assertEq(ids[i], registry.computeLicenseId(ISSUER_DID, holderDid, i), "id of nonce i");
            vm.assertEq(registry.getLicense(ids[i]).holderDid, holderDid, "holder");
            for (uint256 j = 0; j < i; j++) {
                vm.assertNotEq(ids[i], ids[j], "distinct");
            }
        }
        vm.assertEq(registry.nextNonce(ISSUER_DID), count, "nonce");
        vm.assertEq(registry.licensesOfIssuer(ISSUER_DID, 0, count), ids, "issuer index in order");
    }
}
