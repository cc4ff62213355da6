//! `chlom bench settlement`: the gas of an ETH settlement over graphs of 2, 10 and 100 recipients
//! on the in-process chain, per recipient, beside 0xSplits v1's published `distributeETH` figures,
//! and the largest graph that settles within a 30M-gas block.
//!
//! **What is measured.** `settlePacked` (the processors' entry point: one calldata word per plain
//! share). Each graph settles twice with fresh txids; the second settlement is
//! measured, so every recipient's credit slot already holds a balance (the steady state of a
//! payout graph, and the state 0xSplits' figures assume: balances there are left at one wei). Gas
//! is the receipt's (intrinsic and calldata included, refunds applied). Two figures per size:
//! the *marginal* gas per recipient, (gas(n) − gas(1)) / (n − 1), which is what a recipient adds,
//! and the *average*, gas(n) / n, which also spreads the fixed cost (replay protection, the epoch
//! tree, the fee and sustainability credits, the event) over the recipients. 0xSplits publishes
//! averages (its fixed cost is smaller: it has no taxes, fees, replay protection or audit tree).
//!
//! **Implementations.** The Solidity engine, and the Stylus engine (its four programs, built by
//! `script/build-stylus.sh`) unless `--solidity-only`. Stylus gas on this chain is the in-process
//! executor's ink metering converted at Arbitrum's rate, an approximation of what Nitro charges
//! (see `chlom_evm::stylus`), so its column is an estimate where the Solidity one is exact.

use alloy::primitives::{Address, B256, U256, keccak256};
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::{ISettlementEngine, SettlementEngine};
use chlom_evm::{Chain, TxRequest};
use eyre::{Result, WrapErr, eyre};
use serde::Serialize;

const ADMIN: Address = Address::repeat_byte(0xad);
const FEE_WALLET: Address = Address::repeat_byte(0xfe);
const SUSTAINABILITY: Address = Address::repeat_byte(0x55);
const BLOCK_GAS: u64 = 30_000_000;
/// The in-process chain's block for the search (the measured gas decides, not the limit).
const UNLIMITED: u64 = 1_000_000_000;
/// The recipient counts measured, with 0xSplits v1's published `distributeETH` gas per recipient.
pub(crate) const SIZES: [(usize, u64); 3] = [(2, 28_695), (10, 11_006), (100, 7_025)];

/// One row of the table.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Row {
    /// Recipients in the graph.
    pub(crate) recipients: usize,
    /// The settlement's receipt gas.
    pub(crate) gas: u64,
    /// (gas(n) − gas(1)) / (n − 1).
    pub(crate) marginal_per_recipient: u64,
    /// gas(n) / n.
    pub(crate) average_per_recipient: u64,
    /// 0xSplits v1 `distributeETH`, gas per recipient (published).
    pub(crate) splits_per_recipient: u64,
    /// Whether the marginal figure is below 0xSplits'.
    pub(crate) below_splits: bool,
}

/// The whole measurement: each implementation's.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Report {
    /// The Solidity engine.
    pub(crate) solidity: EngineReport,
    /// The Stylus engine, unless it was not measured.
    pub(crate) stylus: Option<EngineReport>,
}

/// One implementation's measurement.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EngineReport {
    /// One row per size.
    pub(crate) rows: Vec<Row>,
    /// The most recipients whose settlement fits in a 30M-gas block, credit slots already used.
    pub(crate) largest_in_block: usize,
    /// Its gas.
    pub(crate) largest_gas: u64,
    /// The same for a graph's first settlement (every credit slot empty).
    pub(crate) largest_first: usize,
    /// Its gas.
    pub(crate) largest_first_gas: u64,
}

/// Recipients with realistic addresses: twenty bytes of hash (calldata prices zero bytes at a
/// quarter of others, so low-numbered test addresses would flatter the figures).
fn recipient(index: usize) -> Address {
    Address::from_word(keccak256((index as u64).to_be_bytes()))
}

fn graph(recipients: usize) -> Vec<ISettlementEngine::Share> {
    let bps = (10_000 / recipients) as u16;
    (0..recipients)
        .map(|index| ISettlementEngine::Share {
            recipient: recipient(index),
            kind: 0,
            bps,
            floor: 0,
            cap: 0,
            adjustment: 0,
            vestingCliff: 0,
            vestingEnd: 0,
        })
        .collect()
}

/// The Stylus engine's programs: the entry program, then the parts its constructor takes.
pub(crate) const STYLUS_PROGRAMS: [&str; 4] = [
    "chlom_stylus_settlement_engine",
    "chlom_stylus_settlement_graphs",
    "chlom_stylus_settlement_config",
    "chlom_stylus_settlement_views",
];

/// The Stylus engine's code, read from `out` (where `script/build-stylus.sh` writes it).
pub(crate) fn stylus_codes(out: &std::path::Path) -> Result<Vec<alloy::primitives::Bytes>> {
    STYLUS_PROGRAMS
        .iter()
        .map(|name| {
            let path = out.join(format!("{name}.code"));
            chlom_evm::stylus::program::read_code(&path).wrap_err_with(|| {
                format!("{}: build it with script/build-stylus.sh, or pass --solidity-only", path.display())
            })
        })
        .collect()
}

/// Deploys an engine: Solidity, or Stylus from its programs' code.
fn deploy(chain: &mut Chain, stylus: Option<&[alloy::primitives::Bytes]>) -> Result<Address> {
    let args = SettlementEngine::constructorCall { admin: ADMIN, epochSeconds: 86_400 }.abi_encode();
    Ok(match stylus {
        None => chain.deploy(ADMIN, [SettlementEngine::BYTECODE.as_ref(), &args].concat())?,
        Some([entry, parts @ ..]) => {
            chain.fund(ADMIN, U256::from(10u128.pow(20)));
            let parts: Vec<&[u8]> = parts.iter().map(|part| part.as_ref()).collect();
            chain.deploy_stylus_split(ADMIN, entry, &parts, &args)?
        }
        Some([]) => return Err(eyre!("no Stylus programs")),
    })
}

/// An engine with a 1% fee, the minimum sustainability share and one jurisdiction level at 5%.
fn engine(chain: &mut Chain, stylus: Option<&[alloy::primitives::Bytes]>) -> Result<Address> {
    let engine = deploy(chain, stylus)?;
    for role in ["CHLOM_SETTLER_ROLE", "CHLOM_GRAPH_ROLE", "CHLOM_TAX_ROLE"] {
        chain.send(ADMIN, engine, &SettlementEngine::grantRoleCall { role: keccak256(role), account: ADMIN })?;
    }
    chain.send(ADMIN, engine, &SettlementEngine::setFeeCall { feeBps: 100, feeWallet: FEE_WALLET })?;
    chain.send(ADMIN, engine, &SettlementEngine::setSustainabilityCall { shareBps: 100, wallet: SUSTAINABILITY })?;
    let entry = ISettlementEngine::RateEntry {
        jurisdiction: B256::with_last_byte(1),
        mcc: 0,
        nexus: true,
        rateBps: 500,
        collector: Address::repeat_byte(0x7a),
    };
    chain.send(ADMIN, engine, &SettlementEngine::registerRateTableCall { entries: vec![entry] })?;
    chain.fund(ADMIN, U256::MAX >> 1);
    Ok(engine)
}

/// The gas of the first and of the second settlement over a graph of `recipients` (see the module
/// documentation), each allowed as much gas as it needs; `None` if either fails.
fn settlement_gas(chain: &mut Chain, engine: Address, recipients: usize) -> Result<Option<(u64, u64)>> {
    let graph_id = B256::from(U256::from(recipients));
    let shares = graph(recipients);
    let register = SettlementEngine::registerGraphCall { graphId: graph_id, shares: shares.clone() };
    let receipt = chain.transact(TxRequest::call(ADMIN, engine, register.abi_encode()).with_gas_limit(UNLIMITED))?;
    if !receipt.is_success() {
        return Ok(None);
    }
    let path = vec![ISettlementEngine::JurisdictionLevel { code: B256::with_last_byte(1), nexus: true }];
    chain.send(ADMIN, engine, &SettlementEngine::setJurisdictionCall { graphId: graph_id, path })?;
    let amount = U256::from(10u128.pow(18));
    // Processors send the packed form (one word per plain share), as the engine's `packGraph` gives it.
    let packed = chain.view(engine, &SettlementEngine::packGraphCall { shares: shares.clone() })?;
    let (packed, terms) = (packed.packed, packed.terms);
    let mut gas = Vec::new();
    for round in 0..2u64 {
        let request = ISettlementEngine::SettleRequest {
            txid: keccak256([graph_id.as_slice(), &round.to_be_bytes()].concat()),
            graphId: graph_id,
            licenseId: U256::ZERO,
            token: Address::ZERO,
            amount,
            mcc: 0,
        };
        let call = SettlementEngine::settlePackedCall { request, shares: packed.clone(), terms: terms.clone() };
        let request = TxRequest::call(ADMIN, engine, call.abi_encode()).with_value(amount).with_gas_limit(UNLIMITED);
        let receipt = chain.transact(request)?;
        if !receipt.is_success() {
            return Ok(None);
        }
        gas.push(receipt.gas_used);
    }
    Ok(Some((gas[0], gas[1])))
}

/// Measures the Solidity engine and, given its programs' code, the Stylus engine.
pub(crate) fn measure(stylus: Option<&[alloy::primitives::Bytes]>) -> Result<Report> {
    let solidity = measure_engine(None)?;
    let stylus = stylus.map(|codes| measure_engine(Some(codes))).transpose()?;
    Ok(Report { solidity, stylus })
}

/// Measures the table and searches the largest graph that settles in a block, for one engine.
fn measure_engine(stylus: Option<&[alloy::primitives::Bytes]>) -> Result<EngineReport> {
    // A block far larger than 30M, so that the search can see how far past the limit a graph goes.
    let unlimited = chlom_evm::ChainConfig { default_gas_limit: UNLIMITED, ..chlom_evm::ChainConfig::default() };
    let mut chain = Chain::with_config(unlimited);
    let engine = engine(&mut chain, stylus)?;
    // Every size settles from the same state, so that the fixed costs (the epoch tree's append in
    // particular, which depends on how many leaves precede) are the same in every figure.
    let snapshot = chain.snapshot();
    let at = |chain: &mut Chain, recipients: usize| -> Result<Option<(u64, u64)>> {
        chain.revert_to(snapshot)?;
        chain.snapshot();
        settlement_gas(chain, engine, recipients)
    };
    let (_, base) = at(&mut chain, 1)?.ok_or_else(|| eyre!("a one-share graph did not settle"))?;
    let mut rows = Vec::new();
    for (recipients, splits) in SIZES {
        let (_, gas) = at(&mut chain, recipients)?.ok_or_else(|| eyre!("a {recipients}-share graph did not settle"))?;
        let marginal = (gas - base) / (recipients as u64 - 1);
        rows.push(Row {
            recipients,
            gas,
            marginal_per_recipient: marginal,
            average_per_recipient: gas / recipients as u64,
            splits_per_recipient: splits,
            below_splits: marginal < splits,
        });
    }
    // The largest graphs within a block, by binary search: paying recipients with empty credit
    // slots (a new graph's first settlement) and with credit already there (every later one).
    let mut largest = |pick: fn((u64, u64)) -> u64| -> Result<(usize, u64)> {
        let (mut low, mut high, mut low_gas) = (1usize, 10_000usize, 0u64);
        while low < high {
            let middle = (low + high).div_ceil(2);
            match at(&mut chain, middle)?.map(pick) {
                Some(gas) if gas <= BLOCK_GAS => (low, low_gas) = (middle, gas),
                _ => high = middle - 1,
            }
        }
        Ok((low, low_gas))
    };
    let (largest_first, largest_first_gas) = largest(|(first, _)| first)?;
    let (largest_in_block, largest_gas) = largest(|(_, second)| second)?;
    Ok(EngineReport { rows, largest_in_block, largest_gas, largest_first, largest_first_gas })
}

/// Prints the report: one table, an implementation per column group.
pub(crate) fn print(report: &Report) {
    let engines: Vec<(&str, &EngineReport)> =
        [("Solidity", Some(&report.solidity)), ("Stylus*", report.stylus.as_ref())]
            .into_iter()
            .filter_map(|(name, engine)| engine.map(|engine| (name, engine)))
            .collect();
    println!("SettlementEngine: ETH settlement gas per recipient (in-process revm, Prague)");
    println!("  receipt gas of the second settlement over the graph (credit slots already hold balances);");
    println!("  marginal = (gas(n) - gas(1)) / (n - 1); average = gas(n) / n; 0xSplits v1 distributeETH");
    println!("  figures as published (averages). Fee 1% with sustainability, one tax level.");
    print!("{:>10}", "recipients");
    for (name, _) in &engines {
        print!(" {:>12} {:>14} {:>14}", format!("{name} gas"), "marginal/rcpt", "average/rcpt");
    }
    println!(" {:>14} {:>10}", "0xSplits/rcpt", "marginal/0xSplits");
    for (index, (recipients, splits)) in SIZES.iter().enumerate() {
        print!("{recipients:>10}");
        let mut verdicts = Vec::new();
        for (_, engine) in &engines {
            let row = &engine.rows[index];
            print!(" {:>12} {:>14} {:>14}", row.gas, row.marginal_per_recipient, row.average_per_recipient);
            let ratio = row.marginal_per_recipient as f64 / *splits as f64;
            verdicts.push(format!("{ratio:.2}x {}", if row.below_splits { "PASS" } else { "MISS" }));
        }
        println!(" {splits:>14} {}", verdicts.join(" / "));
    }
    for (name, engine) in &engines {
        println!(
            "{name}: largest graph settled within a {BLOCK_GAS}-gas block: {} recipients ({} gas); a graph's first",
            engine.largest_in_block, engine.largest_gas
        );
        println!(
            "  settlement, when every credit slot is new: {} recipients ({} gas)",
            engine.largest_first, engine.largest_first_gas
        );
    }
    if report.stylus.is_some() {
        println!("* Stylus gas is the in-process executor's ink metering at Arbitrum's rate: an estimate of Nitro's.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(engine: &EngineReport) {
        assert_eq!(engine.rows.len(), SIZES.len());
        for row in &engine.rows {
            assert!(row.below_splits, "{} recipients: {} per recipient", row.recipients, row.marginal_per_recipient);
            assert!(row.average_per_recipient >= row.marginal_per_recipient);
        }
        assert!(engine.largest_in_block > engine.largest_first && engine.largest_first > 1_000, "{engine:?}");
        assert!(engine.largest_gas <= BLOCK_GAS && engine.largest_first_gas <= BLOCK_GAS);
    }

    #[test]
    fn both_engines_are_measured_and_recipients_cost_less_than_in_0xsplits() {
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../contracts/stylus/out");
        let codes = stylus_codes(&out).expect("built by script/build-stylus.sh");
        let report = measure(Some(&codes)).expect("the settlements run");
        check(&report.solidity);
        check(report.stylus.as_ref().expect("measured"));
    }
}
