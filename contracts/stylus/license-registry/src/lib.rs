//! The CHLOM LicenseRegistry for Arbitrum Stylus: the program users call.
//!
//! It runs the hot paths of `contracts/solidity/licensing/LicenseRegistry.sol` (issuance,
//! sublicensing and ERC-721 transfers) and hands every other selector by
//! `DELEGATECALL` to the lifecycle program (`chlom-stylus-license-lifecycle`), which hands what it
//! does not implement to the views program (`chlom-stylus-license-views`). All three share the
//! storage of `chlom_stylus_license_kit::LicenseStore`; the logic is in that crate. See the kit's
//! documentation for why the registry is split.
//!
//! The constructor takes the lifecycle and views programs' addresses after the Solidity
//! constructor's `(admin, didRegistry)`; everything else is the Solidity ABI.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, Bytes, U8, U256};
use alloy_sol_types::SolError;
use chlom_core::license::DEFAULT_RISK_THRESHOLD;
use chlom_core::license::errors::InvalidAccount;
use chlom_stylus_access_control::{DEFAULT_ADMIN_ROLE, Roles};
use chlom_stylus_license_kit::abi::IssueRequest;
use chlom_stylus_license_kit::encode::{Word, revert};
use chlom_stylus_license_kit::{LicenseStore, Revert};
use stylus_sdk::ArbResult;
use stylus_sdk::call::RawCall;
use stylus_sdk::prelude::*;

/// The registry's state; see `chlom_stylus_license_kit::store`.
#[storage]
#[entrypoint]
pub struct LicenseRegistry {
    store: LicenseStore,
}

#[public]
impl LicenseRegistry {
    /// Sets the admin, the DID registry, the other two programs and the default risk threshold.
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        dids: Address,
        lifecycle: Address,
        views: Address,
    ) -> Result<(), Revert> {
        for account in [admin, dids, lifecycle, views] {
            if account.is_zero() {
                return Err(revert(InvalidAccount::SELECTOR, &[account.word()]));
            }
        }
        self.store.dids.set(dids);
        self.store.lifecycle.set(lifecycle);
        self.store.views.set(views);
        self.store.risk_threshold.set(U8::from(DEFAULT_RISK_THRESHOLD));
        let sender = self.vm().msg_sender();
        if self.store.roles.grant_quietly(DEFAULT_ADMIN_ROLE, admin) {
            let topics = [Roles::ROLE_GRANTED, DEFAULT_ADMIN_ROLE, admin.word(), sender.word()];
            self.store.log(&topics, &[]);
        }
        Ok(())
    }

    /// See `ILicenseRegistry.issueLicense`.
    #[selector(name = "issueLicense")]
    pub fn issue_license(&mut self, request: IssueRequest) -> Result<U256, Revert> {
        self.store.issue_license(request)
    }

    /// See `ILicenseRegistry.createSublicense`.
    #[selector(name = "createSublicense")]
    pub fn create_sublicense(
        &mut self,
        parent_id: U256,
        new_holder_did: B256,
        royalty_bps: u16,
        expires_at: u64,
    ) -> Result<U256, Revert> {
        self.store.create_sublicense(parent_id, new_holder_did, royalty_bps, expires_at)
    }

    /// ERC-721 `transferFrom`, gated (see `ILicenseRegistry`).
    #[selector(name = "transferFrom")]
    pub fn transfer_from(&mut self, from: Address, to: Address, token_id: U256) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        self.store.transfer_from(from, to, token_id, sender)
    }

    /// ERC-721 `safeTransferFrom(address,address,uint256)`.
    #[selector(name = "safeTransferFrom")]
    pub fn safe_transfer_from(&mut self, from: Address, to: Address, token_id: U256) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        self.store.safe_transfer_from(from, to, token_id, Bytes::new(), sender)
    }

    /// ERC-721 `safeTransferFrom(address,address,uint256,bytes)`.
    #[selector(name = "safeTransferFrom")]
    pub fn safe_transfer_from_with_data(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
        data: stylus_sdk::abi::Bytes,
    ) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        self.store.safe_transfer_from(from, to, token_id, data.0.into(), sender)
    }

    /// Every other selector runs in the lifecycle program, on this program's storage.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let lifecycle = self.store.lifecycle.get();
        // SAFETY: the lifecycle program is part of this registry, fixed at construction; it
        // shares this storage layout, and the cache is written back and cleared before the call
        // so that neither side sees stale words.
        unsafe { RawCall::new_delegate(self.vm()).clear_storage_cache().call(lifecycle, calldata) }
    }
}
