//! The **test keys** and example statements behind the committed verifier contracts
//! (`contracts/solidity/zk/generated/`) and proof fixtures (`test/fixtures/zk/`).
//!
//! The keys come from [`crate::groth16::setup`] with fixed, public seeds: anyone can recompute the
//! toxic waste and forge proofs. They exist so that tests, forge fixtures and the generated
//! contracts agree and stay reproducible. **Production keys need a multi-party ceremony**, and
//! their verifiers are generated from those keys with [`crate::verifier::solidity_verifier`].

use alloy_primitives::U256;
use ark_bn254::Bn254;
use ark_groth16::Proof;
use ark_std::rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use serde_json::{Value, json};

use crate::circuits::{CredentialTree, LicenseTier, SanctionsClean, identity_commitment};
use crate::groth16::{Keys, prove, setup};
use crate::snapshot::SanctionsSnapshot;
use crate::verifier::{proof_calldata, public_inputs_calldata};
use crate::{Fr, ZkError};

/// The setup seed of the SanctionsClean test keys.
pub const SANCTIONS_CLEAN_SEED: [u8; 32] = [0x5a; 32];
/// The setup seed of the LicenseTier test keys.
pub const LICENSE_TIER_SEED: [u8; 32] = [0x71; 32];
/// The prover's seed for the committed fixtures (Groth16 proofs are randomized; a fixed seed makes
/// them reproducible).
pub const FIXTURE_PROVER_SEED: [u8; 32] = [0xf1; 32];

/// The example holder's secret.
pub const SECRET: u64 = 0x5ec2e7;
/// The example holder's DID as a field element.
pub const DID: u64 = 0xd1d;
/// The example scope.
pub const SCOPE: u64 = 0x5c09e;
/// The example credential's tier, and the threshold proved.
pub const TIER: u8 = 3;
/// The threshold the LicenseTier fixture proves.
pub const K: u8 = 2;

/// The SanctionsClean test keys (seed [`SANCTIONS_CLEAN_SEED`]).
pub fn sanctions_clean_keys() -> Result<Keys, ZkError> {
    setup(SanctionsClean::blank(), SANCTIONS_CLEAN_SEED)
}

/// The LicenseTier test keys (seed [`LICENSE_TIER_SEED`]).
pub fn license_tier_keys() -> Result<Keys, ZkError> {
    setup(LicenseTier::blank(), LICENSE_TIER_SEED)
}

/// A snapshot of sixteen listed identities, none of them the holder `(secret, _)` for the secrets
/// the examples use.
pub fn example_snapshot() -> Result<SanctionsSnapshot, ZkError> {
    SanctionsSnapshot::new((1..=16u64).map(|i| identity_commitment(Fr::from(i), Fr::from(i * 1_000))))
}

/// The holder `(secret, did)` proving it is not on [`example_snapshot`] in `scope`.
pub fn sanctions_clean_statement(secret: Fr, did: Fr, scope: Fr) -> Result<SanctionsClean, ZkError> {
    SanctionsClean::new(&example_snapshot()?, secret, did, scope)
}

/// The holder `(secret, did)` proving that its credential, of tier `tier` and the third in an
/// issuer's tree of four, has a tier of at least `k` in `scope`.
pub fn license_tier_statement(secret: Fr, did: Fr, tier: u8, k: u8, scope: Fr) -> Result<LicenseTier, ZkError> {
    let others = (1..=3u64).map(|i| (identity_commitment(Fr::from(i), Fr::from(i * 7)), 1u8));
    let mut credentials: Vec<(Fr, u8)> = others.collect();
    credentials.insert(2, (identity_commitment(secret, did), tier));
    let tree = CredentialTree::new(credentials)?;
    LicenseTier::new(&tree, 2, secret, did, k, scope)
}

/// A proof and its public inputs, as the forge tests read them: `proof` the eight `uint256` words
/// of `IGroth16Verifier.verifyProof` and `publicInputs` its inputs, all as decimal strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofFixture {
    /// The circuit's name (`SanctionsClean`, `LicenseTier`).
    pub circuit: String,
    /// The verifier contract that accepts it.
    pub verifier: String,
    /// The public inputs' names, in order.
    pub input_names: Vec<String>,
    /// `[A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y]`.
    pub proof: [U256; 8],
    /// The public inputs.
    pub public_inputs: Vec<U256>,
}

impl ProofFixture {
    /// The fixture of `proof` for `inputs`.
    pub fn new(circuit: &str, verifier: &str, input_names: &[&str], proof: &Proof<Bn254>, inputs: &[Fr]) -> Self {
        Self {
            circuit: circuit.into(),
            verifier: verifier.into(),
            input_names: input_names.iter().map(|name| (*name).to_owned()).collect(),
            proof: proof_calldata(proof),
            public_inputs: public_inputs_calldata(inputs),
        }
    }

    /// The JSON file: pretty-printed, keys in alphabetical order, a final newline.
    pub fn to_json(&self) -> String {
        let decimal = |words: &[U256]| words.iter().map(|word| Value::String(word.to_string())).collect::<Vec<_>>();
        let value = json!({
            "circuit": self.circuit,
            "verifier": self.verifier,
            "note": "test keys from a fixed public seed (chlom_zk::examples): never for production",
            "inputNames": self.input_names,
            "proof": decimal(&self.proof),
            "publicInputs": decimal(&self.public_inputs),
        });
        let mut text = serde_json::to_string_pretty(&value).expect("a JSON value always serializes");
        text.push('\n');
        text
    }

    /// A fixture read back from its JSON file.
    pub fn from_json(json: &str) -> Result<Self, ZkError> {
        let bad = |field: &str, problem: &str| ZkError::SnarkjsJson { field: field.into(), problem: problem.into() };
        let value: Value = serde_json::from_str(json).map_err(|error| bad("$", &error.to_string()))?;
        let text =
            |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned).ok_or(bad(name, "is missing"));
        let words = |name: &str| -> Result<Vec<U256>, ZkError> {
            let items = value.get(name).and_then(Value::as_array).ok_or(bad(name, "is missing"))?;
            items
                .iter()
                .map(|item| item.as_str().and_then(|s| s.parse::<U256>().ok()).ok_or(bad(name, "holds a non-decimal")))
                .collect()
        };
        let proof: [U256; 8] = words("proof")?.try_into().map_err(|_| bad("proof", "is not eight words"))?;
        let names = value.get("inputNames").and_then(Value::as_array).ok_or(bad("inputNames", "is missing"))?;
        Ok(Self {
            circuit: text("circuit")?,
            verifier: text("verifier")?,
            input_names: names.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            proof,
            public_inputs: words("publicInputs")?,
        })
    }
}

/// The committed SanctionsClean fixture: the example holder, proved with the test keys.
pub fn sanctions_clean_fixture(keys: &Keys) -> Result<ProofFixture, ZkError> {
    let statement = sanctions_clean_statement(Fr::from(SECRET), Fr::from(DID), Fr::from(SCOPE))?;
    let proof = prove(&keys.proving, statement.clone(), &mut ChaCha20Rng::from_seed(FIXTURE_PROVER_SEED))?;
    let inputs = statement.public_inputs();
    Ok(ProofFixture::new("SanctionsClean", "SanctionsCleanVerifier", &["root", "scope", "nullifier"], &proof, &inputs))
}

/// The committed LicenseTier fixture: the example holder's tier-[`TIER`] credential proved at
/// least [`K`], with the test keys.
pub fn license_tier_fixture(keys: &Keys) -> Result<ProofFixture, ZkError> {
    let statement = license_tier_statement(Fr::from(SECRET), Fr::from(DID), TIER, K, Fr::from(SCOPE))?;
    let proof = prove(&keys.proving, statement.clone(), &mut ChaCha20Rng::from_seed(FIXTURE_PROVER_SEED))?;
    let inputs = statement.public_inputs();
    Ok(ProofFixture::new("LicenseTier", "LicenseTierVerifier", &["root", "k", "scope", "nullifier"], &proof, &inputs))
}
