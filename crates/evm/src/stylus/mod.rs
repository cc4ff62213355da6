//! Arbitrum Stylus inside revm: the deployable program format, and an EVM whose call frames run
//! Stylus WASM (code starting with `EF F0 00`) with the wasmi interpreter next to EVM bytecode.
//!
//! # Metering (an approximation)
//!
//! Arbitrum meters WASM in *ink*, 10,000 ink per gas by default, with a price per WASM opcode and
//! per host call. This executor approximates that: wasmi's fuel (about one unit per instruction)
//! is charged at [`INK_PER_FUEL`] ink, so [`FUEL_PER_GAS`] instructions cost one gas; every host call
//! costs [`HOSTIO_INK`] ink on top; storage, logs and keccak cost what the EVM charges for them
//! (EIP-2929 cold and warm access, EIP-2200 stores, without refunds). Memory growth beyond the two
//! free pages costs [`GAS_PER_PAGE`] per 64 KiB page. Figures for Stylus are therefore comparable
//! with EVM gas in magnitude, not to the unit; treat them as estimates.
//!
//! # What runs
//!
//! Arguments, results, storage (with the SDK's write cache), transient storage, logs, account
//! queries, block, transaction and message context, the reentrancy flag, keccak, the math helpers
//! and memory growth. Calls in both directions are nested revm frames: an EVM contract calls a
//! Stylus program like any contract, and a program's `call_contract`, `static_call_contract` and
//! `delegate_call_contract` suspend the WASM (wasmi resumable calls) while revm runs the callee,
//! EVM or Stylus, then resume it with the status and return data; `create1` and `create2` run the
//! initcode the same way and hand back the new address (zero and the revert data on failure).
//!
//! A WASM program that fails to decompress, validate, instantiate or export `user_entrypoint`, or
//! that traps, reverts with `Error(string)` naming the cause; running out of fuel is out of gas.

pub mod arbwasm;
mod evm;
mod frame;
mod host;
pub mod program;

pub use evm::StylusEvm;

/// Arbitrum's default ink price: ink per gas.
pub const INK_PER_GAS: u64 = 10_000;

/// Ink charged per unit of wasmi fuel (about one WASM instruction).
pub const INK_PER_FUEL: u64 = 100;

/// WASM instructions (fuel) per gas: `INK_PER_GAS / INK_PER_FUEL`.
pub const FUEL_PER_GAS: u64 = INK_PER_GAS / INK_PER_FUEL;

/// Ink charged for each host call, on top of what the call itself costs.
pub const HOSTIO_INK: u64 = 8_400;

/// Gas per 64 KiB memory page beyond the free ones.
pub const GAS_PER_PAGE: u64 = 1_000;

/// Memory pages every program gets without paying.
pub const FREE_PAGES: u32 = 2;

/// Arbitrum's default page limit: 128 pages of 64 KiB.
pub const MAX_PAGES: u32 = 128;
