// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ISettlementEngine} from "../interfaces/ISettlementEngine.sol";
import {EpochAccumulator} from "./EpochAccumulator.sol";
import {SettlementMath} from "./SettlementMath.sol";

/// @title SettlementEngine
/// @notice The CHLOM ADE settlement engine. See {ISettlementEngine} for the arithmetic, graphs,
/// assets, roles and the audit trail.
/// @dev Every entry point that moves value is `nonReentrant`; credits are pull-based, so a
/// settlement makes no external call except pulling the payment (checked against fee-on-transfer
/// tokens), and a withdrawal zeroes the credit before paying.
contract SettlementEngine is AccessControl, Pausable, ReentrancyGuardTransient, ISettlementEngine {
    using SafeERC20 for IERC20;
    using EpochAccumulator for EpochAccumulator.Tree;

    /// @notice Payment processors.
    bytes32 public constant SETTLER_ROLE = keccak256("CHLOM_SETTLER_ROLE");
    /// @notice Registers payout graphs.
    bytes32 public constant GRAPH_ROLE = keccak256("CHLOM_GRAPH_ROLE");
    /// @notice Maintains rate tables and jurisdictions.
    bytes32 public constant TAX_ROLE = keccak256("CHLOM_TAX_ROLE");
    /// @notice DLA enforcement: escrow holds.
    bytes32 public constant ENFORCEMENT_ROLE = keccak256("CHLOM_ENFORCEMENT_ROLE");
    /// @notice The circuit breaker.
    bytes32 public constant PAUSER_ROLE = keccak256("CHLOM_PAUSER_ROLE");

    /// @notice The largest platform fee, in basis points.
    uint16 public constant MAX_FEE_BPS = 1000;
    /// @notice The sustainability share of fees is between these, in basis points of the fee.
    uint16 public constant MIN_SUSTAINABILITY_BPS = 100;
    /// @notice See `MIN_SUSTAINABILITY_BPS`.
    uint16 public constant MAX_SUSTAINABILITY_BPS = 500;
    /// @notice The most shares a graph may have.
    uint256 public constant MAX_SHARES = 10_000;
    /// @notice The most levels a jurisdiction path may have.
    uint256 public constant MAX_LEVELS = 4;
    /// @notice The longest vesting a share may have, in seconds (100 years).
    uint64 public constant MAX_VESTING = 100 * 365 days;

    /// @dev The packed share word: recipient in the low 160 bits, then these fields.
    uint256 private constant _BPS_SHIFT = 160;
    uint256 private constant _KIND_SHIFT = 176;
    uint256 private constant _TERMS_SHIFT = 184;

    /// @notice How long an epoch is, in seconds.
    uint64 public immutable epochLength;

    struct Rate {
        uint16 rateBps;
        address collector;
        bool exists;
    }

    mapping(address token => mapping(address account => uint256)) private _credits;
    mapping(uint256 licenseId => mapping(address token => uint256)) private _escrowed;
    mapping(uint256 licenseId => Hold) private _holds;
    mapping(bytes32 txid => bool) private _settled;
    /// @dev Graphs by id: the hash of their packed form (the registrar is in `GraphRegistered`).
    mapping(bytes32 graphId => bytes32 graphHash) private _graphs;
    mapping(bytes32 graphId => JurisdictionLevel[]) private _paths;
    mapping(uint32 version => mapping(bytes32 key => Rate)) private _rates;
    mapping(uint32 version => bytes32) private _tableHashes;
    uint32 private _activeTable;
    mapping(uint256 grantId => Grant) private _grants;
    uint256 private _grantCount;
    mapping(uint64 epoch => EpochAccumulator.Tree) private _epochs;
    mapping(uint64 epoch => bytes32) private _epochRoots;

    uint16 private _feeBps;
    address private _feeWallet;
    uint16 private _sustainabilityBps;
    address private _sustainabilityWallet;
    address private _communityPool;

    /// @notice Deploys the engine with no fee, the minimum sustainability share and `admin` as
    /// every wallet until governance sets them.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE`; must not be zero.
    /// @param epochSeconds The epoch length; must not be zero.
    constructor(address admin, uint64 epochSeconds) {
        if (admin == address(0)) revert InvalidAccount(admin);
        if (epochSeconds == 0) revert InvalidRate(0);
        epochLength = epochSeconds;
        (_feeWallet, _sustainabilityWallet, _communityPool) = (admin, admin, admin);
        _sustainabilityBps = MIN_SUSTAINABILITY_BPS;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ settlement

    /// @inheritdoc ISettlementEngine
    function settle(SettleRequest calldata request, Share[] calldata shares)
        external
        payable
        onlyRole(SETTLER_ROLE)
        whenNotPaused
        nonReentrant
        returns (Totals memory totals)
    {
        (uint256[] memory packed, ShareTerms[] memory terms) = packGraph(shares);
        return _settle(request, packed, terms);
    }

    /// @inheritdoc ISettlementEngine
    function settlePacked(
        SettleRequest calldata request,
        uint256[] calldata shares,
        ShareTerms[] calldata terms
    ) external payable onlyRole(SETTLER_ROLE) whenNotPaused nonReentrant returns (Totals memory totals) {
        return _settle(request, shares, terms);
    }

    function _settle(SettleRequest calldata request, uint256[] memory shares, ShareTerms[] memory terms)
        private
        returns (Totals memory totals)
    {
        if (_settled[request.txid]) revert TxidAlreadySettled(request.txid);
        bytes32 graphHash = _graphs[request.graphId];
        if (graphHash == bytes32(0) || graphHash != keccak256(abi.encode(shares, terms))) {
            revert GraphMismatch(request.graphId);
        }
        uint256 amount = request.amount;
        _collect(request.token, amount);
        _settled[request.txid] = true;

        bytes32 tableHash;
        bytes32 jurisdictionHash;
        (totals.tax, tableHash, jurisdictionHash) = _payTaxes(request, amount);
        (totals.fee, totals.sustainability) = _payFee(request.token, amount, amount - totals.tax);
        totals.escrow = _hold(request.licenseId, request.token, amount - totals.tax - totals.fee);
        uint256 distributable = amount - totals.tax - totals.fee - totals.escrow;
        (totals.dust, totals.dustReason) = _payShares(request, shares, terms, distributable);
        _record(request, totals, tableHash, jurisdictionHash);
    }

    /// @dev Appends the settlement to its epoch's tree and emits `Settled`.
    function _record(
        SettleRequest calldata request,
        Totals memory totals,
        bytes32 tableHash,
        bytes32 jurisdictionHash
    ) private {
        bytes32 leaf = keccak256(
            abi.encode(
                request.txid,
                request.graphId,
                request.licenseId,
                request.token,
                request.amount,
                totals.tax,
                totals.fee,
                totals.escrow,
                totals.dust,
                tableHash,
                jurisdictionHash
            )
        );
        _epochs[epochOf(block.timestamp)].append(leaf);
        emit Settled(
            request.txid,
            request.graphId,
            request.licenseId,
            request.token,
            request.amount,
            totals.tax,
            totals.fee,
            totals.escrow,
            totals.dust,
            totals.dustReason,
            tableHash,
            jurisdictionHash
        );
    }

    /// @dev Takes the payment: exactly `amount` of ETH, or `amount` of the token delivered in full.
    function _collect(address token, uint256 amount) private {
        if (amount == 0) revert InvalidAmount(amount, msg.value);
        if (token == address(0)) {
            if (msg.value != amount) revert InvalidAmount(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert InvalidAmount(amount, msg.value);
        _pull(token, amount);
    }

    function _pull(address token, uint256 amount) private {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert FeeOnTransferToken(token, amount, received);
    }

    /// @dev Each level of the graph's path taxes on its own and pays its collector.
    function _payTaxes(SettleRequest calldata request, uint256 amount)
        private
        returns (uint256 tax, bytes32 tableHash, bytes32 jurisdictionHash)
    {
        JurisdictionLevel[] storage path = _paths[request.graphId];
        uint32 version = _activeTable;
        tableHash = _tableHashes[version];
        jurisdictionHash = _pathHash(path);
        for (uint256 i = 0; i < path.length; ++i) {
            Rate memory rate = _rateFor(version, path[i], request.mcc);
            if (rate.rateBps == 0) continue;
            uint256 level = SettlementMath.mulDivHalfEven(amount, rate.rateBps, SettlementMath.BPS);
            if (level > amount - tax) level = amount - tax;
            tax += level;
            _credits[request.token][rate.collector] += level;
        }
    }

    function _payFee(address token, uint256 amount, uint256 available)
        private
        returns (uint256 fee, uint256 sustainability)
    {
        fee = SettlementMath.mulDivHalfEven(amount, _feeBps, SettlementMath.BPS);
        if (fee > available) fee = available;
        if (fee == 0) return (0, 0);
        sustainability = SettlementMath.mulDivHalfEven(fee, _sustainabilityBps, SettlementMath.BPS);
        _credits[token][_sustainabilityWallet] += sustainability;
        _credits[token][_feeWallet] += fee - sustainability;
    }

    function _hold(uint256 licenseId, address token, uint256 available) private returns (uint256 escrow) {
        Hold storage hold = _holds[licenseId];
        escrow = hold.outstanding < available ? hold.outstanding : available;
        if (escrow == 0) return 0;
        hold.outstanding -= escrow;
        _escrowed[licenseId][token] += escrow;
    }

    /// @dev What `_payShares` carries from share to share.
    struct Progress {
        uint256 distributable;
        uint256 left;
        uint256 totalBps;
        address pool;
        bool capped;
    }

    /// @dev The shares in graph order (see the interface), then the dust. The graph was validated
    /// when it was registered and the shares hash to it, so the words are not checked again.
    function _payShares(
        SettleRequest calldata request,
        uint256[] memory shares,
        ShareTerms[] memory terms,
        uint256 distributable
    ) private returns (uint256 dust, uint8 reason) {
        Progress memory progress = Progress(distributable, distributable, 0, _communityPool, false);
        mapping(address account => uint256) storage credits = _credits[request.token];
        for (uint256 i = 0; i < shares.length; ++i) {
            uint256 word = shares[i];
            uint256 value = _shareValue(word, terms, progress, i);
            // The low 160 bits are the recipient by construction (`packGraph`).
            // forge-lint: disable-next-line(unsafe-typecast)
            address recipient = address(uint160(word));
            // The fast path: a Party or Insurer share without terms (kind 0 or 1, terms index 0).
            if (word >> _KIND_SHIFT < 2) {
                if (value != 0) credits[recipient] += value;
                continue;
            }
            if ((word >> _KIND_SHIFT) & 0xff == uint256(NodeKind.Pool)) progress.pool = recipient;
            if (value == 0) continue;
            if (_isCredit(word, terms)) {
                credits[recipient] += value;
            } else {
                _payHeld(request, word, terms, value);
            }
        }
        dust = progress.left;
        if (dust != 0) {
            credits[progress.pool] += dust;
            reason = progress.capped ? 3 : progress.totalBps < SettlementMath.BPS ? 2 : 1;
        }
    }

    /// @dev amt_i for one packed share, taken from what is left.
    function _shareValue(uint256 word, ShareTerms[] memory terms, Progress memory progress, uint256 index)
        private
        pure
        returns (uint256 value)
    {
        uint256 bps = (word >> _BPS_SHIFT) & 0xffff;
        value = SettlementMath.mulDivHalfEven(progress.distributable, bps, SettlementMath.BPS);
        uint256 termsIndex = word >> _TERMS_SHIFT;
        if (termsIndex != 0) value = _applyTerms(terms[termsIndex - 1], value, progress, index);
        if (value > progress.left) value = progress.left;
        progress.left -= value;
        progress.totalBps += bps;
    }

    /// @dev Whether a share is paid as a plain credit (neither Escrow nor vesting).
    function _isCredit(uint256 word, ShareTerms[] memory terms) private pure returns (bool) {
        if ((word >> _KIND_SHIFT) & 0xff == uint256(NodeKind.Escrow)) return false;
        uint256 termsIndex = word >> _TERMS_SHIFT;
        return termsIndex == 0 || terms[termsIndex - 1].vestingEnd == 0;
    }

    /// @dev An Escrow share goes to the license's escrow; a vesting share into a new grant.
    function _payHeld(SettleRequest calldata request, uint256 word, ShareTerms[] memory terms, uint256 value)
        private
    {
        if ((word >> _KIND_SHIFT) & 0xff == uint256(NodeKind.Escrow)) {
            _escrowed[request.licenseId][request.token] += value;
            return;
        }
        ShareTerms memory extra = terms[(word >> _TERMS_SHIFT) - 1];
        uint64 start = uint64(block.timestamp);
        // forge-lint: disable-next-line(unsafe-typecast)
        address recipient = address(uint160(word));
        // No grantor: a payee's vesting share is theirs, and nobody can revoke it.
        _newGrant(
            address(0),
            recipient,
            request.token,
            value,
            start,
            start + extra.vestingCliff,
            start + extra.vestingEnd
        );
    }

    /// @dev A share's adjustment, floor and cap; reverts when its floor does not fit in what is left.
    function _applyTerms(ShareTerms memory extra, uint256 value, Progress memory progress, uint256 index)
        private
        pure
        returns (uint256)
    {
        // An int128 widened to int256: both casts below are exact (a non-negative value, and the
        // negation of a negative int128, which cannot overflow in 256 bits).
        int256 adjustment = extra.adjustment;
        if (adjustment >= 0) {
            // Saturating, as the core does: what is left of B clamps the result afterwards.
            // forge-lint: disable-next-line(unsafe-typecast)
            uint256 add = uint256(adjustment);
            value = value > type(uint256).max - add ? type(uint256).max : value + add;
        } else {
            // forge-lint: disable-next-line(unsafe-typecast)
            uint256 cut = uint256(-adjustment);
            value = value > cut ? value - cut : 0;
        }
        if (value < extra.floor) value = extra.floor;
        if (extra.cap != 0 && value > extra.cap) {
            value = extra.cap;
            progress.capped = true;
        }
        if (extra.floor > progress.left) revert FloorsExceedAvailable(index, extra.floor, progress.left);
        return value;
    }

    // ------------------------------------------------------------------ configuration

    /// @inheritdoc ISettlementEngine
    function registerGraph(bytes32 graphId, Share[] calldata shares)
        external
        onlyRole(GRAPH_ROLE)
        returns (bytes32 graphHash)
    {
        if (_graphs[graphId] != bytes32(0)) revert GraphExists(graphId);
        if (shares.length == 0 || shares.length > MAX_SHARES) revert InvalidGraph(shares.length);
        uint256 totalBps;
        bool pool;
        for (uint256 i = 0; i < shares.length; ++i) {
            Share calldata share = shares[i];
            totalBps += share.bps;
            bool invalid = share.recipient == address(0) || totalBps > SettlementMath.BPS
                || (share.cap != 0 && share.floor > share.cap) || share.vestingCliff > share.vestingEnd
                || share.vestingEnd > MAX_VESTING || (share.kind == NodeKind.Pool && pool);
            if (invalid) revert InvalidGraph(i);
            if (share.kind == NodeKind.Pool) pool = true;
        }
        (uint256[] memory packed, ShareTerms[] memory terms) = packGraph(shares);
        graphHash = keccak256(abi.encode(packed, terms));
        _graphs[graphId] = graphHash;
        emit GraphRegistered(graphId, graphHash, shares.length, msg.sender);
    }

    /// @inheritdoc ISettlementEngine
    function packGraph(Share[] calldata shares)
        public
        pure
        returns (uint256[] memory packed, ShareTerms[] memory terms)
    {
        packed = new uint256[](shares.length);
        uint256 extras;
        for (uint256 i = 0; i < shares.length; ++i) {
            if (_hasTerms(shares[i])) ++extras;
        }
        terms = new ShareTerms[](extras);
        extras = 0;
        for (uint256 i = 0; i < shares.length; ++i) {
            Share calldata share = shares[i];
            uint256 word = uint256(uint160(share.recipient)) | uint256(share.bps) << _BPS_SHIFT
                | uint256(share.kind) << _KIND_SHIFT;
            if (_hasTerms(share)) {
                terms[extras] = ShareTerms(
                    share.floor, share.cap, share.adjustment, share.vestingCliff, share.vestingEnd
                );
                ++extras;
                word |= extras << _TERMS_SHIFT;
            }
            packed[i] = word;
        }
    }

    /// @inheritdoc ISettlementEngine
    function registerRateTable(RateEntry[] calldata entries)
        external
        onlyRole(TAX_ROLE)
        returns (uint32 version, bytes32 tableHash)
    {
        version = _activeTable + 1;
        for (uint256 i = 0; i < entries.length; ++i) {
            RateEntry calldata entry = entries[i];
            if (entry.rateBps > SettlementMath.BPS) revert InvalidRate(entry.rateBps);
            if (entry.rateBps != 0 && entry.collector == address(0)) revert InvalidAccount(entry.collector);
            _rates[version][_rateKey(entry.jurisdiction, entry.mcc, entry.nexus)] =
                Rate(entry.rateBps, entry.collector, true);
        }
        tableHash = keccak256(abi.encode(entries));
        _tableHashes[version] = tableHash;
        _activeTable = version;
        emit RateTableRegistered(version, tableHash, entries.length);
    }

    /// @inheritdoc ISettlementEngine
    function setJurisdiction(bytes32 graphId, JurisdictionLevel[] calldata path) external onlyRole(TAX_ROLE) {
        if (_graphs[graphId] == bytes32(0)) revert GraphMismatch(graphId);
        if (path.length > MAX_LEVELS) revert InvalidGraph(path.length);
        JurisdictionLevel[] storage stored = _paths[graphId];
        while (stored.length != 0) stored.pop();
        for (uint256 i = 0; i < path.length; ++i) {
            stored.push(path[i]);
        }
        emit JurisdictionSet(graphId, keccak256(abi.encode(path)), path);
    }

    /// @inheritdoc ISettlementEngine
    function setHold(uint256 licenseId, uint256 amount, bytes32 ref) external onlyRole(ENFORCEMENT_ROLE) {
        _holds[licenseId] = Hold(amount, ref);
        emit HoldSet(licenseId, amount, ref);
    }

    /// @inheritdoc ISettlementEngine
    function releaseHold(uint256 licenseId, address token, address to)
        external
        onlyRole(ENFORCEMENT_ROLE)
        nonReentrant
    {
        if (to == address(0)) revert InvalidAccount(to);
        uint256 amount = _escrowed[licenseId][token];
        delete _holds[licenseId];
        delete _escrowed[licenseId][token];
        _credits[token][to] += amount;
        emit HoldReleased(licenseId, token, to, amount);
    }

    /// @inheritdoc ISettlementEngine
    function setFee(uint16 feeBps, address feeWallet) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feeBps > MAX_FEE_BPS) revert InvalidRate(feeBps);
        if (feeWallet == address(0)) revert InvalidAccount(feeWallet);
        (_feeBps, _feeWallet) = (feeBps, feeWallet);
        emit FeeChanged(feeBps, feeWallet);
    }

    /// @inheritdoc ISettlementEngine
    function setSustainability(uint16 shareBps, address wallet) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (shareBps < MIN_SUSTAINABILITY_BPS || shareBps > MAX_SUSTAINABILITY_BPS) {
            revert InvalidRate(shareBps);
        }
        if (wallet == address(0)) revert InvalidAccount(wallet);
        (_sustainabilityBps, _sustainabilityWallet) = (shareBps, wallet);
        emit SustainabilityChanged(shareBps, wallet);
    }

    /// @inheritdoc ISettlementEngine
    function setCommunityPool(address pool) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (pool == address(0)) revert InvalidAccount(pool);
        _communityPool = pool;
        emit CommunityPoolChanged(pool);
    }

    /// @inheritdoc ISettlementEngine
    function pauseSettlement() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc ISettlementEngine
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc ISettlementEngine
    function withdraw(address token) external nonReentrant returns (uint256 amount) {
        amount = _credits[token][msg.sender];
        if (amount == 0) revert NothingToPay();
        _credits[token][msg.sender] = 0;
        emit Withdrawn(msg.sender, token, amount);
        if (token == address(0)) {
            (bool sent,) = payable(msg.sender).call{value: amount}("");
            if (!sent) revert PaymentFailed(msg.sender, amount);
        } else {
            IERC20(token).safeTransfer(msg.sender, amount);
        }
    }

    /// @inheritdoc ISettlementEngine
    function createGrant(
        address beneficiary,
        address token,
        uint256 amount,
        uint64 start,
        uint64 cliff,
        uint64 end
    ) external payable nonReentrant returns (uint256 grantId) {
        if (beneficiary == address(0)) revert InvalidAccount(beneficiary);
        if (!(start <= cliff && cliff <= end && start < end)) revert InvalidSchedule(start, cliff, end);
        _collect(token, amount);
        grantId = _newGrant(msg.sender, beneficiary, token, amount, start, cliff, end);
    }

    /// @inheritdoc ISettlementEngine
    function claim(uint256 grantId) external nonReentrant returns (uint256 amount) {
        Grant storage grant = _grants[grantId];
        if (grant.beneficiary != msg.sender) revert InvalidGrant(grantId);
        amount = _claimable(grant);
        if (amount == 0) revert NothingToPay();
        grant.claimed += amount;
        _credits[grant.token][msg.sender] += amount;
        emit GrantClaimed(grantId, amount);
    }

    /// @inheritdoc ISettlementEngine
    function revokeGrant(uint256 grantId) external nonReentrant returns (uint256 returned) {
        Grant storage grant = _grants[grantId];
        // A grant without grantor (a payee's vesting share) is irrevocable, whoever asks.
        if (grant.grantor == address(0) || grant.grantor != msg.sender || grant.revoked) {
            revert InvalidGrant(grantId);
        }
        uint256 vested = _vested(grant);
        returned = grant.total - vested;
        grant.revoked = true;
        grant.total = vested;
        _credits[grant.token][msg.sender] += returned;
        emit GrantRevoked(grantId, returned);
    }

    /// @inheritdoc ISettlementEngine
    function closeEpoch(uint64 epoch) external returns (bytes32 root) {
        if (epoch >= epochOf(block.timestamp) || _epochRoots[epoch] != bytes32(0)) {
            revert EpochNotClosable(epoch);
        }
        EpochAccumulator.Tree storage tree = _epochs[epoch];
        root = tree.root();
        _epochRoots[epoch] = root;
        emit EpochRoot(epoch, root, tree.count);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ISettlementEngine
    function creditOf(address token, address account) external view returns (uint256) {
        return _credits[token][account];
    }

    /// @inheritdoc ISettlementEngine
    function escrowOf(uint256 licenseId, address token) external view returns (uint256) {
        return _escrowed[licenseId][token];
    }

    /// @inheritdoc ISettlementEngine
    function holdOf(uint256 licenseId) external view returns (Hold memory) {
        return _holds[licenseId];
    }

    /// @inheritdoc ISettlementEngine
    function grantOf(uint256 grantId) external view returns (Grant memory) {
        return _grants[grantId];
    }

    /// @inheritdoc ISettlementEngine
    function claimable(uint256 grantId) external view returns (uint256) {
        return _claimable(_grants[grantId]);
    }

    /// @inheritdoc ISettlementEngine
    function isSettled(bytes32 txid) external view returns (bool) {
        return _settled[txid];
    }

    /// @inheritdoc ISettlementEngine
    function graphHashOf(bytes32 graphId) external view returns (bytes32) {
        return _graphs[graphId];
    }

    /// @inheritdoc ISettlementEngine
    function activeRateTable() external view returns (uint32 version, bytes32 tableHash) {
        version = _activeTable;
        tableHash = _tableHashes[version];
    }

    /// @inheritdoc ISettlementEngine
    function taxRateOf(bytes32 graphId, uint16 mcc) external view returns (uint256 rateBps) {
        JurisdictionLevel[] storage path = _paths[graphId];
        for (uint256 i = 0; i < path.length; ++i) {
            rateBps += _rateFor(_activeTable, path[i], mcc).rateBps;
        }
    }

    /// @inheritdoc ISettlementEngine
    function epochOf(uint256 timestamp) public view returns (uint64) {
        return SafeCast.toUint64(timestamp / epochLength);
    }

    /// @inheritdoc ISettlementEngine
    function epochRootOf(uint64 epoch) external view returns (bytes32) {
        return _epochRoots[epoch];
    }

    /// @notice The platform fee and its wallet.
    function fee() external view returns (uint16 feeBps, address feeWallet) {
        return (_feeBps, _feeWallet);
    }

    /// @notice The sustainability share of fees and its wallet.
    function sustainability() external view returns (uint16 shareBps, address wallet) {
        return (_sustainabilityBps, _sustainabilityWallet);
    }

    /// @notice The community pool.
    function communityPool() external view returns (address) {
        return _communityPool;
    }

    // ------------------------------------------------------------------ internals

    function _newGrant(
        address grantor,
        address beneficiary,
        address token,
        uint256 amount,
        uint64 start,
        uint64 cliff,
        uint64 end
    ) private returns (uint256 grantId) {
        grantId = ++_grantCount;
        _grants[grantId] = Grant(grantor, beneficiary, token, start, cliff, end, amount, 0, false);
        emit GrantCreated(grantId, beneficiary, token, amount);
    }

    function _vested(Grant storage grant) private view returns (uint256) {
        if (grant.revoked || block.timestamp >= grant.end) return grant.total;
        if (block.timestamp < grant.cliff) return 0;
        return Math.mulDiv(grant.total, block.timestamp - grant.start, grant.end - grant.start);
    }

    function _claimable(Grant storage grant) private view returns (uint256) {
        return _vested(grant) - grant.claimed;
    }

    /// @dev The rate for a level: the MCC's own entry, else the level's entry for any MCC.
    function _rateFor(uint32 version, JurisdictionLevel storage level, uint16 mcc)
        private
        view
        returns (Rate memory rate)
    {
        rate = _rates[version][_rateKey(level.code, mcc, level.nexus)];
        if (!rate.exists && mcc != 0) rate = _rates[version][_rateKey(level.code, 0, level.nexus)];
    }

    function _hasTerms(Share calldata share) private pure returns (bool) {
        return share.floor != 0 || share.cap != 0 || share.adjustment != 0 || share.vestingCliff != 0
            || share.vestingEnd != 0;
    }

    function _rateKey(bytes32 jurisdiction, uint16 mcc, bool nexus) private pure returns (bytes32) {
        return keccak256(abi.encode(jurisdiction, mcc, nexus));
    }

    function _pathHash(JurisdictionLevel[] storage path) private view returns (bytes32) {
        return keccak256(abi.encode(path));
    }
}
