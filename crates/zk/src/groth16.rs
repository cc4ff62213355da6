//! Groth16 over BN254 for the compliance circuits: setup, proving and verification.
//!
//! Setup is circuit-specific. [`setup`] takes a 32-byte seed for reproducible keys in tests and
//! fixtures; [`setup_from_entropy`] seeds from the operating system. Either way one party knows the
//! toxic waste: keys for production need a multi-party ceremony (a powers-of-tau phase and a
//! circuit-specific phase, as snarkjs runs), which this crate does not run.

use std::path::{Path, PathBuf};

use ark_bn254::Bn254;
use ark_groth16::{Groth16, Proof, ProvingKey, VerifyingKey};
use ark_relations::gr1cs::{
    ConstraintSynthesizer, ConstraintSystem, OptimizationGoal, R1CS_PREDICATE_LABEL, SynthesisMode,
};
use ark_serialize::{CanonicalDeserialize, CanonicalSerialize};
use ark_snark::SNARK;
use ark_std::UniformRand;
use ark_std::rand::{CryptoRng, RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

use crate::{Fr, ZkError};

/// A circuit's proving and verifying keys.
#[derive(Clone)]
pub struct Keys {
    /// For the prover.
    pub proving: ProvingKey<Bn254>,
    /// For verifiers (and the verifier contracts generated from it).
    pub verifying: VerifyingKey<Bn254>,
}

impl Keys {
    /// Writes `<dir>/<name>.pk` and `<dir>/<name>.vk` (arkworks' compressed encoding).
    pub fn save(&self, dir: &Path, name: &str) -> Result<(), ZkError> {
        std::fs::create_dir_all(dir).map_err(|error| key_file(dir, &error))?;
        write_key(&key_path(dir, name, "pk"), &self.proving)?;
        write_key(&key_path(dir, name, "vk"), &self.verifying)
    }

    /// Reads what [`Keys::save`] wrote. Points are checked (on the curve, in the subgroup).
    pub fn load(dir: &Path, name: &str) -> Result<Self, ZkError> {
        Ok(Self { proving: read_key(&key_path(dir, name, "pk"))?, verifying: load_verifying_key(dir, name)? })
    }
}

/// Reads only `<dir>/<name>.vk`: what a verifier needs.
pub fn load_verifying_key(dir: &Path, name: &str) -> Result<VerifyingKey<Bn254>, ZkError> {
    read_key(&key_path(dir, name, "vk"))
}

fn key_path(dir: &Path, name: &str, extension: &str) -> PathBuf {
    dir.join(format!("{name}.{extension}"))
}

fn write_key(path: &Path, key: &impl CanonicalSerialize) -> Result<(), ZkError> {
    let mut bytes = Vec::with_capacity(key.compressed_size());
    key.serialize_compressed(&mut bytes).map_err(|error| key_file(path, &error))?;
    std::fs::write(path, bytes).map_err(|error| key_file(path, &error))
}

fn read_key<K: CanonicalDeserialize>(path: &Path) -> Result<K, ZkError> {
    let bytes = std::fs::read(path).map_err(|error| key_file(path, &error))?;
    K::deserialize_compressed(bytes.as_slice()).map_err(|error| key_file(path, &error))
}

fn key_file(path: &Path, error: &impl std::fmt::Display) -> ZkError {
    ZkError::KeyFile { path: path.display().to_string(), problem: error.to_string() }
}

/// Keys for the circuit `blank` has the shape of, from `seed`: the same seed gives the same keys.
pub fn setup<C: ConstraintSynthesizer<Fr>>(blank: C, seed: [u8; 32]) -> Result<Keys, ZkError> {
    setup_with(blank, &mut ChaCha20Rng::from_seed(seed))
}

/// Keys from the operating system's entropy.
pub fn setup_from_entropy<C: ConstraintSynthesizer<Fr>>(blank: C) -> Result<Keys, ZkError> {
    setup_with(blank, &mut ChaCha20Rng::from_entropy())
}

fn setup_with<C: ConstraintSynthesizer<Fr>>(blank: C, rng: &mut (impl RngCore + CryptoRng)) -> Result<Keys, ZkError> {
    let (proving, verifying) = Groth16::<Bn254>::circuit_specific_setup(blank, rng).map_err(proof_system)?;
    Ok(Keys { proving, verifying })
}

/// A proof of `circuit`; `Unsatisfied` if its witness does not satisfy it (Groth16 itself would
/// return a proof that fails verification).
///
/// The circuit is synthesized once, as arkworks' own prover does (proving mode, matrices built,
/// optimized for constraints, so the same system setup made keys for), and that one system is both
/// checked and proved: checking on a separate synthesis first cost a second synthesis per proof.
/// `r` and `s` are drawn from `rng` in arkworks' order, so a seeded `rng` gives its proofs.
pub fn prove<C: ConstraintSynthesizer<Fr>>(
    proving: &ProvingKey<Bn254>,
    circuit: C,
    rng: &mut (impl RngCore + CryptoRng),
) -> Result<Proof<Bn254>, ZkError> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    cs.set_optimization_goal(OptimizationGoal::Constraints);
    cs.set_mode(SynthesisMode::Prove { construct_matrices: true, generate_lc_assignments: false });
    circuit.generate_constraints(cs.clone()).map_err(proof_system)?;
    cs.finalize();
    if !cs.is_satisfied().map_err(proof_system)? {
        return Err(ZkError::Unsatisfied);
    }
    let matrices = cs.to_matrices().map_err(proof_system)?;
    let r1cs = matrices.get(R1CS_PREDICATE_LABEL).ok_or_else(|| proof_system("the circuit has no R1CS matrices"))?;
    let assignment =
        [cs.instance_assignment().map_err(proof_system)?, cs.witness_assignment().map_err(proof_system)?].concat();
    let (r, s) = (Fr::rand(rng), Fr::rand(rng));
    Groth16::<Bn254>::create_proof_with_reduction_and_matrices(
        proving,
        r,
        s,
        r1cs,
        cs.num_instance_variables(),
        cs.num_constraints(),
        &assignment,
    )
    .map_err(proof_system)
}

/// Whether `proof` proves the circuit of `verifying` for `public_inputs`. The count must be the
/// key's (arkworks would ignore extra inputs).
pub fn verify(verifying: &VerifyingKey<Bn254>, public_inputs: &[Fr], proof: &Proof<Bn254>) -> Result<bool, ZkError> {
    let expected = verifying.gamma_abc_g1.len() - 1;
    if public_inputs.len() != expected {
        return Err(ZkError::PublicInputCount { expected, given: public_inputs.len() });
    }
    Groth16::<Bn254>::verify(verifying, public_inputs, proof).map_err(proof_system)
}

/// The number of constraints of the circuit `blank` has the shape of.
pub fn constraint_count<C: ConstraintSynthesizer<Fr>>(blank: C) -> Result<usize, ZkError> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    blank.generate_constraints(cs.clone()).map_err(proof_system)?;
    Ok(cs.num_constraints())
}

fn proof_system(error: impl std::fmt::Display) -> ZkError {
    ZkError::ProofSystem(error.to_string())
}
