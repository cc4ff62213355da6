use alloy_primitives::{Address, B256};

/// Everything that can go wrong in `chlom-core`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes are not a valid ABI encoding of an action payload.
    #[error("action payload is not valid ABI: {0}")]
    PayloadEncoding(alloc::string::String),
    /// The payload names chain id 0 or the zero address as its target.
    #[error("action payload targets chain {target_chain_id} at {target}; both must be non-zero")]
    PayloadTarget {
        /// The payload's target chain id.
        target_chain_id: alloy_primitives::U256,
        /// The payload's target contract.
        target: Address,
    },
    /// The payload does not hash to the hash it was announced under.
    #[error("action payload hashes to {actual}, but the approval announced {expected}")]
    PayloadHashMismatch {
        /// The hash from the approval.
        expected: B256,
        /// The hash of the bytes at hand.
        actual: B256,
    },
    /// The approval's payload hash is not a 32-byte digest.
    #[error("payload hash must be 32 bytes, got {0}")]
    PayloadHashLength(usize),
    /// A region tag longer than the 32 bytes it is stored in.
    #[error("region tag must be at most 32 bytes of ASCII, got {0} bytes")]
    RegionTagTooLong(usize),
    /// Sequence number 0 is never assigned.
    #[error("sequence number 0 is never assigned: approvals start at 1")]
    ZeroSequence,
}

/// `Result` with this crate's [`Error`] as the default error.
pub type Result<T, E = Error> = core::result::Result<T, E>;
