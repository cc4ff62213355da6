//! The CHLOM SettlementEngine for Arbitrum Stylus: the graphs program.
//!
//! The engine program (`chlom-stylus-settlement-engine`) forwards the selectors it does not
//! implement here by `DELEGATECALL`, so these functions run on its storage with its caller: what
//! takes a whole graph or rate table (`settle` with the readable graph, `registerGraph`,
//! `packGraph`, `registerRateTable`, `setJurisdiction`). Other selectors go on to the admin program
//! (`chlom-stylus-settlement-admin`). Called directly, this program only sees its own empty
//! storage, where nobody holds a role.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{B256, U256};
use chlom_stylus_abi_words::Revert;
use chlom_stylus_settlement_kit::SettlementStore;
use chlom_stylus_settlement_kit::abi::*;
use chlom_stylus_settlement_kit::graph::pack;
use stylus_sdk::ArbResult;
use stylus_sdk::prelude::*;

/// The engine's state; see `chlom_stylus_settlement_kit::store`.
#[storage]
#[entrypoint]
pub struct SettlementGraphs {
    store: SettlementStore,
}

#[public]
impl SettlementGraphs {
    /// See `ISettlementEngine.settle`.
    #[payable]
    pub fn settle(&mut self, request: SettleRequest, shares: Vec<Share>) -> Result<Totals, Revert> {
        self.only(SETTLER_ROLE)?;
        self.store.require_not_paused()?;
        let (packed, terms) = pack(&shares)?;
        self.store.settle_packed(&request, &packed, &terms)
    }

    /// See `ISettlementEngine.registerGraph`.
    #[selector(name = "registerGraph")]
    pub fn register_graph(&mut self, graph_id: B256, shares: Vec<Share>) -> Result<B256, Revert> {
        self.only(GRAPH_ROLE)?;
        self.store.register_graph(graph_id, &shares)
    }

    /// See `ISettlementEngine.packGraph`.
    #[selector(name = "packGraph")]
    pub fn pack_graph(shares: Vec<Share>) -> Result<(Vec<U256>, Vec<ShareTerms>), Revert> {
        pack(&shares)
    }

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

    /// Every other selector runs in the admin program, on the engine program's storage.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let admin_program = self.store.admin_program.get();
        self.store.delegate(admin_program, calldata)
    }
}

impl SettlementGraphs {
    /// `onlyRole(role)`.
    fn only(&self, role: B256) -> Result<(), Revert> {
        self.store.roles.check_role(role, self.vm().msg_sender())
    }
}
