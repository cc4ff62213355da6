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

use alloy::primitives::{Address, B256, U256, keccak256};
use alloy::sol_types::{SolCall, SolConstructor};
use chlom_bindings::{ISettlementEngine, SettlementEngine};
use chlom_evm::{Chain, TxRequest};
use eyre::{Result, eyre};
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

/// The whole measurement.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Report {
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

/// An engine with a 1% fee, the minimum sustainability share and one jurisdiction level at 5%.
fn engine(chain: &mut Chain) -> Result<Address> {
    let args = SettlementEngine::constructorCall { admin: ADMIN, epochSeconds: 86_400 }.abi_encode();
    let engine = chain.deploy(ADMIN, [SettlementEngine::BYTECODE.as_ref(), &args].concat())?;
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

/// Measures the table and searches the largest graph that settles in a block.
pub(crate) fn measure() -> Result<Report> {
    // A block far larger than 30M, so that the search can see how far past the limit a graph goes.
    let unlimited = chlom_evm::ChainConfig { default_gas_limit: UNLIMITED, ..chlom_evm::ChainConfig::default() };
    let mut chain = Chain::with_config(unlimited);
    let engine = engine(&mut chain)?;
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
    Ok(Report { rows, largest_in_block, largest_gas, largest_first, largest_first_gas })
}

/// Prints the report.
pub(crate) fn print(report: &Report) {
    println!("SettlementEngine: ETH settlement gas per recipient (in-process revm, Prague)");
    println!("  receipt gas of the second settlement over the graph (credit slots already hold balances);");
    println!("  marginal = (gas(n) - gas(1)) / (n - 1); average = gas(n) / n; 0xSplits v1 distributeETH");
    println!("  figures as published (averages). Fee 1% with sustainability, one tax level.");
    println!(
        "{:>10} {:>12} {:>16} {:>16} {:>16}  marginal below?",
        "recipients", "gas", "marginal/recip.", "average/recip.", "0xSplits/recip."
    );
    for row in &report.rows {
        println!(
            "{:>10} {:>12} {:>16} {:>16} {:>16}  {}",
            row.recipients,
            row.gas,
            row.marginal_per_recipient,
            row.average_per_recipient,
            row.splits_per_recipient,
            if row.below_splits { "PASS" } else { "MISS" }
        );
    }
    println!(
        "largest graph settled within a {BLOCK_GAS}-gas block: {} recipients ({} gas); a graph's first settlement,",
        report.largest_in_block, report.largest_gas
    );
    println!("  when every credit slot is new: {} recipients ({} gas)", report.largest_first, report.largest_first_gas);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_measured_and_recipients_cost_less_than_in_0xsplits() {
        let report = measure().expect("the settlements run");
        assert_eq!(report.rows.len(), SIZES.len());
        for row in &report.rows {
            assert!(row.below_splits, "{} recipients: {} per recipient", row.recipients, row.marginal_per_recipient);
            assert!(row.average_per_recipient >= row.marginal_per_recipient);
        }
        assert!(report.largest_in_block > report.largest_first && report.largest_first > 1_000, "{report:?}");
        assert!(report.largest_gas <= BLOCK_GAS && report.largest_first_gas <= BLOCK_GAS);
    }
}
