// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @title EpochAccumulator
/// @notice An append-only Merkle tree of depth 32 that stores one word per level (the deposit
/// contract's algorithm): appending writes one slot, the root is computed on demand.
/// @dev Leaves sit in append order; empty leaves are zero; a node is keccak256(left ‖ right)
/// (OpenZeppelin's `efficientKeccak256`, not sorted), so a Rust or off-chain rebuild from the
/// leaves in order gives the same root.
library EpochAccumulator {
    /// @notice The tree's depth: 2^32 leaves.
    uint256 internal constant DEPTH = 32;

    /// @notice The tree: the leaf count and, per level, the last left node that still waits for
    /// its right sibling.
    struct Tree {
        uint64 count;
        bytes32[32] branch;
    }

    /// @notice Appends `leaf`.
    function append(Tree storage tree, bytes32 leaf) internal {
        uint256 size = ++tree.count;
        bytes32 node = leaf;
        for (uint256 height = 0; height < DEPTH; ++height) {
            if (size & 1 == 1) {
                tree.branch[height] = node;
                return;
            }
            node = Hashes.efficientKeccak256(tree.branch[height], node);
            size >>= 1;
        }
    }

    /// @notice The root over the leaves appended so far.
    function root(Tree storage tree) internal view returns (bytes32 node) {
        uint256 size = tree.count;
        bytes32 zero;
        for (uint256 height = 0; height < DEPTH; ++height) {
            if (size & 1 == 1) {
                node = Hashes.efficientKeccak256(tree.branch[height], node);
            } else {
                node = Hashes.efficientKeccak256(node, zero);
            }
            zero = Hashes.efficientKeccak256(zero, zero);
            size >>= 1;
        }
    }
}
