//! `chlom settle --graph FILE`: one settlement of a payout graph, computed offline with
//! `chlom_core::settlement` (the engines' arithmetic), as a table or JSON.
//!
//! `chlom settle export-epoch N`: an epoch's `Settled` events read from a SettlementEngine over
//! RPC, as CSV, with their Merkle root checked against the engine's (see [`export`]).

mod export;
mod graph;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use eyre::{Result, WrapErr, bail};

/// Options of `chlom settle`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct SettleArgs {
    /// The payout graph: a .json or .toml file with the amount, fee, sustainability, hold, tax
    /// levels and shares (see examples/settlement/graph.toml).
    #[arg(long, value_name = "FILE", required = true)]
    graph: Option<PathBuf>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Option<SettleCommand>,
}

#[derive(Debug, clap::Subcommand)]
enum SettleCommand {
    /// Export an epoch's settlements from a SettlementEngine as CSV and check their Merkle root
    /// against the engine's epochRootOf(N).
    ExportEpoch(export::ExportArgs),
}

/// Runs `chlom settle …`.
pub(crate) async fn run(args: SettleArgs) -> Result<ExitCode> {
    match (args.command, args.graph) {
        (Some(SettleCommand::ExportEpoch(export)), _) => export::run(export, args.json).await,
        (None, Some(path)) => {
            let graph = graph::load(&path)?;
            let settled = report::compute(&graph).wrap_err_with(|| format!("{} cannot be settled", path.display()))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report::to_json(&graph, &settled))?);
            } else {
                report::print_table(&graph, &settled);
            }
            Ok(ExitCode::SUCCESS)
        }
        (None, None) => bail!("pass --graph FILE, or use `chlom settle export-epoch`"),
    }
}
