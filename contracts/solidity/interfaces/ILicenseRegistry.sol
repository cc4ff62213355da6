// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDIDRegistry} from "./IDIDRegistry.sol";

/// @title ILicenseRegistry
/// @notice Smart-License NFTs: every license is an ERC-721 token with ERC-2981 royalty information
/// and ERC-4906 metadata-update events, bound to an issuer DID and a holder DID of the DID registry.
///
/// @dev **Ids.** `id = uint256(keccak256(abi.encode(issuerDid, holderDid, nonce)))` where `nonce` is
/// the number of licenses the issuer DID had issued before (see `nextNonce`). Every (issuer, nonce)
/// pair is used once, so two licenses collide only if keccak256 does.
///
/// **Holder.** The holder is the token owner; the holder DID is the DID that owner controls in the
/// DID registry, read live (a license follows its token, and a rotated-away controller holds a
/// license with no DID until it moves the token to its new address).
///
/// **Roles.** `DEFAULT_ADMIN_ROLE` (governance) manages roles and the risk threshold. `ISSUER_ROLE`
/// may issue. `COMPLIANCE_ROLE` records risk scores. `ENFORCEMENT_ROLE` (DLA cases, the bus gateway)
/// suspends, reinstates, revokes, freezes and unfreezes. The *issuer* of a license is whoever
/// controls its issuer DID now; the *holder* is its token owner.
///
/// **Lifecycle.** `Expired` is never stored: past `expiresAt` a license that is not Revoked reads as
/// Expired everywhere, and every state-changing call on it reverts with `LicenseHasExpired`, except
/// renewal of a renewable license.
///
///     stored state              call                 next       who
///     ------------------------  -------------------  ---------  -------------------------------
///     (none)                    issueLicense         Draft      ISSUER_ROLE + issuer DID controller
///     (none)                    createSublicense     Active     holder of an Active parent
///     Draft                     activateLicense      Active     issuer
///     Active                    suspendLicense       Suspended  ENFORCEMENT_ROLE
///     Suspended                 reinstateLicense     Active     ENFORCEMENT_ROLE
///     Draft, Active, Suspended  revokeLicense        Revoked    issuer or ENFORCEMENT_ROLE
///     Draft, Active, Suspended  renewLicense         unchanged  issuer (renewable licenses only)
///     Draft, Active, Suspended  updateTerms          unchanged  issuer
///     Draft, Active, Suspended  freeze / unfreeze    unchanged  ENFORCEMENT_ROLE
///     Active, not frozen        transfer             Active     holder or approved operator
///     any                       recordCompliance     unchanged  COMPLIANCE_ROLE
///     Expired (read)            recordExpiry         unchanged  anyone (history and event only)
///
/// Revoked is terminal: every call above on it reverts with `AlreadyRevoked`.
///
/// **Compliance gate.** Issuing, activating, transferring and sublicensing need the holder DID (the
/// receiving one for transfers and sublicenses, the granting one too for sublicenses) to be Valid in
/// the DID registry with a recorded risk score below `riskThreshold` (80 by default); otherwise
/// `ComplianceFailed`. A license restricted to some regions is issued, moved and sublicensed only to
/// holders whose DID region is among them (`HolderRegionNotAllowed`).
///
/// **Sublicenses** come only from an Active, unfrozen, sublicensable parent whose own parent chain is
/// usable; the child's royalty is at most the parent's, its expiry at most the parent's; children are
/// not sublicensable and nest at most `MAX_SUBLICENSE_DEPTH` deep. A child shares its parent's
/// jurisdiction and, until its issuer sets its own, its terms. **Read-through, not cascade:** a
/// suspended, revoked, frozen or expired parent leaves the child's own state untouched but makes the
/// child unusable (`isUsable`, transfers, sublicensing), at a cost of one storage read per level, so
/// at most `MAX_SUBLICENSE_DEPTH` extra reads whatever the number of children.
///
/// **Check order**, so that a failing call always names the same cause: role, existence, authority
/// over the license, state, arguments, compliance.
interface ILicenseRegistry {
    /// @notice What a license is for. `Sublicense` comes only from `createSublicense`.
    enum LicenseType {
        Standard,
        Sublicense,
        Educational,
        Enterprise,
        Research,
        Creative
    }

    /// @notice A license's state; `Expired` is derived from time, never stored.
    enum LicenseState {
        Draft,
        Active,
        Suspended,
        Revoked,
        Expired
    }

    /// @notice Where a license applies: a region code, a hash of the governing law reference, and
    /// the regions its holders must be in (empty: anywhere; at most 16 codes).
    struct Jurisdiction {
        bytes2 region;
        bytes32 lawRef;
        bytes2[] allowedRegions;
    }

    /// @notice What an issuer asks for in `issueLicense`.
    struct IssueRequest {
        bytes32 issuerDid;
        bytes32 holderDid;
        LicenseType licenseType;
        Jurisdiction jurisdiction;
        uint64 expiresAt;
        uint16 royaltyBps;
        bool renewable;
        bool sublicensable;
        string termsUri;
    }

    /// @notice A license as the registry reports it (state is the effective state at this block).
    struct License {
        uint256 id;
        uint256 parentId;
        bytes32 issuerDid;
        bytes32 holderDid;
        address holder;
        LicenseType licenseType;
        Jurisdiction jurisdiction;
        uint64 issuedAt;
        uint64 expiresAt;
        uint16 royaltyBps;
        LicenseState state;
        bool renewable;
        bool sublicensable;
        bool frozen;
        uint8 depth;
        address revokedBy;
        string termsUri;
    }

    /// @notice One entry of a license's state history.
    struct StateChange {
        LicenseState state;
        uint64 at;
    }

    /// @notice A license was issued (or a sublicense created) as token `id`.
    event LicenseIssued(uint256 indexed id, bytes32 indexed issuerDid, bytes32 indexed holderDid);

    /// @notice A Draft license became Active.
    event LicenseActivated(uint256 indexed id, address indexed by);

    /// @notice A renewable license got a later expiry.
    event LicenseRenewed(uint256 indexed id, uint64 previousExpiry, uint64 newExpiry);

    /// @notice An Active license was suspended; `reason` is an opaque code such as a DLA case id.
    event LicenseSuspended(uint256 indexed id, address indexed by, bytes32 reason);

    /// @notice A Suspended license became Active again.
    event LicenseReinstated(uint256 indexed id, address indexed by);

    /// @notice A license was revoked for good.
    event LicenseRevoked(uint256 indexed id, address indexed by, bytes32 reason);

    /// @notice A license's expiry passed and `recordExpiry` wrote it into the history.
    event LicenseExpired(uint256 indexed id, uint64 expiresAt);

    /// @notice The compliance role recorded the risk score of the license holder's DID.
    event ComplianceRecorded(uint256 indexed id, uint8 score);

    /// @notice The compliance role recorded a DID's risk score directly.
    event HolderRiskRecorded(bytes32 indexed didHash, uint8 score);

    /// @notice The holder of `parentId` created sublicense `childId`.
    event SublicenseCreated(uint256 indexed parentId, uint256 indexed childId);

    /// @notice The issuer replaced the terms URI.
    event TermsUpdated(uint256 indexed id, string termsUri);

    /// @notice Enforcement froze a license: it cannot move or be sublicensed.
    event LicenseFrozen(uint256 indexed id, address indexed by);

    /// @notice Enforcement lifted a freeze.
    event LicenseUnfrozen(uint256 indexed id, address indexed by);

    /// @notice Governance changed the risk threshold of the compliance gate.
    event RiskThresholdChanged(uint8 previous, uint8 next);

    /// @notice The caller may not do this to license `id` (0 when issuing).
    error NotAuthorized(address caller, uint256 id);

    /// @notice No license `id` exists.
    error LicenseNotFound(uint256 id);

    /// @notice License `id` reads as Expired (past `expiresAt`). Named `LicenseExpired` in the
    /// specification; Solidity forbids an error and an event of the same name in one contract.
    error LicenseHasExpired(uint256 id, uint64 expiresAt);

    /// @notice The call does not apply to a license in `state`.
    error InvalidState(uint256 id, LicenseState state);

    /// @notice A region code that is neither two uppercase letters nor the global code "ZZ", or more
    /// than 16 allowed regions (`region` is then zero).
    error InvalidJurisdiction(bytes2 region);

    /// @notice The royalty exceeds `maxBps` (10,000, or the parent's for a sublicense).
    error InvalidRoyalty(uint16 royaltyBps, uint16 maxBps);

    /// @notice License `id` is Revoked, which is terminal.
    error AlreadyRevoked(uint256 id);

    /// @notice `didHash` is not Valid in the DID registry, or its risk score is not below the
    /// threshold (`didHash` is zero when the account controls no DID).
    error ComplianceFailed(bytes32 didHash, uint8 riskScore, IDIDRegistry.Status status);

    /// @notice The holder's DID region is outside the license's allowed regions.
    error HolderRegionNotAllowed(bytes32 didHash, bytes2 region);

    /// @notice An expiry not after `notBefore` or after `notAfter`.
    error InvalidExpiry(uint64 expiresAt, uint64 notBefore, uint64 notAfter);

    /// @notice Renewal of a license that is not renewable.
    error NotRenewable(uint256 id);

    /// @notice The parent is not sublicensable, or is at the depth limit.
    error NotSublicensable(uint256 parentId);

    /// @notice License `id` is frozen, or its parent chain is not Active and unfrozen.
    error LicenseNotUsable(uint256 id);

    /// @notice `issueLicense` with the `Sublicense` type.
    error InvalidLicenseType(LicenseType licenseType);

    /// @notice An empty terms URI.
    error InvalidTerms();

    /// @notice Freezing a frozen license, or unfreezing one that is not frozen.
    error FreezeUnchanged(uint256 id, bool frozen);

    /// @notice A risk score above 100, or a threshold outside 1..=100.
    error InvalidScore(uint8 score);

    /// @notice The zero address where an account or the DID registry is required.
    error InvalidAccount(address account);

    /// @notice Issues a license in Draft and mints its token to the holder DID's controller.
    /// @dev Requirements: `ISSUER_ROLE`; the caller controls `issuerDid`, which passes the compliance
    /// gate like the holder's (Valid, risk score below the threshold); a type other
    /// than Sublicense; valid region codes (at most 16 allowed regions); royalty at most 10,000 bps;
    /// an expiry after now; a non-empty terms URI; the holder passes the compliance gate and the
    /// region restriction. Emits `LicenseIssued`, `Transfer`.
    /// @return id The license id (see the interface documentation).
    function issueLicense(IssueRequest calldata request) external returns (uint256 id);

    /// @notice Puts a Draft license into force.
    /// @dev Requirements: the issuer; Draft and not expired; the holder passes the compliance gate.
    /// Emits `LicenseActivated`, `MetadataUpdate`.
    function activateLicense(uint256 id) external;

    /// @notice Extends a renewable license, expired or not.
    /// @dev Requirements: the issuer; not Revoked; renewable; `newExpiry` after both now and the
    /// current expiry. Emits `LicenseRenewed`, `MetadataUpdate`.
    function renewLicense(uint256 id, uint64 newExpiry) external;

    /// @notice Suspends an Active license.
    /// @dev Requirements: `ENFORCEMENT_ROLE`; Active and not expired. Emits `LicenseSuspended`,
    /// `MetadataUpdate`.
    function suspendLicense(uint256 id, bytes32 reason) external;

    /// @notice Puts a Suspended license back into force.
    /// @dev Requirements: `ENFORCEMENT_ROLE`; Suspended and not expired. Emits `LicenseReinstated`,
    /// `MetadataUpdate`.
    function reinstateLicense(uint256 id) external;

    /// @notice Revokes a license for good; the token stays with its holder and can no longer move.
    /// @dev Requirements: the issuer or `ENFORCEMENT_ROLE`; not Revoked, not expired. Records the
    /// caller as `revokedBy`. Emits `LicenseRevoked`, `MetadataUpdate`.
    function revokeLicense(uint256 id, bytes32 reason) external;

    /// @notice Creates a sublicense of `parentId` for `newHolderDid`, Active at once, minted to that
    /// DID's controller.
    /// @dev Requirements: the holder of the parent; parent Active, not expired, usable, sublicensable,
    /// below the depth limit; royalty at most the parent's; expiry after now and at most the
    /// parent's; the granting and the receiving holder pass the compliance gate; the receiving
    /// holder's region is allowed. The child's issuer DID is the parent holder's DID. Emits
    /// `LicenseIssued`, `SublicenseCreated`, `Transfer`.
    /// @return childId The sublicense's id.
    function createSublicense(uint256 parentId, bytes32 newHolderDid, uint16 royaltyBps, uint64 expiresAt)
        external
        returns (uint256 childId);

    /// @notice Replaces the terms URI.
    /// @dev Requirements: the issuer; not Revoked, not expired; non-empty. Emits `TermsUpdated`,
    /// `MetadataUpdate`.
    function updateTerms(uint256 id, string calldata termsUri) external;

    /// @notice Records the risk score (0..=100) of license `id`'s holder DID.
    /// @dev Requirements: `COMPLIANCE_ROLE`; the license exists and its holder controls a DID. Emits
    /// `ComplianceRecorded`.
    function recordCompliance(uint256 id, uint8 score) external;

    /// @notice Records the risk score (0..=100) of a DID, for holders who hold no license yet.
    /// @dev Requirements: `COMPLIANCE_ROLE`. Emits `HolderRiskRecorded`.
    function recordHolderRisk(bytes32 didHash, uint8 score) external;

    /// @notice Freezes a license so that it cannot move or be sublicensed.
    /// @dev Requirements: `ENFORCEMENT_ROLE`; not Revoked, not expired, not frozen. Emits
    /// `LicenseFrozen`, `MetadataUpdate`.
    function freezeLicense(uint256 id) external;

    /// @notice Lifts a freeze.
    /// @dev Requirements: `ENFORCEMENT_ROLE`; not Revoked, not expired, frozen. Emits
    /// `LicenseUnfrozen`, `MetadataUpdate`.
    function unfreezeLicense(uint256 id) external;

    /// @notice Writes a passed expiry into the history, once per expiry, so that indexers see it.
    /// @dev Requirements: the license reads as Expired and its expiry is not recorded yet. Anyone
    /// may call. Emits `LicenseExpired`, `MetadataUpdate`.
    function recordExpiry(uint256 id) external;

    /// @notice Sets the risk threshold of the compliance gate (a score must be below it).
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`; 1..=100. Emits `RiskThresholdChanged`.
    function setRiskThreshold(uint8 threshold) external;

    /// @notice The license `id`; reverts with `LicenseNotFound` if there is none.
    function getLicense(uint256 id) external view returns (License memory);

    /// @notice The effective state of `id` at this block.
    function stateOf(uint256 id) external view returns (LicenseState);

    /// @notice Whether `id` is Active, unexpired, unfrozen and its parent chain is too.
    function isUsable(uint256 id) external view returns (bool);

    /// @notice The recorded states of `id`, oldest first; the first entry is the issuance.
    function stateHistory(uint256 id) external view returns (StateChange[] memory);

    /// @notice How many licenses `issuerDid` has issued, which is also its next nonce.
    function nextNonce(bytes32 issuerDid) external view returns (uint256);

    /// @notice Up to `limit` ids issued by `issuerDid`, from position `start`, oldest first.
    function licensesOfIssuer(bytes32 issuerDid, uint256 start, uint256 limit)
        external
        view
        returns (uint256[] memory ids);

    /// @notice Up to `limit` ids held by `holder` (at most 1,000 per page), scanning issuance order from
    /// `cursor` (0 to begin); `next` is the cursor to continue from, 0 when the scan is complete. A
    /// `limit` of 0 returns nothing and `next == cursor`.
    /// @dev A scan, not an index, so that transfers stay cheap; use it from `eth_call`.
    function licensesOfHolder(address holder, uint256 cursor, uint256 limit)
        external
        view
        returns (uint256[] memory ids, uint256 next);

    /// @notice The recorded risk score of `didHash` (0 when none was recorded).
    function riskScoreOf(bytes32 didHash) external view returns (uint8);

    /// @notice The risk threshold of the compliance gate.
    function riskThreshold() external view returns (uint8);

    /// @notice The id of the license `(issuerDid, holderDid, nonce)` would get.
    function computeLicenseId(bytes32 issuerDid, bytes32 holderDid, uint256 nonce)
        external
        pure
        returns (uint256);

    /// @notice The DID registry the compliance gate reads.
    function didRegistry() external view returns (IDIDRegistry);
}
