// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IDIDRegistry} from "../interfaces/IDIDRegistry.sol";

/// @title DIDRegistry
/// @notice The CHLOM identity registry. See {IDIDRegistry} for identifiers, regions, commitments
/// and the status lifecycle.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` manages roles; `VERIFIER_ROLE` moves DIDs along the lifecycle.
contract DIDRegistry is AccessControl, IDIDRegistry {
    /// @notice The role allowed to change a DID's status.
    bytes32 public constant VERIFIER_ROLE = keccak256("CHLOM_VERIFIER_ROLE");

    /// @notice The region code of identities not tied to a region ("ZZ").
    bytes2 public constant GLOBAL_REGION = "ZZ";

    /// @dev The longest DID accepted, in bytes.
    uint256 private constant _MAX_DID_LENGTH = 64;

    mapping(bytes32 didHash => DIDRecord) private _records;
    mapping(address controller => bytes32 didHash) private _didOf;

    /// @notice Deploys the registry.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE`; must not be zero.
    /// @param verifier Receives `VERIFIER_ROLE`, unless it is zero.
    constructor(address admin, address verifier) {
        if (admin == address(0)) revert DIDInvalidAccount(admin);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (verifier != address(0)) _grantRole(VERIFIER_ROLE, verifier);
    }

    /// @inheritdoc IDIDRegistry
    function registerDID(bytes calldata did, bytes2 region, bytes32 biometricCommitment)
        external
        returns (bytes32 didHash)
    {
        if (did.length == 0 || did.length > _MAX_DID_LENGTH) revert DIDInvalidIdentifier(did.length);
        if (!isValidRegion(region)) revert DIDInvalidRegion(region);
        if (biometricCommitment == bytes32(0)) revert DIDInvalidCommitment();
        didHash = keccak256(did);
        if (_records[didHash].status != Status.None) revert DIDAlreadyRegistered(didHash);
        bytes32 existing = _didOf[msg.sender];
        if (existing != bytes32(0)) revert DIDControllerTaken(msg.sender, existing);

        _records[didHash] = DIDRecord({
            controller: msg.sender,
            region: region,
            status: Status.New,
            registeredAt: uint64(block.timestamp),
            updatedAt: uint64(block.timestamp),
            biometricCommitment: biometricCommitment
        });
        _didOf[msg.sender] = didHash;
        emit DIDRegistered(didHash, msg.sender, did, region);
    }

    /// @inheritdoc IDIDRegistry
    function setStatus(bytes32 didHash, Status next) external onlyRole(VERIFIER_ROLE) {
        DIDRecord storage record = _existing(didHash);
        Status previous = record.status;
        if (!_allowed(previous, next)) revert DIDInvalidTransition(didHash, previous, next);
        _setStatus(didHash, record, next);
    }

    /// @inheritdoc IDIDRegistry
    function rotateController(bytes32 didHash, address next) external {
        DIDRecord storage record = _controlled(didHash);
        if (next == address(0)) revert DIDInvalidAccount(next);
        bytes32 existing = _didOf[next];
        if (existing != bytes32(0)) revert DIDControllerTaken(next, existing);

        address previous = record.controller;
        record.controller = next;
        record.updatedAt = uint64(block.timestamp);
        delete _didOf[previous];
        _didOf[next] = didHash;
        emit ControllerRotated(didHash, previous, next);
    }

    /// @inheritdoc IDIDRegistry
    function updateCommitment(bytes32 didHash, bytes32 commitment) external {
        DIDRecord storage record = _controlled(didHash);
        if (commitment == bytes32(0)) revert DIDInvalidCommitment();
        record.biometricCommitment = commitment;
        record.updatedAt = uint64(block.timestamp);
        emit CommitmentUpdated(didHash, commitment);
        if (record.status == Status.Valid || record.status == Status.Suspended) {
            _setStatus(didHash, record, Status.Verified);
        }
    }

    /// @inheritdoc IDIDRegistry
    function getDID(bytes32 didHash) external view returns (DIDRecord memory) {
        return _records[didHash];
    }

    /// @inheritdoc IDIDRegistry
    function didOf(address controller) external view returns (bytes32) {
        return _didOf[controller];
    }

    /// @inheritdoc IDIDRegistry
    function standingOf(address account)
        external
        view
        returns (bytes32 didHash, bytes2 region, Status status)
    {
        didHash = _didOf[account];
        DIDRecord storage record = _records[didHash];
        (region, status) = (record.region, record.status);
    }

    /// @inheritdoc IDIDRegistry
    function controllerOf(bytes32 didHash)
        external
        view
        returns (address controller, bytes2 region, Status status)
    {
        DIDRecord storage record = _records[didHash];
        (controller, region, status) = (record.controller, record.region, record.status);
    }

    /// @inheritdoc IDIDRegistry
    function isInGoodStanding(bytes32 didHash) external view returns (bool) {
        return _records[didHash].status == Status.Valid;
    }

    /// @inheritdoc IDIDRegistry
    function matchesCommitment(bytes32 didHash, bytes32 commitment) external view returns (bool) {
        return commitment != bytes32(0) && _records[didHash].biometricCommitment == commitment;
    }

    /// @inheritdoc IDIDRegistry
    function isValidRegion(bytes2 region) public pure returns (bool) {
        if (region == GLOBAL_REGION) return true;
        return _isUpper(region[0]) && _isUpper(region[1]);
    }

    /// @dev The lifecycle of {IDIDRegistry}: Revoked is terminal; every other status may be revoked.
    function _allowed(Status previous, Status next) private pure returns (bool) {
        if (previous == Status.Revoked || previous == Status.None) return false;
        if (next == Status.Revoked) return true;
        if (previous == Status.New) return next == Status.Verified;
        if (previous == Status.Verified) return next == Status.Valid;
        if (previous == Status.Valid) return next == Status.Suspended;
        return previous == Status.Suspended && next == Status.Valid;
    }

    function _setStatus(bytes32 didHash, DIDRecord storage record, Status next) private {
        Status previous = record.status;
        record.status = next;
        record.updatedAt = uint64(block.timestamp);
        emit DIDStatusChanged(didHash, previous, next, msg.sender);
    }

    function _existing(bytes32 didHash) private view returns (DIDRecord storage record) {
        record = _records[didHash];
        if (record.status == Status.None) revert DIDNotFound(didHash);
    }

    /// @dev The record of a DID the caller controls and that is not Revoked.
    function _controlled(bytes32 didHash) private view returns (DIDRecord storage record) {
        record = _existing(didHash);
        if (record.controller != msg.sender) revert DIDNotController(didHash, msg.sender);
        if (record.status == Status.Revoked) {
            revert DIDInvalidTransition(didHash, Status.Revoked, Status.Revoked);
        }
    }

    function _isUpper(bytes1 character) private pure returns (bool) {
        return character >= "A" && character <= "Z";
    }
}
