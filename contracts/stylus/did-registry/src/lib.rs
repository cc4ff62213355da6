//! The CHLOM DIDRegistry for Arbitrum Stylus.
//!
//! Exactly the ABI of `contracts/solidity/identity/DIDRegistry.sol`: the same selectors, events,
//! custom errors and check order, with OpenZeppelin AccessControl from
//! `chlom-stylus-access-control`. The rules (regions, identifiers, the lifecycle) come from
//! `chlom_core::identity`; this crate maps storage and calls. The constructor is Stylus's
//! `stylus_constructor` (selector `0x5585258d`), called once after deployment.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U64, U256, keccak256};
use alloy_sol_types::{SolError, SolEvent, sol};
use chlom_core::identity::{self, Status};
use chlom_stylus_access_control::{DEFAULT_ADMIN_ROLE, Roles};
use stylus_sdk::abi::Bytes;
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{StorageAddress, StorageB256, StorageFixedBytes, StorageMap, StorageU8, StorageU64};

/// `keccak256("CHLOM_VERIFIER_ROLE")`, as in the Solidity contract.
pub const VERIFIER_ROLE: B256 =
    alloy_primitives::b256!("0x3f34acf756bc405fcf88e7da576e28ce14ef3a667cfd19ce5388b760e0e5e337");

sol! {
    /// `IDIDRegistry.DIDRecord`.
    #[derive(AbiType)]
    struct DIDRecord {
        address controller;
        bytes2 region;
        uint8 status;
        uint64 registeredAt;
        uint64 updatedAt;
        bytes32 biometricCommitment;
    }

    event DIDRegistered(bytes32 indexed didHash, address indexed controller, bytes did, bytes2 region);
    event DIDStatusChanged(bytes32 indexed didHash, uint8 previous, uint8 next, address indexed by);
    event ControllerRotated(bytes32 indexed didHash, address indexed previous, address indexed next);
    event CommitmentUpdated(bytes32 indexed didHash, bytes32 commitment);

    error DIDInvalidIdentifier(uint256 length);
    error DIDInvalidRegion(bytes2 region);
    error DIDInvalidAccount(address account);
    error DIDInvalidCommitment();
    error DIDAlreadyRegistered(bytes32 didHash);
    error DIDControllerTaken(address controller, bytes32 didHash);
    error DIDNotFound(bytes32 didHash);
    error DIDNotController(bytes32 didHash, address caller);
    error DIDInvalidTransition(bytes32 didHash, uint8 previous, uint8 next);
}

/// A stored DID.
#[storage]
pub struct StoredDID {
    controller: StorageAddress,
    region: StorageFixedBytes<2>,
    status: StorageU8,
    registered_at: StorageU64,
    updated_at: StorageU64,
    commitment: StorageB256,
}

/// The registry's state.
#[storage]
#[entrypoint]
pub struct DIDRegistry {
    roles: Roles,
    records: StorageMap<B256, StoredDID>,
    did_of: StorageMap<Address, StorageB256>,
}

type Revert = Vec<u8>;

#[public]
impl DIDRegistry {
    /// Grants the admin role to `admin` and the verifier role to `verifier` (unless zero).
    #[constructor]
    pub fn constructor(&mut self, admin: Address, verifier: Address) -> Result<(), Revert> {
        if admin.is_zero() {
            return Err(DIDInvalidAccount { account: admin }.abi_encode());
        }
        let sender = self.vm().msg_sender();
        let granted = self.roles.grant(DEFAULT_ADMIN_ROLE, admin, sender);
        self.emit_raw(granted);
        if !verifier.is_zero() {
            let granted = self.roles.grant(VERIFIER_ROLE, verifier, sender);
            self.emit_raw(granted);
        }
        Ok(())
    }

    /// The verifier role's id.
    #[selector(name = "VERIFIER_ROLE")]
    pub fn verifier_role(&self) -> B256 {
        VERIFIER_ROLE
    }

    /// The default admin role's id (zero).
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE
    }

    /// The global region code, "ZZ".
    #[selector(name = "GLOBAL_REGION")]
    pub fn global_region(&self) -> FixedBytes<2> {
        FixedBytes(identity::GLOBAL_REGION)
    }

    /// See `IDIDRegistry.registerDID`.
    #[selector(name = "registerDID")]
    pub fn register_did(
        &mut self,
        did: Bytes,
        region: FixedBytes<2>,
        biometric_commitment: B256,
    ) -> Result<B256, Revert> {
        if !identity::is_valid_identifier(&did) {
            return Err(DIDInvalidIdentifier { length: U256::from(did.len()) }.abi_encode());
        }
        if !identity::is_valid_region(region.0) {
            return Err(DIDInvalidRegion { region }.abi_encode());
        }
        if biometric_commitment.is_zero() {
            return Err(DIDInvalidCommitment {}.abi_encode());
        }
        let did_hash = keccak256(&did[..]);
        if self.status_of(did_hash) != Status::None {
            return Err(DIDAlreadyRegistered { didHash: did_hash }.abi_encode());
        }
        let sender = self.vm().msg_sender();
        let existing = self.did_of.get(sender);
        if !existing.is_zero() {
            return Err(DIDControllerTaken { controller: sender, didHash: existing }.abi_encode());
        }
        let now = U64::from(self.vm().block_timestamp());
        let mut record = self.records.setter(did_hash);
        record.controller.set(sender);
        record.region.set(region);
        record.status.set(alloy_primitives::U8::from(Status::New as u8));
        record.registered_at.set(now);
        record.updated_at.set(now);
        record.commitment.set(biometric_commitment);
        self.did_of.insert(sender, did_hash);
        self.emit(DIDRegistered { didHash: did_hash, controller: sender, did: did.0.into(), region });
        Ok(did_hash)
    }

    /// See `IDIDRegistry.setStatus`.
    pub fn set_status(&mut self, did_hash: B256, next: u8) -> Result<(), Revert> {
        // Solidity refuses an out-of-range enum while decoding, with empty revert data.
        let Some(next) = Status::from_u8(next) else { return Err(Vec::new()) };
        let sender = self.vm().msg_sender();
        self.roles.check_role(VERIFIER_ROLE, sender)?;
        let previous = self.existing(did_hash)?;
        if !previous.can_move_to(next) {
            return Err(
                DIDInvalidTransition { didHash: did_hash, previous: previous as u8, next: next as u8 }.abi_encode()
            );
        }
        self.set_status_internal(did_hash, previous, next);
        Ok(())
    }

    /// See `IDIDRegistry.rotateController`.
    pub fn rotate_controller(&mut self, did_hash: B256, next: Address) -> Result<(), Revert> {
        self.controlled(did_hash)?;
        if next.is_zero() {
            return Err(DIDInvalidAccount { account: next }.abi_encode());
        }
        let existing = self.did_of.get(next);
        if !existing.is_zero() {
            return Err(DIDControllerTaken { controller: next, didHash: existing }.abi_encode());
        }
        let now = U64::from(self.vm().block_timestamp());
        let mut record = self.records.setter(did_hash);
        let previous = record.controller.get();
        record.controller.set(next);
        record.updated_at.set(now);
        self.did_of.delete(previous);
        self.did_of.insert(next, did_hash);
        self.emit(ControllerRotated { didHash: did_hash, previous, next });
        Ok(())
    }

    /// See `IDIDRegistry.updateCommitment`.
    pub fn update_commitment(&mut self, did_hash: B256, commitment: B256) -> Result<(), Revert> {
        let status = self.controlled(did_hash)?;
        if commitment.is_zero() {
            return Err(DIDInvalidCommitment {}.abi_encode());
        }
        let now = U64::from(self.vm().block_timestamp());
        let mut record = self.records.setter(did_hash);
        record.commitment.set(commitment);
        record.updated_at.set(now);
        self.emit(CommitmentUpdated { didHash: did_hash, commitment });
        let next = status.after_commitment_update();
        if next != status {
            self.set_status_internal(did_hash, status, next);
        }
        Ok(())
    }

    /// See `IDIDRegistry.getDID`.
    #[selector(name = "getDID")]
    pub fn get_did(&self, did_hash: B256) -> DIDRecord {
        let record = self.records.getter(did_hash);
        DIDRecord {
            controller: record.controller.get(),
            region: record.region.get(),
            status: record.status.get().to::<u8>(),
            registeredAt: record.registered_at.get().to::<u64>(),
            updatedAt: record.updated_at.get().to::<u64>(),
            biometricCommitment: record.commitment.get(),
        }
    }

    /// See `IDIDRegistry.didOf`.
    pub fn did_of(&self, controller: Address) -> B256 {
        self.did_of.get(controller)
    }

    /// See `IDIDRegistry.standingOf`.
    #[selector(name = "standingOf")]
    pub fn standing_of(&self, account: Address) -> (B256, FixedBytes<2>, u8) {
        let did_hash = self.did_of.get(account);
        let record = self.records.getter(did_hash);
        (did_hash, record.region.get(), record.status.get().to::<u8>())
    }

    /// See `IDIDRegistry.controllerOf`.
    #[selector(name = "controllerOf")]
    pub fn controller_of(&self, did_hash: B256) -> (Address, FixedBytes<2>, u8) {
        let record = self.records.getter(did_hash);
        (record.controller.get(), record.region.get(), record.status.get().to::<u8>())
    }

    /// See `IDIDRegistry.isInGoodStanding`.
    pub fn is_in_good_standing(&self, did_hash: B256) -> bool {
        self.status_of(did_hash) == Status::Valid
    }

    /// See `IDIDRegistry.matchesCommitment`.
    pub fn matches_commitment(&self, did_hash: B256, commitment: B256) -> bool {
        !commitment.is_zero() && self.records.getter(did_hash).commitment.get() == commitment
    }

    /// See `IDIDRegistry.isValidRegion`.
    pub fn is_valid_region(region: FixedBytes<2>) -> bool {
        identity::is_valid_region(region.0)
    }

    /// OpenZeppelin `AccessControl.hasRole`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has_role(role, account)
    }

    /// OpenZeppelin `AccessControl.getRoleAdmin`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.roles.get_role_admin(role)
    }

    /// OpenZeppelin `AccessControl.grantRole`.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.roles.grant_role(role, account, sender)?;
        self.emit_raw(log);
        Ok(())
    }

    /// OpenZeppelin `AccessControl.revokeRole`.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.roles.revoke_role(role, account, sender)?;
        self.emit_raw(log);
        Ok(())
    }

    /// OpenZeppelin `AccessControl.renounceRole`.
    pub fn renounce_role(&mut self, role: B256, caller_confirmation: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.roles.renounce_role(role, caller_confirmation, sender)?;
        self.emit_raw(log);
        Ok(())
    }

    /// ERC-165, as OpenZeppelin's AccessControl answers it.
    pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
        Roles::supports_interface(interface_id.0)
    }
}

impl DIDRegistry {
    fn status_of(&self, did_hash: B256) -> Status {
        Status::from_u8(self.records.getter(did_hash).status.get().to::<u8>()).unwrap_or(Status::None)
    }

    fn existing(&self, did_hash: B256) -> Result<Status, Revert> {
        match self.status_of(did_hash) {
            Status::None => Err(DIDNotFound { didHash: did_hash }.abi_encode()),
            status => Ok(status),
        }
    }

    /// The status of a DID the caller controls and that is not Revoked.
    fn controlled(&self, did_hash: B256) -> Result<Status, Revert> {
        let status = self.existing(did_hash)?;
        let sender = self.vm().msg_sender();
        if self.records.getter(did_hash).controller.get() != sender {
            return Err(DIDNotController { didHash: did_hash, caller: sender }.abi_encode());
        }
        if status == Status::Revoked {
            let revoked = Status::Revoked as u8;
            return Err(DIDInvalidTransition { didHash: did_hash, previous: revoked, next: revoked }.abi_encode());
        }
        Ok(status)
    }

    fn set_status_internal(&mut self, did_hash: B256, previous: Status, next: Status) {
        let now = U64::from(self.vm().block_timestamp());
        let mut record = self.records.setter(did_hash);
        record.status.set(alloy_primitives::U8::from(next as u8));
        record.updated_at.set(now);
        let by = self.vm().msg_sender();
        self.emit(DIDStatusChanged { didHash: did_hash, previous: previous as u8, next: next as u8, by });
    }

    fn emit<E: SolEvent>(&self, event: E) {
        self.emit_raw(Some(event.encode_log_data()));
    }

    fn emit_raw(&self, log: Option<alloy_primitives::LogData>) {
        if let Some(log) = log {
            // At most four topics by construction of the events above, so this cannot fail.
            let _ = self.vm().raw_log(log.topics(), &log.data);
        }
    }
}
