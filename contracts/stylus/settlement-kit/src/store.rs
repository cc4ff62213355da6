//! The storage layout both programs of the engine share. It is the first (and only) field of both
//! entrypoints, so it starts at slot 0 in each and a `DELEGATECALL` from one to the other sees the
//! same words. The layout is the Stylus engine's own (only the ABI is shared with Solidity).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use chlom_stylus_access_control::Roles;
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{
    StorageAddress, StorageArray, StorageB256, StorageBool, StorageMap, StorageU16, StorageU32, StorageU64,
    StorageU256, StorageVec,
};

/// An escrow hold on a license.
#[storage]
pub struct StoredHold {
    /// What is still to be held.
    pub outstanding: StorageU256,
    /// Enforcement's reference (a DLA case).
    pub reference: StorageB256,
}

/// A vesting grant; the fields are the ABI's `Grant`.
#[storage]
pub struct StoredGrant {
    /// Who funded it (zero for a payee's vesting share: irrevocable).
    pub grantor: StorageAddress,
    /// Who may claim it; zero marks a grant that does not exist.
    pub beneficiary: StorageAddress,
    /// The asset (zero for ETH).
    pub token: StorageAddress,
    /// Vesting start.
    pub start: StorageU64,
    /// Nothing is claimable before.
    pub cliff: StorageU64,
    /// Everything is vested from.
    pub end: StorageU64,
    /// The amount granted (the vested part once revoked).
    pub total: StorageU256,
    /// Claimed so far.
    pub claimed: StorageU256,
    /// Revoked by its grantor.
    pub revoked: StorageBool,
}

/// An epoch's incremental Merkle tree (see `chlom_core::settlement::epoch::append`).
#[storage]
pub struct StoredTree {
    /// Leaves so far.
    pub count: StorageU64,
    /// One node per level.
    pub branch: StorageArray<StorageB256, 32>,
}

/// A rate of a rate table, packed: bit 255 marks an entry that exists, bits 160..176 the rate in
/// basis points, bits 0..160 the collector.
pub type PackedRate = StorageU256;

/// The whole engine state.
#[storage]
pub struct SettlementStore {
    /// AccessControl roles.
    pub roles: Roles,
    /// Credits: token → account → amount.
    pub credits: StorageMap<Address, StorageMap<Address, StorageU256>>,
    /// Escrow kept per license: license → token → amount.
    pub escrowed: StorageMap<U256, StorageMap<Address, StorageU256>>,
    /// Holds by license.
    pub holds: StorageMap<U256, StoredHold>,
    /// Settled txids.
    pub settled: StorageMap<B256, StorageBool>,
    /// Graph hashes by graph id.
    pub graphs: StorageMap<B256, StorageB256>,
    /// Jurisdiction paths by graph id: two words per level, its code and its nexus flag.
    pub paths: StorageMap<B256, StorageVec<StorageB256>>,
    /// Rate tables: version → `rate_key(jurisdiction, mcc, nexus)` → [`PackedRate`].
    pub rates: StorageMap<u32, StorageMap<B256, PackedRate>>,
    /// Rate table hashes by version.
    pub table_hashes: StorageMap<u32, StorageB256>,
    /// The active rate table's version (0: none).
    pub active_table: StorageU32,
    /// Grants by id (from 1).
    pub grants: StorageMap<U256, StoredGrant>,
    /// Grants created so far.
    pub grant_count: StorageU256,
    /// Epoch trees.
    pub epochs: StorageMap<u64, StoredTree>,
    /// Closed epochs' roots.
    pub epoch_roots: StorageMap<u64, StorageB256>,
    /// The epoch length in seconds (set once by the constructor).
    pub epoch_length: StorageU64,
    /// The platform fee, in basis points.
    pub fee_bps: StorageU16,
    /// The sustainability share of fees, in basis points.
    pub sustainability_bps: StorageU16,
    /// Whether settlement is paused.
    pub paused: StorageBool,
    /// Receives the fee.
    pub fee_wallet: StorageAddress,
    /// Receives the sustainability share.
    pub sustainability_wallet: StorageAddress,
    /// Receives dust when a graph has no Pool node.
    pub community_pool: StorageAddress,
    /// The graphs program, where the engine program forwards what it does not run (see the crate
    /// documentation).
    pub graphs_program: StorageAddress,
    /// The configuration program, where the graphs program forwards what it does not run.
    pub config_program: StorageAddress,
    /// The views program, where the configuration program forwards what it does not run.
    pub views_program: StorageAddress,
}
