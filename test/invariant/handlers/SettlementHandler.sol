// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISettlementEngine} from "../../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {SettlementEngine} from "../../../contracts/solidity/settlement/SettlementEngine.sol";
import {MockERC20} from "../../support/SettlementMocks.sol";
import {SettlementFixture} from "../../support/SettlementFixture.sol";
import {SettlementReference} from "../../support/SettlementReference.sol";

/// @notice Drives the settlement engine with bounded random calls (settlements in ETH and in an
/// ERC-20 over four graphs, replays, withdrawals, holds and releases, grants with claims and
/// revocations, fee changes, pause and unpause, epoch closes, time) and keeps an independent ledger:
/// what every account was paid and withdrew, every license's escrow and hold, every grant, every
/// epoch's leaves.
/// @dev Every engine call runs in try/catch so that the handler never reverts (fail_on_revert): the
/// outcome is compared with the model's prediction and a disagreement is counted in `mismatches`
/// (with `lastMismatch`). The settlement arithmetic is `SettlementReference`, not the engine's.
contract SettlementHandler is SettlementFixture {
    /// @notice The grantors of `createGrant`.
    address internal constant FUNDER_A = address(0xF0A);
    address internal constant FUNDER_B = address(0xF0B);
    uint256 internal constant GRAPHS = 4;
    uint256 internal constant LICENSES = 3;
    uint16 internal constant MCC_DINING = 5812;

    /// @notice The model of a grant.
    struct GhostGrant {
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

    mapping(uint256 index => ISettlementEngine.Share[]) internal _graphShares;
    mapping(uint256 index => ISettlementEngine.JurisdictionLevel[]) internal _graphPaths;
    bytes32 internal _tableHash;

    address[] internal _accounts;
    /// @notice What the model says each account was paid (settlements, claims, releases, revocations)
    /// and withdrew, per asset.
    mapping(address asset => mapping(address account => uint256)) public ghostPaid;
    mapping(address asset => mapping(address account => uint256)) public ghostWithdrawn;
    mapping(uint256 licenseId => mapping(address asset => uint256)) public ghostEscrow;
    /// @notice Everything that entered the engine (settlements, grants) and left it (withdrawals).
    mapping(address asset => uint256) public ghostDeposited;
    mapping(address asset => uint256) public ghostWithdrawnTotal;
    mapping(uint256 licenseId => uint256) public ghostHold;
    mapping(uint256 grantId => GhostGrant) internal _grants;
    uint256 public grantCount;

    uint16 public ghostFeeBps = FEE_BPS;
    uint16 public ghostSustainabilityBps = SUSTAINABILITY_BPS;
    bool public ghostPaused;

    bytes32[] public txids;
    mapping(bytes32 txid => uint256) public settledCount;
    uint256 internal _nonce;

    mapping(uint64 epoch => bytes32[]) internal _leaves;
    mapping(uint64 epoch => bool) public ghostClosed;
    uint64 public firstEpoch;

    uint256 public mismatches;
    string public lastMismatch;
    uint256 public settledWhilePaused;
    uint256 public replaysAccepted;
    uint256 public overpaid;
    mapping(string op => uint256) public successes;
    mapping(string op => uint256) public attempts;

    constructor(SettlementEngine engine_, MockERC20 token_) {
        engine = engine_;
        token = token_;
        firstEpoch = engine.epochOf(block.timestamp);
        address[16] memory accounts = [
            ALICE,
            BOB,
            CAROL,
            DAVE,
            ERIN,
            US_COLLECTOR,
            CA_COLLECTOR,
            SF_COLLECTOR,
            FEE_WALLET,
            SUS_WALLET,
            COMMUNITY_POOL,
            GRAPHER,
            FUNDER_A,
            FUNDER_B,
            SETTLER,
            STRANGER
        ];
        for (uint256 i = 0; i < accounts.length; i++) {
            _accounts.push(accounts[i]);
        }
        _setUpGraphs();
    }

    // ------------------------------------------------------------------ setup

    function _push(uint256 index, ISettlementEngine.Share memory share) internal {
        _graphShares[index].push(share);
    }

    /// @dev Four graphs: the specification example (taxed US / US-CA); a Pool node, a floor, an Escrow
    /// node and a negative adjustment (taxed US); a vesting share and a positive adjustment (untaxed);
    /// two halves, one with a floor of 10,000 that small payments cannot meet (taxed US-CA).
    function _setUpGraphs() internal {
        ISettlementEngine.Share memory s = _share(CAROL, 1000);
        s.cap = 50_000;
        _push(0, _share(ALICE, 6000));
        _push(0, _share(BOB, 3000));
        _push(0, s);
        _graphPaths[0].push(_level(US, true));
        _graphPaths[0].push(_level(US_CA, true));

        s = _share(DAVE, 1000);
        s.kind = ISettlementEngine.NodeKind.Pool;
        _push(1, s);
        s = _share(ALICE, 5000);
        s.floor = 100;
        _push(1, s);
        s = _share(ERIN, 1000);
        s.kind = ISettlementEngine.NodeKind.Escrow;
        _push(1, s);
        s = _share(BOB, 2000);
        s.adjustment = -3;
        _push(1, s);
        _graphPaths[1].push(_level(US, true));

        s = _share(CAROL, 5000);
        (s.vestingCliff, s.vestingEnd) = (1 days, 10 days);
        _push(2, s);
        s = _share(DAVE, 5000);
        s.adjustment = 7;
        _push(2, s);

        _push(3, _share(ALICE, 5000));
        s = _share(BOB, 5000);
        s.floor = 10_000;
        _push(3, s);
        _graphPaths[3].push(_level(US_CA, true));

        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](3);
        entries[0] = _entry(US, 0, true, 600, US_COLLECTOR);
        entries[1] = _entry(US, MCC_DINING, true, 100, SF_COLLECTOR);
        entries[2] = _entry(US_CA, 0, true, 225, CA_COLLECTOR);
        (, _tableHash) = _registerTable(entries);
        for (uint256 g = 0; g < GRAPHS; g++) {
            _register(_graphId(g), _graphShares[g]);
            _setPath(_graphId(g), _graphPaths[g]);
        }
    }

    function _graphId(uint256 index) internal pure returns (bytes32) {
        return keccak256(abi.encode("handler graph", index));
    }

    // ------------------------------------------------------------------ views for the invariants

    function accounts() external view returns (address[] memory) {
        return _accounts;
    }

    function txidCount() external view returns (uint256) {
        return txids.length;
    }

    function ghostGrant(uint256 grantId) external view returns (GhostGrant memory) {
        return _grants[grantId];
    }

    /// @notice The model's credit of `account`: paid less withdrawn.
    function ghostCredit(address asset, address account) public view returns (uint256) {
        // Saturating, so that an overpayment is reported by the invariants, not as a handler revert.
        uint256 paid = ghostPaid[asset][account];
        uint256 withdrawn = ghostWithdrawn[asset][account];
        return paid > withdrawn ? paid - withdrawn : 0;
    }

    function licenses() external pure returns (uint256) {
        return LICENSES;
    }

    // ------------------------------------------------------------------ model helpers

    function _fail(string memory message) internal {
        mismatches++;
        lastMismatch = message;
    }

    function _outcome(string memory op, bool predicted, bool succeeded) internal {
        attempts[op]++;
        if (succeeded) successes[op]++;
        if (predicted != succeeded) {
            _fail(
                string.concat(
                    op,
                    predicted
                        ? ": the model expected success, the call reverted"
                        : ": the model expected a revert, the call succeeded"
                )
            );
        }
    }

    function _pay(address asset, address account, uint256 amount) internal {
        ghostPaid[asset][account] += amount;
    }

    function _asset(bool useToken) internal view returns (address) {
        return useToken ? address(token) : ETH;
    }

    function _vested(GhostGrant storage g) internal view returns (uint256) {
        if (g.revoked || block.timestamp >= g.end) return g.total;
        if (block.timestamp < g.cliff) return 0;
        return Math.mulDiv(g.total, block.timestamp - g.start, uint256(g.end) - g.start);
    }

    /// @dev The path's rates and collectors for `mcc`, from the table registered in the constructor.
    function _taxes(uint256 g, uint16 mcc)
        internal
        view
        returns (uint256[] memory rates, address[] memory to)
    {
        ISettlementEngine.JurisdictionLevel[] storage path = _graphPaths[g];
        rates = new uint256[](path.length);
        to = new address[](path.length);
        for (uint256 i = 0; i < path.length; i++) {
            if (path[i].code == US) {
                (rates[i], to[i]) = mcc == MCC_DINING ? (100, SF_COLLECTOR) : (600, US_COLLECTOR);
            } else {
                (rates[i], to[i]) = (225, CA_COLLECTOR);
            }
        }
    }

    /// @dev Books a successful settlement in the model: taxes, fee, escrow, shares, grants, dust,
    /// the txid and the epoch's leaf.
    function _book(
        ISettlementEngine.SettleRequest memory request,
        uint256 g,
        SettlementReference.Outcome memory o,
        address[] memory collectors,
        ISettlementEngine.Totals memory totals
    ) internal {
        if (
            totals.tax != o.tax || totals.fee != o.fee || totals.sustainability != o.sustainability
                || totals.escrow != o.escrow || totals.dust != o.dust || totals.dustReason != o.reason
        ) _fail("settle: totals differ from the reference");
        address asset = request.token;
        for (uint256 i = 0; i < collectors.length; i++) {
            _pay(asset, collectors[i], o.taxes[i]);
        }
        _pay(asset, FEE_WALLET, o.fee - o.sustainability);
        _pay(asset, SUS_WALLET, o.sustainability);
        ghostHold[request.licenseId] -= o.escrow;
        ghostEscrow[request.licenseId][asset] += o.escrow;
        _bookShares(request, g, o);
        _bookLeaf(request, g, o);
    }

    function _bookShares(
        ISettlementEngine.SettleRequest memory request,
        uint256 g,
        SettlementReference.Outcome memory o
    ) internal {
        address asset = request.token;
        address pool = COMMUNITY_POOL;
        ISettlementEngine.Share[] storage shares = _graphShares[g];
        for (uint256 i = 0; i < shares.length; i++) {
            ISettlementEngine.Share storage share = shares[i];
            if (share.kind == ISettlementEngine.NodeKind.Pool) pool = share.recipient;
            uint256 value = o.amounts[i];
            if (value == 0) continue;
            if (share.kind == ISettlementEngine.NodeKind.Escrow) {
                ghostEscrow[request.licenseId][asset] += value;
            } else if (share.vestingEnd != 0) {
                uint64 start = uint64(block.timestamp);
                // A payee's vesting share has no grantor: nobody can revoke it.
                _newGrant(
                    GhostGrant(
                        address(0),
                        share.recipient,
                        asset,
                        start,
                        start + share.vestingCliff,
                        start + share.vestingEnd,
                        value,
                        0,
                        false
                    )
                );
            } else {
                _pay(asset, share.recipient, value);
            }
        }
        _pay(asset, pool, o.dust);
    }

    function _bookLeaf(
        ISettlementEngine.SettleRequest memory request,
        uint256 g,
        SettlementReference.Outcome memory o
    ) internal {
        txids.push(request.txid);
        settledCount[request.txid]++;
        uint64 epoch = engine.epochOf(block.timestamp);
        if (ghostClosed[epoch]) _fail("settle: recorded into a closed epoch");
        bytes32 jurisdictionHash = keccak256(abi.encode(_graphPaths[g]));
        _leaves[epoch].push(
            SettlementReference.leaf(request, o.tax, o.fee, o.escrow, o.dust, _tableHash, jurisdictionHash)
        );
    }

    /// @dev Books a new grant and checks the engine stored the same one under the same id.
    function _newGrant(GhostGrant memory g) internal {
        uint256 id = ++grantCount;
        _grants[id] = g;
        ISettlementEngine.Grant memory stored = engine.grantOf(id);
        if (
            stored.grantor != g.grantor || stored.beneficiary != g.beneficiary || stored.token != g.token
                || stored.start != g.start || stored.cliff != g.cliff || stored.end != g.end
                || stored.total != g.total || stored.claimed != 0 || stored.revoked
        ) _fail("grant: the engine's grant differs from the model's");
    }

    // ------------------------------------------------------------------ actions

    /// @notice SETTLER settles a payment over one of the graphs, in ETH or the token, on one of three
    /// licenses, with MCC 0 or 5812, through `settle` or `settlePacked`; small amounts one time in
    /// three (rounding, floors).
    function settle(uint256 graphSeed, uint256 amountSeed, uint256 licenseSeed, bool useToken, bool dining)
        external
    {
        uint256 g = graphSeed % GRAPHS;
        uint256 amount = amountSeed % 3 == 0 ? bound(amountSeed, 1, 50_000) : bound(amountSeed, 1, 1e24);
        ISettlementEngine.SettleRequest memory request = ISettlementEngine.SettleRequest(
            keccak256(abi.encode("handler txid", ++_nonce)),
            _graphId(g),
            1 + licenseSeed % LICENSES,
            _asset(useToken),
            amount,
            dining ? MCC_DINING : 0
        );
        (uint256[] memory rates, address[] memory collectors) = _taxes(g, request.mcc);
        SettlementReference.Outcome memory o = SettlementReference.split(
            amount, rates, ghostFeeBps, ghostSustainabilityBps, ghostHold[request.licenseId], _graphShares[g]
        );
        bool predicted = !ghostPaused && !o.refused;
        ISettlementEngine.Share[] memory shares = _graphShares[g];

        uint256 value;
        if (useToken) {
            token.mint(SETTLER, amount);
            vm.prank(SETTLER);
            token.approve(address(engine), amount);
        } else {
            vm.deal(SETTLER, amount);
            value = amount;
        }
        // One time in two through settlePacked, with the packed form from the reference.
        if ((amountSeed >> 128) % 2 == 0) {
            (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) =
                SettlementReference.pack(shares);
            vm.prank(SETTLER);
            try engine.settlePacked{value: value}(request, packed, terms) returns (
                ISettlementEngine.Totals memory totals
            ) {
                _settled(request, g, o, collectors, totals, predicted);
            } catch {
                _notSettled(predicted, useToken);
            }
            return;
        }
        vm.prank(SETTLER);
        try engine.settle{value: value}(request, shares) returns (ISettlementEngine.Totals memory totals) {
            _settled(request, g, o, collectors, totals, predicted);
        } catch {
            _notSettled(predicted, useToken);
        }
    }

    function _settled(
        ISettlementEngine.SettleRequest memory request,
        uint256 g,
        SettlementReference.Outcome memory o,
        address[] memory collectors,
        ISettlementEngine.Totals memory totals,
        bool predicted
    ) internal {
        _outcome("settle", predicted, true);
        if (ghostPaused) settledWhilePaused++;
        ghostDeposited[request.token] += request.amount;
        _book(request, g, o, collectors, totals);
    }

    function _notSettled(bool predicted, bool useToken) internal {
        _outcome("settle", predicted, false);
        // Withdraw the allowance that was not used.
        if (useToken) {
            vm.prank(SETTLER);
            token.approve(address(engine), 0);
        }
    }

    /// @notice SETTLER replays a txid that was settled before: always refused.
    function replay(uint256 seed, bool useToken) external {
        if (txids.length == 0) return;
        bytes32 txid = txids[seed % txids.length];
        ISettlementEngine.SettleRequest memory request =
            ISettlementEngine.SettleRequest(txid, _graphId(0), 1, _asset(useToken), 1000, 0);
        ISettlementEngine.Share[] memory shares = _graphShares[0];
        uint256 value;
        if (useToken) {
            token.mint(SETTLER, 1000);
            vm.prank(SETTLER);
            token.approve(address(engine), 1000);
        } else {
            vm.deal(SETTLER, 1000);
            value = 1000;
        }
        vm.prank(SETTLER);
        try engine.settle{value: value}(request, shares) {
            _outcome("replay", false, true);
            replaysAccepted++;
            settledCount[txid]++;
            ghostDeposited[request.token] += 1000;
        } catch {
            _outcome("replay", false, false);
            if (useToken) {
                vm.prank(SETTLER);
                token.approve(address(engine), 0);
            }
        }
    }

    /// @notice An account withdraws its credit in ETH or the token.
    function withdraw(uint256 accountSeed, bool useToken) external {
        address account = _accounts[accountSeed % _accounts.length];
        address asset = _asset(useToken);
        uint256 expected = ghostCredit(asset, account);
        uint256 before = asset == ETH ? account.balance : token.balanceOf(account);
        vm.prank(account);
        try engine.withdraw(asset) returns (uint256 amount) {
            _outcome("withdraw", expected != 0, true);
            if (amount != expected) _fail("withdraw: amount differs from the model's credit");
            if (amount > expected) overpaid++;
            uint256 afterwards = asset == ETH ? account.balance : token.balanceOf(account);
            if (afterwards - before != amount) _fail("withdraw: the account did not receive the amount");
            ghostWithdrawn[asset][account] += amount;
            ghostWithdrawnTotal[asset] += amount;
        } catch {
            _outcome("withdraw", expected != 0, false);
        }
    }

    /// @notice Enforcement places or replaces a hold on a license.
    function setHold(uint256 licenseSeed, uint256 amountSeed) external {
        uint256 licenseId = 1 + licenseSeed % LICENSES;
        uint256 amount = amountSeed % 4 == 0 ? 0 : bound(amountSeed, 1, 1e23);
        vm.prank(ENFORCER);
        try engine.setHold(licenseId, amount, keccak256(abi.encode(amountSeed))) {
            _outcome("setHold", true, true);
            ghostHold[licenseId] = amount;
        } catch {
            _outcome("setHold", true, false);
        }
    }

    /// @notice Enforcement releases a license's escrow in one asset to an account.
    function releaseHold(uint256 licenseSeed, bool useToken, uint256 toSeed) external {
        uint256 licenseId = 1 + licenseSeed % LICENSES;
        address asset = _asset(useToken);
        address to = _accounts[toSeed % 5];
        vm.prank(ENFORCER);
        try engine.releaseHold(licenseId, asset, to) {
            _outcome("releaseHold", true, true);
            _pay(asset, to, ghostEscrow[licenseId][asset]);
            ghostEscrow[licenseId][asset] = 0;
            ghostHold[licenseId] = 0;
        } catch {
            _outcome("releaseHold", true, false);
        }
    }

    /// @notice A funder creates a grant for a payee, in ETH or the token; one time in eight with a
    /// schedule that is not ordered (refused).
    function createGrant(
        uint256 funderSeed,
        uint256 beneficiarySeed,
        uint256 amountSeed,
        bool useToken,
        uint256 s
    ) external {
        address funder = funderSeed % 2 == 0 ? FUNDER_A : FUNDER_B;
        address beneficiary = _accounts[beneficiarySeed % 5];
        address asset = _asset(useToken);
        uint256 amount = bound(amountSeed, 1, 1e21);
        uint64 start = uint64(block.timestamp - bound(s, 0, 2 days) + bound(s >> 32, 0, 2 days));
        uint64 end = uint64(start + bound(s >> 64, 1, 30 days));
        uint64 cliff = uint64(bound(s >> 96, start, end));
        bool valid = (s >> 128) % 8 != 0;
        if (!valid) (start, end) = (end, start);
        uint256 value;
        if (useToken) {
            token.mint(funder, amount);
            vm.prank(funder);
            token.approve(address(engine), amount);
        } else {
            vm.deal(funder, amount);
            value = amount;
        }
        vm.prank(funder);
        try engine.createGrant{value: value}(beneficiary, asset, amount, start, cliff, end) returns (
            uint256 id
        ) {
            _outcome("createGrant", valid, true);
            if (id != grantCount + 1) _fail("createGrant: unexpected id");
            ghostDeposited[asset] += amount;
            _newGrant(GhostGrant(funder, beneficiary, asset, start, cliff, end, amount, 0, false));
        } catch {
            _outcome("createGrant", valid, false);
            if (useToken) {
                vm.prank(funder);
                token.approve(address(engine), 0);
            }
        }
    }

    /// @notice The beneficiary (or, one time in six, a stranger) claims a grant.
    function claim(uint256 grantSeed, uint256 callerSeed) external {
        if (grantCount == 0) return;
        uint256 id = 1 + grantSeed % grantCount;
        GhostGrant storage g = _grants[id];
        bool stranger = callerSeed % 6 == 0;
        address caller = stranger ? STRANGER : g.beneficiary;
        uint256 vested = _vested(g);
        uint256 expected = vested > g.claimed ? vested - g.claimed : 0;
        vm.prank(caller);
        try engine.claim(id) returns (uint256 amount) {
            _outcome("claim", !stranger && expected != 0, true);
            if (amount != expected) _fail("claim: amount differs from the model's vesting");
            if (amount > expected) overpaid++;
            g.claimed += amount;
            _pay(g.token, caller, amount);
        } catch {
            _outcome("claim", !stranger && expected != 0, false);
        }
    }

    /// @notice The grantor (or, one time in six, a stranger) revokes a grant.
    function revoke(uint256 grantSeed, uint256 callerSeed) external {
        if (grantCount == 0) return;
        uint256 id = 1 + grantSeed % grantCount;
        GhostGrant storage g = _grants[id];
        bool stranger = callerSeed % 6 == 0;
        address caller = stranger ? STRANGER : g.grantor;
        uint256 vested = _vested(g);
        vm.prank(caller);
        try engine.revokeGrant(id) returns (uint256 returned) {
            _outcome("revoke", !stranger && !g.revoked && g.grantor != address(0), true);
            if (returned != g.total - vested) _fail("revoke: returned differs from the unvested part");
            if (returned > g.total - vested) overpaid++;
            g.revoked = true;
            g.total = vested;
            _pay(g.token, caller, returned);
        } catch {
            _outcome("revoke", !stranger && !g.revoked && g.grantor != address(0), false);
        }
    }

    /// @notice Governance changes the fee and the sustainability share within their bounds.
    function setFee(uint256 feeSeed, uint256 shareSeed) external {
        uint16 feeBps = uint16(bound(feeSeed, 0, 1000));
        uint16 shareBps = uint16(bound(shareSeed, 100, 500));
        vm.startPrank(ADMIN);
        try engine.setFee(feeBps, FEE_WALLET) {
            _outcome("setFee", true, true);
            ghostFeeBps = feeBps;
        } catch {
            _outcome("setFee", true, false);
        }
        try engine.setSustainability(shareBps, SUS_WALLET) {
            _outcome("setSustainability", true, true);
            ghostSustainabilityBps = shareBps;
        } catch {
            _outcome("setSustainability", true, false);
        }
        vm.stopPrank();
    }

    /// @notice The pauser flips the circuit breaker: unpauses a paused engine, pauses a running one
    /// one time in three (so that settlements mostly run), and one time in eight tries to flip it
    /// the wrong way, which is refused.
    function togglePause(uint256 seed) external {
        if (!ghostPaused && seed % 3 != 0 && seed % 8 != 0) return;
        bool wrongWay = seed % 8 == 0;
        bool pause = wrongWay ? ghostPaused : !ghostPaused;
        vm.prank(PAUSER);
        if (pause) {
            try engine.pauseSettlement() {
                _outcome("pause", !ghostPaused, true);
                ghostPaused = true;
            } catch {
                _outcome("pause", !ghostPaused, false);
            }
        } else {
            try engine.unpause() {
                _outcome("unpause", ghostPaused, true);
                ghostPaused = false;
            } catch {
                _outcome("unpause", ghostPaused, false);
            }
        }
        if (engine.paused() != ghostPaused) _fail("pause: state differs from the model");
    }

    /// @notice Anyone closes an epoch between the first and the next one; the root must be the
    /// Merkle root of the model's leaves for it.
    function closeEpoch(uint256 seed) external {
        uint64 current = engine.epochOf(block.timestamp);
        uint64 epoch = uint64(bound(seed, firstEpoch, uint256(current) + 1));
        bool predicted = epoch < current && !ghostClosed[epoch];
        vm.prank(STRANGER);
        try engine.closeEpoch(epoch) returns (bytes32 root) {
            _outcome("closeEpoch", predicted, true);
            ghostClosed[epoch] = true;
            if (root != SettlementReference.merkleRoot(_leaves[epoch])) _fail("closeEpoch: root differs");
            if (engine.epochRootOf(epoch) != root) _fail("closeEpoch: stored root differs");
        } catch {
            _outcome("closeEpoch", predicted, false);
        }
    }

    /// @notice Time passes: up to three days.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 3 days));
    }
}
