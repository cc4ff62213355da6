//! The Solidity declarations of `IGovernanceEmitter` and OpenZeppelin `IAccessControl` that the
//! emitter's ABI is made of: structs, events and errors, with Solidity's exact signatures.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

sol! {
    /// `IGovernanceEmitter.ActionPayload`.
    #[derive(AbiType)]
    struct ActionPayload {
        uint256 targetChainId;
        address target;
        bytes callData;
        uint256 nonce;
        bytes32 regionTag;
    }

    /// `IGovernanceEmitter.Approval`.
    #[derive(AbiType)]
    struct Approval {
        uint64 sequence;
        uint64 blockNumber;
        address executor;
        bytes32 payloadHash;
    }

    event LicenseActionApproved(bytes32 indexed proposalId, bytes payloadHash, address executor);
    event ApprovalSequenced(uint64 indexed sequence, bytes32 indexed proposalId);
    event ActionPayloadPublished(bytes32 indexed payloadHash, bytes payload);
    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
    error AccessControlBadConfirmation();
    error GovernanceInvalidAdmin();
    error GovernanceInvalidExecutor();
    error GovernanceInvalidPayloadHash(uint256 length);
    error GovernanceInvalidPayload(uint256 targetChainId, address target);
    error GovernanceProposalAlreadyApproved(bytes32 proposalId, uint64 sequence);
}

impl From<ActionPayload> for chlom_core::governance::ActionPayload {
    fn from(payload: ActionPayload) -> Self {
        Self {
            targetChainId: payload.targetChainId,
            target: payload.target,
            callData: payload.callData,
            nonce: payload.nonce,
            regionTag: payload.regionTag,
        }
    }
}
