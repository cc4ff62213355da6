//! Everything the two halves of the CHLOM Stylus LicenseRegistry share.
//!
//! The registry's ABI is `contracts/solidity/interfaces/ILicenseRegistry.sol` plus ERC-721,
//! ERC-2981, ERC-4906 and AccessControl: 51 functions, more than one Stylus program can hold
//! within Arbitrum's 24 KB compressed limit. So the registry is two programs over one storage
//! layout ([`store::LicenseStore`], the first field of both entrypoints):
//!
//! - `chlom-stylus-license-registry`, the address users call, runs every state change of a
//!   license (issue, lifecycle, sublicenses, compliance, ERC-721 transfers and approvals) and
//!   forwards any other selector by `DELEGATECALL` to
//! - `chlom-stylus-license-views`, which answers the views and the role administration.
//!
//! Together they have exactly the Solidity contract's functions, events, errors and check
//! order; the logic lives here (and its rules in `chlom_core::license`), so each program is a
//! thin table of entry points.
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]

#[macro_use]
extern crate alloc;

pub mod abi;
pub mod dids;
pub mod encode;
pub mod erc721;
pub mod lifecycle;
pub mod store;
pub mod views;

pub use chlom_stylus_abi_words::Revert;

pub use store::LicenseStore;
