//! The verifier generators and their committed outputs: the generated Solidity verifiers, the Stylus
//! verifiers' key modules and the proof fixtures must equal what the generators make from the test
//! keys now (no drift), and the fixtures must verify. snarkjs's JSON files read into arkworks values, and malformed ones are
//! refused with typed errors.
//!
//! To regenerate the committed files after a deliberate change: `CHLOM_REGENERATE=1 cargo test -p
//! chlom-zk --test verifier`, then `forge fmt --check && forge build && node script/artifacts.mjs`
//! and `script/build-stylus.sh` (the Stylus verifiers' `src/key.rs` are among the files).

use std::path::PathBuf;

use alloy_primitives::U256;
use ark_bn254::{Bn254, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_groth16::Proof;
use chlom_zk::examples;
use chlom_zk::groth16::{Keys, verify};
use chlom_zk::proof_file::ProofFile;
use chlom_zk::verifier::{self, BASE_MODULUS, SCALAR_MODULUS, snarkjs};
use chlom_zk::{Fr, ZkError};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn regenerate() -> bool {
    std::env::var_os("CHLOM_REGENERATE").is_some()
}

/// Asserts the committed file at `path` is `expected`, or writes it with `CHLOM_REGENERATE` set.
fn committed(path: &str, expected: &str) {
    let path = repo().join(path);
    if regenerate() {
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("folder");
        std::fs::write(&path, expected).expect("writes");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == expected,
        "{} drifted from the generator: run `CHLOM_REGENERATE=1 cargo test -p chlom-zk --test verifier`",
        path.display()
    );
}

fn notes(seed: u8) -> [String; 3] {
    [
        format!("TEST KEY: set up by chlom_zk::examples from the public seed [0x{seed:02x}; 32], so anyone can"),
        "forge proofs for it. Production needs keys from a multi-party ceremony and a verifier".to_owned(),
        "generated from them.".to_owned(),
    ]
}

fn generated(keys: &Keys, name: &str, seed: u8) -> String {
    let notes = notes(seed);
    let notes: Vec<&str> = notes.iter().map(String::as_str).collect();
    verifier::solidity_verifier_with_notes(&keys.verifying, name, &notes)
}

/// The key module of the Stylus verifier program for `keys`.
fn stylus_key(keys: &Keys, seed: u8) -> String {
    let notes = notes(seed);
    let notes: Vec<&str> = notes.iter().map(String::as_str).collect();
    verifier::stylus_verifying_key(&keys.verifying, &notes)
}

/// The fixture's proof and inputs back as arkworks values.
fn decode(fixture: &ProofFile) -> (Proof<Bn254>, Vec<Fr>) {
    fixture.decode().expect("a well-formed proof and inputs")
}

#[test]
fn the_committed_sanctions_clean_verifier_and_fixture_match_the_generator() {
    let keys = examples::sanctions_clean_keys().expect("setup");
    let source = generated(&keys, "SanctionsCleanVerifier", 0x5a);
    committed("contracts/solidity/zk/generated/SanctionsCleanVerifier.sol", &source);
    committed("contracts/stylus/sanctions-clean-verifier/src/key.rs", &stylus_key(&keys, 0x5a));

    let fixture = examples::sanctions_clean_fixture(&keys).expect("proves");
    committed("test/fixtures/zk/sanctions_clean.json", &fixture.to_json());
    let read = std::fs::read_to_string(repo().join("test/fixtures/zk/sanctions_clean.json")).expect("fixture");
    let read = ProofFile::from_json(&read).expect("parses");
    assert_eq!(read, fixture);
    let (proof, inputs) = decode(&read);
    assert!(verify(&keys.verifying, &inputs, &proof).expect("verifies"));
}

#[test]
fn the_committed_license_tier_verifier_and_fixture_match_the_generator() {
    let keys = examples::license_tier_keys().expect("setup");
    let source = generated(&keys, "LicenseTierVerifier", 0x71);
    committed("contracts/solidity/zk/generated/LicenseTierVerifier.sol", &source);
    committed("contracts/stylus/license-tier-verifier/src/key.rs", &stylus_key(&keys, 0x71));

    let fixture = examples::license_tier_fixture(&keys).expect("proves");
    committed("test/fixtures/zk/license_tier.json", &fixture.to_json());
    let read = std::fs::read_to_string(repo().join("test/fixtures/zk/license_tier.json")).expect("fixture");
    let read = ProofFile::from_json(&read).expect("parses");
    assert_eq!(read, fixture);
    let (proof, inputs) = decode(&read);
    assert!(verify(&keys.verifying, &inputs, &proof).expect("verifies"));
}

#[test]
fn a_key_written_as_snarkjs_json_reads_back_the_same() {
    let keys = examples::sanctions_clean_keys().expect("setup");
    let json = snarkjs::verification_key_json(&keys.verifying);
    assert_eq!(snarkjs::verifying_key(&json).expect("reads back"), keys.verifying);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["nPublic"], 3);
    assert_eq!(value["IC"].as_array().expect("IC").len(), 4);
}

#[test]
fn calldata_words_follow_eip_197() {
    let g1 = G1Affine::generator();
    let g2 = G2Affine::generator();
    let proof = Proof::<Bn254> { a: g1, b: g2, c: (g1 + g1).into() };
    let words = verifier::proof_calldata(&proof);
    assert_eq!(words[0], U256::from(1));
    assert_eq!(words[1], U256::from(2));
    // The G2 generator of EIP-197, imaginary part first.
    let hex = |s: &str| U256::from_str_radix(s, 16).expect("hex");
    assert_eq!(words[2], hex("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"));
    assert_eq!(words[3], hex("1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"));
    assert_eq!(words[4], hex("090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"));
    assert_eq!(words[5], hex("12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"));
    assert_eq!(
        SCALAR_MODULUS,
        U256::from_str_radix("21888242871839275222246405745257275088548364400416034343698204186575808495617", 10)
            .expect("r")
    );
    assert_eq!(
        BASE_MODULUS,
        U256::from_str_radix("21888242871839275222246405745257275088696311157297823662689037894645226208583", 10)
            .expect("q")
    );
}

fn snarkjs_file(name: &str) -> String {
    std::fs::read_to_string(repo().join("test/fixtures/zk/snarkjs").join(name)).expect("snarkjs fixture")
}

#[test]
fn a_snarkjs_key_and_proof_verify_in_arkworks_and_generate_a_verifier() {
    let vk = snarkjs::verifying_key(&snarkjs_file("verification_key.json")).expect("key parses");
    let proof = snarkjs::proof(&snarkjs_file("proof.json")).expect("proof parses");
    let inputs = snarkjs::public_inputs(&snarkjs_file("public.json")).expect("inputs parse");
    assert_eq!(inputs.len(), 3);
    assert!(verify(&vk, &inputs, &proof).expect("verifies"));
    let mut wrong = inputs.clone();
    wrong[1] += Fr::from(1u64);
    assert!(!verify(&vk, &wrong, &proof).expect("verifies"));

    // The generator takes the snarkjs key like an arkworks one; the bindings tests run the result.
    let source = verifier::solidity_verifier_with_notes(
        &vk,
        "SnarkjsNonMembershipVerifier",
        &[
            "TEST KEY: the snarkjs fixture under test/fixtures/zk/snarkjs (a single-party test ceremony),",
            "for the snarkjs round trip of the tests. Never for production.",
        ],
    );
    assert!(source.contains("uint256 internal constant PUBLIC_INPUTS = 3;"));
    committed("contracts/solidity/zk/generated/SnarkjsNonMembershipVerifier.sol", &source);
}

fn key_error(json: &str) -> ZkError {
    snarkjs::verifying_key(json).expect_err("refused")
}

#[test]
fn malformed_snarkjs_files_are_refused_with_typed_errors() {
    let good: serde_json::Value = serde_json::from_str(&snarkjs_file("verification_key.json")).expect("json");
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        v.to_string()
    };

    assert!(matches!(key_error("{"), ZkError::SnarkjsJson { field, .. } if field == "$"));
    assert_eq!(
        key_error(&edit(&|v| {
            v.as_object_mut().expect("object").remove("vk_delta_2");
        })),
        ZkError::SnarkjsJson { field: "vk_delta_2".into(), problem: "is missing".into() }
    );
    assert_eq!(
        key_error(&edit(&|v| v["vk_alpha_1"][0] = "0x12".into())),
        ZkError::NotDecimal { field: "vk_alpha_1[0]".into(), value: "0x12".into() }
    );
    assert_eq!(
        key_error(&edit(&|v| v["IC"][1][1] = "12a".into())),
        ZkError::NotDecimal { field: "IC[1][1]".into(), value: "12a".into() }
    );
    assert_eq!(key_error(&edit(&|v| v["IC"][2][0] = "1".into())), ZkError::NotOnCurve { field: "IC[2]".into() });
    assert_eq!(
        key_error(&edit(&|v| v["vk_gamma_2"][1][0] = "5".into())),
        ZkError::NotOnCurve { field: "vk_gamma_2".into() }
    );
    assert!(matches!(
        key_error(&edit(&|v| v["vk_beta_2"][0][1] = BASE_MODULUS.to_string().into())),
        ZkError::SnarkjsJson { field, .. } if field == "vk_beta_2[0][1]"
    ));
    assert!(matches!(
        key_error(&edit(&|v| v["nPublic"] = 2.into())),
        ZkError::SnarkjsJson { field, .. } if field == "nPublic"
    ));
    assert!(matches!(
        key_error(&edit(&|v| v["curve"] = "bls12381".into())),
        ZkError::SnarkjsJson { field, .. } if field == "curve"
    ));

    let too_big = format!("[\"{SCALAR_MODULUS}\"]");
    assert!(
        matches!(snarkjs::public_inputs(&too_big), Err(ZkError::SnarkjsJson { field, .. }) if field == "public[0]")
    );
    assert_eq!(
        snarkjs::public_inputs("[\"1\", 2]"),
        Err(ZkError::SnarkjsJson { field: "public[1]".into(), problem: "is not a string of decimal digits".into() })
    );
    let proof: serde_json::Value = serde_json::from_str(&snarkjs_file("proof.json")).expect("json");
    let mut bad = proof.clone();
    bad["pi_a"][2] = "0".into();
    assert!(matches!(snarkjs::proof(&bad.to_string()), Err(ZkError::SnarkjsJson { field, .. }) if field == "pi_a[2]"));
    let mut bad = proof;
    bad["pi_b"][0] = serde_json::json!(["1"]);
    assert!(matches!(snarkjs::proof(&bad.to_string()), Err(ZkError::SnarkjsJson { field, .. }) if field == "pi_b[0]"));
}
