//! Pull payments and vesting grants: `withdraw`, `createGrant`, `claim` and `revokeGrant`, with
//! the linear schedule of `chlom_core::settlement::Schedule`.

use alloy_primitives::{Address, U64, U256};
use alloy_sol_types::{SolError, SolEvent};
use chlom_core::settlement::Schedule;
use chlom_core::settlement::errors::{InvalidAccount, InvalidGrant, InvalidSchedule, NothingToPay};
use chlom_stylus_abi_words::{Revert, Word, revert, words};
use stylus_sdk::prelude::*;

use crate::abi::{GrantClaimed, GrantCreated, GrantRevoked, Withdrawn};
use crate::store::{SettlementStore, StoredGrant};

/// A grant's schedule: (start, cliff, end).
pub type Times = (u64, u64, u64);

impl SettlementStore {
    /// `withdraw`: pays the caller's whole credit in `token`, zeroed before the payment.
    pub fn withdraw(&mut self, token: Address) -> Result<U256, Revert> {
        let sender = self.vm().msg_sender();
        let amount = self.credits.getter(token).get(sender);
        if amount.is_zero() {
            return Err(revert(NothingToPay::SELECTOR, &[]));
        }
        self.credits.setter(token).insert(sender, U256::ZERO);
        self.log(&[Withdrawn::SIGNATURE_HASH, sender.word(), token.word()], &words(&[amount.word()]));
        self.pay(token, sender, amount)?;
        Ok(amount)
    }

    /// `createGrant`: funds a grant from the caller.
    pub fn create_grant(
        &mut self,
        beneficiary: Address,
        token: Address,
        amount: U256,
        (start, cliff, end): Times,
    ) -> Result<U256, Revert> {
        if beneficiary.is_zero() {
            return Err(revert(InvalidAccount::SELECTOR, &[beneficiary.word()]));
        }
        if !(Schedule { start, cliff, end }).is_valid() {
            return Err(revert(InvalidSchedule::SELECTOR, &[start.word(), cliff.word(), end.word()]));
        }
        self.collect(token, amount)?;
        let grantor = self.vm().msg_sender();
        Ok(self.new_grant(grantor, beneficiary, token, amount, (start, cliff, end)))
    }

    /// `claim`: credits the beneficiary with what has vested and not been claimed.
    pub fn claim(&mut self, grant_id: U256) -> Result<U256, Revert> {
        let sender = self.vm().msg_sender();
        let now = self.vm().block_timestamp();
        let grant = self.grants.getter(grant_id);
        if grant.beneficiary.get() != sender {
            return Err(revert(InvalidGrant::SELECTOR, &[grant_id.word()]));
        }
        let (amount, claimed, token) = (claimable(&grant, now), grant.claimed.get(), grant.token.get());
        if amount.is_zero() {
            return Err(revert(NothingToPay::SELECTOR, &[]));
        }
        self.grants.setter(grant_id).claimed.set(claimed + amount);
        self.credit(token, sender, amount);
        self.log(&[GrantClaimed::SIGNATURE_HASH, grant_id.word()], &words(&[amount.word()]));
        Ok(amount)
    }

    /// `revokeGrant`: what has vested stays claimable, the rest is credited to the grantor.
    pub fn revoke_grant(&mut self, grant_id: U256) -> Result<U256, Revert> {
        let sender = self.vm().msg_sender();
        let now = self.vm().block_timestamp();
        let grant = self.grants.getter(grant_id);
        let grantor = grant.grantor.get();
        // A grant without grantor (a payee's vesting share) is irrevocable, whoever asks.
        if grantor.is_zero() || grantor != sender || grant.revoked.get() {
            return Err(revert(InvalidGrant::SELECTOR, &[grant_id.word()]));
        }
        let (total, vested, token) = (grant.total.get(), vested(&grant, now), grant.token.get());
        let returned = total - vested;
        let mut grant = self.grants.setter(grant_id);
        grant.revoked.set(true);
        grant.total.set(vested);
        self.credit(token, sender, returned);
        self.log(&[GrantRevoked::SIGNATURE_HASH, grant_id.word()], &words(&[returned.word()]));
        Ok(returned)
    }

    /// Stores a new grant and emits `GrantCreated`; returns its id.
    pub fn new_grant(
        &mut self,
        grantor: Address,
        beneficiary: Address,
        token: Address,
        amount: U256,
        (start, cliff, end): Times,
    ) -> U256 {
        let grant_id = self.grant_count.get() + U256::from(1);
        self.grant_count.set(grant_id);
        let mut grant = self.grants.setter(grant_id);
        grant.grantor.set(grantor);
        grant.beneficiary.set(beneficiary);
        grant.token.set(token);
        grant.start.set(U64::from(start));
        grant.cliff.set(U64::from(cliff));
        grant.end.set(U64::from(end));
        grant.total.set(amount);
        let topics = [GrantCreated::SIGNATURE_HASH, grant_id.word(), beneficiary.word()];
        self.log(&topics, &words(&[token.word(), amount.word()]));
        grant_id
    }
}

/// What has vested of a grant at `now` (all of it once revoked: its total is then what vested).
pub fn vested(grant: &StoredGrant, now: u64) -> U256 {
    let total = grant.total.get();
    if grant.revoked.get() {
        return total;
    }
    let schedule = Schedule { start: grant.start.get().to(), cliff: grant.cliff.get().to(), end: grant.end.get().to() };
    schedule.vested(total, now)
}

/// What a grant lets its beneficiary claim at `now`.
pub fn claimable(grant: &StoredGrant, now: u64) -> U256 {
    vested(grant, now) - grant.claimed.get()
}
