//! The sanctions snapshot: the oracle's Merkle tree of every **registered** identity commitment,
//! each with a flag saying whether it is listed. The oracle publishes the root on-chain.
//!
//! Leaf `i` is `hash(Registration; identity, flag)` for the `i`th registered identity, `flag` 0
//! for a clean identity and 1 for a listed one. A holder proves "my identity is clean" by proving
//! that the leaf `hash(Registration; identity, 0)` of *its own* commitment is in the tree.
//!
//! Why a registry of every identity, and not a tree of the listed ones only: a proof that a
//! commitment is *absent* from a list says nothing when the holder may pick the commitment. The
//! holder chooses its secret, so a listed holder could make a fresh commitment (and get a fresh
//! nullifier) that no list holds. Binding the statement to the commitment the holder registered
//! once (with its DID, where the oracle reads it) closes that: a new secret gives a commitment the
//! tree does not hold, and the registered one carries its flag. Leaves keep their index when a
//! flag changes, so the oracle updates one leaf, not the tree's order.

use std::collections::HashMap;

use ark_ff::{BigInteger, PrimeField};

use crate::merkle::{MerklePath, MerkleTree};
use crate::poseidon::{Domain, hash2_in};
use crate::{Fr, ZkError};

/// The snapshot tree's depth: room for 2^20 (about a million) registered identities.
pub const SNAPSHOT_DEPTH: usize = 20;

/// A registered identity and whether it is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registration {
    /// The identity commitment the holder registered.
    pub identity: Fr,
    /// Whether the identity is on the sanctions list.
    pub listed: bool,
}

/// A snapshot of registered identities.
#[derive(Debug, Clone)]
pub struct SanctionsSnapshot {
    registrations: Vec<Registration>,
    /// Where each identity is, by its canonical big-endian bytes.
    positions: HashMap<Vec<u8>, usize>,
    tree: MerkleTree,
}

impl SanctionsSnapshot {
    /// The snapshot of `registrations`, in registration order. An identity registered twice is
    /// refused: the oracle's input is wrong, and either flag could be the stale one.
    pub fn new(registrations: impl IntoIterator<Item = Registration>) -> Result<Self, ZkError> {
        let registrations: Vec<Registration> = registrations.into_iter().collect();
        let mut positions = HashMap::with_capacity(registrations.len());
        for (index, registration) in registrations.iter().enumerate() {
            if let Some(first) = positions.insert(key(registration.identity), index) {
                return Err(ZkError::DuplicateIdentity { first, second: index });
            }
        }
        let leaves = registrations.iter().map(|entry| registration_leaf(entry.identity, entry.listed)).collect();
        let tree = MerkleTree::new(SNAPSHOT_DEPTH, leaves)?;
        Ok(Self { registrations, positions, tree })
    }

    /// The root the oracle publishes.
    pub fn root(&self) -> Fr {
        self.tree.root()
    }

    /// How many identities are registered.
    pub fn len(&self) -> usize {
        self.registrations.len()
    }

    /// Whether no identity is registered.
    pub fn is_empty(&self) -> bool {
        self.registrations.is_empty()
    }

    /// How many registered identities are listed.
    pub fn listed_count(&self) -> usize {
        self.registrations.iter().filter(|entry| entry.listed).count()
    }

    /// The registration of `identity`, if it is registered.
    pub fn registration(&self, identity: Fr) -> Option<Registration> {
        self.positions.get(&key(identity)).map(|&index| self.registrations[index])
    }

    /// The path of `identity`'s clean leaf: `NotRegistered` if the tree does not hold it, `Listed`
    /// if its flag is set.
    pub fn witness(&self, identity: Fr) -> Result<MerklePath, ZkError> {
        let index = *self.positions.get(&key(identity)).ok_or(ZkError::NotRegistered)?;
        if self.registrations[index].listed {
            return Err(ZkError::Listed);
        }
        self.tree.path(index)
    }
}

/// A snapshot leaf: `hash(Registration; identity, 1 if listed else 0)`.
pub fn registration_leaf(identity: Fr, listed: bool) -> Fr {
    hash2_in(Domain::Registration, identity, Fr::from(u64::from(listed)))
}

fn key(identity: Fr) -> Vec<u8> {
    identity.into_bigint().to_bytes_be()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(value: u64) -> Registration {
        Registration { identity: Fr::from(value), listed: false }
    }

    fn listed(value: u64) -> Registration {
        Registration { identity: Fr::from(value), listed: true }
    }

    #[test]
    fn a_clean_identity_has_a_path_to_the_root_of_its_clean_leaf() {
        let snapshot = SanctionsSnapshot::new([clean(10), listed(20), clean(30)]).expect("fits");
        let path = snapshot.witness(Fr::from(30u64)).expect("clean");
        assert_eq!(path.index, 2);
        assert_eq!(path.root_from(registration_leaf(Fr::from(30u64), false)), snapshot.root());
        assert_ne!(path.root_from(registration_leaf(Fr::from(30u64), true)), snapshot.root());
        assert_eq!((snapshot.len(), snapshot.listed_count()), (3, 1));
    }

    #[test]
    fn a_listed_or_unregistered_identity_has_no_witness() {
        let snapshot = SanctionsSnapshot::new([clean(10), listed(20)]).expect("fits");
        assert_eq!(snapshot.witness(Fr::from(20u64)), Err(ZkError::Listed));
        assert_eq!(snapshot.witness(Fr::from(25u64)), Err(ZkError::NotRegistered));
        assert_eq!(snapshot.registration(Fr::from(20u64)), Some(listed(20)));
        assert_eq!(snapshot.registration(Fr::from(25u64)), None);
    }

    #[test]
    fn listing_an_identity_changes_the_root_and_a_duplicate_is_refused() {
        let before = SanctionsSnapshot::new([clean(7), clean(8)]).expect("fits");
        let after = SanctionsSnapshot::new([clean(7), listed(8)]).expect("fits");
        assert_ne!(before.root(), after.root());
        assert_eq!(
            SanctionsSnapshot::new([clean(7), clean(8), listed(7)]).err(),
            Some(ZkError::DuplicateIdentity { first: 0, second: 2 })
        );
    }
}
