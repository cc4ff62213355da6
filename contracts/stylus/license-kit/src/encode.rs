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
