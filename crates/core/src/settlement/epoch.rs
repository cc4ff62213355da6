//! An epoch's audit root, rebuilt from its settlements: what an auditor (or `chlom settle
//! export-epoch`) computes from the `Settled` events to check the engine's `EpochRoot`.
//!
//! The leaf of a settlement is `keccak256(abi.encode(txid, graphId, licenseId, token, amount, tax,
//! fee, escrow, dust, tableHash, jurisdictionHash))`; the tree has depth 32, leaves in settlement
//! order, empty leaves zero, and node = keccak256(left ‖ right).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256, keccak256};

/// The tree's depth.
pub const DEPTH: usize = 32;

/// What the engine records of one settlement (the fields of its `Settled` event that the leaf
/// commits to).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SettlementRecord {
    /// The processor's transaction id.
    pub txid: B256,
    /// The payout graph.
    pub graph_id: B256,
    /// The license paid for.
    pub license_id: U256,
    /// The asset (zero for ETH).
    pub token: Address,
    /// A, the gross amount.
    pub amount: U256,
    /// T.
    pub tax: U256,
    /// The fee, sustainability included.
    pub fee: U256,
    /// What a hold took.
    pub escrow: U256,
    /// What went to the pool.
    pub dust: U256,
    /// The rate table's hash.
    pub table_hash: B256,
    /// The jurisdiction path's hash.
    pub jurisdiction_hash: B256,
}

impl SettlementRecord {
    /// The record's leaf.
    pub fn leaf(&self) -> B256 {
        // abi.encode of eleven static words, laid out by hand: the Stylus engine computes leaves
        // too, and a generic encoder costs it kilobytes (the tests compare with alloy's encoding).
        let words = [
            self.txid,
            self.graph_id,
            self.license_id.into(),
            self.token.into_word(),
            self.amount.into(),
            self.tax.into(),
            self.fee.into(),
            self.escrow.into(),
            self.dust.into(),
            self.table_hash,
            self.jurisdiction_hash,
        ];
        let mut encoded = [0u8; 32 * 11];
        for (chunk, word) in encoded.chunks_exact_mut(32).zip(words) {
            chunk.copy_from_slice(word.as_slice());
        }
        keccak256(encoded)
    }
}

/// keccak256(left ‖ right).
fn node(left: B256, right: B256) -> B256 {
    let mut both = [0u8; 64];
    both[..32].copy_from_slice(left.as_slice());
    both[32..].copy_from_slice(right.as_slice());
    keccak256(both)
}

/// The root of the depth-32 tree over `leaves` in order (empty leaves zero).
pub fn root(leaves: &[B256]) -> B256 {
    let mut level: Vec<B256> = leaves.to_vec();
    let mut zero = B256::ZERO;
    for _ in 0..DEPTH {
        if level.len() % 2 == 1 {
            level.push(zero);
        }
        level = level.chunks_exact(2).map(|pair| node(pair[0], pair[1])).collect();
        if level.is_empty() {
            level.push(node(zero, zero));
        }
        zero = node(zero, zero);
    }
    level[0]
}

/// The stored side of an incremental tree (the deposit contract's algorithm, which the engines keep
/// in storage): one node per level.
pub trait Branch {
    /// The node stored at `height`.
    fn node(&self, height: usize) -> B256;
    /// Stores `node` at `height`.
    fn set_node(&mut self, height: usize, node: B256);
}

impl Branch for [B256; DEPTH] {
    fn node(&self, height: usize) -> B256 {
        self[height]
    }

    fn set_node(&mut self, height: usize, node: B256) {
        self[height] = node;
    }
}

/// Appends a leaf to an incremental tree of `count` leaves; exactly one node is written.
pub fn append(count: u64, leaf: B256, branch: &mut impl Branch) {
    let mut size = count + 1;
    let mut node_hash = leaf;
    for height in 0..DEPTH {
        if size & 1 == 1 {
            branch.set_node(height, node_hash);
            return;
        }
        node_hash = node(branch.node(height), node_hash);
        size >>= 1;
    }
}

/// The root of an incremental tree of `count` leaves ([`append`]): equal to [`root`] over the
/// same leaves.
pub fn root_of_branch(count: u64, branch: &impl Branch) -> B256 {
    let mut size = count;
    let mut node_hash = B256::ZERO;
    let mut zero = B256::ZERO;
    for height in 0..DEPTH {
        node_hash = if size & 1 == 1 { node(branch.node(height), node_hash) } else { node(node_hash, zero) };
        zero = node(zero, zero);
        size >>= 1;
    }
    node_hash
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_incremental_tree_gives_the_rebuilt_root() {
        let mut branch = [B256::ZERO; DEPTH];
        let mut leaves = Vec::new();
        assert_eq!(root_of_branch(0, &branch), root(&[]));
        for index in 0..70u64 {
            let leaf = keccak256(index.to_be_bytes());
            append(index, leaf, &mut branch);
            leaves.push(leaf);
            assert_eq!(root_of_branch(index + 1, &branch), root(&leaves), "after {} leaves", index + 1);
        }
    }

    use super::*;

    /// The root of a tree built the slow way: all 2^depth leaves, for a small depth.
    fn naive(leaves: &[B256], depth: usize) -> B256 {
        let mut level: Vec<B256> = (0..1usize << depth).map(|i| leaves.get(i).copied().unwrap_or_default()).collect();
        while level.len() > 1 {
            level = level.chunks_exact(2).map(|pair| node(pair[0], pair[1])).collect();
        }
        level[0]
    }

    /// Extends a small tree's root to depth 32 with empty right subtrees.
    fn extend(mut root: B256, from: usize) -> B256 {
        let mut zero = B256::ZERO;
        for _ in 0..from {
            zero = node(zero, zero);
        }
        for _ in from..DEPTH {
            root = node(root, zero);
            zero = node(zero, zero);
        }
        root
    }

    #[test]
    fn the_root_matches_a_full_tree_for_every_small_count() {
        for count in 0..=17usize {
            let leaves: Vec<B256> = (0..count).map(|i| keccak256([i as u8])).collect();
            assert_eq!(root(&leaves), extend(naive(&leaves, 5), 5), "{count} leaves");
        }
    }

    #[test]
    fn the_empty_tree_is_the_zero_tree() {
        assert_eq!(root(&[]), extend(B256::ZERO, 0));
    }

    #[test]
    fn leaves_commit_to_every_field() {
        let record = SettlementRecord { amount: U256::from(1), ..SettlementRecord::default() };
        let other = SettlementRecord { dust: U256::from(1), ..record };
        assert_ne!(record.leaf(), other.leaf());
        assert_eq!(
            record.leaf(),
            keccak256([[0u8; 32 * 4].as_slice(), &U256::from(1).to_be_bytes::<32>(), &[0u8; 32 * 6]].concat())
        );
    }
}
