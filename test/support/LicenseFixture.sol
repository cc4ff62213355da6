// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DIDRegistry} from "../../contracts/solidity/identity/DIDRegistry.sol";
import {IDIDRegistry} from "../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {ILicenseRegistry} from "../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {LicenseRegistry} from "../../contracts/solidity/licensing/LicenseRegistry.sol";
import {TestBase} from "./TestBase.sol";

/// @title LicenseFixture
/// @notice The shared world of the LicenseRegistry tests: a DID registry with Valid DIDs for two
/// issuers and three holders in different regions, and a license registry with its roles granted.
/// @dev Unit, fuzz and invariant tests inherit it and call `setUp()` (or `_deployFixture()`).
abstract contract LicenseFixture is TestBase {
    DIDRegistry internal dids;
    LicenseRegistry internal registry;

    address internal constant ADMIN = address(0xA11CE);
    address internal constant VERIFIER = address(0xFE11);
    address internal constant ENFORCER = address(0xE4F0);
    address internal constant COMPLIANCE = address(0xC0C0);

    /// @dev Holds ISSUER_ROLE and the DID "did:chlom:issuer" (region US).
    address internal constant ISSUER = address(0x1551);
    /// @dev Holds ISSUER_ROLE and the DID "did:chlom:issuer2" (region DE).
    address internal constant ISSUER2 = address(0x1552);
    /// @dev The DID "did:chlom:holder" (region US).
    address internal constant HOLDER = address(0xB01D);
    /// @dev The DID "did:chlom:holder2" (region FR).
    address internal constant HOLDER2 = address(0xB02D);
    /// @dev The DID "did:chlom:holder3" (region JP).
    address internal constant HOLDER3 = address(0xB03D);
    /// @dev Controls no DID and holds no role.
    address internal constant STRANGER = address(0x5757);
    /// @dev Controls no DID; used as an ERC-721 operator.
    address internal constant OPERATOR = address(0x0BE7);

    bytes32 internal constant ISSUER_DID = keccak256("did:chlom:issuer");
    bytes32 internal constant ISSUER2_DID = keccak256("did:chlom:issuer2");
    bytes32 internal constant HOLDER_DID = keccak256("did:chlom:holder");
    bytes32 internal constant HOLDER2_DID = keccak256("did:chlom:holder2");
    bytes32 internal constant HOLDER3_DID = keccak256("did:chlom:holder3");

    bytes2 internal constant US = "US";
    bytes2 internal constant FR = "FR";
    bytes2 internal constant DE = "DE";
    bytes2 internal constant JP = "JP";
    bytes2 internal constant ZZ = "ZZ";

    bytes32 internal constant LAW_REF = keccak256("eu-directive-2019/790");
    string internal constant TERMS = "ipfs://bafy-terms-v1";
    uint64 internal constant T0 = 1_700_000_000;
    uint64 internal constant DURATION = 365 days;

    bytes32 internal issuerRole;
    bytes32 internal complianceRole;
    bytes32 internal enforcementRole;

    function setUp() public virtual {
        _deployFixture();
    }

    function _deployFixture() internal {
        vm.warp(T0);
        dids = new DIDRegistry(ADMIN, VERIFIER);
        _registerValid(ISSUER, "did:chlom:issuer", "US");
        _registerValid(ISSUER2, "did:chlom:issuer2", "DE");
        _registerValid(HOLDER, "did:chlom:holder", "US");
        _registerValid(HOLDER2, "did:chlom:holder2", "FR");
        _registerValid(HOLDER3, "did:chlom:holder3", "JP");

        registry = new LicenseRegistry(ADMIN, dids);
        issuerRole = registry.ISSUER_ROLE();
        complianceRole = registry.COMPLIANCE_ROLE();
        enforcementRole = registry.ENFORCEMENT_ROLE();
        vm.startPrank(ADMIN);
        registry.grantRole(issuerRole, ISSUER);
        registry.grantRole(issuerRole, ISSUER2);
        registry.grantRole(complianceRole, COMPLIANCE);
        registry.grantRole(enforcementRole, ENFORCER);
        vm.stopPrank();

        vm.label(address(dids), "DIDRegistry");
        vm.label(address(registry), "LicenseRegistry");
        vm.label(ISSUER, "ISSUER");
        vm.label(ISSUER2, "ISSUER2");
        vm.label(HOLDER, "HOLDER");
        vm.label(HOLDER2, "HOLDER2");
        vm.label(HOLDER3, "HOLDER3");
        vm.label(ENFORCER, "ENFORCER");
        vm.label(COMPLIANCE, "COMPLIANCE");
        vm.label(STRANGER, "STRANGER");
        vm.label(OPERATOR, "OPERATOR");
    }

    // ------------------------------------------------------------------ DIDs

    /// @dev Registers `did` for `account` in `region` and walks it New → Verified → Valid.
    function _registerValid(address account, bytes memory did, bytes2 region)
        internal
        returns (bytes32 didHash)
    {
        vm.prank(account);
        didHash = dids.registerDID(did, region, keccak256(abi.encodePacked("commitment|", did)));
        _setDidStatus(didHash, IDIDRegistry.Status.Verified);
        _setDidStatus(didHash, IDIDRegistry.Status.Valid);
    }

    function _setDidStatus(bytes32 didHash, IDIDRegistry.Status next) internal {
        vm.prank(VERIFIER);
        dids.setStatus(didHash, next);
    }

    function _setRisk(bytes32 didHash, uint8 score) internal {
        vm.prank(COMPLIANCE);
        registry.recordHolderRisk(didHash, score);
    }

    // ------------------------------------------------------------------ requests

    /// @dev A valid Standard request from ISSUER to `holderDid`: region US, law reference set, no region
    /// restriction, one year, 500 bps, renewable and sublicensable.
    function _request(bytes32 holderDid)
        internal
        view
        returns (ILicenseRegistry.IssueRequest memory request)
    {
        request.issuerDid = ISSUER_DID;
        request.holderDid = holderDid;
        request.licenseType = ILicenseRegistry.LicenseType.Standard;
        request.jurisdiction.region = "US";
        request.jurisdiction.lawRef = LAW_REF;
        request.jurisdiction.allowedRegions = new bytes2[](0);
        request.expiresAt = uint64(block.timestamp) + DURATION;
        request.royaltyBps = 500;
        request.renewable = true;
        request.sublicensable = true;
        request.termsUri = TERMS;
    }

    function _regions(bytes2 a) internal pure returns (bytes2[] memory regions) {
        regions = new bytes2[](1);
        regions[0] = a;
    }

    function _regions(bytes2 a, bytes2 b) internal pure returns (bytes2[] memory regions) {
        regions = new bytes2[](2);
        regions[0] = a;
        regions[1] = b;
    }

    // ------------------------------------------------------------------ licenses

    function _issue(ILicenseRegistry.IssueRequest memory request) internal returns (uint256 id) {
        (address issuer,,) = dids.controllerOf(request.issuerDid);
        vm.prank(issuer);
        id = registry.issueLicense(request);
    }

    /// @dev Issues the default request to `holderDid` (Draft).
    function _issueDraft(bytes32 holderDid) internal returns (uint256 id) {
        return _issue(_request(holderDid));
    }

    function _activate(uint256 id) internal {
        (address issuer,,) = dids.controllerOf(registry.getLicense(id).issuerDid);
        vm.prank(issuer);
        registry.activateLicense(id);
    }

    /// @dev Issues `request` and activates it.
    function _issueActive(ILicenseRegistry.IssueRequest memory request) internal returns (uint256 id) {
        id = _issue(request);
        _activate(id);
    }

    /// @dev Issues the default request to `holderDid` and activates it.
    function _issueActive(bytes32 holderDid) internal returns (uint256 id) {
        return _issueActive(_request(holderDid));
    }

    /// @dev The holder of `parentId` sublicenses it to `holderDid`.
    function _sublicense(uint256 parentId, bytes32 holderDid, uint16 royaltyBps, uint64 expiresAt)
        internal
        returns (uint256 childId)
    {
        address holder = registry.ownerOf(parentId);
        vm.prank(holder);
        childId = registry.createSublicense(parentId, holderDid, royaltyBps, expiresAt);
    }

    function _suspend(uint256 id) internal {
        vm.prank(ENFORCER);
        registry.suspendLicense(id, "case-1");
    }

    function _revoke(uint256 id) internal {
        vm.prank(ENFORCER);
        registry.revokeLicense(id, "case-1");
    }

    function _freeze(uint256 id) internal {
        vm.prank(ENFORCER);
        registry.freezeLicense(id);
    }

    function _stateOf(uint256 id) internal view returns (uint256) {
        return uint256(registry.stateOf(id));
    }
}
