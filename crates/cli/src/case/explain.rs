//! Turning the DLA contract's custom errors (and the license registry's and the settlement
//! engine's, which bubble up through its calls) into sentences that say what was wrong and what to
//! do, as `chlom license` does for the registry.

use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use alloy::sol_types::SolInterface;
use chlom_bindings::DLAEnforcement::{DLAEnforcementErrors as Errors, DLAEnforcementInstance};
use chlom_bindings::IDLAEnforcement::{Case, ReasonPolicy};
use chlom_bindings::LicenseRegistry::LicenseRegistryErrors;
use chlom_bindings::SettlementEngine::SettlementEngineErrors;
use chlom_core::enforcement::{Actor, MAX_PRIORITY, Ruling, Sanction, SanctionMask, Stage, evidence_rule};

use super::parse::{next_steps, role_name, sanction_cli_name, sanction_name, sanction_names, stage_name};
use crate::license::explain::{Action as LicenseAction, sentence as license_sentence};
use crate::license::parse::format_id;
use crate::time::format_utc;

/// What the user asked for, so that an explanation can name the stage or the party it needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// `openCase`.
    Open,
    /// The views behind `chlom case show`.
    Show,
    /// The views behind `chlom case report`.
    Report,
    /// `triageCase`.
    Triage,
    /// `assignInvestigator` to this account.
    Assign(Address),
    /// `reclassify` to this reason code.
    Reclassify(u16),
    /// `addEvidence`.
    Evidence,
    /// `applySanction` of this kind.
    Sanction(Sanction),
    /// `fileAppeal`.
    Appeal,
    /// `decideAppeal`.
    Decide,
    /// `resolve` with this ruling.
    Resolve(Ruling),
    /// `escalate`.
    Escalate,
    /// `reopen`.
    Reopen,
    /// `closeCase`.
    Close,
}

impl Action {
    /// The stage the call needs, in words.
    fn needs(self) -> &'static str {
        match self {
            Self::Triage => "only an Open case can be triaged",
            Self::Assign(_) => {
                "an investigator is assigned in Triage, or reassigned in Investigation, Sanction or Appeal"
            }
            Self::Reclassify(_) => {
                "a case is reclassified while Open, in Triage or in Investigation (before any sanction)"
            }
            Self::Evidence => "Resolved and Closed cases take no evidence",
            Self::Sanction(_) => "sanctions apply in Investigation or Sanction",
            Self::Appeal => "only a sanctioned case (stage Sanction) can be appealed",
            Self::Decide => "only an appealed case (stage Appeal) can be decided",
            Self::Resolve(_) => {
                "a case resolves as dismissed from Investigation, or as sanctioned from Sanction (an appealed case \
                 is resolved by the council's decision)"
            }
            Self::Escalate => "only an active case (Open to Appeal) can be escalated",
            Self::Reopen => "only a Resolved case can be reopened",
            Self::Close => "only a Resolved case can be closed",
            Self::Open | Self::Show | Self::Report => "the call does not apply to a case in that stage",
        }
    }

    /// Who may do this, in words.
    fn who(self) -> &'static str {
        match self {
            Self::Open => "a reporter needs a Valid DID",
            Self::Triage | Self::Assign(_) | Self::Reclassify(_) | Self::Reopen => "this needs TRIAGE_ROLE",
            Self::Sanction(_) | Self::Resolve(_) => "only the case's assigned investigator may do this",
            Self::Evidence => {
                "the reporter adds evidence while the case is Open or in Triage, the assigned investigator from \
                 Investigation to Appeal"
            }
            Self::Appeal => "only the license holder (the owner of the license's token) may appeal",
            Self::Decide => "voting on appeals needs COUNCIL_ROLE",
            Self::Escalate | Self::Close | Self::Show | Self::Report => "anyone may do this",
        }
    }

    /// The license registry's action behind this one, for its explanations.
    fn registry_action(self) -> LicenseAction {
        match self {
            Self::Sanction(Sanction::Freeze) => LicenseAction::Freeze,
            Self::Sanction(Sanction::Suspend) | Self::Escalate => LicenseAction::Suspend,
            Self::Resolve(_) | Self::Decide => LicenseAction::Revoke,
            _ => LicenseAction::Show,
        }
    }
}

/// What an explanation may read from the chain besides the error.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    /// The DLA contract (a role it lacks elsewhere is a deployment problem, not the user's).
    pub(crate) dla: Address,
    /// The case the call was about, if it exists.
    pub(crate) case: Option<Case>,
    /// The policy of that case's reason.
    pub(crate) policy: Option<ReasonPolicy>,
    /// How many cases there are.
    pub(crate) case_count: Option<U256>,
    /// The latest block's timestamp.
    pub(crate) now: Option<u64>,
}

impl Context {
    /// Reads what explaining `error` about `case` needs; what cannot be read stays `None`.
    async fn read<P: Provider>(dla: &DLAEnforcementInstance<P>, error: &Errors, case: Option<U256>) -> Self {
        let mut context = Self { dla: *dla.address(), ..Self::default() };
        if let Errors::CaseNotFound(_) = error {
            context.case_count = dla.caseCount().call().await.ok();
            return context;
        }
        if let Some(id) = case {
            context.case = dla.getCase(id).call().await.ok();
        }
        if let (Errors::SanctionNotAllowed(_), Some(case)) = (error, &context.case) {
            context.policy = dla.reasonPolicy(case.reasonCode).call().await.ok();
            let block = dla.provider().get_block_by_number(alloy::eips::BlockNumberOrTag::Latest).await;
            context.now = block.ok().flatten().map(|block| block.header.timestamp);
        }
        context
    }
}

/// Decodes a failed call into the DLA contract's errors (then the license registry's and the
/// settlement engine's, whose reverts bubble through it) and explains it; anything else (a
/// transport failure, an unknown revert) is reported as it came.
pub(crate) async fn explain<P: Provider>(
    error: alloy::contract::Error,
    dla: &DLAEnforcementInstance<P>,
    action: Action,
    case: Option<U256>,
) -> eyre::Report {
    if let Some(decoded) = error.as_decoded_interface_error::<Errors>() {
        let context = Context::read(dla, &decoded, case).await;
        let name = Errors::name_by_selector(decoded.selector()).unwrap_or("an error");
        return eyre::eyre!("the DLA contract refused with {name}: {}", sentence(&decoded, action, &context));
    }
    if let Some(decoded) = error.as_decoded_interface_error::<LicenseRegistryErrors>() {
        let name = LicenseRegistryErrors::name_by_selector(decoded.selector()).unwrap_or("an error");
        return eyre::eyre!(
            "the license registry refused the DLA contract's call with {name}: {}",
            license_sentence(&decoded, action.registry_action(), None)
        );
    }
    if let Some(decoded) = error.as_decoded_interface_error::<SettlementEngineErrors>() {
        let name = SettlementEngineErrors::name_by_selector(decoded.selector()).unwrap_or("an error");
        return eyre::eyre!(
            "the settlement engine refused the DLA contract's hold with {name} ({decoded:?}); check the engine's \
             state for this license"
        );
    }
    eyre::eyre!("the transaction failed: {error}")
}

fn id(id: U256) -> String {
    id.to_string()
}

fn date(at: u64) -> String {
    format!("{} ({at})", format_utc(at))
}

/// The explanation of one decoded error.
pub(crate) fn sentence(error: &Errors, action: Action, context: &Context) -> String {
    match error {
        Errors::CaseNotFound(e) => match context.case_count {
            Some(count) if count.is_zero() => {
                format!("no case {} exists: this DLA contract has no cases yet", id(e.caseId))
            }
            Some(count) => format!(
                "no case {} exists on this DLA contract (cases run from 1 to {count}; `chlom case report` counts them)",
                id(e.caseId)
            ),
            None => format!("no case {} exists on this DLA contract", id(e.caseId)),
        },
        Errors::InvalidStage(e) => {
            let steps = next_steps(e.stage);
            let next = if steps.is_empty() {
                format!(" ({} is final)", stage_name(e.stage))
            } else {
                format!(" (from {} the table allows: chlom case {})", stage_name(e.stage), steps.join(", chlom case "))
            };
            format!("case {} is in stage {}; {}{next}", id(e.caseId), stage_name(e.stage), action.needs())
        }
        Errors::NotAuthorized(e) if action == Action::Open => format!(
            "{} holds the license it reports, and a license's holder may not report it (its own case would keep a \
             real report out while it runs); a reporter with another DID reports it",
            e.caller
        ),
        Errors::NotAuthorized(e) => {
            format!("{} may not do this to case {}: {}", e.caller, id(e.caseId), who_on_case(e.caller, action, context))
        }
        Errors::ReporterNotInGoodStanding(e) => format!(
            "{} controls no Valid DID, so it cannot report: register one with `chlom did register` and have a \
             verifier make it Valid (`chlom did set-status DID valid`)",
            e.reporter
        ),
        Errors::ReportTooSoon(e) => format!(
            "DID {} reported less than the report interval ago; it may report again from {}",
            e.reporterDid,
            date(e.nextAllowedAt)
        ),
        Errors::CaseAlreadyActive(e) => format!(
            "license {} already has an active case, {}: a license has one active case at a time; add evidence to \
             it (`chlom case evidence {} --ref REF`) or wait until it is resolved",
            format_id(e.licenseId),
            id(e.caseId),
            id(e.caseId)
        ),
        Errors::NoActiveCase(e) => format!("license {} has no active case", format_id(e.licenseId)),
        Errors::InvalidReason(e) if matches!(action, Action::Reclassify(_)) => format!(
            "reason code {} has no policy, so no case can be reclassified to it: governance sets one with \
             setReasonPolicy",
            e.reasonCode
        ),
        Errors::InvalidReason(e) => format!(
            "reason code {} has no policy, so it cannot be reported: governance sets one with setReasonPolicy",
            e.reasonCode
        ),
        Errors::SanctionNotAllowed(e) => sanction_not_allowed(e.caseId, e.sanction, context),
        Errors::SanctionState(e) => format!(
            "{} is applied to case {} already (only escrow, fine and clawback add up and may be applied again)",
            sanction_name(e.sanction),
            id(e.caseId)
        ),
        Errors::TooMuchEvidence(e) => too_much_evidence(e.caseId, context),
        Errors::AppealWindow(e) if matches!(action, Action::Resolve(_)) => format!(
            "the appeal window of case {} is open until {}: the holder may still appeal; resolve it as sanctioned \
             after that",
            id(e.caseId),
            date(e.closesAt)
        ),
        Errors::AppealWindow(e) => format!(
            "the appeal window of case {} closed at {}: an appeal must be filed within the reason's appeal window \
             from the case's latest sanction",
            id(e.caseId),
            date(e.closesAt)
        ),
        Errors::AlreadyVoted(e) => format!(
            "{} has voted on the appeal of case {} already; each council member votes once",
            e.member,
            id(e.caseId)
        ),
        Errors::ReopenWindow(e) if action == Action::Close => {
            format!("case {} may be reopened until {}; it can be closed after that", id(e.caseId), date(e.closesAt))
        }
        Errors::ReopenWindow(e) => format!(
            "the reopen window of case {} closed at {}: it can only be closed now (`chlom case close {}`)",
            id(e.caseId),
            date(e.closesAt),
            id(e.caseId)
        ),
        Errors::DeadlineNotPassed(e) if e.deadline == 0 => format!(
            "case {} has no deadline in its stage (governance sets stage SLAs with setSla), so there is nothing to \
             escalate",
            id(e.caseId)
        ),
        Errors::DeadlineNotPassed(e) => {
            format!("the deadline of case {} is {}; it can be escalated after that", id(e.caseId), date(e.deadline))
        }
        Errors::InvalidArgument(_) => invalid_argument(action, context),
        Errors::AccessControlUnauthorizedAccount(e) if e.account == context.dla && !context.dla.is_zero() => {
            format!(
                "the DLA contract {} itself lacks {} in the license registry or the settlement engine, so the \
                 sanction cannot take effect: governance grants it there with grantRole",
                e.account,
                role_name(e.neededRole)
            )
        }
        Errors::AccessControlUnauthorizedAccount(e) => format!(
            "{} lacks {}, which {}; an admin grants it with grantRole",
            e.account,
            role_name(e.neededRole),
            role_purpose(e.neededRole)
        ),
        Errors::AccessControlBadConfirmation(_) => "an account can only renounce its own role".into(),
    }
}

/// What a DLA role is for, in words.
fn role_purpose(role: B256) -> &'static str {
    match role_name(role).as_str() {
        "TRIAGE_ROLE" => "triage officers hold to triage, assign, prioritize and reopen cases",
        "INVESTIGATOR_ROLE" => "an account needs before a case can be assigned to it",
        "COUNCIL_ROLE" => "the appeal council's members hold to vote on appeals",
        _ => "this call needs",
    }
}

/// Who may act on the case, naming the account when the case says.
fn who_on_case(caller: Address, action: Action, context: &Context) -> String {
    let Some(case) = &context.case else { return action.who().into() };
    let investigator = || {
        if case.investigator.is_zero() {
            "only the case's assigned investigator may, and it has none yet: a triage officer assigns one with \
             `chlom case assign`"
                .to_owned()
        } else if case.investigator == caller {
            format!(
                "{caller} is the case's assigned investigator but no longer holds INVESTIGATOR_ROLE: an admin grants \
                 it again with grantRole, or a triage officer reassigns the case (`chlom case assign`)"
            )
        } else {
            format!("only the case's assigned investigator, {}, may; sign with that key", case.investigator)
        }
    };
    match action {
        Action::Sanction(_) | Action::Resolve(_) => investigator(),
        Action::Evidence if matches!(Stage::from_u8(case.stage), Some(Stage::Open | Stage::Triage)) => {
            format!("while a case is {} only its reporter, {}, adds evidence", stage_name(case.stage), case.reporter)
        }
        Action::Evidence => investigator(),
        Action::Appeal => format!(
            "only the holder of license {} (the owner of its token) may appeal; sign with the holder's key",
            format_id(case.licenseId)
        ),
        _ => action.who().into(),
    }
}

/// Why a case takes no more evidence: the reporter's cap while Open or Triage, else the case's.
fn too_much_evidence(case_id: U256, context: &Context) -> String {
    let rule = context.case.as_ref().and_then(|case| Stage::from_u8(case.stage)).and_then(evidence_rule);
    match rule {
        Some((Actor::Reporter, cap)) => format!(
            "case {} holds {cap} evidence references, the most its reporter may add; the assigned investigator may \
             add more from Investigation on",
            id(case_id)
        ),
        Some((_, cap)) => format!("case {} holds {cap} evidence references, the most a case may hold", id(case_id)),
        None => format!("case {} holds as many evidence references as it may", id(case_id)),
    }
}

/// Why a sanction was refused: not in the reason's policy, or malformed parameters.
fn sanction_not_allowed(case_id: U256, sanction: u8, context: &Context) -> String {
    let name = sanction_name(sanction);
    let (Some(case), Some(policy), Some(kind)) = (&context.case, &context.policy, Sanction::from_u8(sanction)) else {
        return format!(
            "{name} is not allowed for the reason of case {}, or its parameters are malformed",
            id(case_id)
        );
    };
    if !SanctionMask(policy.allowedSanctions).contains(kind) {
        let allowed = sanction_names(policy.allowedSanctions);
        let allowed = if allowed.is_empty() { "nothing (the policy was withdrawn)".into() } else { allowed.join(", ") };
        return format!(
            "reason code {} of case {} does not allow {name}; its policy allows {allowed}",
            case.reasonCode,
            id(case_id)
        );
    }
    let cli = sanction_cli_name(kind);
    match kind {
        kind if kind.holds() => format!("{cli} needs an amount above 0 (--amount)"),
        Sanction::Remediation => {
            let now = context.now.map(|now| format!(" ({})", date(now))).unwrap_or_default();
            format!("remediation needs a non-zero plan and a deadline not before the latest block{now}")
        }
        _ => format!("{cli} takes no parameters"),
    }
}

/// What an `InvalidArgument` meant for this call.
fn invalid_argument(action: Action, context: &Context) -> String {
    match action {
        Action::Triage => format!("a priority runs from 0 to {MAX_PRIORITY}"),
        Action::Assign(account) => format!(
            "{account} does not hold INVESTIGATOR_ROLE (or is the zero address): an admin grants the role with \
             grantRole before a case is assigned to it"
        ),
        Action::Resolve(ruling) => {
            let stage = context.case.as_ref().map(|case| stage_name(case.stage)).unwrap_or_else(|| "its stage".into());
            format!(
                "a case in {stage} cannot be resolved as {ruling:?}: dismissed from Investigation, sanctioned from \
                 Sanction"
            )
        }
        Action::Open | Action::Evidence | Action::Appeal | Action::Reopen => {
            "the reference is zero, which the contract refuses: give a real reference".into()
        }
        _ => "an argument is out of range (a priority above 3, a zero reference or account, or a ruling the stage \
              cannot give)"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use chlom_bindings::DLAEnforcement;

    use super::*;

    fn case(stage: Stage, investigator: Address) -> Case {
        Case { licenseId: U256::from(9), reasonCode: 7, stage: stage as u8, investigator, ..Default::default() }
    }

    #[test]
    fn stage_errors_say_what_the_call_needs_and_what_the_table_allows() {
        let error =
            Errors::InvalidStage(DLAEnforcement::InvalidStage { caseId: U256::from(3), stage: Stage::Open as u8 });
        let text = sentence(&error, Action::Appeal, &Context::default());
        assert!(text.contains("case 3 is in stage Open; only a sanctioned case"), "{text}");
        assert!(text.contains("the table allows: chlom case triage"), "{text}");
        let closed =
            Errors::InvalidStage(DLAEnforcement::InvalidStage { caseId: U256::from(3), stage: Stage::Closed as u8 });
        assert!(sentence(&closed, Action::Reopen, &Context::default()).contains("Closed is final"));
    }

    #[test]
    fn authority_errors_name_the_party_who_may() {
        let investigator = Address::repeat_byte(0x1e);
        let context = Context { case: Some(case(Stage::Investigation, investigator)), ..Default::default() };
        let error = Errors::NotAuthorized(DLAEnforcement::NotAuthorized {
            caller: Address::repeat_byte(2),
            caseId: U256::from(1),
        });
        let text = sentence(&error, Action::Sanction(Sanction::Freeze), &context);
        assert!(text.contains(&format!("only the case's assigned investigator, {investigator}")), "{text}");
        let text = sentence(&error, Action::Appeal, &context);
        assert!(text.contains("only the holder of license"), "{text}");
        let lost = Errors::NotAuthorized(DLAEnforcement::NotAuthorized { caller: investigator, caseId: U256::from(1) });
        let text = sentence(&lost, Action::Resolve(Ruling::Dismissed), &context);
        assert!(text.contains("no longer holds INVESTIGATOR_ROLE"), "{text}");
        let own = Errors::NotAuthorized(DLAEnforcement::NotAuthorized { caller: investigator, caseId: U256::ZERO });
        let text = sentence(&own, Action::Open, &Context::default());
        assert!(text.contains("a license's holder may not report it"), "{text}");

        let role = Errors::AccessControlUnauthorizedAccount(DLAEnforcement::AccessControlUnauthorizedAccount {
            account: Address::repeat_byte(2),
            neededRole: alloy::primitives::keccak256("CHLOM_TRIAGE_ROLE"),
        });
        let text = sentence(&role, Action::Triage, &context);
        assert!(text.contains("lacks TRIAGE_ROLE"), "{text}");
        let dla = Context { dla: Address::repeat_byte(2), ..Default::default() };
        assert!(sentence(&role, Action::Sanction(Sanction::Freeze), &dla).contains("the DLA contract"));
    }

    #[test]
    fn sanction_refusals_tell_policy_from_parameters() {
        let mut context = Context {
            case: Some(case(Stage::Investigation, Address::ZERO)),
            policy: Some(ReasonPolicy { allowedSanctions: 0b11, appealWindow: 60 }),
            ..Default::default()
        };
        let refused = |sanction: Sanction| {
            Errors::SanctionNotAllowed(DLAEnforcement::SanctionNotAllowed {
                caseId: U256::from(1),
                sanction: sanction as u8,
            })
        };
        let text = sentence(&refused(Sanction::Revoke), Action::Sanction(Sanction::Revoke), &context);
        assert!(text.contains("does not allow Revoke; its policy allows Freeze, Escrow"), "{text}");
        let text = sentence(&refused(Sanction::Escrow), Action::Sanction(Sanction::Escrow), &context);
        assert!(text.contains("escrow needs an amount above 0"), "{text}");
        context.policy = None;
        assert!(sentence(&refused(Sanction::Fine), Action::Sanction(Sanction::Fine), &context).contains("malformed"));
    }

    #[test]
    fn evidence_caps_and_reasons_depend_on_the_call() {
        let full = Errors::TooMuchEvidence(DLAEnforcement::TooMuchEvidence { caseId: U256::from(2) });
        let open = Context { case: Some(case(Stage::Triage, Address::ZERO)), ..Default::default() };
        let text = sentence(&full, Action::Evidence, &open);
        assert!(text.contains("holds 16 evidence references, the most its reporter may add"), "{text}");
        let sanctioned = Context { case: Some(case(Stage::Sanction, Address::ZERO)), ..Default::default() };
        let text = sentence(&full, Action::Evidence, &sanctioned);
        assert!(text.contains("holds 64 evidence references, the most a case may hold"), "{text}");

        let reason = Errors::InvalidReason(DLAEnforcement::InvalidReason { reasonCode: 8 });
        assert!(sentence(&reason, Action::Reclassify(8), &open).contains("no case can be reclassified to it"));
        assert!(sentence(&reason, Action::Open, &open).contains("it cannot be reported"));
        let stage =
            Errors::InvalidStage(DLAEnforcement::InvalidStage { caseId: U256::from(2), stage: Stage::Sanction as u8 });
        let text = sentence(&stage, Action::Reclassify(7), &sanctioned);
        assert!(text.contains("reclassified while Open, in Triage or in Investigation"), "{text}");
    }

    #[test]
    fn missing_cases_name_the_range() {
        let error = Errors::CaseNotFound(DLAEnforcement::CaseNotFound { caseId: U256::from(42) });
        let context = Context { case_count: Some(U256::from(2)), ..Default::default() };
        assert!(
            sentence(&error, Action::Show, &context)
                .contains("no case 42 exists on this DLA contract (cases run from 1 to 2")
        );
    }
}
