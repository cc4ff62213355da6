//! Everything the three programs of the CHLOM Stylus SettlementEngine share.
//!
//! The engine's ABI is `contracts/solidity/interfaces/ISettlementEngine.sol` plus AccessControl
//! and Pausable: 51 functions, more than one Stylus program holds within Arbitrum's 24 KB
//! compressed limit (as one program they compile to over 128 KB of WASM). So the engine is three
//! programs over one storage layout ([`store::SettlementStore`], the first field of each
//! entrypoint), chained by `DELEGATECALL`:
//!
//! - `chlom-stylus-settlement-engine`, the address users call, runs the hot paths: `settlePacked`
//!   (what payment processors send), withdrawals and grants, and forwards any other selector to
//! - `chlom-stylus-settlement-graphs`, which runs what takes a whole graph or table (`settle` with
//!   the readable graph, `registerGraph`, `packGraph`, `registerRateTable`, `setJurisdiction`),
//!   and forwards the rest to
//! - `chlom-stylus-settlement-admin`: holds, fees, the pool, the circuit breaker, epochs, the views
//!   and role administration.
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
