//! `chlom license issue|show|activate|suspend|reinstate|revoke|renew|sublicense|freeze|unfreeze|terms|compliance`:
//! the license registry of a chain recorded in `deployments/<chainId>.json`. Transactions are signed
//! with the key in `CHLOM_PRIVATE_KEY`; reverts are decoded into the registry's custom errors and
//! explained (see [`explain`]).

mod args;
pub(crate) mod explain;
pub(crate) mod parse;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use alloy::eips::BlockNumberOrTag;
use alloy::network::Ethereum;
use alloy::primitives::{Address, B256, U256};
use alloy::providers::{PendingTransactionBuilder, Provider, ProviderBuilder};
use alloy::rpc::types::TransactionReceipt;
use alloy::transports::http::reqwest::Url;
use chlom_bindings::LicenseRegistry::{self, LicenseRegistryInstance};
use chlom_bindings::{DIDRegistry, ILicenseRegistry};
use eyre::{Result, WrapErr, bail, eyre};

use self::args::{IssueArgs, LicenseCommand};
use self::explain::{Action, explain};
use self::parse::{format_id, hash_or_text, license_id, state_name};
use crate::did::signing_provider;
use crate::record::DeploymentRecord;

/// Options of `chlom license`.
#[derive(Debug, clap::Args)]
pub(crate) struct LicenseArgs {
    /// JSON-RPC endpoint of the chain.
    #[arg(long, env = "CHLOM_RPC_URL", global = true)]
    rpc_url: Option<Url>,
    /// Folder holding `<chainId>.json`, which names the LicenseRegistry.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR", global = true)]
    deployments_dir: PathBuf,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: LicenseCommand,
}

/// Runs `chlom license …`.
pub(crate) async fn run(args: LicenseArgs) -> Result<ExitCode> {
    let url = args.rpc_url.clone().ok_or_else(|| eyre!("pass --rpc-url (or set CHLOM_RPC_URL) to name the chain"))?;
    if let LicenseCommand::Show { id } = &args.command {
        let provider = ProviderBuilder::new().connect_http(url);
        let registry = LicenseRegistry::new(registry_address(&provider, &args).await?, &provider);
        let shown = match show::show(&registry, *id).await {
            Ok(shown) => shown,
            Err(error) => return Err(explain(error, &registry, Action::Show).await),
        };
        return print(&args, &shown, show::print_human);
    }
    let (provider, signer) = signing_provider(url)?;
    let registry = LicenseRegistry::new(registry_address(&provider, &args).await?, &provider);
    let value = match &args.command {
        LicenseCommand::Show { .. } => bail!("show sends no transaction"),
        LicenseCommand::Issue(issue) => issue_license(&registry, &provider, signer, issue).await?,
        LicenseCommand::Activate { id } => {
            let sent = registry.activateLicense(*id).send().await;
            changed(&registry, *id, confirm(&registry, sent, Action::Activate).await?).await?
        }
        LicenseCommand::Suspend { id, reason } => {
            let sent = registry.suspendLicense(*id, reason_hash(reason.as_deref())).send().await;
            changed(&registry, *id, confirm(&registry, sent, Action::Suspend).await?).await?
        }
        LicenseCommand::Reinstate { id } => {
            let sent = registry.reinstateLicense(*id).send().await;
            changed(&registry, *id, confirm(&registry, sent, Action::Reinstate).await?).await?
        }
        LicenseCommand::Revoke { id, reason } => {
            let sent = registry.revokeLicense(*id, reason_hash(reason.as_deref())).send().await;
            changed(&registry, *id, confirm(&registry, sent, Action::Revoke).await?).await?
        }
        LicenseCommand::Renew { id, expires } => {
            // A duration extends from the current expiry, or from now once that has passed.
            let current = match registry.getLicense(*id).call().await {
                Ok(license) => license.expiresAt,
                Err(error) => return Err(explain(error, &registry, Action::Renew).await),
            };
            let new_expiry = expires.resolve(current.max(latest_timestamp(&provider).await?));
            let sent = registry.renewLicense(*id, new_expiry).send().await;
            let mut value = changed(&registry, *id, confirm(&registry, sent, Action::Renew).await?).await?;
            value["expiresAt"] = new_expiry.into();
            value["expiresAtDate"] = crate::time::format_utc(new_expiry).into();
            value
        }
        LicenseCommand::Sublicense { parent, holder_did, royalty_bps, expires } => {
            let expires_at = expires.resolve(latest_timestamp(&provider).await?);
            let sent =
                registry.createSublicense(*parent, hash_or_text(holder_did), *royalty_bps, expires_at).send().await;
            let receipt = confirm(&registry, sent, Action::Sublicense).await?;
            let mut value = issued(&registry, &receipt).await?;
            value["parentId"] = format_id(*parent).into();
            value
        }
        LicenseCommand::Freeze { id } => {
            let sent = registry.freezeLicense(*id).send().await;
            changed(&registry, *id, confirm(&registry, sent, Action::Freeze).await?).await?
        }
        LicenseCommand::Unfreeze { id } => {
            let sent = registry.unfreezeLicense(*id).send().await;
            changed(&registry, *id, confirm(&registry, sent, Action::Unfreeze).await?).await?
        }
        LicenseCommand::Terms { id, terms_uri } => {
            let sent = registry.updateTerms(*id, terms_uri.clone()).send().await;
            changed(&registry, *id, confirm(&registry, sent, Action::Terms).await?).await?
        }
        LicenseCommand::Compliance { target, score, did } => {
            if *did {
                let did_hash = hash_or_text(target);
                let sent = registry.recordHolderRisk(did_hash, *score).send().await;
                let receipt = confirm(&registry, sent, Action::Compliance).await?;
                serde_json::json!({ "didHash": did_hash, "score": score, "transactionHash": receipt.transaction_hash })
            } else {
                let id = license_id(target).map_err(|error| eyre!("{error}; pass --did to score a DID"))?;
                let sent = registry.recordCompliance(id, *score).send().await;
                let receipt = confirm(&registry, sent, Action::Compliance).await?;
                serde_json::json!({ "id": format_id(id), "score": score, "transactionHash": receipt.transaction_hash })
            }
        }
    };
    print(&args, &value, print_pairs)
}

async fn issue_license<P: Provider>(
    registry: &LicenseRegistryInstance<P>,
    provider: &impl Provider,
    signer: Address,
    args: &IssueArgs,
) -> Result<serde_json::Value> {
    let issuer_did = match &args.issuer_did {
        Some(did) => hash_or_text(did),
        None => {
            let dids = DIDRegistry::new(registry.didRegistry().call().await.wrap_err("didRegistry failed")?, provider);
            let did = dids.didOf(signer).call().await.wrap_err("didOf failed")?;
            if did.is_zero() {
                bail!(
                    "the signing account {signer} controls no DID: register one with `chlom did register`, or pass --issuer-did"
                );
            }
            did
        }
    };
    let request = ILicenseRegistry::IssueRequest {
        issuerDid: issuer_did,
        holderDid: hash_or_text(&args.holder_did),
        licenseType: args.license_type,
        jurisdiction: ILicenseRegistry::Jurisdiction {
            region: args.region,
            lawRef: args.law.as_deref().map(hash_or_text).unwrap_or_default(),
            allowedRegions: args.allowed_regions.clone(),
        },
        expiresAt: args.expires.resolve(latest_timestamp(provider).await?),
        royaltyBps: args.royalty_bps,
        renewable: args.renewable,
        sublicensable: args.sublicensable,
        termsUri: args.terms.clone(),
    };
    let sent = registry.issueLicense(request).send().await;
    issued(registry, &confirm(registry, sent, Action::Issue).await?).await
}

/// Waits for a sent transaction, or explains why it could not be sent (a revert surfaces when the
/// provider estimates gas, before anything is signed).
async fn confirm<P: Provider>(
    registry: &LicenseRegistryInstance<P>,
    sent: Result<PendingTransactionBuilder<Ethereum>, alloy::contract::Error>,
    action: Action,
) -> Result<TransactionReceipt> {
    let pending = match sent {
        Ok(pending) => pending,
        Err(error) => return Err(explain(error, registry, action).await),
    };
    let receipt = pending.get_receipt().await.wrap_err("no receipt for the transaction")?;
    if !receipt.status() {
        bail!("transaction {} reverted on chain; run `chlom license show` to see why", receipt.transaction_hash);
    }
    Ok(receipt)
}

/// The new license of a `LicenseIssued` event in `receipt`: its id, state (read back), DIDs and
/// transaction.
async fn issued<P: Provider>(
    registry: &LicenseRegistryInstance<P>,
    receipt: &TransactionReceipt,
) -> Result<serde_json::Value> {
    let event = receipt
        .decoded_log::<LicenseRegistry::LicenseIssued>()
        .ok_or_else(|| eyre!("transaction {} emitted no LicenseIssued event", receipt.transaction_hash))?;
    let state = registry.stateOf(event.data.id).call().await.wrap_err("stateOf failed")?;
    Ok(serde_json::json!({
        "id": format_id(event.data.id),
        "state": state_name(state),
        "issuerDid": event.data.issuerDid,
        "holderDid": event.data.holderDid,
        "transactionHash": receipt.transaction_hash,
    }))
}

/// A changed license's id, its state read back after the change, and the transaction.
async fn changed<P: Provider>(
    registry: &LicenseRegistryInstance<P>,
    id: U256,
    receipt: TransactionReceipt,
) -> Result<serde_json::Value> {
    let state = registry.stateOf(id).call().await.wrap_err("stateOf failed")?;
    Ok(serde_json::json!({
        "id": format_id(id),
        "state": state_name(state),
        "transactionHash": receipt.transaction_hash,
    }))
}

fn reason_hash(reason: Option<&str>) -> B256 {
    reason.map(hash_or_text).unwrap_or_default()
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

async fn registry_address(provider: &impl Provider, args: &LicenseArgs) -> Result<Address> {
    let chain_id = provider.get_chain_id().await.wrap_err("cannot reach the RPC endpoint")?;
    DeploymentRecord::address_of(&args.deployments_dir, chain_id, "LicenseRegistry")
}

fn print(args: &LicenseArgs, value: &serde_json::Value, human: fn(&serde_json::Value)) -> Result<ExitCode> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else {
        human(value);
    }
    Ok(ExitCode::SUCCESS)
}

/// One `key value` line per field.
fn print_pairs(value: &serde_json::Value) {
    if let Some(object) = value.as_object() {
        for (key, value) in object {
            println!("{key:<20} {}", value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string()));
        }
    }
}
