//! The action payload behind a `LicenseActionApproved` event: its ABI encoding, hash and checks.
//!
//! The encoding is the one documented in `IGovernanceEmitter.sol`:
//! `payloadHash = keccak256(abi.encode(ActionPayload(targetChainId, target, callData, nonce, regionTag)))`.

use alloc::string::ToString;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use alloy_sol_types::SolValue;

use crate::{Error, Result};

alloy_sol_types::sol! {
    /// The action an approval authorizes, exactly as `IGovernanceEmitter.ActionPayload`.
    #[derive(Debug, PartialEq, Eq)]
    struct ActionPayload {
        /// EIP-155 chain id of the destination chain; never zero.
        uint256 targetChainId;
        /// The contract the destination gateway calls; never the zero address.
        address target;
        /// The calldata for `target`.
        bytes callData;
        /// Chosen by the proposer so that identical actions hash differently.
        uint256 nonce;
        /// ASCII region left-aligned in 32 bytes, or zero when not region-scoped.
        bytes32 regionTag;
    }
}

impl ActionPayload {
    /// Builds a payload; `region` is `None` for an action that is not region-scoped.
    pub fn new(
        target_chain_id: u64,
        target: Address,
        call_data: Bytes,
        nonce: u64,
        region: Option<&str>,
    ) -> Result<Self> {
        let payload = Self {
            targetChainId: U256::from(target_chain_id),
            target,
            callData: call_data,
            nonce: U256::from(nonce),
            regionTag: region.map(region_tag).transpose()?.unwrap_or_default(),
        };
        payload.validate()?;
        Ok(payload)
    }

    /// The ABI encoding, `abi.encode(payload)` in Solidity: what `ActionPayloadPublished` carries.
    pub fn encode(&self) -> Bytes {
        self.abi_encode().into()
    }

    /// `keccak256(abi.encode(payload))`: the value an approval's `payloadHash` holds.
    pub fn hash(&self) -> B256 {
        keccak256(self.abi_encode())
    }

    /// Decodes a published payload and checks its target, strictly (no trailing or dirty bytes).
    pub fn decode(encoded: &[u8]) -> Result<Self> {
        let payload = Self::abi_decode(encoded).map_err(|error| Error::PayloadEncoding(error.to_string()))?;
        payload.validate()?;
        Ok(payload)
    }

    /// Decodes `encoded` and checks that it is the payload announced under `payload_hash`, the raw
    /// `bytes payloadHash` of a `LicenseActionApproved` event.
    pub fn decode_verified(encoded: &[u8], payload_hash: &[u8]) -> Result<Self> {
        let expected = payload_hash_from_event(payload_hash)?;
        let actual = keccak256(encoded);
        if actual != expected {
            return Err(Error::PayloadHashMismatch { expected, actual });
        }
        Self::decode(encoded)
    }

    /// The region as text, or `None` when the action is not region-scoped.
    pub fn region(&self) -> Option<&str> {
        if self.regionTag.is_zero() {
            return None;
        }
        let bytes = self.regionTag.as_slice();
        let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        core::str::from_utf8(&bytes[..end]).ok()
    }

    fn validate(&self) -> Result<()> {
        check_payload_target(self)
            .map_err(|_| Error::PayloadTarget { target_chain_id: self.targetChainId, target: self.target })
    }
}

/// Why the emitter refuses an approval or a publication, in the order the checks run. Each maps
/// one-to-one onto a custom error of `IGovernanceEmitter`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// `GovernanceInvalidPayloadHash(length)`: the payload hash is not 32 bytes.
    InvalidPayloadHash {
        /// The length given.
        length: usize,
    },
    /// `GovernanceInvalidExecutor()`: the executor is the zero address.
    InvalidExecutor,
    /// `GovernanceProposalAlreadyApproved(proposalId, sequence)`: approved before.
    AlreadyApproved {
        /// The sequence number of the earlier approval.
        sequence: u64,
    },
    /// `GovernanceInvalidPayload(targetChainId, target)`: the payload has no target.
    InvalidPayload {
        /// The payload's chain id.
        target_chain_id: U256,
        /// The payload's target.
        target: Address,
    },
}

/// The checks of `emitApproval` on its raw `bytes payloadHash`: returns the digest.
pub fn check_payload_hash(payload_hash: &[u8]) -> Result<B256, Rejection> {
    B256::try_from(payload_hash).map_err(|_| Rejection::InvalidPayloadHash { length: payload_hash.len() })
}

/// The checks every approval runs after its payload hash: a non-zero executor, then a proposal
/// never approved (`previous_sequence` 0). Returns the approval's sequence number.
pub fn check_approval(executor: Address, previous_sequence: u64, last_sequence: u64) -> Result<u64, Rejection> {
    if executor.is_zero() {
        return Err(Rejection::InvalidExecutor);
    }
    if previous_sequence != 0 {
        return Err(Rejection::AlreadyApproved { sequence: previous_sequence });
    }
    // 2^64 approvals cannot happen; saturating keeps the function total without a panic path.
    Ok(last_sequence.saturating_add(1))
}

/// The checks of a publication: the payload names a chain and a contract.
pub fn check_payload_target(payload: &ActionPayload) -> Result<(), Rejection> {
    if payload.targetChainId.is_zero() || payload.target.is_zero() {
        return Err(Rejection::InvalidPayload { target_chain_id: payload.targetChainId, target: payload.target });
    }
    Ok(())
}

/// The 32-byte digest inside an event's `bytes payloadHash`.
pub fn payload_hash_from_event(payload_hash: &[u8]) -> Result<B256> {
    B256::try_from(payload_hash).map_err(|_| Error::PayloadHashLength(payload_hash.len()))
}

/// Encodes a region such as `"EU"` or `"US-CA"` as ASCII left-aligned in 32 bytes, as Solidity's
/// `bytes32("EU")` does.
pub fn region_tag(region: &str) -> Result<B256> {
    let bytes = region.as_bytes();
    if bytes.len() > 32 {
        return Err(Error::RegionTagTooLong(bytes.len()));
    }
    let mut tag = B256::ZERO;
    tag[..bytes.len()].copy_from_slice(bytes);
    Ok(tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{address, bytes};

    fn sample() -> ActionPayload {
        ActionPayload::new(
            421_614,
            address!("0000000000000000000000000000000000001234"),
            bytes!("deadbeef"),
            1,
            Some("EU"),
        )
        .expect("valid payload")
    }

    #[test]
    fn encoding_round_trips_and_verifies_against_its_hash() {
        let payload = sample();
        let encoded = payload.encode();
        let decoded = ActionPayload::decode_verified(&encoded, payload.hash().as_slice()).expect("verifies");
        assert_eq!(decoded, payload);
        assert_eq!(decoded.region(), Some("EU"));
    }

    #[test]
    fn encoding_is_solidity_abi_encode_of_a_dynamic_struct() {
        // abi.encode(struct with bytes) starts with the offset of the tuple: 0x20.
        let encoded = sample().encode();
        assert_eq!(U256::from_be_slice(&encoded[..32]), U256::from(32));
        assert_eq!(encoded.len() % 32, 0);
    }

    #[test]
    fn tampered_payload_is_rejected() {
        let payload = sample();
        let mut encoded = payload.encode().to_vec();
        let last = encoded.len() - 1;
        encoded[last] ^= 1;
        let err = ActionPayload::decode_verified(&encoded, payload.hash().as_slice()).expect_err("rejected");
        assert!(matches!(err, Error::PayloadHashMismatch { .. }));
    }

    #[test]
    fn malformed_bytes_are_a_typed_error() {
        assert!(matches!(ActionPayload::decode(&[1, 2, 3]), Err(Error::PayloadEncoding(_))));
    }

    #[test]
    fn short_payload_hash_is_rejected() {
        let encoded = sample().encode();
        assert_eq!(ActionPayload::decode_verified(&encoded, &[0u8; 31]), Err(Error::PayloadHashLength(31)));
        assert_eq!(payload_hash_from_event(&[]), Err(Error::PayloadHashLength(0)));
    }

    #[test]
    fn zero_target_is_rejected() {
        let err = ActionPayload::new(1, Address::ZERO, Bytes::new(), 0, None).expect_err("rejected");
        assert!(matches!(err, Error::PayloadTarget { .. }));
        let err = ActionPayload::new(0, Address::repeat_byte(1), Bytes::new(), 0, None).expect_err("rejected");
        assert!(matches!(err, Error::PayloadTarget { .. }));
    }

    #[test]
    fn approval_checks_run_in_the_contract_order() {
        let executor = Address::repeat_byte(1);
        assert_eq!(check_payload_hash(&[0u8; 31]), Err(Rejection::InvalidPayloadHash { length: 31 }));
        assert_eq!(check_payload_hash(&[7u8; 32]), Ok(B256::repeat_byte(7)));
        // A zero executor is reported before a duplicate.
        assert_eq!(check_approval(Address::ZERO, 3, 9), Err(Rejection::InvalidExecutor));
        assert_eq!(check_approval(executor, 3, 9), Err(Rejection::AlreadyApproved { sequence: 3 }));
        assert_eq!(check_approval(executor, 0, 9), Ok(10));
        assert_eq!(check_approval(executor, 0, u64::MAX), Ok(u64::MAX));
    }

    #[test]
    fn region_tags_are_left_aligned_ascii() {
        let tag = region_tag("US-CA").expect("fits");
        assert_eq!(&tag[..5], b"US-CA");
        assert!(tag[5..].iter().all(|b| *b == 0));
        assert_eq!(region_tag(&"x".repeat(33)), Err(Error::RegionTagTooLong(33)));
        let unscoped = ActionPayload::new(1, Address::repeat_byte(1), Bytes::new(), 0, None).expect("valid");
        assert_eq!(unscoped.region(), None);
    }
}
