//! The ADE settlement engine's arithmetic, shared by the Solidity and Stylus engines (which mirror
//! and call it) and their differential tests: one settlement's split ([`split`]), rounding half to
//! even ([`rounding`]), linear vesting ([`vesting`]) and the epoch audit root ([`epoch`]).

pub mod epoch;
pub mod errors;
pub mod rounding;
pub mod split;
pub mod vesting;

pub use rounding::{div_rem_u64, mul_div_half_even};
pub use split::{BPS, DustReason, Settlement, SettlementError, SettlementInputs, ShareTerms, Split, settle};
pub use vesting::Schedule;
