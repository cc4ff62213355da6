//! `chlom license show`: a license as the registry reports it, with its state history.

use alloy::primitives::{Address, B256, U256};
use alloy::providers::Provider;
use chlom_bindings::LicenseRegistry::LicenseRegistryInstance;
use serde_json::{Value, json};

use super::parse::{format_id, format_region, state_name, type_name};
use crate::time::format_utc;

/// Reads license `id`, its history, whether it is usable and its holder's risk score.
pub(super) async fn show<P: Provider>(
    registry: &LicenseRegistryInstance<P>,
    id: U256,
) -> Result<Value, alloy::contract::Error> {
    let license = registry.getLicense(id).call().await?;
    let history = registry.stateHistory(id).call().await?;
    let usable = registry.isUsable(id).call().await?;
    let risk = registry.riskScoreOf(license.holderDid).call().await?;
    let threshold = registry.riskThreshold().call().await?;
    let optional_address = |address: Address| (!address.is_zero()).then(|| address.to_string());
    let optional_hash = |hash: B256| (!hash.is_zero()).then(|| hash.to_string());
    Ok(json!({
        "id": format_id(license.id),
        "state": state_name(license.state),
        "usable": usable,
        "type": type_name(license.licenseType),
        "holder": license.holder,
        "holderDid": optional_hash(license.holderDid),
        "holderRiskScore": risk,
        "riskThreshold": threshold,
        "issuerDid": license.issuerDid,
        "parentId": (!license.parentId.is_zero()).then(|| format_id(license.parentId)),
        "depth": license.depth,
        "region": format_region(license.jurisdiction.region),
        "lawRef": optional_hash(license.jurisdiction.lawRef),
        "allowedRegions": license.jurisdiction.allowedRegions.iter().map(|r| format_region(*r)).collect::<Vec<_>>(),
        "issuedAt": license.issuedAt,
        "issuedAtDate": format_utc(license.issuedAt),
        "expiresAt": license.expiresAt,
        "expiresAtDate": format_utc(license.expiresAt),
        "royaltyBps": license.royaltyBps,
        "renewable": license.renewable,
        "sublicensable": license.sublicensable,
        "frozen": license.frozen,
        "revokedBy": optional_address(license.revokedBy),
        "terms": license.termsUri,
        "history": history.iter().map(|change| json!({
            "state": state_name(change.state),
            "at": change.at,
            "date": format_utc(change.at),
        })).collect::<Vec<_>>(),
    }))
}

/// The human form of [`show`]'s value.
pub(super) fn print_human(license: &Value) {
    let text = |key: &str| match &license[key] {
        Value::String(text) => text.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    };
    let usable = if license["usable"] == true { "usable" } else { "not usable" };
    println!("{:<14} {}", "license", text("id"));
    println!("{:<14} {} ({usable})", "state", text("state"));
    println!("{:<14} {}", "type", text("type"));
    println!("{:<14} {}", "holder", text("holder"));
    println!(
        "{:<14} {} (risk score {}, threshold {})",
        "holder DID",
        text("holderDid"),
        text("holderRiskScore"),
        text("riskThreshold")
    );
    println!("{:<14} {}", "issuer DID", text("issuerDid"));
    if !license["parentId"].is_null() {
        println!("{:<14} {} (depth {})", "parent", text("parentId"), text("depth"));
    }
    let allowed = match license["allowedRegions"].as_array() {
        Some(regions) if !regions.is_empty() => regions.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        _ => "anywhere".into(),
    };
    println!("{:<14} region {}, law {}, holders {allowed}", "jurisdiction", text("region"), text("lawRef"));
    println!("{:<14} {} ({})", "issued", text("issuedAtDate"), text("issuedAt"));
    println!("{:<14} {} ({})", "expires", text("expiresAtDate"), text("expiresAt"));
    let bps = license["royaltyBps"].as_u64().unwrap_or_default();
    println!("{:<14} {bps} bps ({}.{:02}%)", "royalty", bps / 100, bps % 100);
    let flags: Vec<&str> =
        ["renewable", "sublicensable", "frozen"].into_iter().filter(|flag| license[*flag] == true).collect();
    println!("{:<14} {}", "flags", if flags.is_empty() { "none".into() } else { flags.join(", ") });
    if !license["revokedBy"].is_null() {
        println!("{:<14} {}", "revoked by", text("revokedBy"));
    }
    println!("{:<14} {}", "terms", text("terms"));
    println!("history");
    for change in license["history"].as_array().into_iter().flatten() {
        println!(
            "  {:<12} {} ({})",
            change["state"].as_str().unwrap_or_default(),
            change["date"].as_str().unwrap_or_default(),
            change["at"]
        );
    }
}
