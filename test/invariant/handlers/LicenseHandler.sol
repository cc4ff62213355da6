// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DIDRegistry} from "../../../contracts/solidity/identity/DIDRegistry.sol";
import {IDIDRegistry} from "../../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {ILicenseRegistry} from "../../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {LicenseRegistry} from "../../../contracts/solidity/licensing/LicenseRegistry.sol";
import {LicenseFixture} from "../../support/LicenseFixture.sol";

/// @notice Drives the license registry with bounded random calls from the fixture's actors and keeps
/// an independent model of every license (stored state, expiry, freeze, owner, history length) and
/// of the compliance gate (DID status, risk scores, threshold).
/// @dev Every registry call runs in try/catch, so that the handler never reverts (fail_on_revert):
/// each outcome is compared with the model's prediction and a disagreement is counted in
/// `mismatches` (the invariant test reports `lastMismatch`). A transfer that succeeded although the
/// license was not usable just before is counted in `badTransfers` as well.
contract LicenseHandler is LicenseFixture {
    uint8 internal constant DRAFT_ = uint8(ILicenseRegistry.LicenseState.Draft);
    uint8 internal constant ACTIVE_ = uint8(ILicenseRegistry.LicenseState.Active);
    uint8 internal constant SUSPENDED_ = uint8(ILicenseRegistry.LicenseState.Suspended);
    uint8 internal constant REVOKED_ = uint8(ILicenseRegistry.LicenseState.Revoked);
    uint8 internal constant EXPIRED_ = uint8(ILicenseRegistry.LicenseState.Expired);

    /// @notice The model of one license.
    struct Ghost {
        uint8 stored;
        bool frozen;
        bool renewable;
        bool sublicensable;
        bool expiryRecorded;
        bool everRevoked;
        uint8 regionSet;
        uint16 royalty;
        uint64 expiresAt;
        uint256 parent;
        bytes32 issuerDid;
        address owner;
        uint256 historyLength;
        uint16 parentRoyaltyAtCreation;
        uint64 parentExpiryAtCreation;
    }

    uint256[] public ids;
    mapping(uint256 id => Ghost) internal _ghosts;

    /// @dev The compliance model.
    mapping(bytes32 didHash => uint8) internal _score;
    mapping(bytes32 didHash => bool) internal _suspended;
    uint8 internal _threshold = 80;

    uint256 public mismatches;
    string public lastMismatch;
    uint256 public badTransfers;
    uint256 public illegalTransitions;
    uint256 public minted;
    uint256 public successfulTransfers;
    mapping(string op => uint256) public successes;
    mapping(string op => uint256) public attempts;

    constructor(LicenseRegistry registry_, DIDRegistry dids_) {
        registry = registry_;
        dids = dids_;
    }

    // ------------------------------------------------------------------ actors and model

    /// @dev The five actors with a Valid DID, then STRANGER (no DID).
    function _actor(uint256 seed) internal pure returns (address) {
        address[6] memory actors = [ISSUER, ISSUER2, HOLDER, HOLDER2, HOLDER3, STRANGER];
        return actors[seed % 6];
    }

    function _didOf(address account) internal pure returns (bytes32) {
        if (account == ISSUER) return ISSUER_DID;
        if (account == ISSUER2) return ISSUER2_DID;
        if (account == HOLDER) return HOLDER_DID;
        if (account == HOLDER2) return HOLDER2_DID;
        if (account == HOLDER3) return HOLDER3_DID;
        return bytes32(0);
    }

    function _controllerOf(bytes32 didHash) internal pure returns (address) {
        if (didHash == ISSUER_DID) return ISSUER;
        if (didHash == ISSUER2_DID) return ISSUER2;
        if (didHash == HOLDER_DID) return HOLDER;
        if (didHash == HOLDER2_DID) return HOLDER2;
        if (didHash == HOLDER3_DID) return HOLDER3;
        return address(0);
    }

    function _regionOf(address account) internal pure returns (bytes2) {
        if (account == ISSUER || account == HOLDER) return US;
        if (account == ISSUER2) return DE;
        if (account == HOLDER2) return FR;
        if (account == HOLDER3) return JP;
        return bytes2(0);
    }

    /// @dev The region sets licenses are issued with: anywhere, {US}, {US, FR}, {DE, JP}.
    function _regionSet(uint8 set) internal pure returns (bytes2[] memory regions) {
        if (set == 0) return new bytes2[](0);
        if (set == 1) return _regions(US);
        if (set == 2) return _regions(US, FR);
        return _regions(DE, JP);
    }

    function _regionAllowed(uint8 set, bytes2 region) internal pure returns (bool) {
        if (set == 0) return true;
        if (set == 1) return region == US;
        if (set == 2) return region == US || region == FR;
        return region == DE || region == JP;
    }

    function _compliant(bytes32 didHash) internal view returns (bool) {
        return didHash != bytes32(0) && !_suspended[didHash] && _score[didHash] < _threshold;
    }

    function _expired(Ghost storage g) internal view returns (bool) {
        return g.stored != REVOKED_ && block.timestamp > g.expiresAt;
    }

    /// @notice The model's effective state of `id`.
    function ghostState(uint256 id) public view returns (uint8) {
        Ghost storage g = _ghosts[id];
        return _expired(g) ? EXPIRED_ : g.stored;
    }

    /// @notice The model's answer to `isUsable(id)`.
    function ghostUsable(uint256 id) public view returns (bool) {
        Ghost storage g = _ghosts[id];
        if (g.frozen || ghostState(id) != ACTIVE_) return false;
        return g.parent == 0 || ghostUsable(g.parent);
    }

    function _root(uint256 id) internal view returns (Ghost storage g) {
        g = _ghosts[id];
        if (g.parent != 0) g = _ghosts[g.parent];
    }

    function _pick(uint256 seed) internal view returns (uint256 id, bool ok) {
        if (ids.length == 0) return (0, false);
        return (ids[seed % ids.length], true);
    }

    /// @dev One time in four any license; otherwise the first usable one (sublicensable too if
    /// `sublicensable`) from a random start, so that transfers and sublicenses succeed often while
    /// every failure path still runs.
    function _pickUsable(uint256 seed, bool sublicensable) internal view returns (uint256 id, bool ok) {
        (id, ok) = _pick(seed >> 2);
        if (!ok || seed % 4 == 0) return (id, ok);
        uint256 start = (seed >> 2) % ids.length;
        for (uint256 k = 0; k < ids.length; k++) {
            uint256 candidate = ids[(start + k) % ids.length];
            if (ghostUsable(candidate) && (!sublicensable || _ghosts[candidate].sublicensable)) {
                return (candidate, true);
            }
        }
    }

    /// @dev The stored state as the contract's history records it: its last entry that is not an
    /// Expired marker.
    function _storedFromHistory(uint256 id) internal view returns (uint8 state) {
        ILicenseRegistry.StateChange[] memory history = registry.stateHistory(id);
        for (uint256 i = history.length; i > 0; i--) {
            if (history[i - 1].state != ILicenseRegistry.LicenseState.Expired) {
                return uint8(history[i - 1].state);
            }
        }
        return EXPIRED_;
    }

    /// @notice The lifecycle table of ILicenseRegistry for stored states.
    function allowedTransition(uint8 from, uint8 to) public pure returns (bool) {
        if (from == to) return true;
        if (to == REVOKED_) return from == DRAFT_ || from == ACTIVE_ || from == SUSPENDED_;
        return (from == DRAFT_ && to == ACTIVE_) || (from == ACTIVE_ && to == SUSPENDED_)
            || (from == SUSPENDED_ && to == ACTIVE_);
    }

    function _outcome(string memory op, uint256 id, bool predicted, bool succeeded) internal {
        if (predicted != succeeded) {
            mismatches++;
            lastMismatch = string.concat(
                op,
                predicted
                    ? ": model expected success, the call reverted"
                    : ": model expected a revert, the call succeeded",
                " (id ",
                vm.toString(id),
                ", state ",
                vm.toString(uint256(ghostState(id))),
                ")"
            );
        }
        attempts[op]++;
        if (succeeded) successes[op]++;
    }

    /// @dev After a call on `id`, the stored state the history reports must have moved along the table
    /// and must be the model's.
    function _checkStored(uint256 id, uint8 before) internal {
        uint8 afterwards = _storedFromHistory(id);
        if (!allowedTransition(before, afterwards)) illegalTransitions++;
        if (afterwards != _ghosts[id].stored) {
            mismatches++;
            lastMismatch = string.concat("stored state differs from the model for id ", vm.toString(id));
        }
    }

    // ------------------------------------------------------------------ actions

    /// @notice An issuer issues a license with bounded random terms to one of the DID actors, and
    /// three times in four activates it at once.
    function issue(
        uint256 issuerSeed,
        uint256 holderSeed,
        uint256 lifetimeSeed,
        uint256 royaltySeed,
        uint8 flags,
        uint8 regionSeed,
        uint8 typeSeed
    ) external {
        address issuer = issuerSeed % 2 == 0 ? ISSUER : ISSUER2;
        address holder = _actor(holderSeed % 5);
        ILicenseRegistry.IssueRequest memory request = _request(_didOf(holder));
        request.issuerDid = _didOf(issuer);
        uint8 set = regionSeed % 8 > 3 ? 0 : regionSeed % 4;
        request.jurisdiction.allowedRegions = _regionSet(set);
        request.expiresAt = uint64(
            block.timestamp
                + (lifetimeSeed % 4 == 0
                        ? bound(lifetimeSeed, 1 hours, 3 days)
                        : bound(lifetimeSeed, 30 days, 365 days))
        );
        request.royaltyBps = uint16(bound(royaltySeed, 0, 10_000));
        request.renewable = flags & 1 != 0;
        request.sublicensable = flags & 2 != 0;
        ILicenseRegistry.LicenseType[5] memory types = [
            ILicenseRegistry.LicenseType.Standard,
            ILicenseRegistry.LicenseType.Educational,
            ILicenseRegistry.LicenseType.Enterprise,
            ILicenseRegistry.LicenseType.Research,
            ILicenseRegistry.LicenseType.Creative
        ];
        request.licenseType = types[typeSeed % 5];

        bool predicted = _compliant(request.issuerDid) && _compliant(request.holderDid)
            && _regionAllowed(set, _regionOf(holder));
        uint256 expectedId = registry.computeLicenseId(
            request.issuerDid, request.holderDid, registry.nextNonce(request.issuerDid)
        );

        vm.prank(issuer);
        try registry.issueLicense(request) returns (uint256 id) {
            _outcome("issue", id, predicted, true);
            if (id != expectedId) {
                mismatches++;
                lastMismatch = "issue: id is not computeLicenseId(issuer, holder, nonce)";
            }
            Ghost storage g = _ghosts[id];
            g.stored = DRAFT_;
            g.renewable = request.renewable;
            g.sublicensable = request.sublicensable;
            g.regionSet = set;
            g.royalty = request.royaltyBps;
            g.expiresAt = request.expiresAt;
            g.issuerDid = request.issuerDid;
            g.owner = holder;
            g.historyLength = 1;
            ids.push(id);
            minted++;
            if (flags & 12 != 0) _tryActivate(id);
        } catch {
            _outcome("issue", 0, predicted, false);
        }
    }

    /// @notice The issuer activates a license.
    function activate(uint256 idSeed) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        _tryActivate(id);
    }

    function _tryActivate(uint256 id) internal {
        Ghost storage g = _ghosts[id];
        bool predicted = g.stored == DRAFT_ && !_expired(g) && _compliant(_didOf(g.owner));
        uint8 before = _storedFromHistory(id);
        vm.prank(_controllerOf(g.issuerDid));
        try registry.activateLicense(id) {
            _outcome("activate", id, predicted, true);
            g.stored = ACTIVE_;
            g.historyLength++;
        } catch {
            _outcome("activate", id, predicted, false);
        }
        _checkStored(id, before);
    }

    /// @notice Enforcement suspends a license.
    function suspend(uint256 idSeed, bytes32 reason) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        bool predicted = g.stored == ACTIVE_ && !_expired(g);
        uint8 before = _storedFromHistory(id);
        vm.prank(ENFORCER);
        try registry.suspendLicense(id, reason) {
            _outcome("suspend", id, predicted, true);
            g.stored = SUSPENDED_;
            g.historyLength++;
        } catch {
            _outcome("suspend", id, predicted, false);
        }
        _checkStored(id, before);
    }

    /// @notice Enforcement reinstates a license.
    function reinstate(uint256 idSeed) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        bool predicted = g.stored == SUSPENDED_ && !_expired(g);
        uint8 before = _storedFromHistory(id);
        vm.prank(ENFORCER);
        try registry.reinstateLicense(id) {
            _outcome("reinstate", id, predicted, true);
            g.stored = ACTIVE_;
            g.historyLength++;
        } catch {
            _outcome("reinstate", id, predicted, false);
        }
        _checkStored(id, before);
    }

    /// @notice Enforcement or the issuer revokes a license (a stranger tries too, and must fail).
    function revoke(uint256 idSeed, uint8 callerSeed) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        uint8 who = callerSeed % 4;
        address caller = who == 0 ? ENFORCER : who == 1 ? _controllerOf(g.issuerDid) : STRANGER;
        bool predicted = who < 2 && g.stored != REVOKED_ && !_expired(g);
        uint8 before = _storedFromHistory(id);
        vm.prank(caller);
        try registry.revokeLicense(id, "handler") {
            _outcome("revoke", id, predicted, true);
            g.stored = REVOKED_;
            g.everRevoked = true;
            g.historyLength++;
        } catch {
            _outcome("revoke", id, predicted, false);
        }
        _checkStored(id, before);
    }

    /// @notice The issuer renews a license by up to 60 days past the later of now and its expiry.
    function renew(uint256 idSeed, uint256 extensionSeed) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        uint256 earliest = g.expiresAt > block.timestamp ? g.expiresAt : block.timestamp;
        uint64 newExpiry = uint64(earliest + bound(extensionSeed, 0, 60 days));
        bool predicted = g.stored != REVOKED_ && g.renewable && newExpiry > earliest;
        uint8 before = _storedFromHistory(id);
        vm.prank(_controllerOf(g.issuerDid));
        try registry.renewLicense(id, newExpiry) {
            _outcome("renew", id, predicted, true);
            g.expiresAt = newExpiry;
            if (g.expiryRecorded) {
                g.expiryRecorded = false;
                g.historyLength++;
            }
        } catch {
            _outcome("renew", id, predicted, false);
        }
        _checkStored(id, before);
    }

    /// @notice Enforcement freezes or unfreezes a license.
    function setFrozen(uint256 idSeed, bool frozen) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        bool predicted = g.stored != REVOKED_ && !_expired(g) && g.frozen != frozen;
        uint8 before = _storedFromHistory(id);
        vm.prank(ENFORCER);
        if (frozen) {
            try registry.freezeLicense(id) {
                _outcome("freeze", id, predicted, true);
                g.frozen = true;
            } catch {
                _outcome("freeze", id, predicted, false);
            }
        } else {
            try registry.unfreezeLicense(id) {
                _outcome("unfreeze", id, predicted, true);
                g.frozen = false;
            } catch {
                _outcome("unfreeze", id, predicted, false);
            }
        }
        _checkStored(id, before);
    }

    /// @notice The holder of a license sublicenses it to a DID actor, with a royalty and an expiry
    /// that are sometimes out of bounds.
    function sublicense(uint256 idSeed, uint256 receiverSeed, uint256 royaltySeed, uint256 expirySeed)
        external
    {
        (uint256 parentId, bool ok) = _pickUsable(idSeed, true);
        if (!ok) return;
        Ghost storage p = _ghosts[parentId];
        address receiver = _actor(receiverSeed % 5);
        bytes32 receiverDid = _didOf(receiver);
        bytes32 grantorDid = _didOf(p.owner);
        uint16 royalty = uint16(bound(royaltySeed, 0, uint256(p.royalty) + 50));
        uint256 span = p.expiresAt > block.timestamp ? p.expiresAt - block.timestamp : 0;
        uint64 expiry = uint64(block.timestamp + bound(expirySeed, 0, span + 10));

        bool predicted = ghostUsable(parentId) && p.sublicensable && p.parent == 0 && royalty <= p.royalty
            && expiry > block.timestamp && expiry <= p.expiresAt && _compliant(grantorDid)
            && _compliant(receiverDid) && _regionAllowed(_root(parentId).regionSet, _regionOf(receiver));
        ILicenseRegistry.License memory parent = registry.getLicense(parentId);
        uint256 expectedId =
            registry.computeLicenseId(grantorDid, receiverDid, registry.nextNonce(grantorDid));
        bool usableBefore = registry.isUsable(parentId);

        vm.prank(p.owner);
        try registry.createSublicense(parentId, receiverDid, royalty, expiry) returns (uint256 childId) {
            _outcome("sublicense", parentId, predicted, true);
            if (!usableBefore) badTransfers++;
            if (childId != expectedId) {
                mismatches++;
                lastMismatch = "sublicense: id is not computeLicenseId(grantor, holder, nonce)";
            }
            Ghost storage c = _ghosts[childId];
            c.stored = ACTIVE_;
            c.regionSet = p.regionSet;
            c.royalty = royalty;
            c.expiresAt = expiry;
            c.parent = parentId;
            c.issuerDid = grantorDid;
            c.owner = receiver;
            c.historyLength = 1;
            c.parentRoyaltyAtCreation = parent.royaltyBps;
            c.parentExpiryAtCreation = parent.expiresAt;
            ids.push(childId);
            minted++;
        } catch {
            _outcome("sublicense", parentId, predicted, false);
        }
    }

    /// @notice Moves a license: by its holder (transferFrom or safeTransferFrom), by an approved
    /// operator, or, unapproved, by a stranger (which must fail).
    function transfer(uint256 idSeed, uint256 toSeed, uint8 mode) external {
        (uint256 id, bool ok) = _pickUsable(idSeed, false);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        address from = g.owner;
        address to = _actor(toSeed);
        mode %= 4;

        bool usableBefore = registry.isUsable(id);
        ILicenseRegistry.LicenseState stateBefore = registry.stateOf(id);
        bool modelUsable = ghostUsable(id);
        bool predicted = mode != 3 && modelUsable && _compliant(_didOf(to))
            && _regionAllowed(_root(id).regionSet, _regionOf(to));

        address caller = from;
        if (mode == 1) {
            vm.prank(from);
            try registry.approve(OPERATOR, id) {}
            catch {
                mismatches++;
                lastMismatch = "approve by the owner reverted";
            }
            caller = OPERATOR;
        } else if (mode == 3) {
            caller = STRANGER;
        }

        bool succeeded;
        vm.prank(caller);
        if (mode == 2) {
            try registry.safeTransferFrom(from, to, id) {
                succeeded = true;
            } catch {}
        } else {
            try registry.transferFrom(from, to, id) {
                succeeded = true;
            } catch {}
        }
        _outcome("transfer", id, predicted, succeeded);
        if (succeeded) {
            successfulTransfers++;
            if (!usableBefore || !modelUsable || stateBefore != ILicenseRegistry.LicenseState.Active) {
                badTransfers++;
            }
            g.owner = to;
        }
    }

    /// @notice Time passes: mostly up to a day, sometimes up to 30 days.
    function warp(uint256 secondsSeed) external {
        vm.warp(
            block.timestamp
                + (secondsSeed % 8 == 0 ? bound(secondsSeed, 0, 30 days) : bound(secondsSeed, 0, 1 days))
        );
    }

    /// @notice The compliance role scores a license's holder DID (mostly below the default threshold).
    function recordCompliance(uint256 idSeed, uint256 scoreSeed) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        uint8 score = uint8(scoreSeed % 4 == 0 ? bound(scoreSeed, 0, 100) : bound(scoreSeed, 0, 50));
        bytes32 holderDid = _didOf(_ghosts[id].owner);
        vm.prank(COMPLIANCE);
        try registry.recordCompliance(id, score) {
            _outcome("recordCompliance", id, holderDid != bytes32(0), true);
            _score[holderDid] = score;
        } catch {
            _outcome("recordCompliance", id, holderDid != bytes32(0), false);
        }
    }

    /// @notice The compliance role scores any actor's DID directly (resets included).
    function recordHolderRisk(uint256 actorSeed, uint256 scoreSeed) external {
        bytes32 didHash = _didOf(_actor(actorSeed % 5));
        uint8 score = scoreSeed % 2 == 0 ? 0 : uint8(bound(scoreSeed, 0, 100));
        vm.prank(COMPLIANCE);
        try registry.recordHolderRisk(didHash, score) {
            _score[didHash] = score;
            successes["recordHolderRisk"]++;
        } catch {
            _outcome("recordHolderRisk", 0, true, false);
        }
    }

    /// @notice The verifier restores a Suspended DID, or (one time in three) suspends a Valid one.
    function toggleDid(uint256 actorSeed) external {
        bytes32 didHash = _didOf(_actor(actorSeed % 5));
        if (!_suspended[didHash] && (actorSeed >> 8) % 3 != 0) return;
        IDIDRegistry.Status next =
            _suspended[didHash] ? IDIDRegistry.Status.Valid : IDIDRegistry.Status.Suspended;
        vm.prank(VERIFIER);
        try dids.setStatus(didHash, next) {
            _suspended[didHash] = !_suspended[didHash];
        } catch {
            _outcome("toggleDid", 0, true, false);
        }
    }

    /// @notice Governance moves the risk threshold within 1..=100 (mostly 60..=100).
    function setThreshold(uint256 seed) external {
        uint8 threshold = uint8(seed % 8 == 0 ? bound(seed, 1, 100) : bound(seed, 60, 100));
        vm.prank(ADMIN);
        try registry.setRiskThreshold(threshold) {
            _threshold = threshold;
        } catch {
            _outcome("setThreshold", 0, true, false);
        }
    }

    /// @notice Anyone records a passed expiry.
    function recordExpiry(uint256 idSeed) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        bool predicted = g.stored != REVOKED_ && _expired(g) && !g.expiryRecorded;
        uint8 before = _storedFromHistory(id);
        vm.prank(STRANGER);
        try registry.recordExpiry(id) {
            _outcome("recordExpiry", id, predicted, true);
            g.expiryRecorded = true;
            g.historyLength++;
        } catch {
            _outcome("recordExpiry", id, predicted, false);
        }
        _checkStored(id, before);
    }

    /// @notice The issuer replaces the terms.
    function updateTerms(uint256 idSeed) external {
        (uint256 id, bool ok) = _pick(idSeed);
        if (!ok) return;
        Ghost storage g = _ghosts[id];
        bool predicted = g.stored != REVOKED_ && !_expired(g);
        uint8 before = _storedFromHistory(id);
        vm.prank(_controllerOf(g.issuerDid));
        try registry.updateTerms(id, "ipfs://handler-terms") {
            _outcome("updateTerms", id, predicted, true);
        } catch {
            _outcome("updateTerms", id, predicted, false);
        }
        _checkStored(id, before);
    }

    // ------------------------------------------------------------------ views for the invariants

    function idCount() external view returns (uint256) {
        return ids.length;
    }

    function ghost(uint256 id) external view returns (Ghost memory) {
        return _ghosts[id];
    }

    /// @notice Every account a license can be minted or moved to.
    function accounts() external pure returns (address[7] memory) {
        return [ISSUER, ISSUER2, HOLDER, HOLDER2, HOLDER3, STRANGER, OPERATOR];
    }
}
