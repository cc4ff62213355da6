//! DLA enforcement cases: the due-process state machine shared by the Solidity and Stylus
//! `DLAEnforcement` contracts, their tests and the CLI. The table, the sanctions ladder and the
//! roles are documented in `contracts/solidity/interfaces/IDLAEnforcement.sol`; this module is the
//! same table as code with the evidence caps ([`lifecycle`]), the sanction masks and the registry
//! calls a case's consequences make in each license state ([`sanctions`]), the appeal tally and the
//! deadlines ([`deadlines`]), and the contracts' custom errors ([`errors`]).

pub mod deadlines;
pub mod errors;
pub mod lifecycle;
pub mod sanctions;

pub use deadlines::{AppealTally, MAX_PRIORITY, Vote, deadline, escalated_priority, within};
pub use lifecycle::{
    Action, Actor, MAX_EVIDENCE, MAX_REPORTER_EVIDENCE, Refusal, Ruling, Stage, appeal_ruling, evidence_rule,
    next_stage,
};
pub use sanctions::{Consequence, Sanction, SanctionMask};
