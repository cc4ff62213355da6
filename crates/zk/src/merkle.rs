//! A fixed-depth binary Merkle tree of Poseidon hashes: `node = hash2(left, right)`, leaves filled
//! from index 0, empty leaves zero (an empty subtree of height h hashes to `zeros[h]`).

use crate::poseidon::hash2;
use crate::{Fr, ZkError};

/// A leaf's path: its index and the sibling at each level, from the leaves up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerklePath {
    /// The leaf's index; bit `h` says whether the node at height `h` is a right child.
    pub index: u64,
    /// The siblings, from the leaves up.
    pub siblings: Vec<Fr>,
}

impl MerklePath {
    /// Whether the node at height `level` is a right child.
    pub fn is_right(&self, level: usize) -> bool {
        (self.index >> level) & 1 == 1
    }

    /// The root this path leads to from `leaf`.
    pub fn root_from(&self, leaf: Fr) -> Fr {
        self.siblings.iter().enumerate().fold(leaf, |node, (level, sibling)| {
            if self.is_right(level) { hash2(*sibling, node) } else { hash2(node, *sibling) }
        })
    }
}

/// The tree: every level kept, so that a path is read, not recomputed.
#[derive(Debug, Clone)]
pub struct MerkleTree {
    /// `levels[0]` the leaves, `levels[depth]` the root; each level only as long as it is filled.
    levels: Vec<Vec<Fr>>,
    /// The hash of an empty subtree of each height.
    zeros: Vec<Fr>,
}

impl MerkleTree {
    /// A tree of `depth` levels over `leaves`.
    pub fn new(depth: usize, leaves: Vec<Fr>) -> Result<Self, ZkError> {
        let capacity = 1usize.checked_shl(depth as u32).unwrap_or(usize::MAX);
        if leaves.len() > capacity {
            return Err(ZkError::TreeFull { capacity });
        }
        let mut zeros = vec![Fr::from(0u64)];
        for height in 0..depth {
            zeros.push(hash2(zeros[height], zeros[height]));
        }
        let mut levels = vec![leaves];
        for height in 0..depth {
            let below = &levels[height];
            let level =
                below.chunks(2).map(|pair| hash2(pair[0], pair.get(1).copied().unwrap_or(zeros[height]))).collect();
            levels.push(level);
        }
        Ok(Self { levels, zeros })
    }

    /// The number of levels above the leaves.
    pub fn depth(&self) -> usize {
        self.zeros.len() - 1
    }

    /// The leaves.
    pub fn leaves(&self) -> &[Fr] {
        &self.levels[0]
    }

    /// The root (the empty tree's is `zeros[depth]`).
    pub fn root(&self) -> Fr {
        self.levels[self.depth()].first().copied().unwrap_or(self.zeros[self.depth()])
    }

    /// The path of leaf `index`.
    pub fn path(&self, index: usize) -> Result<MerklePath, ZkError> {
        let len = self.leaves().len();
        if index >= len {
            return Err(ZkError::NoSuchLeaf { index, len });
        }
        let siblings = (0..self.depth())
            .map(|height| {
                let at = (index >> height) ^ 1;
                self.levels[height].get(at).copied().unwrap_or(self.zeros[height])
            })
            .collect();
        Ok(MerklePath { index: index as u64, siblings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_leads_to_the_root() {
        let leaves: Vec<Fr> = (1..=5u64).map(Fr::from).collect();
        let tree = MerkleTree::new(4, leaves.clone()).expect("fits");
        for (index, leaf) in leaves.iter().enumerate() {
            let path = tree.path(index).expect("a leaf");
            assert_eq!(path.siblings.len(), 4);
            assert_eq!(path.root_from(*leaf), tree.root(), "leaf {index}");
            assert_ne!(path.root_from(*leaf + Fr::from(1u64)), tree.root());
        }
        assert_eq!(tree.path(5), Err(ZkError::NoSuchLeaf { index: 5, len: 5 }));
    }

    #[test]
    fn an_empty_tree_has_the_zero_root_and_a_full_one_refuses_more() {
        let empty = MerkleTree::new(3, vec![]).expect("fits");
        let zero = hash2(Fr::from(0u64), Fr::from(0u64));
        assert_eq!(empty.root(), hash2(hash2(zero, zero), hash2(zero, zero)));
        assert!(MerkleTree::new(2, vec![Fr::from(1u64); 4]).is_ok());
        assert_eq!(MerkleTree::new(2, vec![Fr::from(1u64); 5]).err(), Some(ZkError::TreeFull { capacity: 4 }));
    }
}
