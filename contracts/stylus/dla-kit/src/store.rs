//! The storage layout the three programs share. It is the only field of each entrypoint, so it
//! starts at slot 0 in each and a `DELEGATECALL` from one to the next sees the same words. The
//! layout is the Stylus contract's own (only the ABI is shared with Solidity).

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use chlom_stylus_access_control::Roles;
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{
    StorageAddress, StorageB256, StorageBool, StorageMap, StorageU8, StorageU16, StorageU32, StorageU64, StorageU256,
    StorageVec,
};

/// A case; the fields are the ABI's `Case`, numbered enums stored as their numbers.
#[storage]
pub struct StoredCase {
    /// The license reported.
    pub license_id: StorageU256,
    /// The breach (reason) code.
    pub reason_code: StorageU16,
    /// `chlom_core::enforcement::Stage`; `None` (0) marks a case that does not exist.
    pub stage: StorageU8,
    /// `chlom_core::enforcement::Ruling`.
    pub ruling: StorageU8,
    /// 0 to `MAX_PRIORITY`.
    pub priority: StorageU8,
    /// Who reported.
    pub reporter: StorageAddress,
    /// The reporter's DID.
    pub reporter_did: StorageB256,
    /// The assigned investigator.
    pub investigator: StorageAddress,
    /// When it was opened.
    pub opened_at: StorageU64,
    /// When it last changed.
    pub updated_at: StorageU64,
    /// The current stage's deadline (0: none).
    pub sla_deadline: StorageU64,
    /// The latest sanction (the appeal window counts from it).
    pub sanctioned_at: StorageU64,
    /// The latest resolution.
    pub resolved_at: StorageU64,
    /// The sanctions applied and not lifted, a `SanctionMask`.
    pub sanctions: StorageU16,
    /// How many evidence references it holds.
    pub evidence_count: StorageU16,
    /// What its money sanctions added up to.
    pub held: StorageU256,
    /// The remediation plan.
    pub remediation_plan: StorageB256,
    /// The plan's deadline (0 once confirmed or escalated).
    pub remediation_deadline: StorageU64,
}

/// What governance allows for a reason code.
#[storage]
pub struct StoredPolicy {
    /// A `SanctionMask`; zero = no policy.
    pub allowed: StorageU16,
    /// Seconds after a sanction during which the holder may appeal.
    pub appeal_window: StorageU64,
}

/// The votes on a case's current appeal.
#[storage]
pub struct StoredVotes {
    /// Votes to uphold.
    pub votes_for: StorageU8,
    /// Votes to reject.
    pub votes_against: StorageU8,
    /// Appeals filed on the case so far; the votes of each are kept apart.
    pub round: StorageU32,
}

/// The whole contract state.
#[storage]
pub struct DlaStore {
    /// AccessControl roles.
    pub roles: Roles,
    /// Cases by id (from 1).
    pub cases: StorageMap<U256, StoredCase>,
    /// Evidence references by case.
    pub evidence: StorageMap<U256, StorageVec<StorageB256>>,
    /// The active case of each license (0: none).
    pub active_case: StorageMap<U256, StorageU256>,
    /// Policies by reason code.
    pub policies: StorageMap<u16, StoredPolicy>,
    /// SLAs by stage number.
    pub slas: StorageMap<u8, StorageU64>,
    /// When each reporter DID last reported.
    pub last_report: StorageMap<B256, StorageU64>,
    /// Appeal votes by case.
    pub votes: StorageMap<U256, StoredVotes>,
    /// Who voted: case → round → member.
    pub voted: StorageMap<U256, StorageMap<u32, StorageMap<Address, StorageBool>>>,
    /// KPI: cases by stage number.
    pub in_stage: StorageMap<u8, StorageU256>,
    /// Cases opened.
    pub case_count: StorageU256,
    /// KPI: SLA breaches.
    pub breaches: StorageU256,
    /// KPI: cases resolved at least once.
    pub resolved_cases: StorageU256,
    /// KPI: the seconds from opening to first resolution, summed.
    pub resolve_seconds: StorageU256,
    /// The tokens whose escrow a case releases.
    pub hold_assets: StorageVec<StorageAddress>,
    /// Where final fines and clawbacks go.
    pub treasury: StorageAddress,
    /// M, the votes that decide an appeal.
    pub council_quorum: StorageU8,
    /// Seconds a DID waits between reports.
    pub report_interval: StorageU64,
    /// Seconds a resolved case may be reopened.
    pub reopen_window: StorageU64,
    /// The DID registry.
    pub dids: StorageAddress,
    /// The license registry.
    pub licenses: StorageAddress,
    /// The settlement engine.
    pub engine: StorageAddress,
    /// The sanctions program, where the entry program forwards what it does not run.
    pub sanctions_program: StorageAddress,
    /// The administration program, where the sanctions program forwards what it does not run.
    pub admin_program: StorageAddress,
}
