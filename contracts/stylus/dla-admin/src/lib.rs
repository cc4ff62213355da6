//! The CHLOM DLAEnforcement for Arbitrum Stylus: the administration program.
//!
//! The last program of the contract's `DELEGATECALL` chain (enforcement → sanctions →
//! administration): governance (policies, SLAs, the quorum, the treasury, hold assets, the report
//! interval and the reopen window), role administration, every view, the constants and ERC-165,
//! on the enforcement program's storage. Called directly, this program only sees its own empty
//! storage, where nobody holds a role.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U8, U64, U256};
use alloy_sol_types::{SolError, SolEvent};
use chlom_core::enforcement::errors::CaseNotFound;
use chlom_core::enforcement::{MAX_PRIORITY, Stage};
use chlom_stylus_abi_words::{Revert, Word, revert, words};
use chlom_stylus_access_control::{DEFAULT_ADMIN_ROLE, Roles};
use chlom_stylus_dla_kit::DlaStore;
use chlom_stylus_dla_kit::abi::*;
use chlom_stylus_dla_kit::cases::{invalid_argument, invalid_enum};
use stylus_sdk::prelude::*;

/// The contract's state; see `chlom_stylus_dla_kit::store`.
#[storage]
#[entrypoint]
pub struct DlaAdmin {
    store: DlaStore,
}

#[public]
impl DlaAdmin {
    // ------------------------------------------------------------------------- governance

    /// See `IDLAEnforcement.setCouncilQuorum`.
    #[selector(name = "setCouncilQuorum")]
    pub fn set_council_quorum(&mut self, quorum: u8) -> Result<(), Revert> {
        self.only_admin()?;
        if quorum == 0 {
            return Err(invalid_argument());
        }
        self.store.council_quorum.set(U8::from(quorum));
        self.store.log(&[CouncilQuorumSet::SIGNATURE_HASH], &quorum.word().0);
        Ok(())
    }

    /// See `IDLAEnforcement.setTreasury`.
    #[selector(name = "setTreasury")]
    pub fn set_treasury(&mut self, treasury: Address) -> Result<(), Revert> {
        self.only_admin()?;
        if treasury.is_zero() {
            return Err(invalid_argument());
        }
        self.store.treasury.set(treasury);
        self.store.log(&[TreasurySet::SIGNATURE_HASH], &treasury.word().0);
        Ok(())
    }

    /// See `IDLAEnforcement.setHoldAssets`.
    #[selector(name = "setHoldAssets")]
    pub fn set_hold_assets(&mut self, tokens: Vec<Address>) -> Result<(), Revert> {
        self.only_admin()?;
        if tokens.len() > MAX_HOLD_ASSETS {
            return Err(invalid_argument());
        }
        let assets = &mut self.store.hold_assets;
        while !assets.is_empty() {
            assets.erase_last();
        }
        for token in &tokens {
            assets.push(*token);
        }
        let mut data = words(&[32u64.word(), (tokens.len() as u64).word()]);
        for token in &tokens {
            data.extend_from_slice(token.word().as_slice());
        }
        self.store.log(&[HoldAssetsSet::SIGNATURE_HASH], &data);
        Ok(())
    }

    /// See `IDLAEnforcement.setReportInterval`.
    #[selector(name = "setReportInterval")]
    pub fn set_report_interval(&mut self, seconds: u64) -> Result<(), Revert> {
        self.only_admin()?;
        self.store.report_interval.set(U64::from(seconds));
        self.store.log(&[ReportIntervalSet::SIGNATURE_HASH], &seconds.word().0);
        Ok(())
    }

    /// See `IDLAEnforcement.setReopenWindow`.
    #[selector(name = "setReopenWindow")]
    pub fn set_reopen_window(&mut self, seconds: u64) -> Result<(), Revert> {
        self.only_admin()?;
        self.store.reopen_window.set(U64::from(seconds));
        self.store.log(&[ReopenWindowSet::SIGNATURE_HASH], &seconds.word().0);
        Ok(())
    }

    // ------------------------------------------------------------------------- views

    /// See `IDLAEnforcement.getCase`.
    #[selector(name = "getCase")]
    pub fn get_case(&self, case_id: U256) -> Result<Case, Revert> {
        let case = self.store.cases.getter(case_id);
        let stage = case.stage.get().to::<u8>();
        if stage == 0 {
            return Err(revert(CaseNotFound::SELECTOR, &[case_id.word()]));
        }
        Ok(Case {
            licenseId: case.license_id.get(),
            reasonCode: case.reason_code.get().to(),
            stage,
            ruling: case.ruling.get().to(),
            priority: case.priority.get().to(),
            reporter: case.reporter.get(),
            reporterDid: case.reporter_did.get(),
            investigator: case.investigator.get(),
            openedAt: case.opened_at.get().to(),
            updatedAt: case.updated_at.get().to(),
            slaDeadline: case.sla_deadline.get().to(),
            sanctionedAt: case.sanctioned_at.get().to(),
            resolvedAt: case.resolved_at.get().to(),
            sanctions: case.sanctions.get().to(),
            evidenceCount: case.evidence_count.get().to(),
            held: case.held.get(),
            remediationPlan: case.remediation_plan.get(),
            remediationDeadline: case.remediation_deadline.get().to(),
        })
    }

    /// See `IDLAEnforcement.evidenceOf`.
    #[selector(name = "evidenceOf")]
    pub fn evidence_of(&self, case_id: U256) -> Vec<B256> {
        let evidence = self.store.evidence.getter(case_id);
        (0..evidence.len()).map(|index| evidence.get(index).unwrap_or_default()).collect()
    }

    /// See `IDLAEnforcement.activeCaseOf`.
    #[selector(name = "activeCaseOf")]
    pub fn active_case_of(&self, license_id: U256) -> U256 {
        self.store.active_case.get(license_id)
    }

    /// See `IDLAEnforcement.caseCount`.
    #[selector(name = "caseCount")]
    pub fn case_count(&self) -> U256 {
        self.store.case_count.get()
    }

    /// See `IDLAEnforcement.reasonPolicy`.
    #[selector(name = "reasonPolicy")]
    pub fn reason_policy(&self, reason_code: u16) -> ReasonPolicy {
        let policy = self.store.policies.getter(reason_code);
        ReasonPolicy { allowedSanctions: policy.allowed.get().to(), appealWindow: policy.appeal_window.get().to() }
    }

    /// See `IDLAEnforcement.slaOf`.
    #[selector(name = "slaOf")]
    pub fn sla_of(&self, stage: u8) -> Result<u64, Revert> {
        stage_of(stage)?;
        Ok(self.store.slas.get(stage).to())
    }

    /// See `IDLAEnforcement.appealVotes`.
    #[selector(name = "appealVotes")]
    pub fn appeal_votes(&self, case_id: U256) -> (u8, u8) {
        let votes = self.store.votes.getter(case_id);
        (votes.votes_for.get().to(), votes.votes_against.get().to())
    }

    /// See `IDLAEnforcement.casesInStage`.
    #[selector(name = "casesInStage")]
    pub fn cases_in_stage(&self, stage: u8) -> Result<U256, Revert> {
        stage_of(stage)?;
        Ok(self.store.in_stage.get(stage))
    }

    /// See `IDLAEnforcement.breaches`.
    pub fn breaches(&self) -> U256 {
        self.store.breaches.get()
    }

    /// See `IDLAEnforcement.meanTimeToResolve`.
    #[selector(name = "meanTimeToResolve")]
    pub fn mean_time_to_resolve(&self) -> U256 {
        let resolved = self.store.resolved_cases.get();
        if resolved.is_zero() { U256::ZERO } else { self.store.resolve_seconds.get() / resolved }
    }

    /// The DID registry that vouches for reporters.
    #[selector(name = "didRegistry")]
    pub fn did_registry(&self) -> Address {
        self.store.dids.get()
    }

    /// The license registry sanctions act on.
    #[selector(name = "licenseRegistry")]
    pub fn license_registry(&self) -> Address {
        self.store.licenses.get()
    }

    /// The settlement engine holds act on.
    #[selector(name = "settlementEngine")]
    pub fn settlement_engine(&self) -> Address {
        self.store.engine.get()
    }

    /// M, the votes that decide an appeal.
    #[selector(name = "councilQuorum")]
    pub fn council_quorum(&self) -> u8 {
        self.store.council_quorum.get().to()
    }

    /// Where final fines and clawbacks go.
    pub fn treasury(&self) -> Address {
        self.store.treasury.get()
    }

    /// The tokens (address(0) for ETH) whose escrow a case releases.
    #[selector(name = "holdAssets")]
    pub fn hold_assets(&self) -> Vec<Address> {
        let assets = &self.store.hold_assets;
        (0..assets.len()).map(|index| assets.get(index).unwrap_or_default()).collect()
    }

    /// How long a DID waits between reports, in seconds.
    #[selector(name = "reportInterval")]
    pub fn report_interval(&self) -> u64 {
        self.store.report_interval.get().to()
    }

    /// How long a resolved case may be reopened, in seconds.
    #[selector(name = "reopenWindow")]
    pub fn reopen_window(&self) -> u64 {
        self.store.reopen_window.get().to()
    }

    /// Triage officers' role.
    #[selector(name = "TRIAGE_ROLE")]
    pub fn triage_role(&self) -> B256 {
        TRIAGE_ROLE
    }

    /// Investigators' role.
    #[selector(name = "INVESTIGATOR_ROLE")]
    pub fn investigator_role(&self) -> B256 {
        INVESTIGATOR_ROLE
    }

    /// The appeal council's role.
    #[selector(name = "COUNCIL_ROLE")]
    pub fn council_role(&self) -> B256 {
        COUNCIL_ROLE
    }

    /// The most evidence references a case holds.
    #[selector(name = "MAX_EVIDENCE")]
    pub fn max_evidence(&self) -> u16 {
        MAX_EVIDENCE
    }

    /// The most evidence references a case holds while its reporter adds them.
    #[selector(name = "MAX_REPORTER_EVIDENCE")]
    pub fn max_reporter_evidence(&self) -> u16 {
        MAX_REPORTER_EVIDENCE
    }

    /// The highest priority.
    #[selector(name = "MAX_PRIORITY")]
    pub fn max_priority(&self) -> u8 {
        MAX_PRIORITY
    }

    /// The most tokens `setHoldAssets` accepts.
    #[selector(name = "MAX_HOLD_ASSETS")]
    pub fn max_hold_assets(&self) -> U256 {
        U256::from(MAX_HOLD_ASSETS)
    }

    /// AccessControl `DEFAULT_ADMIN_ROLE`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE
    }

    /// AccessControl `hasRole`.
    #[selector(name = "hasRole")]
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.store.roles.has_role(role, account)
    }

    /// AccessControl `getRoleAdmin`.
    #[selector(name = "getRoleAdmin")]
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.store.roles.get_role_admin(role)
    }

    /// ERC-165: IERC165 and IAccessControl, as the Solidity contract.
    #[selector(name = "supportsInterface")]
    pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
        Roles::supports_interface(interface_id.0)
    }
}

impl DlaAdmin {
    /// `onlyRole(DEFAULT_ADMIN_ROLE)`.
    fn only_admin(&self) -> Result<(), Revert> {
        self.store.roles.check_role(DEFAULT_ADMIN_ROLE, self.vm().msg_sender())
    }
}

/// A `Stage` argument: a number outside the enum reverts without data, as Solidity's decoder
/// refuses an invalid enum.
fn stage_of(stage: u8) -> Result<Stage, Revert> {
    Stage::from_u8(stage).ok_or_else(invalid_enum)
}
