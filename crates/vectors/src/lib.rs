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
//! Every scenario starts from a fresh deployment. A step `{ "blocks": 1, "seconds": 3600 }` mines
//! blocks and moves the clock forward. A view expected to revert is written as a call with
//! `"expect": { "revert": … }`.
//!
//! # Prerequisites and setup
//!
//! A contract that reads another one (the license registry reads a DID registry) names it under
//! `"prerequisites"`, with a description of what it must hold, and refers to it as `"@name"` like
//! an account. The file does not say how to build it: the harness deploys it on the chain it
//! passes to [`Runner::run`], binds its address with [`Runner::bind`], and every scenario starts
//! from that chain. `"setup"` lists steps run after every deployment, before each scenario's own
//! steps (role grants, say); they are checked like any step and reported in
//! [`ScenarioReport::setup`].
//!
//! ```json
//! {
//!   "contract": "LicenseRegistry",
//!   "accounts": { "admin": "0x…", "issuer": "0x…" },
//!   "prerequisites": { "dids": "a DIDRegistry in which @issuer controls a Valid DID" },
//!   "constructor": { "from": "@admin", "args": ["@admin", "@dids"] },
//!   "setup": [ { "from": "@admin", "call": "grantRole", "args": ["0x…", "@issuer"] } ],
//!   "scenarios": [ … ]
//! }
//! ```
//!
//! ```ignore
//! let mut chain = Chain::new();
//! let dids = deploy_and_populate_the_did_registry(&mut chain);
//! Runner::new(abi, file).bind("dids", dids)?.run(&mut chain, &mut deploy)?;
//! ```
//!
//! # Calls into other contracts
//!
//! A contract that calls its prerequisites (the DLA freezes licenses in the license registry)
//! makes them emit events in the same transaction. An expected event with `"emitter": "@licenses"`
//! must be emitted by that prerequisite, and is decoded with the ABI the harness bound for it with
//! [`Runner::bind_with_abi`]; `"events"` still lists every log of the transaction, in order. A
//! prerequisite's custom error that bubbles through the contract may be expected by name: errors
//! are looked up in the contract's ABI, then in the bound ABIs. In a scenario's steps (not the
//! constructor), `"@this"` ([`THIS`]) is the address of the contract under test, for the events
//! in which other contracts name their caller.
//!
//! ```json
//! { "from": "@investigator", "call": "freezeLicense", "args": ["42"],
//!   "expect": { "events": [
//!     { "name": "SanctionApplied", "args": ["1", "42", "0", "0x"] },
//!     { "name": "MetadataUpdate", "args": ["42"], "emitter": "@licenses" },
//!     { "name": "LicenseFrozen", "args": ["42", "@this"], "emitter": "@licenses" } ] } }
//! ```

mod error;
mod format;
mod runner;
mod values;

pub use error::{Error, Result};
pub use format::{
    AdvanceStep, CallStep, Constructor, Event, Expectation, RevertExpectation, Scenario, Step, VectorFile, ViewStep,
};
pub use runner::{Deployer, Runner, ScenarioReport, StepReport, THIS};

/// The folder holding the vector files, relative to the repository root.
pub const VECTORS_DIR: &str = "test/vectors";

/// Path of the vector file `name` (for example `"governance_emitter.json"`) in this repository.
pub fn repository_vector(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(VECTORS_DIR).join(name)
}
