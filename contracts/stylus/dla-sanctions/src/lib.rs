//! The CHLOM DLAEnforcement for Arbitrum Stylus: the sanctions program.
//!
//! The enforcement program (`chlom-stylus-dla-enforcement`) forwards the selectors it does not
//! run here by `DELEGATECALL`, so these functions run on its storage with its caller: the
//! sanctions ladder (and the license-addressed calls built on it), confirming remediation,
//! resolution and the council's votes. Other selectors go on to the administration program
//! (`chlom-stylus-dla-admin`). Called directly, this program only sees its own empty storage.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{B256, Bytes, U256};
use chlom_core::enforcement::{Ruling, Sanction, deadline};
use chlom_stylus_abi_words::{Revert, Word};
use chlom_stylus_dla_kit::DlaStore;
use chlom_stylus_dla_kit::abi::COUNCIL_ROLE;
use chlom_stylus_dla_kit::cases::invalid_enum;
use stylus_sdk::ArbResult;
use stylus_sdk::prelude::*;

/// The contract's state; see `chlom_stylus_dla_kit::store`.
#[storage]
#[entrypoint]
pub struct DlaSanctions {
    store: DlaStore,
}

#[public]
impl DlaSanctions {
    /// See `IDLAEnforcement.applySanction`. A sanction number outside the ladder reverts without
    /// data, as Solidity's decoder refuses an invalid enum.
    #[selector(name = "applySanction")]
    pub fn apply_sanction(&mut self, case_id: U256, sanction: u8, params: Bytes) -> Result<(), Revert> {
        let sanction = Sanction::from_u8(sanction).ok_or_else(invalid_enum)?;
        self.store.existing(case_id)?;
        self.store.apply_sanction(case_id, sanction, &params, None)
    }

    /// See `IDLAEnforcement.freezeLicense`.
    #[selector(name = "freezeLicense")]
    pub fn freeze_license(&mut self, license_id: U256) -> Result<(), Revert> {
        let case_id = self.store.active_case_of(license_id)?;
        self.store.apply_sanction(case_id, Sanction::Freeze, &[], None)
    }

    /// See `IDLAEnforcement.liftFreeze`.
    #[selector(name = "liftFreeze")]
    pub fn lift_freeze(&mut self, license_id: U256) -> Result<(), Revert> {
        self.store.lift_freeze(license_id)
    }

    /// See `IDLAEnforcement.setEscrow`.
    #[selector(name = "setEscrow")]
    pub fn set_escrow(&mut self, license_id: U256, amount: U256, reference: B256) -> Result<(), Revert> {
        let case_id = self.store.active_case_of(license_id)?;
        self.store.apply_sanction(case_id, Sanction::Escrow, &amount.word().0, Some(reference))
    }

    /// See `IDLAEnforcement.fine`.
    pub fn fine(&mut self, license_id: U256, amount: U256) -> Result<(), Revert> {
        let case_id = self.store.active_case_of(license_id)?;
        self.store.apply_sanction(case_id, Sanction::Fine, &amount.word().0, None)
    }

    /// See `IDLAEnforcement.requireRemediation`: the plan's deadline is now + the Sanction stage's
    /// SLA, or 0 (refused as malformed) when that stage has none.
    #[selector(name = "requireRemediation")]
    pub fn require_remediation(&mut self, license_id: U256, plan_ref: B256) -> Result<(), Revert> {
        let case_id = self.store.active_case_of(license_id)?;
        let sla = self.store.slas.get(chlom_core::enforcement::Stage::Sanction as u8).to::<u64>();
        let mut params = [0u8; 64];
        params[..32].copy_from_slice(plan_ref.as_slice());
        params[32..].copy_from_slice(deadline(self.store.now(), sla).word().as_slice());
        self.store.apply_sanction(case_id, Sanction::Remediation, &params, None)
    }

    /// See `IDLAEnforcement.confirmRemediation`.
    #[selector(name = "confirmRemediation")]
    pub fn confirm_remediation(&mut self, case_id: U256) -> Result<(), Revert> {
        self.store.confirm_remediation(case_id)
    }

    /// See `IDLAEnforcement.resolve`. A ruling number outside the enum reverts without data.
    pub fn resolve(&mut self, case_id: U256, ruling: u8) -> Result<(), Revert> {
        let ruling = match ruling {
            0 => Ruling::None,
            1 => Ruling::Dismissed,
            2 => Ruling::Sanctioned,
            3 => Ruling::Overturned,
            _ => return Err(invalid_enum()),
        };
        self.store.resolve(case_id, ruling)
    }

    /// See `IDLAEnforcement.decideAppeal`.
    #[selector(name = "decideAppeal")]
    pub fn decide_appeal(&mut self, case_id: U256, uphold: bool) -> Result<(), Revert> {
        self.store.roles.check_role(COUNCIL_ROLE, self.vm().msg_sender())?;
        self.store.decide_appeal(case_id, uphold)
    }

    /// Every other selector runs in the administration program, on the enforcement program's
    /// storage.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let admin_program = self.store.admin_program.get();
        self.store.delegate(admin_program, calldata)
    }
}
