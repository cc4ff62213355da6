//! The CHLOM DLAEnforcement for Arbitrum Stylus: the program users call.
//!
//! It runs the case lifecycle outside the sanctions ladder of
//! `contracts/solidity/enforcement/DLAEnforcement.sol` (reports, triage, assignment, evidence,
//! appeals, reopening, closing, escalation, priorities and reclassification) and hands every other
//! selector by `DELEGATECALL` down a chain of two programs: sanctions
//! (`chlom-stylus-dla-sanctions`) and administration (`chlom-stylus-dla-admin`). All three share
//! the storage of `chlom_stylus_dla_kit::DlaStore`; see the kit's documentation for why the
//! contract is split.
//!
//! The constructor takes the two programs' addresses after the Solidity constructor's
//! `(admin, didRegistry, licenseRegistry, settlementEngine)`; everything else is the Solidity ABI.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U8, U16, U64, U256};
use alloy_sol_types::SolEvent;
use chlom_core::enforcement::{SanctionMask, Stage};
use chlom_stylus_abi_words::{Revert, Word, words};
use chlom_stylus_access_control::{DEFAULT_ADMIN_ROLE, Roles};
use chlom_stylus_dla_kit::DlaStore;
use chlom_stylus_dla_kit::abi::{DAY, ReasonPolicySet, SlaSet, TRIAGE_ROLE};
use chlom_stylus_dla_kit::cases::{invalid_argument, invalid_enum};
use stylus_sdk::ArbResult;
use stylus_sdk::prelude::*;

/// The contract's state; see `chlom_stylus_dla_kit::store`.
#[storage]
#[entrypoint]
pub struct DlaEnforcement {
    store: DlaStore,
}

#[public]
impl DlaEnforcement {
    /// Council quorum 1, report interval 1 day, reopen window 7 days, the admin as treasury, ETH
    /// as the only hold asset, no SLAs; and the two programs that run the other selectors.
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        did_registry: Address,
        license_registry: Address,
        settlement_engine: Address,
        sanctions_program: Address,
        admin_program: Address,
    ) -> Result<(), Revert> {
        let accounts = [admin, did_registry, license_registry, settlement_engine, sanctions_program, admin_program];
        if accounts.iter().any(|account| account.is_zero()) {
            return Err(invalid_argument());
        }
        let store = &mut self.store;
        store.dids.set(did_registry);
        store.licenses.set(license_registry);
        store.engine.set(settlement_engine);
        store.sanctions_program.set(sanctions_program);
        store.admin_program.set(admin_program);
        store.treasury.set(admin);
        store.council_quorum.set(U8::from(1));
        store.report_interval.set(U64::from(DAY));
        store.reopen_window.set(U64::from(7 * DAY));
        store.hold_assets.push(Address::ZERO);
        let sender = self.vm().msg_sender();
        if self.store.roles.grant_quietly(DEFAULT_ADMIN_ROLE, admin) {
            self.store.log(&[Roles::ROLE_GRANTED, DEFAULT_ADMIN_ROLE, admin.word(), sender.word()], &[]);
        }
        Ok(())
    }

    /// See `IDLAEnforcement.openCase`.
    #[selector(name = "openCase")]
    pub fn open_case(&mut self, license_id: U256, reason_code: u16, evidence_ref: B256) -> Result<U256, Revert> {
        self.store.open_case(license_id, reason_code, evidence_ref)
    }

    /// See `IDLAEnforcement.triageCase`.
    #[selector(name = "triageCase")]
    pub fn triage_case(&mut self, case_id: U256, priority: u8) -> Result<(), Revert> {
        self.only(TRIAGE_ROLE)?;
        self.store.triage_case(case_id, priority)
    }

    /// See `IDLAEnforcement.assignInvestigator`.
    #[selector(name = "assignInvestigator")]
    pub fn assign_investigator(&mut self, case_id: U256, account: Address) -> Result<(), Revert> {
        self.only(TRIAGE_ROLE)?;
        self.store.assign_investigator(case_id, account)
    }

    /// See `IDLAEnforcement.addEvidence`.
    #[selector(name = "addEvidence")]
    pub fn add_evidence(&mut self, case_id: U256, proof_ref: B256) -> Result<(), Revert> {
        self.store.add_evidence(case_id, proof_ref)
    }

    /// See `IDLAEnforcement.fileAppeal`.
    #[selector(name = "fileAppeal")]
    pub fn file_appeal(&mut self, case_id: U256, memo_ref: B256) -> Result<(), Revert> {
        self.store.file_appeal(case_id, memo_ref)
    }

    /// See `IDLAEnforcement.reopen`.
    pub fn reopen(&mut self, case_id: U256, cause: B256) -> Result<(), Revert> {
        self.only(TRIAGE_ROLE)?;
        self.store.reopen(case_id, cause)
    }

    /// See `IDLAEnforcement.closeCase`.
    #[selector(name = "closeCase")]
    pub fn close_case(&mut self, case_id: U256) -> Result<(), Revert> {
        self.store.close_case(case_id)
    }

    /// See `IDLAEnforcement.escalate`.
    pub fn escalate(&mut self, case_id: U256) -> Result<(), Revert> {
        self.store.escalate(case_id)
    }

    /// See `IDLAEnforcement.prioritize`.
    pub fn prioritize(&mut self, case_id: U256, level: u8) -> Result<(), Revert> {
        self.only(TRIAGE_ROLE)?;
        self.store.prioritize(case_id, level)
    }

    /// See `IDLAEnforcement.reclassify`.
    pub fn reclassify(&mut self, case_id: U256, reason_code: u16) -> Result<(), Revert> {
        self.only(TRIAGE_ROLE)?;
        self.store.reclassify(case_id, reason_code)
    }

    // ------------------------------------------------------------------------- governance
    // (here rather than in the administration program, which is fuller)

    /// See `IDLAEnforcement.setSla`.
    #[selector(name = "setSla")]
    pub fn set_sla(&mut self, stage: u8, seconds: u64) -> Result<(), Revert> {
        // Solidity's decoder refuses a Stage out of range before the role check runs.
        let stage_is_active = Stage::from_u8(stage).ok_or_else(invalid_enum)?.is_active();
        self.only_admin()?;
        if !stage_is_active {
            return Err(invalid_argument());
        }
        self.store.slas.insert(stage, U64::from(seconds));
        self.store.log(&[SlaSet::SIGNATURE_HASH], &words(&[stage.word(), seconds.word()]));
        Ok(())
    }

    /// See `IDLAEnforcement.setReasonPolicy`.
    #[selector(name = "setReasonPolicy")]
    pub fn set_reason_policy(
        &mut self,
        reason_code: u16,
        allowed_sanctions: u16,
        appeal_window: u64,
    ) -> Result<(), Revert> {
        self.only_admin()?;
        if !SanctionMask(allowed_sanctions).is_valid() {
            return Err(invalid_argument());
        }
        let mut policy = self.store.policies.setter(reason_code);
        policy.allowed.set(U16::from(allowed_sanctions));
        policy.appeal_window.set(U64::from(appeal_window));
        let data = words(&[allowed_sanctions.word(), appeal_window.word()]);
        self.store.log(&[ReasonPolicySet::SIGNATURE_HASH, reason_code.word()], &data);
        Ok(())
    }

    /// AccessControl `grantRole`.
    #[selector(name = "grantRole")]
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.store.roles.grant_role(role, account, sender)?;
        chlom_stylus_access_control::emit(self.vm(), log);
        Ok(())
    }

    /// AccessControl `revokeRole`.
    #[selector(name = "revokeRole")]
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.store.roles.revoke_role(role, account, sender)?;
        chlom_stylus_access_control::emit(self.vm(), log);
        Ok(())
    }

    /// AccessControl `renounceRole`.
    #[selector(name = "renounceRole")]
    pub fn renounce_role(&mut self, role: B256, caller_confirmation: Address) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        let log = self.store.roles.renounce_role(role, caller_confirmation, sender)?;
        chlom_stylus_access_control::emit(self.vm(), log);
        Ok(())
    }

    /// Every other selector runs in the sanctions program, on this program's storage. Not payable:
    /// no function of the contract takes value.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let sanctions_program = self.store.sanctions_program.get();
        self.store.delegate(sanctions_program, calldata)
    }
}

impl DlaEnforcement {
    /// `onlyRole(role)`.
    fn only(&self, role: B256) -> Result<(), Revert> {
        self.store.roles.check_role(role, self.vm().msg_sender())
    }

    /// `onlyRole(DEFAULT_ADMIN_ROLE)`.
    fn only_admin(&self) -> Result<(), Revert> {
        self.only(DEFAULT_ADMIN_ROLE)
    }
}
