//! The compliance circuits, and the commitments they share.
//!
//! A holder's **identity commitment** is `hash(Identity; secret, did)`: the DID (as a field
//! element) bound to a secret only the holder knows. The holder registers it once; the sanctions
//! snapshot and credential trees hold commitments, never DIDs. A **nullifier** is
//! `hash(Nullifier; secret, scope)`: the same for every proof of one holder in one scope (an
//! application, an epoch, an action), unlinkable across scopes, so a verifier that records it
//! accepts each holder once per scope. Each hash carries its own domain tag
//! ([`crate::poseidon::Domain`]), so no nullifier can equal a commitment or a leaf.

pub mod license_tier;
pub mod sanctions_clean;

use ark_ff::PrimeField;

use crate::Fr;
use crate::poseidon::{Domain, hash2_in};

pub use license_tier::{CredentialTree, LicenseTier};
pub use sanctions_clean::SanctionsClean;

/// A holder's identity commitment.
pub fn identity_commitment(secret: Fr, did: Fr) -> Fr {
    hash2_in(Domain::Identity, secret, did)
}

/// A holder's nullifier in `scope`.
pub fn nullifier(secret: Fr, scope: Fr) -> Fr {
    hash2_in(Domain::Nullifier, secret, scope)
}

/// A 32-byte value (a DID hash, a scope label's hash) as a field element: big-endian, reduced
/// modulo the field's order.
pub fn field_from_bytes32(bytes: [u8; 32]) -> Fr {
    Fr::from_be_bytes_mod_order(&bytes)
}
