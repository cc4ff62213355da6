//! `chlom devnet`, `chlom deploy`, `chlom did`, `chlom license` and `chlom bench` against a real anvil
//! from the npm install (or the in-process chain for the benchmarks), and their errors.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use alloy::node_bindings::{Anvil, AnvilInstance};
use alloy::primitives::{Address, B256, keccak256};
use alloy::providers::{Provider, ProviderBuilder};
use chlom_bindings::{DLAEnforcement, LicenseRegistry, SettlementEngine};
use serde_json::Value;

#[allow(dead_code)] // Each test crate uses part of the shared support.
mod support;
use support::*;

fn chlom(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_chlom"));
    command
        .args(args)
        .env_remove("CHLOM_DEPLOYER_KEY")
        .env_remove("CHLOM_RPC_URL")
        .env_remove("CHLOM_EPOCH_SECONDS")
        .env_remove("CHLOM_SETTLEMENT_ENGINE")
        .env_remove("CHLOM_DLA")
        .env("NO_COLOR", "1");
    command
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn key_hex(anvil: &AnvilInstance) -> String {
    format!("0x{}", alloy::primitives::hex::encode(anvil.first_key().to_bytes()))
}

/// The address of contract `name` in a deployment record.
fn address_in(record: &Value, name: &str) -> Address {
    record["contracts"][name]["address"]
        .as_str()
        .unwrap_or_else(|| panic!("{name} is not recorded: {record}"))
        .parse()
        .expect("an address")
}

/// A role id as the registries compute it.
fn role(name: &str) -> B256 {
    keccak256(name)
}

/// The settlement engine's operational roles, which the deployment grants to the approver.
const ENGINE_ROLES: [&str; 5] =
    ["CHLOM_SETTLER_ROLE", "CHLOM_GRAPH_ROLE", "CHLOM_TAX_ROLE", "CHLOM_ENFORCEMENT_ROLE", "CHLOM_PAUSER_ROLE"];

/// Checks the settlement engine recorded as `name` in `record`: it has code, answers
/// `epochLength()` with `epoch_seconds`, its role getters name the ids [`ENGINE_ROLES`] grants,
/// `approver` holds them, `admin` holds the admin role, and its wallets are the admin's.
fn check_engine(
    anvil: &AnvilInstance,
    record: &Value,
    name: &str,
    epoch_seconds: u64,
    (deployer, admin, approver): (Address, Address, Address),
) {
    let provider = ProviderBuilder::new().connect_http(anvil.endpoint_url());
    let address = address_in(record, name);
    let engine = SettlementEngine::new(address, &provider);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        assert!(!provider.get_code_at(address).await.expect("code").is_empty(), "{name} has code");
        assert_eq!(engine.epochLength().call().await.expect("epochLength"), epoch_seconds);
        let getters = [
            engine.SETTLER_ROLE().call().await.expect("SETTLER_ROLE"),
            engine.GRAPH_ROLE().call().await.expect("GRAPH_ROLE"),
            engine.TAX_ROLE().call().await.expect("TAX_ROLE"),
            engine.ENFORCEMENT_ROLE().call().await.expect("ENFORCEMENT_ROLE"),
            engine.PAUSER_ROLE().call().await.expect("PAUSER_ROLE"),
        ];
        assert_eq!(getters, ENGINE_ROLES.map(role), "the role ids granted are the engine's");
        let has = |role: B256, account: Address| {
            let engine = &engine;
            async move { engine.hasRole(role, account).call().await.expect("hasRole") }
        };
        for name in ENGINE_ROLES {
            assert!(has(role(name), approver).await, "the approver holds {name}");
            if approver != deployer {
                assert!(!has(role(name), deployer).await, "the deployer does not hold {name}");
            }
        }
        assert!(has(B256::ZERO, admin).await, "the admin holds the engine's admin role");
        if admin != deployer {
            assert!(!has(B256::ZERO, deployer).await, "the deployer renounced the engine's admin role");
        }
        let fee = engine.fee().call().await.expect("fee");
        assert_eq!((fee.feeBps, fee.feeWallet), (0, admin), "no fee, the admin's wallet");
        let sustainability = engine.sustainability().call().await.expect("sustainability");
        assert_eq!((sustainability.shareBps, sustainability.wallet), (100, admin));
        assert_eq!(engine.communityPool().call().await.expect("communityPool"), admin);
    });
}

/// anvil's first two development accounts (its default mnemonic).
const ANVIL_ACCOUNTS: [&str; 2] =
    ["0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"];

/// The DLA enforcement contract's roles, which the deployment grants to the approver.
const DLA_ROLES: [&str; 3] = ["CHLOM_TRIAGE_ROLE", "CHLOM_INVESTIGATOR_ROLE", "CHLOM_COUNCIL_ROLE"];

/// Checks the DLA enforcement contract recorded as `DLAEnforcement` in `record`: it has code, reads
/// the recorded DID registry, license registry and settlement engine, holds `ENFORCEMENT_ROLE` in
/// the registry and the engine, its role getters name the ids [`DLA_ROLES`] grants, `approver`
/// holds them, `admin` holds the admin role and is the treasury.
fn check_dla(endpoint: &str, record: &Value, (deployer, admin, approver): (Address, Address, Address)) {
    let provider = ProviderBuilder::new().connect_http(endpoint.parse().expect("an RPC URL"));
    let address = address_in(record, "DLAEnforcement");
    let dla = DLAEnforcement::new(address, &provider);
    let registry = LicenseRegistry::new(address_in(record, "LicenseRegistry"), &provider);
    let engine = SettlementEngine::new(address_in(record, "SettlementEngine"), &provider);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        assert!(!provider.get_code_at(address).await.expect("code").is_empty(), "the DLA has code");
        assert_eq!(dla.didRegistry().call().await.expect("didRegistry"), address_in(record, "DIDRegistry"));
        assert_eq!(dla.licenseRegistry().call().await.expect("licenseRegistry"), *registry.address());
        assert_eq!(dla.settlementEngine().call().await.expect("settlementEngine"), *engine.address());
        let enforcement = role("CHLOM_ENFORCEMENT_ROLE");
        assert!(registry.hasRole(enforcement, address).call().await.expect("hasRole"), "the DLA enforces licenses");
        assert!(engine.hasRole(enforcement, address).call().await.expect("hasRole"), "the DLA holds escrow");
        let getters = [
            dla.TRIAGE_ROLE().call().await.expect("TRIAGE_ROLE"),
            dla.INVESTIGATOR_ROLE().call().await.expect("INVESTIGATOR_ROLE"),
            dla.COUNCIL_ROLE().call().await.expect("COUNCIL_ROLE"),
        ];
        assert_eq!(getters, DLA_ROLES.map(role), "the role ids granted are the DLA's");
        let has = |role: B256, account: Address| {
            let dla = &dla;
            async move { dla.hasRole(role, account).call().await.expect("hasRole") }
        };
        for name in DLA_ROLES {
            assert!(has(role(name), approver).await, "the approver holds {name}");
            if approver != deployer {
                assert!(!has(role(name), deployer).await, "the deployer does not hold {name}");
            }
        }
        assert!(has(B256::ZERO, admin).await, "the admin holds the DLA's admin role");
        if admin != deployer {
            assert!(!has(B256::ZERO, deployer).await, "the deployer renounced the DLA's admin role");
        }
        assert_eq!(dla.treasury().call().await.expect("treasury"), admin, "the admin is the treasury");
    });
}

#[test]
fn devnet_json_reports_the_approval_read_back_from_anvil() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = chlom(&["devnet", "--json", "--deployments-dir"]).arg(dir.path()).output().expect("runs");
    assert!(output.status.success(), "devnet failed: {}", stderr(&output));
    let summary = json_stdout(&output);

    let approval = &summary["approval"];
    assert_eq!(approval["sequence"], 1);
    assert_eq!(approval["lastSequence"], 1);
    assert_eq!(approval["event"]["name"], "LicenseActionApproved");
    assert_eq!(approval["event"]["signature"], "LicenseActionApproved(bytes32,bytes,address)");
    assert_eq!(approval["event"]["proposalId"], approval["proposalId"]);
    assert_eq!(approval["payload"]["verified"], true);
    assert_eq!(approval["payload"]["region"], "EU");
    assert_eq!(approval["payload"]["targetChainId"], summary["chainId"]);

    let emitter = summary["contracts"]["GovernanceEmitter"]["address"].as_str().expect("address");
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("31337.json")).expect("record written"))
            .expect("record is JSON");
    assert_eq!(record["contracts"]["GovernanceEmitter"]["address"], emitter);
    assert_eq!(record["tool"], "chlom devnet");
    assert!(record["contracts"]["DIDRegistry"]["address"].is_string(), "the registry is part of the suite");
    let licenses = record["contracts"]["LicenseRegistry"]["address"].as_str().expect("license registry recorded");
    assert_eq!(summary["contracts"]["LicenseRegistry"]["address"], licenses);
    assert_eq!(approval["payload"]["target"], licenses, "the approved action targets the license registry");
    assert!(record["contracts"]["SettlementEngine"]["address"].is_string(), "the engine is part of the suite");
    assert_eq!(address_in(&summary, "DLAEnforcement"), address_in(&record, "DLAEnforcement"), "the DLA is recorded");
    assert_eq!(record["chainId"], 31337);
}

#[test]
fn devnet_human_summary_names_the_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = chlom(&["devnet", "--deployments-dir"]).arg(dir.path()).output().expect("runs");
    assert!(output.status.success(), "devnet failed: {}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("LicenseActionApproved(proposalId="), "{stdout}");
    assert!(stdout.contains("sequence 1 of 1"), "{stdout}");
}

#[test]
fn devnet_without_anvil_says_where_to_get_it() {
    let output = chlom(&["devnet", "--anvil", "/nonexistent/anvil"]).output().expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("anvil not found at /nonexistent/anvil"), "{}", stderr(&output));
    assert!(stderr(&output).contains("script/setup.sh"), "{}", stderr(&output));
}

#[test]
fn devnet_on_a_taken_port_says_so() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let output = chlom(&["devnet", "--port", &port]).output().expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains(&format!("port {port} on 127.0.0.1 is not available")), "{}", stderr(&output));
}

#[test]
fn devnet_stops_anvil_on_ctrl_c() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = chlom(&["devnet", "--json", "--hold", "--deployments-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    // Read the summary, which ends with a closing brace alone on its line.
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut text = String::new();
    loop {
        let mut line = String::new();
        assert!(reader.read_line(&mut line).expect("read") > 0, "devnet exited early: {text}");
        text.push_str(&line);
        if line == "}\n" {
            break;
        }
    }
    let summary: Value = serde_json::from_str(&text).expect("summary");
    let rpc = summary["rpcUrl"].as_str().expect("rpc url").trim_start_matches("http://").to_owned();
    assert!(TcpStream::connect(&rpc).is_ok(), "anvil is serving while held");
    // The DLA of the held chain, wired as `chlom deploy` wires it: devnet deploys from anvil's
    // first development account (the admin) with the second as approver.
    let (admin, approver) = (ANVIL_ACCOUNTS[0].parse().expect("address"), ANVIL_ACCOUNTS[1].parse().expect("address"));
    check_dla(summary["rpcUrl"].as_str().expect("rpc url"), &summary, (admin, admin, approver));

    let status = Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(Instant::now() < deadline, "devnet did not stop after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "exit after Ctrl-C while holding: {exit:?}");
    assert!(TcpStream::connect(&rpc).is_err(), "anvil was stopped");
}

#[test]
fn deploy_without_a_key_says_which_variable_to_set() {
    let output = chlom(&["deploy", "--rpc-url", "http://127.0.0.1:1"]).output().expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("set CHLOM_DEPLOYER_KEY"), "{}", stderr(&output));
}

#[test]
fn deploy_with_a_malformed_key_does_not_echo_it() {
    let output = chlom(&["deploy", "--rpc-url", "http://127.0.0.1:1"])
        .env("CHLOM_DEPLOYER_KEY", "0xnot-a-key-secret")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("not a valid secp256k1 private key"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("not-a-key-secret"), "the key leaked: {}", stderr(&output));
}

#[test]
fn deploy_to_an_unreachable_rpc_says_so() {
    let url = format!("http://127.0.0.1:{}", free_port());
    let output = chlom(&["deploy", "--rpc-url", &url])
        .env("CHLOM_DEPLOYER_KEY", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains(&format!("cannot reach the RPC endpoint {url}")), "{}", stderr(&output));
}

#[test]
fn deploy_simulates_by_default_and_broadcasts_when_asked() {
    let anvil = start_anvil();
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_hex(&anvil);
    let endpoint = anvil.endpoint();

    let simulated = chlom(&["deploy", "--json", "--rpc-url", &endpoint, "--deployments-dir"])
        .arg(dir.path())
        .env("CHLOM_DEPLOYER_KEY", &key)
        .output()
        .expect("runs");
    assert!(simulated.status.success(), "{}", stderr(&simulated));
    let plan = json_stdout(&simulated);
    assert_eq!(plan["broadcast"], false);
    let predicted: Address = plan["contracts"][0]["address"].as_str().expect("address").parse().expect("address");
    assert!(plan["contracts"][0]["estimatedGas"].as_u64().expect("gas") > 100_000);
    assert!(!dir.path().join("31337.json").exists(), "a simulation records nothing");

    let provider = ProviderBuilder::new().connect_http(anvil.endpoint_url());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    assert!(
        runtime.block_on(async { provider.get_code_at(predicted).await }).expect("code").is_empty(),
        "a simulation sends nothing"
    );

    let broadcast = chlom(&["deploy", "--json", "--broadcast", "--rpc-url", &endpoint, "--deployments-dir"])
        .arg(dir.path())
        .env("CHLOM_DEPLOYER_KEY", &key)
        .output()
        .expect("runs");
    assert!(broadcast.status.success(), "{}", stderr(&broadcast));
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("31337.json")).expect("recorded")).expect("json");
    let deployed: Address =
        record["contracts"]["GovernanceEmitter"]["address"].as_str().expect("address").parse().expect("address");
    assert_eq!(deployed, predicted, "the simulation predicted the address");
    assert_eq!(record["tool"], "chlom deploy");
    assert!(record["contracts"]["GovernanceEmitter"]["transactionHash"].is_string());
    assert!(!runtime.block_on(async { provider.get_code_at(deployed).await }).expect("code").is_empty());

    // The license registry is recorded where the simulation said, reads the recorded DID registry,
    // and the deployer (admin and approver by default) holds every role.
    let licenses = address_in(&record, "LicenseRegistry");
    let planned = plan["contracts"].as_array().expect("contracts").iter().find(|c| c["name"] == "LicenseRegistry");
    let planned: Address = planned.expect("the simulation plans the license registry")["address"]
        .as_str()
        .expect("address")
        .parse()
        .expect("address");
    assert_eq!(planned, licenses, "the simulation predicted the license registry's address");
    let planned_dla = plan["contracts"].as_array().expect("contracts").iter().find(|c| c["name"] == "DLAEnforcement");
    let planned_dla: Address = planned_dla.expect("the simulation plans the DLA")["address"]
        .as_str()
        .expect("address")
        .parse()
        .expect("address");
    assert_eq!(planned_dla, address_in(&record, "DLAEnforcement"), "the simulation predicted the DLA's address");
    let deployer = anvil.addresses()[0];
    let roles = plan["roleCalls"].as_array().expect("role calls");
    let calls: Vec<(&str, &str, Address)> = roles
        .iter()
        .map(|c| {
            (
                c["contract"].as_str().expect("contract"),
                c["roleName"].as_str().expect("role"),
                c["account"].as_str().expect("account").parse().expect("address"),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            ("LicenseRegistry", "ISSUER_ROLE", deployer),
            ("LicenseRegistry", "COMPLIANCE_ROLE", deployer),
            ("LicenseRegistry", "ENFORCEMENT_ROLE", deployer),
            ("LicenseRegistry", "ENFORCEMENT_ROLE", planned_dla),
            ("SettlementEngine", "SETTLER_ROLE", deployer),
            ("SettlementEngine", "GRAPH_ROLE", deployer),
            ("SettlementEngine", "TAX_ROLE", deployer),
            ("SettlementEngine", "ENFORCEMENT_ROLE", deployer),
            ("SettlementEngine", "PAUSER_ROLE", deployer),
            ("SettlementEngine", "ENFORCEMENT_ROLE", planned_dla),
            ("DLAEnforcement", "TRIAGE_ROLE", deployer),
            ("DLAEnforcement", "INVESTIGATOR_ROLE", deployer),
            ("DLAEnforcement", "COUNCIL_ROLE", deployer),
        ],
        "the operational roles, ENFORCEMENT_ROLE for the DLA, and no hand-over"
    );
    assert_eq!(plan["epochSeconds"], 86_400, "one day by default");
    let registry = LicenseRegistry::new(licenses, &provider);
    runtime.block_on(async {
        assert_eq!(registry.didRegistry().call().await.expect("didRegistry"), address_in(&record, "DIDRegistry"));
        for role in
            [role("CHLOM_ISSUER_ROLE"), role("CHLOM_COMPLIANCE_ROLE"), role("CHLOM_ENFORCEMENT_ROLE"), B256::ZERO]
        {
            assert!(registry.hasRole(role, deployer).call().await.expect("hasRole"), "deployer lacks {role}");
        }
    });

    // The settlement engine, where the simulation said, with a day's epochs and every role.
    let engine = address_in(&record, "SettlementEngine");
    let planned = plan["contracts"].as_array().expect("contracts").iter().find(|c| c["name"] == "SettlementEngine");
    let planned: Address = planned.expect("the simulation plans the engine")["address"]
        .as_str()
        .expect("address")
        .parse()
        .expect("address");
    assert_eq!(planned, engine, "the simulation predicted the engine's address");
    check_engine(&anvil, &record, "SettlementEngine", 86_400, (deployer, deployer, deployer));

    // `chlom settle export-epoch` finds the recorded engine without --engine.
    let now = runtime
        .block_on(async { provider.get_block_by_number(alloy::eips::BlockNumberOrTag::Latest).await })
        .expect("block")
        .expect("latest")
        .header
        .timestamp;
    let exported = chlom(&["settle", "export-epoch", &(now / 86_400).to_string(), "--json", "--rpc-url", &endpoint])
        .arg("--deployments-dir")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(exported.status.success(), "{}", stderr(&exported));
    let summary = json_stdout(&exported);
    assert_eq!(summary["engine"].as_str().expect("engine").parse::<Address>().expect("address"), engine);
    assert_eq!(summary["settlements"], 0);

    // The DLA, wired to the registry and the engine, and `chlom case report` finds it without --dla.
    check_dla(&endpoint, &record, (deployer, deployer, deployer));
    let reported = chlom(&["case", "report", "--json", "--rpc-url", &endpoint, "--deployments-dir"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(reported.status.success(), "{}", stderr(&reported));
    let report = json_stdout(&reported);
    assert_eq!(report["dla"].as_str().expect("dla").parse::<Address>().expect("address"), planned_dla);
    assert_eq!((&report["cases"], &report["active"], &report["breaches"]), (&0.into(), &0.into(), &0.into()));
}

#[test]
fn deploy_refuses_an_epoch_of_zero_seconds() {
    let output = chlom(&["deploy", "--rpc-url", "http://127.0.0.1:1", "--epoch-seconds", "0"])
        .env("CHLOM_DEPLOYER_KEY", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("--epoch-seconds"), "{}", stderr(&output));
}

#[test]
fn deploy_hands_the_license_registry_roles_to_the_admin_and_the_approver() {
    let anvil = start_anvil();
    let dir = tempfile::tempdir().expect("tempdir");
    let (deployer, admin, approver) = (anvil.addresses()[0], anvil.addresses()[1], anvil.addresses()[2]);
    let output = chlom(&["deploy", "--broadcast", "--rpc-url", &anvil.endpoint(), "--deployments-dir"])
        .arg(dir.path())
        .args(["--admin", &admin.to_string(), "--approver", &approver.to_string()])
        .env("CHLOM_EPOCH_SECONDS", "3600")
        .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("31337.json")).expect("recorded")).expect("json");
    let provider = ProviderBuilder::new().connect_http(anvil.endpoint_url());
    let registry = LicenseRegistry::new(address_in(&record, "LicenseRegistry"), &provider);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let has = |role: B256, account: Address| {
            let registry = &registry;
            async move { registry.hasRole(role, account).call().await.expect("hasRole") }
        };
        assert!(has(B256::ZERO, admin).await, "the admin holds the admin role");
        assert!(!has(B256::ZERO, deployer).await, "the deployer renounced the admin role");
        for name in ["CHLOM_ISSUER_ROLE", "CHLOM_COMPLIANCE_ROLE", "CHLOM_ENFORCEMENT_ROLE"] {
            assert!(has(role(name), approver).await, "the approver holds {name}");
            assert!(!has(role(name), deployer).await, "the deployer does not hold {name}");
        }
    });
    // The engine: CHLOM_EPOCH_SECONDS, the approver's roles, the admin's role and wallets.
    check_engine(&anvil, &record, "SettlementEngine", 3_600, (deployer, admin, approver));
    // The DLA: the approver's roles, the admin's role and treasury, ENFORCEMENT_ROLE where it acts.
    check_dla(&anvil.endpoint(), &record, (deployer, admin, approver));
}

#[test]
fn forge_deploy_script_simulates_then_broadcasts_and_records() {
    let anvil = start_anvil();
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |extra: &[&str]| {
        Command::new(repository().join("script/deploy.sh"))
            .args(["--rpc-url", &anvil.endpoint()])
            .args(extra)
            .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
            .env("CHLOM_DEPLOYMENTS_DIR", dir.path())
            .env("CHLOM_EPOCH_SECONDS", "7200")
            .output()
            .expect("deploy.sh runs")
    };
    let simulated = run(&[]);
    assert!(simulated.status.success(), "{}", stderr(&simulated));
    assert!(!dir.path().join("31337.json").exists(), "a simulation records nothing");

    let broadcast = run(&["--broadcast"]);
    assert!(broadcast.status.success(), "{}", stderr(&broadcast));
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("31337.json")).expect("recorded")).expect("json");
    assert_eq!(record["tool"], "forge script");
    assert!(record["contracts"]["DIDRegistry"]["address"].is_string(), "the registry is part of the suite");
    assert_eq!(record["chainId"], 31337);
    let licenses = LicenseRegistry::new(
        address_in(&record, "LicenseRegistry"),
        ProviderBuilder::new().connect_http(anvil.endpoint_url()),
    );
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        assert_eq!(licenses.didRegistry().call().await.expect("didRegistry"), address_in(&record, "DIDRegistry"));
        for name in ["CHLOM_ISSUER_ROLE", "CHLOM_COMPLIANCE_ROLE", "CHLOM_ENFORCEMENT_ROLE"] {
            assert!(licenses.hasRole(role(name), anvil.addresses()[0]).call().await.expect("hasRole"), "{name}");
        }
        // Every recorded transaction is the one that created the recorded address.
        let provider = ProviderBuilder::new().connect_http(anvil.endpoint_url());
        for name in ["GovernanceEmitter", "DIDRegistry", "LicenseRegistry", "SettlementEngine", "DLAEnforcement"] {
            let hash = record["contracts"][name]["transactionHash"].as_str().expect("hash").parse().expect("hash");
            let receipt = provider.get_transaction_receipt(hash).await.expect("receipt").expect("mined");
            assert_eq!(receipt.contract_address, Some(address_in(&record, name)), "{name}'s transaction");
        }
    });
    let address: Address =
        record["contracts"]["GovernanceEmitter"]["address"].as_str().expect("address").parse().expect("address");
    let provider = ProviderBuilder::new().connect_http(anvil.endpoint_url());
    assert!(!runtime.block_on(async { provider.get_code_at(address).await }).expect("code").is_empty());
    let deployer = anvil.addresses()[0];
    check_engine(&anvil, &record, "SettlementEngine", 7_200, (deployer, deployer, deployer));
    check_dla(&anvil.endpoint(), &record, (deployer, deployer, deployer));

    // Again with CHLOM_ADMIN and CHLOM_APPROVER (in this test, not another: two forge runs would
    // compile into the same out/ at once): the engine's wallets, the DLA's treasury and every admin
    // role handed over, the operational roles with the approver.
    let (admin, approver) = (anvil.addresses()[1], anvil.addresses()[2]);
    let handed = tempfile::tempdir().expect("tempdir");
    let broadcast = Command::new(repository().join("script/deploy.sh"))
        .args(["--rpc-url", &anvil.endpoint(), "--broadcast"])
        .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
        .env("CHLOM_DEPLOYMENTS_DIR", handed.path())
        .env("CHLOM_EPOCH_SECONDS", "7200")
        .env("CHLOM_ADMIN", admin.to_string())
        .env("CHLOM_APPROVER", approver.to_string())
        .output()
        .expect("deploy.sh runs");
    assert!(broadcast.status.success(), "{}", stderr(&broadcast));
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(handed.path().join("31337.json")).expect("recorded"))
            .expect("json");
    check_engine(&anvil, &record, "SettlementEngine", 7_200, (deployer, admin, approver));
    check_dla(&anvil.endpoint(), &record, (deployer, admin, approver));
}

#[test]
fn bench_stylus_prints_the_solidity_against_stylus_table() {
    let output = chlom(&["bench", "stylus", "--iterations", "5", "--json", "--stylus-code"])
        .arg(repository().join("contracts/stylus/out/chlom_stylus_governance_emitter.code"))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json_stdout(&output);
    let gas = report["gas"].as_array().expect("gas rows");
    assert!(gas.iter().any(|row| row["call"] == "emitApproval (first)"));
    for row in gas {
        assert!(row["solidityGas"].as_u64().expect("gas") > 21_000, "{row}");
        assert!(row["stylusGas"].as_u64().expect("gas") > 21_000, "{row}");
    }
    assert_eq!(report["throughput"].as_array().expect("rows").len(), 2);
}

#[test]
fn bench_without_the_stylus_build_says_what_to_run() {
    let output = chlom(&["bench", "stylus", "--stylus-code", "/nonexistent.code"]).output().expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("script/build-stylus.sh"), "{}", stderr(&output));
}

fn stylus_out() -> PathBuf {
    repository().join("contracts/stylus/out")
}

/// An anvil before London: without EIP-3541 it accepts creations of code starting with `0xEF`,
/// so Stylus creations can be estimated and sent (anvil has no ArbWasm, so activation fails).
fn start_anvil_accepting_stylus_code() -> AnvilInstance {
    Anvil::at(anvil_binary()).host("127.0.0.1").args(["--hardfork", "berlin"]).try_spawn().expect("anvil starts")
}

#[test]
fn deploy_stylus_with_missing_code_says_what_to_run() {
    let anvil = start_anvil();
    let output = chlom(&["deploy", "--stylus", "--stylus-out", "/nonexistent", "--rpc-url", &anvil.endpoint()])
        .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(stderr(&output).contains("script/build-stylus.sh"), "{}", stderr(&output));
    assert!(stderr(&output).contains("--stylus-out"), "{}", stderr(&output));
}

#[test]
fn deploy_stylus_to_a_chain_without_stylus_fails_clearly() {
    // anvil is not Arbitrum: EIP-3541 refuses code starting with 0xEF, so the simulation says so.
    let anvil = start_anvil();
    let output = chlom(&["deploy", "--stylus", "--rpc-url", &anvil.endpoint(), "--stylus-out"])
        .arg(stylus_out())
        .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("the Stylus deployment would fail"), "{message}");
    assert!(message.contains("GovernanceEmitter.stylus") && message.contains("Arbitrum chain"), "{message}");
}

#[test]
fn deploy_stylus_simulation_prints_the_whole_suite_in_order_and_sends_nothing() {
    let anvil = start_anvil_accepting_stylus_code();
    let admin = Address::repeat_byte(0xad);
    let output = chlom(&["deploy", "--stylus", "--json", "--rpc-url", &anvil.endpoint(), "--stylus-out"])
        .arg(stylus_out())
        .args(["--admin", &admin.to_string(), "--epoch-seconds", "3600"])
        .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let plan = json_stdout(&output);
    assert_eq!(plan["broadcast"], false);
    let deployer = anvil.addresses()[0];
    let programs = plan["programs"].as_array().expect("programs");
    let names: Vec<&str> = programs.iter().map(|p| p["name"].as_str().expect("name")).collect();
    assert_eq!(
        names,
        [
            "GovernanceEmitter.stylus",
            "DIDRegistry.stylus",
            "LicenseRegistry.stylus.lifecycle",
            "LicenseRegistry.stylus.views",
            "LicenseRegistry.stylus",
            "SettlementEngine.stylus.views",
            "SettlementEngine.stylus.config",
            "SettlementEngine.stylus.graphs",
            "SettlementEngine.stylus",
            "DLAEnforcement.stylus.admin",
            "DLAEnforcement.stylus.sanctions",
            "DLAEnforcement.stylus",
        ]
    );
    assert_eq!(plan["epochSeconds"], 3_600);
    // Creation, activation and (when there is one) the constructor: 3, 3, 2, 2, 3, 2, 2, 2, 3, 2,
    // 2 transactions.
    for (program, nonce) in programs.iter().zip([0u64, 3, 6, 8, 10, 13, 15, 17, 19, 22, 24, 26]) {
        assert_eq!(
            program["address"].as_str().expect("address").parse::<Address>().expect("an address"),
            deployer.create(nonce)
        );
        assert!(program["estimatedGas"].as_u64().expect("estimated") > 1_000_000, "{program}");
        assert!(program["compressedBytes"].as_u64().expect("size") <= 24_576, "{program}");
    }
    let arguments = |index: usize| -> Vec<(String, String)> {
        programs[index]["constructor"]
            .as_array()
            .map(|arguments| {
                arguments
                    .iter()
                    .map(|a| {
                        let value = match (&a["address"], &a["uint64"]) {
                            (Value::String(address), Value::Null) => address.clone(),
                            (Value::Null, Value::Number(number)) => number.to_string(),
                            _ => panic!("an address or a uint64: {a}"),
                        };
                        (a["name"].as_str().expect("name").to_owned(), value)
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let lower = |address: Address| format!("{address:#x}");
    assert_eq!(
        arguments(4),
        [
            ("admin".to_owned(), lower(deployer)),
            ("didRegistry".to_owned(), programs[1]["address"].as_str().expect("address").to_owned()),
            ("lifecycle".to_owned(), programs[2]["address"].as_str().expect("address").to_owned()),
            ("views".to_owned(), programs[3]["address"].as_str().expect("address").to_owned()),
        ]
    );
    assert_eq!(
        arguments(8),
        [
            ("admin".to_owned(), lower(deployer)),
            ("epochSeconds".to_owned(), "3600".to_owned()),
            ("graphsProgram".to_owned(), programs[7]["address"].as_str().expect("address").to_owned()),
            ("configProgram".to_owned(), programs[6]["address"].as_str().expect("address").to_owned()),
            ("viewsProgram".to_owned(), programs[5]["address"].as_str().expect("address").to_owned()),
        ]
    );
    let address_of = |index: usize| programs[index]["address"].as_str().expect("address").to_owned();
    assert_eq!(
        arguments(11),
        [
            ("admin".to_owned(), lower(deployer)),
            ("didRegistry".to_owned(), address_of(1)),
            ("licenseRegistry".to_owned(), address_of(4)),
            ("settlementEngine".to_owned(), address_of(8)),
            ("sanctionsProgram".to_owned(), address_of(10)),
            ("adminProgram".to_owned(), address_of(9)),
        ]
    );
    for index in [2, 3, 5, 6, 7, 9, 10] {
        assert!(programs[index]["constructor"].is_null(), "{}", programs[index]);
    }
    let calls: Vec<(&str, &str, Option<&str>, &str)> = plan["roleCalls"]
        .as_array()
        .expect("role calls")
        .iter()
        .map(|c| {
            (
                c["contract"].as_str().expect("contract"),
                c["function"].as_str().expect("function"),
                c["roleName"].as_str(),
                c["account"].as_str().expect("account"),
            )
        })
        .collect();
    let (licenses, engine, dla) = ("LicenseRegistry.stylus", "SettlementEngine.stylus", "DLAEnforcement.stylus");
    let (me, admin, enforcer) = (lower(deployer), lower(admin), address_of(11));
    let (me, admin, enforcer) = (me.as_str(), admin.as_str(), enforcer.as_str());
    assert_eq!(
        calls,
        [
            (licenses, "grantRole", Some("ISSUER_ROLE"), me),
            (licenses, "grantRole", Some("COMPLIANCE_ROLE"), me),
            (licenses, "grantRole", Some("ENFORCEMENT_ROLE"), me),
            (licenses, "grantRole", Some("ENFORCEMENT_ROLE"), enforcer),
            (licenses, "grantRole", Some("DEFAULT_ADMIN_ROLE"), admin),
            (licenses, "renounceRole", Some("DEFAULT_ADMIN_ROLE"), me),
            (engine, "grantRole", Some("SETTLER_ROLE"), me),
            (engine, "grantRole", Some("GRAPH_ROLE"), me),
            (engine, "grantRole", Some("TAX_ROLE"), me),
            (engine, "grantRole", Some("ENFORCEMENT_ROLE"), me),
            (engine, "grantRole", Some("PAUSER_ROLE"), me),
            (engine, "grantRole", Some("ENFORCEMENT_ROLE"), enforcer),
            (engine, "setFee", None, admin),
            (engine, "setSustainability", None, admin),
            (engine, "setCommunityPool", None, admin),
            (engine, "grantRole", Some("DEFAULT_ADMIN_ROLE"), admin),
            (engine, "renounceRole", Some("DEFAULT_ADMIN_ROLE"), me),
            (dla, "grantRole", Some("TRIAGE_ROLE"), me),
            (dla, "grantRole", Some("INVESTIGATOR_ROLE"), me),
            (dla, "grantRole", Some("COUNCIL_ROLE"), me),
            (dla, "setTreasury", None, admin),
            (dla, "grantRole", Some("DEFAULT_ADMIN_ROLE"), admin),
            (dla, "renounceRole", Some("DEFAULT_ADMIN_ROLE"), me),
        ]
    );

    let human = chlom(&["deploy", "--stylus", "--rpc-url", &anvil.endpoint(), "--stylus-out"])
        .arg(stylus_out())
        .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
        .output()
        .expect("runs");
    assert!(human.status.success(), "{}", stderr(&human));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("pass --broadcast") && text.contains("5. LicenseRegistry.stylus "), "{text}");
    assert!(text.contains("9. SettlementEngine.stylus ") && text.contains("epochSeconds 86400"), "{text}");
    assert!(text.contains("12. DLAEnforcement.stylus ") && text.contains("adminProgram 0x"), "{text}");
    let enforcer = deployer.create(26);
    for contract in ["LicenseRegistry.stylus", "SettlementEngine.stylus"] {
        let grant = format!("then {contract}.grantRole(ENFORCEMENT_ROLE, {enforcer} (DLAEnforcement.stylus))");
        assert!(text.contains(&grant), "{grant} in {text}");
    }

    let provider = ProviderBuilder::new().connect_http(anvil.endpoint_url());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let nonce = runtime.block_on(async { provider.get_transaction_count(deployer).await }).expect("nonce");
    assert_eq!(nonce, 0, "a simulation sends nothing");
}

#[test]
fn deploy_stylus_broadcast_that_stops_halfway_records_nothing_and_says_where_it_stopped() {
    // anvil accepts the creation but has no ArbWasm to activate it.
    let anvil = start_anvil_accepting_stylus_code();
    let dir = tempfile::tempdir().expect("tempdir");
    let output = chlom(&["deploy", "--stylus", "--broadcast", "--rpc-url", &anvil.endpoint(), "--stylus-out"])
        .arg(stylus_out())
        .arg("--deployments-dir")
        .arg(dir.path())
        .env("CHLOM_DEPLOYER_KEY", key_hex(&anvil))
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("nothing was recorded") && message.contains("no program was completed"), "{message}");
    let created = anvil.addresses()[0].create(0);
    assert!(message.contains(&created.to_string()), "names the created program: {message}");
    assert!(message.contains("GovernanceEmitter.stylus") && message.contains("Arbitrum"), "{message}");
    assert!(!dir.path().join("31337.json").exists(), "nothing recorded");
}

#[test]
fn did_commands_register_show_and_walk_the_lifecycle_with_explained_errors() {
    let anvil = start_anvil();
    let dir = tempfile::tempdir().expect("tempdir");
    let endpoint = anvil.endpoint();
    let deployer_key = key_hex(&anvil);
    let alice_key = format!("0x{}", alloy::primitives::hex::encode(anvil.nth_key(1).expect("key").to_bytes()));
    let deployed = chlom(&["deploy", "--broadcast", "--rpc-url", &endpoint, "--deployments-dir"])
        .arg(dir.path())
        .env("CHLOM_DEPLOYER_KEY", &deployer_key)
        .output()
        .expect("runs");
    assert!(deployed.status.success(), "{}", stderr(&deployed));

    let did = |key: &str, args: &[&str]| {
        chlom(&["did", "--json", "--rpc-url", &endpoint, "--deployments-dir"])
            .arg(dir.path())
            .args(args)
            .env("CHLOM_PRIVATE_KEY", key)
            .output()
            .expect("runs")
    };
    let commitment = format!("0x{}", "11".repeat(32));
    let registered = did(&alice_key, &["register", "did:chlom:alice", "--region", "US", "--commitment", &commitment]);
    assert!(registered.status.success(), "{}", stderr(&registered));

    let shown = did(&alice_key, &["show", "did:chlom:alice"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let record = json_stdout(&shown);
    assert_eq!(record["status"], "New");
    assert_eq!(record["region"], "US");

    // Skipping verification is refused, and the refusal is explained.
    let skipped = did(&deployer_key, &["set-status", "did:chlom:alice", "valid"]);
    assert!(!skipped.status.success());
    assert!(stderr(&skipped).contains("cannot move from New to Valid"), "{}", stderr(&skipped));

    // Alice is no verifier.
    let not_verifier = did(&alice_key, &["set-status", "did:chlom:alice", "verified"]);
    assert!(!not_verifier.status.success());
    assert!(stderr(&not_verifier).contains("lacks the role"), "{}", stderr(&not_verifier));

    let verified = did(&deployer_key, &["set-status", "did:chlom:alice", "verified"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    assert_eq!(json_stdout(&did(&alice_key, &["show", "did:chlom:alice"]))["status"], "Verified");

    let unknown = did(&alice_key, &["show", "did:chlom:nobody"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("no DID did:chlom:nobody"), "{}", stderr(&unknown));
}

/// A deployed suite on a fresh anvil with Valid DIDs: `did:chlom:issuer` (the deployer, who holds
/// every role), `did:chlom:alice` (DE) and `did:chlom:bob` (FR), all through `chlom did`.
struct LicenseWorld {
    anvil: AnvilInstance,
    dir: tempfile::TempDir,
    endpoint: String,
    keys: Vec<String>,
}

impl LicenseWorld {
    const DEPLOYER: usize = 0;
    const ALICE: usize = 1;
    const BOB: usize = 2;
    const CAROL: usize = 3;

    fn new() -> Self {
        let anvil = start_anvil();
        let keys = (0..4)
            .map(|i| format!("0x{}", alloy::primitives::hex::encode(anvil.nth_key(i).expect("key").to_bytes())))
            .collect();
        let world = Self { endpoint: anvil.endpoint(), anvil, dir: tempfile::tempdir().expect("tempdir"), keys };
        let deployed = chlom(&["deploy", "--broadcast", "--rpc-url", &world.endpoint, "--deployments-dir"])
            .arg(world.dir.path())
            .env("CHLOM_DEPLOYER_KEY", &world.keys[Self::DEPLOYER])
            .output()
            .expect("runs");
        assert!(deployed.status.success(), "{}", stderr(&deployed));
        let commitment = format!("0x{}", "11".repeat(32));
        for (key, did, region) in [
            (Self::DEPLOYER, "did:chlom:issuer", "US"),
            (Self::ALICE, "did:chlom:alice", "DE"),
            (Self::BOB, "did:chlom:bob", "FR"),
        ] {
            let registered = world.run("did", key, &["register", did, "--region", region, "--commitment", &commitment]);
            assert!(registered.status.success(), "{}", stderr(&registered));
            for (status, shown) in [("verified", "Verified"), ("valid", "Valid")] {
                let moved = world.run("did", Self::DEPLOYER, &["set-status", did, status]);
                assert!(moved.status.success(), "{}", stderr(&moved));
                // The command returns once the node serves the new status (read back, not echoed).
                assert_eq!(json_stdout(&moved)["status"], shown);
            }
        }
        world
    }

    /// The account of key number `key`.
    fn address(&self, key: usize) -> Address {
        self.anvil.addresses()[key]
    }

    /// `chlom <group> --json …` signed with key number `key`.
    fn run(&self, group: &str, key: usize, args: &[&str]) -> Output {
        chlom(&[group, "--json", "--rpc-url", &self.endpoint, "--deployments-dir"])
            .arg(self.dir.path())
            .args(args)
            .env("CHLOM_PRIVATE_KEY", &self.keys[key])
            .output()
            .expect("runs")
    }

    /// `chlom license --json …` that must succeed, and its JSON.
    fn license(&self, key: usize, args: &[&str]) -> Value {
        let output = self.run("license", key, args);
        assert!(output.status.success(), "chlom license {args:?} failed: {}", stderr(&output));
        json_stdout(&output)
    }

    /// `chlom license …` that must fail, and its error message.
    fn license_fails(&self, key: usize, args: &[&str]) -> String {
        let output = self.run("license", key, args);
        assert!(
            !output.status.success(),
            "chlom license {args:?} succeeded: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        stderr(&output)
    }
}

#[test]
fn license_commands_walk_the_lifecycle_and_explain_a_revoked_renewal() {
    let world = LicenseWorld::new();
    let issuer = LicenseWorld::DEPLOYER;
    let issued = world.license(
        issuer,
        &[
            "issue",
            "did:chlom:alice",
            "--type",
            "enterprise",
            "--region",
            "DE",
            "--law",
            "EU GDPR art. 6",
            "--allowed-regions",
            "DE,FR",
            "--expires",
            "30d",
            "--royalty-bps",
            "250",
            "--renewable",
            "--terms",
            "ipfs://terms-v1",
        ],
    );
    let id = issued["id"].as_str().expect("the new license id").to_owned();
    assert_eq!(id.len(), 66, "ids print as 32 bytes of hex: {id}");
    assert_eq!(issued["state"], "Draft");
    assert_eq!(issued["holderDid"], keccak256("did:chlom:alice").to_string());
    assert_eq!(issued["issuerDid"], keccak256("did:chlom:issuer").to_string(), "the signer's DID by default");

    let shown = world.license(issuer, &["show", &id]);
    assert_eq!(shown["state"], "Draft");
    assert_eq!(shown["usable"], false);
    assert_eq!(shown["type"], "Enterprise");
    let holder: Address = shown["holder"].as_str().expect("holder").parse().expect("address");
    assert_eq!(holder, world.address(LicenseWorld::ALICE), "minted to the account controlling the holder DID");
    assert_eq!(shown["region"], "DE");
    assert_eq!(shown["lawRef"], keccak256("EU GDPR art. 6").to_string());
    assert_eq!(shown["allowedRegions"], serde_json::json!(["DE", "FR"]));
    assert_eq!(shown["royaltyBps"], 250);
    assert_eq!(shown["renewable"], true);
    assert_eq!(shown["terms"], "ipfs://terms-v1");
    let issued_at = shown["issuedAt"].as_u64().expect("issuedAt");
    let lifetime = shown["expiresAt"].as_u64().expect("expiresAt") - issued_at;
    // 30 days from the latest block before issuance; the issuing block may be a few seconds later.
    assert!((30 * 86_400 - 60..=30 * 86_400).contains(&lifetime), "lifetime {lifetime}");
    assert!(shown["expiresAtDate"].as_str().expect("date").ends_with(" UTC"));

    assert_eq!(world.license(issuer, &["activate", &id])["state"], "Active");
    assert_eq!(world.license(issuer, &["suspend", &id, "--reason", "DLA case 7"])["state"], "Suspended");
    let shown = world.license(issuer, &["show", &id]);
    assert_eq!(shown["state"], "Suspended");
    let history: Vec<&str> =
        shown["history"].as_array().expect("history").iter().map(|c| c["state"].as_str().expect("state")).collect();
    assert_eq!(history, ["Draft", "Active", "Suspended"]);

    // The human form names the state and the history too.
    let human = chlom(&["license", "show", &id, "--rpc-url", &world.endpoint, "--deployments-dir"])
        .arg(world.dir.path())
        .output()
        .expect("runs");
    assert!(human.status.success(), "{}", stderr(&human));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Suspended (not usable)"), "{text}");
    assert!(text.contains("250 bps (2.50%)"), "{text}");
    assert!(text.contains("holders DE, FR"), "{text}");

    // Alice holds the license but is not its issuer.
    let refused = world.license_fails(LicenseWorld::ALICE, &["revoke", &id]);
    assert!(refused.contains("NotAuthorized"), "{refused}");
    assert!(refused.contains("only the issuer"), "{refused}");

    assert_eq!(world.license(issuer, &["revoke", &id])["state"], "Revoked");
    let refused = world.license_fails(issuer, &["renew", &id, "--expires", "60d"]);
    assert!(refused.contains("refused with AlreadyRevoked"), "{refused}");
    assert!(refused.contains(&format!("license {id} is Revoked, which is final")), "{refused}");
    assert_eq!(world.license(issuer, &["show", &id])["state"], "Revoked", "nothing changed");

    let missing = world.license_fails(issuer, &["show", "7"]);
    assert!(missing.contains("LicenseNotFound"), "{missing}");
}

#[test]
fn license_compliance_failures_name_the_did_its_score_the_threshold_and_its_status() {
    let world = LicenseWorld::new();
    let issuer = LicenseWorld::DEPLOYER;
    let bob = keccak256("did:chlom:bob");

    // The compliance role scores Bob's DID at 90, above the default threshold of 80.
    let scored = world.license(issuer, &["compliance", "--did", "did:chlom:bob", "90"]);
    assert_eq!(scored["didHash"], bob.to_string());
    let refused = world.license_fails(issuer, &["issue", "did:chlom:bob", "--expires", "30d", "--terms", "ipfs://t"]);
    assert!(refused.contains("ComplianceFailed"), "{refused}");
    assert!(refused.contains(&format!("DID {bob}")), "{refused}");
    assert!(refused.contains("risk score 90 is not below the threshold 80"), "{refused}");
    assert!(refused.contains("status Valid"), "{refused}");

    // A DID that is only Verified fails on its status, with its score fine.
    let commitment = format!("0x{}", "22".repeat(32));
    let registered = world.run(
        "did",
        LicenseWorld::CAROL,
        &["register", "did:chlom:carol", "--region", "US", "--commitment", &commitment],
    );
    assert!(registered.status.success(), "{}", stderr(&registered));
    let moved = world.run("did", issuer, &["set-status", "did:chlom:carol", "verified"]);
    assert!(moved.status.success(), "{}", stderr(&moved));
    let refused = world.license_fails(issuer, &["issue", "did:chlom:carol", "--expires", "30d", "--terms", "ipfs://t"]);
    assert!(refused.contains("its status is Verified, not Valid"), "{refused}");
    assert!(!refused.contains("not below"), "the score is fine: {refused}");

    // Scores are 0 to 100.
    let refused = world.license_fails(issuer, &["compliance", "--did", "did:chlom:bob", "101"]);
    assert!(refused.contains("InvalidScore"), "{refused}");

    // A lower score lets Bob through; a region outside the allowed list does not.
    world.license(issuer, &["compliance", "--did", "did:chlom:bob", "10"]);
    let refused = world.license_fails(
        issuer,
        &["issue", "did:chlom:bob", "--expires", "30d", "--terms", "ipfs://t", "--allowed-regions", "DE,US"],
    );
    assert!(refused.contains("HolderRegionNotAllowed"), "{refused}");
    assert!(refused.contains("region FR"), "{refused}");
    let issued = world.license(issuer, &["issue", "did:chlom:bob", "--expires", "30d", "--terms", "ipfs://t"]);
    assert_eq!(issued["state"], "Draft");
}

#[test]
fn license_commands_freeze_sublicense_update_terms_renew_and_score_by_license() {
    let world = LicenseWorld::new();
    let issuer = LicenseWorld::DEPLOYER;
    let alice = LicenseWorld::ALICE;
    let issued = world.license(
        issuer,
        &[
            "issue",
            "did:chlom:alice",
            "--expires",
            "1y",
            "--royalty-bps",
            "500",
            "--renewable",
            "--sublicensable",
            "--terms",
            "ipfs://v1",
        ],
    );
    let id = issued["id"].as_str().expect("id").to_owned();
    world.license(issuer, &["activate", &id]);
    let refused = world.license_fails(issuer, &["reinstate", &id]);
    assert!(refused.contains("is Active; only a Suspended license can be reinstated"), "{refused}");

    world.license(issuer, &["terms", &id, "ipfs://v2"]);
    assert_eq!(world.license(issuer, &["show", &id])["terms"], "ipfs://v2");

    // A frozen license cannot be sublicensed; unfrozen, it can.
    world.license(issuer, &["freeze", &id]);
    assert_eq!(world.license(issuer, &["show", &id])["frozen"], true);
    let refused = world.license_fails(alice, &["sublicense", &id, "did:chlom:bob", "--expires", "30d"]);
    assert!(refused.contains("LicenseNotUsable"), "{refused}");
    let refused = world.license_fails(issuer, &["freeze", &id]);
    assert!(refused.contains("is frozen already"), "{refused}");
    world.license(issuer, &["unfreeze", &id]);
    let refused =
        world.license_fails(alice, &["sublicense", &id, "did:chlom:bob", "--royalty-bps", "600", "--expires", "30d"]);
    assert!(refused.contains("a royalty of 600 bps is above the maximum of 500 bps"), "{refused}");
    let child = world.license(alice, &["sublicense", &id, "did:chlom:bob", "--royalty-bps", "100", "--expires", "30d"]);
    assert_eq!(child["state"], "Active", "sublicenses start Active");
    assert_eq!(child["parentId"], id);
    let shown = world.license(issuer, &["show", child["id"].as_str().expect("child id")]);
    assert_eq!(shown["type"], "Sublicense");
    assert_eq!(shown["parentId"], id);
    assert_eq!(shown["terms"], "ipfs://v2", "a sublicense reads its parent's terms");

    // Renewal by a duration extends from the current expiry.
    let before = world.license(issuer, &["show", &id])["expiresAt"].as_u64().expect("expiry");
    let renewed = world.license(issuer, &["renew", &id, "--expires", "30d"]);
    assert_eq!(renewed["expiresAt"].as_u64(), Some(before + 30 * 86_400));

    // Scoring by license id scores its holder's DID.
    world.license(issuer, &["compliance", &id, "42"]);
    assert_eq!(world.license(issuer, &["show", &id])["holderRiskScore"], 42);
    let refused = world.license_fails(alice, &["compliance", &id, "1"]);
    assert!(refused.contains("lacks COMPLIANCE_ROLE"), "{refused}");
}

#[test]
fn bench_licenses_prints_the_gas_table_against_the_reference_erc721() {
    let stylus_out = concat!(env!("CARGO_MANIFEST_DIR"), "/../../contracts/stylus/out");
    let output = chlom(&["bench", "licenses", "--json", "--stylus-out", stylus_out]).output().expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json_stdout(&output);
    assert_eq!(report["implementations"], serde_json::json!(["Solidity", "Stylus"]));
    let rows = report["rows"].as_array().expect("rows");
    for call in ["issueLicense (short terms, anywhere)", "transferFrom (gated)", "recordExpiry", "setRiskThreshold"] {
        let row = rows.iter().find(|row| row["call"] == call).unwrap_or_else(|| panic!("no row {call}"));
        let gas = &row["gas"][0];
        assert_eq!(
            gas["receiptGas"].as_u64(),
            Some(gas["intrinsicGas"].as_u64().expect("intrinsic") + gas["executionGas"].as_u64().expect("execution")),
            "{call}"
        );
    }
    let reference: Vec<&str> = report["reference"]
        .as_array()
        .expect("reference")
        .iter()
        .map(|entry| entry[0].as_str().expect("call"))
        .collect();
    assert_eq!(reference, ["mint", "transferFrom", "approve"]);
    let goals = report["goals"].as_array().expect("goals");
    assert_eq!(goals.len(), 2);
    assert_eq!(goals[0]["limit"], 4.0);
    assert_eq!(goals[1]["limit"], 1.6);

    let human = chlom(&["bench", "licenses", "--solidity-only"]).output().expect("runs");
    assert!(human.status.success(), "{}", stderr(&human));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("issueLicense (short) / mint"), "{text}");
    assert!(text.contains("PASS") || text.contains("MISS"), "{text}");
    assert!(text.contains("ReferenceERC721"), "{text}");

    let missing = chlom(&["bench", "licenses", "--stylus-out", "/nonexistent"]).output().expect("runs");
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("build-stylus.sh"), "{}", stderr(&missing));
}
