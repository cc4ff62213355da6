//! Smart-License rules shared by the registries (Solidity mirrors them, Stylus calls them) and the
//! reference model: license ids, the lifecycle with time-based expiry, royalty and sublicense
//! bounds, and the compliance gate.
//!
//! # Lifecycle
//!
//! | stored state | action                         | next      | who                      |
//! |--------------|--------------------------------|-----------|--------------------------|
//! | Draft        | activate                       | Active    | issuer                   |
//! | Active       | suspend                        | Suspended | enforcement              |
//! | Suspended    | reinstate                      | Active    | enforcement              |
//! | Draft, Active, Suspended | revoke             | Revoked   | issuer or enforcement    |
//! | any but Revoked | renew (renewable only)      | unchanged | issuer                   |
//! | Draft, Active, Suspended | update terms, freeze | unchanged | issuer / enforcement     |
//!
//! Revoked is terminal. Expired is not stored: past `expires_at` a license *reads* as Expired, and
//! every action on it fails with `LicenseExpired` except renewal of a renewable license.

use alloy_primitives::{B256, U256, keccak256};
use alloy_sol_types::SolValue;

/// The largest royalty, in basis points (100%).
pub const MAX_ROYALTY_BPS: u16 = 10_000;

/// The default risk-score threshold: a holder passes the compliance gate below it.
pub const DEFAULT_RISK_THRESHOLD: u8 = 80;

/// How deep sublicenses may nest below an original license (children of a sublicense are refused
/// already, since sublicenses are not sublicensable; the limit bounds any future relaxation).
pub const MAX_SUBLICENSE_DEPTH: u8 = 1;

/// A license's state as the registries store and report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum LicenseState {
    /// Issued, not yet in force.
    Draft = 0,
    /// In force.
    Active = 1,
    /// Temporarily not in force (enforcement).
    Suspended = 2,
    /// Ended for good.
    Revoked = 3,
    /// Past its expiry (derived from time, never stored).
    Expired = 4,
}

/// What someone asks of a license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Draft → Active.
    Activate,
    /// Active → Suspended.
    Suspend,
    /// Suspended → Active.
    Reinstate,
    /// Draft, Active or Suspended → Revoked.
    Revoke,
    /// Extend the expiry of a renewable license.
    Renew,
    /// Move the token to another holder (Active only).
    Transfer,
    /// Create a sublicense (Active only).
    Sublicense,
    /// Replace the terms URI.
    UpdateTerms,
    /// Freeze or unfreeze.
    Freeze,
}

/// Why a license action is refused; each maps onto a registry custom error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenseRejection {
    /// `LicenseExpired`: the license reads as Expired.
    Expired,
    /// `AlreadyRevoked`: the license is Revoked.
    AlreadyRevoked,
    /// The action does not apply in the current state.
    InvalidState(LicenseState),
    /// `InvalidRoyalty`: more than `max` bps (10,000, or the parent's for a sublicense).
    InvalidRoyalty {
        /// The largest royalty allowed here.
        max: u16,
    },
    /// `NotSublicensable`: a parent that is not sublicensable, or at the depth limit.
    NotSublicensable,
    /// `InvalidExpiry`: an expiry not after `not_before` or after `not_after`.
    InvalidExpiry {
        /// The expiry must be later than this.
        not_before: u64,
        /// The expiry must not be later than this.
        not_after: u64,
    },
    /// `ComplianceFailed`: risk score at or above the threshold, or a DID not in good standing.
    ComplianceFailed,
    /// `NotRenewable`: renewal of a license that is not renewable.
    NotRenewable,
}

/// The state a license reads as at `now`.
pub fn effective_state(stored: LicenseState, expires_at: u64, now: u64) -> LicenseState {
    if stored != LicenseState::Revoked && now > expires_at { LicenseState::Expired } else { stored }
}

/// The stored state after `action`, or why it is refused. `renewable` matters only for renewals.
pub fn transition(
    stored: LicenseState,
    expires_at: u64,
    now: u64,
    action: Action,
    renewable: bool,
) -> Result<LicenseState, LicenseRejection> {
    use LicenseState::*;
    if stored == Revoked {
        return Err(LicenseRejection::AlreadyRevoked);
    }
    let current = effective_state(stored, expires_at, now);
    if current == Expired && !(action == Action::Renew && renewable) {
        return Err(LicenseRejection::Expired);
    }
    match (stored, action) {
        (Draft, Action::Activate) | (Suspended, Action::Reinstate) => Ok(Active),
        (Active, Action::Suspend) => Ok(Suspended),
        (_, Action::Revoke) => Ok(Revoked),
        (_, Action::Renew) if renewable => Ok(stored),
        (_, Action::Renew) => Err(LicenseRejection::NotRenewable),
        (_, Action::UpdateTerms | Action::Freeze) => Ok(stored),
        (Active, Action::Transfer | Action::Sublicense) => Ok(Active),
        (state, _) => Err(LicenseRejection::InvalidState(state)),
    }
}

/// Checks a renewal's new expiry: later than both now and the current expiry.
pub fn check_renewal(expires_at: u64, new_expiry: u64, now: u64) -> Result<(), LicenseRejection> {
    let not_before = expires_at.max(now);
    if new_expiry <= not_before {
        return Err(LicenseRejection::InvalidExpiry { not_before, not_after: u64::MAX });
    }
    Ok(())
}

/// Checks a new license's expiry: later than now.
pub fn check_issue_expiry(expires_at: u64, now: u64) -> Result<(), LicenseRejection> {
    if expires_at <= now {
        return Err(LicenseRejection::InvalidExpiry { not_before: now, not_after: u64::MAX });
    }
    Ok(())
}

/// Checks a royalty in basis points.
pub fn check_royalty(royalty_bps: u16) -> Result<(), LicenseRejection> {
    if royalty_bps > MAX_ROYALTY_BPS { Err(LicenseRejection::InvalidRoyalty { max: MAX_ROYALTY_BPS }) } else { Ok(()) }
}

/// What a sublicense needs to know of its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parent {
    /// The parent's expiry.
    pub expires_at: u64,
    /// The parent's royalty.
    pub royalty_bps: u16,
    /// Whether the parent may be sublicensed.
    pub sublicensable: bool,
    /// How many sublicense levels are above the parent (0 for an original license).
    pub depth: u8,
}

/// Checks the terms of a sublicense request against a parent already found usable (Active,
/// unexpired, unfrozen): a sublicensable parent within [`MAX_SUBLICENSE_DEPTH`]; a royalty at most
/// the parent's; an expiry after now and at most the parent's. In that order, as the registries
/// check them.
pub fn check_sublicense(parent: Parent, royalty_bps: u16, expires_at: u64, now: u64) -> Result<(), LicenseRejection> {
    if !parent.sublicensable || parent.depth >= MAX_SUBLICENSE_DEPTH {
        return Err(LicenseRejection::NotSublicensable);
    }
    if royalty_bps > parent.royalty_bps {
        return Err(LicenseRejection::InvalidRoyalty { max: parent.royalty_bps });
    }
    if expires_at > parent.expires_at || expires_at <= now {
        return Err(LicenseRejection::InvalidExpiry { not_before: now, not_after: parent.expires_at });
    }
    Ok(())
}

/// The compliance gate: a risk score below `threshold` and a DID in good standing.
pub fn compliance_gate(risk_score: u8, threshold: u8, did_in_good_standing: bool) -> Result<(), LicenseRejection> {
    if risk_score >= threshold || !did_in_good_standing {
        return Err(LicenseRejection::ComplianceFailed);
    }
    Ok(())
}

/// The most allowed regions a license may list.
pub const MAX_ALLOWED_REGIONS: usize = 16;

/// Packs allowed regions into one storage word as the registries do: code `i` in bytes `2i..2i+2`,
/// the first zero code ending the set. The caller has checked the count and the codes.
pub fn pack_regions(regions: &[[u8; 2]]) -> B256 {
    let mut packed = [0u8; 32];
    for (slot, region) in packed.chunks_exact_mut(2).zip(regions) {
        slot.copy_from_slice(region);
    }
    B256::from(packed)
}

/// The codes of a packed region set, in order, up to the first zero code.
pub fn unpack_regions(packed: B256) -> impl Iterator<Item = [u8; 2]> {
    let bytes = packed.0;
    (0..bytes.len() / 2).map(move |i| [bytes[2 * i], bytes[2 * i + 1]]).take_while(|code| *code != [0, 0])
}

/// Whether `region` is among the packed allowed regions (never for the zero code).
pub fn region_allowed(packed: B256, region: [u8; 2]) -> bool {
    region != [0, 0] && unpack_regions(packed).any(|code| code == region)
}

/// The ERC-2981 royalty on `sale_price`: `floor(sale_price * royalty_bps / 10,000)`, exact for every
/// price (no overflow of the product).
pub fn royalty_amount(sale_price: U256, royalty_bps: u16) -> U256 {
    let (bps, scale) = (U256::from(royalty_bps), U256::from(MAX_ROYALTY_BPS));
    sale_price / scale * bps + sale_price % scale * bps / scale
}

/// A license id: `uint256(keccak256(abi.encode(issuerDidHash, holderDidHash, nonce)))`. `abi.encode`
/// of three 32-byte words is unambiguous, so two different triples collide only if keccak256 does.
pub fn license_id(issuer_did: B256, holder_did: B256, nonce: U256) -> U256 {
    U256::from_be_bytes(keccak256((issuer_did, holder_did, nonce).abi_encode()).0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LicenseState::*;

    const T: u64 = 1_000;

    #[test]
    fn the_lifecycle_table() {
        assert_eq!(transition(Draft, T, 0, Action::Activate, false), Ok(Active));
        assert_eq!(transition(Active, T, 0, Action::Suspend, false), Ok(Suspended));
        assert_eq!(transition(Suspended, T, 0, Action::Reinstate, false), Ok(Active));
        for state in [Draft, Active, Suspended] {
            assert_eq!(transition(state, T, 0, Action::Revoke, false), Ok(Revoked));
        }
        assert_eq!(transition(Draft, T, 0, Action::Suspend, false), Err(LicenseRejection::InvalidState(Draft)));
        assert_eq!(transition(Active, T, 0, Action::Activate, false), Err(LicenseRejection::InvalidState(Active)));
        assert_eq!(
            transition(Suspended, T, 0, Action::Transfer, false),
            Err(LicenseRejection::InvalidState(Suspended))
        );
    }

    #[test]
    fn revoked_is_terminal() {
        for action in [Action::Activate, Action::Reinstate, Action::Revoke, Action::Renew, Action::Transfer] {
            assert_eq!(transition(Revoked, T, 0, action, true), Err(LicenseRejection::AlreadyRevoked));
        }
    }

    #[test]
    fn expiry_follows_from_time_and_only_renewal_survives_it() {
        assert_eq!(effective_state(Active, T, T), Active, "the expiry second itself is still valid");
        assert_eq!(effective_state(Active, T, T + 1), Expired);
        assert_eq!(effective_state(Revoked, T, T + 1), Revoked, "revoked reads as revoked");
        assert_eq!(transition(Active, T, T + 1, Action::Transfer, true), Err(LicenseRejection::Expired));
        assert_eq!(transition(Active, T, T + 1, Action::Renew, false), Err(LicenseRejection::Expired));
        assert_eq!(transition(Active, T, T + 1, Action::Renew, true), Ok(Active));
        assert_eq!(check_renewal(T, T + 10, T + 1), Ok(()));
        assert_eq!(check_renewal(T, T, 0), Err(LicenseRejection::InvalidExpiry { not_before: T, not_after: u64::MAX }));
        assert_eq!(
            check_renewal(T, T + 5, T + 5),
            Err(LicenseRejection::InvalidExpiry { not_before: T + 5, not_after: u64::MAX })
        );
        assert_eq!(transition(Active, T, 0, Action::Renew, false), Err(LicenseRejection::NotRenewable));
    }

    #[test]
    fn sublicense_bounds() {
        let parent = Parent { expires_at: T, royalty_bps: 500, sublicensable: true, depth: 0 };
        let expiry = LicenseRejection::InvalidExpiry { not_before: 10, not_after: T };
        assert_eq!(check_sublicense(parent, 500, T, 10), Ok(()));
        assert_eq!(check_sublicense(parent, 501, T, 10), Err(LicenseRejection::InvalidRoyalty { max: 500 }));
        assert_eq!(check_sublicense(parent, 100, T + 1, 10), Err(expiry));
        assert_eq!(check_sublicense(parent, 100, 10, 10), Err(expiry));
        assert_eq!(
            check_sublicense(Parent { sublicensable: false, ..parent }, 100, T, 10),
            Err(LicenseRejection::NotSublicensable)
        );
        assert_eq!(
            check_sublicense(Parent { depth: 1, ..parent }, 100, T, 10),
            Err(LicenseRejection::NotSublicensable)
        );
    }

    #[test]
    fn royalty_and_compliance() {
        assert_eq!(check_royalty(10_000), Ok(()));
        assert_eq!(check_royalty(10_001), Err(LicenseRejection::InvalidRoyalty { max: 10_000 }));
        assert_eq!(compliance_gate(79, DEFAULT_RISK_THRESHOLD, true), Ok(()));
        assert_eq!(compliance_gate(80, DEFAULT_RISK_THRESHOLD, true), Err(LicenseRejection::ComplianceFailed));
        assert_eq!(compliance_gate(0, DEFAULT_RISK_THRESHOLD, false), Err(LicenseRejection::ComplianceFailed));
    }

    #[test]
    fn regions_pack_and_match() {
        let packed = pack_regions(&[*b"US", *b"DE"]);
        assert_eq!(&packed[..4], b"USDE");
        assert!(region_allowed(packed, *b"DE"));
        assert!(!region_allowed(packed, *b"FR"));
        assert!(!region_allowed(packed, [0, 0]), "the terminator is not a region");
        assert!(!region_allowed(B256::ZERO, *b"US"));
    }

    #[test]
    fn royalty_amounts_are_exact_without_overflow() {
        assert_eq!(royalty_amount(U256::from(10_000), 250), U256::from(250));
        assert_eq!(royalty_amount(U256::from(9_999), 1), U256::ZERO);
        assert_eq!(royalty_amount(U256::MAX, 10_000), U256::MAX);
        assert_eq!(royalty_amount(U256::MAX, 5_000), U256::MAX / U256::from(2));
    }

    #[test]
    fn license_ids_are_deterministic_and_distinct() {
        let (a, b) = (B256::repeat_byte(1), B256::repeat_byte(2));
        assert_eq!(license_id(a, b, U256::from(1)), license_id(a, b, U256::from(1)));
        assert_ne!(license_id(a, b, U256::from(1)), license_id(b, a, U256::from(1)), "issuer and holder are ordered");
        assert_ne!(license_id(a, b, U256::from(1)), license_id(a, b, U256::from(2)));
        // Cross-checked with `cast keccak $(cast abi-encode "f(bytes32,bytes32,uint256)" 0x01…01 0x02…02 1)`.
        let expected: B256 =
            alloy_primitives::b256!("9fb024d3dc5891db8d027694ea06f89a469ddbf34775f678b71eba98d4ed81a5");
        assert_eq!(license_id(a, b, U256::from(1)), U256::from_be_bytes(expected.0));
    }
}
