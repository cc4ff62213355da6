//! Logs, reverts and calldata encoded by hand from 32-byte words, for the CHLOM Stylus programs.
//!
//! Almost every event and error of the CHLOM contracts has static parameters only (one word each),
//! so one small encoder replaces a generic alloy encoder per type, which matters under Arbitrum's
//! 24 KB limit. The selectors and topic hashes still come from the `sol!` declarations of each
//! contract, so they cannot drift from the ABI; each contract's tests compare these bytes with
//! alloy's encoding.
#![no_std]

extern crate alloc;

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U256};

/// ABI-encoded revert data, exactly as the Solidity contract would return it.
pub type Revert = Vec<u8>;

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

impl Word for u32 {
    fn word(self) -> B256 {
        u64::from(self).word()
    }
}

impl Word for u128 {
    fn word(self) -> B256 {
        U256::from(self).word()
    }
}

/// Two's complement, sign-extended to 256 bits, as the ABI encodes `int128`.
impl Word for i128 {
    fn word(self) -> B256 {
        let fill = if self < 0 { 0xff } else { 0 };
        let mut word = [fill; 32];
        word[16..].copy_from_slice(&self.to_be_bytes());
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
pub fn calldata(selector: [u8; 4], words: &[B256]) -> Vec<u8> {
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
    use alloy_sol_types::{SolError, SolValue, sol};

    sol! {
        error Wide(uint256 amount, int128 adjustment, uint128 floor, uint32 version, address account);
    }

    #[test]
    fn words_match_alloy_for_every_width() {
        let account = Address::repeat_byte(0xab);
        for adjustment in [0i128, 1, -1, i128::MIN, i128::MAX] {
            let error = Wide { amount: U256::MAX, adjustment, floor: u128::MAX, version: u32::MAX, account };
            let words = [U256::MAX.word(), adjustment.word(), u128::MAX.word(), u32::MAX.word(), account.word()];
            assert_eq!(revert(Wide::SELECTOR, &words), error.abi_encode(), "adjustment {adjustment}");
        }
        assert_eq!(
            string(b"a string longer than one word, to pad").as_slice(),
            "a string longer than one word, to pad".abi_encode().as_slice()
        );
        assert_eq!(&FixedBytes(*b"DE").word()[..3], b"DE\0", "bytes2 is left-aligned");
        assert_eq!(true.word(), U256::from(1).word());
    }
}
