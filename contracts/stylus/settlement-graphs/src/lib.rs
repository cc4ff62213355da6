//! The CHLOM SettlementEngine for Arbitrum Stylus: the graphs program.
//!
//! The engine program (`chlom-stylus-settlement-engine`) forwards the selectors it does not
//! implement here by `DELEGATECALL`, so these functions run on its storage with its caller: what
//! takes a readable graph (`settle`, `registerGraph`, `packGraph`), withdrawals and vesting
//! grants. Other
//! selectors go on to the configuration program (`chlom-stylus-settlement-config`). Called
//! directly, this program only sees its own empty storage, where nobody holds a role.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use chlom_stylus_abi_words::Revert;
use chlom_stylus_settlement_kit::SettlementStore;
use chlom_stylus_settlement_kit::abi::*;
use chlom_stylus_settlement_kit::graph::{pack, settle_packed_calldata};
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
    /// See `ISettlementEngine.settle`: the graph is packed here and settled by the engine program's
    /// `settlePacked` (this storage, this caller, this value).
    #[payable]
    pub fn settle(&mut self, request: SettleRequest, shares: Vec<Share>) -> Result<Totals, Revert> {
        // The Solidity engine's modifiers run before it reads the graph (an out-of-range kind).
        self.only(SETTLER_ROLE)?;
        self.store.require_not_paused()?;
        let (packed, terms) = pack(&shares)?;
        let engine = self.vm().contract_address();
        let output = self.store.delegate(engine, &settle_packed_calldata(&request, &packed, &terms))?;
        // `Totals` is six static words; anything else did not come from the engine program.
        if output.len() != 32 * 6 {
            return Err(Revert::new());
        }
        let word = |at: usize| U256::from_be_slice(&output[32 * at..32 * (at + 1)]);
        Ok(Totals {
            tax: word(0),
            fee: word(1),
            sustainability: word(2),
            escrow: word(3),
            dust: word(4),
            dustReason: word(5).byte(0),
        })
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

    /// See `ISettlementEngine.withdraw`.
    pub fn withdraw(&mut self, token: Address) -> Result<U256, Revert> {
        self.store.withdraw(token)
    }

    /// See `ISettlementEngine.createGrant`.
    #[payable]
    #[selector(name = "createGrant")]
    pub fn create_grant(
        &mut self,
        beneficiary: Address,
        token: Address,
        amount: U256,
        start: u64,
        cliff: u64,
        end: u64,
    ) -> Result<U256, Revert> {
        self.store.create_grant(beneficiary, token, amount, (start, cliff, end))
    }

    /// See `ISettlementEngine.claim`.
    pub fn claim(&mut self, grant_id: U256) -> Result<U256, Revert> {
        self.store.claim(grant_id)
    }

    /// See `ISettlementEngine.revokeGrant`.
    #[selector(name = "revokeGrant")]
    pub fn revoke_grant(&mut self, grant_id: U256) -> Result<U256, Revert> {
        self.store.revoke_grant(grant_id)
    }

    /// Every other selector runs in the configuration program, on the engine program's storage.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let config_program = self.store.config_program.get();
        self.store.delegate(config_program, calldata)
    }
}

impl SettlementGraphs {
    /// `onlyRole(role)`.
    fn only(&self, role: B256) -> Result<(), Revert> {
        self.store.roles.check_role(role, self.vm().msg_sender())
    }
}
