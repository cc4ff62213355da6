//! The lifecycle outside the sanctions ladder: reports, triage, assignment, evidence, appeals,
//! reopening, closing, escalation and priorities, each in the Solidity contract's check order
//! (role, existence, the case's own authority, stage, arguments, then the other contracts) and
//! with its events. Role checks are the programs' (`only`), before they call in here.

use alloy_primitives::{Address, B256, U8, U16, U32, U64, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use chlom_core::enforcement::errors::*;
use chlom_core::enforcement::{MAX_PRIORITY, Sanction, SanctionMask, Stage, deadline, escalated_priority, within};
use chlom_stylus_abi_words::{Revert, Word, revert, words};
use stylus_sdk::prelude::*;

use crate::abi::*;
use crate::store::DlaStore;

impl DlaStore {
    /// `openCase`: the caller's DID must be Valid and not have reported within the report
    /// interval; the license must exist, not be the caller's, have no active case; the reason
    /// must have a policy and the reference must not be zero.
    pub fn open_case(&mut self, license_id: U256, reason_code: u16, evidence_ref: B256) -> Result<U256, Revert> {
        let reporter = self.vm().msg_sender();
        let (did, status) = self.standing_of(reporter)?;
        if status != DID_VALID {
            return Err(revert(ReporterNotInGoodStanding::SELECTOR, &[reporter.word()]));
        }
        let now = self.now();
        let last = self.last_report.get(did).to::<u64>();
        if last != 0 {
            let next_allowed_at = last.saturating_add(self.report_interval.get().to::<u64>());
            if now < next_allowed_at {
                return Err(revert(ReportTooSoon::SELECTOR, &[did, next_allowed_at.word()]));
            }
        }
        if self.holder_of(license_id)? == reporter {
            return Err(revert(NotAuthorized::SELECTOR, &[reporter.word(), U256::ZERO.word()]));
        }
        let active = self.active_case.get(license_id);
        if !active.is_zero() {
            return Err(revert(CaseAlreadyActive::SELECTOR, &[license_id.word(), active.word()]));
        }
        if self.policies.getter(reason_code).allowed.get().is_zero() {
            return Err(revert(InvalidReason::SELECTOR, &[reason_code.word()]));
        }
        if evidence_ref.is_zero() {
            return Err(invalid_argument());
        }

        let case_id = self.case_count.get() + U256::from(1);
        self.case_count.set(case_id);
        let mut case = self.cases.setter(case_id);
        case.license_id.set(license_id);
        case.reason_code.set(U16::from(reason_code));
        case.reporter.set(reporter);
        case.reporter_did.set(did);
        case.opened_at.set(U64::from(now));
        case.evidence_count.set(U16::from(1));
        self.evidence.setter(case_id).push(evidence_ref);
        self.last_report.insert(did, U64::from(now));
        self.active_case.insert(license_id, case_id);
        self.enter(case_id, Stage::Open);
        let data = words(&[reason_code.word(), evidence_ref]);
        self.log(&[CaseOpened::SIGNATURE_HASH, case_id.word(), license_id.word(), reporter.word()], &data);
        Ok(case_id)
    }

    /// `triageCase` (the caller holds `TRIAGE_ROLE`).
    pub fn triage_case(&mut self, case_id: U256, priority: u8) -> Result<(), Revert> {
        self.require_stage(case_id, &[Stage::Open])?;
        if priority > MAX_PRIORITY {
            return Err(invalid_argument());
        }
        self.cases.setter(case_id).priority.set(U8::from(priority));
        self.enter(case_id, Stage::Triage);
        self.log(&[CaseTriaged::SIGNATURE_HASH, case_id.word()], &priority.word().0);
        Ok(())
    }

    /// `assignInvestigator` (the caller holds `TRIAGE_ROLE`): from Triage it starts the
    /// investigation; later it reassigns and keeps the stage and its deadline.
    pub fn assign_investigator(&mut self, case_id: U256, account: Address) -> Result<(), Revert> {
        let stage =
            self.require_stage(case_id, &[Stage::Triage, Stage::Investigation, Stage::Sanction, Stage::Appeal])?;
        if !self.roles.has_role(INVESTIGATOR_ROLE, account) {
            return Err(invalid_argument());
        }
        self.cases.setter(case_id).investigator.set(account);
        if stage == Stage::Triage {
            self.enter(case_id, Stage::Investigation);
        } else {
            self.touch(case_id);
        }
        self.log(&[InvestigatorAssigned::SIGNATURE_HASH, case_id.word(), account.word()], &[]);
        Ok(())
    }

    /// `addEvidence`: the reporter while Open or Triage (at most `MAX_REPORTER_EVIDENCE`
    /// references by then), the assigned investigator from Investigation to Appeal.
    pub fn add_evidence(&mut self, case_id: U256, proof_ref: B256) -> Result<(), Revert> {
        let stage = self.existing(case_id)?;
        let sender = self.vm().msg_sender();
        if matches!(stage, Stage::Open | Stage::Triage) {
            if sender != self.cases.getter(case_id).reporter.get() {
                return Err(not_authorized(sender, case_id));
            }
            if self.evidence_count(case_id) >= MAX_REPORTER_EVIDENCE {
                return Err(revert(TooMuchEvidence::SELECTOR, &[case_id.word()]));
            }
        } else if stage.is_active() {
            self.require_investigator(case_id)?;
        } else {
            return Err(invalid_stage(case_id, stage));
        }
        self.check_evidence(case_id, proof_ref)?;
        self.record_evidence(case_id, proof_ref);
        Ok(())
    }

    /// `fileAppeal`: the license holder, in stage Sanction, within the appeal window.
    pub fn file_appeal(&mut self, case_id: U256, memo_ref: B256) -> Result<(), Revert> {
        self.existing(case_id)?;
        let appellant = self.vm().msg_sender();
        let license_id = self.cases.getter(case_id).license_id.get();
        if appellant != self.holder_of(license_id)? {
            return Err(not_authorized(appellant, case_id));
        }
        self.require_stage(case_id, &[Stage::Sanction])?;
        let (sanctioned_at, window) = self.appeal_window(case_id);
        if !within(sanctioned_at, window, self.now()) {
            return Err(revert(AppealWindow::SELECTOR, &[case_id.word(), sanctioned_at.saturating_add(window).word()]));
        }
        if memo_ref.is_zero() {
            return Err(invalid_argument());
        }

        let mut votes = self.votes.setter(case_id);
        votes.votes_for.set(U8::ZERO);
        votes.votes_against.set(U8::ZERO);
        let round = votes.round.get();
        votes.round.set(round + U32::from(1));
        self.enter(case_id, Stage::Appeal);
        self.log(&[AppealFiled::SIGNATURE_HASH, case_id.word(), appellant.word()], &memo_ref.0);
        Ok(())
    }

    /// `reopen` (the caller holds `TRIAGE_ROLE`): a new round of investigation, within the reopen
    /// window, if the license has no other active case.
    pub fn reopen(&mut self, case_id: U256, cause: B256) -> Result<(), Revert> {
        self.require_stage(case_id, &[Stage::Resolved])?;
        let closes_at = self.reopen_closes_at(case_id);
        if self.now() > closes_at {
            return Err(revert(ReopenWindow::SELECTOR, &[case_id.word(), closes_at.word()]));
        }
        if cause.is_zero() {
            return Err(invalid_argument());
        }
        let license_id = self.cases.getter(case_id).license_id.get();
        let active = self.active_case.get(license_id);
        if !active.is_zero() {
            return Err(revert(CaseAlreadyActive::SELECTOR, &[license_id.word(), active.word()]));
        }

        let mut case = self.cases.setter(case_id);
        case.ruling.set(U8::ZERO);
        case.sanctions.set(U16::ZERO);
        case.held.set(U256::ZERO);
        case.sanctioned_at.set(U64::ZERO);
        case.remediation_plan.set(B256::ZERO);
        case.remediation_deadline.set(U64::ZERO);
        self.active_case.insert(license_id, case_id);
        self.enter(case_id, Stage::Investigation);
        self.log(&[CaseReopened::SIGNATURE_HASH, case_id.word()], &cause.0);
        Ok(())
    }

    /// `closeCase`: anyone, once the reopen window is over.
    pub fn close_case(&mut self, case_id: U256) -> Result<(), Revert> {
        self.require_stage(case_id, &[Stage::Resolved])?;
        let closes_at = self.reopen_closes_at(case_id);
        if self.now() <= closes_at {
            return Err(revert(ReopenWindow::SELECTOR, &[case_id.word(), closes_at.word()]));
        }
        self.enter(case_id, Stage::Closed);
        self.log(&[CaseClosed::SIGNATURE_HASH, case_id.word()], &[]);
        Ok(())
    }

    /// `escalate`: anyone, after the stage's deadline or a pending plan's. One call is one breach;
    /// a missed plan escalates once, to Suspend if the reason allows it, the case has not
    /// suspended already and the license is Active.
    pub fn escalate(&mut self, case_id: U256) -> Result<(), Revert> {
        let stage = self.existing(case_id)?;
        if !stage.is_active() {
            return Err(invalid_stage(case_id, stage));
        }
        let now = self.now();
        let case = self.cases.getter(case_id);
        let stage_deadline = case.sla_deadline.get().to::<u64>();
        let plan_deadline = case.remediation_deadline.get().to::<u64>();
        let applied = SanctionMask(case.sanctions.get().to::<u16>());
        let license_id = case.license_id.get();
        let priority = escalated_priority(case.priority.get().to::<u8>());
        let stage_passed = stage_deadline != 0 && now > stage_deadline;
        let plan_pending = applied.contains(Sanction::Remediation) && plan_deadline != 0;
        let plan_passed = plan_pending && now > plan_deadline;
        if !stage_passed && !plan_passed {
            let named = if stage_deadline == 0 && plan_pending { plan_deadline } else { stage_deadline };
            return Err(revert(DeadlineNotPassed::SELECTOR, &[case_id.word(), named.word()]));
        }
        let suspend = plan_passed
            && self.allowed(case_id).contains(Sanction::Suspend)
            && !applied.contains(Sanction::Suspend)
            && self.license_state(license_id)? == LICENSE_ACTIVE;

        let breached = if stage_passed { stage_deadline } else { plan_deadline };
        let sla = self.slas.get(stage as u8).to::<u64>();
        let mut case = self.cases.setter(case_id);
        case.priority.set(U8::from(priority));
        if stage_passed {
            case.sla_deadline.set(U64::from(deadline(now, sla)));
        }
        if plan_passed {
            case.remediation_deadline.set(U64::ZERO);
        }
        if suspend {
            case.sanctions.set(U16::from(applied.with(Sanction::Suspend).0));
            case.sanctioned_at.set(U64::from(now));
        }
        case.updated_at.set(U64::from(now));
        let breaches = self.breaches.get();
        self.breaches.set(breaches + U256::from(1));
        let data = words(&[(stage as u8).word(), breached.word(), priority.word()]);
        self.log(&[SlaBreached::SIGNATURE_HASH, case_id.word()], &data);
        if suspend {
            self.sanction_applied(case_id, license_id, Sanction::Suspend, &[]);
            self.registry_call(suspendLicenseCall::SELECTOR, license_id, Some(case_id))?;
        }
        Ok(())
    }

    /// `prioritize` (the caller holds `TRIAGE_ROLE`): an active case, at most `MAX_PRIORITY`.
    pub fn prioritize(&mut self, case_id: U256, level: u8) -> Result<(), Revert> {
        let stage = self.existing(case_id)?;
        if !stage.is_active() {
            return Err(invalid_stage(case_id, stage));
        }
        if level > MAX_PRIORITY {
            return Err(invalid_argument());
        }
        self.cases.setter(case_id).priority.set(U8::from(level));
        self.touch(case_id);
        self.log(&[PriorityChanged::SIGNATURE_HASH, case_id.word()], &level.word().0);
        Ok(())
    }

    /// `reclassify` (the caller holds `TRIAGE_ROLE`): before any sanction, to a reason with a policy.
    pub fn reclassify(&mut self, case_id: U256, reason_code: u16) -> Result<(), Revert> {
        self.require_stage(case_id, &[Stage::Open, Stage::Triage, Stage::Investigation])?;
        if self.policies.getter(reason_code).allowed.get().is_zero() {
            return Err(revert(InvalidReason::SELECTOR, &[reason_code.word()]));
        }
        self.cases.setter(case_id).reason_code.set(U16::from(reason_code));
        self.touch(case_id);
        self.log(&[CaseReclassified::SIGNATURE_HASH, case_id.word()], &reason_code.word().0);
        Ok(())
    }

    // ------------------------------------------------------------------------- shared helpers

    /// The case's stage; `CaseNotFound` if there is no such case.
    pub fn existing(&self, case_id: U256) -> Result<Stage, Revert> {
        let stage = Stage::from_u8(self.cases.getter(case_id).stage.get().to::<u8>()).unwrap_or(Stage::None);
        if stage == Stage::None {
            return Err(revert(CaseNotFound::SELECTOR, &[case_id.word()]));
        }
        Ok(stage)
    }

    /// The case's stage, which must be one of `stages` (`InvalidStage` otherwise).
    pub fn require_stage(&self, case_id: U256, stages: &[Stage]) -> Result<Stage, Revert> {
        let stage = self.existing(case_id)?;
        if !stages.contains(&stage) {
            return Err(invalid_stage(case_id, stage));
        }
        Ok(stage)
    }

    /// The caller must be the case's investigator and still hold `INVESTIGATOR_ROLE`.
    pub fn require_investigator(&self, case_id: U256) -> Result<(), Revert> {
        let sender = self.vm().msg_sender();
        if sender != self.cases.getter(case_id).investigator.get() || !self.roles.has_role(INVESTIGATOR_ROLE, sender) {
            return Err(not_authorized(sender, case_id));
        }
        Ok(())
    }

    /// The license's active case; `NoActiveCase` if none.
    pub fn active_case_of(&self, license_id: U256) -> Result<U256, Revert> {
        let case_id = self.active_case.get(license_id);
        if case_id.is_zero() {
            return Err(revert(NoActiveCase::SELECTOR, &[license_id.word()]));
        }
        Ok(case_id)
    }

    /// The sanctions the case's reason allows now.
    pub fn allowed(&self, case_id: U256) -> SanctionMask {
        let reason = self.cases.getter(case_id).reason_code.get().to::<u16>();
        SanctionMask(self.policies.getter(reason).allowed.get().to::<u16>())
    }

    /// The case's latest sanction time and its reason's appeal window now.
    pub fn appeal_window(&self, case_id: U256) -> (u64, u64) {
        let case = self.cases.getter(case_id);
        let reason = case.reason_code.get().to::<u16>();
        (case.sanctioned_at.get().to::<u64>(), self.policies.getter(reason).appeal_window.get().to::<u64>())
    }

    /// Evidence: fewer than `MAX_EVIDENCE` references so far, and not zero.
    pub fn check_evidence(&self, case_id: U256, reference: B256) -> Result<(), Revert> {
        if self.evidence_count(case_id) >= MAX_EVIDENCE {
            return Err(revert(TooMuchEvidence::SELECTOR, &[case_id.word()]));
        }
        if reference.is_zero() {
            return Err(invalid_argument());
        }
        Ok(())
    }

    /// Appends an evidence reference; emits `EvidenceAdded`.
    pub fn record_evidence(&mut self, case_id: U256, reference: B256) {
        self.evidence.setter(case_id).push(reference);
        let count = self.evidence_count(case_id);
        self.cases.setter(case_id).evidence_count.set(U16::from(count + 1));
        self.touch(case_id);
        let by = self.vm().msg_sender();
        self.log(&[EvidenceAdded::SIGNATURE_HASH, case_id.word(), by.word()], &reference.0);
    }

    /// Moves the case to `next`: the KPI counts, the deadline (now + the stage's SLA, or 0),
    /// `updatedAt`.
    pub fn enter(&mut self, case_id: U256, next: Stage) {
        let previous = self.cases.getter(case_id).stage.get().to::<u8>();
        if previous != 0 {
            let count = self.in_stage.get(previous);
            self.in_stage.insert(previous, count - U256::from(1));
        }
        let count = self.in_stage.get(next as u8);
        self.in_stage.insert(next as u8, count + U256::from(1));
        let now = self.now();
        let sla = self.slas.get(next as u8).to::<u64>();
        let mut case = self.cases.setter(case_id);
        case.stage.set(U8::from(next as u8));
        case.sla_deadline.set(U64::from(deadline(now, sla)));
        case.updated_at.set(U64::from(now));
    }

    /// `updatedAt = now`.
    pub fn touch(&mut self, case_id: U256) {
        let now = self.now();
        self.cases.setter(case_id).updated_at.set(U64::from(now));
    }

    /// Emits `SanctionApplied(caseId, licenseId, sanction, params)`.
    pub fn sanction_applied(&self, case_id: U256, license_id: U256, sanction: Sanction, params: &[u8]) {
        let mut data = words(&[(sanction as u8).word(), 64u64.word(), (params.len() as u64).word()]);
        data.extend_from_slice(params);
        data.resize(data.len().next_multiple_of(32), 0);
        self.log(&[SanctionApplied::SIGNATURE_HASH, case_id.word(), license_id.word()], &data);
    }

    /// The block time.
    pub fn now(&self) -> u64 {
        self.vm().block_timestamp()
    }

    fn evidence_count(&self, case_id: U256) -> u16 {
        self.cases.getter(case_id).evidence_count.get().to::<u16>()
    }

    fn reopen_closes_at(&self, case_id: U256) -> u64 {
        let resolved_at = self.cases.getter(case_id).resolved_at.get().to::<u64>();
        resolved_at.saturating_add(self.reopen_window.get().to::<u64>())
    }
}

/// `InvalidStage(caseId, stage)`.
pub fn invalid_stage(case_id: U256, stage: Stage) -> Revert {
    revert(InvalidStage::SELECTOR, &[case_id.word(), (stage as u8).word()])
}

/// `NotAuthorized(caller, caseId)`.
pub fn not_authorized(caller: Address, case_id: U256) -> Revert {
    revert(NotAuthorized::SELECTOR, &[caller.word(), case_id.word()])
}

/// `InvalidArgument()`.
pub fn invalid_argument() -> Revert {
    InvalidArgument::SELECTOR.to_vec()
}

/// An enum argument out of range: Solidity's decoder reverts without data.
pub fn invalid_enum() -> Revert {
    Revert::new()
}
