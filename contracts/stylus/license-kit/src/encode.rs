//! Logs and reverts encoded by hand from 32-byte words. Every event and error of the registry has
//! static parameters only (one word each) except `TermsUpdated`'s string, so one small encoder
//! replaces a generic alloy encoder per type; the selectors and topic hashes still come from the
//! `sol!` declarations, so they cannot drift from the ABI.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U256};

use crate::Revert;

/// A value as one ABI word.
pub trait Word {
    /// The word.
    fn word(self) -> B256;
}

impl Word for B256 {
    fn word(self) -> B256 {
        self
    }
}

impl Word for U256 {
    fn word(self) -> B256 {
        B256::from(self)
    }
}

impl Word for Address {
    fn word(self) -> B256 {
        self.into_word()
    }
}

impl Word for u64 {
    fn word(self) -> B256 {
        let mut word = [0u8; 32];
        word[24..].copy_from_slice(&self.to_be_bytes());
        B256::from(word)
    }
}

impl Word for u16 {
    fn word(self) -> B256 {
        u64::from(self).word()
    }
}

impl Word for u8 {
    fn word(self) -> B256 {
        u64::from(self).word()
    }
}

impl Word for bool {
    fn word(self) -> B256 {
        u64::from(self).word()
    }
}

impl Word for FixedBytes<2> {
    fn word(self) -> B256 {
        let mut word = [0u8; 32];
        word[..2].copy_from_slice(&self.0);
        B256::from(word)
    }
}

/// Revert data: `selector ++ words`.
pub fn revert(selector: [u8; 4], words: &[B256]) -> Revert {
    let mut data = Vec::with_capacity(4 + 32 * words.len());
    data.extend_from_slice(&selector);
    for word in words {
        data.extend_from_slice(word.as_slice());
    }
    data
}

/// Calldata of a function with static parameters: the same layout as revert data.
pub fn calldata(selector: [u8; 4], words: &[B256]) -> alloc::vec::Vec<u8> {
    revert(selector, words)
}

/// Log data of static words.
pub fn words(words: &[B256]) -> Vec<u8> {
    let mut data = Vec::with_capacity(32 * words.len());
    for word in words {
        data.extend_from_slice(word.as_slice());
    }
    data
}

/// Log data of one `string` parameter: offset, length, bytes padded to a word.
pub fn string(text: &[u8]) -> Vec<u8> {
    let mut data = words(&[32u64.word(), (text.len() as u64).word()]);
    data.extend_from_slice(text);
    data.resize(data.len().next_multiple_of(32), 0);
    data
}

#[cfg(test)]
mod tests {
    use super::*;
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
