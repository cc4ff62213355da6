//! The sanctions snapshot: an indexed Merkle tree over the sorted listed identities, whose root an
//! oracle publishes on-chain.
//!
//! Leaf `i` is `hash2(v[i], v[i+1])`, the pair of a listed value and the next one in order, so an
//! identity `x` that is not listed falls strictly between the two values of exactly one leaf (its
//! low leaf). Proving non-membership is proving that leaf is in the tree and `v[i] < x < v[i+1]`.
//!
//! The comparison is two range checks in the circuit: `x − v[i] − 1` and `v[i+1] − x − 1` below
//! 2^252. That proves the order only if every gap between neighbours is below 2^252, so the
//! snapshot always holds the sentinels 0 and p − 1 and the multiples of 2^251 between them (about
//! a dozen values that no Poseidon output is expected to hit): then no gap exceeds 2^251. Those
//! values count as listed.

use ark_ff::{BigInteger, Field, PrimeField};

use crate::merkle::{MerklePath, MerkleTree};
use crate::poseidon::hash2;
use crate::{Fr, ZkError};

/// The snapshot tree's depth: room for 2^20 (about a million) listed identities.
pub const SNAPSHOT_DEPTH: usize = 20;

/// The log2 of the largest gap between neighbouring snapshot values.
const GAP_BITS: u64 = 251;

/// What a holder needs to prove its identity is not listed: its low leaf and the leaf's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonMembership {
    /// The listed value just below the identity.
    pub low: Fr,
    /// The listed value just above it.
    pub next: Fr,
    /// The low leaf's path to the snapshot root.
    pub path: MerklePath,
}

/// A snapshot of listed identities.
#[derive(Debug, Clone)]
pub struct SanctionsSnapshot {
    /// Every value, sorted, with the sentinels and gap values.
    values: Vec<Fr>,
    tree: MerkleTree,
}

impl SanctionsSnapshot {
    /// The snapshot of `listed` (identity commitments; duplicates are merged).
    pub fn new(listed: impl IntoIterator<Item = Fr>) -> Result<Self, ZkError> {
        let mut values: Vec<Fr> = listed.into_iter().chain(boundary_values()).collect();
        values.sort_by_key(|value| value.into_bigint());
        values.dedup();
        let leaves = values.windows(2).map(|pair| hash2(pair[0], pair[1])).collect();
        let tree = MerkleTree::new(SNAPSHOT_DEPTH, leaves)?;
        Ok(Self { values, tree })
    }

    /// The root the oracle publishes.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// How many values the snapshot holds (the listed ones and the boundary values).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Never: the boundary values are always there.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether `identity` is listed (or is a boundary value).
    pub fn is_listed(&self, identity: Fr) -> bool {
        self.search(identity).is_ok()
    }

    /// The non-membership witness of `identity`; `Listed` if it is listed.
    pub fn witness(&self, identity: Fr) -> Result<NonMembership, ZkError> {
        // 0 is always a value, so an unlisted identity has a value below it; p − 1 is always a
        // value, so one above it.
        let above = self.search(identity).err().ok_or(ZkError::Listed)?;
        let low_index = above - 1;
        Ok(NonMembership { low: self.values[low_index], next: self.values[above], path: self.tree.path(low_index)? })
    }

    fn search(&self, identity: Fr) -> Result<usize, usize> {
        let key = identity.into_bigint();
        self.values.binary_search_by_key(&key, |value| value.into_bigint())
    }
}

/// 0, the multiples of 2^251 below the modulus, and p − 1.
fn boundary_values() -> Vec<Fr> {
    let mut values = vec![Fr::from(0u64), -Fr::from(1u64)];
    let step = Fr::from(2u64).pow([GAP_BITS]);
    let mut value = step;
    // The multiples of 2^251 below the modulus (six of them: p is about 2^253.6); the loop stops
    // when the next multiple wraps around the modulus to a smaller canonical value.
    while value.into_bigint() > (value - step).into_bigint() {
        values.push(value);
        value += step;
    }
    values
}

/// Whether every gap between neighbouring values is at most 2^251 (what the circuit's comparison
/// relies on).
pub fn gaps_are_bounded(values: &[Fr]) -> bool {
    let bound = Fr::from(2u64).pow([GAP_BITS]).into_bigint();
    values.windows(2).all(|pair| {
        let mut gap = pair[1].into_bigint();
        gap.sub_with_borrow(&pair[0].into_bigint());
        gap <= bound
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundary_values_bound_every_gap() {
        let snapshot = SanctionsSnapshot::new([]).expect("fits");
        assert!(gaps_are_bounded(&snapshot.values));
        assert_eq!(snapshot.len(), 8, "0, p − 1 and the six multiples of 2^251 below p");
        assert!(snapshot.is_listed(Fr::from(0u64)) && snapshot.is_listed(-Fr::from(1u64)));
    }

    #[test]
    fn an_unlisted_identity_has_the_neighbours_around_it() {
        let listed: Vec<Fr> = [10u64, 30, 20].map(Fr::from).to_vec();
        let snapshot = SanctionsSnapshot::new(listed).expect("fits");
        let witness = snapshot.witness(Fr::from(25u64)).expect("not listed");
        assert_eq!((witness.low, witness.next), (Fr::from(20u64), Fr::from(30u64)));
        assert_eq!(witness.path.root_from(hash2(witness.low, witness.next)), snapshot.root());
        assert_eq!(snapshot.witness(Fr::from(20u64)), Err(ZkError::Listed));
        let below_all = snapshot.witness(Fr::from(3u64)).expect("not listed");
        assert_eq!((below_all.low, below_all.next), (Fr::from(0u64), Fr::from(10u64)));
    }

    #[test]
    fn listing_an_identity_changes_the_root() {
        let before = SanctionsSnapshot::new([Fr::from(7u64)]).expect("fits");
        let after = SanctionsSnapshot::new([Fr::from(7u64), Fr::from(8u64)]).expect("fits");
        assert_ne!(before.root(), after.root());
        assert_eq!(SanctionsSnapshot::new([Fr::from(7u64), Fr::from(7u64)]).expect("fits").root(), before.root());
    }
}
