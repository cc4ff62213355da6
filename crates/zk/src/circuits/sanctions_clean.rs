//! **SanctionsClean**: "the identity I registered is clean on the sanctions snapshot with this
//! root".
//!
//! Public inputs, in order: the snapshot root, the scope, the nullifier. Witness: the secret, the
//! DID and the path of the holder's leaf. The circuit enforces
//!
//! - `identity = hash(Identity; secret, did)`;
//! - `hash(Registration; identity, 0)`, the identity's *clean* leaf, is in the tree with `root` (a
//!   depth-20 path): the identity is registered and its listed flag is 0;
//! - `nullifier = hash(Nullifier; secret, scope)`.
//!
//! A listed holder cannot prove it with a fresh secret: the new commitment is not registered (see
//! [`crate::snapshot`] for why the snapshot is a registry and not a list of the listed).

use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use super::{identity_commitment, nullifier};
use crate::gadgets::{PathVar, hash2_in, merkle_root};
use crate::merkle::MerklePath;
use crate::poseidon::Domain;
use crate::snapshot::{SNAPSHOT_DEPTH, SanctionsSnapshot};
use crate::{Fr, ZkError};

/// The number of public inputs.
pub const PUBLIC_INPUTS: usize = 3;

/// A SanctionsClean statement and its witness.
#[derive(Debug, Clone)]
pub struct SanctionsClean {
    /// The snapshot root (public).
    pub root: Fr,
    /// The scope (public).
    pub scope: Fr,
    /// The holder's secret.
    pub secret: Fr,
    /// The holder's DID as a field element.
    pub did: Fr,
    /// The path of the holder's clean leaf.
    pub path: MerklePath,
}

impl SanctionsClean {
    /// The statement for the holder `(secret, did)` in `scope` against `snapshot`: `Listed` if the
    /// holder's identity is listed, `NotRegistered` if the snapshot does not hold it.
    pub fn new(snapshot: &SanctionsSnapshot, secret: Fr, did: Fr, scope: Fr) -> Result<Self, ZkError> {
        let path = snapshot.witness(identity_commitment(secret, did))?;
        Ok(Self { root: snapshot.root(), scope, secret, did, path })
    }

    /// A statement of the right shape with zero values: what setup synthesizes.
    pub fn blank() -> Self {
        let zero = Fr::from(0u64);
        let path = MerklePath { index: 0, siblings: vec![zero; SNAPSHOT_DEPTH] };
        Self { root: zero, scope: zero, secret: zero, did: zero, path }
    }

    /// The holder's nullifier in this scope.
    pub fn nullifier(&self) -> Fr {
        nullifier(self.secret, self.scope)
    }

    /// The public inputs, in the circuit's order: root, scope, nullifier.
    pub fn public_inputs(&self) -> [Fr; PUBLIC_INPUTS] {
        [self.root, self.scope, self.nullifier()]
    }
}

impl ConstraintSynthesizer<Fr> for SanctionsClean {
    fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
        let [root, scope, nullifier_value] = self.public_inputs();
        let root = FpVar::new_input(cs.clone(), || Ok(root))?;
        let scope = FpVar::new_input(cs.clone(), || Ok(scope))?;
        let nullifier = FpVar::new_input(cs.clone(), || Ok(nullifier_value))?;
        let secret = FpVar::new_witness(cs.clone(), || Ok(self.secret))?;
        let did = FpVar::new_witness(cs.clone(), || Ok(self.did))?;

        let identity = hash2_in(Domain::Identity, &secret, &did)?;
        // The flag is the constant 0: only a clean leaf opens to the root.
        let clean_leaf = hash2_in(Domain::Registration, &identity, &FpVar::Constant(Fr::from(0u64)))?;
        let path = path_variables(&cs, &self.path)?;
        merkle_root(clean_leaf, &path)?.enforce_equal(&root)?;
        hash2_in(Domain::Nullifier, &secret, &scope)?.enforce_equal(&nullifier)?;
        Ok(())
    }
}

/// A path's siblings and direction bits as witnesses.
pub(crate) fn path_variables(cs: &ConstraintSystemRef<Fr>, path: &MerklePath) -> Result<PathVar, SynthesisError> {
    path.siblings
        .iter()
        .enumerate()
        .map(|(level, sibling)| {
            let sibling = FpVar::new_witness(cs.clone(), || Ok(*sibling))?;
            let is_right = Boolean::new_witness(cs.clone(), || Ok(path.is_right(level)))?;
            Ok((sibling, is_right))
        })
        .collect()
}
