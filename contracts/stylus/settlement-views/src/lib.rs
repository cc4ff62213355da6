//! The CHLOM SettlementEngine for Arbitrum Stylus: the views program.
//!
//! The last program of the engine's `DELEGATECALL` chain (engine → graphs → configuration →
//! views): every view of the Solidity engine, its constants, ERC-165 and the AccessControl reads,
//! on the engine program's storage. Called directly, this program only sees its own empty storage.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U256};
use alloy_sol_types::SolError;
use chlom_core::settlement::errors::SafeCastOverflowedUintDowncast;
use chlom_stylus_abi_words::{Revert, Word, revert};
use chlom_stylus_access_control::{DEFAULT_ADMIN_ROLE, Roles};
use chlom_stylus_settlement_kit::SettlementStore;
use chlom_stylus_settlement_kit::abi::*;
use chlom_stylus_settlement_kit::claims::claimable;
use stylus_sdk::prelude::*;

/// The engine's state; see `chlom_stylus_settlement_kit::store`.
#[storage]
#[entrypoint]
pub struct SettlementViews {
    store: SettlementStore,
}

#[public]
impl SettlementViews {
    /// See `ISettlementEngine.creditOf`.
    #[selector(name = "creditOf")]
    pub fn credit_of(&self, token: Address, account: Address) -> U256 {
        self.store.credits.getter(token).get(account)
    }

    /// See `ISettlementEngine.escrowOf`.
    #[selector(name = "escrowOf")]
    pub fn escrow_of(&self, license_id: U256, token: Address) -> U256 {
        self.store.escrowed.getter(license_id).get(token)
    }

    /// See `ISettlementEngine.holdOf`.
    #[selector(name = "holdOf")]
    pub fn hold_of(&self, license_id: U256) -> Hold {
        let hold = self.store.holds.getter(license_id);
        Hold { outstanding: hold.outstanding.get(), r#ref: hold.reference.get() }
    }

    /// See `ISettlementEngine.grantOf`.
    #[selector(name = "grantOf")]
    pub fn grant_of(&self, grant_id: U256) -> Grant {
        let grant = self.store.grants.getter(grant_id);
        Grant {
            grantor: grant.grantor.get(),
            beneficiary: grant.beneficiary.get(),
            token: grant.token.get(),
            start: grant.start.get().to(),
            cliff: grant.cliff.get().to(),
            end: grant.end.get().to(),
            total: grant.total.get(),
            claimed: grant.claimed.get(),
            revoked: grant.revoked.get(),
        }
    }

    /// See `ISettlementEngine.claimable`.
    pub fn claimable(&self, grant_id: U256) -> U256 {
        claimable(&self.store.grants.getter(grant_id), self.vm().block_timestamp())
    }

    /// See `ISettlementEngine.isSettled`.
    #[selector(name = "isSettled")]
    pub fn is_settled(&self, txid: B256) -> bool {
        self.store.settled.get(txid)
    }

    /// See `ISettlementEngine.graphHashOf`.
    #[selector(name = "graphHashOf")]
    pub fn graph_hash_of(&self, graph_id: B256) -> B256 {
        self.store.graphs.get(graph_id)
    }

    /// See `ISettlementEngine.activeRateTable`.
    #[selector(name = "activeRateTable")]
    pub fn active_rate_table(&self) -> (u32, B256) {
        let version = self.store.active_table.get().to::<u32>();
        (version, self.store.table_hashes.get(version))
    }

    /// See `ISettlementEngine.taxRateOf`.
    #[selector(name = "taxRateOf")]
    pub fn tax_rate_of(&self, graph_id: B256, mcc: u16) -> U256 {
        let version = self.store.active_table.get().to::<u32>();
        let levels = self.store.path_of(graph_id);
        let rates = levels.iter().map(|(code, nexus)| u64::from(self.store.rate_for(version, *code, *nexus, mcc).0));
        U256::from(rates.sum::<u64>())
    }

    /// See `ISettlementEngine.epochOf`.
    #[selector(name = "epochOf")]
    pub fn epoch_of(&self, timestamp: U256) -> Result<u64, Revert> {
        let epoch = timestamp / U256::from(self.store.epoch_length.get());
        u64::try_from(epoch).map_err(|_| revert(SafeCastOverflowedUintDowncast::SELECTOR, &[64u8.word(), epoch.word()]))
    }

    /// See `ISettlementEngine.epochRootOf`.
    #[selector(name = "epochRootOf")]
    pub fn epoch_root_of(&self, epoch: u64) -> B256 {
        self.store.epoch_roots.get(epoch)
    }

    /// The platform fee and its wallet.
    pub fn fee(&self) -> (u16, Address) {
        (self.store.fee_bps.get().to(), self.store.fee_wallet.get())
    }

    /// The sustainability share of fees and its wallet.
    pub fn sustainability(&self) -> (u16, Address) {
        (self.store.sustainability_bps.get().to(), self.store.sustainability_wallet.get())
    }

    /// The community pool.
    #[selector(name = "communityPool")]
    pub fn community_pool(&self) -> Address {
        self.store.community_pool.get()
    }

    /// Pausable `paused`.
    pub fn paused(&self) -> bool {
        self.store.paused.get()
    }

    /// How long an epoch is, in seconds.
    #[selector(name = "epochLength")]
    pub fn epoch_length(&self) -> u64 {
        self.store.epoch_length.get().to()
    }

    /// Payment processors' role.
    #[selector(name = "SETTLER_ROLE")]
    pub fn settler_role(&self) -> B256 {
        SETTLER_ROLE
    }

    /// The graph registrars' role.
    #[selector(name = "GRAPH_ROLE")]
    pub fn graph_role(&self) -> B256 {
        GRAPH_ROLE
    }

    /// The rate tables' role.
    #[selector(name = "TAX_ROLE")]
    pub fn tax_role(&self) -> B256 {
        TAX_ROLE
    }

    /// DLA enforcement's role.
    #[selector(name = "ENFORCEMENT_ROLE")]
    pub fn enforcement_role(&self) -> B256 {
        ENFORCEMENT_ROLE
    }

    /// The circuit breaker's role.
    #[selector(name = "PAUSER_ROLE")]
    pub fn pauser_role(&self) -> B256 {
        PAUSER_ROLE
    }

    /// AccessControl `DEFAULT_ADMIN_ROLE`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE
    }

    /// The largest platform fee.
    #[selector(name = "MAX_FEE_BPS")]
    pub fn max_fee_bps(&self) -> u16 {
        MAX_FEE_BPS
    }

    /// The smallest sustainability share.
    #[selector(name = "MIN_SUSTAINABILITY_BPS")]
    pub fn min_sustainability_bps(&self) -> u16 {
        MIN_SUSTAINABILITY_BPS
    }

    /// The largest sustainability share.
    #[selector(name = "MAX_SUSTAINABILITY_BPS")]
    pub fn max_sustainability_bps(&self) -> u16 {
        MAX_SUSTAINABILITY_BPS
    }

    /// The most shares a graph may have.
    #[selector(name = "MAX_SHARES")]
    pub fn max_shares(&self) -> U256 {
        U256::from(MAX_SHARES)
    }

    /// The most levels a jurisdiction path may have.
    #[selector(name = "MAX_LEVELS")]
    pub fn max_levels(&self) -> U256 {
        U256::from(MAX_LEVELS)
    }

    /// The longest vesting a share may have.
    #[selector(name = "MAX_VESTING")]
    pub fn max_vesting(&self) -> u64 {
        MAX_VESTING
    }

    /// ERC-165, as OpenZeppelin's AccessControl answers it.
    #[selector(name = "supportsInterface")]
    pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
        Roles::supports_interface(interface_id.0)
    }

    /// AccessControl `hasRole`.
    #[selector(name = "hasRole")]
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.store.roles.has_role(role, account)
    }

    /// AccessControl `getRoleAdmin`.
    #[selector(name = "getRoleAdmin")]
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.store.roles.get_role_admin(role)
    }
}
