//! `chlom deploy`: deploys the suite to any EVM chain from an RPC URL and a key in the environment.
//! Simulates by default; sends and records `deployments/<chainId>.json` only with `--broadcast`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use alloy::primitives::Address;
use alloy::providers::{Provider, ProviderBuilder};
use alloy::signers::local::PrivateKeySigner;
use alloy::transports::http::reqwest::Url;
use eyre::{Result, WrapErr, bail, eyre};

use crate::record::{DeploymentRecord, current_commit, unix_now};
use crate::suite;

/// The environment variable holding the deployer's private key. Keys are never taken from flags or
/// files in the repository.
pub(crate) const DEPLOYER_KEY_ENV: &str = "CHLOM_DEPLOYER_KEY";

/// How long the first RPC request may take before the endpoint is declared unreachable.
const RPC_PROBE_TIMEOUT: Duration = Duration::from_secs(15);

/// Options of `chlom deploy`.
#[derive(Debug, clap::Args)]
pub(crate) struct DeployArgs {
    /// JSON-RPC endpoint of the target chain.
    #[arg(long, env = "CHLOM_RPC_URL")]
    rpc_url: Url,
    /// Send the transactions; without it, only simulate.
    #[arg(long)]
    broadcast: bool,
    /// Holder of the admin role; the deployer by default.
    #[arg(long)]
    admin: Option<Address>,
    /// Holder of the approver role; the deployer by default.
    #[arg(long)]
    approver: Option<Address>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// Folder for `<chainId>.json`.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR")]
    deployments_dir: PathBuf,
}

/// Runs the deployment.
pub(crate) async fn run(args: DeployArgs) -> Result<ExitCode> {
    let signer = deployer_key()?;
    let deployer = signer.address();
    let roles = suite::Roles { admin: args.admin.unwrap_or(deployer), approver: args.approver.unwrap_or(deployer) };
    let provider = ProviderBuilder::new().wallet(signer).connect_http(args.rpc_url.clone());

    let chain_id = match tokio::time::timeout(RPC_PROBE_TIMEOUT, provider.get_chain_id()).await {
        Ok(Ok(chain_id)) => chain_id,
        Ok(Err(error)) => {
            bail!("cannot reach the RPC endpoint {}: {error}; check the URL and that the node is running", args.rpc_url)
        }
        Err(_) => bail!("the RPC endpoint {} did not answer within {RPC_PROBE_TIMEOUT:?}; check the URL", args.rpc_url),
    };
    tracing::info!(chain_id, %deployer, broadcast = args.broadcast, "deploying the CHLOM suite");

    if !args.broadcast {
        let simulated = suite::simulate(&provider, deployer, roles).await?;
        if args.json {
            println!(
                "{}",
                serde_json::json!({ "chainId": chain_id, "deployer": deployer, "broadcast": false, "contracts": simulated })
            );
        } else {
            println!("simulation on chain {chain_id} from {deployer} (nothing sent; pass --broadcast to deploy)");
            for contract in &simulated {
                println!(
                    "  {:<20} would deploy at {} (~{} gas)",
                    contract.name, contract.address, contract.estimated_gas
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let contracts = suite::deploy(&provider, roles).await?;
    let record = DeploymentRecord {
        chain_id,
        commit: current_commit(),
        deployer,
        recorded_at: unix_now(),
        tool: "chlom deploy".into(),
        contracts,
    };
    let path = record.write(&args.deployments_dir)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "file": path, "record": record }))?);
    } else {
        println!("deployed to chain {chain_id}; recorded in {}", path.display());
        for (name, contract) in &record.contracts {
            println!(
                "  {name:<20} {} (block {}, tx {})",
                contract.address, contract.block_number, contract.transaction_hash
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn deployer_key() -> Result<PrivateKeySigner> {
    let key = std::env::var(DEPLOYER_KEY_ENV).map_err(|_| {
        eyre!("set {DEPLOYER_KEY_ENV} to the deployer's private key (hex); it is read from the environment only")
    })?;
    key.trim()
        .parse::<PrivateKeySigner>()
        .map_err(|_| eyre!("{DEPLOYER_KEY_ENV} is not a valid secp256k1 private key (expected 32 bytes of hex)"))
        .wrap_err("invalid deployer key")
}
