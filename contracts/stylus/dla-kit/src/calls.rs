//! The calls the contract makes: the DID registry (reporters' standing), the license registry
//! (holders, states and the registry sanctions) and the settlement engine (holds). Calldata is
//! encoded by hand; a callee's revert is passed on unchanged, as a Solidity high-level call
//! bubbles it, and return data too short to decode reverts without data, as Solidity's decoder does.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use chlom_stylus_abi_words::{Revert, Word, calldata};
use stylus_sdk::call::RawCall;
use stylus_sdk::prelude::*;

use crate::abi::*;
use crate::store::DlaStore;

impl DlaStore {
    /// `IDIDRegistry.standingOf(account)`: the DID and its status number.
    pub fn standing_of(&self, account: Address) -> Result<(B256, u8), Revert> {
        let output = self.view(self.dids.get(), standingOfCall::SELECTOR, &[account.word()], 3)?;
        Ok((word(&output, 0), word(&output, 2)[31]))
    }

    /// `IERC721.ownerOf(licenseId)` on the license registry (its refusal of a license that does
    /// not exist passes on).
    pub fn holder_of(&self, license_id: U256) -> Result<Address, Revert> {
        let output = self.view(self.licenses.get(), ownerOfCall::SELECTOR, &[license_id.word()], 1)?;
        Ok(Address::from_word(word(&output, 0)))
    }

    /// `ILicenseRegistry.stateOf(licenseId)`: the `LicenseState` number.
    pub fn license_state(&self, license_id: U256) -> Result<u8, Revert> {
        let output = self.view(self.licenses.get(), stateOfCall::SELECTOR, &[license_id.word()], 1)?;
        Ok(word(&output, 0)[31])
    }

    /// A registry call about a license that returns nothing: `freezeLicense`, `unfreezeLicense`,
    /// `reinstateLicense` (no reason), `suspendLicense` and `revokeLicense` (the case id as reason).
    pub fn registry_call(&mut self, selector: [u8; 4], license_id: U256, reason: Option<U256>) -> Result<(), Revert> {
        let mut args = vec![license_id.word()];
        if let Some(case_id) = reason {
            args.push(case_id.word());
        }
        let licenses = self.licenses.get();
        self.call(licenses, &calldata(selector, &args))
    }

    /// `ISettlementEngine.holdOf(licenseId)`: what is outstanding and for which case reference.
    pub fn hold_of(&self, license_id: U256) -> Result<(U256, B256), Revert> {
        let output = self.view(self.engine.get(), holdOfCall::SELECTOR, &[license_id.word()], 2)?;
        Ok((U256::from_be_bytes(word(&output, 0).0), word(&output, 1)))
    }

    /// `ISettlementEngine.setHold(licenseId, amount, bytes32(caseId))`.
    pub fn set_hold(&mut self, license_id: U256, amount: U256, case_id: U256) -> Result<(), Revert> {
        let engine = self.engine.get();
        self.call(engine, &calldata(setHoldCall::SELECTOR, &[license_id.word(), amount.word(), case_id.word()]))
    }

    /// Ends the engine's hold for the case and releases the license's escrow in every hold asset
    /// to `to`.
    pub fn release_hold(&mut self, case_id: U256, license_id: U256, to: Address) -> Result<(), Revert> {
        self.set_hold(license_id, U256::ZERO, case_id)?;
        let engine = self.engine.get();
        for index in 0..self.hold_assets.len() {
            let asset = self.hold_assets.get(index).unwrap_or_default();
            let call = calldata(releaseHoldCall::SELECTOR, &[license_id.word(), asset.word(), to.word()]);
            self.call(engine, &call)?;
        }
        Ok(())
    }

    /// Runs `calldata` in `program` on this storage, with this call's sender and value: how each
    /// program hands on the selectors it does not implement.
    pub fn delegate(&mut self, program: Address, calldata: &[u8]) -> stylus_sdk::ArbResult {
        // A part program called directly has no program addresses in its (empty) storage, and a
        // DELEGATECALL to an account without code succeeds: refuse rather than answer nothing.
        if program.is_zero() {
            return Err(Revert::new());
        }
        // SAFETY: the programs are parts of this contract, fixed at construction; they share this
        // storage layout, and the cache is written back and cleared before the call so that
        // neither side sees stale words.
        unsafe { RawCall::new_delegate(self.vm()).clear_storage_cache().call(program, calldata) }
    }

    /// Emits a log (at most four topics by construction of the contract's events).
    pub fn log(&self, topics: &[B256], data: &[u8]) {
        let _ = self.vm().raw_log(topics, data);
    }

    /// A static call returning at least `words` words.
    fn view(&self, to: Address, selector: [u8; 4], args: &[B256], words: usize) -> Result<Vec<u8>, Revert> {
        // SAFETY: a static call cannot change storage, and no storage reference is held across it.
        let output = unsafe { RawCall::new_static(self.vm()).call(to, &calldata(selector, args)) }?;
        if output.len() < 32 * words {
            return Err(Revert::new());
        }
        Ok(output)
    }

    /// A call that changes the callee's state, made after this contract's own effects.
    fn call(&mut self, to: Address, data: &[u8]) -> Result<(), Revert> {
        // SAFETY: the cache is written back before the call; the callees are the registries and
        // the engine fixed at construction, which do not call back (and stylus-sdk refuses
        // reentrant calls), so nothing read before the call is stale after it.
        unsafe { RawCall::new(self.vm()).flush_storage_cache().call(to, data) }.map(|_| ())
    }
}

/// The `index`th word of `output` (the caller checked its length).
fn word(output: &[u8], index: usize) -> B256 {
    B256::from_slice(&output[32 * index..32 * index + 32])
}
