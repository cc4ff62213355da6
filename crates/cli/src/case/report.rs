//! `chlom case report`: the DLA contract's KPIs (cases per stage, SLA breaches, the mean time from
//! opening to resolution) as a table or JSON.

use alloy::providers::Provider;
use chlom_bindings::DLAEnforcement::DLAEnforcementInstance;
use chlom_core::enforcement::Stage;
use serde_json::{Map, Value, json};

use super::parse::format_duration;

/// Reads the KPIs.
pub(super) async fn report<P: Provider>(dla: &DLAEnforcementInstance<P>) -> Result<Value, alloy::contract::Error> {
    let mut per_stage = Map::new();
    let mut active = 0u64;
    let mut ended = 0u64;
    for stage in Stage::ALL.into_iter().filter(|stage| *stage != Stage::None) {
        let count = dla.casesInStage(stage as u8).call().await?;
        let count = u64::try_from(count).unwrap_or(u64::MAX);
        if stage.is_active() {
            active = active.saturating_add(count);
        } else {
            ended = ended.saturating_add(count);
        }
        per_stage.insert(format!("{stage:?}"), count.into());
    }
    let cases = dla.caseCount().call().await?;
    let breaches = dla.breaches().call().await?;
    let mean = u64::try_from(dla.meanTimeToResolve().call().await?).unwrap_or(u64::MAX);
    // The contract reports 0 both with no resolution yet and for cases resolved within a second.
    let resolved_any = mean != 0 || ended != 0;
    Ok(json!({
        "dla": dla.address().to_string(),
        "cases": u64::try_from(cases).unwrap_or(u64::MAX),
        "casesInStage": per_stage,
        "active": active,
        "breaches": u64::try_from(breaches).unwrap_or(u64::MAX),
        "meanTimeToResolveSeconds": resolved_any.then_some(mean),
        "meanTimeToResolve": resolved_any.then(|| format_duration(mean)),
    }))
}

/// The human form of [`report`]'s value.
pub(super) fn print_table(report: &Value) {
    let number = |value: &Value| value.as_u64().unwrap_or_default();
    let cases = number(&report["cases"]);
    let plural = if cases == 1 { "" } else { "s" };
    println!("DLA enforcement {}: {cases} case{plural} opened", report["dla"].as_str().unwrap_or_default());
    println!();
    println!("{:<24} {:>8}", "stage", "cases");
    for stage in Stage::ALL.into_iter().filter(|stage| *stage != Stage::None) {
        let name = format!("{stage:?}");
        println!("{name:<24} {:>8}", number(&report["casesInStage"][&name]));
    }
    println!("{:<24} {:>8}", "active (Open to Appeal)", number(&report["active"]));
    println!();
    println!("{:<24} {:>8}", "SLA breaches", number(&report["breaches"]));
    match (report["meanTimeToResolve"].as_str(), report["meanTimeToResolveSeconds"].as_u64()) {
        (Some(text), Some(seconds)) => println!("{:<24} {text:>8}  ({seconds} s)", "mean time to resolve"),
        _ => println!("{:<24} {:>8}  (no case resolved yet)", "mean time to resolve", "-"),
    }
}
