// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC2981} from "@openzeppelin/contracts/interfaces/IERC2981.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IDIDRegistry} from "../interfaces/IDIDRegistry.sol";
import {ILicenseRegistry} from "../interfaces/ILicenseRegistry.sol";
import {RegionSet} from "./RegionSet.sol";

/// @title LicenseRegistry
/// @notice The CHLOM Smart-License registry: licenses as ERC-721 tokens with ERC-2981 royalties and
/// ERC-4906 metadata events. See {ILicenseRegistry} for ids, roles, the lifecycle, the compliance
/// gate and sublicenses.
/// @dev Storage budget of a license: two slots always (issuer DID; one packed word of times,
/// royalty, region, type, state and flags), plus the terms URI (one slot up to 31 bytes, omitted
/// for sublicenses), the law reference and the allowed regions (one slot each, only when set), the
/// parent id (sublicenses), `revokedBy` (once revoked) and one slot per history entry after
/// issuance; beside them OpenZeppelin's owner and balance slots and one slot in the issuer index.
/// The holder DID is not stored: it is the DID the token owner controls, read from the DID registry.
///
/// ERC-2981 is implemented directly rather than through OpenZeppelin's `ERC2981`, whose per-token
/// storage would duplicate `royaltyBps` and cost a slot per license; the receiver is whoever
/// controls the issuer DID.
contract LicenseRegistry is ERC721, AccessControl, IERC2981, IERC4906, ILicenseRegistry {
    /// @notice The role allowed to issue licenses.
    bytes32 public constant ISSUER_ROLE = keccak256("CHLOM_ISSUER_ROLE");

    /// @notice The role allowed to record risk scores.
    bytes32 public constant COMPLIANCE_ROLE = keccak256("CHLOM_COMPLIANCE_ROLE");

    /// @notice The role of DLA enforcement and the bus gateway: suspend, reinstate, revoke, freeze.
    bytes32 public constant ENFORCEMENT_ROLE = keccak256("CHLOM_ENFORCEMENT_ROLE");

    /// @notice The largest royalty, in basis points (100%).
    uint16 public constant MAX_ROYALTY_BPS = 10_000;

    /// @notice How many sublicense levels may sit below an original license.
    uint8 public constant MAX_SUBLICENSE_DEPTH = 1;

    /// @notice The most ids one `licensesOfHolder` page returns.
    uint256 public constant MAX_PAGE = 1000;

    /// @notice The risk threshold a new registry starts with.
    uint8 public constant DEFAULT_RISK_THRESHOLD = 80;

    /// @dev The largest risk score (and threshold).
    uint8 private constant _MAX_SCORE = 100;

    /// @dev What the registry stores of a license; slot 1 packs 32 bytes.
    struct LicenseRecord {
        bytes32 issuerDid;
        uint64 issuedAt;
        uint64 expiresAt;
        uint16 royaltyBps;
        bytes2 region;
        LicenseType licenseType;
        LicenseState state;
        bool renewable;
        bool sublicensable;
        bool frozen;
        bool restricted;
        bool expiryRecorded;
        uint8 depth;
        uint32 historyLength;
        bytes32 lawRef;
        bytes32 allowedRegions;
        uint256 parentId;
        address revokedBy;
        string termsUri;
    }

    IDIDRegistry private immutable _dids;

    mapping(uint256 id => LicenseRecord) private _licenses;
    /// @dev History entries after issuance: `uint256(state) << 64 | timestamp`.
    mapping(uint256 id => mapping(uint256 index => uint256 entry)) private _history;
    mapping(bytes32 issuerDid => uint256[] ids) private _issued;
    /// @dev Every DID that has issued, in order of its first issuance (for `licensesOfHolder`).
    bytes32[] private _issuers;
    mapping(bytes32 didHash => uint8 score) private _riskScores;
    uint8 private _riskThreshold;

    /// @notice Deploys the registry.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE`; must not be zero.
    /// @param dids The DID registry of the compliance gate; must not be zero.
    constructor(address admin, IDIDRegistry dids) ERC721("CHLOM Smart License", "CHLOM-L") {
        if (admin == address(0)) revert InvalidAccount(admin);
        if (address(dids) == address(0)) revert InvalidAccount(address(dids));
        _dids = dids;
        _riskThreshold = DEFAULT_RISK_THRESHOLD;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ lifecycle

    /// @inheritdoc ILicenseRegistry
    function issueLicense(IssueRequest calldata request) external onlyRole(ISSUER_ROLE) returns (uint256 id) {
        (bytes32 callerDid,, IDIDRegistry.Status callerStatus) = _dids.standingOf(msg.sender);
        if (callerDid != request.issuerDid || callerDid == bytes32(0)) revert NotAuthorized(msg.sender, 0);
        if (request.licenseType == LicenseType.Sublicense) revert InvalidLicenseType(request.licenseType);
        bytes32 allowedRegions = _checkJurisdiction(request.jurisdiction);
        if (request.royaltyBps > MAX_ROYALTY_BPS) revert InvalidRoyalty(request.royaltyBps, MAX_ROYALTY_BPS);
        if (request.expiresAt <= block.timestamp) {
            revert InvalidExpiry(request.expiresAt, uint64(block.timestamp), type(uint64).max);
        }
        if (bytes(request.termsUri).length == 0) revert InvalidTerms();
        _requireCompliant(callerDid, callerStatus);
        (address holder, bytes2 holderRegion, IDIDRegistry.Status holderStatus) =
            _dids.controllerOf(request.holderDid);
        _requireCompliant(request.holderDid, holderStatus);
        if (allowedRegions != bytes32(0)) _requireRegion(allowedRegions, request.holderDid, holderRegion);

        id = _newId(request.issuerDid, request.holderDid);
        LicenseRecord storage record = _licenses[id];
        record.issuerDid = request.issuerDid;
        record.issuedAt = uint64(block.timestamp);
        record.expiresAt = request.expiresAt;
        record.royaltyBps = request.royaltyBps;
        record.region = request.jurisdiction.region;
        record.licenseType = request.licenseType;
        record.renewable = request.renewable;
        record.sublicensable = request.sublicensable;
        record.restricted = allowedRegions != bytes32(0);
        if (request.jurisdiction.lawRef != bytes32(0)) record.lawRef = request.jurisdiction.lawRef;
        if (allowedRegions != bytes32(0)) record.allowedRegions = allowedRegions;
        record.termsUri = request.termsUri;

        emit LicenseIssued(id, request.issuerDid, request.holderDid);
        _mint(holder, id);
    }

    /// @inheritdoc ILicenseRegistry
    function activateLicense(uint256 id) external {
        LicenseRecord storage record = _existing(id);
        _requireIssuer(id, record);
        _requireLive(id, record);
        if (record.state != LicenseState.Draft) revert InvalidState(id, record.state);
        (bytes32 holderDid,, IDIDRegistry.Status status) = _dids.standingOf(_ownerOf(id));
        _requireCompliant(holderDid, status);

        _setState(id, record, LicenseState.Active);
        emit LicenseActivated(id, msg.sender);
    }

    /// @inheritdoc ILicenseRegistry
    function renewLicense(uint256 id, uint64 newExpiry) external {
        LicenseRecord storage record = _existing(id);
        _requireIssuer(id, record);
        if (record.state == LicenseState.Revoked) revert AlreadyRevoked(id);
        if (!record.renewable) {
            if (block.timestamp > record.expiresAt) revert LicenseHasExpired(id, record.expiresAt);
            revert NotRenewable(id);
        }
        uint64 previous = record.expiresAt;
        uint64 earliest = uint64(Math.max(previous, block.timestamp));
        if (newExpiry <= earliest) revert InvalidExpiry(newExpiry, earliest, type(uint64).max);

        record.expiresAt = newExpiry;
        if (record.expiryRecorded) {
            record.expiryRecorded = false;
            _appendHistory(id, record, record.state);
        }
        emit LicenseRenewed(id, previous, newExpiry);
        emit MetadataUpdate(id);
    }

    /// @inheritdoc ILicenseRegistry
    function suspendLicense(uint256 id, bytes32 reason) external onlyRole(ENFORCEMENT_ROLE) {
        LicenseRecord storage record = _existing(id);
        _requireLive(id, record);
        if (record.state != LicenseState.Active) revert InvalidState(id, record.state);

        _setState(id, record, LicenseState.Suspended);
        emit LicenseSuspended(id, msg.sender, reason);
    }

    /// @inheritdoc ILicenseRegistry
    function reinstateLicense(uint256 id) external onlyRole(ENFORCEMENT_ROLE) {
        LicenseRecord storage record = _existing(id);
        _requireLive(id, record);
        if (record.state != LicenseState.Suspended) revert InvalidState(id, record.state);

        _setState(id, record, LicenseState.Active);
        emit LicenseReinstated(id, msg.sender);
    }

    /// @inheritdoc ILicenseRegistry
    function revokeLicense(uint256 id, bytes32 reason) external {
        LicenseRecord storage record = _existing(id);
        if (!hasRole(ENFORCEMENT_ROLE, msg.sender)) _requireIssuer(id, record);
        _requireLive(id, record);

        record.revokedBy = msg.sender;
        _setState(id, record, LicenseState.Revoked);
        emit LicenseRevoked(id, msg.sender, reason);
    }

    /// @inheritdoc ILicenseRegistry
    function createSublicense(uint256 parentId, bytes32 newHolderDid, uint16 royaltyBps, uint64 expiresAt)
        external
        returns (uint256 childId)
    {
        LicenseRecord storage parent = _existing(parentId);
        if (_ownerOf(parentId) != msg.sender) revert NotAuthorized(msg.sender, parentId);
        _requireUsable(parentId, parent);
        if (!parent.sublicensable || parent.depth >= MAX_SUBLICENSE_DEPTH) revert NotSublicensable(parentId);
        if (royaltyBps > parent.royaltyBps) revert InvalidRoyalty(royaltyBps, parent.royaltyBps);
        if (expiresAt <= block.timestamp || expiresAt > parent.expiresAt) {
            revert InvalidExpiry(expiresAt, uint64(block.timestamp), parent.expiresAt);
        }
        (bytes32 grantorDid,, IDIDRegistry.Status grantorStatus) = _dids.standingOf(msg.sender);
        _requireCompliant(grantorDid, grantorStatus);
        (address holder, bytes2 holderRegion, IDIDRegistry.Status holderStatus) =
            _dids.controllerOf(newHolderDid);
        _requireCompliant(newHolderDid, holderStatus);
        if (parent.restricted) _requireRegion(_allowedRegions(parent), newHolderDid, holderRegion);

        childId = _newId(grantorDid, newHolderDid);
        LicenseRecord storage child = _licenses[childId];
        child.issuerDid = grantorDid;
        child.issuedAt = uint64(block.timestamp);
        child.expiresAt = expiresAt;
        child.royaltyBps = royaltyBps;
        child.region = parent.region;
        child.licenseType = LicenseType.Sublicense;
        child.state = LicenseState.Active;
        child.restricted = parent.restricted;
        child.depth = parent.depth + 1;
        child.parentId = parentId;

        emit LicenseIssued(childId, grantorDid, newHolderDid);
        emit SublicenseCreated(parentId, childId);
        _mint(holder, childId);
    }

    /// @inheritdoc ILicenseRegistry
    function updateTerms(uint256 id, string calldata termsUri) external {
        LicenseRecord storage record = _existing(id);
        _requireIssuer(id, record);
        _requireLive(id, record);
        if (bytes(termsUri).length == 0) revert InvalidTerms();

        record.termsUri = termsUri;
        emit TermsUpdated(id, termsUri);
        emit MetadataUpdate(id);
    }

    /// @inheritdoc ILicenseRegistry
    function recordCompliance(uint256 id, uint8 score) external onlyRole(COMPLIANCE_ROLE) {
        _existing(id);
        if (score > _MAX_SCORE) revert InvalidScore(score);
        address holder = _ownerOf(id);
        bytes32 holderDid = _dids.didOf(holder);
        if (holderDid == bytes32(0)) revert InvalidAccount(holder);

        _riskScores[holderDid] = score;
        emit ComplianceRecorded(id, score);
    }

    /// @inheritdoc ILicenseRegistry
    function recordHolderRisk(bytes32 didHash, uint8 score) external onlyRole(COMPLIANCE_ROLE) {
        if (score > _MAX_SCORE) revert InvalidScore(score);
        _riskScores[didHash] = score;
        emit HolderRiskRecorded(didHash, score);
    }

    /// @inheritdoc ILicenseRegistry
    function freezeLicense(uint256 id) external onlyRole(ENFORCEMENT_ROLE) {
        _setFrozen(id, true);
        emit LicenseFrozen(id, msg.sender);
    }

    /// @inheritdoc ILicenseRegistry
    function unfreezeLicense(uint256 id) external onlyRole(ENFORCEMENT_ROLE) {
        _setFrozen(id, false);
        emit LicenseUnfrozen(id, msg.sender);
    }

    /// @inheritdoc ILicenseRegistry
    function recordExpiry(uint256 id) external {
        LicenseRecord storage record = _existing(id);
        if (record.state == LicenseState.Revoked) revert AlreadyRevoked(id);
        if (block.timestamp <= record.expiresAt) revert InvalidState(id, record.state);
        if (record.expiryRecorded) revert InvalidState(id, LicenseState.Expired);

        record.expiryRecorded = true;
        _appendHistory(id, record, LicenseState.Expired);
        emit LicenseExpired(id, record.expiresAt);
        emit MetadataUpdate(id);
    }

    /// @inheritdoc ILicenseRegistry
    function setRiskThreshold(uint8 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (threshold == 0 || threshold > _MAX_SCORE) revert InvalidScore(threshold);
        uint8 previous = _riskThreshold;
        _riskThreshold = threshold;
        emit RiskThresholdChanged(previous, threshold);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ILicenseRegistry
    function getLicense(uint256 id) external view returns (License memory license) {
        LicenseRecord storage record = _existing(id);
        LicenseRecord storage root = _root(record);
        address holder = _ownerOf(id);
        license.id = id;
        license.parentId = record.parentId;
        license.issuerDid = record.issuerDid;
        license.holderDid = _dids.didOf(holder);
        license.holder = holder;
        license.licenseType = record.licenseType;
        license.jurisdiction = Jurisdiction(record.region, root.lawRef, RegionSet.unpack(root.allowedRegions));
        license.issuedAt = record.issuedAt;
        license.expiresAt = record.expiresAt;
        license.royaltyBps = record.royaltyBps;
        license.state = _effectiveState(record);
        license.renewable = record.renewable;
        license.sublicensable = record.sublicensable;
        license.frozen = record.frozen;
        license.depth = record.depth;
        license.revokedBy = record.revokedBy;
        license.termsUri = _terms(record);
    }

    /// @inheritdoc ILicenseRegistry
    function stateOf(uint256 id) external view returns (LicenseState) {
        return _effectiveState(_existing(id));
    }

    /// @inheritdoc ILicenseRegistry
    function isUsable(uint256 id) external view returns (bool) {
        LicenseRecord storage record = _licenses[id];
        if (record.issuerDid == bytes32(0)) return false;
        while (!record.frozen && _effectiveState(record) == LicenseState.Active) {
            if (record.depth == 0) return true;
            record = _licenses[record.parentId];
        }
        return false;
    }

    /// @inheritdoc ILicenseRegistry
    function stateHistory(uint256 id) external view returns (StateChange[] memory changes) {
        LicenseRecord storage record = _existing(id);
        uint256 stored = record.historyLength;
        changes = new StateChange[](stored + 1);
        LicenseState initial = record.depth == 0 ? LicenseState.Draft : LicenseState.Active;
        changes[0] = StateChange(initial, record.issuedAt);
        for (uint256 i = 0; i < stored; ++i) {
            uint256 entry = _history[id][i];
            // Entries are written by `_appendHistory` as `state << 64 | timestamp`; both casts undo it.
            // forge-lint: disable-next-line(unsafe-typecast)
            changes[i + 1] = StateChange(LicenseState(uint8(entry >> 64)), uint64(entry));
        }
    }

    /// @inheritdoc ILicenseRegistry
    function nextNonce(bytes32 issuerDid) external view returns (uint256) {
        return _issued[issuerDid].length;
    }

    /// @inheritdoc ILicenseRegistry
    function licensesOfIssuer(bytes32 issuerDid, uint256 start, uint256 limit)
        external
        view
        returns (uint256[] memory ids)
    {
        uint256[] storage issued = _issued[issuerDid];
        uint256 count = start < issued.length ? Math.min(limit, issued.length - start) : 0;
        ids = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            ids[i] = issued[start + i];
        }
    }

    /// @inheritdoc ILicenseRegistry
    /// @dev The cursor is `issuerIndex << 128 | position` in the issuer index.
    function licensesOfHolder(address holder, uint256 cursor, uint256 limit)
        external
        view
        returns (uint256[] memory ids, uint256 next)
    {
        if (limit == 0) return (new uint256[](0), cursor);
        if (limit > MAX_PAGE) limit = MAX_PAGE;
        uint256[] memory found = new uint256[](limit);
        uint256 count = 0;
        uint256 issuer = cursor >> 128;
        // The low half of the cursor is the position; the high half was taken above.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 position = uint128(cursor);
        for (; issuer < _issuers.length; ++issuer) {
            uint256[] storage issued = _issued[_issuers[issuer]];
            for (; position < issued.length; ++position) {
                if (count == limit) {
                    next = issuer << 128 | position;
                    issuer = _issuers.length;
                    break;
                }
                if (_ownerOf(issued[position]) == holder) found[count++] = issued[position];
            }
            if (issuer < _issuers.length) position = 0;
        }
        ids = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            ids[i] = found[i];
        }
    }

    /// @inheritdoc ILicenseRegistry
    function riskScoreOf(bytes32 didHash) external view returns (uint8) {
        return _riskScores[didHash];
    }

    /// @inheritdoc ILicenseRegistry
    function riskThreshold() external view returns (uint8) {
        return _riskThreshold;
    }

    /// @inheritdoc ILicenseRegistry
    function computeLicenseId(bytes32 issuerDid, bytes32 holderDid, uint256 nonce)
        public
        pure
        returns (uint256)
    {
        return uint256(keccak256(abi.encode(issuerDid, holderDid, nonce)));
    }

    /// @inheritdoc ILicenseRegistry
    function didRegistry() external view returns (IDIDRegistry) {
        return _dids;
    }

    /// @notice ERC-2981: the issuer DID's controller receives `royaltyBps` of `salePrice`.
    /// @dev Reverts with `LicenseNotFound` for an unknown id.
    function royaltyInfo(uint256 tokenId, uint256 salePrice)
        external
        view
        returns (address receiver, uint256 royaltyAmount)
    {
        LicenseRecord storage record = _existing(tokenId);
        (receiver,,) = _dids.controllerOf(record.issuerDid);
        // Exact floor(salePrice * bps / 10,000) without the product overflowing.
        uint256 bps = record.royaltyBps;
        royaltyAmount =
            salePrice / MAX_ROYALTY_BPS * bps + salePrice % MAX_ROYALTY_BPS * bps / MAX_ROYALTY_BPS;
    }

    /// @notice The license's terms URI (a sublicense without its own reads its parent's).
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return _terms(_licenses[tokenId]);
    }

    /// @notice ERC-165: ERC-721, ERC-721 metadata, ERC-2981, ERC-4906 and AccessControl.
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC721, AccessControl, IERC165)
        returns (bool)
    {
        return interfaceId == type(IERC2981).interfaceId || interfaceId == bytes4(0x49064906)
            || ERC721.supportsInterface(interfaceId) || AccessControl.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Gates every transfer (not mints): authorization first, as OpenZeppelin would, then the
    /// license must be usable and the receiver must pass the compliance gate and region check.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address from = _ownerOf(tokenId);
        if (from != address(0) && to != address(0)) {
            if (auth != address(0)) _checkAuthorized(from, auth, tokenId);
            LicenseRecord storage record = _licenses[tokenId];
            _requireUsable(tokenId, record);
            (bytes32 receiverDid, bytes2 receiverRegion, IDIDRegistry.Status status) = _dids.standingOf(to);
            _requireCompliant(receiverDid, status);
            if (record.restricted) _requireRegion(_allowedRegions(record), receiverDid, receiverRegion);
            auth = address(0);
        }
        return super._update(to, tokenId, auth);
    }

    function _newId(bytes32 issuerDid, bytes32 holderDid) private returns (uint256 id) {
        uint256[] storage issued = _issued[issuerDid];
        uint256 nonce = issued.length;
        if (nonce == 0) _issuers.push(issuerDid);
        id = computeLicenseId(issuerDid, holderDid, nonce);
        issued.push(id);
    }

    function _checkJurisdiction(Jurisdiction calldata jurisdiction) private pure returns (bytes32) {
        if (!RegionSet.isValid(jurisdiction.region)) revert InvalidJurisdiction(jurisdiction.region);
        bytes2[] calldata allowed = jurisdiction.allowedRegions;
        if (allowed.length > RegionSet.MAX_REGIONS) revert InvalidJurisdiction(bytes2(0));
        for (uint256 i = 0; i < allowed.length; ++i) {
            if (!RegionSet.isValid(allowed[i])) revert InvalidJurisdiction(allowed[i]);
        }
        return RegionSet.pack(allowed);
    }

    function _requireCompliant(bytes32 didHash, IDIDRegistry.Status status) private view {
        uint8 score = _riskScores[didHash];
        if (didHash == bytes32(0) || status != IDIDRegistry.Status.Valid || score >= _riskThreshold) {
            revert ComplianceFailed(didHash, score, status);
        }
    }

    function _requireRegion(bytes32 allowedRegions, bytes32 didHash, bytes2 region) private pure {
        if (!RegionSet.contains(allowedRegions, region)) revert HolderRegionNotAllowed(didHash, region);
    }

    function _requireIssuer(uint256 id, LicenseRecord storage record) private view {
        (address controller,,) = _dids.controllerOf(record.issuerDid);
        if (controller != msg.sender) revert NotAuthorized(msg.sender, id);
    }

    /// @dev Not Revoked and not past its expiry.
    function _requireLive(uint256 id, LicenseRecord storage record) private view {
        if (record.state == LicenseState.Revoked) revert AlreadyRevoked(id);
        if (block.timestamp > record.expiresAt) revert LicenseHasExpired(id, record.expiresAt);
    }

    /// @dev Active, unexpired and unfrozen, and so is every ancestor (read through, at most
    /// `MAX_SUBLICENSE_DEPTH` extra reads).
    function _requireUsable(uint256 id, LicenseRecord storage record) private view {
        _requireLive(id, record);
        if (record.state != LicenseState.Active) revert InvalidState(id, record.state);
        if (record.frozen) revert LicenseNotUsable(id);
        LicenseRecord storage ancestor = record;
        while (ancestor.depth != 0) {
            ancestor = _licenses[ancestor.parentId];
            if (ancestor.frozen || _effectiveState(ancestor) != LicenseState.Active) {
                revert LicenseNotUsable(id);
            }
        }
    }

    function _setFrozen(uint256 id, bool frozen) private {
        LicenseRecord storage record = _existing(id);
        _requireLive(id, record);
        if (record.frozen == frozen) revert FreezeUnchanged(id, record.frozen);
        record.frozen = frozen;
        emit MetadataUpdate(id);
    }

    function _setState(uint256 id, LicenseRecord storage record, LicenseState next) private {
        record.state = next;
        _appendHistory(id, record, next);
        emit MetadataUpdate(id);
    }

    function _appendHistory(uint256 id, LicenseRecord storage record, LicenseState state) private {
        uint32 index = record.historyLength;
        _history[id][index] = uint256(state) << 64 | block.timestamp;
        record.historyLength = index + 1;
    }

    function _existing(uint256 id) private view returns (LicenseRecord storage record) {
        record = _licenses[id];
        if (record.issuerDid == bytes32(0)) revert LicenseNotFound(id);
    }

    /// @dev The original license above a sublicense, which holds the shared jurisdiction.
    function _root(LicenseRecord storage record) private view returns (LicenseRecord storage root) {
        root = record;
        while (root.depth != 0) root = _licenses[root.parentId];
    }

    function _allowedRegions(LicenseRecord storage record) private view returns (bytes32) {
        return _root(record).allowedRegions;
    }

    function _terms(LicenseRecord storage record) private view returns (string memory) {
        LicenseRecord storage source = record;
        while (bytes(source.termsUri).length == 0 && source.depth != 0) source = _licenses[source.parentId];
        return source.termsUri;
    }

    function _effectiveState(LicenseRecord storage record) private view returns (LicenseState) {
        if (record.state != LicenseState.Revoked && block.timestamp > record.expiresAt) {
            return LicenseState.Expired;
        }
        return record.state;
    }
}
