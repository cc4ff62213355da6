//! The storage layout both halves of the registry share. It is the first (and only) field of
//! both entrypoints, so it starts at slot 0 in each and a `DELEGATECALL` from one half to the
//! other sees the same words.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use chlom_core::license::LicenseState;
use chlom_stylus_access_control::Roles;
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{StorageAddress, StorageB256, StorageBool, StorageMap, StorageU8, StorageU256, StorageVec};

/// What the registry stores of a license. The scalars share one word ([`Scalars`]), as they
/// share one slot in the Solidity registry; the optional fields stay zero (and cost nothing)
/// when unused.
#[storage]
pub struct StoredLicense {
    /// The issuing DID; zero marks a license that does not exist.
    pub issuer_did: StorageB256,
    /// [`Scalars`], packed.
    pub scalars: StorageB256,
    /// Law reference hash (original licenses).
    pub law_ref: StorageB256,
    /// Packed allowed regions (original licenses).
    pub allowed_regions: StorageB256,
    /// Parent id (sublicenses).
    pub parent_id: StorageU256,
    /// Who revoked it.
    pub revoked_by: StorageAddress,
    /// The terms URI's bytes, 32 per word (its length is in the scalars).
    pub terms: StorageMap<U256, StorageB256>,
}

/// A license's scalar fields, packed big-endian into one word: issued-at (8 bytes), expires-at
/// (8), royalty (2), region (2), type (1), state (1), flags (1), depth (1), history length (4)
/// and terms length (4).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scalars {
    /// Issuance time.
    pub issued_at: u64,
    /// Expiry time.
    pub expires_at: u64,
    /// ERC-2981 royalty.
    pub royalty_bps: u16,
    /// Jurisdiction region code.
    pub region: [u8; 2],
    /// `LicenseType` as its ABI number.
    pub license_type: u8,
    /// Stored `LicenseState` number (never Expired).
    pub state: u8,
    /// [`RENEWABLE`], [`SUBLICENSABLE`], [`FROZEN`], [`RESTRICTED`], [`EXPIRY_RECORDED`].
    pub flags: u8,
    /// Sublicense depth (0 for an original license).
    pub depth: u8,
    /// History entries after issuance.
    pub history_length: u32,
    /// Length of the terms URI in bytes (0 for a sublicense reading its parent's).
    pub terms_length: u32,
}

/// The license may be renewed.
pub const RENEWABLE: u8 = 1;
/// The license may be sublicensed.
pub const SUBLICENSABLE: u8 = 2;
/// Enforcement froze the license.
pub const FROZEN: u8 = 4;
/// The (root's) allowed regions restrict holders.
pub const RESTRICTED: u8 = 8;
/// `recordExpiry` wrote the current expiry into the history.
pub const EXPIRY_RECORDED: u8 = 16;

impl Scalars {
    /// Unpacks a stored word.
    pub fn unpack(word: B256) -> Self {
        let b = word.0;
        let u64_at = |at: usize| {
            u64::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3], b[at + 4], b[at + 5], b[at + 6], b[at + 7]])
        };
        let u32_at = |at: usize| u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        Self {
            issued_at: u64_at(0),
            expires_at: u64_at(8),
            royalty_bps: u16::from_be_bytes([b[16], b[17]]),
            region: [b[18], b[19]],
            license_type: b[20],
            state: b[21],
            flags: b[22],
            depth: b[23],
            history_length: u32_at(24),
            terms_length: u32_at(28),
        }
    }

    /// Packs for storage.
    pub fn pack(&self) -> B256 {
        let mut b = [0u8; 32];
        b[0..8].copy_from_slice(&self.issued_at.to_be_bytes());
        b[8..16].copy_from_slice(&self.expires_at.to_be_bytes());
        b[16..18].copy_from_slice(&self.royalty_bps.to_be_bytes());
        b[18..20].copy_from_slice(&self.region);
        b[20] = self.license_type;
        b[21] = self.state;
        b[22] = self.flags;
        b[23] = self.depth;
        b[24..28].copy_from_slice(&self.history_length.to_be_bytes());
        b[28..32].copy_from_slice(&self.terms_length.to_be_bytes());
        B256::from(b)
    }

    /// Whether `flag` is set.
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// Sets or clears `flag`.
    pub fn set(&mut self, flag: u8, on: bool) {
        if on { self.flags |= flag } else { self.flags &= !flag }
    }

    /// The stored state.
    pub fn stored_state(&self) -> LicenseState {
        state_from(self.state)
    }
}

/// OpenZeppelin ERC-721's state.
#[storage]
pub struct Tokens {
    /// Token owners.
    pub owners: StorageMap<U256, StorageAddress>,
    /// Token counts per owner.
    pub balances: StorageMap<Address, StorageU256>,
    /// Single-token approvals.
    pub token_approvals: StorageMap<U256, StorageAddress>,
    /// Operator approvals: owner → operator → approved.
    pub operator_approvals: StorageMap<Address, StorageMap<Address, StorageBool>>,
}

/// The whole registry state.
#[storage]
pub struct LicenseStore {
    /// AccessControl roles.
    pub roles: Roles,
    /// ERC-721 ownership and approvals.
    pub tokens: Tokens,
    /// Licenses by id.
    pub licenses: StorageMap<U256, StoredLicense>,
    /// History entries after issuance: `state << 64 | timestamp`, by license and index.
    pub history: StorageMap<U256, StorageMap<U256, StorageU256>>,
    /// Ids issued by each DID, in order (the length is the DID's next nonce).
    pub issued: StorageMap<B256, StorageVec<StorageU256>>,
    /// Every DID that has issued, in order of first issuance.
    pub issuers: StorageVec<StorageB256>,
    /// Risk scores by DID.
    pub risk_scores: StorageMap<B256, StorageU8>,
    /// The compliance gate's threshold.
    pub risk_threshold: StorageU8,
    /// The DID registry.
    pub dids: StorageAddress,
    /// The lifecycle program (see the crate documentation).
    pub lifecycle: StorageAddress,
    /// The views program (see the crate documentation).
    pub views: StorageAddress,
}

impl StoredLicense {
    /// Whether the license exists.
    pub fn exists(&self) -> bool {
        !self.issuer_did.get().is_zero()
    }

    /// The scalar fields.
    pub fn read_scalars(&self) -> Scalars {
        Scalars::unpack(self.scalars.get())
    }

    /// Stores the scalar fields.
    pub fn save(&mut self, scalars: &Scalars) {
        self.scalars.set(scalars.pack());
    }
}

/// The state with this ABI number (stored states are always valid).
pub fn state_from(value: u8) -> LicenseState {
    match value {
        0 => LicenseState::Draft,
        1 => LicenseState::Active,
        2 => LicenseState::Suspended,
        3 => LicenseState::Revoked,
        _ => LicenseState::Expired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_survive_packing_with_every_field_at_its_extremes() {
        let full = Scalars {
            issued_at: u64::MAX,
            expires_at: u64::MAX - 1,
            royalty_bps: u16::MAX,
            region: *b"ZZ",
            license_type: 5,
            state: 3,
            flags: RENEWABLE | SUBLICENSABLE | FROZEN | RESTRICTED | EXPIRY_RECORDED,
            depth: u8::MAX,
            history_length: u32::MAX,
            terms_length: u32::MAX - 1,
        };
        assert_eq!(Scalars::unpack(full.pack()), full);
        assert_eq!(Scalars::unpack(B256::ZERO), Scalars::default());
        let one = Scalars { expires_at: 1, ..Scalars::default() };
        assert_eq!(one.pack()[15], 1, "expiry sits in bytes 8..16, big-endian");
    }

    #[test]
    fn flags_set_and_clear_independently() {
        let mut scalars = Scalars::default();
        scalars.set(FROZEN, true);
        scalars.set(RENEWABLE, true);
        scalars.set(FROZEN, false);
        assert!(scalars.has(RENEWABLE) && !scalars.has(FROZEN));
        assert_eq!(scalars.stored_state(), LicenseState::Draft);
    }
}
