//! An in-process chain on revm for the CHLOM tests, benchmarks and tools.
//!
//! [`Chain`] holds one revm EVM with an in-memory state. It deploys bytecode, calls and transacts
//! as any sender with value, returns [`Receipt`]s with logs and gas, moves the block number and
//! timestamp, snapshots and reverts state, and decodes revert data into a contract's typed
//! custom-error enum (see [`Error::revert_as`]).
//!
//! ```
//! use alloy_primitives::{Address, U256};
//! use chlom_evm::Chain;
//!
//! let mut chain = Chain::new();
//! let alice = Address::repeat_byte(0xa1);
//! chain.fund(alice, U256::from(10u64).pow(U256::from(18)));
//! let receipt = chain.transfer(alice, Address::repeat_byte(0xb0), U256::from(1)).expect("alice is funded");
//! assert!(receipt.is_success());
//! ```

mod chain;
mod error;
mod receipt;
pub mod stylus;

pub use chain::{Chain, ChainConfig, SnapshotId, TxRequest};
pub use error::{Error, Result};
pub use receipt::{Receipt, Status};

/// revm itself, for callers that need its types (spec ids, bytecode).
pub use revm;
