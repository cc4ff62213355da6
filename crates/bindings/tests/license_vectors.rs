//! The LicenseRegistry vectors (`test/vectors/license_registry.json`) against the Solidity bytecode
//! and the Stylus registry (three programs): the Solidity run must meet every expectation of the
//! file, and both runs must produce identical return data, logs and revert data, setup step by
//! setup step and step by step.
//!
//! The registry reads a DID registry, which the file names as its prerequisite `dids`: the chain
//! each run starts from is the one [`World::new`] builds (the DID registry with the DIDs of
//! `license_world::DIDS`). That world's own license registry is left alone; every scenario deploys
//! a fresh one with the constructor arguments `[admin, dids]` and grants the roles in the file's
//! setup.

#[allow(dead_code)] // The module serves several test crates; this one uses its deployers and DIDs.
mod license_world;

use alloy::primitives::Address;
use chlom_bindings::artifacts;
use chlom_evm::Chain;
use chlom_vectors::{Deployer, Error, Runner, ScenarioReport, VectorFile, repository_vector};
use license_world::*;

const VECTORS: &str = "license_registry.json";

fn load() -> VectorFile {
    VectorFile::load(repository_vector(VECTORS)).unwrap_or_else(|e| panic!("{e}"))
}

/// A runner for `file` with the DID registry of a fresh [`World`] bound as `dids`, and the chain
/// holding it.
fn prepared(file: VectorFile) -> (Runner, Chain) {
    let world = World::new(&mut deploy_solidity);
    let abi = artifacts::abi(artifacts::LICENSE_REGISTRY).expect("artifact ABI");
    let runner = Runner::new(abi, file).bind("dids", world.dids).unwrap_or_else(|e| panic!("{e}"));
    (runner, world.chain)
}

fn run(deployer: &mut impl Deployer) -> Vec<ScenarioReport> {
    let (runner, mut chain) = prepared(load());
    runner.run(&mut chain, deployer).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_vector_accounts_are_the_world_accounts() {
    let file = load();
    let expected: [(&str, Address); 10] = [
        ("admin", ADMIN),
        ("verifier", VERIFIER),
        ("compliance", COMPLIANCE),
        ("enforcer", ENFORCER),
        ("issuer_a", ISSUER_A),
        ("issuer_b", ISSUER_B),
        ("holder_1", HOLDER_1),
        ("holder_2", HOLDER_2),
        ("holder_3", HOLDER_3),
        ("no_did", NO_DID),
    ];
    assert_eq!(file.accounts.len(), expected.len(), "accounts: {:?}", file.accounts.keys());
    for (name, address) in expected {
        assert_eq!(file.accounts.get(name), Some(&address), "@{name}");
    }
}

#[test]
fn solidity_registry_replays_every_vector() {
    let reports = run(&mut deploy_solidity);
    let file = load();
    assert_eq!(reports.len(), file.scenarios.len());
    for (report, scenario) in reports.iter().zip(&file.scenarios) {
        assert_eq!(report.setup.len(), file.setup.len(), "{}", scenario.name);
        assert_eq!(report.steps.len(), scenario.steps.len(), "{}", scenario.name);
    }
}

#[test]
fn stylus_registry_replays_every_vector_identically() {
    let solidity = run(&mut deploy_solidity);
    let stylus = run(&mut deploy_stylus);
    assert_eq!(solidity.len(), stylus.len());
    for (sol, sty) in solidity.iter().zip(&stylus) {
        let setup = sol.setup.iter().zip(&sty.setup).map(|pair| ("setup step", pair));
        let steps = sol.steps.iter().zip(&sty.steps).map(|pair| ("step", pair));
        let mut counts = std::collections::BTreeMap::new();
        for (kind, (a, b)) in setup.chain(steps) {
            let index = counts.entry(kind).or_insert(0usize);
            let at = format!("scenario {:?}, {kind} {index} ({})", sol.name, a.label);
            assert_eq!((a.success, &a.output, &a.logs), (b.success, &b.output, &b.logs), "{at}");
            *index += 1;
        }
    }
}

#[test]
fn a_wrong_setup_expectation_is_reported_as_a_setup_mismatch() {
    let text = std::fs::read_to_string(repository_vector(VECTORS)).expect("readable");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    // The second grant is to issuer_b; claim the event names holder_1.
    json["setup"][1]["expect"]["events"][0]["args"][1] = "@holder_1".into();
    let (runner, mut chain) = prepared(VectorFile::parse(&json.to_string()).expect("still well-formed"));
    match runner.run(&mut chain, &mut deploy_solidity).expect_err("the mismatch is caught") {
        Error::SetupMismatch { step, message, .. } => {
            assert_eq!(step, 1);
            assert!(message.contains("RoleGranted"), "{message}");
        }
        other => panic!("expected a setup mismatch, got {other}"),
    }
}

#[test]
fn prerequisites_must_be_bound_and_declared() {
    let abi = || artifacts::abi(artifacts::LICENSE_REGISTRY).expect("artifact ABI");
    let unbound = Runner::new(abi(), load()).run(&mut Chain::new(), &mut deploy_solidity);
    assert!(matches!(unbound, Err(Error::Prerequisite { ref name, .. }) if name == "dids"), "{unbound:?}");
    let undeclared = Runner::new(abi(), load()).bind("oracle", Address::repeat_byte(1));
    assert!(matches!(undeclared, Err(Error::Prerequisite { ref name, .. }) if name == "oracle"));
    let account = Runner::new(abi(), load()).bind("admin", Address::repeat_byte(1));
    assert!(matches!(account, Err(Error::Prerequisite { ref name, .. }) if name == "admin"));
}
