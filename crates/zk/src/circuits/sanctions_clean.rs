//! **SanctionsClean**: "the identity I commit to is not on the sanctions snapshot with this root".
//!
//! Public inputs, in order: the snapshot root, the scope, the nullifier. Witness: the secret, the
//! DID, the low leaf's two values and its path. The circuit enforces
//!
//! - `identity = hash2(secret, did)`;
//! - `hash2(low, next)` is a leaf of the tree with `root` (a depth-20 path);
//! - `low < identity < next`, as `identity − low − 1` and `next − identity − 1` both below 2^252
//!   (sound because snapshot gaps are at most 2^251, see [`crate::snapshot`]);
//! - `nullifier = hash2(secret, scope)`.

use ark_r1cs_std::alloc::AllocVar;
use ark_r1cs_std::boolean::Boolean;
use ark_r1cs_std::eq::EqGadget;
use ark_r1cs_std::fields::fp::FpVar;
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use super::{identity_commitment, nullifier};
use crate::gadgets::{MAX_RANGE_BITS, PathVar, hash2, merkle_root, range_check};
use crate::merkle::MerklePath;
use crate::snapshot::{NonMembership, SNAPSHOT_DEPTH, SanctionsSnapshot};
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
    /// The low leaf and its path.
    pub witness: NonMembership,
}

impl SanctionsClean {
    /// The statement for the holder `(secret, did)` in `scope` against `snapshot`; `Listed` if the
    /// holder's identity is on it.
    pub fn new(snapshot: &SanctionsSnapshot, secret: Fr, did: Fr, scope: Fr) -> Result<Self, ZkError> {
        let witness = snapshot.witness(identity_commitment(secret, did))?;
        Ok(Self { root: snapshot.root(), scope, secret, did, witness })
    }

    /// A statement of the right shape with zero values: what setup synthesizes.
    pub fn blank() -> Self {
        let zero = Fr::from(0u64);
        let path = MerklePath { index: 0, siblings: vec![zero; SNAPSHOT_DEPTH] };
        Self {
            root: zero,
            scope: zero,
            secret: zero,
            did: zero,
            witness: NonMembership { low: zero, next: zero, path },
        }
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
        let low = FpVar::new_witness(cs.clone(), || Ok(self.witness.low))?;
        let next = FpVar::new_witness(cs.clone(), || Ok(self.witness.next))?;

        let identity = hash2(&secret, &did)?;
        let one = Fr::from(1u64);
        range_check(&(&identity - &low - one), MAX_RANGE_BITS)?;
        range_check(&(&next - &identity - one), MAX_RANGE_BITS)?;

        let path = path_variables(&cs, &self.witness.path)?;
        merkle_root(hash2(&low, &next)?, &path)?.enforce_equal(&root)?;
        hash2(&secret, &scope)?.enforce_equal(&nullifier)?;
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
