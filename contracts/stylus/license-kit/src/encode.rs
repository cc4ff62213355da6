//! The registry's hand encoders: `chlom_stylus_abi_words`, re-exported, and tests that they give
//! the registry's events and errors exactly alloy's bytes.

pub use chlom_stylus_abi_words::*;

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{Address, B256, FixedBytes, U256};
    use alloy_sol_types::{SolError, SolEvent};
    use chlom_core::license::errors::{ComplianceFailed, InvalidExpiry};

    #[test]
    fn hand_encoded_errors_match_alloy() {
        let did = B256::repeat_byte(7);
        let expected = ComplianceFailed { didHash: did, riskScore: 90, status: 3 }.abi_encode();
        assert_eq!(revert(ComplianceFailed::SELECTOR, &[did, 90u8.word(), 3u8.word()]), expected);
        let expected = InvalidExpiry { expiresAt: 5, notBefore: 6, notAfter: u64::MAX }.abi_encode();
        assert_eq!(revert(InvalidExpiry::SELECTOR, &[5u64.word(), 6u64.word(), u64::MAX.word()]), expected);
    }

    #[test]
    fn hand_encoded_log_data_matches_alloy() {
        let event =
            crate::abi::TermsUpdated { id: U256::from(9), termsUri: "ipfs://a-long-enough-uri/for/two/words".into() };
        assert_eq!(string(event.termsUri.as_bytes()), event.encode_data());
        let event = crate::abi::LicenseRenewed { id: U256::from(1), previousExpiry: 10, newExpiry: 20 };
        assert_eq!(words(&[10u64.word(), 20u64.word()]), event.encode_data());
        assert_eq!(&FixedBytes(*b"DE").word()[..3], b"DE\0", "bytes2 is left-aligned");
        assert_eq!(Address::repeat_byte(1).word(), B256::left_padding_from(&[1; 20]));
        assert_eq!(true.word(), U256::from(1).word());
    }
}
