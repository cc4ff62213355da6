// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IGroth16Verifier} from "../interfaces/IGroth16Verifier.sol";
import {IZkVerifierRegistry} from "../interfaces/IZkVerifierRegistry.sol";

/// @title ZkVerifierRegistry
/// @notice The registry of CHLOM's zero-knowledge compliance circuits: their Groth16 verifiers, the roots
/// their proofs are made against, and the nullifiers consumed (per consumer). See {IZkVerifierRegistry} for the rules.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` (governance: the council multisig or a timelock) manages roles and
/// the root grace period; `CIRCUIT_ADMIN_ROLE` registers and retires circuits; `ORACLE_ROLE` publishes
/// roots.
contract ZkVerifierRegistry is AccessControl, IZkVerifierRegistry {
    /// @notice The role allowed to register and retire circuits.
    bytes32 public constant CIRCUIT_ADMIN_ROLE = keccak256("CHLOM_CIRCUIT_ADMIN_ROLE");

    /// @notice The role allowed to publish roots.
    bytes32 public constant ORACLE_ROLE = keccak256("CHLOM_ORACLE_ROLE");

    /// @inheritdoc IZkVerifierRegistry
    uint256 public constant SCALAR_FIELD =
        21_888_242_871_839_275_222_246_405_745_257_275_088_548_364_400_416_034_343_698_204_186_575_808_495_617;

    /// @notice The grace period of superseded roots until governance changes it.
    uint64 public constant DEFAULT_ROOT_GRACE_PERIOD = 1 hours;

    /// @dev The most public inputs a circuit may take (a generated verifier's cost grows with each).
    uint256 private constant _MAX_PUBLIC_INPUTS = 32;

    /// @dev A registered circuit; `verifier == address(0)` means not registered.
    struct Circuit {
        address verifier;
        uint8 publicInputCount;
        bool retired;
        uint256 currentRoot;
    }

    /// @dev A root that stopped being current: valid while `block.timestamp < validUntil`, fixed when it
    /// was superseded (or cut short by {revokeRoot}). `superseded` tells it from a root never published.
    struct SupersededRoot {
        bool superseded;
        uint64 validUntil;
    }

    uint64 private _rootGracePeriod = DEFAULT_ROOT_GRACE_PERIOD;
    mapping(bytes32 circuitId => Circuit) private _circuits;
    mapping(bytes32 circuitId => mapping(uint256 root => SupersededRoot)) private _supersededRoots;
    /// @dev Consumed nullifiers, namespaced by the consumer (the caller of `verifyAndConsume`), so that
    /// a third party submitting a holder's proof first cannot burn it for the application.
    mapping(bytes32 circuitId => mapping(address consumer => mapping(uint256 nullifier => bool))) private
        _nullifierUsed;

    /// @notice Deploys the registry.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE`; must not be the zero address.
    /// @param circuitAdmin Receives `CIRCUIT_ADMIN_ROLE`, unless it is the zero address.
    /// @param oracle Receives `ORACLE_ROLE`, unless it is the zero address.
    constructor(address admin, address circuitAdmin, address oracle) {
        if (admin == address(0)) revert InvalidAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (circuitAdmin != address(0)) _grantRole(CIRCUIT_ADMIN_ROLE, circuitAdmin);
        if (oracle != address(0)) _grantRole(ORACLE_ROLE, oracle);
    }

    /// @inheritdoc IZkVerifierRegistry
    function registerCircuit(bytes32 circuitId, address verifier) external onlyRole(CIRCUIT_ADMIN_ROLE) {
        if (_circuits[circuitId].verifier != address(0)) revert CircuitExists(circuitId);
        if (circuitId == bytes32(0)) revert InvalidCircuitId();
        if (verifier.code.length == 0) revert InvalidVerifier(verifier);
        (bool ok, bytes memory answer) =
            verifier.staticcall(abi.encodeCall(IGroth16Verifier.publicInputCount, ()));
        if (!ok || answer.length != 32) revert InvalidVerifier(verifier);
        uint256 count = abi.decode(answer, (uint256));
        if (count == 0 || count > _MAX_PUBLIC_INPUTS) revert UnsupportedInputCount(verifier, count);

        // casting to 'uint8' is safe because count was checked to be at most 32 just above
        // forge-lint: disable-next-line(unsafe-typecast)
        uint8 inputs = uint8(count);
        _circuits[circuitId] =
            Circuit({verifier: verifier, publicInputCount: inputs, retired: false, currentRoot: 0});
        emit CircuitRegistered(circuitId, verifier, count);
    }

    /// @inheritdoc IZkVerifierRegistry
    function retireCircuit(bytes32 circuitId) external onlyRole(CIRCUIT_ADMIN_ROLE) {
        Circuit storage circuit = _activeCircuit(circuitId);
        circuit.retired = true;
        emit CircuitRetired(circuitId);
    }

    /// @inheritdoc IZkVerifierRegistry
    function publishRoot(bytes32 circuitId, uint256 root) external onlyRole(ORACLE_ROLE) {
        Circuit storage circuit = _activeCircuit(circuitId);
        if (root == 0 || root >= SCALAR_FIELD) revert InvalidRoot(root);
        uint256 previous = circuit.currentRoot;
        if (root == previous) revert RootUnchanged(circuitId, root);

        circuit.currentRoot = root;
        if (previous != 0) {
            _supersededRoots[circuitId][previous] =
                SupersededRoot({superseded: true, validUntil: _graceEnd(_rootGracePeriod)});
        }
        emit RootPublished(circuitId, root, previous);
    }

    /// @inheritdoc IZkVerifierRegistry
    function revokeRoot(bytes32 circuitId, uint256 root) external onlyRole(ORACLE_ROLE) {
        Circuit storage circuit = _activeCircuit(circuitId);
        SupersededRoot storage record = _supersededRoots[circuitId][root];
        // A root superseded and then published again is current: replacing it is publishRoot's job.
        if (!_isWithinGrace(record) || root == circuit.currentRoot) {
            revert RootNotRevocable(circuitId, root);
        }
        record.validUntil = uint64(block.timestamp);
        emit RootRevoked(circuitId, root);
    }

    /// @inheritdoc IZkVerifierRegistry
    function setRootGracePeriod(uint64 gracePeriod) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint64 previous = _rootGracePeriod;
        _rootGracePeriod = gracePeriod;
        emit RootGracePeriodSet(previous, gracePeriod);
    }

    /// @inheritdoc IZkVerifierRegistry
    function verifyProof(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        view
        returns (bool)
    {
        address verifier = _checkInputs(circuitId, publicInputs);
        return _askVerifier(verifier, proof, publicInputs);
    }

    /// @inheritdoc IZkVerifierRegistry
    function verifyAndConsume(bytes32 circuitId, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external
        returns (bool)
    {
        address verifier = _checkInputs(circuitId, publicInputs);
        uint256 nullifier = publicInputs[publicInputs.length - 1];
        if (_nullifierUsed[circuitId][msg.sender][nullifier]) {
            revert NullifierUsed(circuitId, msg.sender, nullifier);
        }
        // The verifier is called with STATICCALL (it cannot change state nor reenter a state-changing
        // function), so recording the nullifier after it keeps checks-effects-interactions in substance.
        if (!_askVerifier(verifier, proof, publicInputs)) revert InvalidProof(circuitId);

        _nullifierUsed[circuitId][msg.sender][nullifier] = true;
        emit ProofVerified(circuitId, nullifier, msg.sender);
        return true;
    }

    /// @inheritdoc IZkVerifierRegistry
    function circuitOf(bytes32 circuitId)
        external
        view
        returns (address verifier, uint8 publicInputCount, bool retired)
    {
        Circuit storage circuit = _circuits[circuitId];
        return (circuit.verifier, circuit.publicInputCount, circuit.retired);
    }

    /// @inheritdoc IZkVerifierRegistry
    function currentRoot(bytes32 circuitId) external view returns (uint256) {
        return _circuits[circuitId].currentRoot;
    }

    /// @inheritdoc IZkVerifierRegistry
    function isValidRoot(bytes32 circuitId, uint256 root) external view returns (bool) {
        uint256 current = _circuits[circuitId].currentRoot;
        if (current == 0 || root == 0) return false;
        return root == current || _isWithinGrace(_supersededRoots[circuitId][root]);
    }

    /// @inheritdoc IZkVerifierRegistry
    function rootValidUntil(bytes32 circuitId, uint256 root) external view returns (uint64) {
        if (root == 0) return 0;
        if (root == _circuits[circuitId].currentRoot) return type(uint64).max;
        return _supersededRoots[circuitId][root].validUntil;
    }

    /// @inheritdoc IZkVerifierRegistry
    function rootGracePeriod() external view returns (uint64) {
        return _rootGracePeriod;
    }

    /// @inheritdoc IZkVerifierRegistry
    function isNullifierUsed(bytes32 circuitId, address consumer, uint256 nullifier)
        external
        view
        returns (bool)
    {
        return _nullifierUsed[circuitId][consumer][nullifier];
    }

    /// @dev The circuit registered under `circuitId`, which must exist and not be retired.
    function _activeCircuit(bytes32 circuitId) private view returns (Circuit storage circuit) {
        circuit = _circuits[circuitId];
        if (circuit.verifier == address(0)) revert CircuitNotFound(circuitId);
        if (circuit.retired) revert CircuitIsRetired(circuitId);
    }

    /// @dev Checks the circuit, the input count, the field and the root (in that order); returns the
    /// circuit's verifier.
    function _checkInputs(bytes32 circuitId, uint256[] calldata publicInputs)
        private
        view
        returns (address verifier)
    {
        Circuit storage circuit = _activeCircuit(circuitId);
        uint256 expected = circuit.publicInputCount;
        if (publicInputs.length != expected) revert PublicInputCount(expected, publicInputs.length);
        for (uint256 i; i < expected; ++i) {
            if (publicInputs[i] >= SCALAR_FIELD) revert InputNotInField(i, publicInputs[i]);
        }
        // Fail closed: until the oracle publishes a circuit's first root, no root is known, so nothing
        // verifies (a proof against a root nobody vouched for proves nothing about the holder).
        // Root 0 is never published: it must not match the 0 of a circuit without roots.
        uint256 root = publicInputs[0];
        if (root == 0 || root != circuit.currentRoot) {
            SupersededRoot storage record = _supersededRoots[circuitId][root];
            if (!record.superseded) revert UnknownRoot(circuitId, root);
            if (!_isWithinGrace(record)) revert StaleRoot(circuitId, root);
        }
        return circuit.verifier;
    }

    /// @dev Whether a superseded root is still valid (false for a root never superseded).
    function _isWithinGrace(SupersededRoot storage record) private view returns (bool) {
        return record.superseded && block.timestamp < record.validUntil;
    }

    /// @dev The end of a grace period of `gracePeriod` seconds from now, saturating at
    /// `type(uint64).max` (valid for ever).
    function _graceEnd(uint64 gracePeriod) private view returns (uint64) {
        // In uint256, so that a grace period of type(uint64).max cannot overflow.
        uint256 end = block.timestamp + gracePeriod;
        // casting to 'uint64' is safe because end is capped at type(uint64).max first
        // forge-lint: disable-next-line(unsafe-typecast)
        return end > type(uint64).max ? type(uint64).max : uint64(end);
    }

    /// @dev The verifier's answer: true only for a successful static call that returned exactly the
    /// ABI encoding of `true`. A revert, any other length or any other word is false; at most 32 bytes
    /// of the answer are copied, so a verifier cannot make the registry spend gas on a huge answer.
    function _askVerifier(address verifier, uint256[8] calldata proof, uint256[] calldata publicInputs)
        private
        view
        returns (bool valid)
    {
        bytes memory data = abi.encodeCall(IGroth16Verifier.verifyProof, (proof, publicInputs));
        assembly ("memory-safe") {
            let ok := staticcall(gas(), verifier, add(data, 0x20), mload(data), 0x00, 0x20)
            valid := and(and(ok, eq(returndatasize(), 0x20)), eq(mload(0x00), 1))
        }
    }
}
