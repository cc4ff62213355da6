//! The CHLOM SettlementEngine for Arbitrum Stylus: the program users call.
//!
//! It runs the hot paths of `contracts/solidity/settlement/SettlementEngine.sol` (`settlePacked`,
//! withdrawals and vesting grants) and hands every other selector by `DELEGATECALL` to the graphs
//! program (`chlom-stylus-settlement-graphs`), which hands what it does not run to the admin
//! program (`chlom-stylus-settlement-admin`). All three share the storage of
//! `chlom_stylus_settlement_kit::SettlementStore`; the logic is in that crate and the arithmetic in
//! `chlom_core::settlement`. See the kit's documentation for why the engine is split.
//!
//! The constructor takes the graphs and admin programs' addresses after the Solidity
//! constructor's `(admin, epochSeconds)`; everything else is the Solidity ABI.
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
    /// them, and the two programs that run the other selectors.
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        epoch_seconds: u64,
        graphs_program: Address,
        admin_program: Address,
    ) -> Result<(), Revert> {
        if admin.is_zero() {
            return Err(revert(InvalidAccount::SELECTOR, &[admin.word()]));
        }
        if epoch_seconds == 0 {
            return Err(revert(InvalidRate::SELECTOR, &[0u64.word()]));
        }
        for program in [graphs_program, admin_program] {
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
        store.admin_program.set(admin_program);
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

    /// Every other selector runs in the graphs program, on this program's storage.
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
