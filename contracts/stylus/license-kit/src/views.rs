//! The registry's views: what `getLicense`, `stateHistory`, the lookups, ERC-2981 and the
//! metadata answer, as the Solidity registry computes them.

use alloc::string::String;
use alloc::vec::Vec;

use alloy_primitives::{Address, B256, FixedBytes, U256};
use alloy_sol_types::SolError;
use chlom_core::license::errors::LicenseNotFound;
use chlom_core::license::{self, LicenseState, MAX_ROYALTY_BPS};
use stylus_sdk::prelude::*;

use crate::Revert;
use crate::abi::{Jurisdiction, License, StateChange};
use crate::encode::{Word, revert};
use crate::store::{FROZEN, LicenseStore, RENEWABLE, SUBLICENSABLE, Scalars};

/// The most ids one `licensesOfHolder` page returns.
pub const MAX_PAGE: u64 = 1000;

/// ERC-165 ids the registry answers besides AccessControl's: ERC-721, ERC-721 metadata, ERC-2981
/// and ERC-4906.
pub const INTERFACE_IDS: [[u8; 4]; 4] =
    [[0x80, 0xac, 0x58, 0xcd], [0x5b, 0x5e, 0x13, 0x9f], [0x2a, 0x55, 0x20, 0x5a], [0x49, 0x06, 0x49, 0x06]];

impl LicenseStore {
    /// `getLicense`.
    pub fn get_license(&self, id: U256) -> Result<License, Revert> {
        let scalars = self.existing(id)?;
        let (root, allowed) = self.root_of(id);
        let holder = self.owner_of_raw(id);
        let holder_did = self.did_of(holder)?;
        let record = self.licenses.getter(id);
        Ok(License {
            id,
            parentId: record.parent_id.get(),
            issuerDid: record.issuer_did.get(),
            holderDid: holder_did,
            holder,
            licenseType: scalars.license_type,
            jurisdiction: Jurisdiction {
                region: FixedBytes(scalars.region),
                lawRef: self.licenses.getter(root).law_ref.get(),
                allowedRegions: unpack_regions(allowed),
            },
            issuedAt: scalars.issued_at,
            expiresAt: scalars.expires_at,
            royaltyBps: scalars.royalty_bps,
            state: self.effective_state(&scalars) as u8,
            renewable: scalars.has(RENEWABLE),
            sublicensable: scalars.has(SUBLICENSABLE),
            frozen: scalars.has(FROZEN),
            depth: scalars.depth,
            revokedBy: record.revoked_by.get(),
            termsUri: self.terms_of(id),
        })
    }

    /// `stateOf`.
    pub fn state_of(&self, id: U256) -> Result<u8, Revert> {
        let scalars = self.existing(id)?;
        Ok(self.effective_state(&scalars) as u8)
    }

    /// `isUsable`.
    pub fn is_usable(&self, id: U256) -> bool {
        let mut current = id;
        loop {
            let record = self.licenses.getter(current);
            let scalars = record.read_scalars();
            if !record.exists() || scalars.has(FROZEN) || self.effective_state(&scalars) != LicenseState::Active {
                return false;
            }
            if scalars.depth == 0 {
                return true;
            }
            current = record.parent_id.get();
        }
    }

    /// `stateHistory`.
    pub fn state_history(&self, id: U256) -> Result<Vec<StateChange>, Revert> {
        let scalars = self.existing(id)?;
        let initial = if scalars.depth == 0 { LicenseState::Draft } else { LicenseState::Active };
        let mut changes = vec![StateChange { state: initial as u8, at: scalars.issued_at }];
        let history = self.history.getter(id);
        for index in 0..scalars.history_length {
            let entry = B256::from(history.get(U256::from(index)));
            let at = u64::from_be_bytes(entry[24..32].try_into().unwrap_or_default());
            changes.push(StateChange { state: entry[23], at });
        }
        Ok(changes)
    }

    /// `nextNonce`.
    pub fn next_nonce(&self, issuer_did: B256) -> U256 {
        U256::from(self.issued.getter(issuer_did).len())
    }

    /// `licensesOfIssuer`.
    pub fn licenses_of_issuer(&self, issuer_did: B256, start: U256, limit: U256) -> Vec<U256> {
        let issued = self.issued.getter(issuer_did);
        let length = U256::from(issued.len());
        if start >= length {
            return Vec::new();
        }
        let count = limit.min(length - start).to::<usize>();
        let start = start.to::<usize>();
        (start..start + count).filter_map(|index| issued.get(index)).collect()
    }

    /// `licensesOfHolder`: a scan of the issuer index from `cursor` (`issuer << 128 | position`).
    pub fn licenses_of_holder(&self, holder: Address, cursor: U256, limit: U256) -> (Vec<U256>, U256) {
        if limit.is_zero() {
            return (Vec::new(), cursor);
        }
        let limit = limit.min(U256::from(MAX_PAGE));
        let mut found = Vec::new();
        let issuers = self.issuers.len();
        let cursor = B256::from(cursor);
        let mut issuer = usize_of(&cursor[..16]);
        let mut position = usize_of(&cursor[16..]);
        while issuer < issuers {
            let did = self.issuers.get(issuer).unwrap_or_default();
            let issued = self.issued.getter(did);
            while position < issued.len() {
                if U256::from(found.len()) == limit {
                    return (found, (U256::from(issuer) << 128) | U256::from(position));
                }
                let id = issued.get(position).unwrap_or_default();
                if self.owner_of_raw(id) == holder {
                    found.push(id);
                }
                position += 1;
            }
            issuer += 1;
            position = 0;
        }
        (found, U256::ZERO)
    }

    /// `royaltyInfo`: the issuer DID's controller receives `royaltyBps` of the price.
    pub fn royalty_info(&self, id: U256, sale_price: U256) -> Result<(Address, U256), Revert> {
        let record = self.licenses.getter(id);
        if !record.exists() {
            return Err(revert(LicenseNotFound::SELECTOR, &[id.word()]));
        }
        let (issuer_did, bps) = (record.issuer_did.get(), record.read_scalars().royalty_bps);
        drop(record);
        let receiver = self.controller_of(issuer_did)?.controller;
        Ok((receiver, royalty(sale_price, bps)))
    }

    /// `tokenURI`: the terms URI of an existing token.
    pub fn token_uri(&self, id: U256) -> Result<String, Revert> {
        self.require_owned(id)?;
        Ok(self.terms_of(id))
    }

    /// ERC-165.
    pub fn supports(interface_id: [u8; 4]) -> bool {
        INTERFACE_IDS.contains(&interface_id) || chlom_stylus_access_control::Roles::supports_interface(interface_id)
    }

    /// The effective state at this block.
    fn effective_state(&self, scalars: &Scalars) -> LicenseState {
        license::effective_state(scalars.stored_state(), scalars.expires_at, self.vm().block_timestamp())
    }

    /// The terms URI, read through to the parent while a sublicense has none of its own.
    fn terms_of(&self, id: U256) -> String {
        let mut current = id;
        loop {
            let record = self.licenses.getter(current);
            let scalars = record.read_scalars();
            if scalars.terms_length != 0 || scalars.depth == 0 {
                let length = scalars.terms_length as usize;
                let mut text = Vec::with_capacity(length.next_multiple_of(32));
                for index in 0..length.div_ceil(32) {
                    text.extend_from_slice(record.terms.get(U256::from(index)).as_slice());
                }
                text.truncate(length);
                // The bytes were written from a `String` by `write_terms`, so they are UTF-8.
                return String::from_utf8(text).unwrap_or_default();
            }
            current = record.parent_id.get();
        }
    }
}

/// `floor(price * bps / 10,000)`, exact for every price, by long division with 64-bit limbs
/// (a general 256-bit division would add kilobytes to the program).
fn royalty(price: U256, bps: u16) -> U256 {
    let divisor = u128::from(MAX_ROYALTY_BPS);
    let mut quotient = [0u64; 4];
    let mut remainder: u128 = 0;
    for (index, limb) in price.as_limbs().iter().enumerate().rev() {
        let current = (remainder << 64) | u128::from(*limb);
        quotient[index] = (current / divisor) as u64;
        remainder = current % divisor;
    }
    let bps_wide = u128::from(bps);
    U256::from_limbs(quotient) * U256::from(bps) + U256::from(remainder * bps_wide / divisor)
}

fn usize_of(bytes: &[u8]) -> usize {
    bytes.iter().fold(0usize, |value, byte| value.saturating_mul(256).saturating_add(usize::from(*byte)))
}

/// The codes of a packed region set, in order.
fn unpack_regions(packed: B256) -> Vec<FixedBytes<2>> {
    license::unpack_regions(packed).map(FixedBytes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn royalty_matches_the_exact_product_for_every_magnitude() {
        let prices = [
            U256::ZERO,
            U256::from(1),
            U256::from(9_999),
            U256::from(10_000),
            U256::from(123_456_789_u64),
            U256::from(u64::MAX),
            U256::from(u128::MAX),
            U256::MAX / U256::from(3),
            U256::MAX - U256::from(1),
            U256::MAX,
        ];
        for price in prices {
            for bps in [0u16, 1, 250, 3_333, 9_999, 10_000] {
                assert_eq!(royalty(price, bps), license::royalty_amount(price, bps), "{price} at {bps} bps");
            }
        }
    }

    #[test]
    fn region_sets_unpack_in_order_up_to_the_first_empty_code() {
        let packed = license::pack_regions(&[*b"DE", *b"FR", *b"US"]);
        assert_eq!(unpack_regions(packed), [FixedBytes(*b"DE"), FixedBytes(*b"FR"), FixedBytes(*b"US")]);
        assert!(unpack_regions(B256::ZERO).is_empty());
        assert_eq!(unpack_regions(license::pack_regions(&[*b"ZZ"; 16])).len(), 16);
    }

    #[test]
    fn cursors_saturate_instead_of_wrapping() {
        assert_eq!(usize_of(&[0, 0, 1, 0]), 256);
        assert_eq!(usize_of(&[0xff; 16]), usize::MAX);
    }
}
