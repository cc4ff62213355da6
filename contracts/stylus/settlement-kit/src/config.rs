//! Governance, tax and enforcement: graphs, rate tables, jurisdictions, holds, the fee, the
//! sustainability routing, the community pool, the circuit breaker and closing epochs, each in the
//! Solidity engine's check order and with its events.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U16, U32, U256, keccak256};
use alloy_sol_types::{SolError, SolEvent};
use chlom_core::settlement::BPS;
use chlom_core::settlement::epoch::root_of_branch;
use chlom_core::settlement::errors::{
    EnforcedPause, EpochNotClosable, ExpectedPause, GraphExists, GraphMismatch, InvalidAccount, InvalidGraph,
    InvalidRate,
};
use chlom_stylus_abi_words::{Revert, Word, revert, words};
use stylus_sdk::prelude::*;

use crate::abi::*;
use crate::graph::{graph_hash, pack, validate};
use crate::settle::{StoredBranch, path_hash, rate_key};
use crate::store::SettlementStore;

impl SettlementStore {
    /// `registerGraph` (the caller holds `GRAPH_ROLE`).
    pub fn register_graph(&mut self, graph_id: B256, shares: &[Share]) -> Result<B256, Revert> {
        if !self.graphs.get(graph_id).is_zero() {
            return Err(revert(GraphExists::SELECTOR, &[graph_id]));
        }
        validate(shares)?;
        let (packed, terms) = pack(shares)?;
        let hash = graph_hash(&packed, &terms);
        self.graphs.insert(graph_id, hash);
        let registrar = self.vm().msg_sender();
        let data = words(&[hash, (shares.len() as u64).word(), registrar.word()]);
        self.log(&[GraphRegistered::SIGNATURE_HASH, graph_id], &data);
        Ok(hash)
    }

    /// `registerRateTable` (the caller holds `TAX_ROLE`): a new version, made active.
    pub fn register_rate_table(&mut self, entries: &[RateEntry]) -> Result<(u32, B256), Revert> {
        let version = self.active_table.get().to::<u32>() + 1;
        let mut encoded = words(&[32u64.word(), (entries.len() as u64).word()]);
        for entry in entries {
            if u64::from(entry.rateBps) > BPS {
                return Err(revert(InvalidRate::SELECTOR, &[entry.rateBps.word()]));
            }
            if entry.rateBps != 0 && entry.collector.is_zero() {
                return Err(revert(InvalidAccount::SELECTOR, &[entry.collector.word()]));
            }
            let key = rate_key(entry.jurisdiction, entry.mcc, entry.nexus);
            let packed = U256::from(1) << 255
                | U256::from(entry.rateBps) << 160
                | U256::from_be_slice(entry.collector.as_slice());
            self.rates.setter(version).insert(key, packed);
            let fields = [
                entry.jurisdiction,
                entry.mcc.word(),
                entry.nexus.word(),
                entry.rateBps.word(),
                entry.collector.word(),
            ];
            encoded.extend_from_slice(&words(&fields));
        }
        let table_hash = keccak256(encoded);
        self.table_hashes.insert(version, table_hash);
        self.active_table.set(U32::from(version));
        let data = words(&[table_hash, (entries.len() as u64).word()]);
        self.log(&[RateTableRegistered::SIGNATURE_HASH, version.word()], &data);
        Ok((version, table_hash))
    }

    /// `setJurisdiction` (the caller holds `TAX_ROLE`).
    pub fn set_jurisdiction(&mut self, graph_id: B256, path: &[JurisdictionLevel]) -> Result<(), Revert> {
        if self.graphs.get(graph_id).is_zero() {
            return Err(revert(GraphMismatch::SELECTOR, &[graph_id]));
        }
        if path.len() > MAX_LEVELS {
            return Err(revert(InvalidGraph::SELECTOR, &[(path.len() as u64).word()]));
        }
        let mut stored = self.paths.setter(graph_id);
        while stored.pop().is_some() {}
        for level in path {
            stored.push(level.code);
            stored.push(level.nexus.word());
        }
        let levels: Vec<(B256, bool)> = path.iter().map(|level| (level.code, level.nexus)).collect();
        let mut data = words(&[path_hash(&levels), 64u64.word(), (levels.len() as u64).word()]);
        for (code, nexus) in &levels {
            data.extend_from_slice(&words(&[*code, nexus.word()]));
        }
        self.log(&[JurisdictionSet::SIGNATURE_HASH, graph_id], &data);
        Ok(())
    }

    /// `setHold` (the caller holds `ENFORCEMENT_ROLE`).
    pub fn set_hold(&mut self, license_id: U256, amount: U256, reference: B256) {
        let mut hold = self.holds.setter(license_id);
        hold.outstanding.set(amount);
        hold.reference.set(reference);
        self.log(&[HoldSet::SIGNATURE_HASH, license_id.word()], &words(&[amount.word(), reference]));
    }

    /// `releaseHold` (the caller holds `ENFORCEMENT_ROLE`): ends the hold and credits the escrow.
    pub fn release_hold(&mut self, license_id: U256, token: Address, to: Address) -> Result<(), Revert> {
        if to.is_zero() {
            return Err(revert(InvalidAccount::SELECTOR, &[to.word()]));
        }
        let amount = self.escrowed.getter(license_id).get(token);
        let mut hold = self.holds.setter(license_id);
        hold.outstanding.set(U256::ZERO);
        hold.reference.set(B256::ZERO);
        self.escrowed.setter(license_id).insert(token, U256::ZERO);
        self.credit(token, to, amount);
        let topics = [HoldReleased::SIGNATURE_HASH, license_id.word(), token.word(), to.word()];
        self.log(&topics, &words(&[amount.word()]));
        Ok(())
    }

    /// `setFee` (the caller is an admin).
    pub fn set_fee(&mut self, fee_bps: u16, wallet: Address) -> Result<(), Revert> {
        if fee_bps > MAX_FEE_BPS {
            return Err(revert(InvalidRate::SELECTOR, &[fee_bps.word()]));
        }
        require_account(wallet)?;
        self.fee_bps.set(U16::from(fee_bps));
        self.fee_wallet.set(wallet);
        self.log(&[FeeChanged::SIGNATURE_HASH], &words(&[fee_bps.word(), wallet.word()]));
        Ok(())
    }

    /// `setSustainability` (the caller is an admin).
    pub fn set_sustainability(&mut self, share_bps: u16, wallet: Address) -> Result<(), Revert> {
        if !(MIN_SUSTAINABILITY_BPS..=MAX_SUSTAINABILITY_BPS).contains(&share_bps) {
            return Err(revert(InvalidRate::SELECTOR, &[share_bps.word()]));
        }
        require_account(wallet)?;
        self.sustainability_bps.set(U16::from(share_bps));
        self.sustainability_wallet.set(wallet);
        self.log(&[SustainabilityChanged::SIGNATURE_HASH], &words(&[share_bps.word(), wallet.word()]));
        Ok(())
    }

    /// `setCommunityPool` (the caller is an admin).
    pub fn set_community_pool(&mut self, pool: Address) -> Result<(), Revert> {
        require_account(pool)?;
        self.community_pool.set(pool);
        self.log(&[CommunityPoolChanged::SIGNATURE_HASH], &words(&[pool.word()]));
        Ok(())
    }

    /// Pausable's `_pause` / `_unpause` (the caller holds `PAUSER_ROLE`).
    pub fn set_paused(&mut self, paused: bool) -> Result<(), Revert> {
        if paused {
            self.require_not_paused()?;
        } else if !self.paused.get() {
            return Err(revert(ExpectedPause::SELECTOR, &[]));
        }
        self.paused.set(paused);
        let sender = self.vm().msg_sender();
        let topic = if paused { Paused::SIGNATURE_HASH } else { Unpaused::SIGNATURE_HASH };
        self.log(&[topic], &words(&[sender.word()]));
        Ok(())
    }

    /// Pausable's `whenNotPaused`.
    pub fn require_not_paused(&self) -> Result<(), Revert> {
        if self.paused.get() { Err(revert(EnforcedPause::SELECTOR, &[])) } else { Ok(()) }
    }

    /// `closeEpoch`: anyone, once the epoch is over.
    pub fn close_epoch(&mut self, epoch: u64) -> Result<B256, Revert> {
        let current = self.epoch_of(self.vm().block_timestamp());
        if epoch >= current || !self.epoch_roots.get(epoch).is_zero() {
            return Err(revert(EpochNotClosable::SELECTOR, &[epoch.word()]));
        }
        let mut tree = self.epochs.setter(epoch);
        let count = tree.count.get().to::<u64>();
        let root = root_of_branch(count, &StoredBranch(&mut tree.branch));
        self.epoch_roots.insert(epoch, root);
        self.log(&[EpochRoot::SIGNATURE_HASH, epoch.word()], &words(&[root, count.word()]));
        Ok(root)
    }
}

fn require_account(account: Address) -> Result<(), Revert> {
    if account.is_zero() { Err(revert(InvalidAccount::SELECTOR, &[account.word()])) } else { Ok(()) }
}
