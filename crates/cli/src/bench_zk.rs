//! `chlom bench zk`: the compliance circuits' figures in one table: constraints, proving time
//! (the median of several proofs), verification in Rust, and the verification gas of the generated
//! Solidity verifier on the in-process chain beside the floor of 181,000 + 6,150·n gas (n public
//! inputs: the pairing and the scalar multiplications a Groth16 verifier cannot avoid).
//!
//! The keys are `chlom_zk::examples`' test keys, whose verifiers are the committed contracts in
//! `contracts/solidity/zk/generated/` (a verifier is compiled from its key, so measuring one needs
//! its bytecode). Build with `--release`: a debug build proves many times slower.

use std::time::{Duration, Instant};

use alloy::primitives::{Address, Bytes};
use alloy::sol_types::SolCall;
use ark_std::rand::SeedableRng;
use chlom_bindings::SanctionsCleanVerifier;
use chlom_evm::{Chain, TxRequest};
use chlom_zk::circuits::{LicenseTier, SanctionsClean};
use chlom_zk::groth16::{Keys, constraint_count, prove, verify};
use chlom_zk::verifier::{proof_calldata, public_inputs_calldata};
use chlom_zk::{Fr, examples};
use eyre::{Result, bail};
use rand_chacha::ChaCha20Rng;
use serde::Serialize;

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
    floor_gas: u64,
}

/// Measures both circuits with `runs` proofs each.
pub(crate) fn measure(runs: usize) -> Result<Vec<ZkRow>> {
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let mut chain = Chain::new();
    let secret = Fr::from(examples::SECRET);
    let did = Fr::from(examples::DID);
    let scope = Fr::from(examples::SCOPE);
    let sanctions = examples::sanctions_clean_statement(secret, did, scope)?;
    let tier = examples::license_tier_statement(secret, did, examples::TIER, examples::K, scope)?;
    Ok(vec![
        row(
            &mut chain,
            "SanctionsClean",
            constraint_count(SanctionsClean::blank())?,
            &examples::sanctions_clean_keys()?,
            sanctions.clone(),
            &sanctions.public_inputs(),
            chlom_bindings::SanctionsCleanVerifier::BYTECODE.to_vec(),
            runs,
        )?,
        row(
            &mut chain,
            "LicenseTier",
            constraint_count(LicenseTier::blank())?,
            &examples::license_tier_keys()?,
            tier.clone(),
            &tier.public_inputs(),
            chlom_bindings::LicenseTierVerifier::BYTECODE.to_vec(),
            runs,
        )?,
    ])
}

#[allow(clippy::too_many_arguments)]
fn row<C: ark_relations::gr1cs::ConstraintSynthesizer<Fr> + Clone>(
    chain: &mut Chain,
    circuit: &'static str,
    constraints: usize,
    keys: &Keys,
    statement: C,
    inputs: &[Fr],
    verifier_code: Vec<u8>,
    runs: usize,
) -> Result<ZkRow> {
    let mut rng = ChaCha20Rng::from_seed([9; 32]);
    let mut times = Vec::with_capacity(runs);
    let mut proof = None;
    for _ in 0..runs {
        let started = Instant::now();
        proof = Some(prove(&keys.proving, statement.clone(), &mut rng)?);
        times.push(started.elapsed());
    }
    let proof = proof.expect("at least one run");
    times.sort();
    let started = Instant::now();
    if !verify(&keys.verifying, inputs, &proof)? {
        bail!("{circuit}: the proof does not verify in Rust");
    }
    let rust_verify = started.elapsed();

    let deployer = Address::repeat_byte(0xde);
    let verifier = chain.deploy(deployer, verifier_code)?;
    let call = SanctionsCleanVerifier::verifyProofCall {
        proof: proof_calldata(&proof),
        publicInputs: public_inputs_calldata(inputs),
    };
    let data = Bytes::from(call.abi_encode());
    let receipt = chain.call_raw(TxRequest::call(deployer, verifier, data.clone()))?;
    let verified = receipt.is_success()
        && SanctionsCleanVerifier::verifyProofCall::abi_decode_returns(&receipt.output).unwrap_or(false);
    if !verified {
        bail!("{circuit}: the generated verifier refuses the proof");
    }
    // The call's execution gas, as forge reports it: without the transaction's 21,000 and its
    // calldata (EIP-2028).
    let calldata: u64 = data.iter().map(|byte| if *byte == 0 { 4 } else { 16 }).sum();
    Ok(ZkRow {
        circuit,
        constraints,
        public_inputs: inputs.len(),
        prove_median_ms: millis(times[times.len() / 2]),
        prove_runs: runs,
        rust_verify_ms: millis(rust_verify),
        verifier_gas: receipt.gas_used - 21_000 - calldata,
        floor_gas: 181_000 + 6_150 * inputs.len() as u64,
    })
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

/// Prints the table.
pub(crate) fn print(rows: &[ZkRow]) {
    println!(
        "{:<16} {:>11} {:>6} {:>16} {:>12} {:>13} {:>11} {:>10}",
        "circuit", "constraints", "inputs", "prove (median)", "verify Rust", "verifier gas", "floor gas", "vs floor"
    );
    for row in rows {
        println!(
            "{:<16} {:>11} {:>6} {:>13.0} ms {:>9.1} ms {:>13} {:>11} {:>9.3}x",
            row.circuit,
            row.constraints,
            row.public_inputs,
            row.prove_median_ms,
            row.rust_verify_ms,
            row.verifier_gas,
            row.floor_gas,
            row.verifier_gas as f64 / row.floor_gas as f64,
        );
    }
    println!(
        "(median of {} proofs each; gas: execution of verifyProof on the in-process chain; floor: 181,000 + 6,150·n)",
        rows.first().map_or(0, |row| row.prove_runs)
    );
}
