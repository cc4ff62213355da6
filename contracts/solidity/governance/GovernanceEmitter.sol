// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IGovernanceEmitter} from "../interfaces/IGovernanceEmitter.sol";

/// @title GovernanceEmitter
/// @notice Emits `LicenseActionApproved` for each proposal the council (or its timelock) approves, with
/// an on-chain sequence number so that relayers detect gaps, and publishes action payloads by hash.
/// @dev Roles: `DEFAULT_ADMIN_ROLE` manages roles; `APPROVER_ROLE` approves proposals. The admin is
/// expected to be the council multisig or a timelock, never an EOA in production.
contract GovernanceEmitter is AccessControl, IGovernanceEmitter {
    /// @notice The role allowed to approve proposals.
    bytes32 public constant APPROVER_ROLE = keccak256("CHLOM_APPROVER_ROLE");

    /// @dev Length of a keccak256 digest, the only accepted payload-hash length.
    uint256 private constant _DIGEST_LENGTH = 32;

    uint64 private _lastSequence;
    mapping(bytes32 proposalId => Approval) private _approvals;
    mapping(uint64 sequence => bytes32 proposalId) private _proposalAtSequence;
    mapping(bytes32 payloadHash => uint256 blockNumber) private _payloadPublishedAt;

    /// @notice Deploys the emitter.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE`; must not be the zero address.
    /// @param approver Receives `APPROVER_ROLE`, unless it is the zero address.
    constructor(address admin, address approver) {
        if (admin == address(0)) revert GovernanceInvalidAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (approver != address(0)) _grantRole(APPROVER_ROLE, approver);
    }

    /// @inheritdoc IGovernanceEmitter
    function emitApproval(bytes32 proposalId, bytes calldata payloadHash, address executor)
        external
        onlyRole(APPROVER_ROLE)
    {
        if (payloadHash.length != _DIGEST_LENGTH) {
            revert GovernanceInvalidPayloadHash(payloadHash.length);
        }
        // casting to 'bytes32' is safe because the length was checked to be exactly 32 just above
        // forge-lint: disable-next-line(unsafe-typecast)
        _approve(proposalId, bytes32(payloadHash), executor);
    }

    /// @inheritdoc IGovernanceEmitter
    function emitApprovalWithPayload(bytes32 proposalId, ActionPayload calldata payload, address executor)
        external
        onlyRole(APPROVER_ROLE)
        returns (bytes32 payloadHash)
    {
        payloadHash = _publish(payload);
        _approve(proposalId, payloadHash, executor);
    }

    /// @inheritdoc IGovernanceEmitter
    function publishPayload(ActionPayload calldata payload) external returns (bytes32 payloadHash) {
        return _publish(payload);
    }

    /// @inheritdoc IGovernanceEmitter
    function lastSequence() external view returns (uint64) {
        return _lastSequence;
    }

    /// @inheritdoc IGovernanceEmitter
    function sequenceOf(bytes32 proposalId) external view returns (uint64) {
        return _approvals[proposalId].sequence;
    }

    /// @inheritdoc IGovernanceEmitter
    function proposalAtSequence(uint64 sequence) external view returns (bytes32) {
        return _proposalAtSequence[sequence];
    }

    /// @inheritdoc IGovernanceEmitter
    function approvalOf(bytes32 proposalId) external view returns (Approval memory) {
        return _approvals[proposalId];
    }

    /// @inheritdoc IGovernanceEmitter
    function payloadPublishedAt(bytes32 payloadHash) external view returns (uint256) {
        return _payloadPublishedAt[payloadHash];
    }

    /// @inheritdoc IGovernanceEmitter
    function hashPayload(ActionPayload calldata payload) external pure returns (bytes32) {
        return keccak256(abi.encode(payload));
    }

    /// @dev Records the approval, then emits `ApprovalSequenced` and `LicenseActionApproved`.
    function _approve(bytes32 proposalId, bytes32 payloadHash, address executor) private {
        if (executor == address(0)) revert GovernanceInvalidExecutor();
        uint64 previous = _approvals[proposalId].sequence;
        if (previous != 0) revert GovernanceProposalAlreadyApproved(proposalId, previous);

        // Cannot overflow: 2^64 approvals would take longer than the chain will exist.
        uint64 sequence;
        unchecked {
            sequence = _lastSequence + 1;
        }
        _lastSequence = sequence;
        _approvals[proposalId] = Approval({
            sequence: sequence,
            blockNumber: uint64(block.number),
            executor: executor,
            payloadHash: payloadHash
        });
        _proposalAtSequence[sequence] = proposalId;

        emit ApprovalSequenced(sequence, proposalId);
        emit LicenseActionApproved(proposalId, abi.encodePacked(payloadHash), executor);
    }

    /// @dev Validates and hashes `payload`, records its first publication and emits the payload.
    function _publish(ActionPayload calldata payload) private returns (bytes32 payloadHash) {
        if (payload.targetChainId == 0 || payload.target == address(0)) {
            revert GovernanceInvalidPayload(payload.targetChainId, payload.target);
        }
        bytes memory encoded = abi.encode(payload);
        payloadHash = keccak256(encoded);
        if (_payloadPublishedAt[payloadHash] == 0) _payloadPublishedAt[payloadHash] = block.number;
        emit ActionPayloadPublished(payloadHash, encoded);
    }
}
