//! DIDs: region codes and the status lifecycle, as `IDIDRegistry` documents them. The Solidity and
//! Stylus registries and the differential tests use this as the reference model.

/// The region code of identities not tied to a region.
pub const GLOBAL_REGION: [u8; 2] = *b"ZZ";

/// The longest DID accepted, in bytes.
pub const MAX_DID_LENGTH: usize = 64;

/// Whether `region` is two uppercase ASCII letters (the global code "ZZ" is one of them).
pub fn is_valid_region(region: [u8; 2]) -> bool {
    region.iter().all(u8::is_ascii_uppercase)
}

/// Whether `did` has an acceptable length (1 to 64 bytes).
pub fn is_valid_identifier(did: &[u8]) -> bool {
    !did.is_empty() && did.len() <= MAX_DID_LENGTH
}

/// A DID's verification status, with `IDIDRegistry.Status`'s numbering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Status {
    /// Not registered.
    None = 0,
    /// Registered, not verified.
    New = 1,
    /// Verified by a verifier, not yet valid.
    Verified = 2,
    /// In good standing.
    Valid = 3,
    /// Temporarily not in good standing.
    Suspended = 4,
    /// Terminal.
    Revoked = 5,
}

impl Status {
    /// The status with this ABI number, if any.
    pub fn from_u8(value: u8) -> Option<Self> {
        Some(match value {
            0 => Self::None,
            1 => Self::New,
            2 => Self::Verified,
            3 => Self::Valid,
            4 => Self::Suspended,
            5 => Self::Revoked,
            _ => return None,
        })
    }

    /// Whether a verifier may move a DID from `self` to `next`: New → Verified → Valid ⇄ Suspended,
    /// anything registered → Revoked, and nothing out of Revoked.
    pub fn can_move_to(self, next: Self) -> bool {
        use Status::*;
        match (self, next) {
            (None | Revoked, _) => false,
            (_, Revoked) => true,
            (New, Verified) | (Verified, Valid) | (Valid, Suspended) | (Suspended, Valid) => true,
            _ => false,
        }
    }

    /// The status after the controller updates the commitment: Valid and Suspended need a verifier
    /// again and go back to Verified.
    pub fn after_commitment_update(self) -> Self {
        match self {
            Self::Valid | Self::Suspended => Self::Verified,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_two_uppercase_letters() {
        assert!(is_valid_region(*b"US"));
        assert!(is_valid_region(GLOBAL_REGION));
        for bad in [*b"us", *b"U1", [0, 0], *b"U ", [b'A', 0xC0]] {
            assert!(!is_valid_region(bad), "{bad:?}");
        }
    }

    #[test]
    fn identifiers_are_one_to_sixty_four_bytes() {
        assert!(!is_valid_identifier(b""));
        assert!(is_valid_identifier(&[b'x'; 64]));
        assert!(!is_valid_identifier(&[b'x'; 65]));
    }

    #[test]
    fn the_lifecycle_table() {
        use Status::*;
        let all = [None, New, Verified, Valid, Suspended, Revoked];
        let allowed: Vec<(Status, Status)> =
            all.iter().flat_map(|a| all.iter().map(move |b| (*a, *b))).filter(|(a, b)| a.can_move_to(*b)).collect();
        assert_eq!(
            allowed,
            vec![
                (New, Verified),
                (New, Revoked),
                (Verified, Valid),
                (Verified, Revoked),
                (Valid, Suspended),
                (Valid, Revoked),
                (Suspended, Valid),
                (Suspended, Revoked),
            ]
        );
        assert_eq!(Valid.after_commitment_update(), Verified);
        assert_eq!(New.after_commitment_update(), New);
        assert_eq!(Status::from_u8(6), Option::None);
    }
}
