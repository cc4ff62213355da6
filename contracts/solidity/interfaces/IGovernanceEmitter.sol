// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IGovernanceEmitter
/// @notice Turns approved governance proposals into `LicenseActionApproved` events that the CHLOM
/// relayer carries to the chains and systems that must act on them.
///
/// @dev **Action payload.** The action behind an approval is an ABI-encoded {ActionPayload}:
///
///     payload     = abi.encode(ActionPayload(targetChainId, target, callData, nonce, regionTag))
///     payloadHash = abi.encodePacked(keccak256(payload))            // exactly 32 bytes
///
/// - `targetChainId`: the EIP-155 chain id of the destination chain; never zero.
/// - `target`: the contract the destination gateway calls; never the zero address.
/// - `callData`: the calldata for `target` (selector and arguments).
/// - `nonce`: chosen by the proposer so that two identical actions hash differently.
/// - `regionTag`: the jurisdiction a region-scoped gateway must serve, as ASCII left-aligned in a
///   bytes32 (for example "EU" or "US-CA"); `bytes32(0)` means the action is not region-scoped.
///
/// The same encoding is implemented in Rust by `chlom_core::governance::ActionPayload`.
///
/// **Publication.** An approval only carries the hash. The payload itself is published on-chain with
/// {publishPayload} (by anyone: a payload can only prove itself by its hash) or together with the
/// approval through {emitApprovalWithPayload}. A relayer finds it with {payloadPublishedAt}, reads the
/// `ActionPayloadPublished` log of that block, checks that `keccak256(payload)` equals the approval's
/// `payloadHash`, and decodes it.
///
/// **Sequence.** Every approval gets the next sequence number, starting at 1, stored on-chain and
/// announced by `ApprovalSequenced` in the same transaction, so that a relayer detects a missed event
/// from the numbers alone and can recover it with {proposalAtSequence} without trusting its RPC node's
/// log index.
interface IGovernanceEmitter {
    /// @notice The action an approval authorizes. See the interface documentation for the encoding.
    struct ActionPayload {
        uint256 targetChainId;
        address target;
        bytes callData;
        uint256 nonce;
        bytes32 regionTag;
    }

    /// @notice The on-chain record of an approval.
    /// @param sequence The approval's sequence number (first approval is 1); 0 when not approved.
    /// @param blockNumber The block in which the approval was emitted.
    /// @param executor The account expected to execute the action (its DID is checked off-chain).
    /// @param payloadHash keccak256 of the ABI-encoded {ActionPayload}.
    struct Approval {
        uint64 sequence;
        uint64 blockNumber;
        address executor;
        bytes32 payloadHash;
    }

    /// @notice A proposal was approved. The interface of the CHLOM specification, kept exactly.
    /// @param proposalId The governance proposal.
    /// @param payloadHash The 32-byte keccak256 of the ABI-encoded {ActionPayload}.
    /// @param executor The account expected to execute the action.
    event LicenseActionApproved(bytes32 indexed proposalId, bytes payloadHash, address executor);

    /// @notice The approval of `proposalId` got sequence number `sequence`; emitted right before
    /// `LicenseActionApproved` in the same transaction.
    event ApprovalSequenced(uint64 indexed sequence, bytes32 indexed proposalId);

    /// @notice An action payload was published; `payload` is its ABI encoding.
    event ActionPayloadPublished(bytes32 indexed payloadHash, bytes payload);

    /// @notice `proposalId` was approved before, with sequence number `sequence`.
    error GovernanceProposalAlreadyApproved(bytes32 proposalId, uint64 sequence);

    /// @notice The admin given to the constructor is the zero address.
    error GovernanceInvalidAdmin();

    /// @notice The executor is the zero address.
    error GovernanceInvalidExecutor();

    /// @notice The payload hash is not a 32-byte digest; `length` is what was given.
    error GovernanceInvalidPayloadHash(uint256 length);

    /// @notice The payload names chain id 0 or the zero address as its target.
    error GovernanceInvalidPayload(uint256 targetChainId, address target);

    /// @notice Approves `proposalId` and emits `ApprovalSequenced` then `LicenseActionApproved`.
    /// @dev Requirements: the caller holds the approver role; `proposalId` was never approved;
    /// `payloadHash` is exactly 32 bytes; `executor` is not the zero address.
    /// @param proposalId The governance proposal being approved.
    /// @param payloadHash keccak256 of the ABI-encoded {ActionPayload}, as 32 bytes.
    /// @param executor The account expected to execute the action.
    function emitApproval(bytes32 proposalId, bytes calldata payloadHash, address executor) external;

    /// @notice Publishes `payload` and approves `proposalId` for its hash, in one transaction.
    /// @dev Same requirements as {emitApproval} and {publishPayload}. Emits `ActionPayloadPublished`,
    /// `ApprovalSequenced` and `LicenseActionApproved`.
    /// @return payloadHash keccak256 of the ABI-encoded payload.
    function emitApprovalWithPayload(bytes32 proposalId, ActionPayload calldata payload, address executor)
        external
        returns (bytes32 payloadHash);

    /// @notice Publishes an action payload so that relayers can fetch it by its hash.
    /// @dev Anyone may publish. Requirements: `targetChainId` is not zero and `target` is not the zero
    /// address. The first publication's block is recorded; publishing again only emits the event again.
    /// Emits `ActionPayloadPublished`.
    /// @return payloadHash keccak256 of the ABI-encoded payload.
    function publishPayload(ActionPayload calldata payload) external returns (bytes32 payloadHash);

    /// @notice The number of approvals so far, which is the sequence number of the latest one.
    function lastSequence() external view returns (uint64);

    /// @notice The sequence number of `proposalId`'s approval, or 0 when it was not approved.
    function sequenceOf(bytes32 proposalId) external view returns (uint64);

    /// @notice The proposal approved with sequence number `sequence`, or `bytes32(0)` when none was.
    function proposalAtSequence(uint64 sequence) external view returns (bytes32);

    /// @notice The full record of `proposalId`'s approval; all zero when it was not approved.
    function approvalOf(bytes32 proposalId) external view returns (Approval memory);

    /// @notice The block in which `payloadHash`'s payload was first published, or 0 when never.
    function payloadPublishedAt(bytes32 payloadHash) external view returns (uint256);

    /// @notice keccak256 of the ABI encoding of `payload`: the value an approval's `payloadHash` holds.
    function hashPayload(ActionPayload calldata payload) external pure returns (bytes32);
}
