//! Payout graphs: the checks `registerGraph` makes, the packed form (`packGraph`) and the graph
//! hash, `keccak256(abi.encode(packed, terms))`, encoded by hand.

use alloc::vec::Vec;

use alloy_primitives::{B256, U256, keccak256};
use alloy_sol_types::SolError;
use chlom_core::settlement::BPS;
use chlom_core::settlement::errors::InvalidGraph;
use chlom_stylus_abi_words::{Revert, Word, revert, words};

use alloy_sol_types::SolCall;

use crate::abi::{MAX_SHARES, MAX_VESTING, POOL_NODE, SettleRequest, Share, ShareTerms, settlePackedCall};

/// Where the fields of a packed share word start (the recipient is in the low 160 bits).
pub const BPS_SHIFT: usize = 160;
/// See [`BPS_SHIFT`].
pub const KIND_SHIFT: usize = 176;
/// See [`BPS_SHIFT`].
pub const TERMS_SHIFT: usize = 184;

/// The largest `NodeKind`; Solidity refuses a larger one, without data, when it reads it.
const MAX_KIND: u8 = POOL_NODE;

/// The checks of `registerGraph`, in the Solidity engine's order (it reads each share's kind
/// last, so an out-of-range kind refuses only a share that passed the other checks).
pub fn validate(shares: &[Share]) -> Result<(), Revert> {
    if shares.is_empty() || shares.len() > MAX_SHARES {
        return Err(invalid(shares.len()));
    }
    let mut total_bps = 0u64;
    let mut pool = false;
    for (index, share) in shares.iter().enumerate() {
        total_bps += u64::from(share.bps);
        let invalid_terms = share.recipient.is_zero()
            || total_bps > BPS
            || (share.cap != 0 && share.floor > share.cap)
            || share.vestingCliff > share.vestingEnd
            || share.vestingEnd > MAX_VESTING;
        if invalid_terms {
            return Err(invalid(index));
        }
        let is_pool = kind(share)? == POOL_NODE;
        if is_pool && pool {
            return Err(invalid(index));
        }
        pool |= is_pool;
    }
    Ok(())
}

/// `packGraph`: one word per share, `recipient | bps << 160 | kind << 176 | t << 184`, with `t`
/// 1 + the index of the share's terms (0 for a plain share).
pub fn pack(shares: &[Share]) -> Result<(Vec<U256>, Vec<ShareTerms>), Revert> {
    let mut packed = Vec::with_capacity(shares.len());
    let mut terms = Vec::new();
    for share in shares {
        let mut word = U256::from_be_slice(share.recipient.as_slice())
            | U256::from(share.bps) << BPS_SHIFT
            | U256::from(kind(share)?) << KIND_SHIFT;
        let has_terms = share.floor != 0
            || share.cap != 0
            || share.adjustment != 0
            || share.vestingCliff != 0
            || share.vestingEnd != 0;
        if has_terms {
            terms.push(ShareTerms {
                floor: share.floor,
                cap: share.cap,
                adjustment: share.adjustment,
                vestingCliff: share.vestingCliff,
                vestingEnd: share.vestingEnd,
            });
            word |= U256::from(terms.len()) << TERMS_SHIFT;
        }
        packed.push(word);
    }
    Ok((packed, terms))
}

/// `keccak256(abi.encode(packed, terms))`.
pub fn graph_hash(packed: &[U256], terms: &[ShareTerms]) -> B256 {
    keccak256(encode_graph(64, packed, terms))
}

/// The calldata of `settlePacked(request, packed, terms)`.
pub fn settle_packed_calldata(request: &SettleRequest, packed: &[U256], terms: &[ShareTerms]) -> Vec<u8> {
    let request_words = [
        request.txid,
        request.graphId,
        request.licenseId.word(),
        request.token.word(),
        request.amount.word(),
        request.mcc.word(),
    ];
    let mut calldata = revert(settlePackedCall::SELECTOR, &request_words);
    // The request is a static tuple (six words in place), then the two array offsets.
    calldata.extend_from_slice(&encode_graph(32 * 8, packed, terms));
    calldata
}

/// The two arrays' offsets (the first at `first_offset`, from the start of the arguments), then
/// the arrays: the tail of `abi.encode(…, packed, terms)`.
fn encode_graph(first_offset: u64, packed: &[U256], terms: &[ShareTerms]) -> Vec<u8> {
    let terms_offset = first_offset + 32 * (packed.len() as u64 + 1);
    let mut encoded = words(&[first_offset.word(), terms_offset.word(), (packed.len() as u64).word()]);
    for word in packed {
        encoded.extend_from_slice(word.word().as_slice());
    }
    encoded.extend_from_slice((terms.len() as u64).word().as_slice());
    for extra in terms {
        let fields = [
            extra.floor.word(),
            extra.cap.word(),
            extra.adjustment.word(),
            extra.vestingCliff.word(),
            extra.vestingEnd.word(),
        ];
        encoded.extend_from_slice(&words(&fields));
    }
    encoded
}

fn kind(share: &Share) -> Result<u8, Revert> {
    if share.kind > MAX_KIND { Err(Revert::new()) } else { Ok(share.kind) }
}

fn invalid(index: usize) -> Revert {
    revert(InvalidGraph::SELECTOR, &[(index as u64).word()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::Address;
    use alloy_sol_types::SolValue;

    fn share(recipient: u8, bps: u16) -> Share {
        Share {
            recipient: Address::repeat_byte(recipient),
            kind: 0,
            bps,
            floor: 0,
            cap: 0,
            adjustment: 0,
            vestingCliff: 0,
            vestingEnd: 0,
        }
    }

    #[test]
    fn the_graph_hash_is_keccak_of_the_abi_encoding() {
        let mut shares = vec![share(1, 5_000), share(2, 3_000), share(3, 0)];
        shares[1].floor = 7;
        shares[1].adjustment = -3;
        shares[2].kind = POOL_NODE;
        shares[2].vestingEnd = 100;
        let (packed, terms) = pack(&shares).expect("packs");
        assert_eq!(packed.len(), 3);
        assert_eq!(terms.len(), 2);
        assert_eq!(packed[1] >> TERMS_SHIFT, U256::from(1));
        assert_eq!(packed[0] >> TERMS_SHIFT, U256::ZERO);
        assert_eq!((packed[2] >> KIND_SHIFT) & U256::from(0xff), U256::from(POOL_NODE));
        assert_eq!(graph_hash(&packed, &terms), keccak256((packed.clone(), terms.clone()).abi_encode_params()));
        assert_eq!(graph_hash(&[], &[]), keccak256((Vec::<U256>::new(), Vec::<ShareTerms>::new()).abi_encode_params()));
        let request = SettleRequest {
            txid: B256::repeat_byte(1),
            graphId: B256::repeat_byte(2),
            licenseId: U256::MAX,
            token: Address::repeat_byte(3),
            amount: U256::from(5),
            mcc: 5411,
        };
        let call = settlePackedCall { request: request.clone(), shares: packed.clone(), terms: terms.clone() };
        assert_eq!(settle_packed_calldata(&request, &packed, &terms), call.abi_encode());
    }

    #[test]
    fn registration_checks_come_in_the_solidity_order() {
        assert_eq!(validate(&[]), Err(invalid(0)));
        assert_eq!(validate(&[share(1, 6_000), share(2, 4_001)]), Err(invalid(1)));
        let mut zero = share(0, 1);
        zero.kind = 9;
        assert_eq!(validate(&[zero]), Err(invalid(0)), "the recipient is checked before the kind");
        let mut bad_kind = share(1, 1);
        bad_kind.kind = 4;
        assert_eq!(validate(&[bad_kind]), Err(Revert::new()));
        let mut pools = [share(1, 1), share(2, 1)];
        pools.iter_mut().for_each(|share| share.kind = POOL_NODE);
        assert_eq!(validate(&pools), Err(invalid(1)));
        let mut long = share(1, 1);
        long.vestingEnd = MAX_VESTING + 1;
        assert_eq!(validate(&[long]), Err(invalid(0)));
        let mut inverted = share(1, 1);
        (inverted.floor, inverted.cap) = (5, 4);
        assert_eq!(validate(&[inverted]), Err(invalid(0)));
        assert_eq!(validate(&[share(1, 10_000)]), Ok(()));
    }
}
