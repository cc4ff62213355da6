//! Unit tests of the Rust registry logic on stylus-sdk's `TestVM` (native, no WASM). The compiled
//! WASM itself replays the shared vectors in revm in the host workspace's tests.

use alloy_primitives::{Address, B256, FixedBytes, U256, address, keccak256};
use alloy_sol_types::SolError;
use chlom_stylus_did_registry::*;
use stylus_sdk::abi::Bytes;
use stylus_sdk::testing::*;

const ADMIN: Address = address!("00000000000000000000000000000000000a11ce");
const VERIFIER: Address = address!("000000000000000000000000000000000000fe11");
const ALICE: Address = address!("00000000000000000000000000000000000000a1");

fn deployed() -> (TestVM, DIDRegistry) {
    let vm = TestVM::default();
    vm.set_sender(ADMIN);
    let mut registry = DIDRegistry::from(&vm);
    registry.constructor(ADMIN, VERIFIER).expect("constructor");
    (vm, registry)
}

fn register(vm: &TestVM, registry: &mut DIDRegistry) -> B256 {
    vm.set_sender(ALICE);
    registry
        .register_did(Bytes::from(b"did:chlom:alice".to_vec()), FixedBytes(*b"US"), B256::repeat_byte(1))
        .expect("registers")
}

#[test]
fn registration_and_lifecycle() {
    let (vm, mut registry) = deployed();
    let did_hash = register(&vm, &mut registry);
    assert_eq!(did_hash, keccak256(b"did:chlom:alice"));
    assert_eq!(registry.did_of(ALICE), did_hash);
    assert_eq!(registry.get_did(did_hash).status, 1);

    vm.set_sender(VERIFIER);
    registry.set_status(did_hash, 2).expect("verified");
    registry.set_status(did_hash, 3).expect("valid");
    assert!(registry.is_in_good_standing(did_hash));
    let error = registry.set_status(did_hash, 1).expect_err("back to new");
    assert_eq!(error, DIDInvalidTransition { didHash: did_hash, previous: 3, next: 1 }.abi_encode());
    assert_eq!(registry.set_status(did_hash, 9).expect_err("not a status"), Vec::<u8>::new());
}

#[test]
fn checks_run_in_the_solidity_order() {
    let (vm, mut registry) = deployed();
    vm.set_sender(ALICE);
    let error = registry.register_did(Bytes::from(vec![]), FixedBytes(*b"us"), B256::ZERO).expect_err("empty");
    assert_eq!(error, DIDInvalidIdentifier { length: U256::ZERO }.abi_encode(), "the identifier is checked first");
    let error = registry.register_did(Bytes::from(b"x".to_vec()), FixedBytes(*b"us"), B256::ZERO).expect_err("region");
    assert_eq!(error, DIDInvalidRegion { region: FixedBytes(*b"us") }.abi_encode());
    let error = registry.set_status(B256::ZERO, 2).expect_err("not a verifier");
    assert!(error.starts_with(&keccak256("AccessControlUnauthorizedAccount(address,bytes32)")[..4]));
    assert!(DIDRegistry::is_valid_region(FixedBytes(*b"ZZ")));
}

#[test]
fn rotation_moves_the_reverse_lookup() {
    let (vm, mut registry) = deployed();
    let did_hash = register(&vm, &mut registry);
    let bob = address!("00000000000000000000000000000000000000b0");
    registry.rotate_controller(did_hash, bob).expect("rotates");
    assert_eq!(registry.did_of(bob), did_hash);
    assert_eq!(registry.did_of(ALICE), B256::ZERO);
    assert_eq!(registry.get_did(did_hash).controller, bob);
}
