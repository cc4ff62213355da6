//! The DIDRegistry vectors against the Solidity bytecode, and the Solidity lifecycle compared with
//! the `chlom-core` reference model for every pair of statuses.

use alloy::dyn_abi::{DynSolValue, JsonAbiExt};
use alloy::primitives::{Address, B256, Bytes, FixedBytes, address};
use alloy::sol_types::SolConstructor;
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

#[test]
fn solidity_registry_replays_every_vector() {
    let abi = artifacts::abi(artifacts::DID_REGISTRY).expect("artifact ABI");
    let file = VectorFile::load(repository_vector("did_registry.json")).expect("vectors load");
    Runner::new(abi, file).run(&mut Chain::new(), &mut deploy_solidity).unwrap_or_else(|e| panic!("{e}"));
}

fn to_abi(status: Status) -> u8 {
    status as u8
}

#[test]
fn solidity_lifecycle_matches_the_core_model_for_every_pair() {
    let all = [Status::New, Status::Verified, Status::Valid, Status::Suspended, Status::Revoked];
    let walk = [Status::Verified, Status::Valid, Status::Suspended, Status::Revoked];
    for start in all {
        for target in [Status::None, Status::New, Status::Verified, Status::Valid, Status::Suspended, Status::Revoked] {
            let mut chain = Chain::new();
            let args = DIDRegistry::constructorCall { admin: ADMIN, verifier: VERIFIER }.abi_encode();
            let registry = chain.deploy(ADMIN, [DIDRegistry::BYTECODE.as_ref(), &args].concat()).expect("deploys");
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
