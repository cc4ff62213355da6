//! Everything the three programs of the CHLOM Stylus DLAEnforcement share.
//!
//! The contract's ABI is `contracts/solidity/interfaces/IDLAEnforcement.sol` plus AccessControl,
//! the constants and the wiring views of `DLAEnforcement.sol`: 58 functions, too many for one
//! program under Arbitrum's 24 KB compressed limit. So the contract is three programs over one
//! storage layout ([`store::DlaStore`], the only field of each entrypoint), chained by
//! `DELEGATECALL`, each forwarding the selectors it does not run to the next:
//!
//! 1. `chlom-stylus-dla-enforcement`, the address users call: reports, triage, assignment,
//!    evidence, appeals, reopening, closing and escalation;
//! 2. `chlom-stylus-dla-sanctions`: the sanctions ladder, resolution and the council's votes;
//! 3. `chlom-stylus-dla-admin`: governance, role administration and every view.
//!
//! Together they have exactly the Solidity contract's functions, events, errors and check order
//! (the shared vectors replay against both); the stage table, masks, windows and tally are
//! `chlom_core::enforcement`, and each program is a thin table of entry points over this crate.
//!
//! Reentrancy: the only callees are the DID registry, the license registry and the settlement
//! engine, fixed at construction; state is written (and the storage cache flushed) before any call
//! that changes state, and stylus-sdk refuses reentrant calls into a program.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

pub mod abi;
pub mod calls;
pub mod cases;
pub mod sanctions;
pub mod store;

pub use chlom_stylus_abi_words::Revert;
pub use store::DlaStore;
