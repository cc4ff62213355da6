// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IZkVerifierRegistry
/// @notice The on-chain registry of CHLOM's zero-knowledge compliance circuits: each circuit id names a
/// Groth16 verifier over BN254 (an {IGroth16Verifier}), the roots its proofs may be made against, and
/// the nullifiers already consumed.
///
/// @dev **Circuits.** A circuit is registered once under a non-zero id with a verifier contract whose
/// `publicInputCount()` (between 1 and 32) the registry reads and stores. An id is never re-registered,
/// not even after it was retired: a new verifier (a new trusted setup, a fixed circuit) gets a new id,
/// so that a nullifier consumed under one id always meant the same statement. A retired circuit refuses
/// every verification and every new root; its consumed nullifiers stay readable.
///
/// **Public-input conventions shared by every CHLOM circuit.** Public input 0 is the root the proof is
/// made against (a sanctions snapshot root, an issuer's credential root) and the LAST public input is
/// the nullifier (`hash2(secret, scope)`: one per holder and scope). The inputs in between are the
/// circuit's own (for example the scope, or `k` and the scope). With a single public input, the root
/// and the nullifier are the same input.
///
/// **Roots.** The oracle publishes roots per circuit with {publishRoot}. The current root is valid; a
/// root superseded at time `t` stays valid while `block.timestamp < t + g`, where `g` is the grace
/// period in force at `t` (so that a proof made just before a new snapshot still verifies for a while;
/// a grace period of 0 makes it invalid at once). The end of the window is fixed when the root is
/// superseded: a later change of the grace period applies only to roots superseded after it, so that
/// raising it never revives a root that had expired. The oracle can end a superseded root's window at
/// once with {revokeRoot} (a snapshot published in error, a listing that must take effect now). Roots
/// are always checked, and the check fails closed: input 0 must be a valid root of that circuit, or
/// verification reverts `UnknownRoot` (never published for it, and so every root of a circuit whose
/// first root the oracle has not published yet) or `StaleRoot` (superseded and out of its window). A
/// proof against a root nobody vouched for says nothing about the holder.
///
/// **Verification.** {verifyProof} and {verifyAndConsume} check, in this order: the circuit exists
/// (`CircuitNotFound`) and is not retired (`CircuitIsRetired`); the number of public inputs
/// (`PublicInputCount`); each input is below the scalar field modulus r, lowest index first
/// (`InputNotInField`; the verifiers would otherwise accept `x` and `x + r` as the same input, which
/// would give a holder several nullifiers); the root (`UnknownRoot` / `StaleRoot`). Then the verifier is
/// asked with a static call. A verifier that reverts, returns anything but exactly 32 bytes, or returns
/// a word other than 0 or 1 answers "invalid": the registry never bubbles a verifier's revert data, so
/// that an integrator sees one outcome (false, or `InvalidProof`) for every bad proof.
///
/// **Nullifiers.** Consumption is namespaced by the consumer: {verifyAndConsume} records the
/// nullifier (the last input) under `(circuitId, msg.sender, nullifier)`, where the consumer
/// `msg.sender` is the contract (the application) that accepts the proof. It requires the nullifier not
/// to be consumed by that consumer for that circuit (`NullifierUsed`, checked before the verifier is
/// called), reverts `InvalidProof` for an invalid proof (so nothing is consumed), then records it.
///
/// Why per consumer: a proof is public once it is in the mempool. With one set of nullifiers per
/// circuit, anyone could front-run the holder's transaction, call {verifyAndConsume} with the holder's
/// proof and burn the nullifier for good (it is `hash2(secret, scope)`: the holder cannot make another
/// for that scope), and the application's call would then revert. Keyed by the consumer, a third party
/// submitting the proof directly consumes it only in its own namespace, which the application never
/// reads; the application still accepts the proof once, and refuses it afterwards.
///
/// Guidance for integrators: the namespace stops front-running, not reuse across applications. A proof
/// whose scope is shared by two applications can be consumed once by each. An application that must not
/// accept a proof made for another one makes its scope application-specific, for example derived from
/// its own address (and, where relevant, its action), and checks that public input before calling
/// {verifyAndConsume}. An application reads its own consumed nullifiers with
/// `isNullifierUsed(circuitId, address(this), nullifier)`.
interface IZkVerifierRegistry {
    /// @notice `circuitId` was registered with `verifier`, whose proofs take `publicInputCount` inputs.
    event CircuitRegistered(bytes32 indexed circuitId, address verifier, uint256 publicInputCount);

    /// @notice `circuitId` was retired: its proofs no longer verify and it takes no new roots.
    event CircuitRetired(bytes32 indexed circuitId);

    /// @notice `root` became the current root of `circuitId`, superseding `previousRoot` (0 for the
    /// first root). The superseded root stays valid for the grace period.
    event RootPublished(bytes32 indexed circuitId, uint256 root, uint256 previousRoot);

    /// @notice The grace period of superseded roots changed from `previous` to `current` seconds.
    event RootGracePeriodSet(uint64 previous, uint64 current);

    /// @notice The superseded `root` of `circuitId` was revoked: it stopped being valid before the end
    /// of its grace period.
    event RootRevoked(bytes32 indexed circuitId, uint256 root);

    /// @notice A proof of `circuitId` was verified and its `nullifier` consumed in the namespace of
    /// `consumer` (the caller of {verifyAndConsume}).
    event ProofVerified(bytes32 indexed circuitId, uint256 indexed nullifier, address indexed consumer);

    /// @notice The admin given to the constructor is the zero address.
    error InvalidAdmin();

    /// @notice The circuit id is zero.
    error InvalidCircuitId();

    /// @notice `verifier` has no code, or its `publicInputCount()` reverted or returned malformed data.
    error InvalidVerifier(address verifier);

    /// @notice `verifier` takes `count` public inputs; the registry accepts 1 to 32.
    error UnsupportedInputCount(address verifier, uint256 count);

    /// @notice `circuitId` is already registered (possibly retired); ids are never reused.
    error CircuitExists(bytes32 circuitId);

    /// @notice No circuit is registered under `circuitId`.
    error CircuitNotFound(bytes32 circuitId);

    /// @notice `circuitId` was retired.
    error CircuitIsRetired(bytes32 circuitId);

    /// @notice A published root must be non-zero and below the scalar field modulus; `root` is not.
    error InvalidRoot(uint256 root);

    /// @notice `root` is already the current root of `circuitId`.
    error RootUnchanged(bytes32 circuitId, uint256 root);

    /// @notice `root` is not a superseded root of `circuitId` within its grace period (it is the current
    /// root, was never published, or is no longer valid), so there is nothing to revoke.
    error RootNotRevocable(bytes32 circuitId, uint256 root);

    /// @notice The circuit takes `expected` public inputs; `given` were given.
    error PublicInputCount(uint256 expected, uint256 given);

    /// @notice Public input `index` is `value`, which is not below the scalar field modulus.
    error InputNotInField(uint256 index, uint256 value);

    /// @notice `root` (public input 0) was never published for `circuitId` (or no root was published yet).
    error UnknownRoot(bytes32 circuitId, uint256 root);

    /// @notice `root` (public input 0) was superseded for `circuitId` longer ago than the grace period.
    error StaleRoot(bytes32 circuitId, uint256 root);

    /// @notice `nullifier` (the last public input) was already consumed for `circuitId` by `consumer`.
    error NullifierUsed(bytes32 circuitId, address consumer, uint256 nullifier);

    /// @notice The verifier of `circuitId` did not accept the proof.
    error InvalidProof(bytes32 circuitId);

    /// @notice Registers `verifier` as the verifier of `circuitId` and stores its public-input count.
    /// @dev Requirements: the caller holds `CIRCUIT_ADMIN_ROLE`; `circuitId` was never registered
    /// (`CircuitExists`, also for a retired id); `circuitId` is not zero (`InvalidCircuitId`); `verifier`
    /// has code and its `publicInputCount()` answers one word (`InvalidVerifier`) between 1 and 32
    /// (`UnsupportedInputCount`). Emits `CircuitRegistered`.
    /// @param circuitId The circuit's id, for example `keccak256("CHLOM_SANCTIONS_CLEAN_V1")`.
    /// @param verifier The {IGroth16Verifier} generated for the circuit's verifying key.
    function registerCircuit(bytes32 circuitId, address verifier) external;

    /// @notice Retires `circuitId`: its proofs no longer verify and it takes no new roots.
    /// @dev Requirements: the caller holds `CIRCUIT_ADMIN_ROLE`; the circuit exists (`CircuitNotFound`)
    /// and is not retired yet (`CircuitIsRetired`). Irreversible; the id cannot be registered again.
    /// Consumed nullifiers stay readable. Emits `CircuitRetired`.
    function retireCircuit(bytes32 circuitId) external;

    /// @notice Makes `root` the current root of `circuitId`; the previous root stays valid for
    /// {rootGracePeriod} seconds from now (fixed now, whatever the grace period later becomes). Proofs of
    /// a circuit verify only from its first root on.
    /// @dev Requirements: the caller holds `ORACLE_ROLE`; the circuit exists (`CircuitNotFound`) and is
    /// not retired (`CircuitIsRetired`); `root` is non-zero and below {SCALAR_FIELD} (`InvalidRoot`) and
    /// is not the current root (`RootUnchanged`). An earlier, superseded root may be published again and
    /// becomes current again. Emits `RootPublished`.
    /// @param circuitId The registered circuit.
    /// @param root The new root (a sanctions snapshot root, an issuer's credential root).
    function publishRoot(bytes32 circuitId, uint256 root) external;

    /// @notice Ends the grace period of the superseded `root` of `circuitId` now: proofs against it stop
    /// verifying (`StaleRoot`). To withdraw the current root, publish its replacement first.
    /// @dev Requirements: the caller holds `ORACLE_ROLE`; the circuit exists (`CircuitNotFound`) and is
    /// not retired (`CircuitIsRetired`); `root` is a superseded root of the circuit still within its
    /// grace period and not the current root (`RootNotRevocable`). Emits `RootRevoked`.
    /// @param circuitId The registered circuit.
    /// @param root The superseded root to stop accepting.
    function revokeRoot(bytes32 circuitId, uint256 root) external;

    /// @notice Sets how long, in seconds, a superseded root stays valid (default 1 hour).
    /// @dev Requirements: the caller holds `DEFAULT_ADMIN_ROLE`. Applies to the roots superseded from now
    /// on, of every circuit; roots superseded earlier keep the window they were given. `type(uint64).max`
    /// keeps the roots superseded from now on valid for ever. Emits `RootGracePeriodSet`.
    function setRootGracePeriod(uint64 gracePeriod) external;

    /// @notice Whether `proof` proves the statement of `circuitId` for `publicInputs`.
    /// @dev Does not look at, nor consume, the nullifier. Reverts `CircuitNotFound`, `CircuitIsRetired`,
    /// `PublicInputCount`, `InputNotInField`, `UnknownRoot` or `StaleRoot` in that order (see the
    /// interface documentation); otherwise returns the verifier's answer, false when the verifier
    /// reverts or answers malformed data.
    /// @param proof `[A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y]` (B in EIP-197 order).
    /// @param publicInputs The circuit's public inputs: the root first, the nullifier last.
    function verifyProof(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        view
        returns (bool);

    /// @notice Verifies `proof` for `circuitId` and consumes its nullifier (the last public input) in
    /// the caller's namespace: the caller is the consumer, the application that accepts the proof.
    /// @dev The checks of {verifyProof}, then `NullifierUsed` when the caller already consumed the
    /// nullifier for this circuit, then the verifier (a static call, so no reentrancy: the nullifier is
    /// recorded after it) and `InvalidProof` when it does not accept, so that an invalid proof consumes
    /// nothing. Records `(circuitId, msg.sender, nullifier)` and emits `ProofVerified` with the caller as
    /// consumer. Another caller consuming the same proof first does not affect this caller's namespace
    /// (see the interface documentation on front-running and application-specific scopes).
    /// @return Always true (an invalid proof reverts), so that callers can `require` it.
    function verifyAndConsume(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        returns (bool);

    /// @notice The verifier, public-input count and retirement of `circuitId`; all zero when unknown.
    function circuitOf(bytes32 circuitId)
        external
        view
        returns (address verifier, uint8 publicInputCount, bool retired);

    /// @notice The current root of `circuitId`, or 0 when none was published (nothing verifies yet).
    function currentRoot(bytes32 circuitId) external view returns (uint256);

    /// @notice Whether `root` is a valid public input 0 for `circuitId` now: the current root, or a
    /// superseded one within its grace period (not revoked). False for 0 and for a circuit without roots.
    function isValidRoot(bytes32 circuitId, uint256 root) external view returns (bool);

    /// @notice Until when `root` is valid for `circuitId`: `type(uint64).max` for the current root, the
    /// end of the grace window (exclusive) for a superseded or revoked one, 0 for 0 and for a root never
    /// published for the circuit.
    function rootValidUntil(bytes32 circuitId, uint256 root) external view returns (uint64);

    /// @notice How long, in seconds, a superseded root stays valid.
    function rootGracePeriod() external view returns (uint64);

    /// @notice Whether `consumer` consumed `nullifier` for `circuitId` (through {verifyAndConsume}).
    /// @dev Only the consumer's own namespace: a nullifier consumed by another caller is not "used" here.
    function isNullifierUsed(bytes32 circuitId, address consumer, uint256 nullifier)
        external
        view
        returns (bool);

    /// @notice The BN254 scalar field modulus r: every public input and root is below it.
    function SCALAR_FIELD() external view returns (uint256);
}
