// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {SettlementMath} from "../../contracts/solidity/settlement/SettlementMath.sol";
import {SettlementFixture} from "../support/SettlementFixture.sol";
import {SettlementReference} from "../support/SettlementReference.sol";

contract SettlementEngineFuzzTest is SettlementFixture {
    /// @dev One random settlement: the payment, the graph, the tax path and the configuration.
    struct Case {
        uint256 amount;
        address asset;
        uint16 feeBps;
        uint16 sustainabilityBps;
        uint256 hold;
        bool packed;
        uint256[] rates;
        ISettlementEngine.Share[] shares;
    }

    bytes32 internal constant FUZZ_GRAPH = keccak256("graph:fuzz");

    // ------------------------------------------------------------------ generators

    function _rand(uint256 seed, uint256 salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    /// @dev The i-th recipient: distinct from every fixture account and from each other.
    function _recipient(uint256 i) internal pure returns (address) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return address(uint160(0xF000000 + i));
    }

    function _collector(uint256 level) internal pure returns (address) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return address(uint160(0xC011000 + level));
    }

    function _code(uint256 level) internal pure returns (bytes32) {
        return bytes32(uint256(0xC0DE00 + level));
    }

    /// @dev `n` shares with random basis points summing to at most 10,000 (exactly, one time in two),
    /// random kinds (at most one Pool), and one time in four each a floor, a cap, an adjustment; one
    /// time in eight a vesting schedule. Floors are small against the amount unless `refusals`, in
    /// which case some are large enough to refuse the settlement.
    function _graph(uint256 seed, uint256 n, uint256 amount, bool refusals, bool positiveAdjustments)
        internal
        pure
        returns (ISettlementEngine.Share[] memory shares)
    {
        return _graphWith(
            seed, GraphParams(n, Math.min(amount, type(uint128).max), refusals, positiveAdjustments)
        );
    }

    function _graphWith(uint256 seed, GraphParams memory p)
        internal
        pure
        returns (ISettlementEngine.Share[] memory shares)
    {
        uint256 n = p.n;
        shares = new ISettlementEngine.Share[](n);
        uint256 budget = 10_000;
        bool full = seed % 2 == 0;
        bool pool;
        for (uint256 i = 0; i < n; i++) {
            uint256 r = _rand(seed, i);
            ISettlementEngine.Share memory share = shares[i];
            share.recipient = _recipient(i);
            uint256 bps = (r >> 8) % 4 == 0 ? bound(r, 0, budget) : bound(r, 0, budget / (n - i));
            if (full && i == n - 1) bps = budget;
            // bps <= budget <= 10,000.
            // forge-lint: disable-next-line(unsafe-typecast)
            share.bps = uint16(bps);
            budget -= bps;

            uint256 kind = (r >> 16) % 16;
            if (kind == 12) share.kind = ISettlementEngine.NodeKind.Insurer;
            if (kind == 13) share.kind = ISettlementEngine.NodeKind.Escrow;
            if (kind == 14 && !pool) (share.kind, pool) = (ISettlementEngine.NodeKind.Pool, true);
            _randomTerms(share, r, p);
        }
    }

    struct GraphParams {
        uint256 n;
        uint256 termScale;
        bool refusals;
        bool positiveAdjustments;
    }

    function _randomTerms(ISettlementEngine.Share memory share, uint256 r, GraphParams memory p)
        internal
        pure
    {
        if ((r >> 24) % 4 == 0) {
            uint256 most = p.refusals && (r >> 28) % 2 == 0 ? p.termScale : p.termScale / (4 * p.n);
            share.floor = uint128(bound(r >> 32, 0, most));
        }
        if ((r >> 64) % 4 == 0) {
            uint256 above = bound(r >> 72, 0, p.termScale);
            share.cap = uint128(Math.min(uint256(share.floor) + above, type(uint128).max));
        }
        if ((r >> 100) % 4 == 0) {
            int256 magnitude =
                int256(bound(r >> 108, 0, Math.min(p.termScale, uint256(type(uint128).max) >> 1)));
            bool negative = !p.positiveAdjustments || (r >> 104) % 2 == 0;
            share.adjustment = int128(negative ? -magnitude : magnitude);
        }
        if ((r >> 200) % 8 == 0) {
            share.vestingEnd = uint64(bound(r >> 208, 1, 365 days));
            share.vestingCliff = uint64(bound(r >> 240, 0, share.vestingEnd));
        }
    }

    /// @dev 0 to 4 levels, mostly modest rates, sometimes up to 10,000 bps each.
    function _taxRates(uint256 seed) internal pure returns (uint256[] memory rates) {
        rates = new uint256[](seed % 5);
        for (uint256 i = 0; i < rates.length; i++) {
            uint256 r = _rand(seed, 100 + i);
            rates[i] = r % 4 == 0 ? bound(r >> 8, 0, 10_000) : bound(r >> 8, 0, 1500);
        }
    }

    function _case(
        uint256 amount,
        uint256 graphSeed,
        uint256 count,
        uint256 taxSeed,
        uint256 configSeed,
        bool refusals,
        bool positiveAdjustments
    ) internal view returns (Case memory c) {
        c.amount = amount;
        c.asset = configSeed % 2 == 0 ? ETH : address(token);
        c.feeBps = uint16(bound(configSeed >> 8, 0, 1000));
        c.sustainabilityBps = uint16(bound(configSeed >> 24, 100, 500));
        c.hold = (configSeed >> 40) % 3 == 0 ? bound(configSeed >> 48, 0, amount) : 0;
        c.packed = (configSeed >> 200) % 2 == 0;
        c.rates = _taxRates(taxSeed);
        c.shares = _graph(graphSeed, count, amount, refusals, positiveAdjustments);
    }

    // ------------------------------------------------------------------ setup and checks

    /// @dev Registers the case's graph, table, path, hold, fee and sustainability on the engine.
    function _configure(Case memory c) internal {
        _register(FUZZ_GRAPH, c.shares);
        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](c.rates.length);
        ISettlementEngine.JurisdictionLevel[] memory path =
            new ISettlementEngine.JurisdictionLevel[](c.rates.length);
        for (uint256 i = 0; i < c.rates.length; i++) {
            entries[i] = _entry(_code(i), 0, i % 2 == 0, uint16(c.rates[i]), _collector(i));
            path[i] = _level(_code(i), i % 2 == 0);
        }
        _registerTable(entries);
        _setPath(FUZZ_GRAPH, path);
        vm.startPrank(ADMIN);
        engine.setFee(c.feeBps, FEE_WALLET);
        engine.setSustainability(c.sustainabilityBps, SUS_WALLET);
        vm.stopPrank();
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, c.hold, keccak256("fuzz"));
    }

    /// @dev Settles the case and checks it against the reference to the unit: totals, every
    /// collector, the fee and sustainability wallets, every share (credit, escrow or grant), the
    /// dust's receiver, the hold, and Σ credits + escrow + grants = A = what the engine holds.
    function _run(Case memory c) internal {
        _configure(c);
        SettlementReference.Outcome memory o =
            SettlementReference.split(c.amount, c.rates, c.feeBps, c.sustainabilityBps, c.hold, c.shares);
        ISettlementEngine.SettleRequest memory request = _request(_txid(0), FUZZ_GRAPH, c.asset, c.amount);
        if (o.refused) {
            if (c.asset == ETH) vm.deal(SETTLER, c.amount);
            else _fundSettler(c.asset, c.amount);
            vm.expectRevert(
                abi.encodeWithSelector(
                    ISettlementEngine.FloorsExceedAvailable.selector,
                    o.refusedIndex,
                    o.refusedFloor,
                    o.refusedAvailable
                )
            );
            vm.prank(SETTLER);
            if (c.packed) {
                (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) =
                    SettlementReference.pack(c.shares);
                engine.settlePacked{value: c.asset == ETH ? c.amount : 0}(request, packed, terms);
            } else {
                engine.settle{value: c.asset == ETH ? c.amount : 0}(request, c.shares);
            }
            vm.assertFalse(engine.isSettled(request.txid), "refused");
            return;
        }
        ISettlementEngine.Totals memory totals =
            c.packed ? _settlePacked(request, c.shares) : _settle(request, c.shares);
        vm.assertEq(totals.tax, o.tax, "tax");
        vm.assertEq(totals.fee, o.fee, "fee");
        vm.assertEq(totals.sustainability, o.sustainability, "sustainability");
        vm.assertEq(totals.escrow, o.escrow, "escrow");
        vm.assertEq(totals.dust, o.dust, "dust");
        vm.assertEq(totals.dustReason, o.reason, "dust reason");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, c.hold - o.escrow, "hold outstanding");

        uint256 sum = _checkTaxesAndFee(c, o);
        sum += _checkShares(c, o);
        vm.assertEq(sum, c.amount, "value conserved: credits + escrow + grants = A");
        vm.assertEq(_balanceOf(c.asset, address(engine)), c.amount, "the engine holds A");
    }

    function _checkTaxesAndFee(Case memory c, SettlementReference.Outcome memory o)
        internal
        view
        returns (uint256 sum)
    {
        for (uint256 i = 0; i < c.rates.length; i++) {
            vm.assertEq(_credit(c.asset, _collector(i)), o.taxes[i], "level tax");
            sum += _credit(c.asset, _collector(i));
        }
        vm.assertEq(_credit(c.asset, FEE_WALLET), o.fee - o.sustainability, "fee wallet");
        vm.assertEq(_credit(c.asset, SUS_WALLET), o.sustainability, "sustainability wallet");
        sum += _credit(c.asset, FEE_WALLET) + _credit(c.asset, SUS_WALLET);
        sum += _credit(c.asset, COMMUNITY_POOL);
    }

    function _checkShares(Case memory c, SettlementReference.Outcome memory o)
        internal
        view
        returns (uint256 sum)
    {
        address pool = COMMUNITY_POOL;
        uint256 escrowed = o.escrow;
        uint256 grantId;
        for (uint256 i = 0; i < c.shares.length; i++) {
            ISettlementEngine.Share memory share = c.shares[i];
            if (share.kind == ISettlementEngine.NodeKind.Pool) pool = share.recipient;
            uint256 amount = o.amounts[i];
            if (share.kind == ISettlementEngine.NodeKind.Escrow) {
                escrowed += amount;
                vm.assertEq(_credit(c.asset, share.recipient), 0, "an Escrow node is not credited");
            } else if (share.vestingEnd != 0) {
                if (share.kind != ISettlementEngine.NodeKind.Pool) {
                    vm.assertEq(_credit(c.asset, share.recipient), 0, "a vesting share is not credited");
                }
                if (amount == 0) continue;
                ISettlementEngine.Grant memory grant = engine.grantOf(++grantId);
                vm.assertEq(grant.beneficiary, share.recipient, "grant beneficiary");
                vm.assertEq(grant.total, amount, "grant total");
                vm.assertEq(grant.token, c.asset, "grant token");
                vm.assertEq(grant.end - grant.start, share.vestingEnd, "grant end");
                vm.assertEq(grant.cliff - grant.start, share.vestingCliff, "grant cliff");
                sum += grant.total;
            } else if (share.kind != ISettlementEngine.NodeKind.Pool) {
                vm.assertEq(_credit(c.asset, share.recipient), amount, "share credit");
                sum += amount;
            }
        }
        vm.assertEq(engine.grantOf(grantId + 1).beneficiary, address(0), "no other grant");
        vm.assertEq(engine.escrowOf(LICENSE, c.asset), escrowed, "escrow: the hold's and Escrow nodes'");
        sum += escrowed;
        // The Pool node (or the community pool) has its own share, if credited, and the dust.
        if (pool != COMMUNITY_POOL) {
            uint256 own;
            for (uint256 i = 0; i < c.shares.length; i++) {
                if (c.shares[i].recipient == pool && c.shares[i].vestingEnd == 0) own = o.amounts[i];
            }
            vm.assertEq(_credit(c.asset, pool), own + o.dust, "Pool node: its share and the dust");
            vm.assertEq(_credit(c.asset, COMMUNITY_POOL), 0, "community pool");
            sum += _credit(c.asset, pool);
        } else {
            vm.assertEq(_credit(c.asset, COMMUNITY_POOL), o.dust, "community pool: the dust");
        }
    }

    // ------------------------------------------------------------------ settlement

    /// @notice Random amounts (0 < A ≤ 2^200), graphs of 1 to 20 shares, taxes, fee, sustainability
    /// and holds: the engine pays exactly what the reference computes, and nothing is created or lost.
    function testFuzz_Settle_ConservesValueAndMatchesTheReference(
        uint256 amountSeed,
        uint256 graphSeed,
        uint256 countSeed,
        uint256 taxSeed,
        uint256 configSeed
    ) public {
        uint256 amount = amountSeed % 3 == 0 ? bound(amountSeed, 1, 10_000) : bound(amountSeed, 1, 2 ** 200);
        _run(_case(amount, graphSeed, bound(countSeed, 1, 20), taxSeed, configSeed, false, true));
    }

    /// @notice As above with floors large enough to refuse: the engine refuses exactly when the
    /// reference does, with the same index, floor and available amount.
    function testFuzz_Settle_RefusesExactlyWhenFloorsDoNotFit(
        uint256 amountSeed,
        uint256 graphSeed,
        uint256 countSeed,
        uint256 taxSeed,
        uint256 configSeed
    ) public {
        uint256 amount = bound(amountSeed, 1, 2 ** 200);
        _run(_case(amount, graphSeed, bound(countSeed, 1, 20), taxSeed, configSeed, true, true));
    }

    /// @notice Up to 100 recipients.
    function testFuzz_Settle_ManyRecipients(uint256 amountSeed, uint256 graphSeed, uint256 countSeed) public {
        uint256 amount = bound(amountSeed, 1, 2 ** 128);
        _run(
            _case(amount, graphSeed, bound(countSeed, 21, 100), graphSeed >> 3, amountSeed >> 3, false, true)
        );
    }

    /// @notice Amounts at the top of uint256 (in an ERC-20): the arithmetic neither overflows nor
    /// loses a unit. Positive adjustments included: the reference saturates them.
    function testFuzz_Settle_NearTheMaximumAmount(uint256 offset, uint256 graphSeed, uint256 countSeed)
        public
    {
        uint256 amount = type(uint256).max - bound(offset, 0, 2 ** 64);
        Case memory c = _case(amount, graphSeed, bound(countSeed, 1, 10), graphSeed >> 7, 1, false, true);
        _run(c);
    }

    /// @notice As above, without positive adjustments (which the engine does not saturate; see the
    /// unit test `test_Settle_MaximumAmountWithPositiveAdjustmentSaturatesLikeTheReference`).
    function testFuzz_Settle_NearTheMaximumAmountWithoutPositiveAdjustments(
        uint256 offset,
        uint256 graphSeed,
        uint256 countSeed,
        uint256 configSeed
    ) public {
        uint256 amount = type(uint256).max - bound(offset, 0, 2 ** 64);
        Case memory c =
            _case(amount, graphSeed, bound(countSeed, 1, 10), graphSeed >> 7, configSeed, false, false);
        c.asset = address(token);
        _run(c);
    }

    /// @notice A zero amount is refused whatever the graph and asset.
    function testFuzz_RevertWhen_AmountIsZero(uint256 graphSeed, uint256 countSeed, bool useToken) public {
        ISettlementEngine.Share[] memory shares =
            _graph(graphSeed, bound(countSeed, 1, 20), 1000, false, true);
        _register(FUZZ_GRAPH, shares);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.InvalidAmount.selector, 0, 0));
        vm.prank(SETTLER);
        engine.settle(_request(_txid(0), FUZZ_GRAPH, useToken ? address(token) : ETH, 0), shares);
    }

    /// @notice Two settlements never pay more than twice one: a txid settles once, a second one with a
    /// fresh txid settles the same way (no hold).
    function testFuzz_Settle_IsDeterministicAndReplayProtected(uint256 amountSeed, uint256 graphSeed) public {
        uint256 amount = bound(amountSeed, 1, 2 ** 100);
        ISettlementEngine.Share[] memory shares = _graph(graphSeed, 5, amount, false, true);
        _register(FUZZ_GRAPH, shares);
        SettlementReference.Outcome memory o =
            SettlementReference.split(amount, _noRates(), FEE_BPS, SUSTAINABILITY_BPS, 0, shares);
        vm.assume(!o.refused);
        ISettlementEngine.Totals memory first = _settle(_request(_txid(1), FUZZ_GRAPH, ETH, amount), shares);
        vm.deal(SETTLER, amount);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.TxidAlreadySettled.selector, _txid(1)));
        vm.prank(SETTLER);
        engine.settle{value: amount}(_request(_txid(1), FUZZ_GRAPH, ETH, amount), shares);
        ISettlementEngine.Totals memory second = _settle(_request(_txid(2), FUZZ_GRAPH, ETH, amount), shares);
        vm.assertEq(keccak256(abi.encode(first)), keccak256(abi.encode(second)), "same totals");
        vm.assertEq(address(engine).balance, 2 * amount, "two payments held");
        vm.assertEq(_credit(ETH, COMMUNITY_POOL), 2 * o.dust * (_hasPool(shares) ? 0 : 1), "dust twice");
    }

    function _hasPool(ISettlementEngine.Share[] memory shares) internal pure returns (bool) {
        for (uint256 i = 0; i < shares.length; i++) {
            if (shares[i].kind == ISettlementEngine.NodeKind.Pool) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ registration

    /// @dev The registration rules, written from the interface.
    function _firstInvalid(ISettlementEngine.Share[] memory shares) internal pure returns (bool, uint256) {
        uint256 total;
        bool pool;
        for (uint256 i = 0; i < shares.length; i++) {
            ISettlementEngine.Share memory s = shares[i];
            total += s.bps;
            bool poolAgain = s.kind == ISettlementEngine.NodeKind.Pool && pool;
            if (
                s.recipient == address(0) || total > 10_000 || (s.cap != 0 && s.floor > s.cap)
                    || s.vestingCliff > s.vestingEnd || poolAgain
            ) return (true, i);
            if (s.kind == ISettlementEngine.NodeKind.Pool) pool = true;
        }
        return (false, 0);
    }

    /// @notice registerGraph accepts exactly the graphs the interface allows, and reports the first
    /// offending share.
    function testFuzz_RegisterGraph_RefusesExactlyTheInvalidGraphs(uint256 seed, uint256 countSeed) public {
        uint256 n = bound(countSeed, 1, 12);
        ISettlementEngine.Share[] memory shares = new ISettlementEngine.Share[](n);
        for (uint256 i = 0; i < n; i++) {
            uint256 r = _rand(seed, i);
            shares[i].recipient = r % 16 == 0 ? address(0) : _recipient(i);
            shares[i].bps = uint16(bound(r >> 8, 0, r % 5 == 0 ? 10_000 : 10_000 / n));
            shares[i].kind = ISettlementEngine.NodeKind((r >> 24) % 4);
            shares[i].floor = uint128(bound(r >> 32, 0, 100));
            shares[i].cap = (r >> 40) % 2 == 0 ? 0 : uint128(bound(r >> 48, 0, 100));
            shares[i].vestingEnd = uint64(bound(r >> 64, 0, 50));
            shares[i].vestingCliff = uint64(bound(r >> 96, 0, 50));
        }
        (bool invalid, uint256 index) = _firstInvalid(shares);
        if (invalid) {
            vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.InvalidGraph.selector, index));
            vm.prank(GRAPHER);
            engine.registerGraph(FUZZ_GRAPH, shares);
            vm.assertEq(engine.graphHashOf(FUZZ_GRAPH), bytes32(0), "nothing stored");
        } else {
            _register(FUZZ_GRAPH, shares);
            vm.assertEq(engine.graphHashOf(FUZZ_GRAPH), SettlementReference.graphHash(shares), "graph hash");
        }
    }

    // ------------------------------------------------------------------ rounding

    function mulDivHalfEven(uint256 a, uint256 n, uint256 d) external pure returns (uint256) {
        return SettlementMath.mulDivHalfEven(a, n, d);
    }

    /// @dev The reference: the exact 512-bit quotient and remainder; `fits` is false when the
    /// rounded result does not fit 256 bits.
    function _halfEvenReference(uint256 a, uint256 n, uint256 d)
        internal
        pure
        returns (bool fits, uint256 q)
    {
        (uint256 high,) = Math.mul512(a, n);
        if (high >= d) return (false, 0);
        q = Math.mulDiv(a, n, d);
        uint256 r = mulmod(a, n, d);
        bool up = r > d - r || (r == d - r && q & 1 == 1);
        if (up && q == type(uint256).max) return (false, 0);
        return (true, up ? q + 1 : q);
    }

    /// @notice SettlementMath.mulDivHalfEven against the 512-bit reference, for any amount and any
    /// numerator and denominator up to 2^64: equal where the result fits, a revert where it does not.
    function testFuzz_MulDivHalfEven_MatchesThe512BitReference(uint256 a, uint64 n, uint64 dSeed)
        public
        view
    {
        uint256 d = bound(dSeed, 1, type(uint64).max);
        (bool fits, uint256 expected) = _halfEvenReference(a, n, d);
        try this.mulDivHalfEven(a, n, d) returns (uint256 result) {
            vm.assertTrue(fits, "returned a result that does not fit");
            vm.assertEq(result, expected, "half to even");
        } catch {
            vm.assertFalse(fits, "reverted although the result fits");
        }
    }

    /// @notice Basis points of any amount: always fits, always the nearest integer (ties to even).
    function testFuzz_MulDivHalfEven_BasisPoints(uint256 a, uint16 bpsSeed) public pure {
        uint256 bps = bound(bpsSeed, 0, 10_000);
        uint256 result = SettlementMath.mulDivHalfEven(a, bps, 10_000);
        (, uint256 expected) = _halfEvenReference(a, bps, 10_000);
        vm.assertEq(result, expected, "reference");
        // |result × 10,000 − a × bps| ≤ 5,000, checked in 512 bits: result is a nearest integer.
        uint256 floor = Math.mulDiv(a, bps, 10_000);
        vm.assertTrue(result == floor || result == floor + 1, "floor or floor + 1");
        uint256 remainder = mulmod(a, bps, 10_000);
        if (remainder < 5000) vm.assertEq(result, floor, "below half rounds down");
        if (remainder > 5000) vm.assertEq(result, floor + 1, "above half rounds up");
        if (remainder == 5000) vm.assertEq(result % 2, 0, "a half rounds to even");
    }

    /// @notice Small exact cases, against the naive formula.
    function testFuzz_MulDivHalfEven_SmallValuesAgainstTheNaiveFormula(uint128 a, uint32 n, uint32 dSeed)
        public
        pure
    {
        uint256 d = bound(dSeed, 1, type(uint32).max);
        uint256 product = uint256(a) * n;
        uint256 q = product / d;
        uint256 twice = 2 * (product % d);
        uint256 expected = twice > d || (twice == d && q % 2 == 1) ? q + 1 : q;
        vm.assertEq(SettlementMath.mulDivHalfEven(a, n, d), expected, "naive");
    }

    // ------------------------------------------------------------------ grants

    /// @notice A grant vests linearly from start with nothing before the cliff, claims never exceed
    /// the total, and a revocation splits the total exactly into the vested and the returned parts.
    function testFuzz_Grant_VestsLinearlyAndRevocationConserves(
        uint256 totalSeed,
        uint64 startSeed,
        uint64 cliffSeed,
        uint64 endSeed,
        uint64 claimAt,
        uint64 revokeAt,
        bool useToken
    ) public {
        uint256 total = bound(totalSeed, 1, 2 ** 200);
        uint64 start = uint64(bound(startSeed, T0 - 365 days, T0 + 365 days));
        uint64 end = uint64(bound(endSeed, uint256(start) + 1, uint256(start) + 4 * 365 days));
        uint64 cliff = uint64(bound(cliffSeed, start, end));
        address asset = useToken ? address(token) : ETH;
        uint256 id;
        if (useToken) {
            token.mint(ALICE, total);
            vm.prank(ALICE);
            token.approve(address(engine), total);
            vm.prank(ALICE);
            id = engine.createGrant(BOB, asset, total, start, cliff, end);
        } else {
            vm.deal(ALICE, total);
            vm.prank(ALICE);
            id = engine.createGrant{value: total}(BOB, asset, total, start, cliff, end);
        }

        uint64 first = uint64(bound(claimAt, start, uint256(end) + 10 days));
        vm.warp(first);
        uint256 vested = _vested(total, start, cliff, end, first);
        vm.assertEq(engine.claimable(id), vested, "claimable is the linear schedule");
        if (vested != 0) {
            vm.prank(BOB);
            engine.claim(id);
        }
        uint64 second = uint64(bound(revokeAt, first, uint256(end) + 20 days));
        vm.warp(second);
        uint256 vestedLater = _vested(total, start, cliff, end, second);
        vm.assertLe(vested, vestedLater, "vesting never decreases");
        vm.prank(ALICE);
        uint256 returned = engine.revokeGrant(id);
        vm.assertEq(returned, total - vestedLater, "the unvested part returns");
        vm.assertEq(_credit(asset, ALICE), returned, "to the grantor");
        vm.assertEq(engine.claimable(id), vestedLater - vested, "the vested rest stays claimable");
        vm.warp(uint256(end) + 30 days);
        vm.assertEq(engine.claimable(id), vestedLater - vested, "and does not grow");
        if (vestedLater > vested) {
            vm.prank(BOB);
            engine.claim(id);
        }
        vm.assertEq(_credit(asset, BOB) + _credit(asset, ALICE), total, "vested + returned = total");
        vm.assertEq(_balanceOf(asset, address(engine)), total, "all held until withdrawn");
    }

    function _vested(uint256 total, uint64 start, uint64 cliff, uint64 end, uint256 at)
        internal
        pure
        returns (uint256)
    {
        if (at < cliff) return 0;
        if (at >= end) return total;
        return Math.mulDiv(total, at - start, uint256(end) - start);
    }

    /// @notice createGrant refuses exactly the schedules that are not start ≤ cliff ≤ end, start < end.
    function testFuzz_CreateGrant_ScheduleRule(uint64 start, uint64 cliff, uint64 end) public {
        bool valid = start <= cliff && cliff <= end && start < end;
        vm.deal(ALICE, 1);
        if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(ISettlementEngine.InvalidSchedule.selector, start, cliff, end)
            );
        }
        vm.prank(ALICE);
        engine.createGrant{value: 1}(BOB, ETH, 1, start, cliff, end);
        if (valid) vm.assertEq(engine.grantOf(1).end, end, "created");
    }

    // ------------------------------------------------------------------ epochs

    /// @notice The epoch root is the depth-32 Merkle root of its leaves in settlement order, for any
    /// number of settlements.
    function testFuzz_CloseEpoch_RootOfAnyNumberOfLeaves(uint256 countSeed, uint256 amountSeed) public {
        uint256 count = bound(countSeed, 0, 40);
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 7000), _share(BOB, 3000));
        _register(FUZZ_GRAPH, shares);
        bytes32 jurisdictionHash = keccak256(abi.encode(new ISettlementEngine.JurisdictionLevel[](0)));
        uint64 epoch = engine.epochOf(block.timestamp);
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            uint256 amount = bound(_rand(amountSeed, i), 1, 2 ** 96);
            ISettlementEngine.SettleRequest memory request =
                _request(_txid(i), FUZZ_GRAPH, i % 3 == 0 ? address(token) : ETH, amount);
            SettlementReference.Outcome memory o =
                SettlementReference.split(amount, _noRates(), FEE_BPS, SUSTAINABILITY_BPS, 0, shares);
            _settle(request, shares);
            leaves[i] = SettlementReference.leaf(request, o.tax, o.fee, o.escrow, o.dust, 0, jurisdictionHash);
        }
        vm.warp(uint256(epoch + 1) * EPOCH);
        vm.assertEq(engine.closeEpoch(epoch), SettlementReference.merkleRoot(leaves), "root");
    }
}
