// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IDIDRegistry
/// @notice Decentralized identifiers for CHLOM: each DID maps to a controller address, a region, a
/// biometric-hash commitment and a verification status.
///
/// @dev **Identifiers.** A DID is 1 to 64 bytes (for example `did:chlom:alice`). Contracts key it by
/// `didHash = keccak256(did)`. A controller controls at most one DID.
///
/// **Region codes** are two uppercase ASCII letters (ISO 3166-1 alpha-2 style, for example "US"), or
/// `GLOBAL_REGION` ("ZZ", an ISO user-assigned code) for an identity not tied to a region.
///
/// **Biometric commitment.** A salted hash of a biometric template, computed off-chain; never the
/// template. Zero is refused. `matchesCommitment` lets a relayer check a presented commitment.
///
/// **Status lifecycle**, changed by the verifier role only:
///
///     NEW ──▶ VERIFIED ──▶ VALID ◀──▶ SUSPENDED
///      │         │           │            │
///      └─────────┴───────────┴────────────┴──▶ REVOKED (terminal)
///
/// A DID is in good standing only while VALID. The controller may rotate to a new address and update
/// the commitment; updating the commitment sends a VALID or SUSPENDED DID back to VERIFIED so that a
/// verifier confirms it again.
interface IDIDRegistry {
    /// @notice Verification status of a DID. `None` marks an unregistered DID.
    enum Status {
        None,
        New,
        Verified,
        Valid,
        Suspended,
        Revoked
    }

    /// @notice The registry's record of a DID.
    struct DIDRecord {
        address controller;
        bytes2 region;
        Status status;
        uint64 registeredAt;
        uint64 updatedAt;
        bytes32 biometricCommitment;
    }

    /// @notice A DID was registered by its controller.
    event DIDRegistered(bytes32 indexed didHash, address indexed controller, bytes did, bytes2 region);

    /// @notice A verifier (or a commitment update) moved a DID from `previous` to `next`.
    event DIDStatusChanged(bytes32 indexed didHash, Status previous, Status next, address indexed by);

    /// @notice The controller handed the DID to `next`.
    event ControllerRotated(bytes32 indexed didHash, address indexed previous, address indexed next);

    /// @notice The controller replaced the biometric commitment.
    event CommitmentUpdated(bytes32 indexed didHash, bytes32 commitment);

    /// @notice The DID is empty or longer than 64 bytes.
    error DIDInvalidIdentifier(uint256 length);

    /// @notice The region is neither two uppercase letters nor the global code.
    error DIDInvalidRegion(bytes2 region);

    /// @notice The zero address where an account is required (admin, new controller).
    error DIDInvalidAccount(address account);

    /// @notice The biometric commitment is zero.
    error DIDInvalidCommitment();

    /// @notice The DID is registered already.
    error DIDAlreadyRegistered(bytes32 didHash);

    /// @notice The controller already controls `didHash`.
    error DIDControllerTaken(address controller, bytes32 didHash);

    /// @notice No DID with this hash is registered.
    error DIDNotFound(bytes32 didHash);

    /// @notice The caller is not the DID's controller.
    error DIDNotController(bytes32 didHash, address caller);

    /// @notice The lifecycle does not allow moving from `previous` to `next`.
    error DIDInvalidTransition(bytes32 didHash, Status previous, Status next);

    /// @notice Registers `did` with the caller as its controller, in status New.
    /// @dev Requirements: 1 to 64 bytes; a valid region; a non-zero commitment; the DID and the caller
    /// not registered yet. Emits `DIDRegistered`.
    /// @return didHash keccak256 of `did`.
    function registerDID(bytes calldata did, bytes2 region, bytes32 biometricCommitment)
        external
        returns (bytes32 didHash);

    /// @notice Moves a DID along its lifecycle.
    /// @dev Requirements: the caller holds the verifier role; the DID exists; the transition is allowed
    /// (see the interface documentation). Emits `DIDStatusChanged`.
    function setStatus(bytes32 didHash, Status next) external;

    /// @notice Hands the DID to `next`.
    /// @dev Requirements: the caller is the controller; the DID is not Revoked; `next` is not zero and
    /// controls no DID. Emits `ControllerRotated`.
    function rotateController(bytes32 didHash, address next) external;

    /// @notice Replaces the biometric commitment; a Valid or Suspended DID goes back to Verified.
    /// @dev Requirements: the caller is the controller; the DID is not Revoked; the commitment is not
    /// zero. Emits `CommitmentUpdated`, and `DIDStatusChanged` when the status changes.
    function updateCommitment(bytes32 didHash, bytes32 commitment) external;

    /// @notice The record of `didHash`; all zero (status None) when unregistered.
    function getDID(bytes32 didHash) external view returns (DIDRecord memory);

    /// @notice The DID the account controls, or zero.
    function didOf(address controller) external view returns (bytes32);

    /// @notice The DID `account` controls, with its region and status: one call for registries that
    /// gate on identity. Zero, "\x00\x00" and None when the account controls no DID.
    function standingOf(address account) external view returns (bytes32 didHash, bytes2 region, Status status);

    /// @notice The controller, region and status of `didHash` (zero values and None when unregistered),
    /// without the rest of the record.
    function controllerOf(bytes32 didHash)
        external
        view
        returns (address controller, bytes2 region, Status status);

    /// @notice Whether the DID is Valid.
    function isInGoodStanding(bytes32 didHash) external view returns (bool);

    /// @notice Whether `commitment` is the DID's current biometric commitment (never true for zero).
    function matchesCommitment(bytes32 didHash, bytes32 commitment) external view returns (bool);

    /// @notice Whether `region` is two uppercase letters or the global code.
    function isValidRegion(bytes2 region) external pure returns (bool);
}
