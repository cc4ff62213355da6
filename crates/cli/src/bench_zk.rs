//! `chlom bench zk`: the compliance circuits' figures in one table: constraints, proving time
//! (the median of several proofs), verification in Rust, and the verification gas of the generated
//! Solidity verifier and of the Stylus verifier (real WASM) on the in-process chain, beside the
//! floor of 181,000 + 6,150·n gas (n public inputs: the pairing and the scalar multiplications a
//! Groth16 verifier cannot avoid).
//!
//! With `--snarkjs`, the same run measures the reference (`script/zk/snarkjs_bench.mjs`, with node):
//! snarkjs proving the circom version of SanctionsClean (`script/zk/circom/`) on the same witness,
//! which must give the same public inputs, and snarkjs's own Solidity verifier for the same key,
//! verifying the same proof. The ratios are measured in one run.
//!
//! The keys are `chlom_zk::examples`' test keys, whose verifiers are the committed contracts in
//! `contracts/solidity/zk/generated/` and the programs `contracts/stylus/*-verifier` (a verifier is
//! compiled from its key, so measuring one needs its code). Build with `--release`: a debug build
//! proves many times slower.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use alloy::primitives::{Address, Bytes, U256, keccak256};
use alloy::sol_types::SolCall;
use ark_std::rand::SeedableRng;
use chlom_bindings::SanctionsCleanVerifier;
use chlom_evm::{Chain, TxRequest};
use chlom_zk::circuits::{LicenseTier, SanctionsClean};
use chlom_zk::groth16::{Keys, constraint_count, prove, verify};
use chlom_zk::verifier::{proof_calldata, public_inputs_calldata, snarkjs};
use chlom_zk::{Fr, examples};
use eyre::{Result, WrapErr, bail, eyre};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

/// One circuit's figures.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ZkRow {
    circuit: &'static str,
    constraints: usize,
    public_inputs: usize,
    prove_median_ms: f64,
    prove_runs: usize,
    rust_verify_ms: f64,
    verifier_gas: u64,
    stylus_verifier_gas: u64,
    floor_gas: u64,
}

/// snarkjs on the same statement, measured in the same run.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SnarkjsReference {
    circuit: &'static str,
    /// The circom circuit's constraints (circom2 --O2).
    constraints: u64,
    /// `snarkjs.groth16.fullProve` (witness and proof), median.
    prove_median_ms: f64,
    prove_runs: usize,
    /// How many times faster the Rust prover is (snarkjs's median over ours).
    prove_speedup: f64,
    /// snarkjs's Solidity verifier for the same key, on the same proof.
    verifier_gas: u64,
    /// Ours minus snarkjs's (negative: ours is cheaper).
    generated_minus_snarkjs_gas: i64,
}

/// Everything one run measured.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ZkReport {
    circuits: Vec<ZkRow>,
    snarkjs: Option<SnarkjsReference>,
}

/// Where the reference runs: the npm tools and the compiled circuit's cache.
#[derive(Debug)]
pub(crate) struct SnarkjsOptions {
    /// The repository (node_modules, script/zk).
    pub(crate) repository: PathBuf,
    /// The compiled circuit and its keys, kept between runs.
    pub(crate) cache: PathBuf,
}

/// A row and the words of the proof it measured, kept for the reference's verifier.
struct Measured {
    row: ZkRow,
    proof: [U256; 8],
}

/// Measures both circuits with `runs` proofs each, with the Stylus verifiers from `stylus_out`,
/// and the snarkjs reference when asked.
pub(crate) fn measure(runs: usize, stylus_out: &Path, reference: Option<&SnarkjsOptions>) -> Result<ZkReport> {
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let mut chain = Chain::new();
    let secret = Fr::from(examples::SECRET);
    let did = Fr::from(examples::DID);
    let scope = Fr::from(examples::SCOPE);
    let sanctions = examples::sanctions_clean_statement(secret, did, scope)?;
    let tier = examples::license_tier_statement(secret, did, examples::TIER, examples::K, scope)?;
    let sanctions_keys = examples::sanctions_clean_keys()?;
    let sanctions_row = row(
        &mut chain,
        Circuit {
            name: "SanctionsClean",
            constraints: constraint_count(SanctionsClean::blank())?,
            keys: &sanctions_keys,
            solidity: chlom_bindings::SanctionsCleanVerifier::BYTECODE.to_vec(),
            stylus: stylus_code(stylus_out, "chlom_stylus_sanctions_clean_verifier")?,
        },
        sanctions.clone(),
        &sanctions.public_inputs(),
        runs,
    )?;
    let tier_row = row(
        &mut chain,
        Circuit {
            name: "LicenseTier",
            constraints: constraint_count(LicenseTier::blank())?,
            keys: &examples::license_tier_keys()?,
            solidity: chlom_bindings::LicenseTierVerifier::BYTECODE.to_vec(),
            stylus: stylus_code(stylus_out, "chlom_stylus_license_tier_verifier")?,
        },
        tier.clone(),
        &tier.public_inputs(),
        runs,
    )?;
    let snarkjs = match reference {
        Some(options) => {
            Some(snarkjs_reference(&mut chain, options, runs, &sanctions, &sanctions_keys, &sanctions_row)?)
        }
        None => None,
    };
    Ok(ZkReport { circuits: vec![sanctions_row.row, tier_row.row], snarkjs })
}

/// A circuit, its keys and its two verifiers' code.
struct Circuit<'a> {
    name: &'static str,
    constraints: usize,
    keys: &'a Keys,
    solidity: Vec<u8>,
    stylus: Bytes,
}

fn stylus_code(out: &Path, program: &str) -> Result<Bytes> {
    Ok(chlom_evm::stylus::program::read_code(out.join(format!("{program}.code")))?)
}

fn row<C: ark_relations::gr1cs::ConstraintSynthesizer<Fr> + Clone>(
    chain: &mut Chain,
    circuit: Circuit<'_>,
    statement: C,
    inputs: &[Fr],
    runs: usize,
) -> Result<Measured> {
    let mut rng = ChaCha20Rng::from_seed([9; 32]);
    let mut times = Vec::with_capacity(runs);
    let mut proof = None;
    for _ in 0..runs {
        let started = Instant::now();
        proof = Some(prove(&circuit.keys.proving, statement.clone(), &mut rng)?);
        times.push(started.elapsed());
    }
    let proof = proof.expect("at least one run");
    times.sort();
    let started = Instant::now();
    if !verify(&circuit.keys.verifying, inputs, &proof)? {
        bail!("{}: the proof does not verify in Rust", circuit.name);
    }
    let rust_verify = started.elapsed();

    let deployer = Address::repeat_byte(0xde);
    let solidity = chain.deploy(deployer, circuit.solidity)?;
    chain.fund(deployer, chain.balance(deployer) + U256::from(10u128.pow(18)));
    let stylus = chain.deploy_stylus(deployer, &circuit.stylus)?;
    let call = SanctionsCleanVerifier::verifyProofCall {
        proof: proof_calldata(&proof),
        publicInputs: public_inputs_calldata(inputs),
    };
    let data = Bytes::from(call.abi_encode());
    let verifier_gas = verification_gas(chain, solidity, &data, circuit.name, "Solidity")?;
    let stylus_verifier_gas = verification_gas(chain, stylus, &data, circuit.name, "Stylus")?;
    let row = ZkRow {
        circuit: circuit.name,
        constraints: circuit.constraints,
        public_inputs: inputs.len(),
        prove_median_ms: millis(times[times.len() / 2]),
        prove_runs: runs,
        rust_verify_ms: millis(rust_verify),
        verifier_gas,
        stylus_verifier_gas,
        floor_gas: 181_000 + 6_150 * inputs.len() as u64,
    };
    Ok(Measured { row, proof: proof_calldata(&proof) })
}

/// The execution gas of a `verifyProof` call that must answer true, as forge reports a call's gas:
/// without the transaction's 21,000 and its calldata (EIP-2028).
fn verification_gas(chain: &mut Chain, verifier: Address, data: &Bytes, circuit: &str, kind: &str) -> Result<u64> {
    let receipt = chain.call_raw(TxRequest::call(Address::repeat_byte(0xca), verifier, data.clone()))?;
    let verified = receipt.is_success() && receipt.output.len() == 32 && receipt.output[31] == 1;
    if !verified {
        bail!("{circuit}: the {kind} verifier refuses the proof");
    }
    let calldata: u64 = data.iter().map(|byte| if *byte == 0 { 4 } else { 16 }).sum();
    Ok(receipt.gas_used - 21_000 - calldata)
}

/// What `script/zk/snarkjs_bench.mjs` prints.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ScriptOutput {
    constraints: u64,
    prove_median_ms: f64,
    prove_runs: usize,
    public_signals: Vec<String>,
    verifier_bytecode: Bytes,
}

fn snarkjs_reference(
    chain: &mut Chain,
    options: &SnarkjsOptions,
    runs: usize,
    statement: &SanctionsClean,
    keys: &Keys,
    ours: &Measured,
) -> Result<SnarkjsReference> {
    // This run's witness and key, beside the cached circuit (rewritten by every run).
    std::fs::create_dir_all(&options.cache)
        .wrap_err_with(|| format!("cannot make the cache folder {}", options.cache.display()))?;
    let input = options.cache.join("input.json");
    let key = options.cache.join("verification_key.json");
    std::fs::write(&input, circom_input(statement).to_string())?;
    std::fs::write(&key, snarkjs::verification_key_json(&keys.verifying))?;
    eprintln!("snarkjs reference: proving the circom SanctionsClean {runs} times (node, in process)");
    let output = Command::new("node")
        .arg(options.repository.join("script/zk/snarkjs_bench.mjs"))
        .args(["--cache".as_ref(), options.cache.as_os_str(), "--input".as_ref(), input.as_os_str()])
        .args(["--vk".as_ref(), key.as_os_str(), "--runs".as_ref(), runs.to_string().as_ref()])
        .current_dir(&options.repository)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .wrap_err("cannot run node: install Node.js, then script/setup.sh for snarkjs and circom2")?;
    if !output.status.success() {
        bail!("script/zk/snarkjs_bench.mjs failed ({}); its errors are above", output.status);
    }
    let script: ScriptOutput = serde_json::from_slice(&output.stdout)
        .map_err(|error| eyre!("script/zk/snarkjs_bench.mjs printed no report: {error}"))?;
    let expected: Vec<String> = statement.public_inputs().iter().map(ToString::to_string).collect();
    if script.public_signals != expected {
        bail!(
            "the circom and the Rust SanctionsClean disagree on the public inputs ({:?} against {expected:?}): \
             they are not the same statement",
            script.public_signals
        );
    }

    // snarkjs's verifier takes (uint[2] pA, uint[2][2] pB, uint[2] pC, uint[n] pubSignals), B in
    // EIP-197 order: the same words as ours, in the same order, without the array's offset.
    let deployer = Address::repeat_byte(0xdf);
    let verifier = chain.deploy(deployer, script.verifier_bytecode.to_vec())?;
    let n = statement.public_inputs().len();
    let selector = &keccak256(format!("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[{n}])"))[..4];
    let words = ours.proof.into_iter().chain(public_inputs_calldata(&statement.public_inputs()));
    let data: Bytes = selector.iter().copied().chain(words.flat_map(|word| word.to_be_bytes::<32>())).collect();
    let verifier_gas = verification_gas(chain, verifier, &data, "SanctionsClean", "snarkjs")?;
    Ok(SnarkjsReference {
        circuit: "SanctionsClean",
        constraints: script.constraints,
        prove_median_ms: script.prove_median_ms,
        prove_runs: script.prove_runs,
        prove_speedup: script.prove_median_ms / ours.row.prove_median_ms,
        verifier_gas,
        generated_minus_snarkjs_gas: ours.row.verifier_gas as i64 - verifier_gas as i64,
    })
}

/// The circom circuit's input for `statement`: every signal as a decimal string.
fn circom_input(statement: &SanctionsClean) -> serde_json::Value {
    let [root, scope, nullifier] = statement.public_inputs().map(|value| value.to_string());
    let siblings: Vec<String> = statement.path.siblings.iter().map(ToString::to_string).collect();
    let bits: Vec<String> =
        (0..siblings.len()).map(|level| u8::from(statement.path.is_right(level)).to_string()).collect();
    serde_json::json!({
        "root": root,
        "scope": scope,
        "nullifier": nullifier,
        "secret": statement.secret.to_string(),
        "did": statement.did.to_string(),
        "siblings": siblings,
        "bits": bits,
    })
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

/// Prints the table (and the reference's, when measured).
pub(crate) fn print(report: &ZkReport) {
    println!(
        "{:<16} {:>11} {:>6} {:>15} {:>11} {:>12} {:>12} {:>9} {:>9}",
        "circuit",
        "constraints",
        "inputs",
        "prove (median)",
        "verify Rust",
        "Solidity gas",
        "Stylus gas",
        "floor",
        "Sol/floor"
    );
    for row in &report.circuits {
        println!(
            "{:<16} {:>11} {:>6} {:>12.0} ms {:>8.1} ms {:>12} {:>12} {:>9} {:>8.3}x",
            row.circuit,
            row.constraints,
            row.public_inputs,
            row.prove_median_ms,
            row.rust_verify_ms,
            row.verifier_gas,
            row.stylus_verifier_gas,
            row.floor_gas,
            row.verifier_gas as f64 / row.floor_gas as f64,
        );
    }
    println!(
        "(median of {} proofs each; gas: execution of verifyProof on the in-process chain, Stylus gas by the \
         executor's ink model; floor: 181,000 + 6,150·n)",
        report.circuits.first().map_or(0, |row| row.prove_runs)
    );
    if let Some(reference) = &report.snarkjs {
        println!();
        println!(
            "snarkjs reference, {}: circom constraints {}, fullProve median {:.0} ms ({} runs): the Rust prover is {:.1}x \
             faster; snarkjs's Solidity verifier for the same key {} gas: ours {:+}",
            reference.circuit,
            reference.constraints,
            reference.prove_median_ms,
            reference.prove_runs,
            reference.prove_speedup,
            reference.verifier_gas,
            reference.generated_minus_snarkjs_gas,
        );
    }
}
