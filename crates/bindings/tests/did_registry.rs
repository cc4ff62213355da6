//! The DIDRegistry vectors against the Solidity bytecode and the Stylus WASM (identical return data,
//! logs and revert data), and both lifecycles compared with the `chlom-core` reference model for
//! every pair of statuses.

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::primitives::{Address, B256, Bytes, FixedBytes, address};
use chlom_bindings::{DIDRegistry, artifacts};
use chlom_core::identity::Status;
use chlom_evm::Chain;
use chlom_vectors::{Runner, VectorFile, repository_vector};

const ADMIN: Address = address!("00000000000000000000000000000000000a11ce");
const VERIFIER: Address = address!("000000000000000000000000000000000000fe11");
const ALICE: Address = address!("00000000000000000000000000000000000000a1");

fn deploy_solidity(chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
    let abi = artifacts::abi(artifacts::DID_REGISTRY).expect("artifact ABI");
    let encoded = abi.constructor.expect("constructor").abi_encode_input(args).expect("arguments encode");
    chain.deploy(from, [DIDRegistry::BYTECODE.as_ref(), &encoded].concat())
}

fn stylus_code() -> Bytes {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../contracts/stylus/out/chlom_stylus_did_registry.code");
    chlom_evm::stylus::program::read_code(path).unwrap_or_else(|e| panic!("{e}"))
}

/// Deploys and activates the Stylus registry, then runs its constructor.
fn deploy_stylus(chain: &mut Chain, from: Address, args: &[DynSolValue]) -> chlom_evm::Result<Address> {
    let abi = artifacts::abi(artifacts::DID_REGISTRY).expect("artifact ABI");
    let encoded = abi.constructor.expect("constructor").abi_encode_input(args).expect("arguments encode");
    chain.fund(from, chain.balance(from) + alloy::primitives::U256::from(10u128.pow(18)));
    chain.deploy_stylus_with_constructor(from, &stylus_code(), &encoded)
}

fn run(deployer: &mut impl chlom_vectors::Deployer) -> Vec<chlom_vectors::ScenarioReport> {
    let abi = artifacts::abi(artifacts::DID_REGISTRY).expect("artifact ABI");
    let file = VectorFile::load(repository_vector("did_registry.json")).expect("vectors load");
    Runner::new(abi, file).run(&mut Chain::new(), deployer).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn solidity_registry_replays_every_vector() {
    run(&mut deploy_solidity);
}

#[test]
fn stylus_registry_replays_every_vector_identically() {
    let solidity = run(&mut deploy_solidity);
    let stylus = run(&mut deploy_stylus);
    for (sol, sty) in solidity.iter().zip(&stylus) {
        for (index, (a, b)) in sol.steps.iter().zip(&sty.steps).enumerate() {
            let at = format!("scenario {:?}, step {index} ({})", sol.name, a.label);
            assert_eq!((a.success, &a.output, &a.logs), (b.success, &b.output, &b.logs), "{at}");
        }
    }
}

fn to_abi(status: Status) -> u8 {
    status as u8
}

#[test]
fn both_lifecycles_match_the_core_model_for_every_pair() {
    lifecycle_matches_the_core_model(&mut deploy_solidity);
    lifecycle_matches_the_core_model(&mut deploy_stylus);
}

fn lifecycle_matches_the_core_model(deployer: &mut impl chlom_vectors::Deployer) {
    let all = [Status::New, Status::Verified, Status::Valid, Status::Suspended, Status::Revoked];
    let walk = [Status::Verified, Status::Valid, Status::Suspended, Status::Revoked];
    for start in all {
        for target in [Status::None, Status::New, Status::Verified, Status::Valid, Status::Suspended, Status::Revoked] {
            let mut chain = Chain::new();
            let args = [DynSolValue::Address(ADMIN), DynSolValue::Address(VERIFIER)];
            let registry = deployer.deploy(&mut chain, ADMIN, &args).expect("deploys");
            let register = DIDRegistry::registerDIDCall {
                did: Bytes::from_static(b"did:chlom:pair"),
                region: FixedBytes(*b"DE"),
                biometricCommitment: B256::repeat_byte(7),
            };
            let did_hash = alloy::primitives::keccak256(b"did:chlom:pair");
            chain.send(ALICE, registry, &register).expect("registers");
            let mut current = Status::New;
            for step in walk {
                if current == start {
                    break;
                }
                chain
                    .send(VERIFIER, registry, &DIDRegistry::setStatusCall { didHash: did_hash, next: to_abi(step) })
                    .expect("walks");
                current = step;
            }
            let outcome =
                chain.send(VERIFIER, registry, &DIDRegistry::setStatusCall { didHash: did_hash, next: to_abi(target) });
            assert_eq!(
                outcome.is_ok(),
                start.can_move_to(target),
                "{start:?} -> {target:?}: Solidity and chlom-core disagree"
            );
        }
    }
}
