//! OpenZeppelin `AccessControl` for the CHLOM Stylus contracts: the same storage semantics, events,
//! errors and ERC-165 answers, so that a contract embedding [`Roles`] keeps the Solidity ABI. The
//! contract exposes the public functions (`hasRole`, `grantRole`, …) as thin wrappers.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256};
use alloy_sol_types::{SolError, SolEvent, sol};
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{StorageB256, StorageBool, StorageMap};

sol! {
    event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole);
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
    error AccessControlBadConfirmation();
}

/// OpenZeppelin's `DEFAULT_ADMIN_ROLE`.
pub const DEFAULT_ADMIN_ROLE: B256 = B256::ZERO;

/// ERC-165 interface ids OpenZeppelin's AccessControl reports: IERC165 and IAccessControl.
pub const INTERFACE_IDS: [[u8; 4]; 2] = [[0x01, 0xff, 0xc9, 0xa7], [0x79, 0x65, 0xdb, 0x0b]];

/// One role: its members and the role that administers it.
#[storage]
pub struct RoleData {
    members: StorageMap<Address, StorageBool>,
    admin_role: StorageB256,
}

/// The role table.
#[storage]
pub struct Roles {
    roles: StorageMap<B256, RoleData>,
}

/// An event to log: the contract emits it through its host.
pub type LogData = alloy_primitives::LogData;

impl Roles {
    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.getter(role).members.get(account)
    }

    /// The role that administers `role`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.roles.getter(role).admin_role.get()
    }

    /// Reverts with `AccessControlUnauthorizedAccount` unless `account` holds `role`.
    pub fn check_role(&self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        if self.has_role(role, account) {
            return Ok(());
        }
        // Encoded by hand (the selector from the declaration above): alloy's generic encoder costs
        // every program hundreds of bytes under the 24 KB limit. The two-engine tests compare
        // these bytes with the Solidity contracts' (`settlement_attacks`, the license vectors).
        let mut data = Vec::with_capacity(68);
        data.extend_from_slice(&AccessControlUnauthorizedAccount::SELECTOR);
        data.extend_from_slice(account.into_word().as_slice());
        data.extend_from_slice(role.as_slice());
        Err(data)
    }

    /// Grants `role` to `account` without building the log; returns whether it changed anything
    /// (the caller emits `RoleGranted` itself, for programs that count every byte of code).
    pub fn grant_quietly(&mut self, role: B256, account: Address) -> bool {
        if self.has_role(role, account) {
            return false;
        }
        self.roles.setter(role).members.insert(account, true);
        true
    }

    /// Grants `role` to `account`; returns the `RoleGranted` log when it changed anything.
    pub fn grant(&mut self, role: B256, account: Address, sender: Address) -> Option<LogData> {
        if self.has_role(role, account) {
            return None;
        }
        self.roles.setter(role).members.insert(account, true);
        Some(RoleGranted { role, account, sender }.encode_log_data())
    }

    /// Revokes `role` from `account`; returns the `RoleRevoked` log when it changed anything.
    pub fn revoke(&mut self, role: B256, account: Address, sender: Address) -> Option<LogData> {
        if !self.has_role(role, account) {
            return None;
        }
        self.roles.setter(role).members.insert(account, false);
        Some(RoleRevoked { role, account, sender }.encode_log_data())
    }

    /// `grantRole`: only the role's admin. Returns the log to emit, if any.
    pub fn grant_role(&mut self, role: B256, account: Address, sender: Address) -> Result<Option<LogData>, Vec<u8>> {
        self.check_role(self.get_role_admin(role), sender)?;
        Ok(self.grant(role, account, sender))
    }

    /// `revokeRole`: only the role's admin. Returns the log to emit, if any.
    pub fn revoke_role(&mut self, role: B256, account: Address, sender: Address) -> Result<Option<LogData>, Vec<u8>> {
        self.check_role(self.get_role_admin(role), sender)?;
        Ok(self.revoke(role, account, sender))
    }

    /// `renounceRole`: only for the caller itself. Returns the log to emit, if any.
    pub fn renounce_role(
        &mut self,
        role: B256,
        confirmation: Address,
        sender: Address,
    ) -> Result<Option<LogData>, Vec<u8>> {
        if confirmation != sender {
            return Err(AccessControlBadConfirmation {}.abi_encode());
        }
        Ok(self.revoke(role, confirmation, sender))
    }

    /// `RoleGranted`'s topic hash.
    pub const ROLE_GRANTED: B256 = RoleGranted::SIGNATURE_HASH;

    /// ERC-165, as OpenZeppelin's AccessControl answers it.
    pub fn supports_interface(interface_id: [u8; 4]) -> bool {
        INTERFACE_IDS.contains(&interface_id)
    }
}

/// Emits what [`Roles::grant_role`], [`Roles::revoke_role`] or [`Roles::renounce_role`] returned,
/// if anything.
pub fn emit(host: &impl stylus_sdk::stylus_core::RawLogAccess, log: Option<LogData>) {
    if let Some(log) = log {
        // At most four topics (AccessControl's events), so this cannot fail.
        let _ = host.raw_log(log.topics(), &log.data);
    }
}
