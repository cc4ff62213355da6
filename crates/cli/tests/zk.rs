//! `chlom zk` end to end, offline: keys from a seed, identities and a snapshot from files, a proof
//! written and verified, and the refusals (a listed holder, an unregistered identity, a weak
//! secret, a tampered proof, a tier below k, a malformed list); the exported verifier is the
//! generator's.

#[allow(dead_code)] // The support module serves several test crates; this one runs no anvil.
mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::{stderr, stdout};

const SEED: &str = "0x0101010101010101010101010101010101010101010101010101010101010101";

fn chlom(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chlom")).args(args).current_dir(dir).output().expect("chlom runs")
}

/// A secret the CLI accepts (at least 2^128): `i · 2^128`.
fn secret(i: u64) -> String {
    format!("0x{i:x}{:032x}", 0)
}

fn identity(dir: &Path, secret: &str, did: &str) -> String {
    let output = chlom(dir, &["zk", "identity", "--secret", secret, "--did", did]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output).trim().to_owned()
}

#[test]
fn a_clean_holder_proves_it_and_a_listed_one_cannot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path();
    let setup = chlom(dir, &["zk", "setup", "sanctions-clean", "--keys", "keys", "--seed", SEED]);
    assert!(setup.status.success(), "{}", stderr(&setup));
    assert!(stdout(&setup).contains("5559 constraints"), "{}", stdout(&setup));
    assert!(stderr(&setup).contains("tests only"), "a seeded setup is flagged");

    let others: Vec<String> = (1..=3).map(|i| identity(dir, &secret(i), &format!("did:chlom:other{i}"))).collect();
    let alice = identity(dir, &secret(42), "did:chlom:alice");
    let write_snapshot = |alice_listed: bool| {
        let alice_line = if alice_listed { format!("{alice} listed") } else { alice.clone() };
        let text = format!("# the snapshot\n{} listed\n{}\n{alice_line}\n{}\n", others[0], others[1], others[2]);
        std::fs::write(dir.join("snapshot.txt"), text).expect("written");
    };
    write_snapshot(false);
    let summary = chlom(dir, &["zk", "snapshot", "snapshot.txt"]);
    assert!(summary.status.success(), "{}", stderr(&summary));
    assert!(stdout(&summary).contains("4 registered identities, 1 listed"), "{}", stdout(&summary));
    let prove = |scope: &str, out: &str| {
        chlom(
            dir,
            &[
                "zk",
                "prove",
                "sanctions-clean",
                "--keys",
                "keys",
                "--snapshot",
                "snapshot.txt",
                "--secret",
                &secret(42),
                "--did",
                "did:chlom:alice",
                "--scope",
                scope,
                "--out",
                out,
            ],
        )
    };
    let proved = prove("app:kyc", "proof.json");
    assert!(proved.status.success(), "{}", stderr(&proved));
    let verified = chlom(dir, &["zk", "verify", "--keys", "keys", "proof.json"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    assert!(stdout(&verified).contains("SanctionsClean: valid"));

    // Another scope: another nullifier, still valid.
    assert!(prove("app:other", "other.json").status.success());
    let nullifier = |file: &str| -> String {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(file)).expect("proof file")).expect("json");
        json["publicInputs"][2].as_str().expect("nullifier").to_owned()
    };
    assert_ne!(nullifier("proof.json"), nullifier("other.json"));

    // A changed public input: exit 1, not an error.
    let text = std::fs::read_to_string(dir.join("proof.json")).expect("proof file");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    json["publicInputs"][1] = "7".into();
    std::fs::write(dir.join("tampered.json"), json.to_string()).expect("written");
    let refused = chlom(dir, &["zk", "verify", "--keys", "keys", "tampered.json"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stdout(&refused).contains("INVALID"));

    // Alice listed: nothing to prove.
    write_snapshot(true);
    let listed_holder = prove("app:kyc", "never.json");
    assert!(!listed_holder.status.success());
    assert!(stderr(&listed_holder).contains("listed on the snapshot"), "{}", stderr(&listed_holder));
    assert!(!dir.join("never.json").exists());

    // A fresh secret is no way out: its identity is not registered.
    let fresh = chlom(
        dir,
        &["zk", "prove", "sanctions-clean", "--keys", "keys", "--snapshot", "snapshot.txt", "--secret", &secret(43)]
            .into_iter()
            .chain(["--did", "did:chlom:alice", "--scope", "app:kyc", "--out", "never.json"])
            .collect::<Vec<_>>(),
    );
    assert!(!fresh.status.success());
    assert!(stderr(&fresh).contains("is not registered in the snapshot"), "{}", stderr(&fresh));

    // A weak secret, a malformed line and a duplicate registration are refused with their reason.
    let weak = chlom(dir, &["zk", "identity", "--secret", "42", "--did", "did:chlom:alice"]);
    assert!(!weak.status.success());
    assert!(stderr(&weak).contains("could be guessed"), "{}", stderr(&weak));
    let made = chlom(dir, &["zk", "identity", "--did", "did:chlom:alice"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(stdout(&made).starts_with("secret ") && stdout(&made).contains("commitment "), "{}", stdout(&made));
    std::fs::write(dir.join("bad.txt"), format!("{alice}\n{} sanctioned\n", others[0])).expect("written");
    let malformed = chlom(dir, &["zk", "snapshot", "bad.txt"]);
    assert!(
        stderr(&malformed).contains("bad.txt:2: expected `commitment` or `commitment listed`"),
        "{}",
        stderr(&malformed)
    );
    std::fs::write(dir.join("twice.txt"), format!("{alice}\n{alice} listed\n")).expect("written");
    let twice = chlom(dir, &["zk", "snapshot", "twice.txt"]);
    assert!(stderr(&twice).contains("registrations 0 and 1 are the same identity"), "{}", stderr(&twice));

    // The exported verifier is the generator's for these keys.
    let exported = chlom(dir, &["zk", "export-verifier", "sanctions-clean", "--keys", "keys"]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let keys = chlom_zk::groth16::load_verifying_key(&dir.join("keys"), "SanctionsClean").expect("vk");
    assert_eq!(stdout(&exported), chlom_zk::verifier::solidity_verifier(&keys, "SanctionsCleanVerifier"));
}

#[test]
fn a_tier_below_k_is_refused_and_malformed_lists_name_their_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path();
    assert!(chlom(dir, &["zk", "setup", "license-tier", "--keys", "keys", "--seed", SEED]).status.success());
    let holder = identity(dir, &secret(7), "did:chlom:bob");
    std::fs::write(
        dir.join("credentials.txt"),
        format!("{} 1\n{holder} 3\n", identity(dir, &secret(1), "did:chlom:x")),
    )
    .expect("written");
    let prove = |k: &str, out: &str| {
        chlom(
            dir,
            &[
                "zk",
                "prove",
                "license-tier",
                "--keys",
                "keys",
                "--credentials",
                "credentials.txt",
                "--index",
                "1",
                "--k",
                k,
                "--secret",
                &secret(7),
                "--did",
                "did:chlom:bob",
                "--scope",
                "77",
                "--out",
                out,
            ],
        )
    };
    let proved = prove("3", "tier.json");
    assert!(proved.status.success(), "{}", stderr(&proved));
    assert!(chlom(dir, &["zk", "verify", "--keys", "keys", "tier.json"]).status.success());
    let too_high = prove("4", "never.json");
    assert!(!too_high.status.success());
    assert!(stderr(&too_high).contains("does not hold"), "{}", stderr(&too_high));

    std::fs::write(dir.join("credentials.txt"), format!("{holder} 300\n")).expect("written");
    let malformed = prove("1", "never.json");
    assert!(!malformed.status.success());
    assert!(stderr(&malformed).contains("credentials.txt:1"), "{}", stderr(&malformed));
    let missing_keys = chlom(dir, &["zk", "verify", "--keys", "nowhere", "tier.json"]);
    assert!(!missing_keys.status.success());
    assert!(stderr(&missing_keys).contains("key file"), "{}", stderr(&missing_keys));
}

#[test]
fn the_benchmark_reports_both_circuits_within_their_goals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = chlom(dir.path(), &["bench", "zk", "--runs", "1", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let rows = report["circuits"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    assert!(report["snarkjs"].is_null(), "the snarkjs reference runs only when asked");
    for row in rows {
        let constraints = row["constraints"].as_u64().expect("constraints");
        let (gas, floor) = (row["verifierGas"].as_u64().expect("gas"), row["floorGas"].as_u64().expect("floor"));
        assert!(constraints <= 8_000, "{row}");
        // snarkjs's own verifier is 2,766 over the floor for three inputs: ours must not be worse.
        assert!(gas >= floor && gas <= floor + 2_766, "{row}");
        let stylus = row["stylusVerifierGas"].as_u64().expect("stylus gas");
        assert!(stylus >= floor && stylus <= floor + 2_766, "{row}");
    }
}
