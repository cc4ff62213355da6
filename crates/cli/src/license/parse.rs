//! Reading license arguments and naming the registry's enums.

use alloy::primitives::{B256, FixedBytes, U256, keccak256};

/// A license id: decimal, or hex with `0x` (as `chlom license issue` prints it).
pub(crate) fn license_id(text: &str) -> Result<U256, String> {
    text.trim().parse::<U256>().map_err(|_| format!("{text:?} is not a license id (decimal, or 0x and hex)"))
}

/// How ids are printed: 0x and 64 hex digits, as the registry's keccak256-derived ids are.
pub(crate) fn format_id(id: U256) -> String {
    B256::from(id).to_string()
}

/// A 32-byte value given as 0x and 64 hex digits, or text that is hashed with keccak256 (DIDs,
/// law references, reasons).
pub(crate) fn hash_or_text(text: &str) -> B256 {
    crate::did::did_hash(text)
}

/// A region code for clap: two uppercase letters, or `ZZ` for global.
pub(crate) fn region(text: &str) -> Result<FixedBytes<2>, String> {
    crate::did::parse_region(text).map_err(|error| error.to_string())
}

/// A region code as text.
pub(crate) fn format_region(region: FixedBytes<2>) -> String {
    String::from_utf8_lossy(region.as_slice()).into_owned()
}

/// The license types an issuer may name, with their ABI values (`Sublicense`, 1, comes only from
/// `createSublicense`).
const TYPES: [(&str, u8); 5] =
    [("standard", 0), ("educational", 2), ("enterprise", 3), ("research", 4), ("creative", 5)];

/// A license type by name.
pub(crate) fn license_type(text: &str) -> Result<u8, String> {
    let lower = text.to_ascii_lowercase();
    if lower == "sublicense" {
        return Err("sublicenses come only from `chlom license sublicense`".into());
    }
    TYPES.iter().find(|(name, _)| *name == lower).map(|(_, value)| *value).ok_or_else(|| {
        format!("unknown license type {text:?}: use standard, educational, enterprise, research or creative")
    })
}

/// The name of an ABI `LicenseType`.
pub(crate) fn type_name(value: u8) -> String {
    match value {
        0 => "Standard".into(),
        1 => "Sublicense".into(),
        2 => "Educational".into(),
        3 => "Enterprise".into(),
        4 => "Research".into(),
        5 => "Creative".into(),
        other => format!("unknown type {other}"),
    }
}

/// The name of an ABI `LicenseState`.
pub(crate) fn state_name(value: u8) -> String {
    match value {
        0 => "Draft".into(),
        1 => "Active".into(),
        2 => "Suspended".into(),
        3 => "Revoked".into(),
        4 => "Expired".into(),
        other => format!("unknown state {other}"),
    }
}

/// The name of a registry role, from its id.
pub(crate) fn role_name(role: B256) -> String {
    if role == B256::ZERO {
        return "DEFAULT_ADMIN_ROLE (governance)".into();
    }
    [
        ("ISSUER_ROLE", "CHLOM_ISSUER_ROLE"),
        ("COMPLIANCE_ROLE", "CHLOM_COMPLIANCE_ROLE"),
        ("ENFORCEMENT_ROLE", "CHLOM_ENFORCEMENT_ROLE"),
    ]
    .iter()
    .find(|(_, preimage)| keccak256(preimage) == role)
    .map(|(name, _)| (*name).to_owned())
    .unwrap_or_else(|| role.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_decimal_and_hex_and_print_as_32_bytes() {
        assert_eq!(license_id("255"), Ok(U256::from(255)));
        assert_eq!(license_id("0xff"), Ok(U256::from(255)));
        assert!(license_id("license-1").is_err());
        assert_eq!(format_id(U256::from(255)), format!("0x{}ff", "0".repeat(62)));
    }

    #[test]
    fn types_and_roles_have_names() {
        assert_eq!(license_type("Enterprise"), Ok(3));
        assert!(license_type("sublicense").expect_err("refused").contains("chlom license sublicense"));
        assert!(license_type("gold").is_err());
        for value in 0..6 {
            assert!(!type_name(value).starts_with("unknown"));
        }
        assert_eq!(role_name(keccak256("CHLOM_ENFORCEMENT_ROLE")), "ENFORCEMENT_ROLE");
        assert_eq!(state_name(2), "Suspended");
    }
}
