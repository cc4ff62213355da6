//! The CHLOM SettlementEngine for Arbitrum Stylus: the configuration program.
//!
//! The graphs program (`chlom-stylus-settlement-graphs`) forwards the selectors neither it nor the
//! engine program implements here by `DELEGATECALL`, so these functions run on the engine's
//! storage with its caller: rate tables, jurisdictions, escrow holds, the fee, sustainability and
//! pool settings, the circuit breaker, closing epochs and role administration. Other selectors go
//! on to the views program (`chlom-stylus-settlement-views`). Called directly, this program only
//! sees its own empty storage, where nobody holds a role.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use chlom_stylus_abi_words::Revert;
use chlom_stylus_access_control::DEFAULT_ADMIN_ROLE;
use chlom_stylus_settlement_kit::SettlementStore;
use chlom_stylus_settlement_kit::abi::*;
use stylus_sdk::ArbResult;
use stylus_sdk::prelude::*;

/// The engine's state; see `chlom_stylus_settlement_kit::store`.
#[storage]
#[entrypoint]
pub struct SettlementConfig {
    store: SettlementStore,
}

#[public]
impl SettlementConfig {
    /// See `ISettlementEngine.registerRateTable`.
    #[selector(name = "registerRateTable")]
    pub fn register_rate_table(&mut self, entries: Vec<RateEntry>) -> Result<(u32, B256), Revert> {
        self.only(TAX_ROLE)?;
        self.store.register_rate_table(&entries)
    }

    /// See `ISettlementEngine.setJurisdiction`.
    #[selector(name = "setJurisdiction")]
    pub fn set_jurisdiction(&mut self, graph_id: B256, path: Vec<JurisdictionLevel>) -> Result<(), Revert> {
        self.only(TAX_ROLE)?;
        self.store.set_jurisdiction(graph_id, &path)
    }

    /// See `ISettlementEngine.setHold`.
    #[selector(name = "setHold")]
    pub fn set_hold(&mut self, license_id: U256, amount: U256, reference: B256) -> Result<(), Revert> {
        self.only(ENFORCEMENT_ROLE)?;
        self.store.set_hold(license_id, amount, reference);
        Ok(())
    }

    /// See `ISettlementEngine.releaseHold`.
    #[selector(name = "releaseHold")]
    pub fn release_hold(&mut self, license_id: U256, token: Address, to: Address) -> Result<(), Revert> {
        self.only(ENFORCEMENT_ROLE)?;
        self.store.release_hold(license_id, token, to)
    }

    /// See `ISettlementEngine.closeEpoch`.
    #[selector(name = "closeEpoch")]
    pub fn close_epoch(&mut self, epoch: u64) -> Result<B256, Revert> {
        self.store.close_epoch(epoch)
    }

    /// See `ISettlementEngine.setFee`.
    #[selector(name = "setFee")]
    pub fn set_fee(&mut self, fee_bps: u16, fee_wallet: Address) -> Result<(), Revert> {
        self.only(DEFAULT_ADMIN_ROLE)?;
        self.store.set_fee(fee_bps, fee_wallet)
    }

    /// See `ISettlementEngine.setSustainability`.
    #[selector(name = "setSustainability")]
    pub fn set_sustainability(&mut self, share_bps: u16, wallet: Address) -> Result<(), Revert> {
        self.only(DEFAULT_ADMIN_ROLE)?;
        self.store.set_sustainability(share_bps, wallet)
    }

    /// See `ISettlementEngine.setCommunityPool`.
    #[selector(name = "setCommunityPool")]
    pub fn set_community_pool(&mut self, pool: Address) -> Result<(), Revert> {
        self.only(DEFAULT_ADMIN_ROLE)?;
        self.store.set_community_pool(pool)
    }

    /// See `ISettlementEngine.pauseSettlement`.
    #[selector(name = "pauseSettlement")]
    pub fn pause_settlement(&mut self) -> Result<(), Revert> {
        self.only(PAUSER_ROLE)?;
        self.store.set_paused(true)
    }

    /// See `ISettlementEngine.unpause`.
    pub fn unpause(&mut self) -> Result<(), Revert> {
        self.only(PAUSER_ROLE)?;
        self.store.set_paused(false)
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

    /// Every other selector runs in the views program, on the engine program's storage.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let views_program = self.store.views_program.get();
        self.store.delegate(views_program, calldata)
    }
}

impl SettlementConfig {
    /// `onlyRole(role)`.
    fn only(&self, role: B256) -> Result<(), Revert> {
        self.store.roles.check_role(role, self.vm().msg_sender())
    }
}
