//! The arguments of `chlom license`, with their `--help` texts.

use alloy::primitives::{FixedBytes, U256};

use super::parse::{license_id, license_type, region};
use crate::time::When;

/// What `chlom license` does.
#[derive(Debug, clap::Subcommand)]
pub(super) enum LicenseCommand {
    /// Issue a license in Draft to a holder DID (issuer role; the signer must control the issuer DID).
    Issue(IssueArgs),
    /// Show a license and its state history.
    Show {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
    },
    /// Put a Draft license into force (issuer).
    Activate {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
    },
    /// Suspend an Active license (enforcement role).
    Suspend {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
        /// Why: 32 bytes of hex, such as a DLA case id, or text that is hashed with keccak256.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Put a Suspended license back into force (enforcement role).
    Reinstate {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
    },
    /// Revoke a license for good (issuer or enforcement role).
    Revoke {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
        /// Why: 32 bytes of hex, such as a DLA case id, or text that is hashed with keccak256.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Extend a renewable license, expired or not (issuer).
    Renew {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
        /// The new expiry: a Unix time, or a duration such as 30d counted from the current expiry
        /// (from now if that has passed).
        #[arg(long)]
        expires: When,
    },
    /// Create an Active sublicense of a license you hold for another DID.
    Sublicense {
        /// The parent license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        parent: U256,
        /// The receiving holder's DID (for example did:chlom:bob) or its 32-byte hash.
        holder_did: String,
        /// Royalty in basis points, at most the parent's.
        #[arg(long, default_value_t = 0)]
        royalty_bps: u16,
        /// Expiry: a Unix time, or a duration such as 30d from now; at most the parent's.
        #[arg(long)]
        expires: When,
    },
    /// Freeze a license so that it cannot move or be sublicensed (enforcement role).
    Freeze {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
    },
    /// Lift a freeze (enforcement role).
    Unfreeze {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
    },
    /// Replace a license's terms URI (issuer).
    Terms {
        /// The license id (0x and hex, or decimal).
        #[arg(value_parser = license_id)]
        id: U256,
        /// The new terms URI, for example ipfs://….
        terms_uri: String,
    },
    /// Record a risk score for a license's holder DID, or a DID's with --did (compliance role).
    ///
    /// Scores run from 0 to 100; a DID scored at or above the registry's threshold (80 by default)
    /// fails the compliance gate.
    Compliance {
        /// The license id, or with --did the DID (for example did:chlom:bob) or its 32-byte hash.
        target: String,
        /// The risk score, 0 to 100.
        score: u8,
        /// TARGET is a DID, not a license id (for holders who hold no license yet).
        #[arg(long)]
        did: bool,
    },
}

/// Options of `chlom license issue`.
#[derive(Debug, clap::Args)]
pub(super) struct IssueArgs {
    /// The holder's DID (for example did:chlom:alice) or its 32-byte hash; the license is minted
    /// to the account that controls it.
    pub(super) holder_did: String,
    /// The issuer DID, or its hash; by default the DID the signing account controls.
    #[arg(long)]
    pub(super) issuer_did: Option<String>,
    /// standard, educational, enterprise, research or creative.
    #[arg(long = "type", default_value = "standard", value_parser = license_type)]
    pub(super) license_type: u8,
    /// The region the license applies in: two uppercase letters, or ZZ for global.
    #[arg(long, default_value = "ZZ", value_parser = region)]
    pub(super) region: FixedBytes<2>,
    /// The governing law reference: 32 bytes of hex, or text (such as "EU GDPR art. 6") hashed with
    /// keccak256. None by default.
    #[arg(long)]
    pub(super) law: Option<String>,
    /// The regions holders must be registered in, comma-separated (at most 16); anywhere by default.
    #[arg(long, value_delimiter = ',', value_parser = region)]
    pub(super) allowed_regions: Vec<FixedBytes<2>>,
    /// Expiry: a Unix time, or a duration such as 30d, 12h or 1y counted from the latest block.
    #[arg(long)]
    pub(super) expires: When,
    /// Royalty in basis points (ERC-2981), 0 to 10,000.
    #[arg(long, default_value_t = 0)]
    pub(super) royalty_bps: u16,
    /// The issuer may extend the expiry later.
    #[arg(long)]
    pub(super) renewable: bool,
    /// The holder may create sublicenses.
    #[arg(long)]
    pub(super) sublicensable: bool,
    /// The terms URI, for example ipfs://…; must not be empty.
    #[arg(long)]
    pub(super) terms: String,
}
