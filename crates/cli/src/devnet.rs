//! `chlom devnet`: the main job on an embedded default. Starts a local anvil, deploys the suite,
//! approves one proposal with its payload, reads the event back from the chain, prints a summary
//! and writes `deployments/<chainId>.json`; anvil is stopped at the end, and on Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;

use alloy::primitives::{Address, B256, Bytes, TxHash, U256, keccak256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::Filter;
use alloy::sol_types::{SolCall, SolEvent};
use chlom_bindings::{GovernanceEmitter, IGovernanceEmitter, LicenseRegistry};
use chlom_core::governance::ActionPayload;
use eyre::{Result, WrapErr, eyre};
use serde::Serialize;

use crate::record::{ContractRecord, DeploymentRecord, current_commit, unix_now};
use crate::{anvil, suite};

/// Options of `chlom devnet`.
#[derive(Debug, clap::Args)]
pub(crate) struct DevnetArgs {
    /// Port for anvil on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0, env = "CHLOM_DEVNET_PORT")]
    port: u16,
    /// The anvil binary; by default the one `script/setup.sh` installed from npm.
    #[arg(long, env = "CHLOM_ANVIL")]
    anvil: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Folder for `<chainId>.json`.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR")]
    deployments_dir: PathBuf,
    /// Keep anvil running after the scenario, until Ctrl-C.
    #[arg(long)]
    hold: bool,
}

/// The summary `chlom devnet` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    chain_id: u64,
    rpc_url: String,
    deployments_file: PathBuf,
    contracts: std::collections::BTreeMap<String, ContractRecord>,
    approval: ApprovalSummary,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ApprovalSummary {
    proposal_id: B256,
    sequence: u64,
    last_sequence: u64,
    transaction_hash: TxHash,
    block_number: u64,
    gas_used: u64,
    event: EventSummary,
    payload: PayloadSummary,
}

/// `LicenseActionApproved` as decoded from the log read back with `eth_getLogs`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct EventSummary {
    name: &'static str,
    signature: &'static str,
    proposal_id: B256,
    payload_hash: Bytes,
    executor: Address,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PayloadSummary {
    target_chain_id: u64,
    target: Address,
    call_data: Bytes,
    nonce: u64,
    region: Option<String>,
    /// The published payload hashes to the approval's `payloadHash`.
    verified: bool,
}

/// Runs the devnet job; Ctrl-C stops anvil and exits with 130.
pub(crate) async fn run(args: DevnetArgs) -> Result<ExitCode> {
    let binary = anvil::locate(args.anvil.as_deref())?;
    // One Ctrl-C listener for the whole run: a signal that arrives between two phases is kept, not
    // lost (a listener only sees signals that come after it was first polled).
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    tracing::info!(anvil = %binary.display(), "starting anvil");
    let node = tokio::select! {
        node = anvil::start(binary, args.port) => node?,
        _ = &mut ctrl_c => return Ok(interrupted()),
    };
    tracing::info!(endpoint = %node.endpoint(), "anvil is up");

    let outcome = tokio::select! {
        summary = scenario(&node, &args) => summary,
        _ = &mut ctrl_c => {
            drop(node);
            return Ok(interrupted());
        }
    };
    let summary = outcome?;
    print_summary(&summary, args.json)?;

    if args.hold {
        tracing::info!(endpoint = %node.endpoint(), "holding anvil; press Ctrl-C to stop");
        ctrl_c.await.wrap_err("cannot wait for Ctrl-C")?;
    }
    drop(node);
    tracing::info!("anvil stopped");
    Ok(ExitCode::SUCCESS)
}

fn interrupted() -> ExitCode {
    eprintln!("interrupted: anvil stopped, nothing recorded");
    ExitCode::from(130)
}

async fn scenario(node: &alloy::node_bindings::AnvilInstance, args: &DevnetArgs) -> Result<Summary> {
    let wallet = node.wallet().ok_or_else(|| eyre!("anvil printed no development keys"))?;
    let (admin, approver, executor) = match node.addresses() {
        [admin, approver, executor, ..] => (*admin, *approver, *executor),
        _ => return Err(eyre!("anvil printed fewer than three development accounts")),
    };
    let provider = ProviderBuilder::new().wallet(wallet).connect_http(node.endpoint_url());
    let chain_id = provider.get_chain_id().await.wrap_err("anvil does not answer eth_chainId")?;

    let settings =
        suite::Settings { roles: suite::Roles { admin, approver }, epoch_seconds: suite::DEFAULT_EPOCH_SECONDS };
    let contracts = suite::deploy(&provider, admin, settings).await?;
    let emitter_address = contracts["GovernanceEmitter"].address;
    let emitter = GovernanceEmitter::new(emitter_address, &provider);

    // The action: suspend license 1 in the EU, on the license registry just deployed.
    let license_registry = contracts["LicenseRegistry"].address;
    let suspend = LicenseRegistry::suspendLicenseCall { id: U256::from(1), reason: B256::ZERO };
    let payload = ActionPayload::new(chain_id, license_registry, Bytes::from(suspend.abi_encode()), 1, Some("EU"))?;
    let proposal_id = keccak256(b"chlom-devnet/proposal-1");
    tracing::info!(%proposal_id, "approving");
    let receipt = emitter
        .emitApprovalWithPayload(proposal_id, IGovernanceEmitter::ActionPayload::from(&payload), executor)
        .from(approver)
        .send()
        .await
        .wrap_err("cannot send the approval")?
        .get_receipt()
        .await
        .wrap_err("no receipt for the approval")?;
    if !receipt.status() {
        return Err(eyre!("the approval reverted in transaction {}", receipt.transaction_hash));
    }
    let block_number = receipt.block_number.ok_or_else(|| eyre!("the approval receipt has no block"))?;

    // Read the event back from the chain, as a relayer would, not from the receipt.
    let filter = Filter::new().address(emitter_address).from_block(block_number).to_block(block_number);
    let logs = provider.get_logs(&filter).await.wrap_err("eth_getLogs failed")?;
    let approved = logs
        .iter()
        .find_map(|log| log.log_decode::<GovernanceEmitter::LicenseActionApproved>().ok())
        .ok_or_else(|| eyre!("no LicenseActionApproved log in block {block_number}"))?;
    let published = logs
        .iter()
        .find_map(|log| log.log_decode::<GovernanceEmitter::ActionPayloadPublished>().ok())
        .ok_or_else(|| eyre!("no ActionPayloadPublished log in block {block_number}"))?;
    let event = approved.inner.data;
    let recovered = ActionPayload::decode_verified(&published.inner.data.payload, &event.payloadHash)
        .wrap_err("the published payload does not match the approval")?;

    let sequence = emitter.sequenceOf(proposal_id).call().await.wrap_err("sequenceOf failed")?;
    let last_sequence = emitter.lastSequence().call().await.wrap_err("lastSequence failed")?;

    let record = DeploymentRecord {
        chain_id,
        commit: current_commit(),
        deployer: admin,
        recorded_at: unix_now(),
        tool: "chlom devnet".into(),
        contracts: contracts.clone(),
    };
    let deployments_file = record.write(&args.deployments_dir)?;

    Ok(Summary {
        chain_id,
        rpc_url: node.endpoint(),
        deployments_file,
        contracts,
        approval: ApprovalSummary {
            proposal_id,
            sequence,
            last_sequence,
            transaction_hash: receipt.transaction_hash,
            block_number,
            gas_used: receipt.gas_used,
            event: EventSummary {
                name: "LicenseActionApproved",
                signature: GovernanceEmitter::LicenseActionApproved::SIGNATURE,
                proposal_id: event.proposalId,
                payload_hash: event.payloadHash,
                executor: event.executor,
            },
            payload: PayloadSummary {
                target_chain_id: recovered.targetChainId.saturating_to(),
                target: recovered.target,
                call_data: recovered.callData.clone(),
                nonce: recovered.nonce.saturating_to(),
                region: recovered.region().map(str::to_owned),
                verified: true,
            },
        },
    })
}

fn print_summary(summary: &Summary, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(summary)?);
        return Ok(());
    }
    let approval = &summary.approval;
    println!("CHLOM devnet (chain {}, {})", summary.chain_id, summary.rpc_url);
    for (name, contract) in &summary.contracts {
        println!(
            "  {name:<20} {}  (block {}, tx {})",
            contract.address, contract.block_number, contract.transaction_hash
        );
    }
    println!(
        "  approval            proposal {} -> sequence {} of {}",
        approval.proposal_id, approval.sequence, approval.last_sequence
    );
    println!(
        "                      tx {} in block {}, {} gas",
        approval.transaction_hash, approval.block_number, approval.gas_used
    );
    println!(
        "  event               {}(proposalId={}, payloadHash={}, executor={})",
        approval.event.name, approval.event.proposal_id, approval.event.payload_hash, approval.event.executor
    );
    println!(
        "  payload             chain {} target {} region {} nonce {}: hash verified",
        approval.payload.target_chain_id,
        approval.payload.target,
        approval.payload.region.as_deref().unwrap_or("-"),
        approval.payload.nonce
    );
    println!("  recorded            {}", summary.deployments_file.display());
    Ok(())
}
