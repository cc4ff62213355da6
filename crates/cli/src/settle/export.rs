//! `chlom settle export-epoch N`: the `Settled` events of one epoch, read over RPC, as CSV; their
//! Merkle root rebuilt with `chlom_core::settlement::epoch` and checked against the engine's
//! `epochRootOf(N)`.
//!
//! The epoch's blocks are found by binary search over block timestamps (the engine files a
//! settlement under `block.timestamp / epochLength`), then its logs are fetched in block ranges.

use std::path::PathBuf;
use std::process::ExitCode;

use alloy::eips::BlockNumberOrTag;
use alloy::primitives::{Address, B256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::Filter;
use alloy::sol_types::SolEvent;
use alloy::transports::http::reqwest::Url;
use chlom_bindings::SettlementEngine::{self, Settled};
use chlom_core::settlement::epoch::{SettlementRecord, root};
use eyre::{Result, WrapErr, bail, eyre};
use serde_json::json;
use tracing::{debug, info};

use super::report::dust_reason_name;
use crate::record::DeploymentRecord;

/// The name `chlom deploy` records the (Solidity) SettlementEngine under; the Stylus one is
/// `SettlementEngine.stylus`, named with --engine.
const RECORDED_ENGINE: &str = "SettlementEngine";

/// The CSV header, one column per field of a row.
const HEADER: &str = "block,txHash,logIndex,txid,graphId,licenseId,token,amount,tax,fee,escrow,dust,dustReason,tableHash,jurisdictionHash,leaf";

/// Options of `chlom settle export-epoch`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// The epoch: settlements whose block timestamp divided by the engine's epochLength is N.
    #[arg(value_name = "N")]
    epoch: u64,
    /// JSON-RPC endpoint of the chain.
    #[arg(long, env = "CHLOM_RPC_URL", value_name = "URL")]
    rpc_url: Option<Url>,
    /// The SettlementEngine's address; without it, the `SettlementEngine` recorded for the chain
    /// in `<deployments-dir>/<chainId>.json` by `chlom deploy`.
    #[arg(long, env = "CHLOM_SETTLEMENT_ENGINE", value_name = "ADDRESS")]
    engine: Option<Address>,
    /// Folder holding `<chainId>.json`, read when --engine is not given.
    #[arg(long, default_value = "deployments", env = "CHLOM_DEPLOYMENTS_DIR", value_name = "DIR")]
    deployments_dir: PathBuf,
    /// Write the CSV to this file (the summary then goes to stdout); without it the CSV goes to
    /// stdout and the summary to stderr (or, with --json, the rows go into the JSON).
    #[arg(long, value_name = "FILE.csv")]
    out: Option<PathBuf>,
    /// The first block to look at, for example the engine's deployment block.
    #[arg(long, default_value_t = 0, value_name = "B")]
    from_block: u64,
    /// How many blocks each eth_getLogs request covers (lower it for nodes that limit ranges).
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    blocks_per_request: u64,
}

/// One `Settled` event of the epoch, where it was found, and its leaf.
struct Row {
    block: u64,
    tx_hash: B256,
    log_index: u64,
    event: Settled,
    leaf: B256,
}

impl Row {
    fn csv(&self) -> String {
        let e = &self.event;
        format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            self.block,
            self.tx_hash,
            self.log_index,
            e.txid,
            e.graphId,
            format_id(e.licenseId),
            e.token,
            e.amount,
            e.tax,
            e.fee,
            e.escrow,
            e.dust,
            e.dustReason,
            e.tableHash,
            e.jurisdictionHash,
            self.leaf
        )
    }

    fn json(&self) -> serde_json::Value {
        let e = &self.event;
        json!({
            "block": self.block,
            "txHash": self.tx_hash,
            "logIndex": self.log_index,
            "txid": e.txid,
            "graphId": e.graphId,
            "licenseId": format_id(e.licenseId),
            "token": e.token,
            "amount": e.amount.to_string(),
            "tax": e.tax.to_string(),
            "fee": e.fee.to_string(),
            "escrow": e.escrow.to_string(),
            "dust": e.dust.to_string(),
            "dustReason": e.dustReason,
            "dustReasonName": dust_reason_name(e.dustReason),
            "tableHash": e.tableHash,
            "jurisdictionHash": e.jurisdictionHash,
            "leaf": self.leaf,
        })
    }
}

/// Runs `chlom settle export-epoch`.
pub(crate) async fn run(args: ExportArgs, json_output: bool) -> Result<ExitCode> {
    let url = args.rpc_url.clone().ok_or_else(|| eyre!("pass --rpc-url (or set CHLOM_RPC_URL) to name the chain"))?;
    if args.blocks_per_request == 0 {
        bail!("--blocks-per-request must be at least 1");
    }
    let provider = ProviderBuilder::new().connect_http(url.clone());
    let chain_id = provider.get_chain_id().await.wrap_err_with(|| format!("cannot reach the RPC endpoint {url}"))?;
    let engine_address = match args.engine {
        Some(address) => address,
        None => {
            let recorded = DeploymentRecord::address_of(&args.deployments_dir, chain_id, RECORDED_ENGINE).wrap_err(
                "pass --engine ADDRESS (or set CHLOM_SETTLEMENT_ENGINE) to name the SettlementEngine to read; \
                     without it the engine recorded for the chain is read",
            )?;
            info!(engine = %recorded, deployments_dir = %args.deployments_dir.display(), "the SettlementEngine recorded for chain {chain_id}");
            recorded
        }
    };
    let code = provider.get_code_at(engine_address).await.wrap_err("eth_getCode failed")?;
    if code.is_empty() {
        bail!(
            "there is no contract at {engine_address} on chain {chain_id}: pass the SettlementEngine's address with --engine"
        );
    }
    let engine = SettlementEngine::new(engine_address, &provider);
    let epoch_length = engine
        .epochLength()
        .call()
        .await
        .wrap_err_with(|| format!("{engine_address} does not answer epochLength(); is it a SettlementEngine?"))?;
    if epoch_length == 0 {
        bail!("{engine_address} reports an epoch length of 0; it is not a SettlementEngine");
    }
    let start = args.epoch.checked_mul(epoch_length).ok_or_else(|| eyre!("epoch {} is beyond any time", args.epoch))?;
    let end = start.saturating_add(epoch_length);
    info!(epoch = args.epoch, epoch_length, start, end, "reading the engine's Settled events for the epoch");

    let latest = provider.get_block_number().await.wrap_err("eth_blockNumber failed")?;
    if args.from_block > latest {
        bail!("--from-block {} is after the latest block {latest}", args.from_block);
    }
    let latest_time = timestamp(&provider, latest).await?;
    // The epoch's blocks: [first, past) where first is the first block at or after its start.
    let first = first_block_at(&provider, args.from_block, latest, start).await?;
    let past = first_block_at(&provider, first, latest, end).await?;
    let rows = if first < past {
        fetch(&provider, engine_address, first, past - 1, args.blocks_per_request, start, end).await?
    } else {
        info!("no block of chain {chain_id} falls in the epoch");
        Vec::new()
    };
    let leaves: Vec<B256> = rows.iter().map(|row| row.leaf).collect();
    let computed = root(&leaves);
    let on_chain =
        engine.epochRootOf(args.epoch).call().await.wrap_err("epochRootOf failed; is this a SettlementEngine?")?;

    let mut csv = String::with_capacity(HEADER.len() + 1 + rows.len() * 600);
    csv.push_str(HEADER);
    csv.push('\n');
    for row in &rows {
        csv.push_str(&row.csv());
        csv.push('\n');
    }
    if let Some(out) = &args.out {
        std::fs::write(out, &csv).wrap_err_with(|| format!("cannot write {}", out.display()))?;
        info!(rows = rows.len(), path = %out.display(), "wrote the CSV");
    } else if !json_output {
        print!("{csv}");
    }

    let closed = !on_chain.is_zero();
    let over = latest_time >= end;
    let matches = closed && on_chain == computed;
    let status = if matches {
        "match"
    } else if closed {
        "mismatch"
    } else if over {
        "not closed"
    } else {
        "not over"
    };
    let summary = json!({
        "chainId": chain_id,
        "engine": engine_address,
        "epoch": args.epoch,
        "epochLength": epoch_length,
        "start": start,
        "end": end,
        "firstBlock": (first < past).then_some(first),
        "lastBlock": (first < past).then(|| past - 1),
        "settlements": rows.len(),
        "root": computed,
        "onChainRoot": closed.then_some(on_chain),
        "status": status,
        "matches": matches,
        "csv": args.out.as_ref().map(|path| path.display().to_string()),
    });
    if json_output {
        let mut summary = summary;
        if args.out.is_none() {
            summary["rows"] = rows.iter().map(Row::json).collect();
        }
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        let lines = [
            format!("epoch {} of {engine_address} on chain {chain_id}: {} settlements", args.epoch, rows.len()),
            format!("computed root {computed}"),
            match status {
                "match" => format!("on-chain root {on_chain}: matches"),
                "mismatch" => format!("on-chain root {on_chain}: MISMATCH"),
                "not closed" => format!(
                    "the epoch is over but not closed on chain yet: anyone may call closeEpoch({}) to record its root",
                    args.epoch
                ),
                _ => format!(
                    "the epoch is not over yet (it ends at {}, the chain is at {}); the root covers the settlements so far",
                    crate::time::format_utc(end),
                    crate::time::format_utc(latest_time)
                ),
            },
        ];
        for line in lines {
            // The summary is the result when the CSV went to a file; else stdout carries the CSV.
            if args.out.is_some() {
                println!("{line}");
            } else {
                eprintln!("{line}");
            }
        }
    }
    if closed && !matches {
        bail!(
            "the root rebuilt from {} Settled events ({computed}) differs from the engine's epochRootOf({}) \
             ({on_chain}): the events read are incomplete (check that --from-block is not after the epoch's first \
             settlement and that the node keeps logs that old) or do not match the engine's epoch tree",
            rows.len(),
            args.epoch
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The timestamp of block `number`.
async fn timestamp(provider: &impl Provider, number: u64) -> Result<u64> {
    let block = provider
        .get_block_by_number(BlockNumberOrTag::Number(number))
        .await
        .wrap_err_with(|| format!("cannot read block {number}"))?
        .ok_or_else(|| eyre!("the node has no block {number}"))?;
    Ok(block.header.timestamp)
}

/// The first block in `low..=latest` whose timestamp is at least `time`, or `latest + 1` if none
/// is (block timestamps never decrease, so a binary search finds it).
async fn first_block_at(provider: &impl Provider, low: u64, latest: u64, time: u64) -> Result<u64> {
    let (mut low, mut high) = (low, latest + 1);
    while low < high {
        let middle = low + (high - low) / 2;
        if timestamp(provider, middle).await? >= time {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    debug!(time, block = low, "first block at or after the time");
    Ok(low)
}

/// The engine's `Settled` events in blocks `first..=last`, in log order, fetched
/// `per_request` blocks at a time, keeping those whose block time is in `start..end`.
async fn fetch(
    provider: &impl Provider,
    engine: Address,
    first: u64,
    last: u64,
    per_request: u64,
    start: u64,
    end: u64,
) -> Result<Vec<Row>> {
    let total = last - first + 1;
    let mut rows: Vec<Row> = Vec::new();
    let mut from = first;
    loop {
        let to = from.saturating_add(per_request - 1).min(last);
        let filter =
            Filter::new().address(engine).event_signature(Settled::SIGNATURE_HASH).from_block(from).to_block(to);
        let logs = provider.get_logs(&filter).await.wrap_err_with(|| {
            format!("eth_getLogs over blocks {from}..={to} failed; try a smaller --blocks-per-request")
        })?;
        for log in logs {
            if log.removed {
                continue;
            }
            let block = log.block_number.ok_or_else(|| eyre!("the node returned a log without its block number"))?;
            if let Some(time) = log.block_timestamp
                && !(start..end).contains(&time)
            {
                continue;
            }
            let tx_hash =
                log.transaction_hash.ok_or_else(|| eyre!("the node returned a log without its transaction hash"))?;
            let log_index = log.log_index.ok_or_else(|| eyre!("the node returned a log without its index"))?;
            let decoded = log.log_decode::<Settled>().map_err(|error| {
                eyre!("the log at block {block}, index {log_index} is not a Settled event: {error}")
            })?;
            let event = decoded.inner.data;
            let leaf = record(&event).leaf();
            rows.push(Row { block, tx_hash, log_index, event, leaf });
        }
        info!("blocks {from}..={to} ({} of {total} blocks read): {} settlements so far", to - first + 1, rows.len());
        if to == last {
            break;
        }
        from = to + 1;
    }
    rows.sort_by_key(|row| (row.block, row.log_index));
    Ok(rows)
}

/// A license id as `chlom license` prints it: 0x and 64 hex digits.
fn format_id(id: alloy::primitives::U256) -> String {
    B256::from(id).to_string()
}

/// What the leaf commits to.
fn record(event: &Settled) -> SettlementRecord {
    SettlementRecord {
        txid: event.txid,
        graph_id: event.graphId,
        license_id: event.licenseId,
        token: event.token,
        amount: event.amount,
        tax: event.tax,
        fee: event.fee,
        escrow: event.escrow,
        dust: event.dust,
        table_hash: event.tableHash,
        jurisdiction_hash: event.jurisdictionHash,
    }
}
