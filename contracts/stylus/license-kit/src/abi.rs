//! The registry's ABI types, events and role ids, and the DID registry calls it makes; named as
//! in `ILicenseRegistry.sol` so that logs and return data match the Solidity contract byte for byte.
#![allow(missing_docs)] // sol! items; each is documented in ILicenseRegistry.sol

use alloy_primitives::{B256, b256};
use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

/// `keccak256("CHLOM_ISSUER_ROLE")`.
pub const ISSUER_ROLE: B256 = b256!("0x61a88a6f839f785cdfa120fad1cb6cdd1229bfbc9a71670dc8320bd29f4a0670");
/// `keccak256("CHLOM_COMPLIANCE_ROLE")`.
pub const COMPLIANCE_ROLE: B256 = b256!("0x33f8e7b6a99cca1621974cfce498d2aeeadf66e396c2fceeaf9466777fde5d40");
/// `keccak256("CHLOM_ENFORCEMENT_ROLE")`.
pub const ENFORCEMENT_ROLE: B256 = b256!("0xe3f7a6dc1304d36dae9457d583b221109ef693ab954a22e146d9bf22adb154fc");

sol! {
    #[derive(AbiType)]
    struct Jurisdiction {
        bytes2 region;
        bytes32 lawRef;
        bytes2[] allowedRegions;
    }

    #[derive(AbiType)]
    struct IssueRequest {
        bytes32 issuerDid;
        bytes32 holderDid;
        uint8 licenseType;
        Jurisdiction jurisdiction;
        uint64 expiresAt;
        uint16 royaltyBps;
        bool renewable;
        bool sublicensable;
        string termsUri;
    }

    #[derive(AbiType)]
    struct License {
        uint256 id;
        uint256 parentId;
        bytes32 issuerDid;
        bytes32 holderDid;
        address holder;
        uint8 licenseType;
        Jurisdiction jurisdiction;
        uint64 issuedAt;
        uint64 expiresAt;
        uint16 royaltyBps;
        uint8 state;
        bool renewable;
        bool sublicensable;
        bool frozen;
        uint8 depth;
        address revokedBy;
        string termsUri;
    }

    #[derive(AbiType)]
    struct StateChange {
        uint8 state;
        uint64 at;
    }

    event LicenseIssued(uint256 indexed id, bytes32 indexed issuerDid, bytes32 indexed holderDid);
    event LicenseActivated(uint256 indexed id, address indexed by);
    event LicenseRenewed(uint256 indexed id, uint64 previousExpiry, uint64 newExpiry);
    event LicenseSuspended(uint256 indexed id, address indexed by, bytes32 reason);
    event LicenseReinstated(uint256 indexed id, address indexed by);
    event LicenseRevoked(uint256 indexed id, address indexed by, bytes32 reason);
    event LicenseExpired(uint256 indexed id, uint64 expiresAt);
    event ComplianceRecorded(uint256 indexed id, uint8 score);
    event HolderRiskRecorded(bytes32 indexed didHash, uint8 score);
    event SublicenseCreated(uint256 indexed parentId, uint256 indexed childId);
    event TermsUpdated(uint256 indexed id, string termsUri);
    event LicenseFrozen(uint256 indexed id, address indexed by);
    event LicenseUnfrozen(uint256 indexed id, address indexed by);
    event RiskThresholdChanged(uint8 previous, uint8 next);
    event MetadataUpdate(uint256 _tokenId);

    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
    event Approval(address indexed owner, address indexed approved, uint256 indexed tokenId);
    event ApprovalForAll(address indexed owner, address indexed operator, bool approved);

    error ERC721InvalidOwner(address owner);
    error ERC721InvalidSender(address sender);
    error ERC721InvalidOperator(address operator);

    /// The DID registry functions the license registry reads.
    function standingOf(address account) external view returns (bytes32 didHash, bytes2 region, uint8 status);
    function controllerOf(bytes32 didHash) external view returns (address controller, bytes2 region, uint8 status);
    function didOf(address controller) external view returns (bytes32);

    /// IERC721Receiver.
    function onERC721Received(address operator, address from, uint256 tokenId, bytes data) external returns (bytes4);
}

/// Prints `IssueRequest` and `Jurisdiction` as Solidity struct declarations: stylus-sdk's ABI
/// export declares only the structs functions return, and `issueLicense` takes these.
#[cfg(feature = "export-abi")]
pub fn print_argument_structs() {
    use alloy_sol_types::SolStruct;
    for root in [IssueRequest::eip712_root_type(), Jurisdiction::eip712_root_type()] {
        let (name, fields) = root.split_once('(').unwrap_or((&root, ")"));
        let fields: alloc::vec::Vec<&str> = fields.trim_end_matches(')').split(',').collect();
        println!("struct {name} {{{};}}", fields.join(";"));
    }
}
