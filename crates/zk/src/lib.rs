//! Zero-knowledge compliance proofs for CHLOM: a holder proves a statement about itself ("my
//! identity is not on the sanctions snapshot", "my credential tier is at least k") and a contract
//! verifies it, without the identity, the DID or the credential leaving the holder.
//!
//! - [`poseidon`]: the Poseidon hash exactly as circomlib computes it (BN254, x^5, width 3, 8 full
//!   and 57 partial rounds), natively and as an R1CS gadget, so that circuits and tools of the
//!   circom ecosystem interoperate with these.
//! - [`merkle`]: a fixed-depth Poseidon Merkle tree and its paths.
//! - [`snapshot`]: the sanctions snapshot, the oracle's tree of every registered identity
//!   commitment with its listed flag, whose root it publishes.
//! - [`circuits`]: the Groth16 circuits `SanctionsClean` and `LicenseTier`.
//! - [`groth16`]: setup (deterministic from a seed for tests, from system entropy otherwise),
//!   proving and verification with the public-input count checked.
//! - [`verifier`]: the Solidity verifier generator, the EVM encodings of proofs and keys, and
//!   snarkjs's JSON files.
//! - [`examples`]: the test keys (fixed seeds) and example statements behind the committed
//!   verifiers and proof fixtures.
//!
//! Field elements are BN254 scalars ([`Fr`]).

pub mod circuits;
pub mod examples;
pub mod gadgets;
pub mod groth16;
pub mod merkle;
pub mod poseidon;
pub mod proof_file;
pub mod snapshot;
pub mod verifier;

pub use ark_bn254::Fr;

/// What the proof system refuses.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ZkError {
    /// The identity is listed on the sanctions snapshot: there is no clean proof for it.
    #[error("the identity is listed on the sanctions snapshot")]
    Listed,
    /// The identity is not registered in the snapshot (a commitment the holder never registered,
    /// or a wrong secret or DID).
    #[error("the identity is not registered in the sanctions snapshot")]
    NotRegistered,
    /// One identity registered twice in a snapshot's input.
    #[error("registrations {first} and {second} are the same identity")]
    DuplicateIdentity {
        /// The first registration's position.
        first: usize,
        /// The repeated one's.
        second: usize,
    },
    /// The tree is full at its depth.
    #[error("the tree holds at most {capacity} leaves")]
    TreeFull {
        /// The most leaves at this depth.
        capacity: usize,
    },
    /// A leaf index beyond the leaves the tree holds.
    #[error("no leaf {index} (the tree holds {len})")]
    NoSuchLeaf {
        /// The index asked for.
        index: usize,
        /// How many leaves there are.
        len: usize,
    },
    /// The witness does not satisfy the circuit (a wrong secret, a stale root, a tier below k…).
    #[error("the witness does not satisfy the circuit")]
    Unsatisfied,
    /// A verification with a number of public inputs other than the key's.
    #[error("the verifying key takes {expected} public inputs, not {given}")]
    PublicInputCount {
        /// The key's count.
        expected: usize,
        /// The count given.
        given: usize,
    },
    /// A snarkjs JSON file that is not valid JSON, lacks a field or has one of the wrong shape.
    #[error("snarkjs json: {field} {problem}")]
    SnarkjsJson {
        /// Where, as a JSON path (`$` for the whole file).
        field: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A number that is not a string of decimal digits (snarkjs writes every number that way).
    #[error("snarkjs json: {field} is {value:?}, not a decimal number")]
    NotDecimal {
        /// Where, as a JSON path.
        field: String,
        /// The value found.
        value: String,
    },
    /// A point that is not on the curve (or, in G2, not in the prime-order subgroup).
    #[error("snarkjs json: {field} is not a point of the curve's group")]
    NotOnCurve {
        /// Where, as a JSON path.
        field: String,
    },
    /// A public input that is not below the scalar field modulus r.
    #[error("public input {index} is not below the scalar field modulus")]
    InputNotInField {
        /// Its position.
        index: usize,
    },
    /// A key file that cannot be read or written, or does not hold a key.
    #[error("key file {path}: {problem}")]
    KeyFile {
        /// The file.
        path: String,
        /// What went wrong.
        problem: String,
    },
    /// An error of the proof system itself.
    #[error("proof system: {0}")]
    ProofSystem(String),
}
