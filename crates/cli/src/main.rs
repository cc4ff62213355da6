//! `chlom`: the CHLOM command line.
//!
//! Results go to stdout (`--json` for machines); logs and progress go to stderr through `tracing`
//! (`RUST_LOG=debug` for more).

mod anvil;
mod bench;
mod bench_licenses;
mod bench_settlement;
mod bench_zk;
mod case;
mod deploy;
mod devnet;
mod did;
mod license;
mod record;
mod settle;
mod stylus;
mod stylus_deploy;
mod suite;
mod time;
mod zk;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// CHLOM: licensing and compliance protocol tooling.
#[derive(Debug, Parser)]
#[command(name = "chlom", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start a local anvil, deploy the suite, approve a proposal and read the event back.
    Devnet(devnet::DevnetArgs),
    /// Deploy the suite to any EVM chain (simulated unless --broadcast).
    Deploy(deploy::DeployArgs),
    /// Stylus programs: package built WASM into deployable code.
    Stylus(stylus::StylusArgs),
    /// Benchmarks that print tables: `chlom bench stylus` (Solidity against Stylus), `chlom bench
    /// licenses` (LicenseRegistry gas against a plain ERC-721).
    Bench(bench::BenchArgs),
    /// The DID registry: register, show, set-status.
    Did(did::DidArgs),
    /// The license registry: issue, show, and move licenses along their lifecycle.
    License(license::LicenseArgs),
    /// Settlement: compute a payout graph's split offline (`--graph FILE`), or export an epoch's
    /// settlements from a SettlementEngine and check its Merkle root (`export-epoch N`).
    Settle(settle::SettleArgs),
    /// DLA enforcement cases: open, triage, assign, add evidence, sanction, appeal, decide, resolve,
    /// escalate, reopen, close; `show` a case and `report` the KPIs.
    Case(case::CaseArgs),
    /// Zero-knowledge compliance proofs: setup, identity, snapshot, prove, verify, export-verifier.
    Zk(zk::ZkArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "chlom=info,warn".into()),
        )
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(async {
        match cli.command {
            Command::Devnet(args) => devnet::run(args).await,
            Command::Deploy(args) => deploy::run(args).await,
            Command::Stylus(args) => stylus::run(args),
            Command::Bench(args) => bench::run(args),
            Command::Did(args) => did::run(args).await,
            Command::License(args) => license::run(args).await,
            Command::Settle(args) => settle::run(args).await,
            Command::Case(args) => case::run(args).await,
            Command::Zk(args) => zk::run(args),
        }
    });
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
