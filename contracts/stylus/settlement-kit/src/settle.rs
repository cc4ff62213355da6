//! `settle` and `settlePacked`: the Solidity engine's `_settle`, step by step, with the arithmetic
//! of `chlom_core::settlement` (rounding half to even, and the share-by-share [`Split`]).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256, keccak256};
use alloy_sol_types::{SolError, SolEvent};
use chlom_core::settlement::epoch::{self, Branch, SettlementRecord};
use chlom_core::settlement::errors::{FloorsExceedAvailable, GraphMismatch, TxidAlreadySettled};
use chlom_core::settlement::{BPS, SettlementError, Split, mul_div_half_even};
use chlom_stylus_abi_words::{Revert, Word, revert, words};
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{StorageArray, StorageB256};

use crate::abi::{ESCROW_NODE, POOL_NODE, SettleRequest, Settled, ShareTerms, Totals};
use crate::graph::{BPS_SHIFT, KIND_SHIFT, TERMS_SHIFT, graph_hash};
use crate::store::SettlementStore;

/// The low 160 bits of a packed share.
fn recipient_of(word: U256) -> Address {
    Address::from_word(B256::from(word))
}

/// `mul_div_half_even` by basis points, which cannot overflow (the result is at most `amount`).
fn bps_of(amount: U256, bps: u64) -> U256 {
    mul_div_half_even(amount, bps, BPS).unwrap_or_default()
}

impl SettlementStore {
    /// Settles `request` over a graph in its packed form; the caller checked the role and the
    /// pause.
    pub fn settle_packed(
        &mut self,
        request: &SettleRequest,
        shares: &[U256],
        terms: &[ShareTerms],
    ) -> Result<Totals, Revert> {
        if self.settled.get(request.txid) {
            return Err(revert(TxidAlreadySettled::SELECTOR, &[request.txid]));
        }
        let registered = self.graphs.get(request.graphId);
        if registered.is_zero() || registered != graph_hash(shares, terms) {
            return Err(revert(GraphMismatch::SELECTOR, &[request.graphId]));
        }
        let (token, amount) = (request.token, request.amount);
        self.collect(token, amount)?;
        self.settled.insert(request.txid, true);

        let (tax, table_hash, jurisdiction_hash) = self.pay_taxes(request);
        let (fee, sustainability) = self.pay_fee(token, amount, amount - tax);
        let escrow = self.take_hold(request.licenseId, token, amount - tax - fee);
        let distributable = amount - tax - fee - escrow;
        let (dust, dust_reason) = self.pay_shares(request, shares, terms, distributable)?;
        let totals = Totals { tax, fee, sustainability, escrow, dust, dustReason: dust_reason };
        self.record(request, &totals, table_hash, jurisdiction_hash);
        Ok(totals)
    }

    /// Each level of the graph's jurisdiction path taxes on its own and pays its collector;
    /// returns T, the active table's hash and the path's hash.
    fn pay_taxes(&mut self, request: &SettleRequest) -> (U256, B256, B256) {
        let version = self.active_table.get().to::<u32>();
        let table_hash = self.table_hashes.get(version);
        let levels = self.path_of(request.graphId);
        let amount = request.amount;
        let mut tax = U256::ZERO;
        for (code, nexus) in &levels {
            let (rate, collector) = self.rate_for(version, *code, *nexus, request.mcc);
            if rate == 0 {
                continue;
            }
            let level = bps_of(amount, u64::from(rate)).min(amount - tax);
            tax += level;
            self.credit(request.token, collector, level);
        }
        (tax, table_hash, path_hash(&levels))
    }

    /// The fee, of which the sustainability share goes to its wallet.
    fn pay_fee(&mut self, token: Address, amount: U256, available: U256) -> (U256, U256) {
        let fee = bps_of(amount, u64::from(self.fee_bps.get().to::<u16>())).min(available);
        if fee.is_zero() {
            return (U256::ZERO, U256::ZERO);
        }
        let sustainability = bps_of(fee, u64::from(self.sustainability_bps.get().to::<u16>()));
        let (sustainability_wallet, fee_wallet) = (self.sustainability_wallet.get(), self.fee_wallet.get());
        self.credit(token, sustainability_wallet, sustainability);
        self.credit(token, fee_wallet, fee - sustainability);
        (fee, sustainability)
    }

    /// What the license's hold takes of `available`, kept in its escrow.
    fn take_hold(&mut self, license_id: U256, token: Address, available: U256) -> U256 {
        let mut hold = self.holds.setter(license_id);
        let outstanding = hold.outstanding.get();
        let escrow = outstanding.min(available);
        if escrow.is_zero() {
            return U256::ZERO;
        }
        hold.outstanding.set(outstanding - escrow);
        self.add_escrow(license_id, token, escrow);
        escrow
    }

    /// The shares in graph order, then the dust; returns the dust and its reason.
    fn pay_shares(
        &mut self,
        request: &SettleRequest,
        shares: &[U256],
        terms: &[ShareTerms],
        distributable: U256,
    ) -> Result<(U256, u8), Revert> {
        let mut split = Split::new(distributable);
        let mut pool = self.community_pool.get();
        for (index, word) in shares.iter().enumerate() {
            let terms_index = (*word >> TERMS_SHIFT).to::<usize>();
            let kind = (*word >> KIND_SHIFT).byte(0);
            let extra = terms_index.checked_sub(1).map(|at| &terms[at]);
            let share = chlom_core::settlement::ShareTerms {
                bps: ((*word >> BPS_SHIFT) & U256::from(0xffff)).to::<u16>(),
                adjustment: extra.map_or(0, |extra| extra.adjustment),
                floor: extra.map_or(0, |extra| extra.floor),
                cap: extra.map_or(0, |extra| extra.cap),
            };
            let value = split.next(index, &share).map_err(share_refused)?;
            let recipient = recipient_of(*word);
            if kind == POOL_NODE {
                pool = recipient;
            }
            if value.is_zero() {
                continue;
            }
            let vesting = extra.filter(|extra| extra.vestingEnd != 0);
            if kind == ESCROW_NODE {
                self.add_escrow(request.licenseId, request.token, value);
            } else if let Some(extra) = vesting {
                let start = self.vm().block_timestamp();
                // No grantor: a payee's vesting share is theirs, and nobody can revoke it.
                let schedule = (start, start + extra.vestingCliff, start + extra.vestingEnd);
                self.new_grant(Address::ZERO, recipient, request.token, value, schedule);
            } else {
                self.credit(request.token, recipient, value);
            }
        }
        let (dust, reason) = split.finish();
        if !dust.is_zero() {
            self.credit(request.token, pool, dust);
        }
        Ok((dust, reason as u8))
    }

    /// Appends the settlement to its epoch's tree and emits `Settled`.
    fn record(&mut self, request: &SettleRequest, totals: &Totals, table_hash: B256, jurisdiction_hash: B256) {
        let leaf = SettlementRecord {
            txid: request.txid,
            graph_id: request.graphId,
            license_id: request.licenseId,
            token: request.token,
            amount: request.amount,
            tax: totals.tax,
            fee: totals.fee,
            escrow: totals.escrow,
            dust: totals.dust,
            table_hash,
            jurisdiction_hash,
        }
        .leaf();
        let epoch = self.epoch_of(self.vm().block_timestamp());
        let mut tree = self.epochs.setter(epoch);
        let count = tree.count.get().to::<u64>();
        epoch::append(count, leaf, &mut StoredBranch(&mut tree.branch));
        tree.count.set(alloy_primitives::U64::from(count + 1));
        let topics = [Settled::SIGNATURE_HASH, request.txid, request.graphId, request.licenseId.word()];
        let data = words(&[
            request.token.word(),
            request.amount.word(),
            totals.tax.word(),
            totals.fee.word(),
            totals.escrow.word(),
            totals.dust.word(),
            totals.dustReason.word(),
            table_hash,
            jurisdiction_hash,
        ]);
        self.log(&topics, &data);
    }

    /// Adds `amount` to the license's escrow in `token`.
    pub fn add_escrow(&mut self, license_id: U256, token: Address, amount: U256) {
        let mut escrowed = self.escrowed.setter(license_id);
        let mut held = escrowed.setter(token);
        let current = held.get();
        // As for credits: escrow is part of what the engine received, so this cannot overflow.
        held.set(current.checked_add(amount).expect("escrow is bounded by the engine's balance"));
    }

    /// The graph's jurisdiction path: (code, nexus) per level, outermost first.
    pub fn path_of(&self, graph_id: B256) -> Vec<(B256, bool)> {
        let path = self.paths.getter(graph_id);
        let word = |at: usize| path.get(at).unwrap_or_default();
        (0..path.len() / 2).map(|level| (word(2 * level), !word(2 * level + 1).is_zero())).collect()
    }

    /// The rate for a level: the MCC's own entry, else the level's entry for any MCC.
    pub fn rate_for(&self, version: u32, code: B256, nexus: bool, mcc: u16) -> (u16, Address) {
        let table = self.rates.getter(version);
        let mut packed = table.get(rate_key(code, mcc, nexus));
        if !packed.bit(255) && mcc != 0 {
            packed = table.get(rate_key(code, 0, nexus));
        }
        (((packed >> 160usize) & U256::from(0xffff)).to::<u16>(), recipient_of(packed))
    }

    /// The epoch `timestamp` falls in.
    pub fn epoch_of(&self, timestamp: u64) -> u64 {
        timestamp / self.epoch_length.get().to::<u64>()
    }

    /// Runs `calldata` in `program` on this storage, with this call's sender and value: how each
    /// program of the engine hands on the selectors it does not implement.
    pub fn delegate(&mut self, program: Address, calldata: &[u8]) -> stylus_sdk::ArbResult {
        // A part program called directly has no program addresses in its (empty) storage, and a
        // DELEGATECALL to an account without code succeeds: refuse rather than answer nothing.
        if program.is_zero() {
            return Err(Revert::new());
        }
        // SAFETY: the programs are parts of this engine, fixed at construction; they share this
        // storage layout, and the cache is written back and cleared before the call so that
        // neither side sees stale words.
        unsafe { stylus_sdk::call::RawCall::new_delegate(self.vm()).clear_storage_cache().call(program, calldata) }
    }

    /// Emits a log (at most four topics by construction of the engine's events).
    pub fn log(&self, topics: &[B256], data: &[u8]) {
        let _ = self.vm().raw_log(topics, data);
    }
}

/// A rate table key: `keccak256(abi.encode(jurisdiction, mcc, nexus))`.
pub fn rate_key(jurisdiction: B256, mcc: u16, nexus: bool) -> B256 {
    keccak256(words(&[jurisdiction, mcc.word(), nexus.word()]))
}

/// `keccak256(abi.encode(path))` of a `JurisdictionLevel[]`.
pub fn path_hash(levels: &[(B256, bool)]) -> B256 {
    let mut encoded = words(&[32u64.word(), (levels.len() as u64).word()]);
    for (code, nexus) in levels {
        encoded.extend_from_slice(&words(&[*code, nexus.word()]));
    }
    keccak256(encoded)
}

/// An epoch tree's stored nodes, for `chlom_core::settlement::epoch`.
pub struct StoredBranch<'a>(pub &'a mut StorageArray<StorageB256, 32>);

impl Branch for StoredBranch<'_> {
    fn node(&self, height: usize) -> B256 {
        self.0.get(height).unwrap_or_default()
    }

    fn set_node(&mut self, height: usize, node: B256) {
        if let Some(mut slot) = self.0.setter(height) {
            slot.set(node);
        }
    }
}

/// A share the split refuses: a floor that does not fit, or (impossible for a registered graph)
/// an overflow, refused as Solidity's checked arithmetic would be.
fn share_refused(error: SettlementError) -> Revert {
    match error {
        SettlementError::FloorsExceedAvailable { index, floor, available } => {
            revert(FloorsExceedAvailable::SELECTOR, &[(index as u64).word(), floor.word(), available.word()])
        }
        _ => Revert::new(),
    }
}
