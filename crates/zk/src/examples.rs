//! The **test keys** and example statements behind the committed verifier contracts
//! (`contracts/solidity/zk/generated/`) and proof fixtures (`test/fixtures/zk/`).
//!
//! The keys come from [`crate::groth16::setup`] with fixed, public seeds: anyone can recompute the
//! toxic waste and forge proofs. They exist so that tests, forge fixtures and the generated
//! contracts agree and stay reproducible. **Production keys need a multi-party ceremony**, and
//! their verifiers are generated from those keys with [`crate::verifier::solidity_verifier`].

use ark_std::rand::SeedableRng;
use rand_chacha::ChaCha20Rng;

use crate::circuits::{CredentialTree, LicenseTier, SanctionsClean, identity_commitment};
use crate::groth16::{Keys, prove, setup};
use crate::proof_file::ProofFile;
use crate::snapshot::{Registration, SanctionsSnapshot};
use crate::{Fr, ZkError};

/// The setup seed of the SanctionsClean test keys.
pub const SANCTIONS_CLEAN_SEED: [u8; 32] = [0x5a; 32];
/// The setup seed of the LicenseTier test keys.
pub const LICENSE_TIER_SEED: [u8; 32] = [0x71; 32];
/// The prover's seed for the committed fixtures (Groth16 proofs are randomized; a fixed seed makes
/// them reproducible).
pub const FIXTURE_PROVER_SEED: [u8; 32] = [0xf1; 32];

/// The note every file made with the test keys carries.
pub const TEST_KEYS_NOTE: &str = "test keys from a fixed public seed (chlom_zk::examples): never for production";

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

/// The example registry with the holder `(secret, did)` registered clean: sixteen other
/// identities, every third of them listed, and the holder as the tenth registration.
pub fn example_snapshot(secret: Fr, did: Fr) -> Result<SanctionsSnapshot, ZkError> {
    let mut registrations: Vec<Registration> = (1..=16u64)
        .map(|i| Registration { identity: identity_commitment(Fr::from(i), Fr::from(i * 1_000)), listed: i % 3 == 0 })
        .collect();
    registrations.insert(9, Registration { identity: identity_commitment(secret, did), listed: false });
    SanctionsSnapshot::new(registrations)
}

/// The holder `(secret, did)` proving it is clean on [`example_snapshot`] in `scope`.
pub fn sanctions_clean_statement(secret: Fr, did: Fr, scope: Fr) -> Result<SanctionsClean, ZkError> {
    SanctionsClean::new(&example_snapshot(secret, did)?, secret, did, scope)
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

/// The committed SanctionsClean fixture: the example holder, proved with the test keys.
pub fn sanctions_clean_fixture(keys: &Keys) -> Result<ProofFile, ZkError> {
    let statement = sanctions_clean_statement(Fr::from(SECRET), Fr::from(DID), Fr::from(SCOPE))?;
    let proof = prove(&keys.proving, statement.clone(), &mut ChaCha20Rng::from_seed(FIXTURE_PROVER_SEED))?;
    let inputs = statement.public_inputs();
    Ok(ProofFile::new("SanctionsClean", "SanctionsCleanVerifier", &["root", "scope", "nullifier"], &proof, &inputs)
        .with_note(TEST_KEYS_NOTE))
}

/// The committed LicenseTier fixture: the example holder's tier-[`TIER`] credential proved at
/// least [`K`], with the test keys.
pub fn license_tier_fixture(keys: &Keys) -> Result<ProofFile, ZkError> {
    let statement = license_tier_statement(Fr::from(SECRET), Fr::from(DID), TIER, K, Fr::from(SCOPE))?;
    let proof = prove(&keys.proving, statement.clone(), &mut ChaCha20Rng::from_seed(FIXTURE_PROVER_SEED))?;
    let inputs = statement.public_inputs();
    Ok(ProofFile::new("LicenseTier", "LicenseTierVerifier", &["root", "k", "scope", "nullifier"], &proof, &inputs)
        .with_note(TEST_KEYS_NOTE))
}
