//! Rate tables on both engines: a merchant category's own rate wins over the level's rate for any
//! category, an explicit zero for a category blocks that fallback, nexus selects the entry, a new
//! table replaces the old one, and `taxRateOf`, the `Settled` event and every collector's credit
//! agree between the Solidity and the Stylus engine. (The differential fuzz settles with MCC 0 only.)

#[allow(dead_code)] // The module serves several test crates; this one uses its world.
mod settlement_world;

use alloy::primitives::{Address, B256, U256, keccak256};
use alloy::sol_types::SolCall;
use chlom_bindings::{ISettlementEngine, SettlementEngine};
use chlom_evm::TxRequest;
use settlement_world::{ADMIN, Engine, World};

const GROCERY: u16 = 5411;
const OTHER: u16 = 1234;
const STATE: B256 = B256::repeat_byte(0x51);
const CITY: B256 = B256::repeat_byte(0x52);
const STATE_COLLECTOR: Address = Address::repeat_byte(0xc5);
const CITY_COLLECTOR: Address = Address::repeat_byte(0xcc);
const PAYEE: Address = Address::repeat_byte(0x77);

fn entry(jurisdiction: B256, mcc: u16, nexus: bool, rate_bps: u16, collector: Address) -> ISettlementEngine::RateEntry {
    ISettlementEngine::RateEntry { jurisdiction, mcc, nexus, rateBps: rate_bps, collector }
}

/// What one engine shows for the scenario: every `taxRateOf`, and each settlement's return data,
/// logs and the collectors' credits after it.
fn run(engine: Engine) -> Vec<(String, Vec<u8>)> {
    let mut world = World::new(engine);
    let mut seen = Vec::new();
    let shares = vec![ISettlementEngine::Share {
        recipient: PAYEE,
        kind: 0,
        bps: 10_000,
        floor: 0,
        cap: 0,
        adjustment: 0,
        vestingCliff: 0,
        vestingEnd: 0,
    }];
    let graph_id = keccak256("rates");
    world.send(&SettlementEngine::registerGraphCall { graphId: graph_id, shares: shares.clone() }).expect("graph");
    let entries = vec![
        entry(STATE, GROCERY, true, 300, STATE_COLLECTOR),
        entry(STATE, 0, true, 500, STATE_COLLECTOR),
        entry(STATE, 0, false, 900, STATE_COLLECTOR),
        // An explicit zero for groceries in the city: no fallback to the city's any-category rate.
        entry(CITY, GROCERY, false, 0, Address::ZERO),
        entry(CITY, 0, false, 700, CITY_COLLECTOR),
    ];
    world.send(&SettlementEngine::registerRateTableCall { entries }).expect("table");
    let path = vec![
        ISettlementEngine::JurisdictionLevel { code: STATE, nexus: true },
        ISettlementEngine::JurisdictionLevel { code: CITY, nexus: false },
    ];
    world.send(&SettlementEngine::setJurisdictionCall { graphId: graph_id, path }).expect("path");

    let mut settle = |world: &mut World, txid: u8, mcc: u16, label: &str| {
        let rate = world.chain.view(world.engine, &SettlementEngine::taxRateOfCall { graphId: graph_id, mcc });
        seen.push((format!("{label}: taxRateOf"), rate.expect("taxRateOf").to_be_bytes_vec()));
        let request = ISettlementEngine::SettleRequest {
            txid: B256::repeat_byte(txid),
            graphId: graph_id,
            licenseId: U256::from(1),
            token: Address::ZERO,
            amount: U256::from(1_000_000),
            mcc,
        };
        let call = SettlementEngine::settleCall { request, shares: shares.clone() };
        let receipt = world
            .chain
            .transact(TxRequest::call(ADMIN, world.engine, call.abi_encode()).with_value(U256::from(1_000_000)))
            .expect("valid");
        assert!(receipt.is_success(), "{label}: {}", receipt.output);
        seen.push((format!("{label}: output"), receipt.output.to_vec()));
        for log in &receipt.logs {
            seen.push((format!("{label}: log"), [log.topics().concat(), log.data.data.to_vec()].concat()));
        }
        for collector in [STATE_COLLECTOR, CITY_COLLECTOR, PAYEE] {
            seen.push((format!("{label}: credit {collector}"), world.credit(collector).to_be_bytes_vec()));
        }
    };
    settle(&mut world, 1, GROCERY, "groceries");
    settle(&mut world, 2, OTHER, "another category");
    settle(&mut world, 3, 0, "any category");
    // A new table replaces the old: the city no longer taxes, the state's nexus rate changes.
    let entries = vec![entry(STATE, 0, true, 250, STATE_COLLECTOR)];
    world.send(&SettlementEngine::registerRateTableCall { entries }).expect("second table");
    settle(&mut world, 4, GROCERY, "second table");
    seen
}

#[test]
fn rates_by_category_nexus_and_version_agree_on_both_engines() {
    let solidity = run(Engine::Solidity);
    let stylus = run(Engine::Stylus);
    assert_eq!(solidity.len(), stylus.len());
    for (sol, sty) in solidity.iter().zip(&stylus) {
        assert_eq!(sol, sty, "Solidity and Stylus differ at {}", sol.0);
    }
    // The expected rates, from the Solidity run: groceries 3% (state) + 0% (city, explicit zero);
    // another category 5% + 7%; MCC 0 the same as another category; the second table 2.5%.
    let rate = |label: &str| {
        let bytes = &solidity.iter().find(|(name, _)| name == &format!("{label}: taxRateOf")).expect(label).1;
        U256::from_be_slice(bytes)
    };
    assert_eq!(rate("groceries"), U256::from(300));
    assert_eq!(rate("another category"), U256::from(1_200));
    assert_eq!(rate("any category"), U256::from(1_200));
    assert_eq!(rate("second table"), U256::from(250));
    let credit = |label: &str, account: Address| {
        let bytes = &solidity.iter().find(|(name, _)| name == &format!("{label}: credit {account}")).expect(label).1;
        U256::from_be_slice(bytes)
    };
    // State: 30,000 + 50,000 + 50,000 + 25,000; city: 70,000 twice.
    assert_eq!(credit("second table", STATE_COLLECTOR), U256::from(155_000));
    assert_eq!(credit("second table", CITY_COLLECTOR), U256::from(140_000));
}
