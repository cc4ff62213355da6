//! CHLOM domain logic and types shared by the Stylus contracts, the relayer, the CLI and the tests.
//!
//! `no_std` (with `alloc`) so that the same code runs inside a Stylus WASM contract and on the host.
//! Enable the `std` feature (on by default) for `std::error::Error` integration on the host.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod enforcement;
mod error;
pub mod governance;
pub mod identity;
pub mod license;
pub mod sequence;
pub mod settlement;

pub use error::{Error, Result};
