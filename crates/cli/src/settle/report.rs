//! `chlom settle --graph`: one settlement of a graph file, computed by
//! `chlom_core::settlement::settle` and printed as a table or JSON.

use alloy::primitives::U256;
use chlom_core::settlement::{DustReason, Settlement, SettlementError, settle};
use eyre::{Result, bail, eyre};
use serde_json::{Value, json};

use super::graph::Graph;

/// Where dust goes when the graph has no pool node.
const COMMUNITY_POOL: &str = "community pool";

/// Settles `graph` with the core arithmetic, explaining a refusal.
pub(super) fn compute(graph: &Graph) -> Result<Settlement> {
    let settled = settle(&graph.inputs, &graph.tax_rates(), &graph.terms()).map_err(|error| explain(graph, error))?;
    let paid: U256 = settled.shares.iter().copied().sum();
    let total = paid + settled.tax + settled.fee + settled.escrow + settled.dust;
    if total != graph.inputs.amount {
        bail!(
            "the settlement does not conserve value ({total} accounted for, {} paid); report this",
            graph.inputs.amount
        );
    }
    Ok(settled)
}

fn explain(graph: &Graph, error: SettlementError) -> eyre::Report {
    match error {
        SettlementError::FloorsExceedAvailable { index, floor, available } => eyre!(
            "shares[{index}]: its floor {floor} does not fit in what is left of B ({available} of {} after the tax, \
             fee, escrow and the shares before it), so the engine refuses the settlement (FloorsExceedAvailable); \
             lower its floor or the shares before it, or settle a larger amount",
            graph_distributable(graph)
        ),
        SettlementError::FloorAboveCap { index } => {
            eyre!("shares[{index}]: its floor is above its cap; lower the floor or raise the cap")
        }
        SettlementError::InvalidBps => {
            eyre!("a rate or the shares' basis points add up to more than 10000; lower them")
        }
        SettlementError::Overflow => eyre!("an amount overflows 256 bits; settle a smaller amount"),
    }
}

/// B, for explaining a refusal: the settlement without shares.
fn graph_distributable(graph: &Graph) -> String {
    settle(&graph.inputs, &graph.tax_rates(), &[])
        .map(|settled| settled.distributable.to_string())
        .unwrap_or_else(|_| "B".into())
}

/// The name of a dust reason code.
pub(super) fn dust_reason_name(code: u8) -> &'static str {
    match code {
        code if code == DustReason::None as u8 => "none",
        code if code == DustReason::Rounding as u8 => "rounding",
        code if code == DustReason::Unallocated as u8 => "unallocated",
        code if code == DustReason::Capped as u8 => "capped",
        _ => "unknown",
    }
}

/// The settlement as one JSON object (amounts as decimal strings: they are 256-bit).
pub(super) fn to_json(graph: &Graph, settled: &Settlement) -> Value {
    let shares: Vec<Value> = graph
        .shares
        .iter()
        .zip(&settled.shares)
        .enumerate()
        .map(|(index, (share, amount))| {
            json!({
                "index": index,
                "recipient": share.recipient,
                "kind": share.kind.name(),
                "bps": share.terms.bps,
                "floor": share.terms.floor.to_string(),
                "cap": share.terms.cap.to_string(),
                "adjustment": share.terms.adjustment.to_string(),
                "vestingCliff": share.vesting_cliff,
                "vestingEnd": share.vesting_end,
                "amount": amount.to_string(),
                "note": note(graph, index, *amount),
            })
        })
        .collect();
    let taxes: Vec<Value> = graph
        .taxes
        .iter()
        .zip(&settled.taxes)
        .map(|(level, amount)| {
            json!({
                "jurisdiction": level.jurisdiction,
                "rateBps": level.rate_bps,
                "collector": level.collector,
                "amount": amount.to_string(),
            })
        })
        .collect();
    let paid: U256 = settled.shares.iter().copied().sum();
    json!({
        "amount": graph.inputs.amount.to_string(),
        "shares": shares,
        "paid": paid.to_string(),
        "taxes": taxes,
        "tax": settled.tax.to_string(),
        "feeBps": graph.inputs.fee_bps,
        "fee": settled.fee.to_string(),
        "sustainabilityBps": graph.inputs.sustainability_bps,
        "sustainability": settled.sustainability.to_string(),
        "hold": graph.inputs.hold_outstanding.to_string(),
        "escrow": settled.escrow.to_string(),
        "distributable": settled.distributable.to_string(),
        "dust": settled.dust.to_string(),
        "dustReason": dust_reason_name(settled.dust_reason),
        "dustReasonCode": settled.dust_reason,
        "dustTo": dust_to(graph),
        "conserved": paid + settled.tax + settled.fee + settled.escrow + settled.dust == graph.inputs.amount,
    })
}

/// Who receives the dust: the pool node's recipient, else the engine's community pool.
fn dust_to(graph: &Graph) -> String {
    graph.pool().map(|index| graph.shares[index].recipient.to_string()).unwrap_or_else(|| COMMUNITY_POOL.into())
}

/// Why a share got what it got, when it is not just its percentage.
fn note(graph: &Graph, index: usize, amount: U256) -> String {
    let share = &graph.shares[index];
    let mut notes = Vec::new();
    if share.terms.floor != 0 && amount == U256::from(share.terms.floor) {
        notes.push("at floor".to_owned());
    }
    if share.terms.cap != 0 && amount == U256::from(share.terms.cap) {
        notes.push("at cap".to_owned());
    }
    if share.terms.adjustment != 0 {
        notes.push(format!("adjusted {:+}", share.terms.adjustment));
    }
    if share.vesting_end != 0 {
        notes.push(format!("vests: cliff {} s, end {} s", share.vesting_cliff, share.vesting_end));
    }
    if share.kind == super::graph::Kind::Pool {
        notes.push("receives the dust".to_owned());
    }
    notes.join("; ")
}

/// The human table.
pub(super) fn print_table(graph: &Graph, settled: &Settlement) {
    let width = settled
        .shares
        .iter()
        .chain([&graph.inputs.amount])
        .map(|amount| amount.to_string().len())
        .max()
        .unwrap_or(1)
        .max("amount".len());
    println!("{:<42}  {:<7}  {:>5}  {:>width$}  note", "recipient", "kind", "bps", "amount");
    for (index, (share, amount)) in graph.shares.iter().zip(&settled.shares).enumerate() {
        let note = note(graph, index, *amount);
        let line = format!(
            "{:<42}  {:<7}  {:>5}  {:>width$}  {note}",
            share.recipient.to_string(),
            share.kind.name(),
            share.terms.bps,
            amount
        );
        println!("{}", line.trim_end());
    }
    let paid: U256 = settled.shares.iter().copied().sum();
    let row = |label: &str, bps: String, amount: U256, note: String| {
        let line = format!("{label:<42}  {:<7}  {bps:>5}  {amount:>width$}  {note}", "");
        println!("{}", line.trim_end());
    };
    println!();
    row("shares", String::new(), paid, format!("of B = {}", settled.distributable));
    for (level, amount) in graph.taxes.iter().zip(&settled.taxes) {
        let collector = level.collector.map(|c| format!("to {c}")).unwrap_or_else(|| "no collector named".into());
        row(&format!("tax {}", level.jurisdiction), level.rate_bps.to_string(), *amount, collector);
    }
    row(
        "fee",
        graph.inputs.fee_bps.to_string(),
        settled.fee,
        format!(
            "of which sustainability {} ({} bps of the fee)",
            settled.sustainability, graph.inputs.sustainability_bps
        ),
    );
    row("escrow", String::new(), settled.escrow, format!("hold outstanding {}", graph.inputs.hold_outstanding));
    row(
        &format!("dust ({})", dust_reason_name(settled.dust_reason)),
        String::new(),
        settled.dust,
        format!("to {}", dust_to(graph)),
    );
    let total = paid + settled.tax + settled.fee + settled.escrow + settled.dust;
    let verdict = if total == graph.inputs.amount { "=" } else { "≠" };
    println!(
        "Σ = shares {paid} + tax {} + fee {} + escrow {} + dust {} = {total} {verdict} amount",
        settled.tax, settled.fee, settled.escrow, settled.dust
    );
}
