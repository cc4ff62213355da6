/// What can go wrong while loading or replaying a vector file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The vector file could not be read.
    #[error("cannot read vector file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The vector file is not valid JSON of the expected shape.
    #[error("vector file {path} is malformed: {source}")]
    Parse {
        /// The file.
        path: String,
        /// The JSON error.
        source: serde_json::Error,
    },
    /// The ABI has no function, event or error of this name or signature, or more than one.
    #[error("the ABI has no single {kind} named {name}")]
    UnknownAbiItem {
        /// "function", "event" or "error".
        kind: &'static str,
        /// The name or signature asked for.
        name: String,
    },
    /// An `@name` account reference that the file does not define.
    #[error("unknown account @{0}")]
    UnknownAccount(String),
    /// A prerequisite the file declares but the harness did not bind, or a binding the file does not
    /// declare as a prerequisite (or that also names an account).
    #[error("prerequisite @{name}: {reason}")]
    Prerequisite {
        /// The prerequisite's name.
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The file names an account or a prerequisite with a name the format reserves (`this`, the
    /// contract under test).
    #[error("the name @{0} is reserved for the contract under test; rename the account or prerequisite")]
    ReservedName(String),
    /// A value in the file does not parse as its ABI type.
    #[error("value {value} does not parse as {ty}: {reason}")]
    BadValue {
        /// The JSON value.
        value: String,
        /// The ABI type.
        ty: String,
        /// Why.
        reason: String,
    },
    /// ABI encoding or decoding failed.
    #[error("abi: {0}")]
    Abi(#[from] alloy_dyn_abi::Error),
    /// Deploying the implementation under test failed.
    #[error("deployment failed: {0}")]
    Deploy(chlom_evm::Error),
    /// The chain rejected a transaction before running it.
    #[error("chain: {0}")]
    Chain(#[from] chlom_evm::Error),
    /// A step did not behave as the vector expects.
    #[error("scenario {scenario:?}, step {step}: {message}")]
    Mismatch {
        /// The scenario's name.
        scenario: String,
        /// The step's index, from 0.
        step: usize,
        /// What differed.
        message: String,
    },
    /// A setup step did not behave as the vector expects.
    #[error("scenario {scenario:?}, setup step {step}: {message}")]
    SetupMismatch {
        /// The scenario the setup ran for.
        scenario: String,
        /// The setup step's index, from 0.
        step: usize,
        /// What differed.
        message: String,
    },
}

/// `Result` with this crate's [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
