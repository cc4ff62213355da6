//! Everything the four programs of the CHLOM Stylus SettlementEngine share.
//!
//! The engine's ABI is `contracts/solidity/interfaces/ISettlementEngine.sol` plus AccessControl
//! and Pausable: 51 functions. As one program they compile to over 128 KB of WASM, and even split
//! in three each part stays over Arbitrum's 24 KB compressed limit. So the engine is four programs
//! over one storage layout ([`store::SettlementStore`], the first field of each entrypoint),
//! chained by `DELEGATECALL`, each forwarding the selectors it does not run to the next:
//!
//! 1. `chlom-stylus-settlement-engine`, the address users call: the hot path, `settlePacked` (what
//!    payment processors send);
//! 2. `chlom-stylus-settlement-graphs`: what takes a readable graph (`settle`, which packs the
//!    graph and runs the engine program's `settlePacked` on the same storage, `registerGraph`,
//!    `packGraph`), withdrawals and vesting grants;
//! 3. `chlom-stylus-settlement-config`: rate tables, jurisdictions, holds, fees, the pool, the
//!    circuit breaker, closing epochs and role administration;
//! 4. `chlom-stylus-settlement-views`: every view.
//!
//! Together they have exactly the Solidity engine's functions, events, errors and check order;
//! the arithmetic is `chlom_core::settlement`, and each program is a thin table of entry points.
//!
//! Reentrancy: stylus-sdk refuses every reentrant call into a program (without data), where the
//! Solidity engine refuses reentrant calls to its `nonReentrant` functions with
//! `ReentrancyGuardReentrantCall()`; either way a token or receiver that calls back is refused.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

pub mod abi;
pub mod claims;
pub mod config;
pub mod graph;
pub mod settle;
pub mod store;
pub mod token;

pub use chlom_stylus_abi_words::Revert;
pub use store::SettlementStore;
