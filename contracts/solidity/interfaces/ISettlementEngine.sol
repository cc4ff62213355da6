// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ISettlementEngine
/// @notice The ADE (Automated Distribution Engine): a payment for a licensed asset becomes taxes, fees,
/// escrow and payee shares, with value conserved to the last unit, reproducible by any auditor.
///
/// @dev **Settlement.** With A the gross amount, in this order:
///
///     T      = Σ over the graph's jurisdiction path of round(A × rate_level / 10,000), each level's
///              tax credited to that level's collector (rates from the active rate table, by
///              jurisdiction, merchant category code (MCC; 0 = any) and nexus)
///     fee    = min(round(A × feeBps / 10,000), A − T); sustainability = round(fee × sBps / 10,000)
///              of it goes to the sustainability wallet (1% to 5% of the fee, set by governance)
///     escrow = min(hold outstanding on the license, A − T − fee), kept for the license
///     B      = A − T − fee − escrow
///     amt_i  = clamp(round(B × bps_i / 10,000) + adj_i, floor_i, cap_i), in graph order, and never
///              more than what is left of B (cap 0 = no cap)
///     dust   = B − Σ amt_i, to the graph's Pool node or the community pool, with a reason code
///
/// `round` is half to even. Σ amt_i + T + fee + escrow + dust = A for every settlement. A share
/// whose floor does not fit in what is left of B refuses the settlement (`FloorsExceedAvailable`);
/// what caps leave goes to the pool as dust (reason `Capped`). The arithmetic is
/// `chlom_core::settlement`, which the tests run beside this contract.
///
/// **Graphs** are registered once by hash (`registerGraph`) and passed in full to `settle`, as
/// 0xSplits does: storage holds one word per graph, calldata carries the shares, either as the
/// `Share` list (`settle`) or packed (`settlePacked`; `packGraph` computes the form): one word per share,
/// `recipient | bps << 160 | kind << 176 | t << 184`, where `t` is 0 for a plain share and
/// 1 + its index in the `ShareTerms` list for a share with a floor, cap, adjustment or vesting.
/// The graph hash is `keccak256(abi.encode(packed, terms))`. A share with a vesting end (at most
/// `MAX_VESTING`) pays into a vesting grant (start now, cliff and end relative to now) instead of
/// a credit; such grants have no grantor, so nobody can revoke them. `Totals.escrow` is what a
/// hold took; Escrow-node shares count among the shares (and are kept in the same escrow).
///
/// **Money** moves pull-based: settlements credit accounts per asset, `withdraw` pays them out.
/// Assets are native ETH (`token == address(0)`) and ERC-20 tokens that deliver exactly what was
/// sent (fee-on-transfer tokens are refused). A txid settles once.
///
/// **Roles.** `DEFAULT_ADMIN_ROLE` (governance): fees, sustainability, pool, roles. `SETTLER_ROLE`:
/// payment processors, who settle (txids are theirs, so nobody can burn one by front-running).
/// `GRAPH_ROLE`: registers graphs. `TAX_ROLE`: rate tables and jurisdictions. `ENFORCEMENT_ROLE`:
/// escrow holds (DLA cases). `PAUSER_ROLE`: the circuit breaker.
///
/// **Audit.** Every settlement emits `Settled` and becomes a leaf of its epoch's Merkle tree (epochs
/// are `epochLength` seconds); `closeEpoch` emits `EpochRoot` once the epoch is over. The leaf is
/// `keccak256(abi.encode(txid, graphId, licenseId, token, amount, tax, fee, escrow, dust,
/// tableHash, jurisdictionHash))`; the tree has depth 32, leaves in settlement order, empty leaves
/// zero, and node = keccak256(left ‖ right).
interface ISettlementEngine {
    /// @notice What a graph node is. Party and Insurer are credited; Escrow shares are kept for the
    /// license (released by enforcement); a Pool node receives the settlement's dust.
    enum NodeKind {
        Party,
        Insurer,
        Escrow,
        Pool
    }

    /// @notice One edge of a payout graph.
    struct Share {
        address recipient;
        NodeKind kind;
        uint16 bps;
        uint128 floor;
        uint128 cap;
        int128 adjustment;
        uint64 vestingCliff;
        uint64 vestingEnd;
    }

    /// @notice The optional terms of a share, in `settle`'s packed form.
    struct ShareTerms {
        uint128 floor;
        uint128 cap;
        int128 adjustment;
        uint64 vestingCliff;
        uint64 vestingEnd;
    }

    /// @notice What a processor asks `settle` to do.
    struct SettleRequest {
        bytes32 txid;
        bytes32 graphId;
        uint256 licenseId;
        address token;
        uint256 amount;
        uint16 mcc;
    }

    /// @notice A rate: `rateBps` for `jurisdiction` (a code such as "US-CA"), the merchant category
    /// `mcc` (0 = any) and whether the merchant has nexus there; its tax goes to `collector`.
    struct RateEntry {
        bytes32 jurisdiction;
        uint16 mcc;
        bool nexus;
        uint16 rateBps;
        address collector;
    }

    /// @notice One level of a graph's jurisdiction path, outermost first.
    struct JurisdictionLevel {
        bytes32 code;
        bool nexus;
    }

    /// @notice The totals of one settlement.
    struct Totals {
        uint256 tax;
        uint256 fee;
        uint256 sustainability;
        uint256 escrow;
        uint256 dust;
        uint8 dustReason;
    }

    /// @notice An escrow hold on a license.
    struct Hold {
        uint256 outstanding;
        bytes32 ref;
    }

    /// @notice A vesting grant.
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

    /// @notice A payment was settled; `dustReason` is 0 none, 1 rounding, 2 unallocated, 3 capped.
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

    /// @notice The Merkle root of a closed epoch's settlements.
    event EpochRoot(uint64 indexed epoch, bytes32 root, uint64 settlements);

    /// @notice A graph was registered.
    event GraphRegistered(bytes32 indexed graphId, bytes32 graphHash, uint256 shares, address registrar);

    /// @notice A rate table became the active one.
    event RateTableRegistered(uint32 indexed version, bytes32 tableHash, uint256 entries);

    /// @notice A graph's jurisdiction path was set.
    event JurisdictionSet(bytes32 indexed graphId, bytes32 jurisdictionHash, JurisdictionLevel[] path);

    /// @notice Enforcement placed or replaced a hold.
    event HoldSet(uint256 indexed licenseId, uint256 amount, bytes32 ref);

    /// @notice Enforcement released a hold and credited what it had kept.
    event HoldReleased(uint256 indexed licenseId, address indexed token, address indexed to, uint256 amount);

    /// @notice An account withdrew its credit.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

    /// @notice A vesting grant was created.
    event GrantCreated(uint256 indexed grantId, address indexed beneficiary, address token, uint256 total);

    /// @notice A beneficiary claimed vested funds.
    event GrantClaimed(uint256 indexed grantId, uint256 amount);

    /// @notice A grantor revoked a grant; `returned` (the unvested part) went back to the grantor.
    event GrantRevoked(uint256 indexed grantId, uint256 returned);

    /// @notice Governance changed the platform fee.
    event FeeChanged(uint16 feeBps, address feeWallet);

    /// @notice Governance changed the sustainability routing.
    event SustainabilityChanged(uint16 shareBps, address wallet);

    /// @notice Governance changed the community pool.
    event CommunityPoolChanged(address pool);

    /// @notice The txid was settled before.
    error TxidAlreadySettled(bytes32 txid);

    /// @notice No graph with this id, or the shares passed do not hash to it.
    error GraphMismatch(bytes32 graphId);

    /// @notice A graph id registered already.
    error GraphExists(bytes32 graphId);

    /// @notice A graph that cannot settle: basis points over 10,000, a floor above its cap, more
    /// than one Pool node, a zero recipient, no shares, or too many.
    error InvalidGraph(uint256 index);

    /// @notice Share `index`'s floor does not fit in what is left of B.
    error FloorsExceedAvailable(uint256 index, uint128 floor, uint256 available);

    /// @notice A zero amount, or msg.value not matching the request.
    error InvalidAmount(uint256 amount, uint256 value);

    /// @notice The token delivered `received` for a transfer of `expected`.
    error FeeOnTransferToken(address token, uint256 expected, uint256 received);

    /// @notice A rate, fee or share outside its bounds.
    error InvalidRate(uint256 value);

    /// @notice The zero address where an account is required.
    error InvalidAccount(address account);

    /// @notice A vesting schedule that is not start ≤ cliff ≤ end with start < end.
    error InvalidSchedule(uint64 start, uint64 cliff, uint64 end);

    /// @notice No such grant, or the caller is not its grantor / beneficiary, or it was revoked.
    error InvalidGrant(uint256 grantId);

    /// @notice Nothing to withdraw or claim.
    error NothingToPay();

    /// @notice The epoch is not over, or was closed before.
    error EpochNotClosable(uint64 epoch);

    /// @notice An ETH payment to `to` failed.
    error PaymentFailed(address to, uint256 amount);

    /// @notice Settles a payment over a registered graph; see the interface documentation.
    /// @dev Requirements: `SETTLER_ROLE`; not paused; a txid never settled; the shares the graph
    /// was registered with; `msg.value == amount` for ETH, else zero and an ERC-20 allowance of
    /// `amount` delivered in full. Emits `Settled`.
    function settle(SettleRequest calldata request, Share[] calldata shares)
        external
        payable
        returns (Totals memory totals);

    /// @notice `settle` with the graph in its packed form (`packGraph`), a quarter of the calldata
    /// per share: what payment processors send.
    /// @dev Requirements: as `settle`. Emits `Settled`.
    function settlePacked(
        SettleRequest calldata request,
        uint256[] calldata shares,
        ShareTerms[] calldata terms
    ) external payable returns (Totals memory totals);

    /// @notice Registers a graph under `graphId`, by hash.
    /// @dev Requirements: `GRAPH_ROLE`; a new id; 1 to 10,000 shares with non-zero recipients, basis
    /// points summing to at most 10,000, floors not above caps, at most one Pool node, vesting
    /// cliffs not after ends, vesting ends at most `MAX_VESTING`. Graphs of more than about 500
    /// shares exceed a geth node's 128 KB transaction limit here. Emits `GraphRegistered`.
    function registerGraph(bytes32 graphId, Share[] calldata shares) external returns (bytes32 graphHash);

    /// @notice The packed form of a graph that `settle` takes (see the interface documentation).
    function packGraph(Share[] calldata shares)
        external
        pure
        returns (uint256[] memory packed, ShareTerms[] memory terms);

    /// @notice Registers a rate table and makes it the active one.
    /// @dev Requirements: `TAX_ROLE`; rates at most 10,000 bps; collectors not zero where the rate
    /// is not. Emits `RateTableRegistered`.
    function registerRateTable(RateEntry[] calldata entries)
        external
        returns (uint32 version, bytes32 tableHash);

    /// @notice Sets the jurisdiction path (at most 4 levels) a graph's settlements are taxed on.
    /// @dev Requirements: `TAX_ROLE`; the graph exists. Emits `JurisdictionSet`.
    function setJurisdiction(bytes32 graphId, JurisdictionLevel[] calldata path) external;

    /// @notice Holds up to `amount` of the license's future settlements in escrow (replacing any
    /// previous hold's outstanding amount).
    /// @dev Requirements: `ENFORCEMENT_ROLE`. Emits `HoldSet`.
    function setHold(uint256 licenseId, uint256 amount, bytes32 ref) external;

    /// @notice Ends the hold and credits what the license's escrow holds in `token` to `to`.
    /// @dev Requirements: `ENFORCEMENT_ROLE`; `to` not zero. Emits `HoldReleased`.
    function releaseHold(uint256 licenseId, address token, address to) external;

    /// @notice Pays the caller's whole credit in `token` (address(0) for ETH).
    /// @dev Requirements: a credit. Emits `Withdrawn`.
    function withdraw(address token) external returns (uint256 amount);

    /// @notice Funds a linear vesting grant from the caller (ETH with `msg.value`).
    /// @dev Requirements: a valid schedule; a beneficiary; the full amount delivered. Emits
    /// `GrantCreated`.
    function createGrant(
        address beneficiary,
        address token,
        uint256 amount,
        uint64 start,
        uint64 cliff,
        uint64 end
    ) external payable returns (uint256 grantId);

    /// @notice Credits the beneficiary with what has vested and not been claimed.
    /// @dev Requirements: the caller is the beneficiary; something to claim. Emits `GrantClaimed`.
    function claim(uint256 grantId) external returns (uint256 amount);

    /// @notice Stops a grant: what has vested stays claimable, the rest is credited to the grantor.
    /// @dev Requirements: the caller is the grantor; not revoked. Emits `GrantRevoked`.
    function revokeGrant(uint256 grantId) external returns (uint256 returned);

    /// @notice Emits the Merkle root of a finished epoch.
    /// @dev Requirements: the epoch is over and not closed. Anyone may call. Emits `EpochRoot`.
    function closeEpoch(uint64 epoch) external returns (bytes32 root);

    /// @notice Sets the platform fee (at most 10%) and its wallet.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `FeeChanged`.
    function setFee(uint16 feeBps, address feeWallet) external;

    /// @notice Sets the sustainability share of fees (1% to 5%) and its wallet.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `SustainabilityChanged`.
    function setSustainability(uint16 shareBps, address wallet) external;

    /// @notice Sets the community pool that receives dust when a graph has no Pool node.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `CommunityPoolChanged`.
    function setCommunityPool(address pool) external;

    /// @notice Stops settlements (withdrawals and claims keep working).
    /// @dev Requirements: `PAUSER_ROLE`.
    function pauseSettlement() external;

    /// @notice Resumes settlements.
    /// @dev Requirements: `PAUSER_ROLE`.
    function unpause() external;

    /// @notice The credit of `account` in `token`.
    function creditOf(address token, address account) external view returns (uint256);

    /// @notice What the license's escrow holds in `token`.
    function escrowOf(uint256 licenseId, address token) external view returns (uint256);

    /// @notice The license's hold.
    function holdOf(uint256 licenseId) external view returns (Hold memory);

    /// @notice A grant.
    function grantOf(uint256 grantId) external view returns (Grant memory);

    /// @notice What a grant lets its beneficiary claim now.
    function claimable(uint256 grantId) external view returns (uint256);

    /// @notice Whether `txid` was settled.
    function isSettled(bytes32 txid) external view returns (bool);

    /// @notice The hash a graph was registered under (zero if none).
    function graphHashOf(bytes32 graphId) external view returns (bytes32);

    /// @notice The active rate table: its version and hash.
    function activeRateTable() external view returns (uint32 version, bytes32 tableHash);

    /// @notice The summed tax rate a graph's jurisdiction path gives `mcc` under the active table.
    function taxRateOf(bytes32 graphId, uint16 mcc) external view returns (uint256 rateBps);

    /// @notice The epoch `timestamp` falls in.
    function epochOf(uint256 timestamp) external view returns (uint64);

    /// @notice The root a closed epoch emitted (zero while open).
    function epochRootOf(uint64 epoch) external view returns (bytes32);
}
