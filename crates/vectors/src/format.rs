use std::collections::BTreeMap;
use std::path::Path;

use alloy_primitives::Address;
use serde::Deserialize;
use serde_json::Value;

use crate::{Error, Result};

/// A whole vector file: accounts, how to deploy, and the scenarios.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    /// The contract (ABI) the vectors are for.
    pub contract: String,
    /// What the file covers.
    #[serde(default)]
    pub description: String,
    /// Named accounts, referenced as `"@name"`.
    pub accounts: BTreeMap<String, Address>,
    /// Contracts the harness puts on the chain before the run (a registry the contract under test
    /// reads, say), by name, each with a description of what it must hold. They are referenced as
    /// `"@name"` like accounts; their addresses are bound with [`crate::Runner::bind`].
    #[serde(default)]
    pub prerequisites: BTreeMap<String, String>,
    /// How to deploy a fresh instance.
    pub constructor: Constructor,
    /// Steps run after every deployment, before each scenario's own steps (role grants and the
    /// like); they must behave as written, like any step.
    #[serde(default)]
    pub setup: Vec<Step>,
    /// The scenarios, each from a fresh deployment.
    pub scenarios: Vec<Scenario>,
}

/// The deployment every scenario starts from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constructor {
    /// The deployer.
    pub from: String,
    /// Constructor arguments.
    #[serde(default)]
    pub args: Vec<Value>,
}

/// A named sequence of steps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The scenario's name.
    pub name: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One transaction, one read or a move of the clock.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Step {
    /// A transaction that commits.
    Call(CallStep),
    /// A read that must succeed.
    View(ViewStep),
    /// Moves the block number and timestamp forward.
    Advance(AdvanceStep),
}

/// A transaction that commits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallStep {
    /// The sender.
    pub from: String,
    /// Function name or signature.
    pub call: String,
    /// Arguments.
    #[serde(default)]
    pub args: Vec<Value>,
    /// Wei sent along, as a decimal string.
    #[serde(default)]
    pub value: Option<String>,
    /// What must happen; success when absent.
    #[serde(default)]
    pub expect: Expectation,
}

/// A read that must succeed and return `returns`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewStep {
    /// Function name or signature.
    pub view: String,
    /// Arguments.
    #[serde(default)]
    pub args: Vec<Value>,
    /// The expected return values.
    pub returns: Vec<Value>,
}

/// Moves the chain forward.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceStep {
    /// Blocks to mine.
    pub blocks: u64,
    /// Seconds to add.
    #[serde(default)]
    pub seconds: u64,
}

/// The expected outcome of a call.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// When present, the call must revert with exactly this error.
    #[serde(default)]
    pub revert: Option<RevertExpectation>,
    /// When present, the call must succeed and emit exactly these events, in order.
    #[serde(default)]
    pub events: Option<Vec<Event>>,
    /// When present, the call must succeed and return these values.
    #[serde(default)]
    pub returns: Option<Vec<Value>>,
}

/// An expected custom error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevertExpectation {
    /// The error's name or signature.
    pub name: String,
    /// Its arguments.
    #[serde(default)]
    pub args: Vec<Value>,
}

/// An expected event, emitted by the contract under test unless `emitter` names another contract.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The event's name or signature.
    pub name: String,
    /// All its arguments, indexed or not, in declaration order.
    #[serde(default)]
    pub args: Vec<Value>,
    /// The `"@name"` of the prerequisite that emits it (a registry the contract under test calls,
    /// say), whose ABI the harness bound with [`crate::Runner::bind_with_abi`]; the contract under
    /// test when absent.
    #[serde(default)]
    pub emitter: Option<String>,
}

impl VectorFile {
    /// Reads and parses a vector file; unknown keys are an error.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let display = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: display.clone(), source })?;
        Self::parse(&text).map_err(|error| match error {
            Error::Parse { source, .. } => Error::Parse { path: display, source },
            other => other,
        })
    }

    /// Parses vector JSON.
    pub fn parse(text: &str) -> Result<Self> {
        serde_json::from_str(text).map_err(|source| Error::Parse { path: "<string>".into(), source })
    }
}
