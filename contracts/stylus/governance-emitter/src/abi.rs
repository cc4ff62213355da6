//! The Solidity declarations of `IGovernanceEmitter` that the emitter's ABI is made of: structs,
//! events and errors, with Solidity's exact signatures. OpenZeppelin `IAccessControl`'s come from
//! `chlom-stylus-access-control`.

use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

pub use chlom_stylus_access_control::{
    AccessControlBadConfirmation, AccessControlUnauthorizedAccount, RoleAdminChanged, RoleGranted, RoleRevoked,
};

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
