//! The GovernanceEmitter vectors against the Stylus WASM and the Solidity bytecode in one revm
//! chain: both must pass every vector and produce identical return data, logs and revert data.

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::primitives::{Address, Bytes};
use chlom_bindings::{GovernanceEmitter, artifacts};
use chlom_evm::Chain;
use chlom_vectors::{Runner, ScenarioReport, VectorFile, repository_vector};

fn stylus_code() -> Bytes {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../contracts/stylus/out/chlom_stylus_governance_emitter.code");
    chlom_evm::stylus::program::read_code(path).unwrap_or_else(|e| panic!("{e}"))
}

fn constructor_args(args: &[DynSolValue]) -> Vec<u8> {
    let abi = artifacts::abi(artifacts::GOVERNANCE_EMITTER).expect("artifact ABI");
    abi.constructor.expect("constructor").abi_encode_input(args).expect("constructor arguments encode")
}

fn deploy_solidity(chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
    chain.deploy(from, [GovernanceEmitter::BYTECODE.as_ref(), &constructor_args(args)].concat())
}

/// Deploys and activates the Stylus program, then calls its constructor, as `cargo stylus deploy`
/// does. The deployer pays the activation data fee.
fn deploy_stylus(chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
    chain.fund(from, chain.balance(from) + alloy::primitives::U256::from(10u128.pow(18)));
    chain.deploy_stylus_with_constructor(from, &stylus_code(), &constructor_args(args))
}

fn run(deployer: &mut impl chlom_vectors::Deployer) -> Vec<ScenarioReport> {
    let abi = artifacts::abi(artifacts::GOVERNANCE_EMITTER).expect("artifact ABI");
    let file = VectorFile::load(repository_vector("governance_emitter.json")).expect("vectors load");
    Runner::new(abi, file).run(&mut Chain::new(), deployer).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn stylus_emitter_replays_every_vector() {
    run(&mut deploy_stylus);
}

#[test]
fn stylus_and_solidity_behave_identically() {
    let solidity = run(&mut deploy_solidity);
    let stylus = run(&mut deploy_stylus);
    assert_eq!(solidity.len(), stylus.len());
    for (sol, sty) in solidity.iter().zip(&stylus) {
        for (index, (a, b)) in sol.steps.iter().zip(&sty.steps).enumerate() {
            let where_ = format!("scenario {:?}, step {index} ({})", sol.name, a.label);
            assert_eq!(a.success, b.success, "{where_}: success");
            assert_eq!(a.output, b.output, "{where_}: return or revert data");
            assert_eq!(a.logs, b.logs, "{where_}: logs");
        }
    }
}

#[test]
fn both_run_in_one_chain_side_by_side() {
    // One chain holding both implementations: each keeps its own state.
    let mut chain = Chain::new();
    let admin = Address::repeat_byte(0xa1);
    let args = [DynSolValue::Address(admin), DynSolValue::Address(admin)];
    let solidity = deploy_solidity(&mut chain, admin, &args).expect("solidity deploys");
    let stylus = deploy_stylus(&mut chain, admin, &args).expect("stylus deploys");
    let approve = GovernanceEmitter::emitApprovalCall {
        proposalId: [7u8; 32].into(),
        payloadHash: Bytes::from(vec![9u8; 32]),
        executor: admin,
    };
    chain.send(admin, stylus, &approve).expect("stylus approves");
    assert_eq!(chain.view(stylus, &GovernanceEmitter::lastSequenceCall {}).expect("view"), 1);
    assert_eq!(chain.view(solidity, &GovernanceEmitter::lastSequenceCall {}).expect("view"), 0);
    chain.send(admin, solidity, &approve).expect("solidity approves the same id independently");
}

#[test]
fn stylus_gas_is_reported_next_to_solidity_gas() {
    let solidity = run(&mut deploy_solidity);
    let stylus = run(&mut deploy_stylus);
    let first_call = |reports: &[ScenarioReport]| {
        reports[0].steps.iter().find_map(|step| step.gas_used).expect("the first scenario has a call")
    };
    let (sol_gas, sty_gas) = (first_call(&solidity), first_call(&stylus));
    // Both pay the intrinsic 21,000 and cold storage writes; the WASM part is an estimate.
    assert!(sol_gas > 21_000 && sty_gas > 21_000, "solidity {sol_gas}, stylus {sty_gas}");
}
