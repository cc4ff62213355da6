//! Replays the scenario vectors under `test/vectors/` against any implementation of a CHLOM ABI.
//!
//! A vector file describes behaviour at the ABI level only: calls by function name and arguments,
//! expected return values, events and custom errors by name. Nothing in it depends on how the
//! contract is implemented, so the same file runs against the Solidity bytecode, the Stylus WASM
//! and any later implementation, on one [`chlom_evm::Chain`].
//!
//! # Format
//!
//! ```json
//! {
//!   "contract": "GovernanceEmitter",
//!   "accounts": { "admin": "0x…", "approver": "0x…" },
//!   "constructor": { "from": "@admin", "args": ["@admin", "@approver"] },
//!   "scenarios": [
//!     { "name": "…", "steps": [
//!       { "from": "@approver", "call": "emitApproval", "args": ["0x…", "0x…", "@executor"],
//!         "expect": { "events": [ { "name": "ApprovalSequenced", "args": ["1", "0x…"] } ] } },
//!       { "from": "@approver", "call": "emitApproval", "args": ["…"],
//!         "expect": { "revert": { "name": "GovernanceProposalAlreadyApproved", "args": ["0x…", "1"] } } },
//!       { "view": "lastSequence", "args": [], "returns": ["1"] }
//!     ] }
//!   ]
//! }
//! ```
//!
//! Arguments and expected values are JSON strings parsed by the ABI type of their parameter
//! (`"1"`, `"0x…"`, `"true"`), or arrays for tuples and arrays; `"@name"` stands for an account.
//! `"call"` and `"view"` take a function name, or a full signature for an overloaded name. A call
//! without `"expect"` must succeed; `"events"`, when given, lists every log in order.
//! Every scenario starts from a fresh deployment.

mod error;
mod format;
mod runner;
mod values;

pub use error::{Error, Result};
pub use format::{
    AdvanceStep, CallStep, Constructor, Event, Expectation, RevertExpectation, Scenario, Step, VectorFile, ViewStep,
};
pub use runner::{Deployer, Runner, ScenarioReport, StepReport};

/// The folder holding the vector files, relative to the repository root.
pub const VECTORS_DIR: &str = "test/vectors";

/// Path of the vector file `name` (for example `"governance_emitter.json"`) in this repository.
pub fn repository_vector(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(VECTORS_DIR).join(name)
}
