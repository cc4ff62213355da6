//! `chlom stylus package`: turns the built WASM of each Stylus contract into its deployable code
//! (`EF F0 00 00` + brotli) and initcode, writes them next to each other, and prints the size report.
//! Fails when a program is over Arbitrum's limits.

use std::path::PathBuf;
use std::process::ExitCode;

use chlom_evm::stylus::program::{self, MAX_CODE_SIZE, MAX_WASM_SIZE};
use eyre::{Result, WrapErr, bail};
use serde::Serialize;

/// Options of `chlom stylus`.
#[derive(Debug, clap::Args)]
pub(crate) struct StylusArgs {
    #[command(subcommand)]
    command: StylusCommand,
}

#[derive(Debug, clap::Subcommand)]
enum StylusCommand {
    /// Package built WASM files into deployable Stylus code and report their sizes.
    Package(PackageArgs),
}

#[derive(Debug, clap::Args)]
struct PackageArgs {
    /// The WASM files (`cargo build --release --target wasm32-unknown-unknown` output).
    #[arg(required = true)]
    wasm: Vec<PathBuf>,
    /// Where to write `<name>.code` (deployable code, hex) and `<name>.initcode` (hex).
    #[arg(long, default_value = "contracts/stylus/out")]
    out: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// One line of the size report.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SizeReport {
    name: String,
    wasm_bytes: usize,
    compressed_bytes: usize,
    limit_bytes: usize,
    headroom_bytes: isize,
}

/// Runs `chlom stylus …`.
pub(crate) fn run(args: StylusArgs) -> Result<ExitCode> {
    match args.command {
        StylusCommand::Package(args) => package(args),
    }
}

fn package(args: PackageArgs) -> Result<ExitCode> {
    std::fs::create_dir_all(&args.out).wrap_err_with(|| format!("cannot create {}", args.out.display()))?;
    let mut reports = Vec::new();
    let mut failures = Vec::new();
    for path in &args.wasm {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let wasm = std::fs::read(path)
            .wrap_err_with(|| format!("cannot read {}: build the contract first", path.display()))?;
        match program::compress(&wasm) {
            Ok(code) => {
                let initcode = program::initcode(&code);
                std::fs::write(args.out.join(format!("{name}.code")), alloy::primitives::hex::encode_prefixed(&code))?;
                std::fs::write(
                    args.out.join(format!("{name}.initcode")),
                    alloy::primitives::hex::encode_prefixed(&initcode),
                )?;
                reports.push(SizeReport {
                    name,
                    wasm_bytes: wasm.len(),
                    compressed_bytes: code.len(),
                    limit_bytes: MAX_CODE_SIZE,
                    headroom_bytes: MAX_CODE_SIZE as isize - code.len() as isize,
                });
            }
            Err(error) => failures.push(format!("{name} ({} bytes of WASM): {error}", wasm.len())),
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        println!("{:<40} {:>10} {:>12} {:>8} {:>9}", "Stylus program", "WASM", "compressed", "limit", "headroom");
        for r in &reports {
            println!(
                "{:<40} {:>10} {:>12} {:>8} {:>9}",
                r.name, r.wasm_bytes, r.compressed_bytes, r.limit_bytes, r.headroom_bytes
            );
        }
        println!(
            "(compressed = EF F0 00 00 + brotli q11; Arbitrum limits: {MAX_CODE_SIZE} compressed, {MAX_WASM_SIZE} WASM)"
        );
    }
    if !failures.is_empty() {
        bail!("{} program(s) cannot be deployed on Arbitrum:\n  {}", failures.len(), failures.join("\n  "));
    }
    Ok(ExitCode::SUCCESS)
}
