//! The Rust Poseidon against circomlibjs itself (`script/zk/poseidon_reference.mjs`, run with node
//! from the npm packages `script/setup.sh` installs): random pairs and the field's edge values must
//! hash alike, so that commitments made here open in circom circuits and JavaScript tools.

use std::io::Write;
use std::process::{Command, Stdio};

use ark_ff::{PrimeField, UniformRand};
use ark_std::rand::SeedableRng;
use chlom_zk::Fr;
use chlom_zk::poseidon::hash2;
use rand_chacha::ChaCha20Rng;

fn repository() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// circomlibjs's hashes of `pairs`.
fn circomlibjs(pairs: &[(Fr, Fr)]) -> Vec<String> {
    let mut node = Command::new("node")
        .arg("script/zk/poseidon_reference.mjs")
        .current_dir(repository())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs (script/setup.sh installs the npm packages)");
    let input: String = pairs.iter().map(|(a, b)| format!("{a} {b}\n")).collect();
    node.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("written");
    let output = node.wait_with_output().expect("node finishes");
    assert!(output.status.success(), "poseidon_reference.mjs failed: is circomlibjs installed (script/setup.sh)?");
    String::from_utf8(output.stdout).expect("utf-8").lines().map(str::to_owned).collect()
}

#[test]
fn random_pairs_and_edge_values_hash_as_circomlibjs() {
    let mut rng = ChaCha20Rng::from_seed([42; 32]);
    let minus_one = -Fr::from(1u64);
    let mut pairs = vec![
        (Fr::from(0u64), Fr::from(0u64)),
        (minus_one, minus_one),
        (Fr::from(0u64), minus_one),
        (Fr::from(u64::MAX), Fr::from(1u64)),
        (Fr::from_be_bytes_mod_order(&[0xff; 32]), Fr::from(2u64)),
    ];
    pairs.extend((0..40).map(|_| (Fr::rand(&mut rng), Fr::rand(&mut rng))));
    let expected = circomlibjs(&pairs);
    assert_eq!(expected.len(), pairs.len());
    for ((a, b), reference) in pairs.iter().zip(&expected) {
        assert_eq!(hash2(*a, *b).to_string(), *reference, "poseidon([{a}, {b}])");
    }
}
