//! The CHLOM SettlementEngine for Arbitrum Stylus: the program users call.
//!
//! It runs the hot path of `contracts/solidity/settlement/SettlementEngine.sol`, `settlePacked`
//! (what payment processors send), and hands every other selector by `DELEGATECALL` down a chain of three
//! programs: graphs (`chlom-stylus-settlement-graphs`), configuration
//! (`chlom-stylus-settlement-config`) and views (`chlom-stylus-settlement-views`). All four share
//! the storage of
//! `chlom_stylus_settlement_kit::SettlementStore`; the logic is in that crate and the arithmetic in
//! `chlom_core::settlement`. See the kit's documentation for why the engine is split.
//!
//! The constructor takes the three programs' addresses after the Solidity constructor's
//! `(admin, epochSeconds)`; everything else is the Solidity ABI.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, U16, U64, U256};
use alloy_sol_types::SolError;
use chlom_core::settlement::errors::{InvalidAccount, InvalidRate};
use chlom_stylus_abi_words::{Revert, Word, revert};
use chlom_stylus_access_control::{DEFAULT_ADMIN_ROLE, Roles};
use chlom_stylus_settlement_kit::SettlementStore;
use chlom_stylus_settlement_kit::abi::{MIN_SUSTAINABILITY_BPS, SETTLER_ROLE, SettleRequest, ShareTerms, Totals};
use stylus_sdk::ArbResult;
use stylus_sdk::prelude::*;

/// The engine's state; see `chlom_stylus_settlement_kit::store`.
#[storage]
#[entrypoint]
pub struct SettlementEngine {
    store: SettlementStore,
}

#[public]
impl SettlementEngine {
    /// No fee, the minimum sustainability share, `admin` as every wallet until governance sets
    /// them, and the three programs that run the other selectors.
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        epoch_seconds: u64,
        graphs_program: Address,
        config_program: Address,
        views_program: Address,
    ) -> Result<(), Revert> {
        if admin.is_zero() {
            return Err(revert(InvalidAccount::SELECTOR, &[admin.word()]));
        }
        if epoch_seconds == 0 {
            return Err(revert(InvalidRate::SELECTOR, &[0u64.word()]));
        }
        for program in [graphs_program, config_program, views_program] {
            if program.is_zero() {
                return Err(revert(InvalidAccount::SELECTOR, &[program.word()]));
            }
        }
        let store = &mut self.store;
        store.epoch_length.set(U64::from(epoch_seconds));
        store.fee_wallet.set(admin);
        store.sustainability_wallet.set(admin);
        store.community_pool.set(admin);
        store.sustainability_bps.set(U16::from(MIN_SUSTAINABILITY_BPS));
        store.graphs_program.set(graphs_program);
        store.config_program.set(config_program);
        store.views_program.set(views_program);
        let sender = self.vm().msg_sender();
        if self.store.roles.grant_quietly(DEFAULT_ADMIN_ROLE, admin) {
            self.store.log(&[Roles::ROLE_GRANTED, DEFAULT_ADMIN_ROLE, admin.word(), sender.word()], &[]);
        }
        Ok(())
    }

    /// See `ISettlementEngine.settlePacked`.
    #[payable]
    #[selector(name = "settlePacked")]
    pub fn settle_packed(
        &mut self,
        request: SettleRequest,
        shares: Vec<U256>,
        terms: Vec<ShareTerms>,
    ) -> Result<Totals, Revert> {
        self.may_settle()?;
        self.store.settle_packed(&request, &shares, &terms)
    }

    /// Every other selector runs in the graphs program, on this program's storage. Payable, so that
    /// value reaches the programs down the chain, whose routers refuse it for the functions that
    /// are not payable (as the Solidity engine does); `settle` and `createGrant` take it.
    #[payable]
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let graphs_program = self.store.graphs_program.get();
        self.store.delegate(graphs_program, calldata)
    }
}

impl SettlementEngine {
    /// `onlyRole(SETTLER_ROLE) whenNotPaused`, in that order.
    fn may_settle(&self) -> Result<(), Revert> {
        self.store.roles.check_role(SETTLER_ROLE, self.vm().msg_sender())?;
        self.store.require_not_paused()
    }
}
