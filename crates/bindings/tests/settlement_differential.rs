//! Differential fuzzing of the settlement engines: proptest generates payout graphs (1 to 16 shares
//! of every node kind, with floors, caps, adjustments and vesting), jurisdiction paths with rates,
//! fees, sustainability shares, escrow holds and amounts from one wei to 2^200; each settles on
//! the Solidity engine and on the Stylus engine (its compiled WASM), both in revm, and through
//! `chlom_core::settlement`. Every credit, escrow, grant and total (or the exact revert) must agree
//! with the core, the two engines' return data and logs must be identical byte for byte, and
//! value must be conserved to the wei.
//!
//! 10,000 graphs by default; `CHLOM_FUZZ=intense` runs 100,000, `PROPTEST_CASES=n` sets the count.
//! The Stylus engine needs `script/build-stylus.sh` first.

use std::collections::BTreeMap;

use alloy::primitives::{Address, B256, U256, keccak256};
use alloy::sol_types::{SolCall, SolError, SolEvent};
use chlom_bindings::ISettlementEngine;
use chlom_bindings::SettlementEngine::{self, FloorsExceedAvailable, Settled};
use chlom_core::settlement::{SettlementError, SettlementInputs, ShareTerms, settle};
use chlom_evm::TxRequest;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

mod settlement_world;
use settlement_world::{ADMIN, EPOCH, Engine, POOL, World};

const FEE_WALLET: Address = Address::repeat_byte(0xfe);
const SUSTAINABILITY: Address = Address::repeat_byte(0x5u8);
const LICENSE: U256 = U256::from_limbs([7, 0, 0, 0]);

/// Node kinds as the ABI numbers them.
const PARTY: u8 = 0;
const INSURER: u8 = 1;
const ESCROW: u8 = 2;
const POOL_NODE: u8 = 3;

#[derive(Debug, Clone)]
struct ShareCase {
    recipient: u8,
    kind: u8,
    bps: u16,
    floor: u64,
    cap: u64,
    adjustment: i64,
    vesting: bool,
}

#[derive(Debug, Clone)]
struct Case {
    amount: U256,
    shares: Vec<ShareCase>,
    rates: Vec<u16>,
    fee_bps: u16,
    sustainability_bps: u16,
    hold: u64,
}

fn share() -> impl Strategy<Value = ShareCase> {
    (
        0..12u8,
        prop::sample::select(vec![PARTY, PARTY, PARTY, INSURER, ESCROW, POOL_NODE]),
        0..4_000u16,
        any::<u8>(),
        any::<u8>(),
        -50..50i64,
        prop::bool::weighted(0.1),
    )
        .prop_map(|(recipient, kind, bps, floor, cap, adjustment, vesting)| ShareCase {
            recipient,
            kind,
            bps,
            // Mostly no floor or cap, sometimes small ones, so that both bind now and then.
            floor: if floor < 200 { 0 } else { u64::from(floor) },
            cap: if cap < 180 { 0 } else { u64::from(cap) * 1_000 },
            adjustment,
            vesting,
        })
}

fn amount() -> impl Strategy<Value = U256> {
    prop_oneof![
        (1..10_000u64).prop_map(U256::from),
        (1..u64::MAX).prop_map(U256::from),
        (any::<u128>(), 0..72usize).prop_map(|(value, shift)| (U256::from(value) << shift).max(U256::from(1))),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (
        amount(),
        prop::collection::vec(share(), 1..16),
        prop::collection::vec(0..1_500u16, 0..4),
        0..=1_000u16,
        100..=500u16,
        prop_oneof![3 => Just(0u64), 1 => 0..100_000u64],
    )
        .prop_map(|(amount, mut shares, rates, fee_bps, sustainability_bps, hold)| {
            // A registrable graph: basis points within 10,000, floors under caps, one Pool node.
            let mut total = 0u32;
            let mut pool = false;
            for share in &mut shares {
                if u32::from(share.bps) + total > 10_000 {
                    share.bps = (10_000 - total) as u16;
                }
                total += u32::from(share.bps);
                if share.cap != 0 && share.floor > share.cap {
                    share.floor = share.cap;
                }
                if share.kind == POOL_NODE {
                    if pool {
                        share.kind = PARTY;
                    }
                    pool = true;
                }
            }
            Case { amount, shares, rates, fee_bps, sustainability_bps, hold }
        })
}

fn recipient(index: u8) -> Address {
    Address::with_last_byte(0x40 + index)
}

fn collector(level: usize) -> Address {
    Address::with_last_byte(0xc0 + level as u8)
}

fn abi_shares(case: &Case) -> Vec<ISettlementEngine::Share> {
    case.shares
        .iter()
        .map(|share| ISettlementEngine::Share {
            recipient: recipient(share.recipient),
            kind: share.kind,
            bps: share.bps,
            floor: u128::from(share.floor),
            cap: u128::from(share.cap),
            adjustment: i128::from(share.adjustment),
            vestingCliff: if share.vesting { 100 } else { 0 },
            vestingEnd: if share.vesting { 1_000 } else { 0 },
        })
        .collect()
}

/// Runs one case on the engine and the core and compares everything; returns the settlement's
/// receipt.
fn run_case(world: &mut World, case: &Case, txid: B256) -> Result<chlom_evm::Receipt, TestCaseError> {
    let graph_id = keccak256(txid);
    let shares = abi_shares(case);
    world.send(&SettlementEngine::setFeeCall { feeBps: case.fee_bps, feeWallet: FEE_WALLET })?;
    world
        .send(&SettlementEngine::setSustainabilityCall { shareBps: case.sustainability_bps, wallet: SUSTAINABILITY })?;
    world.send(&SettlementEngine::registerGraphCall { graphId: graph_id, shares: shares.clone() })?;
    let entries = case
        .rates
        .iter()
        .enumerate()
        .map(|(level, rate)| ISettlementEngine::RateEntry {
            jurisdiction: B256::with_last_byte(level as u8 + 1),
            mcc: 0,
            nexus: true,
            rateBps: *rate,
            collector: collector(level),
        })
        .collect();
    world.send(&SettlementEngine::registerRateTableCall { entries })?;
    let path = (0..case.rates.len())
        .map(|level| ISettlementEngine::JurisdictionLevel { code: B256::with_last_byte(level as u8 + 1), nexus: true })
        .collect();
    world.send(&SettlementEngine::setJurisdictionCall { graphId: graph_id, path })?;
    world.send(&SettlementEngine::setHoldCall {
        licenseId: LICENSE,
        amount: U256::from(case.hold),
        r#ref: B256::ZERO,
    })?;

    let request = ISettlementEngine::SettleRequest {
        txid,
        graphId: graph_id,
        licenseId: LICENSE,
        token: Address::ZERO,
        amount: case.amount,
        mcc: 0,
    };
    // Half the cases settle with the readable graph, half with the packed form processors send.
    let calldata = if txid.0[31].is_multiple_of(2) {
        SettlementEngine::settleCall { request, shares }.abi_encode()
    } else {
        let packed = world.chain.view(world.engine, &SettlementEngine::packGraphCall { shares }).expect("packGraph");
        SettlementEngine::settlePackedCall { request, shares: packed.packed, terms: packed.terms }.abi_encode()
    };
    let receipt = world
        .chain
        .transact(TxRequest::call(ADMIN, world.engine, calldata).with_value(case.amount))
        .map_err(|e| TestCaseError::fail(format!("invalid transaction: {e}")))?;

    let inputs = SettlementInputs {
        amount: case.amount,
        fee_bps: u64::from(case.fee_bps),
        sustainability_bps: u64::from(case.sustainability_bps),
        hold_outstanding: U256::from(case.hold),
    };
    let rates: Vec<u64> = case.rates.iter().map(|rate| u64::from(*rate)).collect();
    let terms: Vec<ShareTerms> = case
        .shares
        .iter()
        .map(|share| ShareTerms {
            bps: share.bps,
            adjustment: i128::from(share.adjustment),
            floor: u128::from(share.floor),
            cap: u128::from(share.cap),
        })
        .collect();
    let expected = settle(&inputs, &rates, &terms);

    let settled = match expected {
        Err(SettlementError::FloorsExceedAvailable { index, floor, available }) => {
            let error = FloorsExceedAvailable { index: U256::from(index), floor, available };
            prop_assert!(!receipt.is_success(), "the engine settled what the core refuses");
            prop_assert_eq!(receipt.output.to_vec(), error.abi_encode(), "revert data");
            return Ok(receipt);
        }
        Err(other) => return Err(TestCaseError::fail(format!("the generator made an invalid case: {other:?}"))),
        Ok(settled) => settled,
    };
    prop_assert!(receipt.is_success(), "the engine refused: {}", receipt.output);

    // The event's totals.
    let events = receipt.events::<Settled>();
    prop_assert_eq!(events.len(), 1);
    let event = events[0].1.clone();
    prop_assert_eq!(
        (event.tax, event.fee, event.escrow, event.dust, event.dustReason),
        (settled.tax, settled.fee, settled.escrow, settled.dust, settled.dust_reason)
    );

    // Every credit: recipients (aggregated, as an address may appear twice), collectors, wallets.
    let mut credits: BTreeMap<Address, U256> = BTreeMap::new();
    let mut escrow = settled.escrow;
    let mut vested = U256::ZERO;
    let mut pool = POOL;
    for (share, value) in case.shares.iter().zip(&settled.shares) {
        match (share.kind, share.vesting) {
            (ESCROW, _) => escrow += *value,
            (_, true) if !value.is_zero() => vested += *value,
            _ => *credits.entry(recipient(share.recipient)).or_default() += *value,
        }
        if share.kind == POOL_NODE {
            pool = recipient(share.recipient);
        }
    }
    *credits.entry(pool).or_default() += settled.dust;
    for (level, tax) in settled.taxes.iter().enumerate() {
        *credits.entry(collector(level)).or_default() += *tax;
    }
    *credits.entry(FEE_WALLET).or_default() += settled.fee - settled.sustainability;
    *credits.entry(SUSTAINABILITY).or_default() += settled.sustainability;
    let mut credited = U256::ZERO;
    for (account, expected) in &credits {
        let actual = world.credit(*account);
        prop_assert_eq!(actual, *expected, "credit of {}", account);
        credited += actual;
    }
    let held = world
        .chain
        .view(world.engine, &SettlementEngine::escrowOfCall { licenseId: LICENSE, token: Address::ZERO })
        .expect("escrowOf");
    prop_assert_eq!(held, escrow, "escrow");
    let paid: U256 = settled.shares.iter().copied().sum();
    prop_assert_eq!(paid + settled.tax + settled.fee + settled.escrow + settled.dust, case.amount, "core conservation");
    prop_assert_eq!(credited + held + vested, case.amount, "every wei of the payment is accounted for");
    prop_assert_eq!(world.chain.balance(world.engine), case.amount, "the engine holds the payment");
    Ok(receipt)
}

fn cases() -> u32 {
    let default = if std::env::var("CHLOM_FUZZ").is_ok_and(|profile| profile == "intense") { 100_000 } else { 10_000 };
    std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(default)
}

/// A log as two engines must agree on it: topics and data (the emitting address differs).
type LogBody = (Vec<B256>, Vec<u8>);

/// What two engines must agree on byte for byte: success, the return (or revert) data and every
/// log.
fn observable(receipt: &chlom_evm::Receipt) -> (bool, Vec<u8>, Vec<LogBody>) {
    let logs = receipt.logs.iter().map(|log| (log.topics().to_vec(), log.data.data.to_vec())).collect();
    (receipt.is_success(), receipt.output.to_vec(), logs)
}

#[test]
fn both_engines_agree_with_the_core_and_each_other_on_random_graphs() {
    let mut worlds = [World::new(Engine::Solidity), World::new(Engine::Stylus)];
    let bases = worlds.each_mut().map(|world| world.chain.snapshot());
    let worlds = std::cell::RefCell::new(worlds);
    let counter = std::cell::Cell::new(0u64);
    let (settled, refused) = (std::cell::Cell::new(0u64), std::cell::Cell::new(0u64));
    let config = Config { cases: cases(), failure_persistence: None, ..Config::default() };
    let result = TestRunner::new(config).run(&case(), |case| {
        let mut worlds = worlds.borrow_mut();
        counter.set(counter.get() + 1);
        let txid = B256::from(U256::from(counter.get()));
        let mut seen = Vec::new();
        for (world, base) in worlds.iter_mut().zip(bases) {
            world.chain.revert_to(base).expect("base snapshot");
            world.chain.snapshot();
            seen.push(observable(&run_case(world, &case, txid)?));
        }
        prop_assert_eq!(&seen[0], &seen[1], "Solidity and Stylus differ");
        if seen[0].0 {
            settled.set(settled.get() + 1)
        } else {
            refused.set(refused.get() + 1)
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    eprintln!("settled {}, refused by floors {}", settled.get(), refused.get());
    assert!(settled.get() * 2 > counter.get(), "most generated graphs must settle");
    assert!(refused.get() > 0 || counter.get() < 500, "floors must sometimes refuse");
}

#[test]
fn the_settled_event_keeps_its_documented_signature() {
    assert_eq!(
        Settled::SIGNATURE,
        "Settled(bytes32,bytes32,uint256,address,uint256,uint256,uint256,uint256,uint256,uint8,bytes32,bytes32)"
    );
}

/// The engine's `EpochRoot` equals the root `chlom_core::settlement::epoch` rebuilds from the
/// epoch's `Settled` events, as an auditor (or a CSV exporter) would.
#[test]
fn epoch_roots_rebuild_from_the_settled_events() {
    for engine in [Engine::Solidity, Engine::Stylus] {
        epoch_root_rebuilds(engine);
    }
}

fn epoch_root_rebuilds(engine: Engine) {
    use chlom_core::settlement::epoch::{SettlementRecord, root};
    let mut world = World::new(engine);
    let graph_id = B256::repeat_byte(0x42);
    let case = Case {
        amount: U256::ZERO,
        shares: vec![ShareCase {
            recipient: 1,
            kind: PARTY,
            bps: 6_000,
            floor: 0,
            cap: 0,
            adjustment: 0,
            vesting: false,
        }],
        rates: vec![500],
        fee_bps: 100,
        sustainability_bps: 100,
        hold: 0,
    };
    let shares = abi_shares(&case);
    world.send(&SettlementEngine::setFeeCall { feeBps: 100, feeWallet: FEE_WALLET }).expect("fee");
    world.send(&SettlementEngine::registerGraphCall { graphId: graph_id, shares: shares.clone() }).expect("graph");
    world
        .send(&SettlementEngine::setHoldCall { licenseId: LICENSE, amount: U256::from(50_000), r#ref: B256::ZERO })
        .expect("hold");
    let epoch = world.chain.timestamp() / EPOCH;
    let mut leaves = Vec::new();
    for index in 1..=7u64 {
        let amount = U256::from(index * 1_000_003);
        let request = ISettlementEngine::SettleRequest {
            txid: B256::from(U256::from(index)),
            graphId: graph_id,
            licenseId: LICENSE,
            token: Address::ZERO,
            amount,
            mcc: 0,
        };
        let call = SettlementEngine::settleCall { request, shares: shares.clone() };
        let receipt = world
            .chain
            .transact(TxRequest::call(ADMIN, world.engine, call.abi_encode()).with_value(amount))
            .expect("valid")
            .into_result()
            .expect("settles");
        let event = receipt.events::<Settled>().pop().expect("a Settled event").1;
        leaves.push(
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
            .leaf(),
        );
    }
    world.chain.mine(1, EPOCH);
    let close = SettlementEngine::closeEpochCall { epoch };
    let receipt = world.chain.send(ADMIN, world.engine, &close).expect("the epoch closes");
    let emitted = receipt.events::<SettlementEngine::EpochRoot>();
    assert_eq!(emitted.len(), 1);
    assert_eq!(emitted[0].1.settlements, 7);
    assert_eq!(emitted[0].1.root, root(&leaves), "the rebuilt root");
    let stored = world.chain.view(world.engine, &SettlementEngine::epochRootOfCall { epoch }).expect("epochRootOf");
    assert_eq!(stored, root(&leaves));
    // One leaf changed (a different dust, say) gives another root.
    leaves[3] = B256::repeat_byte(1);
    assert_ne!(emitted[0].1.root, root(&leaves));
}
