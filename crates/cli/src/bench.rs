//! `chlom bench licenses` is in [`crate::bench_licenses`], `chlom bench settlement` in
//! [`crate::bench_settlement`], `chlom bench zk` in [`crate::bench_zk`].
//!
//! `chlom bench stylus`: the GovernanceEmitter in Solidity and in Stylus side by side on the
//! in-process chain: gas per call (Stylus gas is the executor's documented approximation of
//! Arbitrum's ink metering) and executor throughput in calls per second, with ratios measured in
//! the same run.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use alloy::primitives::{Address, B256, Bytes, U256};
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::{GovernanceEmitter, IGovernanceEmitter};
use chlom_evm::{Chain, TxRequest};
use eyre::{Result, bail};

use chlom_evm::stylus::program;
use serde::Serialize;

/// Options of `chlom bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    #[command(subcommand)]
    command: BenchCommand,
}

#[derive(Debug, clap::Subcommand)]
enum BenchCommand {
    /// Solidity against Stylus: gas per call and calls per second.
    Stylus(StylusBenchArgs),
    /// LicenseRegistry execution gas per call against a plain OpenZeppelin ERC-721, with the goals.
    Licenses(LicenseBenchArgs),
    /// SettlementEngine gas per recipient against 0xSplits, and the largest graph in a block.
    Settlement(SettlementBenchArgs),
    /// The compliance circuits: constraints, proving time, verification gas against the floor.
    Zk(ZkBenchArgs),
}

#[derive(Debug, clap::Args)]
struct ZkBenchArgs {
    /// Proofs per circuit (the median is reported).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Also measure snarkjs in the same run: proving the circom version of SanctionsClean, and
    /// snarkjs's Solidity verifier for the same key (needs node and script/setup.sh's packages;
    /// the first run spends minutes on the circuit's test setup, cached afterwards).
    #[arg(long)]
    snarkjs: bool,
    /// Where the snarkjs reference keeps its compiled circuit and keys.
    #[arg(long, env = "CHLOM_ZK_BENCH_CACHE")]
    snarkjs_cache: Option<PathBuf>,
    /// The folder of the packaged Stylus verifiers (script/build-stylus.sh writes it).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../contracts/stylus/out"))]
    stylus_out: PathBuf,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct LicenseBenchArgs {
    /// Where `script/build-stylus.sh` wrote the Stylus registry's programs.
    #[arg(long, default_value = "contracts/stylus/out")]
    stylus_out: PathBuf,
    /// Measure the Solidity registry only (no Stylus build needed).
    #[arg(long)]
    solidity_only: bool,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct SettlementBenchArgs {
    /// Where `script/build-stylus.sh` wrote the Stylus engine's programs.
    #[arg(long, default_value = "contracts/stylus/out")]
    stylus_out: PathBuf,
    /// Measure the Solidity engine only (no Stylus build needed).
    #[arg(long)]
    solidity_only: bool,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct StylusBenchArgs {
    /// Calls per throughput measurement.
    #[arg(long, default_value_t = 2_000)]
    iterations: u32,
    /// The Stylus emitter's deployable code (hex), as `script/build-stylus.sh` writes it.
    #[arg(long, default_value = "contracts/stylus/out/chlom_stylus_governance_emitter.code")]
    stylus_code: PathBuf,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

const ADMIN: Address = Address::repeat_byte(0xa1);

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct GasRow {
    call: &'static str,
    solidity_gas: u64,
    stylus_gas: u64,
    stylus_over_solidity: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ThroughputRow {
    call: &'static str,
    solidity_calls_per_second: f64,
    stylus_calls_per_second: f64,
    solidity_over_stylus: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    gas: Vec<GasRow>,
    throughput: Vec<ThroughputRow>,
    iterations: u32,
}

/// Runs `chlom bench …`.
pub(crate) fn run(args: BenchArgs) -> Result<ExitCode> {
    match args.command {
        BenchCommand::Stylus(args) => stylus(args),
        BenchCommand::Zk(args) => {
            let repository = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
            let reference = args.snarkjs.then(|| crate::bench_zk::SnarkjsOptions {
                cache: args.snarkjs_cache.clone().unwrap_or_else(|| {
                    let home = std::env::var_os("HOME").map_or_else(|| repository.join("target"), PathBuf::from);
                    home.join(".cache/chlom/zk-bench")
                }),
                repository,
            });
            let report = crate::bench_zk::measure(args.runs, &args.stylus_out, reference.as_ref())?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                crate::bench_zk::print(&report);
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Settlement(args) => {
            let stylus = match args.solidity_only {
                true => None,
                false => Some(crate::bench_settlement::stylus_codes(&args.stylus_out)?),
            };
            let report = crate::bench_settlement::measure(stylus.as_deref())?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                crate::bench_settlement::print(&report);
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Licenses(args) => {
            let stylus_out = (!args.solidity_only).then_some(args.stylus_out.as_path());
            let report = crate::bench_licenses::measure(crate::bench_licenses::implementations(stylus_out)?)?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                crate::bench_licenses::print(&report);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn stylus(args: StylusBenchArgs) -> Result<ExitCode> {
    if args.iterations == 0 {
        bail!("--iterations must be at least 1");
    }
    let code = program::read_code(&args.stylus_code)?;

    let mut chain = Chain::new();
    chain.fund(ADMIN, U256::from(10u128.pow(20)));
    let constructor = GovernanceEmitter::constructorCall { admin: ADMIN, approver: ADMIN }.abi_encode();
    let solidity = chain.deploy(ADMIN, [GovernanceEmitter::BYTECODE.as_ref(), &constructor].concat())?;
    let stylus = chain.deploy_stylus_with_constructor(ADMIN, &code, &constructor)?;

    let gas = gas_table(&mut chain, solidity, stylus)?;
    let throughput = throughput_table(&mut chain, solidity, stylus, args.iterations)?;
    let report = Report { gas, throughput, iterations: args.iterations };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(ExitCode::SUCCESS)
}

/// Gas of `call` run without committing (an `eth_call`).
fn gas_of<C: SolCall>(chain: &mut Chain, to: Address, call: &C) -> Result<u64> {
    Ok(chain.call_raw(TxRequest::call(ADMIN, to, call.abi_encode()))?.into_result()?.gas_used)
}

fn payload(nonce: u64) -> IGovernanceEmitter::ActionPayload {
    IGovernanceEmitter::ActionPayload {
        targetChainId: U256::from(421_614),
        target: Address::repeat_byte(0x12),
        callData: Bytes::from(vec![0xab; 68]),
        nonce: U256::from(nonce),
        regionTag: B256::ZERO,
    }
}

fn approval(id: u64) -> GovernanceEmitter::emitApprovalCall {
    GovernanceEmitter::emitApprovalCall {
        proposalId: B256::from(U256::from(id)),
        payloadHash: Bytes::from(vec![0x5a; 32]),
        executor: ADMIN,
    }
}

fn gas_table(chain: &mut Chain, solidity: Address, stylus: Address) -> Result<Vec<GasRow>> {
    let mut rows = Vec::new();
    let mut row = |call: &'static str, solidity_gas: u64, stylus_gas: u64| {
        rows.push(GasRow { call, solidity_gas, stylus_gas, stylus_over_solidity: ratio(stylus_gas, solidity_gas) });
    };
    let measure = |chain: &mut Chain, to: Address, id: u64| -> Result<(u64, u64)> {
        let first = chain.send(ADMIN, to, &approval(id))?.gas_used;
        let next = chain.send(ADMIN, to, &approval(id + 1))?.gas_used;
        Ok((first, next))
    };
    let (sol_first, sol_next) = measure(chain, solidity, 1)?;
    let (sty_first, sty_next) = measure(chain, stylus, 1)?;
    row("emitApproval (first)", sol_first, sty_first);
    row("emitApproval (later)", sol_next, sty_next);

    let publish = GovernanceEmitter::publishPayloadCall { payload: payload(1) };
    row(
        "publishPayload",
        chain.send(ADMIN, solidity, &publish)?.gas_used,
        chain.send(ADMIN, stylus, &publish)?.gas_used,
    );
    let with_payload = GovernanceEmitter::emitApprovalWithPayloadCall {
        proposalId: B256::repeat_byte(9),
        payload: payload(2),
        executor: ADMIN,
    };
    row(
        "emitApprovalWithPayload",
        chain.send(ADMIN, solidity, &with_payload)?.gas_used,
        chain.send(ADMIN, stylus, &with_payload)?.gas_used,
    );
    let hash = GovernanceEmitter::hashPayloadCall { payload: payload(3) };
    row("hashPayload (view)", gas_of(chain, solidity, &hash)?, gas_of(chain, stylus, &hash)?);
    let last = GovernanceEmitter::lastSequenceCall {};
    row("lastSequence (view)", gas_of(chain, solidity, &last)?, gas_of(chain, stylus, &last)?);
    let approval_of = GovernanceEmitter::approvalOfCall { proposalId: B256::from(U256::from(1)) };
    row("approvalOf (view)", gas_of(chain, solidity, &approval_of)?, gas_of(chain, stylus, &approval_of)?);
    Ok(rows)
}

fn throughput_table(
    chain: &mut Chain,
    solidity: Address,
    stylus: Address,
    iterations: u32,
) -> Result<Vec<ThroughputRow>> {
    let approvals_per_second = |chain: &mut Chain, to: Address, base: u64| -> Result<f64> {
        let started = Instant::now();
        for i in 0..u64::from(iterations) {
            chain.send(ADMIN, to, &approval(base + i))?;
        }
        Ok(f64::from(iterations) / started.elapsed().as_secs_f64())
    };
    let views_per_second = |chain: &mut Chain, to: Address| -> Result<f64> {
        let call = GovernanceEmitter::lastSequenceCall {};
        let started = Instant::now();
        for _ in 0..iterations {
            gas_of(chain, to, &call)?;
        }
        Ok(f64::from(iterations) / started.elapsed().as_secs_f64())
    };
    // Warm both (module compilation, caches) before timing.
    gas_of(chain, solidity, &GovernanceEmitter::lastSequenceCall {})?;
    gas_of(chain, stylus, &GovernanceEmitter::lastSequenceCall {})?;
    let sol_tx = approvals_per_second(chain, solidity, 1_000_000)?;
    let sty_tx = approvals_per_second(chain, stylus, 1_000_000)?;
    let sol_view = views_per_second(chain, solidity)?;
    let sty_view = views_per_second(chain, stylus)?;
    Ok(vec![
        ThroughputRow {
            call: "emitApproval (transaction)",
            solidity_calls_per_second: sol_tx,
            stylus_calls_per_second: sty_tx,
            solidity_over_stylus: sol_tx / sty_tx,
        },
        ThroughputRow {
            call: "lastSequence (call)",
            solidity_calls_per_second: sol_view,
            stylus_calls_per_second: sty_view,
            solidity_over_stylus: sol_view / sty_view,
        },
    ])
}

fn ratio(numerator: u64, denominator: u64) -> f64 {
    if denominator == 0 { f64::NAN } else { numerator as f64 / denominator as f64 }
}

fn print_report(report: &Report) {
    println!("Gas per call (Stylus gas approximates Arbitrum ink metering; see chlom_evm::stylus)");
    println!("{:<28} {:>12} {:>12} {:>16}", "call", "Solidity", "Stylus", "Stylus/Solidity");
    for row in &report.gas {
        println!("{:<28} {:>12} {:>12} {:>16.2}", row.call, row.solidity_gas, row.stylus_gas, row.stylus_over_solidity);
    }
    println!();
    println!("Executor throughput, {} calls each (in-process revm; Stylus via wasmi)", report.iterations);
    println!("{:<28} {:>14} {:>14} {:>18}", "call", "Solidity/s", "Stylus/s", "Solidity/Stylus");
    for row in &report.throughput {
        println!(
            "{:<28} {:>14.0} {:>14.0} {:>18.2}",
            row.call, row.solidity_calls_per_second, row.stylus_calls_per_second, row.solidity_over_stylus
        );
    }
}
