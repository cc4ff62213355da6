//! The engine's ABI types, events, role ids and the ERC-20 calls it makes, named as in
//! `ISettlementEngine.sol` so that logs and return data match the Solidity engine byte for byte.
#![allow(missing_docs)] // sol! items; each is documented in ISettlementEngine.sol

use alloy_primitives::{B256, b256};
use alloy_sol_types::sol;
use stylus_sdk::prelude::*;

/// `keccak256("CHLOM_SETTLER_ROLE")`.
pub const SETTLER_ROLE: B256 = b256!("0x97bc5c5faddac372d87181046e7dd6d742419206e8326a62e0ff354c57bdc051");
/// `keccak256("CHLOM_GRAPH_ROLE")`.
pub const GRAPH_ROLE: B256 = b256!("0x1ae03e3264f28c810626442a7ac3586a258dd287a7217e1183081114c64461f3");
/// `keccak256("CHLOM_TAX_ROLE")`.
pub const TAX_ROLE: B256 = b256!("0x1eff9edc05b5a029b7afcc9fc37a9175e068576cc21ddc73f8cd8c8d513e48f4");
/// `keccak256("CHLOM_ENFORCEMENT_ROLE")`.
pub const ENFORCEMENT_ROLE: B256 = b256!("0xe3f7a6dc1304d36dae9457d583b221109ef693ab954a22e146d9bf22adb154fc");
/// `keccak256("CHLOM_PAUSER_ROLE")`.
pub const PAUSER_ROLE: B256 = b256!("0x28f2981614fedc358499b1c1484e183076ce8bac3c861be11e0e93e6938a5ccd");

/// The largest platform fee, in basis points.
pub const MAX_FEE_BPS: u16 = 1_000;
/// The sustainability share of fees is at least this, in basis points of the fee.
pub const MIN_SUSTAINABILITY_BPS: u16 = 100;
/// … and at most this.
pub const MAX_SUSTAINABILITY_BPS: u16 = 500;
/// The most shares a graph may have.
pub const MAX_SHARES: usize = 10_000;
/// The most levels a jurisdiction path may have.
pub const MAX_LEVELS: usize = 4;
/// The longest vesting a share may have, in seconds (100 years of 365 days).
pub const MAX_VESTING: u64 = 100 * 365 * 86_400;

/// `NodeKind.Escrow`.
pub const ESCROW_NODE: u8 = 2;
/// `NodeKind.Pool`.
pub const POOL_NODE: u8 = 3;

sol! {
    #[derive(AbiType)]
    struct Share {
        address recipient;
        uint8 kind;
        uint16 bps;
        uint128 floor;
        uint128 cap;
        int128 adjustment;
        uint64 vestingCliff;
        uint64 vestingEnd;
    }

    #[derive(AbiType)]
    struct ShareTerms {
        uint128 floor;
        uint128 cap;
        int128 adjustment;
        uint64 vestingCliff;
        uint64 vestingEnd;
    }

    #[derive(AbiType)]
    struct SettleRequest {
        bytes32 txid;
        bytes32 graphId;
        uint256 licenseId;
        address token;
        uint256 amount;
        uint16 mcc;
    }

    #[derive(AbiType)]
    struct RateEntry {
        bytes32 jurisdiction;
        uint16 mcc;
        bool nexus;
        uint16 rateBps;
        address collector;
    }

    #[derive(AbiType)]
    struct JurisdictionLevel {
        bytes32 code;
        bool nexus;
    }

    #[derive(AbiType)]
    struct Totals {
        uint256 tax;
        uint256 fee;
        uint256 sustainability;
        uint256 escrow;
        uint256 dust;
        uint8 dustReason;
    }

    #[derive(AbiType)]
    struct Hold {
        uint256 outstanding;
        bytes32 ref;
    }

    #[derive(AbiType)]
    struct Grant {
        address grantor;
        address beneficiary;
        address token;
        uint64 start;
        uint64 cliff;
        uint64 end;
        uint256 total;
        uint256 claimed;
        bool revoked;
    }

    event Settled(
        bytes32 indexed txid,
        bytes32 indexed graphId,
        uint256 indexed licenseId,
        address token,
        uint256 amount,
        uint256 tax,
        uint256 fee,
        uint256 escrow,
        uint256 dust,
        uint8 dustReason,
        bytes32 tableHash,
        bytes32 jurisdictionHash
    );
    event EpochRoot(uint64 indexed epoch, bytes32 root, uint64 settlements);
    event GraphRegistered(bytes32 indexed graphId, bytes32 graphHash, uint256 shares, address registrar);
    event RateTableRegistered(uint32 indexed version, bytes32 tableHash, uint256 entries);
    event JurisdictionSet(bytes32 indexed graphId, bytes32 jurisdictionHash, JurisdictionLevel[] path);
    event HoldSet(uint256 indexed licenseId, uint256 amount, bytes32 ref);
    event HoldReleased(uint256 indexed licenseId, address indexed token, address indexed to, uint256 amount);
    event Withdrawn(address indexed account, address indexed token, uint256 amount);
    event GrantCreated(uint256 indexed grantId, address indexed beneficiary, address token, uint256 total);
    event GrantClaimed(uint256 indexed grantId, uint256 amount);
    event GrantRevoked(uint256 indexed grantId, uint256 returned);
    event FeeChanged(uint16 feeBps, address feeWallet);
    event SustainabilityChanged(uint16 shareBps, address wallet);
    event CommunityPoolChanged(address pool);
    event Paused(address account);
    event Unpaused(address account);

    /// The engine's own `settlePacked`, which `settle` runs after packing the graph.
    function settlePacked(SettleRequest request, uint256[] shares, ShareTerms[] terms) external payable returns (Totals totals);

    /// The ERC-20 functions the engine calls.
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}

/// Prints the structs the engine's functions take as Solidity declarations: stylus-sdk's ABI
/// export declares only the structs functions return.
#[cfg(feature = "export-abi")]
pub fn print_argument_structs() {
    use alloy_sol_types::SolStruct;
    for root in [
        Share::eip712_root_type(),
        SettleRequest::eip712_root_type(),
        ShareTerms::eip712_root_type(),
        RateEntry::eip712_root_type(),
        JurisdictionLevel::eip712_root_type(),
    ] {
        let (name, fields) = root.split_once('(').unwrap_or((&root, ")"));
        let fields: alloc::vec::Vec<&str> = fields.trim_end_matches(')').split(',').collect();
        println!("struct {name} {{{};}}", fields.join(";"));
    }
}
