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
    /// Holder of the approver role, which also gets the DID verifier role and the license
    /// registry's issuer, compliance and enforcement roles; the deployer by default.
    #[arg(long)]
    approver: Option<Address>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// Folder for `<chainId>.json`.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR")]
    deployments_dir: PathBuf,
    /// Deploy the Stylus implementation (for Arbitrum chains): creation, `activateProgram` on
    /// ArbWasm with its data fee, then the constructor.
    #[arg(long)]
    stylus: bool,
    /// The Stylus emitter's deployable code (hex), as `script/build-stylus.sh` writes it.
    #[arg(long, default_value = "contracts/stylus/out/chlom_stylus_governance_emitter.code")]
    stylus_code: PathBuf,
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

    if args.stylus {
        return deploy_stylus(&args, provider, deployer, roles, chain_id).await;
    }
    if !args.broadcast {
        let (simulated, role_calls) = suite::simulate(&provider, deployer, roles).await?;
        if args.json {
            println!(
                "{}",
                serde_json::json!({ "chainId": chain_id, "deployer": deployer, "broadcast": false, "contracts": simulated, "roleCalls": role_calls })
            );
        } else {
            println!("simulation on chain {chain_id} from {deployer} (nothing sent; pass --broadcast to deploy)");
            for contract in &simulated {
                println!(
                    "  {:<20} would deploy at {} (~{} gas)",
                    contract.name, contract.address, contract.estimated_gas
                );
            }
            for call in &role_calls {
                println!("  then {}.{}({}, {})", call.contract, call.function, call.role_name, call.account);
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let contracts = suite::deploy(&provider, deployer, roles).await?;
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

/// `chlom deploy --stylus`: the Stylus GovernanceEmitter, deployed and activated as `cargo stylus`
/// does. Simulation checks the code and estimates the creation; activation needs the code on chain.
async fn deploy_stylus(
    args: &DeployArgs,
    provider: impl alloy::providers::Provider,
    deployer: Address,
    roles: suite::Roles,
    chain_id: u64,
) -> Result<ExitCode> {
    use alloy::network::TransactionBuilder;
    use alloy::sol_types::SolConstructor;
    use chlom_bindings::GovernanceEmitter;
    use chlom_evm::stylus::program;

    let code = program::read_code(&args.stylus_code)?;
    let constructor = GovernanceEmitter::constructorCall { admin: roles.admin, approver: roles.approver }.abi_encode();

    if !args.broadcast {
        program::decompress(&code)
            .wrap_err("the Stylus code does not unpack: rebuild it with script/build-stylus.sh")?;
        let nonce = provider.get_transaction_count(deployer).await.wrap_err("cannot read the deployer's nonce")?;
        let request = alloy::rpc::types::TransactionRequest::default()
            .with_from(deployer)
            .with_deploy_code(program::initcode(&code));
        let gas = provider.estimate_gas(request).await.wrap_err("the Stylus deployment would fail")?;
        let address = deployer.create(nonce);
        if args.json {
            println!(
                "{}",
                serde_json::json!({ "chainId": chain_id, "broadcast": false, "stylus": true, "address": address, "estimatedGas": gas, "compressedBytes": code.len() })
            );
        } else {
            println!("simulation on chain {chain_id} (nothing sent; pass --broadcast to deploy)");
            println!("  GovernanceEmitter (Stylus, {} bytes) would deploy at {address} (~{gas} gas),", code.len());
            println!("  then activateProgram on ArbWasm (0x71) with its data fee, then the constructor");
        }
        return Ok(ExitCode::SUCCESS);
    }

    let mut transactor = crate::stylus_deploy::ProviderTransactor { provider, sender: deployer };
    let deployment = crate::stylus_deploy::deploy(&mut transactor, &code, &constructor).await?;
    let record = DeploymentRecord {
        chain_id,
        commit: current_commit(),
        deployer,
        recorded_at: unix_now(),
        tool: "chlom deploy --stylus".into(),
        contracts: [(
            "GovernanceEmitter.stylus".to_owned(),
            crate::record::ContractRecord {
                address: deployment.address,
                transaction_hash: deployment.deployment.unwrap_or_default(),
                block_number: deployment.block_number,
            },
        )]
        .into(),
    }
    .merge_existing(&args.deployments_dir)?;
    let path = record.write(&args.deployments_dir)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "file": path, "stylus": deployment }))?);
    } else {
        println!(
            "deployed the Stylus GovernanceEmitter at {} on chain {chain_id} (Stylus v{}, data fee {} wei); recorded in {}",
            deployment.address,
            deployment.stylus_version,
            deployment.data_fee,
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
