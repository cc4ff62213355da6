use alloy_primitives::{Address, Bytes};
use alloy_sol_types::{ContractError, SolInterface};

/// Everything the in-process chain reports as a failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The transaction ran and reverted; `data` is the raw revert data.
    #[error("execution reverted ({} bytes of revert data: 0x{})", data.len(), alloy_primitives::hex::encode(data))]
    Reverted {
        /// ABI-encoded revert data: a custom error, `Error(string)` or `Panic(uint256)`.
        data: Bytes,
        /// Gas the transaction used.
        gas_used: u64,
    },
    /// The transaction halted without revert data (out of gas, invalid opcode, stack overflow, …).
    #[error("execution halted: {reason}")]
    Halted {
        /// revm's halt reason.
        reason: String,
        /// Gas the transaction used (all of its limit for most halts).
        gas_used: u64,
    },
    /// The transaction was invalid before execution (nonce, balance for value, gas limit, …).
    #[error("transaction rejected before execution: {0}")]
    Invalid(String),
    /// A contract creation succeeded but produced no address.
    #[error("contract creation returned no address")]
    NoContractCreated,
    /// A call succeeded but its return data does not decode as the function's return type.
    #[error("return data of a call to {to} does not decode: {source}")]
    ReturnDecode {
        /// The called contract.
        to: Address,
        /// The decoding failure.
        source: alloy_sol_types::Error,
    },
    /// Stylus code that cannot be packaged, unpacked or run.
    #[error("stylus program: {0}")]
    StylusProgram(String),
    /// The snapshot was never taken or was already used by a revert.
    #[error("unknown snapshot {0}: it was never taken or a revert already consumed it")]
    UnknownSnapshot(usize),
}

impl Error {
    /// The raw revert data, when this is a revert.
    pub fn revert_data(&self) -> Option<&Bytes> {
        match self {
            Self::Reverted { data, .. } => Some(data),
            _ => None,
        }
    }

    /// Decodes the revert data into `E`, a contract's error enum (the `…Errors` enum that `sol!`
    /// generates), or into `Error(string)` / `Panic(uint256)`. `None` when this is no revert or the
    /// data matches none of them.
    pub fn revert_as<E: SolInterface>(&self) -> Option<ContractError<E>> {
        let data = self.revert_data()?;
        ContractError::<E>::abi_decode(data).ok()
    }

    /// Decodes the revert data into the custom error `E` itself; `None` otherwise.
    pub fn custom_error<E: SolInterface>(&self) -> Option<E> {
        match self.revert_as::<E>()? {
            ContractError::CustomError(error) => Some(error),
            _ => None,
        }
    }
}

/// `Result` with the chain's [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
