//! The generated Groth16 verifiers on the in-process chain, each circuit's twice: the Solidity one
//! (`contracts/solidity/zk/generated/`) and the Stylus one (`contracts/stylus/*-verifier`, real
//! WASM calling the same precompiles). Valid proofs of both circuits verify; every kind of bad
//! proof or input returns false without reverting, and malformed calldata reverts alike; the
//! Solidity verifier, the Stylus verifier and arkworks agree on a seeded batch of valid and invalid
//! proofs; a snarkjs key and proof make the round trip. The verification gas is printed against the
//! precompile floor 181,000 + 6,150·n.

use alloy::primitives::{Address, Bytes, U256, address};
use alloy::sol_types::SolCall;
use ark_bn254::{Bn254, Fr, G1Affine, G1Projective, G2Projective};
use ark_ec::{AffineRepr, CurveGroup};
use ark_groth16::{Groth16, Proof};
use ark_std::UniformRand;
use ark_std::rand::{Rng, SeedableRng};
use chlom_bindings::{LicenseTierVerifier, SanctionsCleanVerifier, SnarkjsNonMembershipVerifier};
use chlom_evm::{Chain, TxRequest};
use chlom_zk::examples;
use chlom_zk::groth16::{Keys, prove, verify};
use chlom_zk::verifier::{BASE_MODULUS, SCALAR_MODULUS, proof_calldata, public_inputs_calldata, snarkjs};
use rand_chacha::ChaCha20Rng;

const DEPLOYER: Address = address!("00000000000000000000000000000000000d0d0d");
const CALLER: Address = address!("0000000000000000000000000000000000ca11e5");

// All three verifiers share the ABI of IGroth16Verifier; one call type encodes for all of them.
type VerifyProof = SanctionsCleanVerifier::verifyProofCall;

/// A circuit's keys, a valid proof and its inputs, and its two verifiers on the chain.
struct Setup {
    name: &'static str,
    keys: Keys,
    proof: Proof<Bn254>,
    inputs: Vec<Fr>,
    verifier: Address,
    stylus: Address,
}

impl Setup {
    /// The Solidity and the Stylus verifier, named.
    fn verifiers(&self) -> [(&'static str, Address); 2] {
        [("Solidity", self.verifier), ("Stylus", self.stylus)]
    }
}

/// Deploys and activates the Stylus verifier program `name` (from `contracts/stylus/out/`).
fn deploy_stylus(chain: &mut Chain, name: &str) -> Address {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../contracts/stylus/out/{name}.code"));
    let code =
        chlom_evm::stylus::program::read_code(path).unwrap_or_else(|e| panic!("{e} (run script/build-stylus.sh)"));
    chain.fund(DEPLOYER, chain.balance(DEPLOYER) + U256::from(10u128.pow(18)));
    chain.deploy_stylus(DEPLOYER, &code).expect("the Stylus verifier deploys and activates")
}

fn sanctions_clean(chain: &mut Chain) -> Setup {
    let keys = examples::sanctions_clean_keys().expect("setup");
    let fixture =
        examples::sanctions_clean_statement(Fr::from(11u64), Fr::from(12u64), Fr::from(13u64)).expect("clean");
    let proof = prove(&keys.proving, fixture.clone(), &mut ChaCha20Rng::from_seed([1; 32])).expect("proves");
    let verifier = chain.deploy(DEPLOYER, SanctionsCleanVerifier::BYTECODE.to_vec()).expect("deploys");
    let stylus = deploy_stylus(chain, "chlom_stylus_sanctions_clean_verifier");
    Setup { name: "SanctionsCleanVerifier", keys, proof, inputs: fixture.public_inputs().to_vec(), verifier, stylus }
}

fn license_tier(chain: &mut Chain) -> Setup {
    let keys = examples::license_tier_keys().expect("setup");
    let statement =
        examples::license_tier_statement(Fr::from(21u64), Fr::from(22u64), 7, 5, Fr::from(23u64)).expect("statement");
    let proof = prove(&keys.proving, statement.clone(), &mut ChaCha20Rng::from_seed([2; 32])).expect("proves");
    let verifier = chain.deploy(DEPLOYER, LicenseTierVerifier::BYTECODE.to_vec()).expect("deploys");
    let stylus = deploy_stylus(chain, "chlom_stylus_license_tier_verifier");
    Setup { name: "LicenseTierVerifier", keys, proof, inputs: statement.public_inputs().to_vec(), verifier, stylus }
}

/// The calldata cost of the transaction (EIP-2028), to take out of the receipt's gas.
fn calldata_gas(data: &[u8]) -> u64 {
    data.iter().map(|byte| if *byte == 0 { 4 } else { 16 }).sum()
}

/// `verifyProof(words, inputs)` on `verifier`: the answer and the execution gas of the call
/// (without the 21,000 of the transaction and its calldata, as forge reports a call's gas). The
/// verifier must never revert on well-formed calldata.
fn verify_on_chain(chain: &mut Chain, verifier: Address, words: [U256; 8], inputs: Vec<U256>) -> (bool, u64) {
    let data = Bytes::from(VerifyProof { proof: words, publicInputs: inputs }.abi_encode());
    let receipt = chain.call_raw(TxRequest::call(CALLER, verifier, data.clone())).expect("runs");
    assert!(receipt.is_success(), "verifyProof reverted: {receipt:?}");
    let verified = VerifyProof::abi_decode_returns(&receipt.output).expect("returns a bool");
    (verified, receipt.gas_used - 21_000 - calldata_gas(&data))
}

fn floor(n: usize) -> u64 {
    181_000 + 6_150 * n as u64
}

#[test]
fn valid_proofs_verify_on_chain_within_snarkjs_gas() {
    let mut chain = Chain::new();
    for setup in [sanctions_clean(&mut chain), license_tier(&mut chain)] {
        let n = setup.inputs.len();
        for (kind, verifier) in setup.verifiers() {
            let count = chain.view(verifier, &SanctionsCleanVerifier::publicInputCountCall {}).expect("count");
            assert_eq!(count, U256::from(n), "{kind} {}", setup.name);
            let (verified, gas) = verify_on_chain(
                &mut chain,
                verifier,
                proof_calldata(&setup.proof),
                public_inputs_calldata(&setup.inputs),
            );
            assert!(verified, "{kind} {}: a valid proof", setup.name);
            eprintln!(
                "{kind} {}: verifyProof {gas} gas for n = {n}; floor 181,000 + 6,150·n = {} ({:+})",
                setup.name,
                floor(n),
                gas as i64 - floor(n) as i64
            );
            // snarkjs's verifier: 195,611 gas for n = 2 and 202,216 for n = 3 (+2,311 and +2,766
            // over the floor); the Solidity verifier no more than that over the floor here. The
            // Stylus one pays the WASM entry and ink on top (measured, not bounded, here).
            if kind == "Solidity" {
                assert!(gas <= floor(n) + 2_766, "{}: {gas} gas", setup.name);
            }
        }
    }
}

#[test]
fn every_bad_proof_or_input_returns_false_without_reverting() {
    let mut chain = Chain::new();
    for setup in [sanctions_clean(&mut chain), license_tier(&mut chain)] {
        let words = proof_calldata(&setup.proof);
        let inputs = public_inputs_calldata(&setup.inputs);
        let mut rejects = |what: String, words: [U256; 8], inputs: Vec<U256>| {
            for (kind, verifier) in setup.verifiers() {
                let (verified, _) = verify_on_chain(&mut chain, verifier, words, inputs.clone());
                assert!(!verified, "{kind} {}: {what} verified", setup.name);
            }
        };

        let tampered = Proof::<Bn254> { a: (setup.proof.a + G1Affine::generator()).into(), ..setup.proof.clone() };
        rejects("a tampered A".into(), proof_calldata(&tampered), inputs.clone());
        let swapped = Proof::<Bn254> { a: setup.proof.c, c: setup.proof.a, ..setup.proof.clone() };
        rejects("A and C swapped".into(), proof_calldata(&swapped), inputs.clone());
        for i in 0..inputs.len() {
            let mut altered = setup.inputs.clone();
            altered[i] += Fr::from(1u64);
            rejects(format!("input {i} altered"), words, public_inputs_calldata(&altered));
            // The same scalar modulo r: ecMul would accept it, the verifier must not.
            let mut wrapped = inputs.clone();
            wrapped[i] += SCALAR_MODULUS;
            rejects(format!("input {i} + r"), words, wrapped);
            let mut too_big = inputs.clone();
            too_big[i] = U256::MAX;
            rejects(format!("input {i} = 2^256 - 1"), words, too_big);
        }
        rejects("one input too few".into(), words, inputs[..inputs.len() - 1].to_vec());
        rejects("one input too many".into(), words, [inputs.clone(), vec![U256::ZERO]].concat());
        rejects("no inputs".into(), words, Vec::new());
        for i in 0..8 {
            let mut wrapped = words;
            wrapped[i] += BASE_MODULUS;
            rejects(format!("coordinate {i} + q"), wrapped, inputs.clone());
            let mut modulus = words;
            modulus[i] = BASE_MODULUS;
            rejects(format!("coordinate {i} = q"), modulus, inputs.clone());
        }
        let mut off_curve = words;
        off_curve[1] += U256::from(1);
        rejects("A off the curve".into(), off_curve, inputs.clone());
        let mut off_curve = words;
        off_curve[5] += U256::from(1);
        rejects("B off the curve".into(), off_curve, inputs.clone());
        rejects("all zero".into(), [U256::ZERO; 8], inputs.clone());
    }
}

/// A bad proof of one of the kinds arkworks can represent (so both verifiers can judge it).
fn corrupt(rng: &mut ChaCha20Rng, proof: &Proof<Bn254>, inputs: &[Fr]) -> (Proof<Bn254>, Vec<Fr>) {
    let mut proof = proof.clone();
    let mut inputs = inputs.to_vec();
    match rng.gen_range(0..5) {
        0 => {
            let i = rng.gen_range(0..inputs.len());
            inputs[i] = Fr::rand(rng);
        }
        1 => proof.a = G1Projective::rand(rng).into_affine(),
        2 => proof.b = G2Projective::rand(rng).into_affine(),
        3 => proof.c = G1Projective::rand(rng).into_affine(),
        _ => std::mem::swap(&mut proof.a, &mut proof.c),
    }
    (proof, inputs)
}

#[test]
fn the_solidity_stylus_and_rust_verifiers_agree_on_a_seeded_batch() {
    let mut chain = Chain::new();
    let mut rng = ChaCha20Rng::from_seed([0xba; 32]);
    let setups = [sanctions_clean(&mut chain), license_tier(&mut chain)];
    // Two more statements of each circuit (other holders and scopes), then re-randomized proofs
    // of all of them: 20 valid proofs, each with different words.
    let mut valid: Vec<(&Setup, Proof<Bn254>, Vec<Fr>)> = Vec::new();
    for setup in &setups {
        valid.push((setup, setup.proof.clone(), setup.inputs.clone()));
    }
    for holder in 100..102u64 {
        let (secret, did, scope) = (Fr::from(holder), Fr::from(holder + 1), Fr::from(holder + 2));
        let statement = examples::sanctions_clean_statement(secret, did, scope).expect("clean");
        let proof = prove(&setups[0].keys.proving, statement.clone(), &mut rng).expect("proves");
        valid.push((&setups[0], proof, statement.public_inputs().to_vec()));
        let statement = examples::license_tier_statement(secret, did, 9, 9, scope).expect("statement");
        let proof = prove(&setups[1].keys.proving, statement.clone(), &mut rng).expect("proves");
        valid.push((&setups[1], proof, statement.public_inputs().to_vec()));
    }
    while valid.len() < 20 {
        let (setup, proof, inputs) = valid[rng.gen_range(0..6)].clone();
        let proof = Groth16::<Bn254>::rerandomize_proof(&setup.keys.verifying, &proof, &mut rng);
        valid.push((setup, proof, inputs));
    }
    let invalid: Vec<_> = (0..20)
        .map(|_| {
            let (setup, proof, inputs) = &valid[rng.gen_range(0..valid.len())];
            let (proof, inputs) = corrupt(&mut rng, proof, inputs);
            (*setup, proof, inputs)
        })
        .collect();

    for (i, (setup, proof, inputs)) in valid.iter().chain(&invalid).enumerate() {
        let rust = verify(&setup.keys.verifying, inputs, proof).expect("verifies");
        for (kind, verifier) in setup.verifiers() {
            let (answer, _) =
                verify_on_chain(&mut chain, verifier, proof_calldata(proof), public_inputs_calldata(inputs));
            assert_eq!(answer, rust, "case {i} ({}): {kind} says {answer}, arkworks {rust}", setup.name);
        }
        assert_eq!(rust, i < valid.len(), "case {i}: the first 20 are valid, the rest not");
    }
}

#[test]
fn malformed_calldata_reverts_alike_on_both_verifiers() {
    let mut chain = Chain::new();
    let setup = sanctions_clean(&mut chain);
    let good = VerifyProof { proof: proof_calldata(&setup.proof), publicInputs: public_inputs_calldata(&setup.inputs) }
        .abi_encode();
    let mut huge_length = good.clone();
    // The array's length word claims more elements than the calldata holds.
    huge_length[4 + 9 * 32..4 + 10 * 32].copy_from_slice(&U256::from(1_000u64).to_be_bytes::<32>());
    let cases: [(&str, Vec<u8>); 4] = [
        ("truncated", good[..good.len() - 1].to_vec()),
        ("an array longer than the calldata", huge_length),
        ("an unknown selector", [&[0xde, 0xad, 0xbe, 0xef][..], &good[4..]].concat()),
        ("no calldata", Vec::new()),
    ];
    for (what, data) in cases {
        for (kind, verifier) in setup.verifiers() {
            let receipt = chain.call_raw(TxRequest::call(CALLER, verifier, Bytes::from(data.clone()))).expect("runs");
            assert!(!receipt.is_success(), "{kind}: {what} must revert");
            assert!(receipt.output.is_empty(), "{kind}: {what} reverts without data, got {:?}", receipt.output);
        }
    }
}

fn snarkjs_file(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../test/fixtures/zk/snarkjs").join(name);
    std::fs::read_to_string(path).expect("snarkjs fixture")
}

#[test]
fn a_snarkjs_proof_verifies_with_the_verifier_generated_from_its_key() {
    let mut chain = Chain::new();
    let verifier = chain.deploy(DEPLOYER, SnarkjsNonMembershipVerifier::BYTECODE.to_vec()).expect("deploys");
    let proof = snarkjs::proof(&snarkjs_file("proof.json")).expect("proof");
    let inputs = snarkjs::public_inputs(&snarkjs_file("public.json")).expect("inputs");
    let (verified, gas) =
        verify_on_chain(&mut chain, verifier, proof_calldata(&proof), public_inputs_calldata(&inputs));
    assert!(verified);
    eprintln!(
        "SnarkjsNonMembershipVerifier (snarkjs key): verifyProof {gas} gas for n = 3; floor {}; snarkjs's own verifier: 202,216",
        floor(3)
    );
    let mut wrong = inputs.clone();
    wrong[2] += Fr::from(1u64);
    let (verified, _) = verify_on_chain(&mut chain, verifier, proof_calldata(&proof), public_inputs_calldata(&wrong));
    assert!(!verified);
}

alloy::sol! {
    /// `contracts/solidity/interfaces/IGroth16Verifier.sol`, which the generated verifiers
    /// implement without importing it (they are self-contained).
    interface IGroth16Verifier {
        function verifyProof(uint256[8] calldata proof, uint256[] calldata publicInputs) external view returns (bool);
        function publicInputCount() external pure returns (uint256);
    }
}

#[test]
fn the_generated_verifiers_have_the_interface_selectors() {
    let verify = IGroth16Verifier::verifyProofCall::SELECTOR;
    let count = IGroth16Verifier::publicInputCountCall::SELECTOR;
    assert_eq!(SanctionsCleanVerifier::verifyProofCall::SELECTOR, verify);
    assert_eq!(LicenseTierVerifier::verifyProofCall::SELECTOR, verify);
    assert_eq!(SnarkjsNonMembershipVerifier::verifyProofCall::SELECTOR, verify);
    assert_eq!(SanctionsCleanVerifier::publicInputCountCall::SELECTOR, count);
    assert_eq!(LicenseTierVerifier::publicInputCountCall::SELECTOR, count);
    assert_eq!(SnarkjsNonMembershipVerifier::publicInputCountCall::SELECTOR, count);
    for artifact in [
        chlom_bindings::artifacts::SANCTIONS_CLEAN_VERIFIER,
        chlom_bindings::artifacts::LICENSE_TIER_VERIFIER,
        chlom_bindings::artifacts::SNARKJS_NON_MEMBERSHIP_VERIFIER,
    ] {
        let abi = chlom_bindings::artifacts::abi(artifact).expect("abi");
        assert_eq!(abi.functions().count(), 2, "only the interface's functions");
    }
}
