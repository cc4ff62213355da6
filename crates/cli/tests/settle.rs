//! `chlom settle --graph` on the example graphs and on bad graphs, and `chlom settle export-epoch`
//! against a SettlementEngine on a real anvil from the npm install.

use std::process::{Command, Output};

use alloy::node_bindings::AnvilInstance;
use alloy::primitives::{Address, B256, U256, keccak256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionReceipt;
use alloy::signers::local::PrivateKeySigner;
use chlom_bindings::{ISettlementEngine, SettlementEngine};
use serde_json::Value;

#[allow(dead_code)] // Each test crate uses part of the shared support.
mod support;
use support::*;

fn example(name: &str) -> String {
    repository().join("examples/settlement").join(name).display().to_string()
}

fn chlom(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chlom"));
    command
        .args(args)
        .env_remove("CHLOM_RPC_URL")
        .env_remove("CHLOM_SETTLEMENT_ENGINE")
        .env("NO_COLOR", "1")
        .current_dir(repository());
    command
}

fn amount(value: &Value) -> U256 {
    value.as_str().unwrap_or_else(|| panic!("{value} is not a decimal string")).parse().expect("a decimal amount")
}

#[test]
fn settle_graph_prints_the_same_split_for_the_json_and_toml_examples() {
    let toml = chlom(&["settle", "--graph", &example("graph.toml")]).output().expect("runs");
    let json = chlom(&["settle", "--graph", &example("graph.json")]).output().expect("runs");
    assert!(toml.status.success(), "{}", stderr(&toml));
    assert!(json.status.success(), "{}", stderr(&json));
    assert_eq!(stdout(&toml), stdout(&json), "the two formats describe one graph");
    let table = stdout(&toml);
    for expected in [
        "0x1111111111111111111111111111111111111111  party     6000   564000",
        "0x2222222222222222222222222222222222222222  party     2000   200000  at floor",
        "0x3333333333333333333333333333333333333333  insurer   1000    50000  at cap",
        "0x4444444444444444444444444444444444444444  pool       500    47000  receives the dust",
        "tax US-CA",
        "of which sustainability 300 (300 bps of the fee)",
        "dust (capped)",
        "to 0x4444444444444444444444444444444444444444",
        "Σ = shares 861000 + tax 50000 + fee 10000 + escrow 0 + dust 79000 = 1000000 = amount",
    ] {
        assert!(table.contains(expected), "missing {expected:?} in\n{table}");
    }

    let machine = chlom(&["settle", "--json", "--graph", &example("graph.toml")]).output().expect("runs");
    assert!(machine.status.success(), "{}", stderr(&machine));
    let report = json_stdout(&machine);
    let from_json =
        json_stdout(&chlom(&["settle", "--graph", &example("graph.json"), "--json"]).output().expect("runs"));
    assert_eq!(report, from_json);
    let shares: Vec<U256> = report["shares"].as_array().expect("shares").iter().map(|s| amount(&s["amount"])).collect();
    assert_eq!(shares, [564_000u64, 200_000, 50_000, 47_000].map(U256::from));
    let paid: U256 = shares.iter().copied().sum();
    assert_eq!(amount(&report["paid"]), paid);
    let total =
        paid + amount(&report["tax"]) + amount(&report["fee"]) + amount(&report["escrow"]) + amount(&report["dust"]);
    assert_eq!(total, amount(&report["amount"]), "value is conserved");
    assert_eq!(amount(&report["amount"]), U256::from(1_000_000u64));
    assert_eq!(amount(&report["taxes"][0]["amount"]), U256::from(50_000u64));
    assert_eq!(report["taxes"][0]["jurisdiction"], "US-CA");
    assert_eq!(amount(&report["sustainability"]), U256::from(300u64));
    assert_eq!(amount(&report["distributable"]), U256::from(940_000u64));
    assert_eq!((report["dustReason"].as_str(), report["dustReasonCode"].as_u64()), (Some("capped"), Some(3)));
    assert_eq!(report["dustTo"], "0x4444444444444444444444444444444444444444");
    assert_eq!(report["conserved"], true);
}

#[test]
fn settle_graph_takes_256_bit_amounts_and_sends_dust_to_the_community_pool_without_a_pool_node() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.json");
    let graph = serde_json::json!({
        "amount": U256::MAX.to_string(),
        "fee_bps": 1000,
        "sustainability_bps": 500,
        "hold": "12345",
        "shares": [
            { "recipient": "0x1111111111111111111111111111111111111111", "kind": "party", "bps": 3333,
              "adjustment": "-5" },
            { "recipient": "0x2222222222222222222222222222222222222222", "kind": "escrow", "bps": 3333,
              "vesting_cliff": 100, "vesting_end": 1000 },
        ],
    });
    std::fs::write(&path, graph.to_string()).expect("written");
    let output = chlom(&["settle", "--json", "--graph"]).arg(&path).output().expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json_stdout(&output);
    assert_eq!(amount(&report["amount"]), U256::MAX);
    assert_eq!(amount(&report["escrow"]), U256::from(12_345u64));
    assert_eq!(report["dustTo"], "community pool");
    assert_eq!(report["dustReason"], "unallocated");
    assert_eq!(report["conserved"], true);
    assert_eq!(report["shares"][1]["note"], "vests: cliff 100 s, end 1000 s");
}

/// Writes `text` as `name` in a fresh folder and runs `chlom settle --graph` on it; it must fail,
/// and its error is returned.
fn refused(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("written");
    let output = chlom(&["settle", "--graph"]).arg(&path).output().expect("runs");
    assert!(!output.status.success(), "{name} was accepted:\n{}", stdout(&output));
    assert!(output.stdout.is_empty(), "a refusal prints no result: {}", stdout(&output));
    stderr(&output)
}

fn example_json() -> String {
    std::fs::read_to_string(example("graph.json")).expect("the example")
}

#[test]
fn settle_graph_refuses_bad_graphs_and_says_what_is_wrong() {
    let toml = std::fs::read_to_string(example("graph.toml")).expect("the example");

    let unknown = refused("unknown.toml", &toml.replace("hold = 0", "hold = 0\nholds = 1"));
    assert!(unknown.contains("unknown field `holds`"), "{unknown}");
    assert!(unknown.contains("line "), "the position is given: {unknown}");
    let unknown = refused("unknown.json", &example_json().replace("\"bps\": 6000", "\"bps\": 6000, \"weight\": 1"));
    assert!(unknown.contains("unknown field `weight`"), "{unknown}");

    let over = refused("over.json", &example_json().replace("\"bps\": 6000", "\"bps\": 7000"));
    assert!(over.contains("shares[3]: the basis points add up to 10500 by this share, over 10000"), "{over}");

    let pools = refused("pools.json", &example_json().replace("\"kind\": \"insurer\"", "\"kind\": \"pool\""));
    assert!(pools.contains("shares[3]: a second pool node (the first is shares[2])"), "{pools}");

    // B = 300,000 − 15,000 tax − 3,000 fee = 282,000; the first share takes 169,200, which leaves
    // 112,800 for the second's floor of 200,000.
    let floors = refused("floors.toml", &toml.replace("amount = \"1000000\"", "amount = \"300000\""));
    assert!(
        floors.contains("shares[1]: its floor 200000 does not fit in what is left of B (112800 of 282000"),
        "{floors}"
    );
    assert!(floors.contains("FloorsExceedAvailable"), "{floors}");

    let malformed = refused(
        "address.json",
        &example_json()
            .replace("0x3333333333333333333333333333333333333333", "0x33333333333333333333333333333333333333"),
    );
    assert!(
        malformed.contains("shares[2]: recipient \"0x33333333333333333333333333333333333333\" is not an address"),
        "{malformed}"
    );
    let zero = refused(
        "zero.toml",
        &toml.replace("0x4444444444444444444444444444444444444444", "0x0000000000000000000000000000000000000000"),
    );
    assert!(zero.contains("shares[3]: the recipient is the zero address"), "{zero}");

    let inverted = refused("inverted.toml", &toml.replace("cap = 50000", "cap = 50000\nfloor = 60000"));
    assert!(inverted.contains("shares[2]: floor 60000 is above cap 50000"), "{inverted}");
    let vesting =
        refused("vesting.toml", &toml.replace("bps = 6000", "bps = 6000\nvesting_cliff = 10\nvesting_end = 5"));
    assert!(vesting.contains("shares[0]: vesting_cliff 10 is after vesting_end 5"), "{vesting}");
    let fee = refused("fee.toml", &toml.replace("fee_bps = 100", "fee_bps = 1001"));
    assert!(fee.contains("fee_bps 1001 is above the engine's maximum of 1000"), "{fee}");
    let sustainability = refused("s.toml", &toml.replace("sustainability_bps = 300", "sustainability_bps = 99"));
    assert!(sustainability.contains("sustainability_bps 99 is outside 100..=500"), "{sustainability}");
    let rate = refused("rate.toml", &toml.replace("rate_bps = 500", "rate_bps = 10001"));
    assert!(rate.contains("taxes[0] (US-CA): rate_bps 10001 is above 10000"), "{rate}");
    let amount = refused("amount.json", &example_json().replace("\"1000000\"", "\"1e6\""));
    assert!(amount.contains("a whole number from 0 to 2^256 - 1"), "{amount}");
    let kind = refused("kind.json", &example_json().replace("\"insurer\"", "\"broker\""));
    assert!(kind.contains("unknown variant `broker`"), "{kind}");
    let empty = refused("empty.json", r#"{"amount": 1}"#);
    assert!(empty.contains("the graph has no shares"), "{empty}");
    let format = refused("graph.yaml", "amount: 1");
    assert!(format.contains("neither .json nor .toml"), "{format}");
}

// ---------------------------------------------------------------- export-epoch on anvil

const EPOCH_SECONDS: u64 = 3_600;
const LICENSE: u64 = 7;

/// Waits for a sent transaction and checks that it succeeded.
macro_rules! mined {
    ($call:expr) => {{
        let receipt: TransactionReceipt = $call.send().await.expect("sent").get_receipt().await.expect("a receipt");
        assert!(receipt.status(), "reverted: {receipt:?}");
        receipt
    }};
}

/// A SettlementEngine on anvil with a graph, a 5% tax level and a 1% fee.
struct Engine {
    anvil: AnvilInstance,
    address: Address,
    graph_id: B256,
    shares: Vec<ISettlementEngine::Share>,
}

impl Engine {
    fn endpoint(&self) -> String {
        self.anvil.endpoint()
    }
}

fn share(recipient: u8, kind: u8, bps: u16, cap: u128) -> ISettlementEngine::Share {
    ISettlementEngine::Share {
        recipient: Address::repeat_byte(recipient),
        kind,
        bps,
        floor: 0,
        cap,
        adjustment: 0,
        vestingCliff: 0,
        vestingEnd: 0,
    }
}

async fn deploy_engine(anvil: AnvilInstance) -> Engine {
    let signer: PrivateKeySigner =
        format!("0x{}", alloy::primitives::hex::encode(anvil.first_key().to_bytes())).parse().expect("key");
    let admin = signer.address();
    let provider = ProviderBuilder::new().wallet(signer).connect_http(anvil.endpoint_url());
    let engine = SettlementEngine::deploy(&provider, admin, EPOCH_SECONDS).await.expect("the engine deploys");
    for role in ["CHLOM_SETTLER_ROLE", "CHLOM_GRAPH_ROLE", "CHLOM_TAX_ROLE"] {
        mined!(engine.grantRole(keccak256(role), admin));
    }
    mined!(engine.setFee(100, Address::repeat_byte(0xfe)));
    let code = B256::right_padding_from(b"US-CA");
    let entry = ISettlementEngine::RateEntry {
        jurisdiction: code,
        mcc: 0,
        nexus: true,
        rateBps: 500,
        collector: Address::repeat_byte(0xc0),
    };
    mined!(engine.registerRateTable(vec![entry]));
    let graph_id = keccak256("export-epoch graph");
    let shares = vec![share(0x11, 0, 6_000, 0), share(0x33, 1, 1_000, 5_000), share(0x44, 3, 500, 0)];
    mined!(engine.registerGraph(graph_id, shares.clone()));
    mined!(engine.setJurisdiction(graph_id, vec![ISettlementEngine::JurisdictionLevel { code, nexus: true }]));
    Engine { address: *engine.address(), anvil, graph_id, shares }
}

/// Settles `amount` wei under `txid` and returns the receipt and its `Settled` event.
async fn settle(engine: &Engine, txid: u64, amount: u64) -> (TransactionReceipt, SettlementEngine::Settled) {
    let signer: PrivateKeySigner =
        format!("0x{}", alloy::primitives::hex::encode(engine.anvil.first_key().to_bytes())).parse().expect("key");
    let provider = ProviderBuilder::new().wallet(signer).connect_http(engine.anvil.endpoint_url());
    let contract = SettlementEngine::new(engine.address, &provider);
    let request = ISettlementEngine::SettleRequest {
        txid: B256::from(U256::from(txid)),
        graphId: engine.graph_id,
        licenseId: U256::from(LICENSE),
        token: Address::ZERO,
        amount: U256::from(amount),
        mcc: 0,
    };
    let receipt = mined!(contract.settle(request, engine.shares.clone()).value(U256::from(amount)));
    let event = receipt.decoded_log::<SettlementEngine::Settled>().expect("a Settled event").data;
    (receipt, event)
}

async fn rpc(engine: &Engine, method: &'static str, params: Vec<u64>) {
    let provider = ProviderBuilder::new().connect_http(engine.anvil.endpoint_url());
    provider.raw_request::<_, Value>(method.into(), params).await.unwrap_or_else(|e| panic!("{method}: {e}"));
}

async fn latest_timestamp(engine: &Engine) -> u64 {
    let provider = ProviderBuilder::new().connect_http(engine.anvil.endpoint_url());
    let block = provider.get_block_by_number(alloy::eips::BlockNumberOrTag::Latest).await.expect("block");
    block.expect("a latest block").header.timestamp
}

fn export(engine: &Engine, epoch: u64, extra: &[&str]) -> Output {
    chlom(&["settle", "export-epoch", &epoch.to_string(), "--rpc-url", &engine.endpoint()])
        .args(["--engine", &engine.address.to_string()])
        .args(extra)
        .output()
        .expect("runs")
}

#[test]
fn settle_export_epoch_writes_the_csv_and_checks_the_root_against_anvil() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let engine = runtime.block_on(deploy_engine(start_anvil()));
    // Start the settlements at the beginning of a fresh epoch, so that all three fall in it.
    let start = (runtime.block_on(latest_timestamp(&engine)) / EPOCH_SECONDS + 1) * EPOCH_SECONDS;
    runtime.block_on(rpc(&engine, "evm_setNextBlockTimestamp", vec![start + 1]));
    let epoch = start / EPOCH_SECONDS;
    let settled: Vec<_> = [1_000_003u64, 2_000_006, 3_000_009]
        .iter()
        .enumerate()
        .map(|(i, amount)| runtime.block_on(settle(&engine, i as u64 + 1, *amount)))
        .collect();

    // While the epoch runs: the root so far, no verdict, success.
    let running = export(&engine, epoch, &["--json", "--blocks-per-request", "2"]);
    assert!(running.status.success(), "{}", stderr(&running));
    let summary = json_stdout(&running);
    assert_eq!((summary["status"].as_str(), summary["settlements"].as_u64()), (Some("not over"), Some(3)));
    assert_eq!(summary["matches"], false);
    assert_eq!(summary["rows"].as_array().expect("rows without --out").len(), 3);
    assert!(stderr(&running).contains("settlements so far"), "progress on stderr: {}", stderr(&running));
    let running_root = summary["root"].clone();

    // After the epoch, before closeEpoch: still no verdict; a settlement of the next epoch stays out.
    runtime.block_on(rpc(&engine, "evm_increaseTime", vec![EPOCH_SECONDS]));
    runtime.block_on(rpc(&engine, "evm_mine", vec![]));
    let (_, next) = runtime.block_on(settle(&engine, 4, 4_000_012));
    let over = export(&engine, epoch, &[]);
    assert!(over.status.success(), "{}", stderr(&over));
    assert!(stderr(&over).contains("the epoch is over but not closed on chain yet"), "{}", stderr(&over));
    assert!(stderr(&over).contains(&format!("computed root {}", running_root.as_str().expect("root"))));
    assert_eq!(stdout(&over).lines().count(), 4, "header and three rows on stdout: {}", stdout(&over));

    // Closed: the CSV and a match.
    let closer = {
        let signer: PrivateKeySigner =
            format!("0x{}", alloy::primitives::hex::encode(engine.anvil.first_key().to_bytes())).parse().expect("key");
        ProviderBuilder::new().wallet(signer).connect_http(engine.anvil.endpoint_url())
    };
    let contract = SettlementEngine::new(engine.address, &closer);
    let on_chain = runtime.block_on(async {
        mined!(contract.closeEpoch(epoch));
        contract.epochRootOf(epoch).call().await.expect("epochRootOf")
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let csv_path = dir.path().join("epoch.csv");
    let closed = export(&engine, epoch, &["--out", csv_path.to_str().expect("utf-8"), "--blocks-per-request", "3"]);
    assert!(closed.status.success(), "{}", stderr(&closed));
    let text = stdout(&closed);
    assert!(text.contains(&format!("epoch {epoch} of {} on chain 31337: 3 settlements", engine.address)), "{text}");
    assert!(text.contains(&format!("on-chain root {on_chain}: matches")), "{text}");
    assert_eq!(format!("{on_chain}"), running_root.as_str().expect("root"), "nothing settled into the epoch since");

    let csv = std::fs::read_to_string(&csv_path).expect("the CSV is written");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "block,txHash,logIndex,txid,graphId,licenseId,token,amount,tax,fee,escrow,dust,dustReason,tableHash,jurisdictionHash,leaf"
        )
    );
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    assert_eq!(rows.len(), 3);
    for (row, (receipt, event)) in rows.iter().zip(&settled) {
        assert_eq!(row.len(), 16);
        assert_eq!(row[0], receipt.block_number.expect("block").to_string());
        assert_eq!(row[1], receipt.transaction_hash.to_string());
        assert_eq!(row[3], event.txid.to_string());
        assert_eq!(row[4], engine.graph_id.to_string());
        assert_eq!(row[5], B256::from(U256::from(LICENSE)).to_string());
        assert_eq!(row[6], Address::ZERO.to_string());
        assert_eq!(
            (row[7], row[8], row[9]),
            (&*event.amount.to_string(), &*event.tax.to_string(), &*event.fee.to_string())
        );
        assert_eq!(row[8], ((event.amount * U256::from(500) + U256::from(5_000)) / U256::from(10_000)).to_string());
        assert_eq!((row[10], row[11], row[12]), ("0", &*event.dust.to_string(), &*event.dustReason.to_string()));
        assert_eq!(event.dustReason, 3, "the insurer's cap leaves dust");
        assert!(!event.tableHash.is_zero() && !event.jurisdictionHash.is_zero());
        assert_eq!((row[13], row[14]), (&*event.tableHash.to_string(), &*event.jurisdictionHash.to_string()));
        assert_eq!(row[15].len(), 66);
    }
    assert!(!csv.contains(&next.txid.to_string()), "the next epoch's settlement is not exported");

    let machine = export(&engine, epoch, &["--json", "--out", csv_path.to_str().expect("utf-8")]);
    assert!(machine.status.success(), "{}", stderr(&machine));
    let summary = json_stdout(&machine);
    assert_eq!((summary["status"].as_str(), summary["matches"].as_bool()), (Some("match"), Some(true)));
    assert_eq!(summary["onChainRoot"], on_chain.to_string());
    assert!(summary.get("rows").is_none(), "rows go to the CSV file");

    // Missing the first settlement (a --from-block after it) gives another root: refused.
    let first_block = settled[0].0.block_number.expect("block");
    let partial = export(&engine, epoch, &["--from-block", &(first_block + 1).to_string()]);
    assert!(!partial.status.success());
    assert!(stderr(&partial).contains("2 settlements"), "{}", stderr(&partial));
    assert!(
        stderr(&partial).contains(&format!("differs from the engine's epochRootOf({epoch})")),
        "{}",
        stderr(&partial)
    );

    // The next epoch holds the fourth settlement and is not over.
    let following = export(&engine, epoch + 1, &["--json"]);
    assert!(following.status.success(), "{}", stderr(&following));
    let summary = json_stdout(&following);
    assert_eq!((summary["status"].as_str(), summary["settlements"].as_u64()), (Some("not over"), Some(1)));
    assert_eq!(summary["rows"][0]["txid"], next.txid.to_string());
}

#[test]
fn settle_export_epoch_names_what_is_missing_or_wrong() {
    let no_rpc =
        chlom(&["settle", "export-epoch", "1", "--engine", &Address::ZERO.to_string()]).output().expect("runs");
    assert!(!no_rpc.status.success());
    assert!(stderr(&no_rpc).contains("pass --rpc-url"), "{}", stderr(&no_rpc));

    let anvil = start_anvil();
    let empty = tempfile::tempdir().expect("tempdir");
    let no_engine = chlom(&["settle", "export-epoch", "1", "--rpc-url", &anvil.endpoint(), "--deployments-dir"])
        .arg(empty.path())
        .output()
        .expect("runs");
    assert!(!no_engine.status.success());
    let message = stderr(&no_engine);
    assert!(message.contains("pass --engine ADDRESS") && message.contains("no deployment record"), "{message}");

    let nothing_there = chlom(&["settle", "export-epoch", "1", "--rpc-url", &anvil.endpoint()])
        .args(["--engine", &Address::repeat_byte(0x99).to_string()])
        .output()
        .expect("runs");
    assert!(!nothing_there.status.success());
    assert!(stderr(&nothing_there).contains("there is no contract at"), "{}", stderr(&nothing_there));
}
