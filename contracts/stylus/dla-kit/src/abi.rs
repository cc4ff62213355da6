//! The contract's ABI types, events, role ids and constants, and the calls it makes to the other
//! CHLOM contracts, named as in `IDLAEnforcement.sol` and `DLAEnforcement.sol` so that logs and
//! return data match the Solidity contract byte for byte.
#![allow(missing_docs)] // sol! items; each is documented in IDLAEnforcement.sol

use alloy_primitives::{B256, b256};
use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

/// `keccak256("CHLOM_TRIAGE_ROLE")`.
pub const TRIAGE_ROLE: B256 = b256!("0xcbfc0ca08320891234ee6c4a46af95e4d77e28cbdc753e30f2a1a59b998cfeaf");
/// `keccak256("CHLOM_INVESTIGATOR_ROLE")`.
pub const INVESTIGATOR_ROLE: B256 = b256!("0x910cdced0024ae090733ac0d5d343c44fe356af02ae6630070f867d06b0e38cf");
/// `keccak256("CHLOM_COUNCIL_ROLE")`.
pub const COUNCIL_ROLE: B256 = b256!("0x05a5f50389ede75d899303f60a15e7c1443e90c7ae94c6016f5f63f5d84e421a");

/// The most evidence references a case holds (the opening one included).
pub const MAX_EVIDENCE: u16 = 64;
/// The most evidence references a case holds while its reporter adds them (Open and Triage).
pub const MAX_REPORTER_EVIDENCE: u16 = 16;
/// The most tokens `setHoldAssets` accepts.
pub const MAX_HOLD_ASSETS: usize = 8;
/// Seconds in a day: the constructor's report interval.
pub const DAY: u64 = 86_400;

sol! {
    #[derive(AbiType)]
    struct Case {
        uint256 licenseId;
        uint16 reasonCode;
        uint8 stage;
        uint8 ruling;
        uint8 priority;
        address reporter;
        bytes32 reporterDid;
        address investigator;
        uint64 openedAt;
        uint64 updatedAt;
        uint64 slaDeadline;
        uint64 sanctionedAt;
        uint64 resolvedAt;
        uint16 sanctions;
        uint16 evidenceCount;
        uint256 held;
        bytes32 remediationPlan;
        uint64 remediationDeadline;
    }

    #[derive(AbiType)]
    struct ReasonPolicy {
        uint16 allowedSanctions;
        uint64 appealWindow;
    }

    event CaseOpened(uint256 indexed caseId, uint256 indexed licenseId, uint16 reasonCode, address indexed reporter, bytes32 evidenceRef);
    event CaseTriaged(uint256 indexed caseId, uint8 priority);
    event InvestigatorAssigned(uint256 indexed caseId, address indexed investigator);
    event EvidenceAdded(uint256 indexed caseId, bytes32 proofRef, address indexed by);
    event SanctionApplied(uint256 indexed caseId, uint256 indexed licenseId, uint8 sanction, bytes params);
    event SanctionLifted(uint256 indexed caseId, uint256 indexed licenseId, uint8 sanction);
    event RemediationConfirmed(uint256 indexed caseId);
    event CaseResolved(uint256 indexed caseId, uint8 ruling);
    event AppealFiled(uint256 indexed caseId, address indexed appellant, bytes32 memoRef);
    event AppealVoted(uint256 indexed caseId, address indexed member, bool uphold);
    event AppealDecided(uint256 indexed caseId, bool upheld, uint8 votesFor, uint8 votesAgainst);
    event CaseReopened(uint256 indexed caseId, bytes32 cause);
    event CaseClosed(uint256 indexed caseId);
    event PriorityChanged(uint256 indexed caseId, uint8 priority);
    event CaseReclassified(uint256 indexed caseId, uint16 reasonCode);
    event SlaBreached(uint256 indexed caseId, uint8 stage, uint64 deadline, uint8 priority);
    event ReasonPolicySet(uint16 indexed reasonCode, uint16 allowedSanctions, uint64 appealWindow);
    event SlaSet(uint8 stage, uint64 seconds_);
    event CouncilQuorumSet(uint8 quorum);
    event TreasurySet(address treasury);
    event HoldAssetsSet(address[] tokens);
    event ReportIntervalSet(uint64 seconds_);
    event ReopenWindowSet(uint64 seconds_);

    // What the contract calls. Only the selectors are used: the calldata is encoded by hand.
    function standingOf(address account) external view returns (bytes32 didHash, bytes2 region, uint8 status);
    function ownerOf(uint256 tokenId) external view returns (address);
    function stateOf(uint256 id) external view returns (uint8);
    function freezeLicense(uint256 id) external;
    function unfreezeLicense(uint256 id) external;
    function suspendLicense(uint256 id, bytes32 reason) external;
    function reinstateLicense(uint256 id) external;
    function revokeLicense(uint256 id, bytes32 reason) external;
    function holdOf(uint256 licenseId) external view returns (uint256 outstanding, bytes32 ref);
    function setHold(uint256 licenseId, uint256 amount, bytes32 ref) external;
    function releaseHold(uint256 licenseId, address token, address to) external;
}

/// `ILicenseRegistry.LicenseState.Active`.
pub const LICENSE_ACTIVE: u8 = 1;
/// `ILicenseRegistry.LicenseState.Suspended`.
pub const LICENSE_SUSPENDED: u8 = 2;
/// `ILicenseRegistry.LicenseState.Revoked`.
pub const LICENSE_REVOKED: u8 = 3;
/// `ILicenseRegistry.LicenseState.Expired`.
pub const LICENSE_EXPIRED: u8 = 4;
/// `IDIDRegistry.Status.Valid`.
pub const DID_VALID: u8 = 3;

/// Prints the Solidity declarations of the structs the ABI export names (Case, ReasonPolicy), for
/// the ABI parity test, which reads them from the exported interface.
#[cfg(feature = "export-abi")]
pub fn print_argument_structs() {
    use alloy_sol_types::SolStruct;
    for root in [Case::eip712_root_type(), ReasonPolicy::eip712_root_type()] {
        let (name, fields) = root.split_once('(').unwrap_or((&root, ")"));
        let fields: alloc::vec::Vec<&str> = fields.trim_end_matches(')').split(',').collect();
        println!("struct {name} {{{};}}", fields.join(";"));
    }
}
