//! **LicenseTier**: "an issuer's credential tree with this root holds a credential of mine whose
//! tier is at least k".
//!
//! A credential leaf is `hash(Credential; identity, tier)`, `identity` the holder's commitment and
//! `tier` 0 to 255; the issuer publishes the tree's root. Public inputs, in order: the root, `k`, the scope, the
//! nullifier. (The issue names root, k and a nullifier; the scope is public too, or the nullifier
//! could not be bound to one: a verifier must know which scope it is consuming.) The circuit
//! enforces
//!
//! - `identity = hash(Identity; secret, did)`, and `hash(Credential; identity, tier)` is a leaf of
//!   the tree with `root` (a depth-20 path);
//! - `tier`, `k` and `tier − k` are each below 2^8, which with the first two gives `tier ≥ k`
//!   (nine constraints each: the cheap range check, not a 254-bit comparison);
//! - `nullifier = hash(Nullifier; secret, scope)`.

use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use super::sanctions_clean::path_variables;
use super::{identity_commitment, nullifier};
use crate::gadgets::{hash2_in, merkle_root, range_check};
use crate::merkle::{MerklePath, MerkleTree};
use crate::poseidon::{self, Domain};
use crate::{Fr, ZkError};

/// The credential tree's depth.
pub const CREDENTIAL_DEPTH: usize = 20;
/// The number of public inputs.
pub const PUBLIC_INPUTS: usize = 4;
/// Tiers and thresholds are below 2^TIER_BITS.
pub const TIER_BITS: usize = 8;

/// An issuer's credential tree: leaf `i` is [`credential_leaf`] of its `i`th credential.
#[derive(Debug, Clone)]
pub struct CredentialTree {
    credentials: Vec<(Fr, u8)>,
    tree: MerkleTree,
}

impl CredentialTree {
    /// The tree of `(identity commitment, tier)` credentials, in order.
    pub fn new(credentials: Vec<(Fr, u8)>) -> Result<Self, ZkError> {
        let leaves = credentials.iter().map(|(identity, tier)| credential_leaf(*identity, *tier)).collect();
        let tree = MerkleTree::new(CREDENTIAL_DEPTH, leaves)?;
        Ok(Self { credentials, tree })
    }

    /// The root the issuer publishes.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// The credential at `index` and its path.
    pub fn credential(&self, index: usize) -> Result<(Fr, u8, MerklePath), ZkError> {
        let path = self.tree.path(index)?;
        let (identity, tier) = self.credentials[index];
        Ok((identity, tier, path))
    }
}

/// A credential leaf: `hash(Credential; identity, tier)`.
pub fn credential_leaf(identity: Fr, tier: u8) -> Fr {
    poseidon::hash2_in(Domain::Credential, identity, Fr::from(tier))
}

/// A LicenseTier statement and its witness.
#[derive(Debug, Clone)]
pub struct LicenseTier {
    /// The credential tree's root (public).
    pub root: Fr,
    /// The threshold (public).
    pub k: u8,
    /// The scope (public).
    pub scope: Fr,
    /// The holder's secret.
    pub secret: Fr,
    /// The holder's DID as a field element.
    pub did: Fr,
    /// The credential's tier.
    pub tier: u8,
    /// The credential's path.
    pub path: MerklePath,
}

impl LicenseTier {
    /// The statement "the credential at `index` of `tree`, which is mine, has a tier of at least
    /// `k`" in `scope`. A credential that is not the holder's, or a tier below `k`, makes a
    /// statement the circuit does not satisfy (`prove` refuses it as `Unsatisfied`).
    pub fn new(tree: &CredentialTree, index: usize, secret: Fr, did: Fr, k: u8, scope: Fr) -> Result<Self, ZkError> {
        let (_, tier, path) = tree.credential(index)?;
        Ok(Self { root: tree.root(), k, scope, secret, did, tier, path })
    }

    /// A statement of the right shape with zero values: what setup synthesizes.
    pub fn blank() -> Self {
        let zero = Fr::from(0u64);
        let path = MerklePath { index: 0, siblings: vec![zero; CREDENTIAL_DEPTH] };
        Self { root: zero, k: 0, scope: zero, secret: zero, did: zero, tier: 0, path }
    }

    /// Whether the holder's identity is the credential's (the witness's own consistency).
    pub fn identity(&self) -> Fr {
        identity_commitment(self.secret, self.did)
    }

    /// The holder's nullifier in this scope.
    pub fn nullifier(&self) -> Fr {
        nullifier(self.secret, self.scope)
    }

    /// The public inputs, in the circuit's order: root, k, scope, nullifier.
    pub fn public_inputs(&self) -> [Fr; PUBLIC_INPUTS] {
        [self.root, Fr::from(self.k), self.scope, self.nullifier()]
    }
}

impl ConstraintSynthesizer<Fr> for LicenseTier {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let [root, k, scope, nullifier_value] = self.public_inputs();
        let root = FpVar::new_input(cs.clone(), || Ok(root))?;
        let k = FpVar::new_input(cs.clone(), || Ok(k))?;
        let scope = FpVar::new_input(cs.clone(), || Ok(scope))?;
        let nullifier = FpVar::new_input(cs.clone(), || Ok(nullifier_value))?;
        let secret = FpVar::new_witness(cs.clone(), || Ok(self.secret))?;
        let did = FpVar::new_witness(cs.clone(), || Ok(self.did))?;
        let tier = FpVar::new_witness(cs.clone(), || Ok(Fr::from(self.tier)))?;

        range_check(&tier, TIER_BITS)?;
        range_check(&k, TIER_BITS)?;
        range_check(&(&tier - &k), TIER_BITS)?;

        let identity = hash2_in(Domain::Identity, &secret, &did)?;
        let path = path_variables(&cs, &self.path)?;
        merkle_root(hash2_in(Domain::Credential, &identity, &tier)?, &path)?.enforce_equal(&root)?;
        hash2_in(Domain::Nullifier, &secret, &scope)?.enforce_equal(&nullifier)?;
        Ok(())
    }
}
