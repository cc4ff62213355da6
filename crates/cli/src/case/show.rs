//! `chlom case show`: a case as the DLA contract reports it, with its evidence, the appeal votes,
//! its reason's policy, its stage deadline and the windows that apply to it.

use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use chlom_bindings::DLAEnforcement::DLAEnforcementInstance;
use chlom_core::enforcement::{Ruling, Stage};
use serde_json::{Value, json};

use super::parse::{case_json, format_duration, next_steps, ruling_name, sanction_names, stage_name, window_text};
use crate::license::parse::format_id;
use crate::time::format_utc;

/// Reads case `id` and everything that explains where it stands, against the chain time `now`.
pub(super) async fn show<P: Provider>(
    dla: &DLAEnforcementInstance<P>,
    id: U256,
    now: u64,
) -> Result<Value, alloy::contract::Error> {
    let case = dla.getCase(id).call().await?;
    let evidence = dla.evidenceOf(id).call().await?;
    let votes = dla.appealVotes(id).call().await?;
    let policy = dla.reasonPolicy(case.reasonCode).call().await?;
    let sla = dla.slaOf(case.stage).call().await?;
    let quorum = dla.councilQuorum().call().await?;
    let reopen_window = dla.reopenWindow().call().await?;

    let stage = Stage::from_u8(case.stage);
    let time = |at: u64| (at != 0).then_some(at);
    let date = |at: u64| (at != 0).then(|| format_utc(at));
    let optional_address = |address: Address| (!address.is_zero()).then(|| address.to_string());
    let optional_hash = |hash: B256| (!hash.is_zero()).then(|| hash.to_string());
    let appeal_closes = (case.sanctionedAt != 0).then(|| case.sanctionedAt.saturating_add(policy.appealWindow));
    let reopen_closes = (stage == Some(Stage::Resolved)).then(|| case.resolvedAt.saturating_add(reopen_window));
    let deadline_passed = case.slaDeadline != 0 && now > case.slaDeadline;
    let plan_passed = case.remediationDeadline != 0 && now > case.remediationDeadline;
    let mut steps: Vec<String> = next_steps(case.stage).into_iter().map(str::to_owned).collect();
    if deadline_passed || plan_passed {
        steps.push("escalate".into());
    }
    Ok(json!({
        "caseId": case_json(id),
        "licenseId": format_id(case.licenseId),
        "stage": stage_name(case.stage),
        "ruling": (case.ruling != Ruling::None as u8).then(|| ruling_name(case.ruling)),
        "priority": case.priority,
        "reasonCode": case.reasonCode,
        "reporter": case.reporter.to_string(),
        "reporterDid": case.reporterDid,
        "investigator": optional_address(case.investigator),
        "openedAt": case.openedAt,
        "openedAtDate": format_utc(case.openedAt),
        "updatedAt": case.updatedAt,
        "updatedAtDate": format_utc(case.updatedAt),
        "deadline": time(case.slaDeadline),
        "deadlineDate": date(case.slaDeadline),
        "deadlinePassed": deadline_passed,
        "stageSla": sla,
        "sanctionedAt": time(case.sanctionedAt),
        "sanctionedAtDate": date(case.sanctionedAt),
        "appealClosesAt": appeal_closes,
        "appealClosesAtDate": appeal_closes.map(format_utc),
        "resolvedAt": time(case.resolvedAt),
        "resolvedAtDate": date(case.resolvedAt),
        "reopenClosesAt": reopen_closes,
        "reopenClosesAtDate": reopen_closes.map(format_utc),
        "sanctions": sanction_names(case.sanctions),
        "held": case.held.to_string(),
        "remediationPlan": optional_hash(case.remediationPlan),
        "remediationDeadline": time(case.remediationDeadline),
        "remediationDeadlineDate": date(case.remediationDeadline),
        "evidence": evidence.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "appeal": {
            "votesFor": votes.votesFor,
            "votesAgainst": votes.votesAgainst,
            "quorum": quorum,
        },
        "policy": {
            "reasonCode": case.reasonCode,
            "allowedSanctions": sanction_names(policy.allowedSanctions),
            "appealWindow": policy.appealWindow,
        },
        "nextSteps": steps,
        "chainTime": now,
    }))
}

/// The human form of [`show`]'s value.
pub(super) fn print_human(case: &Value) {
    let text = |key: &str| match &case[key] {
        Value::String(text) => text.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    let list = |value: &Value| match value.as_array() {
        Some(items) if !items.is_empty() => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        _ => "none".into(),
    };
    println!("{:<14} {}", "case", text("caseId"));
    println!("{:<14} {}", "license", text("licenseId"));
    println!("{:<14} {} (priority {})", "stage", text("stage"), text("priority"));
    println!("{:<14} {}", "ruling", text("ruling"));
    let policy = &case["policy"];
    let window = window_text(policy["appealWindow"].as_u64().unwrap_or_default());
    println!(
        "{:<14} {}: allows {}; appeal window {window}",
        "reason",
        text("reasonCode"),
        list(&policy["allowedSanctions"])
    );
    println!("{:<14} {} (DID {})", "reporter", text("reporter"), text("reporterDid"));
    println!("{:<14} {}", "investigator", text("investigator"));
    println!("{:<14} {} ({})", "opened", text("openedAtDate"), text("openedAt"));
    println!("{:<14} {} ({})", "updated", text("updatedAtDate"), text("updatedAt"));
    let sla = case["stageSla"].as_u64().unwrap_or_default();
    if case["deadline"].is_null() {
        println!("{:<14} none (no SLA for stage {})", "deadline", text("stage"));
    } else {
        let passed = if case["deadlinePassed"] == true { ", passed: anyone may escalate" } else { "" };
        println!(
            "{:<14} {} ({}; SLA {} in {}{passed})",
            "deadline",
            text("deadlineDate"),
            text("deadline"),
            format_duration(sla),
            text("stage")
        );
    }
    if !case["sanctionedAt"].is_null() {
        println!(
            "{:<14} {}; appeal window closes {}",
            "sanctioned",
            text("sanctionedAtDate"),
            text("appealClosesAtDate")
        );
    }
    if !case["resolvedAt"].is_null() {
        let reopen = if case["reopenClosesAt"].is_null() {
            String::new()
        } else {
            format!("; may be reopened until {}", text("reopenClosesAtDate"))
        };
        println!("{:<14} {}{reopen}", "resolved", text("resolvedAtDate"));
    }
    println!("{:<14} {} (held {})", "sanctions", list(&case["sanctions"]), text("held"));
    if !case["remediationPlan"].is_null() {
        println!("{:<14} plan {} due {}", "remediation", text("remediationPlan"), text("remediationDeadlineDate"));
    }
    let appeal = &case["appeal"];
    println!(
        "{:<14} {} for, {} against (quorum {})",
        "appeal votes", appeal["votesFor"], appeal["votesAgainst"], appeal["quorum"]
    );
    let steps = case["nextSteps"].as_array().map(Vec::as_slice).unwrap_or_default();
    let steps: Vec<String> = steps.iter().filter_map(Value::as_str).map(|step| format!("chlom case {step}")).collect();
    println!("{:<14} {}", "next", if steps.is_empty() { "none (final)".into() } else { steps.join("; ") });
    let evidence = case["evidence"].as_array().map(Vec::as_slice).unwrap_or_default();
    println!("evidence ({})", evidence.len());
    for (number, reference) in evidence.iter().enumerate() {
        println!("  {:>2}  {}", number + 1, reference.as_str().unwrap_or_default());
    }
}
