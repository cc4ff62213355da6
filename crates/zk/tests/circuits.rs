//! The compliance circuits end to end with Groth16: keys from a seed, a proof from a holder's
//! witness, verification against the public inputs; and every way a proof must fail (a tampered
//! proof, a wrong or stale public input, a listed identity, a tier below the threshold, a wrong
//! secret, a wrong number of inputs).

use ark_bn254::{Bn254, G1Affine};
use ark_ec::AffineRepr;
use ark_groth16::Proof;
use ark_std::rand::SeedableRng;
use chlom_zk::circuits::{CredentialTree, LicenseTier, SanctionsClean, identity_commitment};
use chlom_zk::groth16::{Keys, constraint_count, prove, setup, verify};
use chlom_zk::snapshot::{Registration, SanctionsSnapshot};
use chlom_zk::{Fr, ZkError};
use rand_chacha::ChaCha20Rng;

const SECRET: u64 = 0x5ec2e7;
const DID: u64 = 0xd1d;
const SCOPE: u64 = 0x5c09e;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::from_seed([7; 32])
}

/// Sixteen registered identities, the even ones listed.
fn others() -> Vec<Registration> {
    (1..=16u64)
        .map(|i| Registration { identity: identity_commitment(Fr::from(i), Fr::from(i * 1_000)), listed: i % 2 == 0 })
        .collect()
}

/// The holder registered among the others, listed or not.
fn snapshot_with_the_holder(listed: bool) -> SanctionsSnapshot {
    let holder = Registration { identity: identity_commitment(Fr::from(SECRET), Fr::from(DID)), listed };
    SanctionsSnapshot::new(others().into_iter().chain([holder])).expect("fits")
}

fn sanctions_keys() -> Keys {
    setup(SanctionsClean::blank(), [1; 32]).expect("setup")
}

#[test]
fn the_circuits_stay_within_their_constraint_budgets() {
    let sanctions = constraint_count(SanctionsClean::blank()).expect("synthesizes");
    let tier = constraint_count(LicenseTier::blank()).expect("synthesizes");
    eprintln!("SanctionsClean: {sanctions} constraints; LicenseTier: {tier}");
    assert!(sanctions <= 8_000, "SanctionsClean at depth 20 has {sanctions} constraints (goal: at most 8,000)");
    assert!(tier <= 8_000, "LicenseTier at depth 20 has {tier} constraints");
}

#[test]
fn a_clean_holder_proves_it_and_every_alteration_fails() {
    let snapshot = snapshot_with_the_holder(false);
    let statement =
        SanctionsClean::new(&snapshot, Fr::from(SECRET), Fr::from(DID), Fr::from(SCOPE)).expect("not listed");
    let keys = sanctions_keys();
    let proof = prove(&keys.proving, statement.clone(), &mut rng()).expect("proves");
    let inputs = statement.public_inputs();
    assert!(verify(&keys.verifying, &inputs, &proof).expect("verifies"));

    for position in 0..inputs.len() {
        let mut wrong = inputs;
        wrong[position] += Fr::from(1u64);
        assert!(!verify(&keys.verifying, &wrong, &proof).expect("verifies"), "public input {position} altered");
    }
    let tampered = Proof::<Bn254> { a: (proof.a + G1Affine::generator()).into(), ..proof.clone() };
    assert!(!verify(&keys.verifying, &inputs, &tampered).expect("verifies"), "tampered proof");
    assert_eq!(verify(&keys.verifying, &inputs[..2], &proof), Err(ZkError::PublicInputCount { expected: 3, given: 2 }));
}

#[test]
fn a_proof_against_a_stale_root_does_not_verify_with_the_new_one() {
    let old = snapshot_with_the_holder(false);
    let statement = SanctionsClean::new(&old, Fr::from(SECRET), Fr::from(DID), Fr::from(SCOPE)).expect("clean");
    let keys = sanctions_keys();
    let proof = prove(&keys.proving, statement.clone(), &mut rng()).expect("proves");
    // The next snapshot lists the holder: the old proof does not verify against its root.
    let newer = snapshot_with_the_holder(true);
    let mut inputs = statement.public_inputs();
    inputs[0] = newer.root();
    assert!(!verify(&keys.verifying, &inputs, &proof).expect("verifies"));
}

#[test]
fn a_listed_holder_has_no_witness_and_a_forged_one_does_not_satisfy() {
    let snapshot = snapshot_with_the_holder(true);
    let holder = || SanctionsClean::new(&snapshot, Fr::from(SECRET), Fr::from(DID), Fr::from(SCOPE));
    assert_eq!(holder().err(), Some(ZkError::Listed));
    let keys = sanctions_keys();
    // Borrow the path of a clean registered identity (number 1): its leaf is not the holder's.
    let mut borrowed =
        SanctionsClean::new(&snapshot, Fr::from(1u64), Fr::from(1_000u64), Fr::from(SCOPE)).expect("clean");
    borrowed.secret = Fr::from(SECRET);
    borrowed.did = Fr::from(DID);
    assert_eq!(prove(&keys.proving, borrowed, &mut rng()).err(), Some(ZkError::Unsatisfied));
    // The holder's own path opens its *listed* leaf, not the clean leaf the circuit hashes.
    let listed_index = snapshot.len() - 1;
    let mut own_path =
        SanctionsClean::new(&snapshot, Fr::from(1u64), Fr::from(1_000u64), Fr::from(SCOPE)).expect("clean");
    own_path.secret = Fr::from(SECRET);
    own_path.did = Fr::from(DID);
    own_path.path =
        snapshot_with_the_holder(false).witness(identity_commitment(Fr::from(SECRET), Fr::from(DID))).expect("path");
    assert_eq!(own_path.path.index as usize, listed_index);
    assert_eq!(prove(&keys.proving, own_path, &mut rng()).err(), Some(ZkError::Unsatisfied));
}

#[test]
fn a_fresh_secret_gives_an_unregistered_identity_with_nothing_to_prove() {
    // The soundness gap of a list of the listed: a listed holder picks a new secret. Its new
    // commitment is not registered, so there is no path, and a path of someone else's leaf does
    // not satisfy the circuit.
    let snapshot = snapshot_with_the_holder(true);
    let fresh = Fr::from(SECRET + 1);
    assert_eq!(
        SanctionsClean::new(&snapshot, fresh, Fr::from(DID), Fr::from(SCOPE)).err(),
        Some(ZkError::NotRegistered)
    );
    let mut borrowed =
        SanctionsClean::new(&snapshot, Fr::from(1u64), Fr::from(1_000u64), Fr::from(SCOPE)).expect("clean");
    borrowed.secret = fresh;
    borrowed.did = Fr::from(DID);
    assert_eq!(prove(&sanctions_keys().proving, borrowed, &mut rng()).err(), Some(ZkError::Unsatisfied));
}

#[test]
fn the_same_seed_gives_the_same_keys() {
    let again = sanctions_keys();
    assert_eq!(sanctions_keys().verifying, again.verifying);
    assert_ne!(setup(SanctionsClean::blank(), [2; 32]).expect("setup").verifying, again.verifying);
}

fn credential_tree() -> CredentialTree {
    let holder = identity_commitment(Fr::from(SECRET), Fr::from(DID));
    let others = (1..=5u64).map(|i| (identity_commitment(Fr::from(i), Fr::from(i)), 1u8));
    CredentialTree::new(others.chain([(holder, 3u8)]).collect()).expect("fits")
}

#[test]
fn a_holder_proves_a_tier_at_least_k_and_not_above_its_own() {
    let tree = credential_tree();
    let keys = setup(LicenseTier::blank(), [3; 32]).expect("setup");
    for k in [0u8, 2, 3] {
        let statement =
            LicenseTier::new(&tree, 5, Fr::from(SECRET), Fr::from(DID), k, Fr::from(SCOPE)).expect("a credential");
        let proof = prove(&keys.proving, statement.clone(), &mut rng()).expect("proves");
        let inputs = statement.public_inputs();
        assert!(verify(&keys.verifying, &inputs, &proof).expect("verifies"), "k = {k}");
        let mut higher = inputs;
        higher[1] = Fr::from(4u64);
        assert!(!verify(&keys.verifying, &higher, &proof).expect("verifies"), "the proof says nothing of k = 4");
    }
    let above = LicenseTier::new(&tree, 5, Fr::from(SECRET), Fr::from(DID), 4, Fr::from(SCOPE)).expect("a credential");
    assert_eq!(prove(&keys.proving, above, &mut rng()).err(), Some(ZkError::Unsatisfied), "tier 3 < 4");
    let someone_elses =
        LicenseTier::new(&tree, 0, Fr::from(SECRET), Fr::from(DID), 1, Fr::from(SCOPE)).expect("a credential");
    assert_eq!(prove(&keys.proving, someone_elses, &mut rng()).err(), Some(ZkError::Unsatisfied), "not mine");
}

#[test]
fn nullifiers_are_per_scope_and_never_equal_a_commitment() {
    let snapshot = snapshot_with_the_holder(false);
    let in_scope = |scope: u64| {
        SanctionsClean::new(&snapshot, Fr::from(SECRET), Fr::from(DID), Fr::from(scope)).expect("clean").nullifier()
    };
    assert_eq!(in_scope(1), in_scope(1));
    assert_ne!(in_scope(1), in_scope(2));
    // A scope equal to the holder's DID does not turn the nullifier into the registered commitment.
    assert_ne!(in_scope(DID), identity_commitment(Fr::from(SECRET), Fr::from(DID)));
}
