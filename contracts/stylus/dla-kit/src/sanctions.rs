//! The sanctions ladder, resolution and the council: applying and lifting sanctions on the license
//! registry and the settlement engine, confirming remediation, resolving, and the votes that decide
//! an appeal; each in the Solidity contract's check order and with its events.

use alloy_primitives::{Address, B256, U8, U16, U64, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent};
use chlom_core::enforcement::errors::*;
use chlom_core::enforcement::{AppealTally, Ruling, Sanction, SanctionMask, Stage, Vote};
use chlom_stylus_abi_words::{Revert, Word, revert, words};
use stylus_sdk::prelude::*;

use crate::abi::*;
use crate::cases::{invalid_argument, invalid_stage};
use crate::store::DlaStore;

/// Solidity's `Panic(uint256)` selector, and its code for arithmetic overflow.
const PANIC: [u8; 4] = [0x4e, 0x48, 0x7b, 0x71];
const OVERFLOW: u64 = 0x11;

impl DlaStore {
    /// `applySanction` and the license-addressed calls built on it; `reference` (setEscrow's) is
    /// checked after the sanction and recorded as evidence after `SanctionApplied`.
    pub fn apply_sanction(
        &mut self,
        case_id: U256,
        sanction: Sanction,
        params: &[u8],
        reference: Option<B256>,
    ) -> Result<(), Revert> {
        let stage = self.check_sanction(case_id, sanction, params)?;
        if let Some(reference) = reference {
            self.check_evidence(case_id, reference)?;
        }
        let license_id = self.cases.getter(case_id).license_id.get();
        let mut outstanding = U256::ZERO;
        if sanction.holds() {
            let amount = U256::from_be_slice(params);
            let (hold, hold_ref) = self.hold_of(license_id)?;
            let earlier = if hold_ref == case_id.word() { hold } else { U256::ZERO };
            outstanding = earlier.checked_add(amount).ok_or_else(overflow)?;
            let held = self.cases.getter(case_id).held.get().checked_add(amount).ok_or_else(overflow)?;
            self.cases.setter(case_id).held.set(held);
        } else if sanction == Sanction::Remediation {
            let mut case = self.cases.setter(case_id);
            case.remediation_plan.set(B256::from_slice(&params[..32]));
            case.remediation_deadline.set(U64::from_be_slice(&params[56..64]));
        }
        let now = self.now();
        let mut case = self.cases.setter(case_id);
        let applied = case.sanctions.get().to::<u16>() | sanction.bit();
        case.sanctions.set(U16::from(applied));
        case.sanctioned_at.set(U64::from(now));
        if stage == Stage::Investigation {
            self.enter(case_id, Stage::Sanction);
        } else {
            self.touch(case_id);
        }
        self.sanction_applied(case_id, license_id, sanction, params);
        if let Some(reference) = reference {
            self.record_evidence(case_id, reference);
        }

        match sanction {
            Sanction::Freeze => self.registry_call(freezeLicenseCall::SELECTOR, license_id, None),
            Sanction::Suspend => self.registry_call(suspendLicenseCall::SELECTOR, license_id, Some(case_id)),
            Sanction::Escrow | Sanction::Fine | Sanction::Clawback => self.set_hold(license_id, outstanding, case_id),
            Sanction::Revoke | Sanction::Remediation => Ok(()),
        }
    }

    /// `liftFreeze`: the investigator of the license's active case, in stage Sanction.
    pub fn lift_freeze(&mut self, license_id: U256) -> Result<(), Revert> {
        let case_id = self.active_case_of(license_id)?;
        self.require_investigator(case_id)?;
        self.require_stage(case_id, &[Stage::Sanction])?;
        let applied = SanctionMask(self.cases.getter(case_id).sanctions.get().to::<u16>());
        if !applied.contains(Sanction::Freeze) {
            return Err(sanction_state(case_id, Sanction::Freeze));
        }
        self.cases.setter(case_id).sanctions.set(U16::from(applied.without(Sanction::Freeze).0));
        self.touch(case_id);
        self.sanction_lifted(case_id, license_id, Sanction::Freeze);
        self.registry_call(unfreezeLicenseCall::SELECTOR, license_id, None)
    }

    /// `confirmRemediation`: the investigator, in stage Sanction or Appeal, with a plan pending.
    pub fn confirm_remediation(&mut self, case_id: U256) -> Result<(), Revert> {
        self.existing(case_id)?;
        self.require_investigator(case_id)?;
        self.require_stage(case_id, &[Stage::Sanction, Stage::Appeal])?;
        let case = self.cases.getter(case_id);
        let pending = SanctionMask(case.sanctions.get().to::<u16>()).contains(Sanction::Remediation)
            && !case.remediation_deadline.get().is_zero();
        if !pending {
            return Err(sanction_state(case_id, Sanction::Remediation));
        }
        self.cases.setter(case_id).remediation_deadline.set(U64::ZERO);
        self.touch(case_id);
        self.log(&[RemediationConfirmed::SIGNATURE_HASH, case_id.word()], &[]);
        Ok(())
    }

    /// `resolve`: the investigator; Dismissed from Investigation, Sanctioned from Sanction once the
    /// appeal window closed.
    pub fn resolve(&mut self, case_id: U256, ruling: Ruling) -> Result<(), Revert> {
        self.existing(case_id)?;
        self.require_investigator(case_id)?;
        let stage = self.require_stage(case_id, &[Stage::Investigation, Stage::Sanction])?;
        if stage == Stage::Investigation {
            if ruling != Ruling::Dismissed {
                return Err(invalid_argument());
            }
            self.resolve_case(case_id, Ruling::Dismissed);
            return Ok(());
        }
        if ruling != Ruling::Sanctioned {
            return Err(invalid_argument());
        }
        let (sanctioned_at, window) = self.appeal_window(case_id);
        let closes_at = sanctioned_at.saturating_add(window);
        if self.now() <= closes_at {
            return Err(revert(AppealWindow::SELECTOR, &[case_id.word(), closes_at.word()]));
        }
        self.finalize(case_id)
    }

    /// `decideAppeal` (the caller holds `COUNCIL_ROLE`): one vote per member and appeal; the first
    /// side to reach the quorum decides.
    pub fn decide_appeal(&mut self, case_id: U256, uphold: bool) -> Result<(), Revert> {
        self.require_stage(case_id, &[Stage::Appeal])?;
        let member = self.vm().msg_sender();
        let round = self.votes.getter(case_id).round.get().to::<u32>();
        if self.voted.getter(case_id).getter(round).get(member) {
            return Err(revert(AlreadyVoted::SELECTOR, &[case_id.word(), member.word()]));
        }
        self.voted.setter(case_id).setter(round).insert(member, true);
        let mut votes = self.votes.setter(case_id);
        let mut tally = AppealTally {
            votes_for: votes.votes_for.get().to::<u8>(),
            votes_against: votes.votes_against.get().to::<u8>(),
        };
        let quorum = self.council_quorum.get().to::<u8>();
        let decided = tally.vote(if uphold { Vote::Uphold } else { Vote::Reject }, quorum);
        votes.votes_for.set(U8::from(tally.votes_for));
        votes.votes_against.set(U8::from(tally.votes_against));
        self.touch(case_id);
        self.log(&[AppealVoted::SIGNATURE_HASH, case_id.word(), member.word()], &uphold.word().0);

        if decided.is_none() {
            return Ok(());
        }
        let data = words(&[uphold.word(), tally.votes_for.word(), tally.votes_against.word()]);
        self.log(&[AppealDecided::SIGNATURE_HASH, case_id.word()], &data);
        if uphold { self.overturn(case_id) } else { self.finalize(case_id) }
    }

    /// Resolution as Sanctioned: a recorded Revoke is executed (unless the license is Revoked or
    /// Expired by now) and the hold ends, its escrow to the treasury after a Fine or Clawback, else
    /// to the holder. Freezes and suspensions stay.
    fn finalize(&mut self, case_id: U256) -> Result<(), Revert> {
        let (applied, license_id) = self.applied(case_id);
        let mut to = Address::ZERO;
        if applied.holds_money() {
            to = if applied.pays_treasury() { self.treasury.get() } else { self.holder_of(license_id)? };
        }

        self.resolve_case(case_id, Ruling::Sanctioned);

        if applied.contains(Sanction::Revoke)
            && !matches!(self.license_state(license_id)?, LICENSE_REVOKED | LICENSE_EXPIRED)
        {
            self.registry_call(revokeLicenseCall::SELECTOR, license_id, Some(case_id))?;
        }
        if !to.is_zero() {
            self.release_hold(case_id, license_id, to)?;
        }
        Ok(())
    }

    /// An upheld appeal: every sanction lifted (those the license's state still allows to undo on
    /// the registry), the escrow back to the holder, ruling Overturned.
    fn overturn(&mut self, case_id: U256) -> Result<(), Revert> {
        let (applied, license_id) = self.applied(case_id);
        let holder = if applied.holds_money() { self.holder_of(license_id)? } else { Address::ZERO };

        let mut case = self.cases.setter(case_id);
        case.sanctions.set(U16::ZERO);
        case.held.set(U256::ZERO);
        case.remediation_deadline.set(U64::ZERO);
        for sanction in Sanction::ALL {
            if applied.contains(sanction) {
                self.sanction_lifted(case_id, license_id, sanction);
            }
        }
        self.resolve_case(case_id, Ruling::Overturned);

        if applied.contains(Sanction::Freeze) || applied.contains(Sanction::Suspend) {
            let state = self.license_state(license_id)?;
            if applied.contains(Sanction::Freeze) && !matches!(state, LICENSE_REVOKED | LICENSE_EXPIRED) {
                self.registry_call(unfreezeLicenseCall::SELECTOR, license_id, None)?;
            }
            if applied.contains(Sanction::Suspend) && state == LICENSE_SUSPENDED {
                self.registry_call(reinstateLicenseCall::SELECTOR, license_id, None)?;
            }
        }
        if !holder.is_zero() {
            self.release_hold(case_id, license_id, holder)?;
        }
        Ok(())
    }

    /// Stage Resolved with `ruling`, the license free for a new case, the KPI on a first
    /// resolution; emits `CaseResolved`.
    fn resolve_case(&mut self, case_id: U256, ruling: Ruling) {
        let now = self.now();
        let case = self.cases.getter(case_id);
        let first = case.resolved_at.get().is_zero();
        let opened_at = case.opened_at.get().to::<u64>();
        let license_id = case.license_id.get();
        if first {
            let resolved = self.resolved_cases.get();
            self.resolved_cases.set(resolved + U256::from(1));
            let seconds = self.resolve_seconds.get();
            self.resolve_seconds.set(seconds + U256::from(now - opened_at));
        }
        let mut case = self.cases.setter(case_id);
        case.ruling.set(U8::from(ruling as u8));
        case.resolved_at.set(U64::from(now));
        self.active_case.insert(license_id, U256::ZERO);
        self.enter(case_id, Stage::Resolved);
        self.log(&[CaseResolved::SIGNATURE_HASH, case_id.word()], &(ruling as u8).word().0);
    }

    /// The checks of `applySanction` on the case: the investigator, the stage, the reason's
    /// policy, not applied yet (money sanctions add up), well-formed parameters. Returns the stage.
    fn check_sanction(&self, case_id: U256, sanction: Sanction, params: &[u8]) -> Result<Stage, Revert> {
        let stage = self.existing(case_id)?;
        self.require_investigator(case_id)?;
        if !matches!(stage, Stage::Investigation | Stage::Sanction) {
            return Err(invalid_stage(case_id, stage));
        }
        if !self.allowed(case_id).contains(sanction) {
            return Err(sanction_not_allowed(case_id, sanction));
        }
        let well_formed = if sanction.holds() {
            params.len() == 32 && params.iter().any(|byte| *byte != 0)
        } else {
            if SanctionMask(self.cases.getter(case_id).sanctions.get().to::<u16>()).contains(sanction) {
                return Err(sanction_state(case_id, sanction));
            }
            if sanction == Sanction::Remediation {
                params.len() == 64
                    && params[..32].iter().any(|byte| *byte != 0)
                    && params[32..56].iter().all(|byte| *byte == 0)
                    && u64::from_be_bytes(params[56..64].try_into().unwrap_or_default()) >= self.now()
            } else {
                params.is_empty()
            }
        };
        if !well_formed {
            return Err(sanction_not_allowed(case_id, sanction));
        }
        Ok(stage)
    }

    /// The case's sanctions and its license.
    fn applied(&self, case_id: U256) -> (SanctionMask, U256) {
        let case = self.cases.getter(case_id);
        (SanctionMask(case.sanctions.get().to::<u16>()), case.license_id.get())
    }

    fn sanction_lifted(&self, case_id: U256, license_id: U256, sanction: Sanction) {
        self.log(&[SanctionLifted::SIGNATURE_HASH, case_id.word(), license_id.word()], &(sanction as u8).word().0);
    }
}

fn sanction_state(case_id: U256, sanction: Sanction) -> Revert {
    revert(SanctionState::SELECTOR, &[case_id.word(), (sanction as u8).word()])
}

fn sanction_not_allowed(case_id: U256, sanction: Sanction) -> Revert {
    revert(SanctionNotAllowed::SELECTOR, &[case_id.word(), (sanction as u8).word()])
}

/// Solidity's checked arithmetic: `Panic(0x11)`.
fn overflow() -> Revert {
    revert(PANIC, &[OVERFLOW.word()])
}
