//! `chlom deploy`: deploys the suite to any EVM chain from an RPC URL and a key in the environment.
//! Simulates by default; sends and records `deployments/<chainId>.json` only with `--broadcast`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use alloy::network::TransactionBuilder;
use alloy::primitives::Address;
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use alloy::transports::http::reqwest::Url;
use chlom_evm::stylus::program;
use eyre::{Result, WrapErr, bail, eyre};

use crate::record::{DeploymentRecord, current_commit, unix_now};
use crate::{stylus_deploy, suite};

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
    /// Holder of the approver role, which also gets the DID verifier role, the license
    /// registry's issuer, compliance and enforcement roles, the settlement engine's settler,
    /// graph, tax, enforcement and pauser roles and the DLA enforcement contract's triage,
    /// investigator and council roles; the deployer by default.
    #[arg(long)]
    approver: Option<Address>,
    /// The settlement engine's epoch length in seconds (settlements are filed under
    /// `block.timestamp / epochLength`, and each epoch gets one Merkle root). Fixed at deployment.
    #[arg(
        long,
        env = "CHLOM_EPOCH_SECONDS",
        value_name = "SECONDS",
        default_value_t = suite::DEFAULT_EPOCH_SECONDS,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    epoch_seconds: u64,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// Folder for `<chainId>.json`.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR")]
    deployments_dir: PathBuf,
    /// Deploy the Stylus implementation (for Arbitrum chains) instead: the GovernanceEmitter, the
    /// DIDRegistry, the LicenseRegistry's three programs, the SettlementEngine's four and the
    /// DLAEnforcement's three, each created, activated on ArbWasm with its data fee and
    /// constructed, as `cargo stylus deploy` does, then wired with the Solidity deployment's role
    /// calls.
    #[arg(long)]
    stylus: bool,
    /// The folder holding the Stylus programs' deployable code (`<name>.code`, hex), as
    /// `script/build-stylus.sh` writes it.
    #[arg(long, default_value = "contracts/stylus/out")]
    stylus_out: PathBuf,
}

/// Runs the deployment.
pub(crate) async fn run(args: DeployArgs) -> Result<ExitCode> {
    let signer = deployer_key()?;
    let deployer = signer.address();
    let roles = suite::Roles { admin: args.admin.unwrap_or(deployer), approver: args.approver.unwrap_or(deployer) };
    let settings = suite::Settings { roles, epoch_seconds: args.epoch_seconds };
    let provider = ProviderBuilder::new().wallet(signer).connect_http(args.rpc_url.clone());

    let chain_id = match tokio::time::timeout(RPC_PROBE_TIMEOUT, provider.get_chain_id()).await {
        Ok(Ok(chain_id)) => chain_id,
        Ok(Err(error)) => {
            bail!("cannot reach the RPC endpoint {}: {error}; check the URL and that the node is running", args.rpc_url)
        }
        Err(_) => bail!("the RPC endpoint {} did not answer within {RPC_PROBE_TIMEOUT:?}; check the URL", args.rpc_url),
    };
    tracing::info!(chain_id, %deployer, broadcast = args.broadcast, epoch_seconds = args.epoch_seconds, "deploying the CHLOM suite");

    if args.stylus {
        return deploy_stylus(&args, provider, deployer, settings, chain_id).await;
    }
    if !args.broadcast {
        let (simulated, role_calls) = suite::simulate(&provider, deployer, settings).await?;
        if args.json {
            println!(
                "{}",
                serde_json::json!({
                    "chainId": chain_id, "deployer": deployer, "broadcast": false, "epochSeconds": args.epoch_seconds,
                    "contracts": simulated, "roleCalls": role_calls,
                })
            );
        } else {
            println!("simulation on chain {chain_id} from {deployer} (nothing sent; pass --broadcast to deploy)");
            for contract in &simulated {
                println!(
                    "  {:<20} would deploy at {} (~{} gas)",
                    contract.name, contract.address, contract.estimated_gas
                );
            }
            println!("  SettlementEngine epoch length: {} s", args.epoch_seconds);
            for call in &role_calls {
                println!("  then {}", call.describe());
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let contracts = suite::deploy(&provider, deployer, settings).await?;
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

/// `chlom deploy --stylus`: the Stylus suite, each program deployed and activated as `cargo stylus`
/// does (see [`stylus_deploy::deploy_suite`]). Simulation checks that every program unpacks,
/// estimates the creations and prints the plan; activations, constructors and role calls need the
/// programs on chain, so they are listed, not estimated.
async fn deploy_stylus(
    args: &DeployArgs,
    provider: impl Provider,
    deployer: Address,
    settings: suite::Settings,
    chain_id: u64,
) -> Result<ExitCode> {
    let programs = stylus_deploy::StylusSuite::load(&args.stylus_out)?;

    if !args.broadcast {
        let nonce = provider.get_transaction_count(deployer).await.wrap_err("cannot read the deployer's nonce")?;
        let mut plan = stylus_deploy::plan(&programs, settings, deployer, nonce);
        for (planned, packaged) in plan.programs.iter_mut().zip(&programs.programs) {
            let request =
                TransactionRequest::default().with_from(deployer).with_deploy_code(program::initcode(&packaged.code));
            let gas = provider.estimate_gas(request).await.wrap_err_with(|| {
                format!(
                    "the Stylus deployment would fail at the creation of {}: check that {} is an Arbitrum chain \
                     with Stylus and that {deployer} can pay for gas",
                    planned.name, args.rpc_url
                )
            })?;
            planned.estimated_gas = Some(gas);
        }
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "chainId": chain_id, "deployer": deployer, "broadcast": false, "stylus": true,
                    "epochSeconds": args.epoch_seconds, "stylusOut": args.stylus_out, "programs": plan.programs,
                    "roleCalls": plan.role_calls,
                }))?
            );
        } else {
            print_stylus_plan(chain_id, deployer, &args.stylus_out, &plan);
        }
        return Ok(ExitCode::SUCCESS);
    }

    let mut transactor = stylus_deploy::ProviderTransactor { provider, sender: deployer };
    let mut deployment = stylus_deploy::SuiteDeployment::default();
    let outcome = stylus_deploy::deploy_suite(&mut transactor, &programs, settings, &mut deployment).await;
    if let Err(error) = outcome {
        if deployment.programs.len() < programs.programs.len() {
            // A half-deployed suite is not recorded: merged with an older record it would mix two
            // deployments. The addresses are in the message instead.
            return Err(error.wrap_err(format!(
                "the Stylus deployment stopped and nothing was recorded ({}); fix the cause and deploy again",
                deployment.summary()
            )));
        }
        // Every program is deployed; only role calls are missing.
        let record = deployment.record(chain_id, deployer).merge_existing(&args.deployments_dir)?;
        let path = record.write(&args.deployments_dir)?;
        return Err(error.wrap_err(format!(
            "the Stylus suite is deployed and recorded in {}, but its roles are incomplete (the calls before the \
             failed one were sent)",
            path.display()
        )));
    }
    let record = deployment.record(chain_id, deployer).merge_existing(&args.deployments_dir)?;
    let path = record.write(&args.deployments_dir)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "file": path, "record": record, "stylus": deployment }))?
        );
    } else {
        println!("deployed the Stylus suite to chain {chain_id}; recorded in {}", path.display());
        for deployed in &deployment.programs {
            let d = &deployed.deployment;
            println!(
                "  {:<34} {} (block {}, Stylus v{}, data fee {} wei)",
                deployed.name, d.address, d.block_number, d.stylus_version, d.data_fee
            );
        }
        for sent in &deployment.role_calls {
            println!("  then {}", sent.call.describe());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_stylus_plan(chain_id: u64, deployer: Address, out: &std::path::Path, plan: &stylus_deploy::SuitePlan) {
    println!("simulation on chain {chain_id} from {deployer} (nothing sent; pass --broadcast to deploy)");
    println!("the Stylus suite from {}, in this order; each program is created, then activated", out.display());
    println!("with activateProgram on ArbWasm (0x71) paying its data fee, then constructed if it has a constructor:");
    for (index, planned) in plan.programs.iter().enumerate() {
        let gas = planned.estimated_gas.map(|gas| format!("~{gas} gas")).unwrap_or_default();
        println!(
            "  {:>2}. {:<34} {:>6} bytes ({} of WASM), would deploy at {} ({gas})",
            index + 1,
            planned.name,
            planned.compressed_bytes,
            planned.wasm_bytes,
            planned.address
        );
        match &planned.constructor {
            Some(arguments) => {
                let arguments: Vec<String> =
                    arguments.iter().map(|argument| format!("{} {}", argument.name, argument.value)).collect();
                println!("      constructor({})", arguments.join(", "));
            }
            None => println!("      no constructor"),
        }
    }
    for call in &plan.role_calls {
        println!("  then {}", call.describe());
    }
}
