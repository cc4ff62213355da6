//! DLA enforcement cases: the due-process state machine shared by the Solidity and Stylus
//! `DLAEnforcement` contracts, their tests and the CLI. The table, the sanctions ladder and the
//! roles are documented in `contracts/solidity/interfaces/IDLAEnforcement.sol`; this module is the
//! same table as code ([`lifecycle`]), the sanction masks ([`sanctions`]), the appeal tally and the
//! deadlines ([`deadlines`]), and the contracts' custom errors ([`errors`]).

pub mod deadlines;
pub mod errors;
pub mod lifecycle;
pub mod sanctions;

pub use deadlines::{AppealTally, MAX_PRIORITY, Vote, deadline, escalated_priority, within};
pub use lifecycle::{Action, Actor, Refusal, Ruling, Stage, appeal_ruling, next_stage};
pub use sanctions::{Sanction, SanctionMask};
