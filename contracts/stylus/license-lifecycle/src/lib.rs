//! The CHLOM LicenseRegistry for Arbitrum Stylus: the lifecycle part.
//!
//! The entry program (`chlom-stylus-license-registry`) forwards the selectors it does not
//! implement here by `DELEGATECALL`, so these functions run on its storage with its caller:
//! activation, renewal, suspension, reinstatement, revocation, terms, compliance records,
//! freezes, expiry records, the risk threshold, ERC-721 approvals and role administration. Selectors not here go on
//! to the views program. Called directly, this program only sees its own empty storage, where
//! nobody holds a role.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use chlom_stylus_license_kit::{LicenseStore, Revert};
use stylus_sdk::ArbResult;
use stylus_sdk::call::RawCall;
use stylus_sdk::prelude::*;

/// The registry's state; see `chlom_stylus_license_kit::store`.
#[storage]
#[entrypoint]
pub struct LicenseLifecycle {
    store: LicenseStore,
}

#[public]
impl LicenseLifecycle {
    /// See `ILicenseRegistry.activateLicense`.
    #[selector(name = "activateLicense")]
    pub fn activate_license(&mut self, id: U256) -> Result<(), Revert> {
        self.store.activate_license(id)
    }

    /// See `ILicenseRegistry.renewLicense`.
    #[selector(name = "renewLicense")]
    pub fn renew_license(&mut self, id: U256, new_expiry: u64) -> Result<(), Revert> {
        self.store.renew_license(id, new_expiry)
    }

    /// See `ILicenseRegistry.suspendLicense`.
    #[selector(name = "suspendLicense")]
    pub fn suspend_license(&mut self, id: U256, reason: B256) -> Result<(), Revert> {
        self.store.suspend_license(id, reason)
    }

    /// See `ILicenseRegistry.reinstateLicense`.
    #[selector(name = "reinstateLicense")]
    pub fn reinstate_license(&mut self, id: U256) -> Result<(), Revert> {
        self.store.reinstate_license(id)
    }

    /// See `ILicenseRegistry.revokeLicense`.
    #[selector(name = "revokeLicense")]
    pub fn revoke_license(&mut self, id: U256, reason: B256) -> Result<(), Revert> {
        self.store.revoke_license(id, reason)
    }

    /// See `ILicenseRegistry.updateTerms`.
    #[selector(name = "updateTerms")]
    pub fn update_terms(&mut self, id: U256, terms_uri: String) -> Result<(), Revert> {
        self.store.update_terms(id, terms_uri)
    }

    /// See `ILicenseRegistry.recordCompliance`.
    #[selector(name = "recordCompliance")]
    pub fn record_compliance(&mut self, id: U256, score: u8) -> Result<(), Revert> {
        self.store.record_compliance(id, score)
    }

    /// See `ILicenseRegistry.recordHolderRisk`.
    #[selector(name = "recordHolderRisk")]
    pub fn record_holder_risk(&mut self, did_hash: B256, score: u8) -> Result<(), Revert> {
        self.store.record_holder_risk(did_hash, score)
    }

    /// See `ILicenseRegistry.freezeLicense`.
    #[selector(name = "freezeLicense")]
    pub fn freeze_license(&mut self, id: U256) -> Result<(), Revert> {
        self.store.set_frozen(id, true)
    }

    /// See `ILicenseRegistry.unfreezeLicense`.
    #[selector(name = "unfreezeLicense")]
    pub fn unfreeze_license(&mut self, id: U256) -> Result<(), Revert> {
        self.store.set_frozen(id, false)
    }

    /// See `ILicenseRegistry.recordExpiry`.
    #[selector(name = "recordExpiry")]
    pub fn record_expiry(&mut self, id: U256) -> Result<(), Revert> {
        self.store.record_expiry(id)
    }

    /// See `ILicenseRegistry.setRiskThreshold`.
    #[selector(name = "setRiskThreshold")]
    pub fn set_risk_threshold(&mut self, threshold: u8) -> Result<(), Revert> {
        self.store.set_risk_threshold(threshold)
    }

    /// ERC-721 `approve`.
    pub fn approve(&mut self, to: Address, token_id: U256) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        self.store.approve(to, token_id, sender)
    }
    /// ERC-721 `setApprovalForAll`.
    #[selector(name = "setApprovalForAll")]
    pub fn set_approval_for_all(&mut self, operator: Address, approved: bool) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        self.store.set_approval_for_all(sender, operator, approved)
    }

    /// AccessControl `grantRole`.
    #[selector(name = "grantRole")]
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.store.roles.grant_role(role, account, sender)?;
        chlom_stylus_access_control::emit(self.vm(), log);
        Ok(())
    }

    /// AccessControl `revokeRole`.
    #[selector(name = "revokeRole")]
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.store.roles.revoke_role(role, account, sender)?;
        chlom_stylus_access_control::emit(self.vm(), log);
        Ok(())
    }

    /// AccessControl `renounceRole`.
    #[selector(name = "renounceRole")]
    pub fn renounce_role(&mut self, role: B256, caller_confirmation: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.store.roles.renounce_role(role, caller_confirmation, sender)?;
        chlom_stylus_access_control::emit(self.vm(), log);
        Ok(())
    }

    /// Every other selector runs in the views program, on the entry program's storage.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let views = self.store.views.get();
        // SAFETY: the views program is part of this registry, fixed at construction; it shares
        // this storage layout, and the cache is written back and cleared before the call.
        unsafe { RawCall::new_delegate(self.vm()).clear_storage_cache().call(views, calldata) }
    }
}
