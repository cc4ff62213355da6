//! Groth16 verification on the EVM: the Solidity verifier generator, the EIP-197 encodings of
//! proofs and keys, and snarkjs interoperability.
//!
//! - [`solidity_verifier`] writes a self-contained Solidity contract implementing
//!   `contracts/solidity/interfaces/IGroth16Verifier.sol` with a verifying key embedded.
//! - [`proof_calldata`], [`public_inputs_calldata`] and [`VerifierConstants`] are the big-endian
//!   `uint256` words the EVM precompiles 0x06–0x08 read: G1 points as `(x, y)`, G2 points as
//!   `(x.c1, x.c0, y.c1, y.c0)`, imaginary part first (EIP-197). The point at infinity is `(0, 0)`.
//! - [`stylus_verifying_key`] writes the key module of a Stylus verifier program
//!   (`contracts/stylus/groth16`), which verifies with the same precompiles.
//! - [`snarkjs`] reads snarkjs's `verification_key.json`, `proof.json` and `public.json`, so the
//!   generator accepts a key from either prover.

pub mod snarkjs;
mod solidity;
mod stylus;

use alloy_primitives::U256;
use ark_bn254::{Bn254, Fq, Fq2, G1Affine, G2Affine};
use ark_ec::AffineRepr;
use ark_ff::PrimeField;
use ark_groth16::{Proof, VerifyingKey};

use crate::{Fr, ZkError};

pub use solidity::{solidity_verifier, solidity_verifier_with_notes};
pub use stylus::stylus_verifying_key;

/// The BN254 scalar field modulus r: public inputs must be below it.
pub const SCALAR_MODULUS: U256 = U256::from_limbs(<Fr as PrimeField>::MODULUS.0);
/// The BN254 base field modulus q: coordinates must be below it.
pub const BASE_MODULUS: U256 = U256::from_limbs(<Fq as PrimeField>::MODULUS.0);

/// A base field element as a `uint256`.
pub fn fq_word(value: Fq) -> U256 {
    U256::from_limbs(value.into_bigint().0)
}

/// A scalar (a public input) as a `uint256`.
pub fn fr_word(value: Fr) -> U256 {
    U256::from_limbs(value.into_bigint().0)
}

/// A G1 point as `[x, y]`; the point at infinity as `[0, 0]` (arkworks keeps zero coordinates there).
pub fn g1_words(point: &G1Affine) -> [U256; 2] {
    [fq_word(point.x), fq_word(point.y)]
}

/// A G2 point in EIP-197 order: `[x.c1, x.c0, y.c1, y.c0]`.
pub fn g2_words(point: &G2Affine) -> [U256; 4] {
    [fq_word(point.x.c1), fq_word(point.x.c0), fq_word(point.y.c1), fq_word(point.y.c0)]
}

/// A proof as the eight words `verifyProof` takes: `[A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0,
/// C.x, C.y]`.
pub fn proof_calldata(proof: &Proof<Bn254>) -> [U256; 8] {
    let [ax, ay] = g1_words(&proof.a);
    let [bx1, bx0, by1, by0] = g2_words(&proof.b);
    let [cx, cy] = g1_words(&proof.c);
    [ax, ay, bx1, bx0, by1, by0, cx, cy]
}

/// The proof of [`proof_calldata`]'s eight words: every coordinate below q, the points on the
/// curve and B in G2's prime-order subgroup (`NotOnCurve` names the word, `proof[i]`, otherwise).
/// `(0, 0)` is the point at infinity, as the precompiles read it.
pub fn proof_from_calldata(words: &[U256; 8]) -> Result<Proof<Bn254>, ZkError> {
    let fq = |index: usize| -> Result<Fq, ZkError> {
        Fq::from_bigint(ark_ff::BigInt(words[index].into_limbs()))
            .ok_or(ZkError::NotOnCurve { field: format!("proof[{index}]") })
    };
    let g1 = |at: usize| -> Result<G1Affine, ZkError> {
        let (x, y) = (fq(at)?, fq(at + 1)?);
        let point =
            if x == Fq::from(0u64) && y == Fq::from(0u64) { G1Affine::zero() } else { G1Affine::new_unchecked(x, y) };
        // BN254's G1 has cofactor 1: on the curve is in the group.
        if !point.is_on_curve() {
            return Err(ZkError::NotOnCurve { field: format!("proof[{at}]") });
        }
        Ok(point)
    };
    let (x, y) = (Fq2::new(fq(3)?, fq(2)?), Fq2::new(fq(5)?, fq(4)?));
    let b = if x == Fq2::from(0u64) && y == Fq2::from(0u64) { G2Affine::zero() } else { G2Affine::new_unchecked(x, y) };
    if !b.is_on_curve() || !b.is_in_correct_subgroup_assuming_on_curve() {
        return Err(ZkError::NotOnCurve { field: "proof[2]".into() });
    }
    Ok(Proof { a: g1(0)?, b, c: g1(6)? })
}

/// Public inputs from `uint256` words; `InputNotInField` for one not below r.
pub fn public_inputs_from_calldata(words: &[U256]) -> Result<Vec<Fr>, ZkError> {
    words
        .iter()
        .enumerate()
        .map(|(index, word)| {
            Fr::from_bigint(ark_ff::BigInt(word.into_limbs())).ok_or(ZkError::InputNotInField { index })
        })
        .collect()
}

/// Public inputs as `uint256` words.
pub fn public_inputs_calldata(inputs: &[Fr]) -> Vec<U256> {
    inputs.iter().copied().map(fr_word).collect()
}

/// A verifying key as the constants a verifier contract embeds, in EIP-197 encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierConstants {
    /// α in G1.
    pub alpha: [U256; 2],
    /// β in G2.
    pub beta: [U256; 4],
    /// γ in G2.
    pub gamma: [U256; 4],
    /// δ in G2.
    pub delta: [U256; 4],
    /// The input commitments `IC_0 … IC_n` (arkworks' `gamma_abc_g1`): one more than the inputs.
    pub ic: Vec<[U256; 2]>,
}

impl VerifierConstants {
    /// The constants of `vk`.
    pub fn new(vk: &VerifyingKey<Bn254>) -> Self {
        Self {
            alpha: g1_words(&vk.alpha_g1),
            beta: g2_words(&vk.beta_g2),
            gamma: g2_words(&vk.gamma_g2),
            delta: g2_words(&vk.delta_g2),
            ic: vk.gamma_abc_g1.iter().map(g1_words).collect(),
        }
    }

    /// The number of public inputs the key takes.
    pub fn public_inputs(&self) -> usize {
        self.ic.len().saturating_sub(1)
    }
}
