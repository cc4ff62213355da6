//! `chlom case open|show|triage|assign|reclassify|evidence|sanction|appeal|decide|resolve|escalate|reopen|close|report`:
//! DLA enforcement cases on the `DLAEnforcement` contract named with `--dla`, or recorded as
//! `DLAEnforcement` in `deployments/<chainId>.json`. Transactions are signed with the key in
//! `CHLOM_PRIVATE_KEY`; reverts are decoded into the contract's custom errors (or those of the
//! license registry and the settlement engine it calls) and explained (see [`explain`]).

mod args;
mod explain;
mod parse;
mod report;
mod show;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use alloy::eips::BlockNumberOrTag;
use alloy::json_abi::JsonAbi;
use alloy::network::Ethereum;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::{PendingTransactionBuilder, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionReceipt;
use alloy::transports::http::reqwest::Url;
use chlom_bindings::DLAEnforcement::{self, DLAEnforcementInstance};
use chlom_bindings::artifacts;
use chlom_core::enforcement::Ruling;
use eyre::{Result, WrapErr, bail, eyre};
use serde_json::{Value, json};
use tracing::info;

use self::args::CaseCommand;
use self::explain::{Action, explain};
use self::parse::{Params, case_json, ruling_name, sanction_names, stage_name};
use crate::did::signing_provider;
use crate::license::parse::format_id;
use crate::record::DeploymentRecord;
use crate::time::format_utc;

/// The name `chlom deploy` would record the (Solidity) DLA contract under; the Stylus one is
/// `DLAEnforcement.stylus`, named with --dla.
const RECORDED_DLA: &str = "DLAEnforcement";

/// Options of `chlom case`.
#[derive(Debug, clap::Args)]
pub(crate) struct CaseArgs {
    /// JSON-RPC endpoint of the chain.
    #[arg(long, env = "CHLOM_RPC_URL", global = true, value_name = "URL")]
    rpc_url: Option<Url>,
    /// The DLAEnforcement contract; without it, the `DLAEnforcement` recorded for the chain in
    /// `<deployments-dir>/<chainId>.json`.
    #[arg(long, env = "CHLOM_DLA", global = true, value_name = "ADDRESS")]
    dla: Option<Address>,
    /// Folder holding `<chainId>.json`, read when --dla is not given.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR", global = true, value_name = "DIR")]
    deployments_dir: PathBuf,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: CaseCommand,
}

/// Runs `chlom case …`.
pub(crate) async fn run(args: CaseArgs) -> Result<ExitCode> {
    // What needs no chain is checked first, so that a mistake costs no round trip.
    let params = match &args.command {
        CaseCommand::Sanction(sanction) => Some(
            Params::for_sanction(sanction.kind, sanction.amount, sanction.plan, sanction.deadline)
                .map_err(|error| eyre!("{error}"))?,
        ),
        _ => None,
    };
    let url = args.rpc_url.clone().ok_or_else(|| eyre!("pass --rpc-url (or set CHLOM_RPC_URL) to name the chain"))?;
    match &args.command {
        CaseCommand::Show { case } => {
            let provider = ProviderBuilder::new().connect_http(url.clone());
            let dla = DLAEnforcement::new(dla_address(&provider, &args, &url).await?, &provider);
            let now = latest_timestamp(&provider).await?;
            let shown = match show::show(&dla, *case, now).await {
                Ok(shown) => shown,
                Err(error) => return Err(explain(error, &dla, Action::Show, Some(*case)).await),
            };
            return print(&args, &shown, show::print_human);
        }
        CaseCommand::Report => {
            let provider = ProviderBuilder::new().connect_http(url.clone());
            let dla = DLAEnforcement::new(dla_address(&provider, &args, &url).await?, &provider);
            let reported = match report::report(&dla).await {
                Ok(reported) => reported,
                Err(error) => return Err(explain(error, &dla, Action::Report, None).await),
            };
            return print(&args, &reported, report::print_table);
        }
        _ => {}
    }
    let (provider, _signer) = signing_provider(url.clone())?;
    let dla = DLAEnforcement::new(dla_address(&provider, &args, &url).await?, &provider);
    let value = match &args.command {
        CaseCommand::Show { .. } | CaseCommand::Report => bail!("show and report send no transaction"),
        CaseCommand::Open { license, reason, evidence } => {
            let sent = dla.openCase(*license, *reason, *evidence).send().await;
            let receipt = confirm(&dla, sent, Action::Open, None).await?;
            opened(&dla, &receipt).await?
        }
        CaseCommand::Triage { case, priority } => {
            let sent = dla.triageCase(*case, *priority).send().await;
            changed(&dla, *case, confirm(&dla, sent, Action::Triage, Some(*case)).await?).await?
        }
        CaseCommand::Assign { case, investigator } => {
            let sent = dla.assignInvestigator(*case, *investigator).send().await;
            changed(&dla, *case, confirm(&dla, sent, Action::Assign(*investigator), Some(*case)).await?).await?
        }
        CaseCommand::Reclassify { case, reason } => {
            let sent = dla.reclassify(*case, *reason).send().await;
            let receipt = confirm(&dla, sent, Action::Reclassify(*reason), Some(*case)).await?;
            let mut value = changed(&dla, *case, receipt).await?;
            value["reasonCode"] = (*reason).into();
            value
        }
        CaseCommand::Evidence { case, reference } => {
            let sent = dla.addEvidence(*case, *reference).send().await;
            let mut value = changed(&dla, *case, confirm(&dla, sent, Action::Evidence, Some(*case)).await?).await?;
            value["evidenceRef"] = reference.to_string().into();
            value
        }
        CaseCommand::Sanction(sanction) => {
            let params = params.ok_or_else(|| eyre!("the sanction's parameters were not checked"))?;
            let now = latest_timestamp(&provider).await?;
            let (bytes, deadline) = params.encode(now);
            if let Some(deadline) = deadline.filter(|deadline| *deadline < now) {
                bail!(
                    "the remediation deadline {} ({deadline}) is before the latest block ({}): give a later time, \
                     or a duration such as 14d",
                    format_utc(deadline),
                    format_utc(now)
                );
            }
            let kind = sanction.kind;
            let sent = dla.applySanction(sanction.case, kind as u8, bytes.clone()).send().await;
            let receipt = confirm(&dla, sent, Action::Sanction(kind), Some(sanction.case)).await?;
            let mut value = changed(&dla, sanction.case, receipt).await?;
            value["sanction"] = format!("{kind:?}").into();
            value["params"] = bytes.to_string().into();
            if let Some(deadline) = deadline {
                value["remediationDeadline"] = deadline.into();
                value["remediationDeadlineDate"] = format_utc(deadline).into();
            }
            value
        }
        CaseCommand::Appeal { case, memo } => {
            let sent = dla.fileAppeal(*case, *memo).send().await;
            changed(&dla, *case, confirm(&dla, sent, Action::Appeal, Some(*case)).await?).await?
        }
        CaseCommand::Decide(decide) => {
            let sent = dla.decideAppeal(decide.case, decide.uphold).send().await;
            let receipt = confirm(&dla, sent, Action::Decide, Some(decide.case)).await?;
            let mut value = changed(&dla, decide.case, receipt).await?;
            let votes = dla.appealVotes(decide.case).call().await.wrap_err("appealVotes failed")?;
            let quorum = dla.councilQuorum().call().await.wrap_err("councilQuorum failed")?;
            value["vote"] = if decide.uphold { "uphold" } else { "reject" }.into();
            value["votesFor"] = votes.votesFor.into();
            value["votesAgainst"] = votes.votesAgainst.into();
            value["quorum"] = quorum.into();
            value
        }
        CaseCommand::Resolve { case, ruling } => {
            let sent = dla.resolve(*case, *ruling as u8).send().await;
            changed(&dla, *case, confirm(&dla, sent, Action::Resolve(*ruling), Some(*case)).await?).await?
        }
        CaseCommand::Escalate { case } => {
            let sent = dla.escalate(*case).send().await;
            changed(&dla, *case, confirm(&dla, sent, Action::Escalate, Some(*case)).await?).await?
        }
        CaseCommand::Reopen { case, cause } => {
            let sent = dla.reopen(*case, *cause).send().await;
            changed(&dla, *case, confirm(&dla, sent, Action::Reopen, Some(*case)).await?).await?
        }
        CaseCommand::Close { case } => {
            let sent = dla.closeCase(*case).send().await;
            changed(&dla, *case, confirm(&dla, sent, Action::Close, Some(*case)).await?).await?
        }
    };
    print(&args, &value, print_pairs)
}

/// The DLA contract: `--dla`, else the one recorded for the chain; either way it must have code.
async fn dla_address(provider: &impl Provider, args: &CaseArgs, url: &Url) -> Result<Address> {
    let chain_id = provider
        .get_chain_id()
        .await
        .wrap_err_with(|| format!("cannot reach the RPC endpoint {url}: is the node running? check --rpc-url"))?;
    let address = match args.dla {
        Some(address) => address,
        None => {
            let recorded = DeploymentRecord::address_of(&args.deployments_dir, chain_id, RECORDED_DLA).wrap_err(
                "pass --dla ADDRESS (or set CHLOM_DLA) to name the DLAEnforcement contract; without it the one \
                 recorded for the chain is used",
            )?;
            info!(dla = %recorded, deployments_dir = %args.deployments_dir.display(), "the DLAEnforcement recorded for chain {chain_id}");
            recorded
        }
    };
    let code = provider.get_code_at(address).await.wrap_err("eth_getCode failed")?;
    if code.is_empty() {
        bail!("there is no contract at {address} on chain {chain_id}: pass the DLAEnforcement's address with --dla");
    }
    Ok(address)
}

/// Waits for a sent transaction, or explains why it could not be sent (a revert surfaces when the
/// provider estimates gas, before anything is signed).
async fn confirm<P: Provider>(
    dla: &DLAEnforcementInstance<P>,
    sent: Result<PendingTransactionBuilder<Ethereum>, alloy::contract::Error>,
    action: Action,
    case: Option<U256>,
) -> Result<TransactionReceipt> {
    let pending = match sent {
        Ok(pending) => pending,
        Err(error) => return Err(explain(error, dla, action, case).await),
    };
    info!(transaction = %pending.tx_hash(), "sent; waiting for the receipt");
    let receipt = pending.get_receipt().await.wrap_err("no receipt for the transaction")?;
    if !receipt.status() {
        let show = case.map(|case| format!(" (`chlom case show {case}` shows the case)")).unwrap_or_default();
        bail!("transaction {} reverted on chain{show}", receipt.transaction_hash);
    }
    Ok(receipt)
}

/// The new case of a `CaseOpened` event in `receipt`.
async fn opened<P: Provider>(dla: &DLAEnforcementInstance<P>, receipt: &TransactionReceipt) -> Result<Value> {
    let event = receipt
        .decoded_log::<DLAEnforcement::CaseOpened>()
        .ok_or_else(|| eyre!("transaction {} emitted no CaseOpened event", receipt.transaction_hash))?;
    let case = dla.getCase(event.data.caseId).call().await.wrap_err("getCase failed")?;
    Ok(json!({
        "caseId": case_json(event.data.caseId),
        "licenseId": format_id(event.data.licenseId),
        "reasonCode": event.data.reasonCode,
        "stage": stage_name(case.stage),
        "reporter": event.data.reporter.to_string(),
        "reporterDid": case.reporterDid,
        "evidenceRef": event.data.evidenceRef,
        "deadline": deadline_date(case.slaDeadline),
        "events": event_names(dla, receipt).await?,
        "transactionHash": receipt.transaction_hash,
    }))
}

/// A case read back after a change, with the events the transaction emitted.
async fn changed<P: Provider>(dla: &DLAEnforcementInstance<P>, id: U256, receipt: TransactionReceipt) -> Result<Value> {
    let case = dla.getCase(id).call().await.wrap_err("getCase failed")?;
    let ruling = (case.ruling != Ruling::None as u8).then(|| ruling_name(case.ruling));
    let investigator = (!case.investigator.is_zero()).then(|| case.investigator.to_string());
    Ok(json!({
        "caseId": case_json(id),
        "stage": stage_name(case.stage),
        "ruling": ruling,
        "priority": case.priority,
        "investigator": investigator,
        "sanctions": sanction_names(case.sanctions),
        "held": case.held.to_string(),
        "evidenceCount": case.evidenceCount,
        "deadline": deadline_date(case.slaDeadline),
        "events": event_names(dla, &receipt).await?,
        "transactionHash": receipt.transaction_hash,
    }))
}

/// A stage deadline as a date, or none (0: the stage has no SLA).
fn deadline_date(deadline: u64) -> Option<String> {
    (deadline != 0).then(|| format_utc(deadline))
}

/// The events of `receipt` by name: the DLA contract's, and those of the license registry and the
/// settlement engine it called (as `LicenseRegistry.LicenseFrozen`, say).
async fn event_names<P: Provider>(
    dla: &DLAEnforcementInstance<P>,
    receipt: &TransactionReceipt,
) -> Result<Vec<String>> {
    let logs = receipt.inner.logs();
    let mut sources: HashMap<Address, (&str, JsonAbi)> = HashMap::new();
    sources.insert(*dla.address(), ("", abi(artifacts::DLA_ENFORCEMENT)?));
    if logs.iter().any(|log| log.address() != *dla.address()) {
        let registry = dla.licenseRegistry().call().await.wrap_err("licenseRegistry failed")?;
        let engine = dla.settlementEngine().call().await.wrap_err("settlementEngine failed")?;
        sources.insert(registry, ("LicenseRegistry.", abi(artifacts::LICENSE_REGISTRY)?));
        sources.insert(engine, ("SettlementEngine.", abi(artifacts::SETTLEMENT_ENGINE)?));
    }
    Ok(logs
        .iter()
        .map(|log| {
            let topic = log.topics().first().copied().unwrap_or(B256::ZERO);
            sources
                .get(&log.address())
                .and_then(|(prefix, abi)| {
                    abi.events().find(|event| event.selector() == topic).map(|event| format!("{prefix}{}", event.name))
                })
                .unwrap_or_else(|| format!("{}:{topic}", log.address()))
        })
        .collect())
}

fn abi(artifact: &str) -> Result<JsonAbi> {
    artifacts::abi(artifact).wrap_err("a committed artifact's ABI does not parse")
}

/// The timestamp of the latest block: durations count from the chain's clock, not this machine's.
async fn latest_timestamp(provider: &impl Provider) -> Result<u64> {
    let block = provider
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .wrap_err("cannot read the latest block")?
        .ok_or_else(|| eyre!("the node has no latest block"))?;
    Ok(block.header.timestamp)
}

fn print(args: &CaseArgs, value: &Value, human: fn(&Value)) -> Result<ExitCode> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        human(value);
    }
    Ok(ExitCode::SUCCESS)
}

/// One `key value` line per field; lists joined with commas, nothing as `-`.
fn print_pairs(value: &Value) {
    if let Some(object) = value.as_object() {
        for (key, value) in object {
            println!("{key:<24} {}", text(value));
        }
    }
}

/// A JSON value as one line of text.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "-".into(),
        Value::Array(items) if items.is_empty() => "none".into(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
