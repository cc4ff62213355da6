//! `chlom did register|show|set-status`: the DID registry of a chain recorded in
//! `deployments/<chainId>.json`. Transactions are signed with the key in `CHLOM_PRIVATE_KEY`;
//! reverts are decoded into the registry's custom errors and explained.

use std::path::PathBuf;
use std::process::ExitCode;

use alloy::primitives::{Address, B256, Bytes, FixedBytes, keccak256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionReceipt;
use alloy::signers::local::PrivateKeySigner;
use alloy::transports::http::reqwest::Url;
use chlom_bindings::DIDRegistry::{self, DIDRegistryErrors as Errors};
use chlom_core::identity::Status;
use eyre::{Result, WrapErr, bail, eyre};

use crate::record::DeploymentRecord;

/// The environment variable holding the key that signs `chlom did` and `chlom license` transactions.
pub(crate) const KEY_ENV: &str = "CHLOM_PRIVATE_KEY";

/// Options of `chlom did`.
#[derive(Debug, clap::Args)]
pub(crate) struct DidArgs {
    /// JSON-RPC endpoint of the chain.
    #[arg(long, env = "CHLOM_RPC_URL", global = true)]
    rpc_url: Option<Url>,
    /// Folder holding `<chainId>.json`.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR", global = true)]
    deployments_dir: PathBuf,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: DidCommand,
}

#[derive(Debug, clap::Subcommand)]
enum DidCommand {
    /// Register a DID controlled by the signing account.
    Register {
        /// The DID, for example `did:chlom:alice` (1 to 64 bytes).
        did: String,
        /// Two uppercase letters, or ZZ for global.
        #[arg(long)]
        region: String,
        /// The salted biometric-hash commitment (32 bytes of hex), never a template.
        #[arg(long)]
        commitment: B256,
    },
    /// Show a DID's record.
    Show {
        /// The DID, or its 32-byte hash.
        did: String,
    },
    /// Move a DID along its lifecycle (verifier role).
    SetStatus {
        /// The DID, or its 32-byte hash.
        did: String,
        /// new, verified, valid, suspended or revoked.
        status: String,
    },
}

/// Runs `chlom did …`.
pub(crate) async fn run(args: DidArgs) -> Result<ExitCode> {
    let url = args.rpc_url.clone().ok_or_else(|| eyre!("pass --rpc-url (or set CHLOM_RPC_URL) to name the chain"))?;
    match &args.command {
        DidCommand::Show { did } => {
            let provider = ProviderBuilder::new().connect_http(url);
            let registry = DIDRegistry::new(registry_address(&provider, &args).await?, &provider);
            let did_hash = did_hash(did);
            let record = registry.getDID(did_hash).call().await.wrap_err("getDID failed")?;
            let status = Status::from_u8(record.status).unwrap_or(Status::None);
            if status == Status::None {
                bail!("no DID {did} ({did_hash}) is registered");
            }
            print(
                &args,
                &serde_json::json!({
                    "didHash": did_hash,
                    "controller": record.controller,
                    "region": String::from_utf8_lossy(record.region.as_slice()),
                    "status": format!("{status:?}"),
                    "registeredAt": record.registeredAt,
                    "updatedAt": record.updatedAt,
                    "biometricCommitment": record.biometricCommitment,
                }),
            )
        }
        DidCommand::Register { did, region, commitment } => {
            let (provider, _) = signing_provider(url)?;
            let registry = DIDRegistry::new(registry_address(&provider, &args).await?, &provider);
            let region = parse_region(region)?;
            let call = registry.registerDID(Bytes::copy_from_slice(did.as_bytes()), region, *commitment);
            let receipt = confirmed(call.send().await.map_err(explain)?.get_receipt().await?)?;
            status_after(&registry, keccak256(did.as_bytes()), Status::New).await?;
            print(
                &args,
                &serde_json::json!({ "didHash": keccak256(did.as_bytes()), "transactionHash": receipt.transaction_hash }),
            )
        }
        DidCommand::SetStatus { did, status } => {
            let (provider, _) = signing_provider(url)?;
            let registry = DIDRegistry::new(registry_address(&provider, &args).await?, &provider);
            let next = parse_status(status)?;
            let sent = registry.setStatus(did_hash(did), next as u8).send().await.map_err(explain)?;
            let receipt = confirmed(sent.get_receipt().await?)?;
            let shown = status_after(&registry, did_hash(did), next).await?;
            print(
                &args,
                &serde_json::json!({ "didHash": did_hash(did), "status": format!("{shown:?}"), "transactionHash": receipt.transaction_hash }),
            )
        }
    }
}

/// The receipt of a transaction that succeeded: one that was mined but reverted is an error, not a
/// success to print (gas estimation catches most refusals before sending, not all).
fn confirmed(receipt: TransactionReceipt) -> Result<TransactionReceipt> {
    if !receipt.status() {
        bail!(
            "transaction {} reverted on chain; run `chlom did show` to see the DID's state",
            receipt.transaction_hash
        );
    }
    Ok(receipt)
}

/// How long `register` and `set-status` wait for the node to serve the new status after the receipt.
const READ_BACK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The DID's status read back from the node once it serves `expected`. A node may hand out a
/// receipt a moment before its `latest` state includes the transaction (anvil under load did, and
/// the next command then saw the old status); returning only after the read-back agrees means a
/// command that follows sees the new state. A status that never arrives is an error, not a guess.
async fn status_after<P: Provider>(
    registry: &DIDRegistry::DIDRegistryInstance<P>,
    did_hash: B256,
    expected: Status,
) -> Result<Status> {
    let deadline = std::time::Instant::now() + READ_BACK_TIMEOUT;
    loop {
        let record = registry.getDID(did_hash).call().await.wrap_err("getDID failed")?;
        let status = Status::from_u8(record.status).unwrap_or(Status::None);
        if status == expected {
            return Ok(status);
        }
        if std::time::Instant::now() >= deadline {
            bail!(
                "the transaction was mined but the node still shows DID {did_hash} as {status:?}, not {expected:?}, after {}s; run `chlom did show` to check",
                READ_BACK_TIMEOUT.as_secs()
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A provider that signs with the key in `CHLOM_PRIVATE_KEY`, and the signing address. The key is
/// never echoed, even when malformed.
pub(crate) fn signing_provider(url: Url) -> Result<(impl Provider, Address)> {
    let key = std::env::var(KEY_ENV).map_err(|_| eyre!("set {KEY_ENV} to the signing account's private key (hex)"))?;
    let signer: PrivateKeySigner =
        key.trim().parse().map_err(|_| eyre!("{KEY_ENV} is not a valid secp256k1 private key"))?;
    let address = signer.address();
    Ok((ProviderBuilder::new().wallet(signer).connect_http(url), address))
}

async fn registry_address(provider: &impl Provider, args: &DidArgs) -> Result<Address> {
    let chain_id = provider.get_chain_id().await.wrap_err("cannot reach the RPC endpoint")?;
    DeploymentRecord::address_of(&args.deployments_dir, chain_id, "DIDRegistry")
}

/// A DID's hash: the argument itself when it is 32 bytes of hex, else keccak256 of its bytes (as
/// the DID registry hashes an identifier).
pub(crate) fn did_hash(did: &str) -> B256 {
    did.parse::<B256>().unwrap_or_else(|_| keccak256(did.as_bytes()))
}

/// A region code: two bytes, such as `US`, or `ZZ` for global (the registries check the letters).
pub(crate) fn parse_region(region: &str) -> Result<FixedBytes<2>> {
    let bytes: [u8; 2] = region.as_bytes().try_into().map_err(|_| eyre!("a region is two letters, like US, or ZZ"))?;
    Ok(FixedBytes(bytes))
}

fn parse_status(status: &str) -> Result<Status> {
    Ok(match status.to_ascii_lowercase().as_str() {
        "new" => Status::New,
        "verified" => Status::Verified,
        "valid" => Status::Valid,
        "suspended" => Status::Suspended,
        "revoked" => Status::Revoked,
        other => bail!("unknown status {other}: use new, verified, valid, suspended or revoked"),
    })
}

/// Turns a failed call into a sentence naming the registry's error and what to do.
fn explain(error: alloy::contract::Error) -> eyre::Report {
    let Some(decoded) = error.as_decoded_interface_error::<Errors>() else {
        return eyre!("the transaction failed: {error}");
    };
    let status = |value: u8| Status::from_u8(value).map(|s| format!("{s:?}")).unwrap_or_else(|| value.to_string());
    let message = match decoded {
        Errors::DIDInvalidIdentifier(e) => format!("the DID is {} bytes; it must be 1 to 64", e.length),
        Errors::DIDInvalidRegion(e) => {
            format!("region {:?} is not two uppercase letters (or ZZ)", String::from_utf8_lossy(e.region.as_slice()))
        }
        Errors::DIDInvalidCommitment(_) => "the biometric commitment must not be zero".into(),
        Errors::DIDInvalidAccount(e) => format!("{} is not a usable account", e.account),
        Errors::DIDAlreadyRegistered(e) => format!("DID {} is registered already", e.didHash),
        Errors::DIDControllerTaken(e) => {
            format!("{} already controls DID {}; one DID per controller", e.controller, e.didHash)
        }
        Errors::DIDNotFound(e) => format!("no DID {} is registered", e.didHash),
        Errors::DIDNotController(e) => format!("{} is not the controller of DID {}", e.caller, e.didHash),
        Errors::DIDInvalidTransition(e) => format!(
            "DID {} cannot move from {} to {}: the lifecycle is New → Verified → Valid ⇄ Suspended, and Revoked is final",
            e.didHash,
            status(e.previous),
            status(e.next)
        ),
        Errors::AccessControlUnauthorizedAccount(e) => {
            format!("{} lacks the role {} (setting a status needs the verifier role)", e.account, e.neededRole)
        }
        Errors::AccessControlBadConfirmation(_) => "an account can only renounce its own role".into(),
    };
    eyre!("the registry refused: {message}")
}

fn print(args: &DidArgs, value: &serde_json::Value) -> Result<ExitCode> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(value)?);
    } else if let Some(object) = value.as_object() {
        for (key, value) in object {
            println!("{key:<20} {}", value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
