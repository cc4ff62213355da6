//! The Rust Poseidon against circomlibjs itself (`script/zk/poseidon_reference.mjs`, run with node
//! from the npm packages `script/setup.sh` installs): random pairs and the field's edge values must
//! hash alike, so that commitments made here open in circom circuits and JavaScript tools.

use std::io::Write;
use std::process::{Command, Stdio};

use ark_ff::{PrimeField, UniformRand};
use ark_std::rand::SeedableRng;
use chlom_zk::Fr;
use chlom_zk::poseidon::{Domain, hash2, hash2_in};
use rand_chacha::ChaCha20Rng;

fn repository() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// circomlibjs's hashes of `lines` (`a b` or `a b tag`).
fn circomlibjs(lines: &[String]) -> Vec<String> {
    let mut node = Command::new("node")
        .arg("script/zk/poseidon_reference.mjs")
        .current_dir(repository())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs (script/setup.sh installs the npm packages)");
    let input: String = lines.iter().map(|line| format!("{line}\n")).collect();
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
    let expected = circomlibjs(&pairs.iter().map(|(a, b)| format!("{a} {b}")).collect::<Vec<_>>());
    assert_eq!(expected.len(), pairs.len());
    for ((a, b), reference) in pairs.iter().zip(&expected) {
        assert_eq!(hash2(*a, *b).to_string(), *reference, "poseidon([{a}, {b}])");
    }
}

#[test]
fn domain_tagged_hashes_equal_circomlibjs_with_the_tag_as_initial_state() {
    let mut rng = ChaCha20Rng::from_seed([43; 32]);
    let domains = [Domain::Node, Domain::Identity, Domain::Nullifier, Domain::Credential, Domain::Registration];
    let cases: Vec<(Domain, Fr, Fr)> = domains
        .iter()
        .flat_map(|&domain| (0..4).map(move |_| domain))
        .map(|d| (d, Fr::rand(&mut rng), Fr::rand(&mut rng)))
        .collect();
    let expected = circomlibjs(&cases.iter().map(|(d, a, b)| format!("{a} {b} {}", d.tag())).collect::<Vec<_>>());
    assert_eq!(expected.len(), cases.len());
    for ((domain, a, b), reference) in cases.iter().zip(&expected) {
        assert_eq!(hash2_in(*domain, *a, *b).to_string(), *reference, "poseidon([{a}, {b}], {})", domain.tag());
    }
    // The tags separate: the same inputs hash differently in every domain.
    let (a, b) = (Fr::from(1u64), Fr::from(2u64));
    let mut hashes: Vec<String> = domains.iter().map(|&d| hash2_in(d, a, b).to_string()).collect();
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), domains.len());
    assert_eq!(hash2_in(Domain::Node, a, b), hash2(a, b));
}
