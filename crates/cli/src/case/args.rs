//! The arguments of `chlom case`, with their `--help` texts.

use alloy::primitives::{Address, B256, U256};
use chlom_core::enforcement::{MAX_PRIORITY, Ruling, Sanction};

use super::parse::{amount, case_id, reference, ruling, sanction};
use crate::license::parse::license_id;
use crate::time::When;

/// What `chlom case` does.
#[derive(Debug, clap::Subcommand)]
pub(super) enum CaseCommand {
    /// Report a breach of a license: opens a case in stage Open (the signer must control a Valid DID).
    Open {
        /// The license id (0x and hex, or decimal), as `chlom license issue` printed it.
        #[arg(long = "license", value_name = "ID", value_parser = license_id)]
        license: U256,
        /// The reason code; governance must have set a policy for it (setReasonPolicy).
        #[arg(long = "reason", value_name = "CODE")]
        reason: u16,
        /// The opening evidence: 0x and 64 hex digits (a content address), or any other text,
        /// which is hashed with keccak256.
        #[arg(long, value_name = "REF", value_parser = reference)]
        evidence: B256,
    },
    /// Show a case: its stage, deadline, sanctions, evidence, appeal votes and its reason's policy.
    Show {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
    },
    /// Accept an Open case for investigation with a priority (TRIAGE_ROLE).
    Triage {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
        /// The priority, 0 (lowest) to 3 (highest).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=i64::from(MAX_PRIORITY)))]
        priority: u8,
    },
    /// Assign a case in Triage to an investigator, or reassign one in Investigation, Sanction or
    /// Appeal (TRIAGE_ROLE); a reassignment keeps the stage and its deadline.
    Assign {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
        /// The investigator's account; it must hold INVESTIGATOR_ROLE.
        #[arg(long, value_name = "ADDR")]
        investigator: Address,
    },
    /// Correct a case's reason code before any sanction: Open, Triage or Investigation (TRIAGE_ROLE);
    /// the stage and its deadline stay.
    Reclassify {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
        /// The new reason code; governance must have set a policy for it (setReasonPolicy).
        #[arg(value_name = "REASON")]
        reason: u16,
    },
    /// Add an evidence reference (the reporter while Open or Triage, at most 16 references; the
    /// assigned investigator from Investigation to Appeal, at most 64).
    Evidence {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
        /// The evidence: 0x and 64 hex digits (a content address), or any other text, which is
        /// hashed with keccak256.
        #[arg(long = "ref", value_name = "REF", value_parser = reference)]
        reference: B256,
    },
    /// Apply a sanction allowed by the case's reason (the assigned investigator; Investigation or
    /// Sanction).
    ///
    /// freeze and suspend act on the license registry now; escrow, fine and clawback hold up to
    /// --amount of the license's next settlements in the settlement engine (they add up and may be
    /// repeated); revoke is recorded and carried out when the case resolves as sanctioned;
    /// remediation sets a plan with a deadline, after which `chlom case escalate` suspends.
    Sanction(SanctionArgs),
    /// Appeal a case's sanctions (the license holder, within the reason's appeal window).
    Appeal {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
        /// The appeal memo: 0x and 64 hex digits (a content address), or any other text, which is
        /// hashed with keccak256.
        #[arg(long, value_name = "REF", value_parser = reference)]
        memo: B256,
    },
    /// Vote on an appeal (COUNCIL_ROLE, once per member); the first side to reach the council's
    /// quorum decides.
    Decide(DecideArgs),
    /// End a case: dismissed from Investigation, or sanctioned from Sanction once the appeal
    /// window has closed (the assigned investigator).
    Resolve {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
        /// dismissed (no breach; from Investigation) or sanctioned (the sanctions become final;
        /// from Sanction).
        #[arg(long, value_name = "RULING", value_parser = ruling)]
        ruling: Ruling,
    },
    /// After a stage's deadline (or a remediation plan's): raise the priority, restart the deadline
    /// and count a breach; a missed plan suspends the license. Anyone may call.
    Escalate {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
    },
    /// Reopen a Resolved case for investigation within the reopen window (TRIAGE_ROLE).
    Reopen {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
        /// Why: 0x and 64 hex digits (a content address), or any other text, which is hashed with
        /// keccak256.
        #[arg(long, value_name = "REF", value_parser = reference)]
        cause: B256,
    },
    /// Close a Resolved case after its reopen window. Anyone may call.
    Close {
        /// The case id (decimal, or 0x and hex; cases run from 1).
        #[arg(value_name = "CASE", value_parser = case_id)]
        case: U256,
    },
    /// The KPIs: cases per stage, SLA breaches and the mean time from opening to resolution.
    Report,
}

/// Options of `chlom case sanction`.
#[derive(Debug, clap::Args)]
pub(super) struct SanctionArgs {
    /// The case id (decimal, or 0x and hex; cases run from 1).
    #[arg(value_name = "CASE", value_parser = case_id)]
    pub(super) case: U256,
    /// freeze, escrow, fine, clawback, suspend, revoke or remediation.
    #[arg(long, value_name = "KIND", value_parser = sanction)]
    pub(super) kind: Sanction,
    /// For escrow, fine and clawback (required there): the amount to hold, a whole number in the
    /// smallest unit of the license's settlements (wei for ETH), decimal or 0x and hex.
    #[arg(long, value_name = "N", value_parser = amount)]
    pub(super) amount: Option<U256>,
    /// For remediation (required there): the plan, 0x and 64 hex digits (a content address), or any
    /// other text, which is hashed with keccak256.
    #[arg(long, value_name = "REF", value_parser = reference)]
    pub(super) plan: Option<B256>,
    /// For remediation (required there): the plan's deadline, a Unix time or a duration such as 14d
    /// counted from the latest block.
    #[arg(long, value_name = "TIME")]
    pub(super) deadline: Option<When>,
}

/// Options of `chlom case decide`.
#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("vote").required(true).args(["uphold", "reject"]))]
pub(super) struct DecideArgs {
    /// The case id (decimal, or 0x and hex; cases run from 1).
    #[arg(value_name = "CASE", value_parser = case_id)]
    pub(super) case: U256,
    /// Vote to uphold the appeal: decided so, every sanction is lifted (ruling Overturned).
    #[arg(long)]
    pub(super) uphold: bool,
    /// Vote to reject the appeal: decided so, the sanctions become final (ruling Sanctioned).
    #[arg(long)]
    pub(super) reject: bool,
}
