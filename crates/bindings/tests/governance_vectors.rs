//! The GovernanceEmitter vectors from `test/vectors/` replayed against the Solidity bytecode.

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::primitives::Address;
use chlom_bindings::{GovernanceEmitter, artifacts};
use chlom_evm::Chain;
use chlom_vectors::{Error, Runner, VectorFile, repository_vector};

fn runner(file: VectorFile) -> Runner {
    let abi = artifacts::abi(artifacts::GOVERNANCE_EMITTER).expect("committed artifact has an ABI");
    Runner::new(abi, file)
}

fn deploy_solidity(chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
    let abi = artifacts::abi(artifacts::GOVERNANCE_EMITTER).expect("committed artifact has an ABI");
    let constructor = abi.constructor.expect("GovernanceEmitter has a constructor");
    let encoded = constructor.abi_encode_input(args).expect("vector constructor arguments encode");
    let mut initcode = GovernanceEmitter::BYTECODE.to_vec();
    initcode.extend_from_slice(&encoded);
    chain.deploy(from, initcode)
}

fn load() -> VectorFile {
    VectorFile::load(repository_vector("governance_emitter.json")).expect("vector file loads")
}

#[test]
fn solidity_emitter_replays_every_vector() {
    let mut chain = Chain::new();
    let reports = runner(load()).run(&mut chain, &mut deploy_solidity).expect("every vector holds");
    assert_eq!(reports.len(), load().scenarios.len());
    assert!(reports.iter().all(|report| !report.steps.is_empty()));
}

#[test]
fn scenarios_start_from_a_fresh_deployment() {
    // Running the file twice on one chain gives identical reports: nothing leaks between runs.
    let mut chain = Chain::new();
    let first = runner(load()).run(&mut chain, &mut deploy_solidity).expect("first run");
    let second = runner(load()).run(&mut chain, &mut deploy_solidity).expect("second run");
    assert_eq!(first, second);
}

#[test]
fn a_wrong_expectation_is_reported_with_its_scenario_and_step() {
    let text = std::fs::read_to_string(repository_vector("governance_emitter.json")).expect("readable");
    // The first scenario's second step expects sequence 1; claim 2 instead.
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    json["scenarios"][0]["steps"][1]["expect"]["events"][0]["args"][0] = "2".into();
    let file = VectorFile::parse(&json.to_string()).expect("still well-formed");
    let error = runner(file).run(&mut Chain::new(), &mut deploy_solidity).expect_err("the mismatch is caught");
    match error {
        Error::Mismatch { scenario, step, message } => {
            assert_eq!(scenario, "approval emits sequenced then approved and is readable");
            assert_eq!(step, 1);
            assert!(message.contains("ApprovalSequenced"), "{message}");
        }
        other => panic!("expected a mismatch, got {other}"),
    }
}

#[test]
fn a_wrong_revert_expectation_is_reported() {
    let text = std::fs::read_to_string(repository_vector("governance_emitter.json")).expect("readable");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    // "a proposal is approved once": the duplicate reverts with sequence 1, not 9.
    json["scenarios"][2]["steps"][1]["expect"]["revert"]["args"][1] = "9".into();
    let file = VectorFile::parse(&json.to_string()).expect("still well-formed");
    let error = runner(file).run(&mut Chain::new(), &mut deploy_solidity).expect_err("the mismatch is caught");
    assert!(error.to_string().contains("GovernanceProposalAlreadyApproved"), "{error}");
}

#[test]
fn malformed_vector_files_are_typed_errors() {
    assert!(matches!(VectorFile::parse("{"), Err(Error::Parse { .. })));
    assert!(matches!(
        VectorFile::parse(r#"{"contract":"X","accounts":{},"constructor":{"from":"@a"},"scenarios":[],"extra":1}"#),
        Err(Error::Parse { .. })
    ));
    let unknown_account = VectorFile::parse(
        r#"{"contract":"X","accounts":{},"constructor":{"from":"@nobody"},"scenarios":[{"name":"s","steps":[]}]}"#,
    )
    .expect("well-formed");
    let error = runner(unknown_account).run(&mut Chain::new(), &mut deploy_solidity).expect_err("unknown account");
    assert!(matches!(error, Error::UnknownAccount(name) if name == "nobody"));
}
