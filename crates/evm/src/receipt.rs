use alloy_primitives::{Address, Bytes, Log};
use alloy_sol_types::SolEvent;

use crate::{Error, Result};

/// How a transaction ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// It succeeded.
    Success,
    /// It reverted with `REVERT`; the receipt's output holds the revert data.
    Revert,
    /// It halted (out of gas, invalid opcode, …) with this reason.
    Halt(String),
}

/// What a committed transaction (or a call) produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// How it ended.
    pub status: Status,
    /// Gas used, as a transaction receipt reports it (refunds applied).
    pub gas_used: u64,
    /// Logs emitted; empty unless it succeeded.
    pub logs: Vec<Log>,
    /// Return data on success, revert data on revert.
    pub output: Bytes,
    /// The created contract, for a successful creation.
    pub contract_address: Option<Address>,
    /// The block the transaction ran in.
    pub block_number: u64,
}

impl Receipt {
    /// Whether the transaction succeeded.
    pub fn is_success(&self) -> bool {
        self.status == Status::Success
    }

    /// `Ok(self)` on success, otherwise the matching [`Error`] (revert data kept).
    pub fn into_result(self) -> Result<Self> {
        match &self.status {
            Status::Success => Ok(self),
            Status::Revert => Err(Error::Reverted { data: self.output, gas_used: self.gas_used }),
            Status::Halt(reason) => Err(Error::Halted { reason: reason.clone(), gas_used: self.gas_used }),
        }
    }

    /// Every log that decodes as event `E`, in order, with the address that emitted it.
    pub fn events<E: SolEvent>(&self) -> Vec<(Address, E)> {
        self.logs
            .iter()
            .filter_map(|log| E::decode_log(log).ok().map(|decoded| (decoded.address, decoded.data)))
            .collect()
    }
}
