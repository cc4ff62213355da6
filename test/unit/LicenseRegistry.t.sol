// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IDIDRegistry} from "../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {ILicenseRegistry} from "../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {LicenseRegistry} from "../../contracts/solidity/licensing/LicenseRegistry.sol";
import {LicenseFixture} from "../support/LicenseFixture.sol";

contract LicenseRegistryTest is LicenseFixture {
    ILicenseRegistry.LicenseState internal constant DRAFT = ILicenseRegistry.LicenseState.Draft;
    ILicenseRegistry.LicenseState internal constant ACTIVE = ILicenseRegistry.LicenseState.Active;
    ILicenseRegistry.LicenseState internal constant SUSPENDED = ILicenseRegistry.LicenseState.Suspended;
    ILicenseRegistry.LicenseState internal constant REVOKED = ILicenseRegistry.LicenseState.Revoked;
    ILicenseRegistry.LicenseState internal constant EXPIRED = ILicenseRegistry.LicenseState.Expired;

    /// @dev A fresh address for rotations; controls no DID until it receives one.
    address internal constant NEW_ADDRESS = address(0x4E77);

    // ------------------------------------------------------------------ helpers

    function _err(bytes4 selector, uint256 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, id);
    }

    function _invalidState(uint256 id, ILicenseRegistry.LicenseState state)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(ILicenseRegistry.InvalidState.selector, id, state);
    }

    function _notAuthorized(address caller, uint256 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ILicenseRegistry.NotAuthorized.selector, caller, id);
    }

    function _hasExpired(uint256 id, uint64 expiresAt) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ILicenseRegistry.LicenseHasExpired.selector, id, expiresAt);
    }

    function _compliance(bytes32 didHash, uint8 score, IDIDRegistry.Status status)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(ILicenseRegistry.ComplianceFailed.selector, didHash, score, status);
    }

    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }

    function _assertState(uint256 id, ILicenseRegistry.LicenseState expected, string memory message)
        internal
        view
    {
        vm.assertEq(uint256(registry.stateOf(id)), uint256(expected), message);
    }

    function _assertHistoryEntry(
        ILicenseRegistry.StateChange memory change,
        ILicenseRegistry.LicenseState state,
        uint256 at,
        string memory message
    ) internal pure {
        vm.assertEq(uint256(change.state), uint256(state), string.concat(message, ": state"));
        vm.assertEq(change.at, at, string.concat(message, ": at"));
    }

    function _expiresAt(uint256 id) internal view returns (uint64) {
        return registry.getLicense(id).expiresAt;
    }

    function _nonRenewable(bytes32 holderDid)
        internal
        view
        returns (ILicenseRegistry.IssueRequest memory request)
    {
        request = _request(holderDid);
        request.renewable = false;
    }

    // ------------------------------------------------------------------ deployment

    function test_Constructor_SetsAdminThresholdRegistryAndConstants() public view {
        vm.assertTrue(registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), ADMIN), "admin");
        vm.assertEq(registry.riskThreshold(), 80, "default threshold");
        vm.assertEq(registry.DEFAULT_RISK_THRESHOLD(), 80, "DEFAULT_RISK_THRESHOLD");
        vm.assertEq(address(registry.didRegistry()), address(dids), "did registry");
        vm.assertEq(registry.MAX_ROYALTY_BPS(), 10_000, "max royalty");
        vm.assertEq(registry.MAX_SUBLICENSE_DEPTH(), 1, "depth");
        vm.assertEq(registry.ISSUER_ROLE(), keccak256("CHLOM_ISSUER_ROLE"), "issuer role");
        vm.assertEq(registry.COMPLIANCE_ROLE(), keccak256("CHLOM_COMPLIANCE_ROLE"), "compliance role");
        vm.assertEq(registry.ENFORCEMENT_ROLE(), keccak256("CHLOM_ENFORCEMENT_ROLE"), "enforcement role");
        vm.assertEq(registry.name(), "CHLOM Smart License", "name");
        vm.assertEq(registry.symbol(), "CHLOM-L", "symbol");
    }

    function test_RevertWhen_ConstructorGetsZeroAdminOrRegistry() public {
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidAccount.selector, address(0)));
        new LicenseRegistry(address(0), dids);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidAccount.selector, address(0)));
        new LicenseRegistry(ADMIN, IDIDRegistry(address(0)));
    }

    // ------------------------------------------------------------------ issueLicense

    function test_IssueLicense_MintsADraftAndEmits() public {
        uint256 expectedId = uint256(keccak256(abi.encode(ISSUER_DID, HOLDER_DID, uint256(0))));
        vm.assertEq(registry.computeLicenseId(ISSUER_DID, HOLDER_DID, 0), expectedId, "computeLicenseId");
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);

        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseIssued(expectedId, ISSUER_DID, HOLDER_DID);
        vm.expectEmit(address(registry));
        emit IERC721.Transfer(address(0), HOLDER, expectedId);
        vm.prank(ISSUER);
        uint256 id = registry.issueLicense(request);

        vm.assertEq(id, expectedId, "id formula");
        vm.assertEq(registry.ownerOf(id), HOLDER, "minted to the holder DID's controller");
        vm.assertEq(registry.balanceOf(HOLDER), 1, "balance");
        vm.assertEq(registry.nextNonce(ISSUER_DID), 1, "nonce advanced");
        vm.assertFalse(registry.isUsable(id), "a draft is not usable");
        vm.assertEq(registry.tokenURI(id), TERMS, "tokenURI");

        ILicenseRegistry.License memory license = registry.getLicense(id);
        vm.assertEq(license.id, id, "id");
        vm.assertEq(license.parentId, 0, "parentId");
        vm.assertEq(license.issuerDid, ISSUER_DID, "issuerDid");
        vm.assertEq(license.holderDid, HOLDER_DID, "holderDid");
        vm.assertEq(license.holder, HOLDER, "holder");
        vm.assertEq(uint256(license.licenseType), uint256(ILicenseRegistry.LicenseType.Standard), "type");
        vm.assertEq(bytes32(license.jurisdiction.region), bytes32(US), "region");
        vm.assertEq(license.jurisdiction.lawRef, LAW_REF, "lawRef");
        vm.assertEq(license.jurisdiction.allowedRegions.length, 0, "unrestricted");
        vm.assertEq(license.issuedAt, T0, "issuedAt");
        vm.assertEq(license.expiresAt, T0 + DURATION, "expiresAt");
        vm.assertEq(license.royaltyBps, 500, "royalty");
        vm.assertEq(uint256(license.state), uint256(DRAFT), "state");
        vm.assertTrue(license.renewable, "renewable");
        vm.assertTrue(license.sublicensable, "sublicensable");
        vm.assertFalse(license.frozen, "frozen");
        vm.assertEq(license.depth, 0, "depth");
        vm.assertEq(license.revokedBy, address(0), "revokedBy");
        vm.assertEq(license.termsUri, TERMS, "terms");

        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        vm.assertEq(history.length, 1, "one history entry");
        _assertHistoryEntry(history[0], DRAFT, T0, "issuance");
        uint256[] memory issued = registry.licensesOfIssuer(ISSUER_DID, 0, 10);
        vm.assertEq(issued.length, 1, "issuer index");
        vm.assertEq(issued[0], id, "issuer index id");
    }

    function test_IssueLicense_StoresEveryLicenseTypeButSublicense() public {
        for (uint8 t = 0; t <= uint8(type(ILicenseRegistry.LicenseType).max); t++) {
            if (t == uint8(ILicenseRegistry.LicenseType.Sublicense)) continue;
            ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
            request.licenseType = ILicenseRegistry.LicenseType(t);
            request.renewable = t % 2 == 0;
            request.sublicensable = t % 3 == 0;
            uint256 id = _issue(request);
            ILicenseRegistry.License memory license = registry.getLicense(id);
            vm.assertEq(uint256(license.licenseType), t, "type stored");
            vm.assertEq(license.renewable, t % 2 == 0, "renewable stored");
            vm.assertEq(license.sublicensable, t % 3 == 0, "sublicensable stored");
        }
    }

    function test_IssueLicense_IdsFollowTheIssuerNonce() public {
        uint256 first = _issueDraft(HOLDER_DID);
        uint256 second = _issueDraft(HOLDER2_DID);
        uint256 third = _issueDraft(HOLDER_DID);
        vm.assertEq(first, registry.computeLicenseId(ISSUER_DID, HOLDER_DID, 0), "nonce 0");
        vm.assertEq(second, registry.computeLicenseId(ISSUER_DID, HOLDER2_DID, 1), "nonce 1");
        vm.assertEq(third, registry.computeLicenseId(ISSUER_DID, HOLDER_DID, 2), "nonce 2");
        vm.assertEq(third, uint256(keccak256(abi.encode(ISSUER_DID, HOLDER_DID, uint256(2)))), "formula");
        vm.assertNotEq(first, third, "same pair, new nonce, new id");
        vm.assertEq(registry.nextNonce(ISSUER_DID), 3, "issuer nonce");
        vm.assertEq(registry.balanceOf(HOLDER), 2, "holder balance");

        // Another issuer counts from zero.
        vm.assertEq(registry.nextNonce(ISSUER2_DID), 0, "issuer2 fresh");
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.issuerDid = ISSUER2_DID;
        uint256 fourth = _issue(request);
        vm.assertEq(fourth, registry.computeLicenseId(ISSUER2_DID, HOLDER_DID, 0), "issuer2 nonce 0");
        vm.assertEq(registry.nextNonce(ISSUER2_DID), 1, "issuer2 nonce");
        vm.assertEq(registry.nextNonce(ISSUER_DID), 3, "issuer nonce unchanged");
        vm.assertEq(registry.nextNonce(HOLDER_DID), 0, "a holder has issued nothing");
    }

    function test_IssueLicense_StoresARestrictedJurisdiction() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER2_DID);
        request.jurisdiction.region = "FR";
        request.jurisdiction.lawRef = bytes32(0);
        request.jurisdiction.allowedRegions = _regions("US", "FR");
        uint256 id = _issue(request);
        ILicenseRegistry.Jurisdiction memory jurisdiction = registry.getLicense(id).jurisdiction;
        vm.assertEq(bytes32(jurisdiction.region), bytes32(FR), "region");
        vm.assertEq(jurisdiction.lawRef, bytes32(0), "no law reference");
        vm.assertEq(jurisdiction.allowedRegions.length, 2, "two regions");
        vm.assertEq(bytes32(jurisdiction.allowedRegions[0]), bytes32(US), "first");
        vm.assertEq(bytes32(jurisdiction.allowedRegions[1]), bytes32(FR), "second");
    }

    function test_IssueLicense_AcceptsSixteenAllowedRegionsAndTheGlobalCode() public {
        bytes32 globalDid = _registerValid(address(0x6106), "did:chlom:global", "ZZ");
        ILicenseRegistry.IssueRequest memory request = _request(globalDid);
        request.jurisdiction.region = "ZZ";
        bytes2 first = "AA";
        bytes2[16] memory codes =
            [first, "BB", "CC", "DD", "EE", "FF", "GG", "HH", "II", "JJ", "KK", "LL", "MM", "NN", "OO", "ZZ"];
        bytes2[] memory allowed = new bytes2[](16);
        for (uint256 i = 0; i < 16; i++) {
            allowed[i] = codes[i];
        }
        request.jurisdiction.allowedRegions = allowed;
        uint256 id = _issue(request);

        ILicenseRegistry.Jurisdiction memory jurisdiction = registry.getLicense(id).jurisdiction;
        vm.assertEq(bytes32(jurisdiction.region), bytes32(ZZ), "global region");
        vm.assertEq(jurisdiction.allowedRegions.length, 16, "sixteen regions");
        for (uint256 i = 0; i < 16; i++) {
            vm.assertEq(bytes32(jurisdiction.allowedRegions[i]), bytes32(allowed[i]), "region round-trips");
        }
        vm.assertEq(registry.ownerOf(id), address(0x6106), "global holder admitted by ZZ");
    }

    function test_RevertWhen_IssuerLacksTheRole() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        vm.expectRevert(_unauthorized(STRANGER, issuerRole));
        vm.prank(STRANGER);
        registry.issueLicense(request);
        // A Valid DID is not enough without the role, even for its own DID.
        request.issuerDid = HOLDER_DID;
        vm.expectRevert(_unauthorized(HOLDER, issuerRole));
        vm.prank(HOLDER);
        registry.issueLicense(request);
    }

    function test_RevertWhen_IssuerDoesNotControlTheIssuerDid() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.issuerDid = ISSUER2_DID;
        vm.expectRevert(_notAuthorized(ISSUER, 0));
        vm.prank(ISSUER);
        registry.issueLicense(request);

        request.issuerDid = bytes32(0);
        vm.expectRevert(_notAuthorized(ISSUER, 0));
        vm.prank(ISSUER);
        registry.issueLicense(request);

        // A role holder without a DID cannot issue even for the zero DID.
        vm.prank(ADMIN);
        registry.grantRole(issuerRole, STRANGER);
        vm.expectRevert(_notAuthorized(STRANGER, 0));
        vm.prank(STRANGER);
        registry.issueLicense(request);
    }

    function test_RevertWhen_IssuingASublicenseType() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.licenseType = ILicenseRegistry.LicenseType.Sublicense;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.InvalidLicenseType.selector, ILicenseRegistry.LicenseType.Sublicense
            )
        );
        vm.prank(ISSUER);
        registry.issueLicense(request);
    }

    function _expectInvalidJurisdiction(ILicenseRegistry.IssueRequest memory request, bytes2 reported)
        internal
    {
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidJurisdiction.selector, reported));
        vm.prank(ISSUER);
        registry.issueLicense(request);
    }

    function test_RevertWhen_RegionCodeIsInvalid() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.jurisdiction.region = "us";
        _expectInvalidJurisdiction(request, "us");
        request.jurisdiction.region = bytes2(0);
        _expectInvalidJurisdiction(request, bytes2(0));
        request.jurisdiction.region = "U1";
        _expectInvalidJurisdiction(request, "U1");
        request.jurisdiction.region = "@Z";
        _expectInvalidJurisdiction(request, "@Z");
        request.jurisdiction.region = "Z[";
        _expectInvalidJurisdiction(request, "Z[");
    }

    function test_RevertWhen_AnAllowedRegionIsInvalid() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.jurisdiction.allowedRegions = _regions("US", "fr");
        _expectInvalidJurisdiction(request, "fr");
        request.jurisdiction.allowedRegions = _regions(bytes2(0), "US");
        _expectInvalidJurisdiction(request, bytes2(0));
    }

    function test_RevertWhen_MoreThanSixteenAllowedRegions() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        bytes2[] memory allowed = new bytes2[](17);
        for (uint256 i = 0; i < 17; i++) {
            allowed[i] = "US";
        }
        request.jurisdiction.allowedRegions = allowed;
        _expectInvalidJurisdiction(request, bytes2(0));
    }

    function test_RevertWhen_IssueRoyaltyAboveTenThousand() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.royaltyBps = 10_001;
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidRoyalty.selector, 10_001, 10_000));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        request.royaltyBps = type(uint16).max;
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.InvalidRoyalty.selector, type(uint16).max, 10_000)
        );
        vm.prank(ISSUER);
        registry.issueLicense(request);
        request.royaltyBps = 10_000;
        uint256 id = _issue(request);
        vm.assertEq(registry.getLicense(id).royaltyBps, 10_000, "100% is allowed");
    }

    function test_RevertWhen_IssueExpiryIsNotInTheFuture() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.expiresAt = T0;
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.InvalidExpiry.selector, T0, T0, type(uint64).max)
        );
        vm.prank(ISSUER);
        registry.issueLicense(request);
        request.expiresAt = 0;
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.InvalidExpiry.selector, 0, T0, type(uint64).max)
        );
        vm.prank(ISSUER);
        registry.issueLicense(request);
        request.expiresAt = T0 + 1;
        uint256 id = _issue(request);
        vm.assertEq(_expiresAt(id), T0 + 1, "one second ahead is enough");
    }

    function test_RevertWhen_TermsAreEmpty() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.termsUri = "";
        vm.expectRevert(ILicenseRegistry.InvalidTerms.selector);
        vm.prank(ISSUER);
        registry.issueLicense(request);
    }

    function test_RevertWhen_HolderRiskIsAtOrAboveTheThreshold() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        _setRisk(HOLDER_DID, 80);
        vm.expectRevert(_compliance(HOLDER_DID, 80, IDIDRegistry.Status.Valid));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        _setRisk(HOLDER_DID, 100);
        vm.expectRevert(_compliance(HOLDER_DID, 100, IDIDRegistry.Status.Valid));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        _setRisk(HOLDER_DID, 79);
        _issue(request);
    }

    function test_RevertWhen_IssuerIsNotCompliant() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        _setRisk(ISSUER_DID, 95);
        vm.expectRevert(_compliance(ISSUER_DID, 95, IDIDRegistry.Status.Valid));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        _setRisk(ISSUER_DID, 0);
        _setDidStatus(ISSUER_DID, IDIDRegistry.Status.Suspended);
        vm.expectRevert(_compliance(ISSUER_DID, 0, IDIDRegistry.Status.Suspended));
        vm.prank(ISSUER);
        registry.issueLicense(request);
    }

    function test_RevertWhen_HolderDidIsNotValid() public {
        // New
        vm.prank(address(0x7001));
        bytes32 fresh = dids.registerDID("did:chlom:fresh", "US", keccak256("c"));
        ILicenseRegistry.IssueRequest memory request = _request(fresh);
        vm.expectRevert(_compliance(fresh, 0, IDIDRegistry.Status.New));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        // Verified
        _setDidStatus(fresh, IDIDRegistry.Status.Verified);
        vm.expectRevert(_compliance(fresh, 0, IDIDRegistry.Status.Verified));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        // Suspended
        _setDidStatus(fresh, IDIDRegistry.Status.Valid);
        _setDidStatus(fresh, IDIDRegistry.Status.Suspended);
        vm.expectRevert(_compliance(fresh, 0, IDIDRegistry.Status.Suspended));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        // Revoked
        _setDidStatus(fresh, IDIDRegistry.Status.Revoked);
        vm.expectRevert(_compliance(fresh, 0, IDIDRegistry.Status.Revoked));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        // Unregistered
        bytes32 unknown = keccak256("did:chlom:nobody");
        request.holderDid = unknown;
        vm.expectRevert(_compliance(unknown, 0, IDIDRegistry.Status.None));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        vm.assertEq(registry.nextNonce(ISSUER_DID), 0, "nothing issued");
    }

    function test_RevertWhen_IssueHolderRegionIsNotAllowed() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER2_DID);
        request.jurisdiction.allowedRegions = _regions("US", "DE");
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.HolderRegionNotAllowed.selector, HOLDER2_DID, FR)
        );
        vm.prank(ISSUER);
        registry.issueLicense(request);
        request.holderDid = HOLDER_DID;
        uint256 id = _issue(request);
        vm.assertEq(registry.ownerOf(id), HOLDER, "US holder admitted");
    }

    function test_IssueLicense_ChecksRoleAuthorityArgumentsThenCompliance() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.issuerDid = ISSUER2_DID;
        request.royaltyBps = 20_000;
        _setRisk(HOLDER_DID, 100);
        // Role before everything.
        vm.expectRevert(_unauthorized(STRANGER, issuerRole));
        vm.prank(STRANGER);
        registry.issueLicense(request);
        // Authority over the issuer DID before arguments.
        vm.expectRevert(_notAuthorized(ISSUER, 0));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        // Arguments before compliance.
        request.issuerDid = ISSUER_DID;
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidRoyalty.selector, 20_000, 10_000));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        request.royaltyBps = 0;
        vm.expectRevert(_compliance(HOLDER_DID, 100, IDIDRegistry.Status.Valid));
        vm.prank(ISSUER);
        registry.issueLicense(request);
    }

    // ------------------------------------------------------------------ activateLicense

    function test_ActivateLicense_PutsADraftInForce() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.warp(T0 + 10);
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseActivated(id, ISSUER);
        vm.prank(ISSUER);
        registry.activateLicense(id);

        _assertState(id, ACTIVE, "active");
        vm.assertTrue(registry.isUsable(id), "usable");
        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        vm.assertEq(history.length, 2, "two entries");
        _assertHistoryEntry(history[0], DRAFT, T0, "issued");
        _assertHistoryEntry(history[1], ACTIVE, T0 + 10, "activated");
    }

    function test_ActivateLicense_WorksAtTheExpiryInstant() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.warp(T0 + DURATION);
        _activate(id);
        _assertState(id, ACTIVE, "active at expiresAt");
    }

    function test_RevertWhen_ActivateByNonIssuer() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.expectRevert(_notAuthorized(STRANGER, id));
        vm.prank(STRANGER);
        registry.activateLicense(id);
        vm.expectRevert(_notAuthorized(HOLDER, id));
        vm.prank(HOLDER);
        registry.activateLicense(id);
        vm.expectRevert(_notAuthorized(ENFORCER, id));
        vm.prank(ENFORCER);
        registry.activateLicense(id);
        // Another issuer with the role is not this license's issuer.
        vm.expectRevert(_notAuthorized(ISSUER2, id));
        vm.prank(ISSUER2);
        registry.activateLicense(id);
    }

    function test_RevertWhen_ActivateUnknownLicense() public {
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 123));
        vm.prank(ISSUER);
        registry.activateLicense(123);
    }

    function test_RevertWhen_ActivateANonDraft() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_invalidState(id, ACTIVE));
        vm.prank(ISSUER);
        registry.activateLicense(id);
        _suspend(id);
        vm.expectRevert(_invalidState(id, SUSPENDED));
        vm.prank(ISSUER);
        registry.activateLicense(id);
        _revoke(id);
        vm.expectRevert(_err(ILicenseRegistry.AlreadyRevoked.selector, id));
        vm.prank(ISSUER);
        registry.activateLicense(id);
    }

    function test_RevertWhen_ActivateAnExpiredDraft() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.warp(T0 + DURATION + 1);
        vm.expectRevert(_hasExpired(id, T0 + DURATION));
        vm.prank(ISSUER);
        registry.activateLicense(id);
    }

    function test_RevertWhen_ActivateForANonCompliantHolder() public {
        uint256 id = _issueDraft(HOLDER_DID);
        _setRisk(HOLDER_DID, 90);
        vm.expectRevert(_compliance(HOLDER_DID, 90, IDIDRegistry.Status.Valid));
        vm.prank(ISSUER);
        registry.activateLicense(id);
        _setRisk(HOLDER_DID, 0);
        _setDidStatus(HOLDER_DID, IDIDRegistry.Status.Suspended);
        vm.expectRevert(_compliance(HOLDER_DID, 0, IDIDRegistry.Status.Suspended));
        vm.prank(ISSUER);
        registry.activateLicense(id);
    }

    function test_RevertWhen_ActivateForAHolderWithoutADid() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.prank(HOLDER);
        dids.rotateController(HOLDER_DID, NEW_ADDRESS);
        vm.assertEq(registry.getLicense(id).holderDid, bytes32(0), "the old address holds no DID");
        vm.expectRevert(_compliance(bytes32(0), 0, IDIDRegistry.Status.None));
        vm.prank(ISSUER);
        registry.activateLicense(id);
    }

    function test_ActivateLicense_FollowsTheIssuerDidController() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.prank(ISSUER);
        dids.rotateController(ISSUER_DID, NEW_ADDRESS);
        vm.expectRevert(_notAuthorized(ISSUER, id));
        vm.prank(ISSUER);
        registry.activateLicense(id);
        // The new controller is the issuer now, with or without ISSUER_ROLE.
        vm.prank(NEW_ADDRESS);
        registry.activateLicense(id);
        _assertState(id, ACTIVE, "activated by the new controller");
    }

    function test_ActivateLicense_NeedsNoIssuerRole() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.prank(ADMIN);
        registry.revokeRole(issuerRole, ISSUER);
        _activate(id);
        _assertState(id, ACTIVE, "issuer authority comes from the DID");
    }

    // ------------------------------------------------------------------ renewLicense

    function test_RenewLicense_ExtendsTheExpiry() public {
        uint256 id = _issueActive(HOLDER_DID);
        uint64 previous = T0 + DURATION;
        uint64 next = previous + 30 days;
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseRenewed(id, previous, next);
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.prank(ISSUER);
        registry.renewLicense(id, next);
        vm.assertEq(_expiresAt(id), next, "new expiry");
        _assertState(id, ACTIVE, "state unchanged");
        vm.assertEq(registry.stateHistory(id).length, 2, "no history entry for an unexpired renewal");
    }

    function test_RenewLicense_WorksInDraftAndSuspended() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        vm.prank(ISSUER);
        registry.renewLicense(draft, T0 + DURATION + 1);
        _assertState(draft, DRAFT, "still draft");
        vm.assertEq(_expiresAt(draft), T0 + DURATION + 1, "draft renewed");

        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        vm.prank(ISSUER);
        registry.renewLicense(suspended, T0 + DURATION + 2);
        _assertState(suspended, SUSPENDED, "still suspended");
        vm.assertEq(_expiresAt(suspended), T0 + DURATION + 2, "suspended renewed");
    }

    function test_RenewLicense_RevivesAnExpiredRenewableLicense() public {
        uint256 id = _issueActive(HOLDER_DID);
        uint64 expiry = T0 + DURATION;
        vm.warp(expiry + 100);
        _assertState(id, EXPIRED, "expired");
        vm.prank(STRANGER);
        registry.recordExpiry(id);

        // After expiry the new expiry must be after now, not only after the old expiry.
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.InvalidExpiry.selector, expiry + 50, expiry + 100, type(uint64).max
            )
        );
        vm.prank(ISSUER);
        registry.renewLicense(id, expiry + 50);

        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseRenewed(id, expiry, expiry + 1000);
        vm.prank(ISSUER);
        registry.renewLicense(id, expiry + 1000);
        _assertState(id, ACTIVE, "active again");
        vm.assertTrue(registry.isUsable(id), "usable again");

        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        vm.assertEq(history.length, 4, "issued, active, expired, renewed");
        _assertHistoryEntry(history[2], EXPIRED, expiry + 100, "expiry recorded");
        _assertHistoryEntry(history[3], ACTIVE, expiry + 100, "renewal restores the stored state");

        // The new expiry can be recorded in turn.
        vm.warp(expiry + 1001);
        registry.recordExpiry(id);
        history = registry.stateHistory(id);
        vm.assertEq(history.length, 5, "second expiry recorded");
        _assertHistoryEntry(history[4], EXPIRED, expiry + 1001, "second expiry");
    }

    function test_RenewLicense_OfAnExpiredLicenseWithoutRecordedExpiryAddsNoHistory() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.warp(T0 + DURATION + 5);
        vm.prank(ISSUER);
        registry.renewLicense(id, T0 + DURATION + 6);
        _assertState(id, ACTIVE, "active again");
        vm.assertEq(registry.stateHistory(id).length, 2, "nothing recorded");
    }

    function test_RevertWhen_RenewByNonIssuer() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_notAuthorized(HOLDER, id));
        vm.prank(HOLDER);
        registry.renewLicense(id, T0 + DURATION + 1);
        vm.expectRevert(_notAuthorized(ENFORCER, id));
        vm.prank(ENFORCER);
        registry.renewLicense(id, T0 + DURATION + 1);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 7));
        vm.prank(ISSUER);
        registry.renewLicense(7, T0 + DURATION + 1);
    }

    function test_RevertWhen_RenewANonRenewableLicense() public {
        uint256 id = _issueActive(_nonRenewable(HOLDER_DID));
        vm.expectRevert(_err(ILicenseRegistry.NotRenewable.selector, id));
        vm.prank(ISSUER);
        registry.renewLicense(id, T0 + DURATION + 1);
        vm.warp(T0 + DURATION + 1);
        vm.expectRevert(_hasExpired(id, T0 + DURATION));
        vm.prank(ISSUER);
        registry.renewLicense(id, T0 + DURATION + 100);
    }

    function test_RevertWhen_RenewalIsNotLater() public {
        uint256 id = _issueActive(HOLDER_DID);
        uint64 expiry = T0 + DURATION;
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.InvalidExpiry.selector, expiry, expiry, type(uint64).max)
        );
        vm.prank(ISSUER);
        registry.renewLicense(id, expiry);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.InvalidExpiry.selector, expiry - 1, expiry, type(uint64).max
            )
        );
        vm.prank(ISSUER);
        registry.renewLicense(id, expiry - 1);
    }

    function test_RevertWhen_RenewARevokedLicense() public {
        uint256 id = _issueActive(HOLDER_DID);
        _revoke(id);
        vm.expectRevert(_err(ILicenseRegistry.AlreadyRevoked.selector, id));
        vm.prank(ISSUER);
        registry.renewLicense(id, T0 + DURATION + 1);
    }

    // ------------------------------------------------------------------ suspend / reinstate

    function test_SuspendAndReinstate_MoveBetweenActiveAndSuspended() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.warp(T0 + 20);
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseSuspended(id, ENFORCER, "dla-case-42");
        vm.prank(ENFORCER);
        registry.suspendLicense(id, "dla-case-42");
        _assertState(id, SUSPENDED, "suspended");
        vm.assertFalse(registry.isUsable(id), "not usable");

        vm.warp(T0 + 30);
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseReinstated(id, ENFORCER);
        vm.prank(ENFORCER);
        registry.reinstateLicense(id);
        _assertState(id, ACTIVE, "reinstated");
        vm.assertTrue(registry.isUsable(id), "usable");

        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        vm.assertEq(history.length, 4, "entries");
        _assertHistoryEntry(history[2], SUSPENDED, T0 + 20, "suspension");
        _assertHistoryEntry(history[3], ACTIVE, T0 + 30, "reinstatement");
    }

    function test_RevertWhen_SuspendOrReinstateWithoutTheRole() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_unauthorized(ISSUER, enforcementRole));
        vm.prank(ISSUER);
        registry.suspendLicense(id, "");
        vm.expectRevert(_unauthorized(HOLDER, enforcementRole));
        vm.prank(HOLDER);
        registry.reinstateLicense(id);
        // The role is checked before existence.
        vm.expectRevert(_unauthorized(STRANGER, enforcementRole));
        vm.prank(STRANGER);
        registry.suspendLicense(999, "");
    }

    function test_RevertWhen_SuspendOrReinstateInTheWrongState() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.startPrank(ENFORCER);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 999));
        registry.suspendLicense(999, "");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 999));
        registry.reinstateLicense(999);
        vm.expectRevert(_invalidState(id, DRAFT));
        registry.suspendLicense(id, "");
        vm.expectRevert(_invalidState(id, DRAFT));
        registry.reinstateLicense(id);
        vm.stopPrank();
        _activate(id);
        vm.startPrank(ENFORCER);
        vm.expectRevert(_invalidState(id, ACTIVE));
        registry.reinstateLicense(id);
        registry.suspendLicense(id, "");
        vm.expectRevert(_invalidState(id, SUSPENDED));
        registry.suspendLicense(id, "");
        registry.revokeLicense(id, "");
        vm.expectRevert(_err(ILicenseRegistry.AlreadyRevoked.selector, id));
        registry.suspendLicense(id, "");
        vm.expectRevert(_err(ILicenseRegistry.AlreadyRevoked.selector, id));
        registry.reinstateLicense(id);
        vm.stopPrank();
    }

    function test_RevertWhen_SuspendOrReinstateAfterExpiry() public {
        uint256 active = _issueActive(HOLDER_DID);
        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        vm.warp(T0 + DURATION + 1);
        vm.startPrank(ENFORCER);
        vm.expectRevert(_hasExpired(active, T0 + DURATION));
        registry.suspendLicense(active, "");
        vm.expectRevert(_hasExpired(suspended, T0 + DURATION));
        registry.reinstateLicense(suspended);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ revokeLicense

    function test_RevokeLicense_ByEnforcement() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.warp(T0 + 40);
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseRevoked(id, ENFORCER, "fraud");
        vm.prank(ENFORCER);
        registry.revokeLicense(id, "fraud");

        ILicenseRegistry.License memory license = registry.getLicense(id);
        vm.assertEq(uint256(license.state), uint256(REVOKED), "revoked");
        vm.assertEq(license.revokedBy, ENFORCER, "revokedBy");
        vm.assertEq(registry.ownerOf(id), HOLDER, "the token stays with its holder");
        vm.assertFalse(registry.isUsable(id), "not usable");
        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        _assertHistoryEntry(history[history.length - 1], REVOKED, T0 + 40, "revocation");
    }

    function test_RevokeLicense_ByTheIssuerFromDraftAndSuspended() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseRevoked(draft, ISSUER, "withdrawn");
        vm.prank(ISSUER);
        registry.revokeLicense(draft, "withdrawn");
        vm.assertEq(registry.getLicense(draft).revokedBy, ISSUER, "issuer recorded");
        _assertState(draft, REVOKED, "draft revoked");

        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        vm.prank(ISSUER);
        registry.revokeLicense(suspended, "");
        _assertState(suspended, REVOKED, "suspended revoked");

        uint256 frozen = _issueActive(HOLDER_DID);
        _freeze(frozen);
        _revoke(frozen);
        _assertState(frozen, REVOKED, "a frozen license can be revoked");
    }

    function test_RevertWhen_RevokeByHolderOrStranger() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_notAuthorized(HOLDER, id));
        vm.prank(HOLDER);
        registry.revokeLicense(id, "");
        vm.expectRevert(_notAuthorized(STRANGER, id));
        vm.prank(STRANGER);
        registry.revokeLicense(id, "");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 5));
        vm.prank(ENFORCER);
        registry.revokeLicense(5, "");
    }

    function test_RevertWhen_RevokeAnExpiredLicense() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.warp(T0 + DURATION + 1);
        vm.expectRevert(_hasExpired(id, T0 + DURATION));
        vm.prank(ENFORCER);
        registry.revokeLicense(id, "");
        vm.expectRevert(_hasExpired(id, T0 + DURATION));
        vm.prank(ISSUER);
        registry.revokeLicense(id, "");
    }

    function test_Revoked_IsTerminalForEveryCall() public {
        uint256 id = _issueActive(HOLDER_DID);
        _revoke(id);
        bytes memory revoked = _err(ILicenseRegistry.AlreadyRevoked.selector, id);

        vm.expectRevert(revoked);
        vm.prank(ISSUER);
        registry.activateLicense(id);
        vm.expectRevert(revoked);
        vm.prank(ISSUER);
        registry.renewLicense(id, T0 + DURATION + 1);
        vm.expectRevert(revoked);
        vm.prank(ENFORCER);
        registry.suspendLicense(id, "");
        vm.expectRevert(revoked);
        vm.prank(ENFORCER);
        registry.reinstateLicense(id);
        vm.expectRevert(revoked);
        vm.prank(ENFORCER);
        registry.revokeLicense(id, "");
        vm.expectRevert(revoked);
        vm.prank(ISSUER);
        registry.revokeLicense(id, "");
        vm.expectRevert(revoked);
        vm.prank(ISSUER);
        registry.updateTerms(id, "ipfs://new");
        vm.expectRevert(revoked);
        vm.prank(ENFORCER);
        registry.freezeLicense(id);
        vm.expectRevert(revoked);
        vm.prank(ENFORCER);
        registry.unfreezeLicense(id);
        vm.expectRevert(revoked);
        vm.prank(HOLDER);
        registry.createSublicense(id, HOLDER2_DID, 0, T0 + 10);
        vm.expectRevert(revoked);
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);

        // Revoked never reads as Expired, and its expiry is never recorded.
        vm.warp(T0 + DURATION + 1);
        _assertState(id, REVOKED, "revoked after expiry");
        vm.expectRevert(revoked);
        registry.recordExpiry(id);
        vm.expectRevert(revoked);
        vm.prank(ISSUER);
        registry.renewLicense(id, T0 + DURATION + 100);
    }

    // ------------------------------------------------------------------ createSublicense

    function test_CreateSublicense_MintsAnActiveChild() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        vm.warp(T0 + 50);
        uint64 expiry = T0 + DURATION - 1 days;
        uint256 expectedId = uint256(keccak256(abi.encode(HOLDER_DID, HOLDER2_DID, uint256(0))));

        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseIssued(expectedId, HOLDER_DID, HOLDER2_DID);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.SublicenseCreated(parentId, expectedId);
        vm.expectEmit(address(registry));
        emit IERC721.Transfer(address(0), HOLDER2, expectedId);
        vm.prank(HOLDER);
        uint256 childId = registry.createSublicense(parentId, HOLDER2_DID, 300, expiry);

        vm.assertEq(childId, expectedId, "child id uses the grantor DID and its nonce");
        vm.assertEq(registry.nextNonce(HOLDER_DID), 1, "grantor nonce advanced");
        vm.assertEq(registry.nextNonce(ISSUER_DID), 1, "parent issuer nonce unchanged");
        vm.assertEq(registry.ownerOf(childId), HOLDER2, "minted to the new holder");
        vm.assertEq(registry.ownerOf(parentId), HOLDER, "parent stays");

        ILicenseRegistry.License memory child = registry.getLicense(childId);
        vm.assertEq(child.id, childId, "id");
        vm.assertEq(child.parentId, parentId, "parentId");
        vm.assertEq(child.issuerDid, HOLDER_DID, "issuer is the parent holder's DID");
        vm.assertEq(child.holderDid, HOLDER2_DID, "holderDid");
        vm.assertEq(child.holder, HOLDER2, "holder");
        vm.assertEq(uint256(child.licenseType), uint256(ILicenseRegistry.LicenseType.Sublicense), "type");
        vm.assertEq(bytes32(child.jurisdiction.region), bytes32(US), "parent's region");
        vm.assertEq(child.jurisdiction.lawRef, LAW_REF, "parent's law reference");
        vm.assertEq(child.jurisdiction.allowedRegions.length, 0, "parent's allowed regions");
        vm.assertEq(child.issuedAt, T0 + 50, "issuedAt");
        vm.assertEq(child.expiresAt, expiry, "expiresAt");
        vm.assertEq(child.royaltyBps, 300, "royalty");
        vm.assertEq(uint256(child.state), uint256(ACTIVE), "active at once");
        vm.assertFalse(child.renewable, "not renewable");
        vm.assertFalse(child.sublicensable, "not sublicensable");
        vm.assertFalse(child.frozen, "not frozen");
        vm.assertEq(child.depth, 1, "depth");
        vm.assertEq(child.revokedBy, address(0), "revokedBy");
        vm.assertEq(child.termsUri, TERMS, "parent's terms");
        vm.assertTrue(registry.isUsable(childId), "usable");

        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(childId);
        vm.assertEq(history.length, 1, "one entry");
        _assertHistoryEntry(history[0], ACTIVE, T0 + 50, "created active");
        uint256[] memory issued = registry.licensesOfIssuer(HOLDER_DID, 0, 10);
        vm.assertEq(issued.length, 1, "grantor index");
        vm.assertEq(issued[0], childId, "grantor index id");
    }

    function test_CreateSublicense_AcceptsTheParentsRoyaltyAndExpiry() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 500, T0 + DURATION);
        ILicenseRegistry.License memory child = registry.getLicense(childId);
        vm.assertEq(child.royaltyBps, 500, "equal royalty");
        vm.assertEq(child.expiresAt, T0 + DURATION, "equal expiry");
        // The holder may also sublicense to its own DID, and again with the next nonce.
        uint256 own = _sublicense(parentId, HOLDER_DID, 0, T0 + 1);
        vm.assertEq(own, registry.computeLicenseId(HOLDER_DID, HOLDER_DID, 1), "second grant, nonce 1");
    }

    function test_CreateSublicense_SharesARestrictedJurisdiction() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.jurisdiction.region = "DE";
        request.jurisdiction.allowedRegions = _regions("US", "FR");
        uint256 parentId = _issueActive(request);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100 days);
        ILicenseRegistry.Jurisdiction memory jurisdiction = registry.getLicense(childId).jurisdiction;
        vm.assertEq(bytes32(jurisdiction.region), bytes32(DE), "region");
        vm.assertEq(jurisdiction.lawRef, LAW_REF, "lawRef");
        vm.assertEq(jurisdiction.allowedRegions.length, 2, "allowed regions");
        vm.assertEq(bytes32(jurisdiction.allowedRegions[1]), bytes32(FR), "FR");

        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.HolderRegionNotAllowed.selector, HOLDER3_DID, JP)
        );
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER3_DID, 100, T0 + 100 days);

        // The child carries the restriction: it cannot move to JP either.
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.HolderRegionNotAllowed.selector, HOLDER3_DID, JP)
        );
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER3, childId);
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER, childId);
        vm.assertEq(registry.ownerOf(childId), HOLDER, "moved within the allowed regions");
    }

    function test_RevertWhen_SublicenseByNonHolder() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        vm.expectRevert(_notAuthorized(ISSUER, parentId));
        vm.prank(ISSUER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
        vm.expectRevert(_notAuthorized(STRANGER, parentId));
        vm.prank(STRANGER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 77));
        vm.prank(HOLDER);
        registry.createSublicense(77, HOLDER2_DID, 0, T0 + 10);
        // An approved operator is not the holder.
        vm.prank(HOLDER);
        registry.approve(OPERATOR, parentId);
        vm.expectRevert(_notAuthorized(OPERATOR, parentId));
        vm.prank(OPERATOR);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
    }

    function test_RevertWhen_SublicenseOfAnUnusableParent() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        vm.expectRevert(_invalidState(draft, DRAFT));
        vm.prank(HOLDER);
        registry.createSublicense(draft, HOLDER2_DID, 0, T0 + 10);

        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        vm.expectRevert(_invalidState(suspended, SUSPENDED));
        vm.prank(HOLDER);
        registry.createSublicense(suspended, HOLDER2_DID, 0, T0 + 10);

        uint256 frozen = _issueActive(HOLDER_DID);
        _freeze(frozen);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotUsable.selector, frozen));
        vm.prank(HOLDER);
        registry.createSublicense(frozen, HOLDER2_DID, 0, T0 + 10);

        uint256 revoked = _issueActive(HOLDER_DID);
        _revoke(revoked);
        vm.expectRevert(_err(ILicenseRegistry.AlreadyRevoked.selector, revoked));
        vm.prank(HOLDER);
        registry.createSublicense(revoked, HOLDER2_DID, 0, T0 + 10);

        uint256 expiring = _issueActive(HOLDER_DID);
        vm.warp(T0 + DURATION + 1);
        vm.expectRevert(_hasExpired(expiring, T0 + DURATION));
        vm.prank(HOLDER);
        registry.createSublicense(expiring, HOLDER2_DID, 0, T0 + DURATION + 10);
    }

    function test_RevertWhen_ParentIsNotSublicensable() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.sublicensable = false;
        uint256 parentId = _issueActive(request);
        vm.expectRevert(_err(ILicenseRegistry.NotSublicensable.selector, parentId));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
    }

    function test_RevertWhen_SublicensingASublicense() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100);
        vm.expectRevert(_err(ILicenseRegistry.NotSublicensable.selector, childId));
        vm.prank(HOLDER2);
        registry.createSublicense(childId, HOLDER3_DID, 0, T0 + 10);
    }

    function test_Sublicense_IsNotRenewableAndCanBeFrozen() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100);
        vm.expectRevert(_err(ILicenseRegistry.NotRenewable.selector, childId));
        vm.prank(HOLDER);
        registry.renewLicense(childId, T0 + 200);
        // Renewing the parent leaves the child's expiry alone.
        vm.prank(ISSUER);
        registry.renewLicense(parentId, T0 + DURATION + 1 days);
        vm.assertEq(_expiresAt(childId), T0 + 100, "child expiry unchanged");
        _freeze(childId);
        vm.assertTrue(registry.getLicense(childId).frozen, "child frozen");
        vm.assertTrue(registry.isUsable(parentId), "parent unaffected");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotUsable.selector, childId));
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER3, childId);
    }

    function test_RevertWhen_SublicenseRoyaltyExceedsTheParents() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidRoyalty.selector, 501, 500));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 501, T0 + 10);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidRoyalty.selector, 10_000, 500));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 10_000, T0 + 10);
    }

    function test_RevertWhen_SublicenseExpiryIsOutOfBounds() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint64 parentExpiry = T0 + DURATION;
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.InvalidExpiry.selector, parentExpiry + 1, T0, parentExpiry
            )
        );
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, parentExpiry + 1);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidExpiry.selector, T0, T0, parentExpiry));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0);
    }

    function test_RevertWhen_SublicenseGrantorIsNotCompliant() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        _setRisk(HOLDER_DID, 80);
        vm.expectRevert(_compliance(HOLDER_DID, 80, IDIDRegistry.Status.Valid));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
        _setRisk(HOLDER_DID, 0);
        _setDidStatus(HOLDER_DID, IDIDRegistry.Status.Suspended);
        vm.expectRevert(_compliance(HOLDER_DID, 0, IDIDRegistry.Status.Suspended));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
    }

    function test_RevertWhen_SublicenseGrantorHasNoDid() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        vm.prank(HOLDER);
        dids.rotateController(HOLDER_DID, NEW_ADDRESS);
        vm.expectRevert(_compliance(bytes32(0), 0, IDIDRegistry.Status.None));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
    }

    function test_RevertWhen_SublicenseReceiverIsNotCompliant() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        _setRisk(HOLDER2_DID, 99);
        vm.expectRevert(_compliance(HOLDER2_DID, 99, IDIDRegistry.Status.Valid));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER2_DID, 0, T0 + 10);
        _setDidStatus(HOLDER3_DID, IDIDRegistry.Status.Suspended);
        vm.expectRevert(_compliance(HOLDER3_DID, 0, IDIDRegistry.Status.Suspended));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, HOLDER3_DID, 0, T0 + 10);
        bytes32 unknown = keccak256("did:chlom:nobody");
        vm.expectRevert(_compliance(unknown, 0, IDIDRegistry.Status.None));
        vm.prank(HOLDER);
        registry.createSublicense(parentId, unknown, 0, T0 + 10);
    }

    // ------------------------------------------------------------------ read-through

    function test_ReadThrough_SuspendedParentMakesTheChildUnusable() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100 days);
        _suspend(parentId);
        _assertState(childId, ACTIVE, "the child's own state is untouched");
        vm.assertFalse(registry.isUsable(childId), "but it is not usable");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotUsable.selector, childId));
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER3, childId);

        vm.prank(ENFORCER);
        registry.reinstateLicense(parentId);
        vm.assertTrue(registry.isUsable(childId), "usable again");
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER3, childId);
        vm.assertEq(registry.ownerOf(childId), HOLDER3, "moved");
    }

    function test_ReadThrough_RevokedParentMakesTheChildUnusable() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100 days);
        _revoke(parentId);
        _assertState(childId, ACTIVE, "no cascade");
        vm.assertFalse(registry.isUsable(childId), "not usable");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotUsable.selector, childId));
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER3, childId);
    }

    function test_ReadThrough_FrozenParentMakesTheChildUnusable() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100 days);
        _freeze(parentId);
        vm.assertFalse(registry.getLicense(childId).frozen, "the child is not frozen itself");
        vm.assertFalse(registry.isUsable(childId), "not usable");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotUsable.selector, childId));
        vm.prank(HOLDER2);
        registry.safeTransferFrom(HOLDER2, HOLDER3, childId);
        vm.prank(ENFORCER);
        registry.unfreezeLicense(parentId);
        vm.assertTrue(registry.isUsable(childId), "usable after the unfreeze");
    }

    function test_ReadThrough_ChildExpiresWithItsParent() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + DURATION);
        vm.warp(T0 + DURATION);
        vm.assertTrue(registry.isUsable(childId), "usable at the shared expiry");
        vm.warp(T0 + DURATION + 1);
        _assertState(childId, EXPIRED, "child expired");
        _assertState(parentId, EXPIRED, "parent expired");
        vm.assertFalse(registry.isUsable(childId), "not usable");
        vm.expectRevert(_hasExpired(childId, T0 + DURATION));
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER3, childId);
    }

    function test_ReadThrough_ChildSuspensionDoesNotTouchTheParent() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100 days);
        _suspend(childId);
        _assertState(parentId, ACTIVE, "parent untouched");
        vm.assertTrue(registry.isUsable(parentId), "parent usable");
        // The child's issuer (the parent's holder) or enforcement may revoke it; the parent's issuer may not.
        vm.expectRevert(_notAuthorized(ISSUER, childId));
        vm.prank(ISSUER);
        registry.revokeLicense(childId, "");
        vm.prank(HOLDER);
        registry.revokeLicense(childId, "");
        vm.assertEq(registry.getLicense(childId).revokedBy, HOLDER, "revoked by its issuer");
    }

    // ------------------------------------------------------------------ updateTerms and tokenURI

    function test_UpdateTerms_ReplacesTheUri() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.TermsUpdated(id, "ipfs://bafy-terms-v2");
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.prank(ISSUER);
        registry.updateTerms(id, "ipfs://bafy-terms-v2");
        vm.assertEq(registry.tokenURI(id), "ipfs://bafy-terms-v2", "tokenURI");
        vm.assertEq(registry.getLicense(id).termsUri, "ipfs://bafy-terms-v2", "getLicense");
        _assertState(id, ACTIVE, "state unchanged");
    }

    function test_UpdateTerms_WorksInDraftAndSuspended() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        vm.prank(ISSUER);
        registry.updateTerms(draft, "a");
        vm.assertEq(registry.tokenURI(draft), "a", "draft");
        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        vm.prank(ISSUER);
        registry.updateTerms(suspended, "b");
        vm.assertEq(registry.tokenURI(suspended), "b", "suspended");
    }

    function test_TokenURI_SublicenseReadsTheParentTermsUntilItHasItsOwn() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 100, T0 + 100 days);
        vm.assertEq(registry.tokenURI(childId), TERMS, "parent terms");

        vm.prank(ISSUER);
        registry.updateTerms(parentId, "ipfs://parent-v2");
        vm.assertEq(registry.tokenURI(childId), "ipfs://parent-v2", "follows the parent");
        vm.assertEq(registry.getLicense(childId).termsUri, "ipfs://parent-v2", "getLicense follows too");

        // Only the child's issuer (the parent's holder) sets the child's terms.
        vm.expectRevert(_notAuthorized(ISSUER, childId));
        vm.prank(ISSUER);
        registry.updateTerms(childId, "ipfs://child");
        vm.prank(HOLDER);
        registry.updateTerms(childId, "ipfs://child");
        vm.assertEq(registry.tokenURI(childId), "ipfs://child", "own terms");

        vm.prank(ISSUER);
        registry.updateTerms(parentId, "ipfs://parent-v3");
        vm.assertEq(registry.tokenURI(childId), "ipfs://child", "no longer follows");
        vm.assertEq(registry.tokenURI(parentId), "ipfs://parent-v3", "parent");
    }

    function test_RevertWhen_UpdateTermsIsNotAllowed() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_notAuthorized(HOLDER, id));
        vm.prank(HOLDER);
        registry.updateTerms(id, "x");
        vm.expectRevert(ILicenseRegistry.InvalidTerms.selector);
        vm.prank(ISSUER);
        registry.updateTerms(id, "");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 3));
        vm.prank(ISSUER);
        registry.updateTerms(3, "x");
        vm.warp(T0 + DURATION + 1);
        vm.expectRevert(_hasExpired(id, T0 + DURATION));
        vm.prank(ISSUER);
        registry.updateTerms(id, "x");
    }

    function test_RevertWhen_TokenURIOfUnknownToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 42));
        registry.tokenURI(42);
    }

    // ------------------------------------------------------------------ compliance records

    function test_RecordCompliance_ScoresTheCurrentHolderDid() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.ComplianceRecorded(id, 42);
        vm.prank(COMPLIANCE);
        registry.recordCompliance(id, 42);
        vm.assertEq(registry.riskScoreOf(HOLDER_DID), 42, "holder DID scored");

        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);
        vm.prank(COMPLIANCE);
        registry.recordCompliance(id, 100);
        vm.assertEq(registry.riskScoreOf(HOLDER2_DID), 100, "new holder scored");
        vm.assertEq(registry.riskScoreOf(HOLDER_DID), 42, "old holder unchanged");
    }

    function test_RecordCompliance_WorksInAnyState() public {
        uint256 revoked = _issueActive(HOLDER_DID);
        _revoke(revoked);
        uint256 draft = _issueDraft(HOLDER2_DID);
        vm.warp(T0 + DURATION + 1);
        vm.startPrank(COMPLIANCE);
        registry.recordCompliance(revoked, 10);
        registry.recordCompliance(draft, 20);
        vm.stopPrank();
        vm.assertEq(registry.riskScoreOf(HOLDER_DID), 10, "revoked");
        vm.assertEq(registry.riskScoreOf(HOLDER2_DID), 20, "expired draft");
    }

    function test_RevertWhen_RecordComplianceIsInvalid() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_unauthorized(ENFORCER, complianceRole));
        vm.prank(ENFORCER);
        registry.recordCompliance(id, 1);
        vm.expectRevert(_unauthorized(STRANGER, complianceRole));
        vm.prank(STRANGER);
        registry.recordCompliance(12_345, 1);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 12_345));
        vm.prank(COMPLIANCE);
        registry.recordCompliance(12_345, 1);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidScore.selector, 101));
        vm.prank(COMPLIANCE);
        registry.recordCompliance(id, 101);
        vm.prank(HOLDER);
        dids.rotateController(HOLDER_DID, NEW_ADDRESS);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidAccount.selector, HOLDER));
        vm.prank(COMPLIANCE);
        registry.recordCompliance(id, 1);
    }

    function test_RecordHolderRisk_ScoresAnyDid() public {
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.HolderRiskRecorded(HOLDER3_DID, 100);
        vm.prank(COMPLIANCE);
        registry.recordHolderRisk(HOLDER3_DID, 100);
        vm.assertEq(registry.riskScoreOf(HOLDER3_DID), 100, "scored");
        vm.assertEq(registry.riskScoreOf(HOLDER2_DID), 0, "default zero");
        _setRisk(HOLDER3_DID, 0);
        vm.assertEq(registry.riskScoreOf(HOLDER3_DID), 0, "cleared");

        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidScore.selector, 255));
        vm.prank(COMPLIANCE);
        registry.recordHolderRisk(HOLDER3_DID, 255);
        vm.expectRevert(_unauthorized(ISSUER, complianceRole));
        vm.prank(ISSUER);
        registry.recordHolderRisk(HOLDER3_DID, 1);
    }

    function test_SetRiskThreshold_MovesTheGate() public {
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.RiskThresholdChanged(80, 50);
        vm.prank(ADMIN);
        registry.setRiskThreshold(50);
        vm.assertEq(registry.riskThreshold(), 50, "threshold");

        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        _setRisk(HOLDER_DID, 50);
        vm.expectRevert(_compliance(HOLDER_DID, 50, IDIDRegistry.Status.Valid));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        _setRisk(HOLDER_DID, 49);
        _issue(request);

        vm.startPrank(ADMIN);
        registry.setRiskThreshold(100);
        registry.setRiskThreshold(1);
        vm.stopPrank();
        _setRisk(HOLDER_DID, 1);
        vm.expectRevert(_compliance(HOLDER_DID, 1, IDIDRegistry.Status.Valid));
        vm.prank(ISSUER);
        registry.issueLicense(request);
        _setRisk(HOLDER_DID, 0);
        _issue(request);
    }

    function test_RevertWhen_RiskThresholdIsInvalid() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidScore.selector, 0));
        registry.setRiskThreshold(0);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.InvalidScore.selector, 101));
        registry.setRiskThreshold(101);
        vm.stopPrank();
        vm.expectRevert(_unauthorized(ISSUER, bytes32(0)));
        vm.prank(ISSUER);
        registry.setRiskThreshold(50);
        vm.expectRevert(_unauthorized(ENFORCER, bytes32(0)));
        vm.prank(ENFORCER);
        registry.setRiskThreshold(50);
        vm.assertEq(registry.riskThreshold(), 80, "unchanged");
    }

    // ------------------------------------------------------------------ freeze / unfreeze

    function test_FreezeAndUnfreeze() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseFrozen(id, ENFORCER);
        vm.prank(ENFORCER);
        registry.freezeLicense(id);

        ILicenseRegistry.License memory license = registry.getLicense(id);
        vm.assertTrue(license.frozen, "frozen");
        vm.assertEq(uint256(license.state), uint256(ACTIVE), "the stored state is unchanged");
        vm.assertFalse(registry.isUsable(id), "not usable");
        vm.assertEq(registry.stateHistory(id).length, 2, "no history entry");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotUsable.selector, id));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);

        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseUnfrozen(id, ENFORCER);
        vm.prank(ENFORCER);
        registry.unfreezeLicense(id);
        vm.assertFalse(registry.getLicense(id).frozen, "unfrozen");
        vm.assertTrue(registry.isUsable(id), "usable");
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);
        vm.assertEq(registry.ownerOf(id), HOLDER2, "moves after the unfreeze");
    }

    function test_Freeze_WorksInDraftAndSuspendedAndKeepsLifecycleCalls() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        _freeze(draft);
        _activate(draft);
        _assertState(draft, ACTIVE, "a frozen draft can be activated");
        vm.assertFalse(registry.isUsable(draft), "but is not usable");
        _suspend(draft);
        vm.prank(ENFORCER);
        registry.reinstateLicense(draft);
        vm.assertTrue(registry.getLicense(draft).frozen, "still frozen");

        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        _freeze(suspended);
        vm.assertTrue(registry.getLicense(suspended).frozen, "frozen while suspended");
    }

    function test_RevertWhen_FreezeIsInvalid() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_unauthorized(ISSUER, enforcementRole));
        vm.prank(ISSUER);
        registry.freezeLicense(id);
        vm.expectRevert(_unauthorized(HOLDER, enforcementRole));
        vm.prank(HOLDER);
        registry.unfreezeLicense(id);
        vm.startPrank(ENFORCER);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 8));
        registry.freezeLicense(8);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 8));
        registry.unfreezeLicense(8);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.FreezeUnchanged.selector, id, false));
        registry.unfreezeLicense(id);
        registry.freezeLicense(id);
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.FreezeUnchanged.selector, id, true));
        registry.freezeLicense(id);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ expiry

    function test_Expiry_IsInclusiveOfExpiresAt() public {
        uint256 id = _issueActive(HOLDER_DID);
        uint64 expiry = T0 + DURATION;
        vm.warp(expiry);
        _assertState(id, ACTIVE, "active at expiresAt");
        vm.assertEq(uint256(registry.getLicense(id).state), uint256(ACTIVE), "getLicense at expiresAt");
        vm.assertTrue(registry.isUsable(id), "usable at expiresAt");
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);

        vm.warp(expiry + 1);
        _assertState(id, EXPIRED, "expired after expiresAt");
        vm.assertEq(uint256(registry.getLicense(id).state), uint256(EXPIRED), "getLicense reads Expired");
        vm.assertFalse(registry.isUsable(id), "not usable");
    }

    function test_Expiry_AppliesToEveryStoredState() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        vm.warp(T0 + DURATION + 1);
        _assertState(draft, EXPIRED, "draft");
        _assertState(suspended, EXPIRED, "suspended");
    }

    function test_Expiry_EveryStateChangingCallRevertsWithLicenseHasExpired() public {
        uint64 expiry = T0 + DURATION;
        uint256 draft = _issue(_nonRenewable(HOLDER_DID));
        uint256 active = _issueActive(_nonRenewable(HOLDER_DID));
        uint256 suspended = _issueActive(_nonRenewable(HOLDER_DID));
        _suspend(suspended);
        uint256 frozen = _issueActive(_nonRenewable(HOLDER_DID));
        _freeze(frozen);
        vm.warp(expiry + 1);

        vm.startPrank(ISSUER);
        vm.expectRevert(_hasExpired(draft, expiry));
        registry.activateLicense(draft);
        vm.expectRevert(_hasExpired(active, expiry));
        registry.renewLicense(active, expiry + 100);
        vm.expectRevert(_hasExpired(active, expiry));
        registry.revokeLicense(active, "");
        vm.expectRevert(_hasExpired(active, expiry));
        registry.updateTerms(active, "x");
        vm.stopPrank();

        vm.startPrank(ENFORCER);
        vm.expectRevert(_hasExpired(active, expiry));
        registry.suspendLicense(active, "");
        vm.expectRevert(_hasExpired(suspended, expiry));
        registry.reinstateLicense(suspended);
        vm.expectRevert(_hasExpired(draft, expiry));
        registry.revokeLicense(draft, "");
        vm.expectRevert(_hasExpired(active, expiry));
        registry.freezeLicense(active);
        vm.expectRevert(_hasExpired(frozen, expiry));
        registry.unfreezeLicense(frozen);
        vm.stopPrank();

        vm.startPrank(HOLDER);
        vm.expectRevert(_hasExpired(active, expiry));
        registry.createSublicense(active, HOLDER2_DID, 0, expiry + 10);
        vm.expectRevert(_hasExpired(active, expiry));
        registry.transferFrom(HOLDER, HOLDER2, active);
        vm.expectRevert(_hasExpired(active, expiry));
        registry.safeTransferFrom(HOLDER, HOLDER2, active);
        vm.expectRevert(_hasExpired(active, expiry));
        registry.safeTransferFrom(HOLDER, HOLDER2, active, "data");
        vm.stopPrank();
    }

    function test_RecordExpiry_WritesTheHistoryOnce() public {
        uint256 id = _issueActive(HOLDER_DID);
        uint64 expiry = T0 + DURATION;
        vm.expectRevert(_invalidState(id, ACTIVE));
        registry.recordExpiry(id);
        vm.warp(expiry);
        vm.expectRevert(_invalidState(id, ACTIVE));
        registry.recordExpiry(id);

        vm.warp(expiry + 7);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseExpired(id, expiry);
        vm.expectEmit(address(registry));
        emit IERC4906.MetadataUpdate(id);
        vm.prank(STRANGER);
        registry.recordExpiry(id);

        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        vm.assertEq(history.length, 3, "entry appended");
        _assertHistoryEntry(history[2], EXPIRED, expiry + 7, "expiry");

        vm.warp(expiry + 100);
        vm.expectRevert(_invalidState(id, EXPIRED));
        registry.recordExpiry(id);
        vm.assertEq(registry.stateHistory(id).length, 3, "only once");
        _assertState(id, EXPIRED, "still expired");
    }

    function test_RecordExpiry_OfADraftAndUnknownIds() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        vm.expectRevert(_invalidState(draft, DRAFT));
        registry.recordExpiry(draft);
        vm.warp(T0 + DURATION + 1);
        registry.recordExpiry(draft);
        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(draft);
        vm.assertEq(history.length, 2, "draft expiry recorded");
        _assertHistoryEntry(history[1], EXPIRED, T0 + DURATION + 1, "draft expiry");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 9));
        registry.recordExpiry(9);
    }

    // ------------------------------------------------------------------ transfers

    function test_Transfer_MovesAnActiveLicense() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectEmit(address(registry));
        emit IERC721.Transfer(HOLDER, HOLDER2, id);
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);
        vm.assertEq(registry.ownerOf(id), HOLDER2, "owner");
        vm.assertEq(registry.balanceOf(HOLDER), 0, "from balance");
        vm.assertEq(registry.balanceOf(HOLDER2), 1, "to balance");
        ILicenseRegistry.License memory license = registry.getLicense(id);
        vm.assertEq(license.holder, HOLDER2, "holder");
        vm.assertEq(license.holderDid, HOLDER2_DID, "the holder DID follows the token");
        _assertState(id, ACTIVE, "still active");
        vm.assertEq(registry.stateHistory(id).length, 2, "a transfer writes no history");
    }

    function test_Transfer_ByApprovedOperators() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.prank(HOLDER);
        registry.approve(OPERATOR, id);
        vm.prank(OPERATOR);
        registry.transferFrom(HOLDER, HOLDER2, id);
        vm.assertEq(registry.ownerOf(id), HOLDER2, "moved by the approved account");
        vm.assertEq(registry.getApproved(id), address(0), "approval cleared");

        vm.prank(HOLDER2);
        registry.setApprovalForAll(OPERATOR, true);
        vm.prank(OPERATOR);
        registry.safeTransferFrom(HOLDER2, HOLDER3, id);
        vm.assertEq(registry.ownerOf(id), HOLDER3, "moved by the operator");

        // The old approval does not survive a transfer.
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, OPERATOR, id)
        );
        vm.prank(OPERATOR);
        registry.transferFrom(HOLDER3, HOLDER, id);
    }

    function test_Transfer_SafeTransferFromToAnAccount() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.prank(HOLDER);
        registry.safeTransferFrom(HOLDER, HOLDER2, id, "hello");
        vm.assertEq(registry.ownerOf(id), HOLDER2, "moved");
        vm.prank(HOLDER2);
        registry.safeTransferFrom(HOLDER2, HOLDER, id);
        vm.assertEq(registry.ownerOf(id), HOLDER, "moved back");
    }

    function test_RevertWhen_TransferIsUnapproved() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, STRANGER, id)
        );
        vm.prank(STRANGER);
        registry.transferFrom(HOLDER, STRANGER, id);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, ISSUER, id));
        vm.prank(ISSUER);
        registry.safeTransferFrom(HOLDER, HOLDER2, id);
        // Authorization comes before the license checks.
        _suspend(id);
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, STRANGER, id)
        );
        vm.prank(STRANGER);
        registry.transferFrom(HOLDER, HOLDER2, id);
    }

    function test_RevertWhen_TransferringAnUnusableLicense() public {
        uint256 draft = _issueDraft(HOLDER_DID);
        vm.expectRevert(_invalidState(draft, DRAFT));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, draft);

        uint256 suspended = _issueActive(HOLDER_DID);
        _suspend(suspended);
        vm.expectRevert(_invalidState(suspended, SUSPENDED));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, suspended);

        uint256 revoked = _issueActive(HOLDER_DID);
        _revoke(revoked);
        vm.expectRevert(_err(ILicenseRegistry.AlreadyRevoked.selector, revoked));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, revoked);

        uint256 frozen = _issueActive(HOLDER_DID);
        _freeze(frozen);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotUsable.selector, frozen));
        vm.prank(HOLDER);
        registry.safeTransferFrom(HOLDER, HOLDER2, frozen);

        vm.assertEq(registry.balanceOf(HOLDER), 4, "nothing moved");
        vm.assertEq(registry.balanceOf(HOLDER2), 0, "nothing received");
    }

    function test_RevertWhen_TransferReceiverFailsCompliance() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(_compliance(bytes32(0), 0, IDIDRegistry.Status.None));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, STRANGER, id);

        _setRisk(HOLDER3_DID, 85);
        vm.expectRevert(_compliance(HOLDER3_DID, 85, IDIDRegistry.Status.Valid));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER3, id);

        _setDidStatus(HOLDER2_DID, IDIDRegistry.Status.Suspended);
        vm.expectRevert(_compliance(HOLDER2_DID, 0, IDIDRegistry.Status.Suspended));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);
    }

    function test_Transfer_NeedsNoComplianceFromTheSender() public {
        uint256 id = _issueActive(HOLDER_DID);
        _setRisk(HOLDER_DID, 100);
        _setDidStatus(HOLDER_DID, IDIDRegistry.Status.Suspended);
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);
        vm.assertEq(registry.ownerOf(id), HOLDER2, "a non-compliant holder may hand the license on");
    }

    function test_RevertWhen_TransferReceiverRegionIsNotAllowed() public {
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        request.jurisdiction.allowedRegions = _regions("US", "FR");
        uint256 id = _issueActive(request);
        vm.expectRevert(
            abi.encodeWithSelector(ILicenseRegistry.HolderRegionNotAllowed.selector, HOLDER3_DID, JP)
        );
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER3, id);
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, id);
        vm.assertEq(registry.ownerOf(id), HOLDER2, "FR admitted");
    }

    function test_Transfer_RotatedAwayHolderMovesTheTokenToItsNewAddress() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.prank(HOLDER);
        dids.rotateController(HOLDER_DID, NEW_ADDRESS);
        ILicenseRegistry.License memory license = registry.getLicense(id);
        vm.assertEq(license.holder, HOLDER, "token still at the old address");
        vm.assertEq(license.holderDid, bytes32(0), "which controls no DID");
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, NEW_ADDRESS, id);
        vm.assertEq(registry.getLicense(id).holderDid, HOLDER_DID, "DID restored");
    }

    function test_RevertWhen_TransferFromTheWrongOwner() public {
        uint256 id = _issueActive(HOLDER_DID);
        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, HOLDER2, id, HOLDER)
        );
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER2, HOLDER3, id);
    }

    function test_SafeTransfer_ChecksTheReceivingContract() public {
        ReceiverMock receiver = new ReceiverMock();
        NonReceiver nonReceiver = new NonReceiver();
        _registerValid(address(receiver), "did:chlom:receiver", "US");
        _registerValid(address(nonReceiver), "did:chlom:non-receiver", "US");
        uint256 id = _issueActive(HOLDER_DID);

        vm.expectRevert(
            abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(nonReceiver))
        );
        vm.prank(HOLDER);
        registry.safeTransferFrom(HOLDER, address(nonReceiver), id);

        vm.prank(HOLDER);
        registry.safeTransferFrom(HOLDER, address(receiver), id, "payload");
        vm.assertEq(registry.ownerOf(id), address(receiver), "received");
        vm.assertEq(receiver.lastTokenId(), id, "hook saw the token");
        vm.assertEq(receiver.lastFrom(), HOLDER, "hook saw the sender");
        vm.assertEq(receiver.lastData(), bytes("payload"), "hook saw the data");

        // A compliant contract without the hook may still receive through a plain transferFrom.
        vm.prank(address(receiver));
        registry.transferFrom(address(receiver), address(nonReceiver), id);
        vm.assertEq(registry.ownerOf(id), address(nonReceiver), "plain transfer skips the hook");
    }

    // ------------------------------------------------------------------ ERC-2981

    function test_RoyaltyInfo_PaysTheIssuerDidController() public {
        uint256 id = _issueActive(HOLDER_DID);
        (address receiver, uint256 amount) = registry.royaltyInfo(id, 1 ether);
        vm.assertEq(receiver, ISSUER, "receiver");
        vm.assertEq(amount, 0.05 ether, "5%");
        (, amount) = registry.royaltyInfo(id, 0);
        vm.assertEq(amount, 0, "zero price");
        (, amount) = registry.royaltyInfo(id, 19_999);
        vm.assertEq(amount, 999, "floor(19999 * 500 / 10000)");
        (, amount) = registry.royaltyInfo(id, 19);
        vm.assertEq(amount, 0, "floor(19 * 500 / 10000)");
        (, amount) = registry.royaltyInfo(id, 20);
        vm.assertEq(amount, 1, "floor(20 * 500 / 10000)");

        vm.prank(ISSUER);
        dids.rotateController(ISSUER_DID, NEW_ADDRESS);
        (receiver,) = registry.royaltyInfo(id, 1 ether);
        vm.assertEq(receiver, NEW_ADDRESS, "receiver follows the rotation");
    }

    function test_RoyaltyInfo_IsExactForHugePrices() public {
        uint256 max = type(uint256).max;
        uint16[5] memory bps = [uint16(1), 500, 3333, 9999, 10_000];
        // floor((2^256 - 1) * bps / 10000), computed with arbitrary precision off-chain.
        uint256[5] memory expected = [
            uint256(
                11_579_208_923_731_619_542_357_098_500_868_790_785_326_998_466_564_056_403_945_758_400_791_312_963
            ),
            5_789_604_461_865_809_771_178_549_250_434_395_392_663_499_233_282_028_201_972_879_200_395_656_481_996,
            38_593_503_342_797_487_934_676_209_303_395_679_687_494_885_889_057_999_994_351_212_749_837_446_108_990,
            115_780_510_028_392_463_804_028_627_910_187_039_062_484_657_667_173_999_983_053_638_249_512_338_326_971,
            max
        ];
        for (uint256 i = 0; i < bps.length; i++) {
            ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
            request.royaltyBps = bps[i];
            uint256 id = _issue(request);
            (, uint256 amount) = registry.royaltyInfo(id, max);
            vm.assertEq(amount, expected[i], "exact at 2^256 - 1");
        }
        ILicenseRegistry.IssueRequest memory nine = _request(HOLDER_DID);
        nine.royaltyBps = 9999;
        uint256 nineId = _issue(nine);
        (, uint256 half) = registry.royaltyInfo(nineId, 1 << 255);
        vm.assertEq(
            half,
            57_890_255_014_196_231_902_014_313_955_093_519_531_242_328_833_586_999_991_526_819_124_756_169_163_486,
            "exact at 2^255"
        );
    }

    function test_RoyaltyInfo_OfASublicensePaysTheGrantor() public {
        uint256 parentId = _issueActive(HOLDER_DID);
        uint256 childId = _sublicense(parentId, HOLDER2_DID, 250, T0 + 10 days);
        (address receiver, uint256 amount) = registry.royaltyInfo(childId, 10_000);
        vm.assertEq(receiver, HOLDER, "grantor's controller");
        vm.assertEq(amount, 250, "child's bps");
        ILicenseRegistry.IssueRequest memory zero = _request(HOLDER_DID);
        zero.royaltyBps = 0;
        (, amount) = registry.royaltyInfo(_issue(zero), 1 ether);
        vm.assertEq(amount, 0, "zero royalty");
    }

    function test_RoyaltyInfo_KeepsReportingForRevokedLicenses() public {
        uint256 id = _issueActive(HOLDER_DID);
        _revoke(id);
        (address receiver, uint256 amount) = registry.royaltyInfo(id, 10_000);
        vm.assertEq(receiver, ISSUER, "receiver");
        vm.assertEq(amount, 500, "amount");
    }

    function test_RevertWhen_RoyaltyInfoOfUnknownLicense() public {
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 1));
        registry.royaltyInfo(1, 100);
    }

    // ------------------------------------------------------------------ ERC-165

    function test_SupportsInterface() public view {
        vm.assertTrue(registry.supportsInterface(0x80ac58cd), "ERC-721");
        vm.assertTrue(registry.supportsInterface(0x5b5e139f), "ERC-721 metadata");
        vm.assertTrue(registry.supportsInterface(0x2a55205a), "ERC-2981");
        vm.assertTrue(registry.supportsInterface(0x49064906), "ERC-4906");
        vm.assertTrue(registry.supportsInterface(0x7965db0b), "AccessControl");
        vm.assertTrue(registry.supportsInterface(0x01ffc9a7), "ERC-165");
        vm.assertFalse(registry.supportsInterface(0xffffffff), "never 0xffffffff");
        vm.assertFalse(registry.supportsInterface(0x12345678), "unknown");
        vm.assertFalse(registry.supportsInterface(0x00000000), "zero");
        // The literals are the interfaces' ids.
        vm.assertEq(bytes32(type(IERC721).interfaceId), bytes32(bytes4(0x80ac58cd)), "721 id");
        vm.assertEq(bytes32(type(IERC721Metadata).interfaceId), bytes32(bytes4(0x5b5e139f)), "metadata id");
        vm.assertEq(bytes32(type(IERC2981).interfaceId), bytes32(bytes4(0x2a55205a)), "2981 id");
        vm.assertEq(bytes32(type(IAccessControl).interfaceId), bytes32(bytes4(0x7965db0b)), "AC id");
        vm.assertEq(bytes32(type(IERC165).interfaceId), bytes32(bytes4(0x01ffc9a7)), "165 id");
    }

    // ------------------------------------------------------------------ views

    function test_Views_OfUnknownLicenses() public {
        vm.assertFalse(registry.isUsable(1), "isUsable is false");
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 1));
        registry.getLicense(1);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 1));
        registry.stateOf(1);
        vm.expectRevert(_err(ILicenseRegistry.LicenseNotFound.selector, 1));
        registry.stateHistory(1);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 1));
        registry.ownerOf(1);
    }

    function test_StateHistory_RecordsTheWholeLifecycle() public {
        uint256 id = _issueDraft(HOLDER_DID);
        vm.warp(T0 + 1);
        _activate(id);
        vm.warp(T0 + 2);
        _suspend(id);
        vm.warp(T0 + 3);
        vm.prank(ENFORCER);
        registry.reinstateLicense(id);
        vm.warp(T0 + 4);
        _freeze(id);
        vm.prank(ISSUER);
        registry.updateTerms(id, "x");
        vm.prank(HOLDER);
        registry.approve(OPERATOR, id);
        vm.warp(T0 + 5);
        _revoke(id);

        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        vm.assertEq(history.length, 5, "one entry per state change");
        _assertHistoryEntry(history[0], DRAFT, T0, "issued");
        _assertHistoryEntry(history[1], ACTIVE, T0 + 1, "activated");
        _assertHistoryEntry(history[2], SUSPENDED, T0 + 2, "suspended");
        _assertHistoryEntry(history[3], ACTIVE, T0 + 3, "reinstated");
        _assertHistoryEntry(history[4], REVOKED, T0 + 5, "revoked");
    }

    function test_LicensesOfIssuer_Paginates() public {
        uint256[] memory ids = new uint256[](5);
        for (uint256 i = 0; i < 5; i++) {
            ids[i] = _issueDraft(i % 2 == 0 ? HOLDER_DID : HOLDER2_DID);
        }
        _issue(_requestFrom(ISSUER2_DID, HOLDER_DID));

        uint256[] memory page = registry.licensesOfIssuer(ISSUER_DID, 0, 2);
        vm.assertEq(page.length, 2, "page 1 size");
        vm.assertEq(page[0], ids[0], "page 1 [0]");
        vm.assertEq(page[1], ids[1], "page 1 [1]");
        page = registry.licensesOfIssuer(ISSUER_DID, 2, 2);
        vm.assertEq(page.length, 2, "page 2 size");
        vm.assertEq(page[0], ids[2], "page 2 [0]");
        vm.assertEq(page[1], ids[3], "page 2 [1]");
        page = registry.licensesOfIssuer(ISSUER_DID, 4, 2);
        vm.assertEq(page.length, 1, "last page short");
        vm.assertEq(page[0], ids[4], "last page [0]");
        vm.assertEq(registry.licensesOfIssuer(ISSUER_DID, 5, 2).length, 0, "past the end");
        vm.assertEq(registry.licensesOfIssuer(ISSUER_DID, type(uint256).max, 2).length, 0, "far past");
        vm.assertEq(registry.licensesOfIssuer(ISSUER_DID, 0, 0).length, 0, "limit 0");
        vm.assertEq(registry.licensesOfIssuer(ISSUER_DID, 1, type(uint256).max).length, 4, "huge limit");
        vm.assertEq(registry.licensesOfIssuer(ISSUER_DID, 0, 100), ids, "all, in order");
        vm.assertEq(registry.licensesOfIssuer(HOLDER3_DID, 0, 100).length, 0, "no issuance");
        vm.assertEq(registry.licensesOfIssuer(ISSUER2_DID, 0, 100).length, 1, "other issuer");
    }

    function _requestFrom(bytes32 issuerDid, bytes32 holderDid)
        internal
        view
        returns (ILicenseRegistry.IssueRequest memory request)
    {
        request = _request(holderDid);
        request.issuerDid = issuerDid;
    }

    /// @dev Walks `licensesOfHolder` with `limit` until `next` is 0; returns every id and the page count.
    function _walkHolder(address holder, uint256 limit)
        internal
        view
        returns (uint256[] memory all, uint256 pages)
    {
        uint256[] memory buffer = new uint256[](64);
        uint256 count = 0;
        uint256 cursor = 0;
        do {
            (uint256[] memory ids, uint256 next) = registry.licensesOfHolder(holder, cursor, limit);
            vm.assertLe(ids.length, limit, "never more than limit");
            for (uint256 i = 0; i < ids.length; i++) {
                buffer[count++] = ids[i];
            }
            pages++;
            vm.assertLe(pages, 64, "the walk terminates");
            cursor = next;
        } while (cursor != 0);
        all = new uint256[](count);
        for (uint256 i = 0; i < count; i++) {
            all[i] = buffer[i];
        }
    }

    function test_LicensesOfHolder_CursorPagination() public {
        // Issuance order: ISSUER [l0 H, l1 H2, l2 H], ISSUER2 [l3 H, l4 H3, l5 H], HOLDER_DID [c H2].
        uint256 l0 = _issueActive(HOLDER_DID);
        uint256 l1 = _issueDraft(HOLDER2_DID);
        uint256 l2 = _issueDraft(HOLDER_DID);
        uint256 l3 = _issue(_requestFrom(ISSUER2_DID, HOLDER_DID));
        uint256 l4 = _issue(_requestFrom(ISSUER2_DID, HOLDER3_DID));
        uint256 l5 = _issue(_requestFrom(ISSUER2_DID, HOLDER_DID));
        uint256 c = _sublicense(l0, HOLDER2_DID, 0, T0 + 10);

        uint256[] memory expected = new uint256[](4);
        (expected[0], expected[1], expected[2], expected[3]) = (l0, l2, l3, l5);

        // Exact pages with limit 2.
        (uint256[] memory ids, uint256 next) = registry.licensesOfHolder(HOLDER, 0, 2);
        vm.assertEq(ids.length, 2, "page 1 size");
        vm.assertEq(ids[0], l0, "page 1 [0]");
        vm.assertEq(ids[1], l2, "page 1 [1]");
        vm.assertEq(next, uint256(1) << 128, "continue at issuer 1, position 0");
        (ids, next) = registry.licensesOfHolder(HOLDER, next, 2);
        vm.assertEq(ids.length, 2, "page 2 size");
        vm.assertEq(ids[0], l3, "page 2 [0]");
        vm.assertEq(ids[1], l5, "page 2 [1]");
        vm.assertEq(next, uint256(2) << 128, "continue at issuer 2");
        (ids, next) = registry.licensesOfHolder(HOLDER, next, 2);
        vm.assertEq(ids.length, 0, "nothing left");
        vm.assertEq(next, 0, "complete");

        // Exact pages with limit 1.
        (ids, next) = registry.licensesOfHolder(HOLDER, 0, 1);
        vm.assertEq(ids.length, 1, "limit 1 size");
        vm.assertEq(ids[0], l0, "limit 1 [0]");
        vm.assertEq(next, 1, "continue at issuer 0, position 1");
        (ids, next) = registry.licensesOfHolder(HOLDER, next, 1);
        vm.assertEq(ids[0], l2, "limit 1 second");
        vm.assertEq(next, uint256(1) << 128, "continue at issuer 1");

        // Every limit yields every id once, in issuance order.
        for (uint256 limit = 1; limit <= 8; limit++) {
            (uint256[] memory all,) = _walkHolder(HOLDER, limit);
            vm.assertEq(all, expected, "complete and ordered");
        }
        (ids, next) = registry.licensesOfHolder(HOLDER, 0, 100);
        vm.assertEq(ids, expected, "one page");
        vm.assertEq(next, 0, "one page is complete");

        (uint256[] memory h2,) = _walkHolder(HOLDER2, 1);
        vm.assertEq(h2.length, 2, "holder2");
        vm.assertEq(h2[0], l1, "holder2 [0]");
        vm.assertEq(h2[1], c, "holder2 sublicense");
        (uint256[] memory h3,) = _walkHolder(HOLDER3, 3);
        vm.assertEq(h3.length, 1, "holder3");
        vm.assertEq(h3[0], l4, "holder3 [0]");
        (ids, next) = registry.licensesOfHolder(STRANGER, 0, 5);
        vm.assertEq(ids.length, 0, "stranger holds nothing");
        vm.assertEq(next, 0, "stranger scan complete");

        // A transfer moves the id from one scan to the other.
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER3, l0);
        (uint256[] memory after3,) = _walkHolder(HOLDER3, 2);
        vm.assertEq(after3.length, 2, "holder3 gained one");
        vm.assertEq(after3[0], l0, "in issuance order");
        vm.assertEq(after3[1], l4, "then l4");
        (uint256[] memory afterH,) = _walkHolder(HOLDER, 2);
        vm.assertEq(afterH.length, 3, "holder lost one");
        vm.assertEq(afterH[0], l2, "l2 first now");
    }

    // ------------------------------------------------------------------ access control

    function test_RevertWhen_EveryRoleGatedFunctionIsCalledWithoutItsRole() public {
        uint256 id = _issueActive(HOLDER_DID);
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        bytes32 adminRole = registry.DEFAULT_ADMIN_ROLE();
        vm.startPrank(STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, issuerRole));
        registry.issueLicense(request);
        vm.expectRevert(_unauthorized(STRANGER, enforcementRole));
        registry.suspendLicense(id, "");
        vm.expectRevert(_unauthorized(STRANGER, enforcementRole));
        registry.reinstateLicense(id);
        vm.expectRevert(_unauthorized(STRANGER, enforcementRole));
        registry.freezeLicense(id);
        vm.expectRevert(_unauthorized(STRANGER, enforcementRole));
        registry.unfreezeLicense(id);
        vm.expectRevert(_unauthorized(STRANGER, complianceRole));
        registry.recordCompliance(id, 1);
        vm.expectRevert(_unauthorized(STRANGER, complianceRole));
        registry.recordHolderRisk(HOLDER_DID, 1);
        vm.expectRevert(_unauthorized(STRANGER, adminRole));
        registry.setRiskThreshold(50);
        vm.expectRevert(_unauthorized(STRANGER, adminRole));
        registry.grantRole(issuerRole, STRANGER);
        vm.expectRevert(_unauthorized(STRANGER, adminRole));
        registry.revokeRole(issuerRole, ISSUER);
        vm.stopPrank();
        // Holding one role grants nothing else.
        vm.expectRevert(_unauthorized(COMPLIANCE, enforcementRole));
        vm.prank(COMPLIANCE);
        registry.suspendLicense(id, "");
        vm.expectRevert(_unauthorized(ENFORCER, issuerRole));
        vm.prank(ENFORCER);
        registry.issueLicense(request);
        vm.expectRevert(_unauthorized(ENFORCER, adminRole));
        vm.prank(ENFORCER);
        registry.setRiskThreshold(50);
    }

    function test_RoleRevocation_StopsIssuing() public {
        vm.prank(ADMIN);
        registry.revokeRole(issuerRole, ISSUER);
        ILicenseRegistry.IssueRequest memory request = _request(HOLDER_DID);
        vm.expectRevert(_unauthorized(ISSUER, issuerRole));
        vm.prank(ISSUER);
        registry.issueLicense(request);
    }
}

/// @dev Accepts every ERC-721 token and remembers the last one.
contract ReceiverMock is IERC721Receiver {
    uint256 public lastTokenId;
    address public lastFrom;
    bytes public lastData;

    function onERC721Received(address, address from, uint256 tokenId, bytes calldata data)
        external
        returns (bytes4)
    {
        (lastFrom, lastTokenId, lastData) = (from, tokenId, data);
        return IERC721Receiver.onERC721Received.selector;
    }
}

/// @dev A contract without the ERC-721 receiver hook.
contract NonReceiver {}
