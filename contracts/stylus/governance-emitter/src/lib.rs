//! The CHLOM GovernanceEmitter for Arbitrum Stylus.
//!
//! Exactly the ABI of `contracts/solidity/governance/GovernanceEmitter.sol`: the same selectors,
//! events, custom errors and check order, including OpenZeppelin `AccessControl`'s role functions,
//! events and errors. The approval checks live in `chlom_core::governance`; this crate maps storage
//! and calls. The constructor is Stylus's `stylus_constructor` (selector `0x5585258d`), called once
//! after deployment.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

mod abi;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U64, U256};
use alloy_sol_types::SolEvent;
use chlom_core::governance::{self, Rejection};
use chlom_stylus_access_control::Roles;
use stylus_sdk::abi::Bytes;
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{StorageB256, StorageMap, StorageU64, StorageU256};

pub use abi::*;

/// `keccak256("CHLOM_APPROVER_ROLE")`, as in the Solidity contract.
pub const APPROVER_ROLE: B256 =
    alloy_primitives::b256!("0x22db119603aa63c2fa0208654d24bf348ad8fd8a3b5e6274069e0aa31b1c0446");

pub use chlom_stylus_access_control::DEFAULT_ADMIN_ROLE;

/// A stored approval (see `IGovernanceEmitter.Approval`).
#[storage]
pub struct StoredApproval {
    sequence: StorageU64,
    block_number: StorageU64,
    executor: stylus_sdk::storage::StorageAddress,
    payload_hash: StorageB256,
}

/// The emitter's state.
#[storage]
#[entrypoint]
pub struct GovernanceEmitter {
    roles: Roles,
    last_sequence: StorageU64,
    approvals: StorageMap<B256, StoredApproval>,
    proposal_at_sequence: StorageMap<U64, StorageB256>,
    payload_published_at: StorageMap<B256, StorageU256>,
}

#[public]
impl GovernanceEmitter {
    /// Grants the admin role to `admin` and the approver role to `approver` (unless zero).
    #[constructor]
    pub fn constructor(&mut self, admin: Address, approver: Address) -> Result<(), EmitterError> {
        if admin.is_zero() {
            return Err(GovernanceInvalidAdmin {}.into());
        }
        self.grant_role_internal(DEFAULT_ADMIN_ROLE, admin);
        if !approver.is_zero() {
            self.grant_role_internal(APPROVER_ROLE, approver);
        }
        Ok(())
    }

    /// The approver role's id.
    #[selector(name = "APPROVER_ROLE")]
    pub fn approver_role(&self) -> B256 {
        APPROVER_ROLE
    }

    /// The default admin role's id (zero).
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE
    }

    /// See `IGovernanceEmitter.emitApproval`.
    pub fn emit_approval(
        &mut self,
        proposal_id: B256,
        payload_hash: Bytes,
        executor: Address,
    ) -> Result<(), EmitterError> {
        self.only_role(APPROVER_ROLE)?;
        let digest = governance::check_payload_hash(&payload_hash).map_err(EmitterError::from)?;
        self.approve(proposal_id, digest, executor)
    }

    /// See `IGovernanceEmitter.emitApprovalWithPayload`.
    pub fn emit_approval_with_payload(
        &mut self,
        proposal_id: B256,
        payload: ActionPayload,
        executor: Address,
    ) -> Result<B256, EmitterError> {
        self.only_role(APPROVER_ROLE)?;
        let payload_hash = self.publish(payload)?;
        self.approve(proposal_id, payload_hash, executor)?;
        Ok(payload_hash)
    }

    /// See `IGovernanceEmitter.publishPayload`.
    pub fn publish_payload(&mut self, payload: ActionPayload) -> Result<B256, EmitterError> {
        self.publish(payload)
    }

    /// See `IGovernanceEmitter.lastSequence`.
    pub fn last_sequence(&self) -> u64 {
        self.last_sequence.get().to::<u64>()
    }

    /// See `IGovernanceEmitter.sequenceOf`.
    pub fn sequence_of(&self, proposal_id: B256) -> u64 {
        self.approvals.getter(proposal_id).sequence.get().to::<u64>()
    }

    /// See `IGovernanceEmitter.proposalAtSequence`.
    pub fn proposal_at_sequence(&self, sequence: u64) -> B256 {
        self.proposal_at_sequence.get(U64::from(sequence))
    }

    /// See `IGovernanceEmitter.approvalOf`.
    pub fn approval_of(&self, proposal_id: B256) -> Approval {
        let stored = self.approvals.getter(proposal_id);
        Approval {
            sequence: stored.sequence.get().to::<u64>(),
            blockNumber: stored.block_number.get().to::<u64>(),
            executor: stored.executor.get(),
            payloadHash: stored.payload_hash.get(),
        }
    }

    /// See `IGovernanceEmitter.payloadPublishedAt`.
    pub fn payload_published_at(&self, payload_hash: B256) -> U256 {
        self.payload_published_at.get(payload_hash)
    }

    /// See `IGovernanceEmitter.hashPayload`.
    pub fn hash_payload(payload: ActionPayload) -> B256 {
        governance::ActionPayload::from(payload).hash()
    }

    /// OpenZeppelin `AccessControl.hasRole`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has_role(role, account)
    }

    /// OpenZeppelin `AccessControl.getRoleAdmin`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.roles.get_role_admin(role)
    }

    /// OpenZeppelin `AccessControl.grantRole`: only the role's admin.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), EmitterError> {
        self.only_role(self.get_role_admin(role))?;
        self.grant_role_internal(role, account);
        Ok(())
    }

    /// OpenZeppelin `AccessControl.revokeRole`: only the role's admin.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), EmitterError> {
        self.only_role(self.get_role_admin(role))?;
        self.revoke_role_internal(role, account);
        Ok(())
    }

    /// OpenZeppelin `AccessControl.renounceRole`: only for the caller itself.
    pub fn renounce_role(&mut self, role: B256, caller_confirmation: Address) -> Result<(), EmitterError> {
        if caller_confirmation != self.vm().msg_sender() {
            return Err(AccessControlBadConfirmation {}.into());
        }
        self.revoke_role_internal(role, caller_confirmation);
        Ok(())
    }

    /// ERC-165: IAccessControl and IERC165, as OpenZeppelin's AccessControl reports.
    pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
        Roles::supports_interface(interface_id.0)
    }
}

impl GovernanceEmitter {
    fn only_role(&self, role: B256) -> Result<(), EmitterError> {
        let account = self.vm().msg_sender();
        if self.has_role(role, account) {
            return Ok(());
        }
        Err(AccessControlUnauthorizedAccount { account, neededRole: role }.into())
    }

    fn grant_role_internal(&mut self, role: B256, account: Address) {
        let sender = self.vm().msg_sender();
        if let Some(log) = self.roles.grant(role, account, sender) {
            self.emit_log(log);
        }
    }

    fn revoke_role_internal(&mut self, role: B256, account: Address) {
        let sender = self.vm().msg_sender();
        if let Some(log) = self.roles.revoke(role, account, sender) {
            self.emit_log(log);
        }
    }

    /// Records the approval, then emits `ApprovalSequenced` and `LicenseActionApproved`.
    fn approve(&mut self, proposal_id: B256, payload_hash: B256, executor: Address) -> Result<(), EmitterError> {
        let previous = self.sequence_of(proposal_id);
        let sequence = governance::check_approval(executor, previous, self.last_sequence())
            .map_err(|rejection| EmitterError::rejected(rejection, proposal_id))?;

        let block_number = self.vm().block_number();
        self.last_sequence.set(U64::from(sequence));
        let mut stored = self.approvals.setter(proposal_id);
        stored.sequence.set(U64::from(sequence));
        stored.block_number.set(U64::from(block_number));
        stored.executor.set(executor);
        stored.payload_hash.set(payload_hash);
        self.proposal_at_sequence.insert(U64::from(sequence), proposal_id);

        self.emit(ApprovalSequenced { sequence, proposalId: proposal_id });
        self.emit(LicenseActionApproved {
            proposalId: proposal_id,
            payloadHash: payload_hash.to_vec().into(),
            executor,
        });
        Ok(())
    }

    /// Validates and hashes the payload, records its first publication and emits it.
    fn publish(&mut self, payload: ActionPayload) -> Result<B256, EmitterError> {
        let payload = governance::ActionPayload::from(payload);
        governance::check_payload_target(&payload).map_err(EmitterError::from)?;
        let encoded = payload.encode();
        let payload_hash = alloy_primitives::keccak256(&encoded);
        if self.payload_published_at.get(payload_hash).is_zero() {
            let block_number = U256::from(self.vm().block_number());
            self.payload_published_at.insert(payload_hash, block_number);
        }
        self.emit(ActionPayloadPublished { payloadHash: payload_hash, payload: encoded });
        Ok(payload_hash)
    }

    fn emit<E: SolEvent>(&self, event: E) {
        self.emit_log(event.encode_log_data());
    }

    fn emit_log(&self, log: alloy_primitives::LogData) {
        // At most four topics by construction of the events above, so this cannot fail.
        let _ = self.vm().raw_log(log.topics(), &log.data);
    }
}

/// Prints the Solidity declarations of the structs used only as arguments: stylus-sdk 0.10's
/// `export-abi` declares the structs of return values but not these, and the ABI parity check needs
/// every struct to resolve the function signatures.
#[cfg(feature = "export-abi")]
pub fn print_argument_structs() {
    use alloy_sol_types::SolStruct;
    let root = ActionPayload::eip712_root_type();
    let (name, fields) = root.split_once('(').unwrap_or((&root, ")"));
    let fields: Vec<&str> = fields.trim_end_matches(')').split(',').collect();
    println!("struct {name} {{{};}}", fields.join(";"));
}

/// Every custom error the emitter reverts with, encoded exactly as Solidity encodes them.
#[derive(SolidityError)]
pub enum EmitterError {
    /// OpenZeppelin's missing-role error.
    AccessControlUnauthorizedAccount(AccessControlUnauthorizedAccount),
    /// OpenZeppelin's renounce-for-someone-else error.
    AccessControlBadConfirmation(AccessControlBadConfirmation),
    /// Zero admin in the constructor.
    GovernanceInvalidAdmin(GovernanceInvalidAdmin),
    /// Zero executor.
    GovernanceInvalidExecutor(GovernanceInvalidExecutor),
    /// Payload hash not 32 bytes.
    GovernanceInvalidPayloadHash(GovernanceInvalidPayloadHash),
    /// Payload without a target.
    GovernanceInvalidPayload(GovernanceInvalidPayload),
    /// Proposal approved before.
    GovernanceProposalAlreadyApproved(GovernanceProposalAlreadyApproved),
}

impl EmitterError {
    fn rejected(rejection: Rejection, proposal_id: B256) -> Self {
        match rejection {
            Rejection::AlreadyApproved { sequence } => {
                GovernanceProposalAlreadyApproved { proposalId: proposal_id, sequence }.into()
            }
            other => other.into(),
        }
    }
}

impl From<Rejection> for EmitterError {
    fn from(rejection: Rejection) -> Self {
        match rejection {
            Rejection::InvalidPayloadHash { length } => {
                GovernanceInvalidPayloadHash { length: U256::from(length) }.into()
            }
            Rejection::InvalidExecutor => GovernanceInvalidExecutor {}.into(),
            Rejection::InvalidPayload { target_chain_id, target } => {
                GovernanceInvalidPayload { targetChainId: target_chain_id, target }.into()
            }
            // Callers with a proposal id use `rejected`; none reaches here without one.
            Rejection::AlreadyApproved { sequence } => {
                GovernanceProposalAlreadyApproved { proposalId: B256::ZERO, sequence }.into()
            }
        }
    }
}

/// Keeps `Vec` in scope for the macro-generated router in `no_std` builds.
#[allow(dead_code)]
type RevertData = Vec<u8>;
