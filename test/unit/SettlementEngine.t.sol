// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {SettlementEngine} from "../../contracts/solidity/settlement/SettlementEngine.sol";
import {SettlementFixture} from "../support/SettlementFixture.sol";
import {
    FeeOnTransferERC20,
    MockERC20,
    ReentrantERC20,
    ReentrantReceiver,
    RejectingReceiver
} from "../support/SettlementMocks.sol";
import {SettlementReference} from "../support/SettlementReference.sol";

contract SettlementEngineTest is SettlementFixture {
    ISettlementEngine.NodeKind internal constant PARTY = ISettlementEngine.NodeKind.Party;
    ISettlementEngine.NodeKind internal constant INSURER = ISettlementEngine.NodeKind.Insurer;
    ISettlementEngine.NodeKind internal constant ESCROW = ISettlementEngine.NodeKind.Escrow;
    ISettlementEngine.NodeKind internal constant POOL = ISettlementEngine.NodeKind.Pool;

    bytes32 internal constant CASE = keccak256("case-1");

    // ------------------------------------------------------------------ helpers

    function _err(bytes4 selector, uint256 value) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(selector, value);
    }

    function _invalidAmount(uint256 amount, uint256 value) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ISettlementEngine.InvalidAmount.selector, amount, value);
    }

    function _invalidAccount(address account) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(ISettlementEngine.InvalidAccount.selector, account);
    }

    function _noFee() internal {
        vm.prank(ADMIN);
        engine.setFee(0, FEE_WALLET);
    }

    function _kind(ISettlementEngine.Share memory share, ISettlementEngine.NodeKind kind)
        internal
        pure
        returns (ISettlementEngine.Share memory)
    {
        share.kind = kind;
        return share;
    }

    /// @dev Registers `shares` under a fresh graph id (no path) and settles `amount` of `asset` on
    /// LICENSE (no hold) with the fee as set.
    function _settleOn(
        bytes32 graphId,
        ISettlementEngine.Share[] memory shares,
        address asset,
        uint256 amount
    ) internal returns (ISettlementEngine.Totals memory) {
        if (engine.graphHashOf(graphId) == bytes32(0)) _register(graphId, shares);
        return
            _settle(_request(keccak256(abi.encode(graphId, amount, asset)), graphId, asset, amount), shares);
    }

    function _assertTotals(
        ISettlementEngine.Totals memory totals,
        uint256 tax,
        uint256 fee,
        uint256 sustainability,
        uint256 escrow,
        uint256 dust,
        uint8 reason,
        string memory message
    ) internal pure {
        vm.assertEq(totals.tax, tax, string.concat(message, ": tax"));
        vm.assertEq(totals.fee, fee, string.concat(message, ": fee"));
        vm.assertEq(totals.sustainability, sustainability, string.concat(message, ": sustainability"));
        vm.assertEq(totals.escrow, escrow, string.concat(message, ": escrow"));
        vm.assertEq(totals.dust, dust, string.concat(message, ": dust"));
        vm.assertEq(totals.dustReason, reason, string.concat(message, ": dust reason"));
    }

    // ------------------------------------------------------------------ deployment

    function test_Constructor_SetsAdminDefaultsAndConstants() public {
        SettlementEngine fresh = new SettlementEngine(ADMIN, 3600);
        vm.assertTrue(fresh.hasRole(fresh.DEFAULT_ADMIN_ROLE(), ADMIN), "admin");
        vm.assertFalse(fresh.hasRole(fresh.SETTLER_ROLE(), ADMIN), "admin is not a settler");
        (uint16 feeBps, address feeWallet) = fresh.fee();
        vm.assertEq(feeBps, 0, "no fee");
        vm.assertEq(feeWallet, ADMIN, "fee wallet");
        (uint16 shareBps, address wallet) = fresh.sustainability();
        vm.assertEq(shareBps, 100, "minimum sustainability share");
        vm.assertEq(wallet, ADMIN, "sustainability wallet");
        vm.assertEq(fresh.communityPool(), ADMIN, "community pool");
        vm.assertEq(fresh.epochLength(), 3600, "epoch length");
        vm.assertEq(fresh.epochOf(T0), T0 / 3600, "epochOf");
        vm.assertEq(fresh.SETTLER_ROLE(), keccak256("CHLOM_SETTLER_ROLE"), "settler role");
        vm.assertEq(fresh.GRAPH_ROLE(), keccak256("CHLOM_GRAPH_ROLE"), "graph role");
        vm.assertEq(fresh.TAX_ROLE(), keccak256("CHLOM_TAX_ROLE"), "tax role");
        vm.assertEq(fresh.ENFORCEMENT_ROLE(), keccak256("CHLOM_ENFORCEMENT_ROLE"), "enforcement role");
        vm.assertEq(fresh.PAUSER_ROLE(), keccak256("CHLOM_PAUSER_ROLE"), "pauser role");
        vm.assertEq(fresh.MAX_FEE_BPS(), 1000, "max fee");
        vm.assertEq(fresh.MIN_SUSTAINABILITY_BPS(), 100, "min sustainability");
        vm.assertEq(fresh.MAX_SUSTAINABILITY_BPS(), 500, "max sustainability");
        vm.assertEq(fresh.MAX_SHARES(), 10_000, "max shares");
        vm.assertEq(fresh.MAX_LEVELS(), 4, "max levels");
        (uint32 version, bytes32 tableHash) = fresh.activeRateTable();
        vm.assertEq(version, 0, "no table");
        vm.assertEq(tableHash, bytes32(0), "no table hash");
        vm.assertFalse(fresh.paused(), "not paused");
    }

    function test_RevertWhen_ConstructorGetsZeroAdminOrEpoch() public {
        vm.expectRevert(_invalidAccount(address(0)));
        new SettlementEngine(address(0), EPOCH);
        vm.expectRevert(_err(ISettlementEngine.InvalidRate.selector, 0));
        new SettlementEngine(ADMIN, 0);
    }

    // ------------------------------------------------------------------ the specification example

    function _assertExample(address asset, ISettlementEngine.Totals memory totals) internal view {
        _assertTotals(totals, 82_500, 25_000, 750, 10_000, 38_250, 3, "totals");
        vm.assertEq(_credit(asset, US_COLLECTOR), 60_000, "US collector: 600 bps");
        vm.assertEq(_credit(asset, CA_COLLECTOR), 22_500, "US-CA collector: 225 bps");
        vm.assertEq(_credit(asset, FEE_WALLET), 24_250, "fee wallet: the fee less sustainability");
        vm.assertEq(_credit(asset, SUS_WALLET), 750, "sustainability wallet: 300 bps of the fee");
        vm.assertEq(_credit(asset, ALICE), 529_500, "ALICE: 60% of 882,500");
        vm.assertEq(_credit(asset, BOB), 264_750, "BOB: 30% of 882,500");
        vm.assertEq(_credit(asset, CAROL), 50_000, "CAROL: 88,250 capped at 50,000");
        vm.assertEq(_credit(asset, COMMUNITY_POOL), 38_250, "community pool: the capped dust");
        vm.assertEq(engine.escrowOf(LICENSE, asset), 10_000, "escrow for the held license");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 0, "hold satisfied");
        vm.assertEq(engine.holdOf(LICENSE).ref, CASE, "hold ref kept");
        vm.assertEq(_credit(asset, SETTLER), 0, "nothing for the settler");
        vm.assertEq(_balanceOf(asset, address(engine)), 1_000_000, "the engine holds the whole payment");
        vm.assertEq(_balanceOf(asset, SETTLER), 0, "the settler paid it all");
        uint256 sum = _credit(asset, US_COLLECTOR) + _credit(asset, CA_COLLECTOR) + _credit(asset, FEE_WALLET)
            + _credit(asset, SUS_WALLET) + _credit(asset, ALICE) + _credit(asset, BOB) + _credit(asset, CAROL)
            + _credit(asset, COMMUNITY_POOL) + engine.escrowOf(LICENSE, asset);
        vm.assertEq(sum, 1_000_000, "value conserved");
        vm.assertTrue(engine.isSettled(_txid(1)), "txid settled");
    }

    function test_Settle_SpecificationExample_Eth() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 1_000_000), shares);
        _assertExample(ETH, totals);
        vm.assertEq(_credit(address(token), ALICE), 0, "no token credit");
    }

    function test_Settle_SpecificationExample_Erc20() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        ISettlementEngine.Totals memory totals =
            _settle(_request(_txid(1), GRAPH, address(token), 1_000_000), shares);
        _assertExample(address(token), totals);
        vm.assertEq(_credit(ETH, ALICE), 0, "no ETH credit");
        vm.assertEq(address(engine).balance, 0, "no ETH");
    }

    function test_Settle_SpecificationExample_MatchesTheReferenceModel() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        SettlementReference.Outcome memory o = SettlementReference.split(
            1_000_000, _rates(600, 225), FEE_BPS, SUSTAINABILITY_BPS, 10_000, shares
        );
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 1_000_000), shares);
        vm.assertEq(o.distributable, 882_500, "B");
        vm.assertEq(o.amounts[0], _credit(ETH, ALICE), "share 0");
        vm.assertEq(o.amounts[1], _credit(ETH, BOB), "share 1");
        vm.assertEq(o.amounts[2], _credit(ETH, CAROL), "share 2");
        _assertTotals(totals, o.tax, o.fee, o.sustainability, o.escrow, o.dust, o.reason, "reference");
    }

    function test_Settle_EmitsSettledWithTableAndJurisdictionHashes() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        bytes32 tableHash = keccak256(abi.encode(_exampleTable()));
        bytes32 jurisdictionHash = keccak256(abi.encode(_examplePath()));
        (uint32 version, bytes32 active) = engine.activeRateTable();
        vm.assertEq(version, 1, "version");
        vm.assertEq(active, tableHash, "table hash is keccak256(abi.encode(entries))");

        ISettlementEngine.SettleRequest memory request = _request(_txid(1), GRAPH, address(token), 1_000_000);
        _fundSettler(address(token), 1_000_000);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.Settled(
            _txid(1),
            GRAPH,
            LICENSE,
            address(token),
            1_000_000,
            82_500,
            25_000,
            10_000,
            38_250,
            3,
            tableHash,
            jurisdictionHash
        );
        vm.prank(SETTLER);
        engine.settle(request, shares);
    }

    function test_Settle_WithoutTableOrPath_EmitsZeroTableHashAndTheEmptyPathHash() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        ISettlementEngine.JurisdictionLevel[] memory empty = new ISettlementEngine.JurisdictionLevel[](0);
        vm.deal(SETTLER, 1000);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.Settled(
            _txid(1), GRAPH, LICENSE, ETH, 1000, 0, 25, 0, 0, 0, bytes32(0), keccak256(abi.encode(empty))
        );
        vm.prank(SETTLER);
        engine.settle{value: 1000}(_request(_txid(1), GRAPH, ETH, 1000), shares);
        vm.assertEq(_credit(ETH, ALICE), 975, "ALICE");
        vm.assertEq(_credit(ETH, FEE_WALLET) + _credit(ETH, SUS_WALLET), 25, "fee");
    }

    function test_Settle_CollectorsPerLevelAndTheSameCollectorOnTwoLevels() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](3);
        entries[0] = _entry(US, 0, true, 500, US_COLLECTOR);
        entries[1] = _entry(US_CA, 0, true, 300, CA_COLLECTOR);
        entries[2] = _entry(US_CA_SF, 0, true, 125, US_COLLECTOR);
        _registerTable(entries);
        ISettlementEngine.JurisdictionLevel[] memory path = new ISettlementEngine.JurisdictionLevel[](3);
        (path[0], path[1], path[2]) = (_level(US, true), _level(US_CA, true), _level(US_CA_SF, true));
        _setPath(GRAPH, path);
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 925, "summed rate");
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 100_000), shares);
        vm.assertEq(totals.tax, 9250, "T");
        vm.assertEq(_credit(ETH, US_COLLECTOR), 5000 + 1250, "US collects two levels");
        vm.assertEq(_credit(ETH, CA_COLLECTOR), 3000, "US-CA");
        vm.assertEq(totals.fee, 2500, "fee on the gross amount");
        vm.assertEq(_credit(ETH, ALICE), 100_000 - 9250 - 2500, "ALICE takes B");
    }

    // ------------------------------------------------------------------ rounding

    function test_Settle_RoundsSharesHalfToEven() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 5000));
        _register(GRAPH, shares);
        uint256[4] memory amounts = [uint256(1), 3, 5, 7];
        uint256[4] memory expected = [uint256(0), 2, 2, 4]; // 0.5 → 0, 1.5 → 2, 2.5 → 2, 3.5 → 4
        uint256 paid;
        for (uint256 i = 0; i < amounts.length; i++) {
            ISettlementEngine.Totals memory totals =
                _settle(_request(_txid(i), GRAPH, ETH, amounts[i]), shares);
            paid += expected[i];
            vm.assertEq(_credit(ETH, ALICE), paid, "half to even");
            vm.assertEq(totals.dust, amounts[i] - expected[i], "the rest is dust");
            vm.assertEq(totals.dustReason, 2, "unallocated");
        }
    }

    function test_Settle_RoundsTaxFeeAndSustainabilityHalfToEven() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](1);
        entries[0] = _entry(US, 0, true, 50, US_COLLECTOR);
        _registerTable(entries);
        ISettlementEngine.JurisdictionLevel[] memory path = new ISettlementEngine.JurisdictionLevel[](1);
        path[0] = _level(US, true);
        _setPath(GRAPH, path);

        // 100 × 50 bps = 0.5 → 0; fee 100 × 250 bps = 2.5 → 2; sustainability 2 × 3% = 0.06 → 0.
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 100), shares);
        _assertTotals(totals, 0, 2, 0, 0, 0, 0, "100");
        // 300 × 50 bps = 1.5 → 2; fee 300 × 250 bps = 7.5 → 8.
        totals = _settle(_request(_txid(2), GRAPH, ETH, 300), shares);
        _assertTotals(totals, 2, 8, 0, 0, 0, 0, "300");
        // fee 2,000 × 250 bps = 50, sustainability 50 × 300 bps = 1.5 → 2; tax 10.
        totals = _settle(_request(_txid(3), GRAPH, ETH, 2000), shares);
        _assertTotals(totals, 10, 50, 2, 0, 0, 0, "2,000");
        // fee 6,000 × 250 bps = 150, sustainability 4.5 → 4; tax 30.
        totals = _settle(_request(_txid(4), GRAPH, ETH, 6000), shares);
        _assertTotals(totals, 30, 150, 4, 0, 0, 0, "6,000");
        vm.assertEq(_credit(ETH, SUS_WALLET), 2 + 4, "sustainability credits");
        vm.assertEq(_credit(ETH, FEE_WALLET), 2 + 8 + 48 + 146, "fee wallet credits");
        vm.assertEq(_credit(ETH, US_COLLECTOR), 0 + 2 + 10 + 30, "tax credits");
        vm.assertEq(_credit(ETH, ALICE), 98 + 290 + 1940 + 5820, "ALICE");
    }

    function test_Settle_NeverOverdraws_ThreeWeiOverTwoHalves() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 5000), _share(BOB, 5000));
        _register(GRAPH, shares);
        // 1.5 and 1.5 both round to 2: the second share gets what is left.
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 3), shares);
        vm.assertEq(_credit(ETH, ALICE), 2, "first share rounds up");
        vm.assertEq(_credit(ETH, BOB), 1, "second share gets what is left");
        _assertTotals(totals, 0, 0, 0, 0, 0, 0, "no dust");
        vm.assertEq(_credit(ETH, COMMUNITY_POOL), 0, "no dust credited");
    }

    function test_Settle_RoundingDust_ReasonOne() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 5000), _share(BOB, 5000));
        _register(GRAPH, shares);
        // 2.5 and 2.5 both round to 2: one unit of rounding dust.
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 5), shares);
        vm.assertEq(_credit(ETH, ALICE), 2, "ALICE");
        vm.assertEq(_credit(ETH, BOB), 2, "BOB");
        _assertTotals(totals, 0, 0, 0, 0, 1, 1, "rounding dust");
        vm.assertEq(_credit(ETH, COMMUNITY_POOL), 1, "community pool");
    }

    // ------------------------------------------------------------------ floors, caps, adjustments

    function test_RevertWhen_FloorsExceedAvailable() public {
        _noFee();
        ISettlementEngine.Share memory first = _share(ALICE, 5000);
        first.floor = 80;
        ISettlementEngine.Share memory second = _share(BOB, 0);
        second.floor = 30;
        ISettlementEngine.Share[] memory shares = _shares(first, second);
        _register(GRAPH, shares);
        vm.deal(SETTLER, 100);
        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.FloorsExceedAvailable.selector, 1, uint128(30), 20)
        );
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), GRAPH, ETH, 100), shares);
        vm.assertFalse(engine.isSettled(_txid(1)), "a refused settlement does not use the txid");

        // 110 fits: 80 and 30.
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 110), shares);
        vm.assertEq(_credit(ETH, ALICE), 80, "floor raises 55 to 80");
        vm.assertEq(_credit(ETH, BOB), 30, "floor of a zero-bps share");
        _assertTotals(totals, 0, 0, 0, 0, 0, 0, "exactly used");
    }

    function test_RevertWhen_TheFirstFloorExceedsB() public {
        ISettlementEngine.Share memory first = _share(ALICE, 10_000);
        first.floor = 1000;
        ISettlementEngine.Share[] memory shares = _shares(first);
        _register(GRAPH, shares);
        _fundSettler(address(token), 1000);
        // fee 25 leaves B = 975 < 1,000.
        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.FloorsExceedAvailable.selector, 0, uint128(1000), 975)
        );
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, address(token), 1000), shares);
    }

    function test_Settle_CapsSendTheRestToThePoolAsCapped() public {
        _noFee();
        ISettlementEngine.Share memory capped = _share(ALICE, 8000);
        capped.cap = 500;
        ISettlementEngine.Share[] memory shares = _shares(capped, _share(BOB, 2000));
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, shares, ETH, 1000);
        vm.assertEq(_credit(ETH, ALICE), 500, "capped");
        vm.assertEq(_credit(ETH, BOB), 200, "uncapped");
        _assertTotals(totals, 0, 0, 0, 0, 300, 3, "capped dust");
        vm.assertEq(_credit(ETH, COMMUNITY_POOL), 300, "pool");
    }

    function test_Settle_CapBeatsFloorAndAdjustment() public {
        _noFee();
        ISettlementEngine.Share memory share = _share(ALICE, 1000);
        (share.floor, share.cap, share.adjustment) = (40, 60, 500);
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, _shares(share), ETH, 1000);
        vm.assertEq(_credit(ETH, ALICE), 60, "100 + 500 capped at 60");
        _assertTotals(totals, 0, 0, 0, 0, 940, 3, "capped wins over unallocated");
    }

    function test_Settle_UnallocatedBasisPoints_ReasonTwo() public {
        _noFee();
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, _shares(_share(ALICE, 7000)), ETH, 1000);
        vm.assertEq(_credit(ETH, ALICE), 700, "70%");
        _assertTotals(totals, 0, 0, 0, 0, 300, 2, "unallocated");
        vm.assertEq(_credit(ETH, COMMUNITY_POOL), 300, "pool");
    }

    function test_Settle_AdjustmentsPositiveAndNegative() public {
        _noFee();
        ISettlementEngine.Share memory minus = _share(ALICE, 1000);
        minus.adjustment = -5;
        ISettlementEngine.Share memory plus = _share(BOB, 1000);
        plus.adjustment = 7;
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, _shares(minus, plus), ETH, 100);
        vm.assertEq(_credit(ETH, ALICE), 5, "10 - 5");
        vm.assertEq(_credit(ETH, BOB), 17, "10 + 7");
        _assertTotals(totals, 0, 0, 0, 0, 78, 2, "unallocated");
    }

    function test_Settle_NegativeAdjustmentStopsAtZero() public {
        _noFee();
        ISettlementEngine.Share memory minus = _share(ALICE, 10);
        minus.adjustment = -1000;
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, _shares(minus), ETH, 100);
        vm.assertEq(_credit(ETH, ALICE), 0, "never negative");
        _assertTotals(totals, 0, 0, 0, 0, 100, 2, "all dust");
    }

    function test_Settle_NegativeAdjustmentOnAFullGraphIsRoundingDust() public {
        _noFee();
        ISettlementEngine.Share memory minus = _share(ALICE, 10_000);
        minus.adjustment = -10;
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, _shares(minus), ETH, 1000);
        vm.assertEq(_credit(ETH, ALICE), 990, "1,000 - 10");
        // The reference classifies it as rounding: not capped, and 10,000 bps allocated.
        _assertTotals(totals, 0, 0, 0, 0, 10, 1, "reason 1");
    }

    function test_Settle_PositiveAdjustmentIsBoundedByWhatIsLeft() public {
        _noFee();
        ISettlementEngine.Share memory greedy = _share(ALICE, 5000);
        greedy.adjustment = 1000;
        ISettlementEngine.Totals memory totals =
            _settleOn(GRAPH, _shares(greedy, _share(BOB, 5000)), ETH, 1000);
        vm.assertEq(_credit(ETH, ALICE), 1000, "500 + 1,000, but only 1,000 is there");
        vm.assertEq(_credit(ETH, BOB), 0, "nothing left");
        _assertTotals(totals, 0, 0, 0, 0, 0, 0, "no dust");
    }

    function test_Settle_MaximumAmountConservesValue() public {
        _noFee();
        uint256 max = type(uint256).max;
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 3333), _share(BOB, 6667));
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, shares, address(token), max);
        SettlementReference.Outcome memory o =
            SettlementReference.split(max, _noRates(), 0, SUSTAINABILITY_BPS, 0, shares);
        vm.assertEq(_credit(address(token), ALICE), o.amounts[0], "ALICE");
        vm.assertEq(_credit(address(token), BOB), o.amounts[1], "BOB");
        vm.assertEq(totals.dust, o.dust, "dust");
        vm.assertEq(o.amounts[0] + o.amounts[1] + o.dust, max, "reference conserves");
        vm.assertEq(token.balanceOf(address(engine)), max, "engine holds it all");
    }

    /// @dev The Rust reference saturates `base + adjustment` (`saturating_add`) and then takes what is
    /// left of B, so a positive adjustment on a share near 2^256 settles; the engine's checked `+=`
    /// must not turn that into a revert.
    function test_Settle_MaximumAmountWithPositiveAdjustmentSaturatesLikeTheReference() public {
        _noFee();
        uint256 max = type(uint256).max;
        ISettlementEngine.Share memory share = _share(ALICE, 10_000);
        share.adjustment = 1;
        ISettlementEngine.Share[] memory shares = _shares(share);
        SettlementReference.Outcome memory o =
            SettlementReference.split(max, _noRates(), 0, SUSTAINABILITY_BPS, 0, shares);
        vm.assertEq(o.amounts[0], max, "the reference pays B in full");
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, shares, address(token), max);
        vm.assertEq(_credit(address(token), ALICE), max, "ALICE gets B");
        vm.assertEq(totals.dust, 0, "no dust");
    }

    function test_Settle_TaxesAndFeeNeverExceedTheAmount() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](2);
        entries[0] = _entry(US, 0, true, 6000, US_COLLECTOR);
        entries[1] = _entry(US_CA, 0, true, 6000, CA_COLLECTOR);
        _registerTable(entries);
        _setPath(GRAPH, _examplePath());
        // 6,000 and then min(6,000, 4,000): the second level takes what is left; no fee is left.
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 10_000), shares);
        _assertTotals(totals, 10_000, 0, 0, 0, 0, 0, "all tax");
        vm.assertEq(_credit(ETH, US_COLLECTOR), 6000, "US");
        vm.assertEq(_credit(ETH, CA_COLLECTOR), 4000, "US-CA clamped");
        vm.assertEq(_credit(ETH, FEE_WALLET), 0, "no fee");
        vm.assertEq(_credit(ETH, ALICE), 0, "nothing distributable");
    }

    function test_Settle_FeeIsClampedToWhatTaxesLeave() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](1);
        entries[0] = _entry(US, 0, true, 9990, US_COLLECTOR);
        _registerTable(entries);
        ISettlementEngine.JurisdictionLevel[] memory path = new ISettlementEngine.JurisdictionLevel[](1);
        path[0] = _level(US, true);
        _setPath(GRAPH, path);
        // tax 99,900 leaves 100; the fee would be 2,500: it takes 100, sustainability 3 of it.
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 100_000), shares);
        _assertTotals(totals, 99_900, 100, 3, 0, 0, 0, "clamped fee");
        vm.assertEq(_credit(ETH, FEE_WALLET), 97, "fee wallet");
        vm.assertEq(_credit(ETH, SUS_WALLET), 3, "sustainability");
        vm.assertEq(_credit(ETH, ALICE), 0, "ALICE");
    }

    // ------------------------------------------------------------------ node kinds and vesting

    function test_Settle_PoolNodeReceivesTheDust() public {
        _noFee();
        ISettlementEngine.Share[] memory shares =
            _shares(_kind(_share(DAVE, 1000), POOL), _share(ALICE, 7000), _kind(_share(BOB, 1000), INSURER));
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, shares, ETH, 1000);
        vm.assertEq(_credit(ETH, ALICE), 700, "party");
        vm.assertEq(_credit(ETH, BOB), 100, "insurers are credited");
        vm.assertEq(_credit(ETH, DAVE), 100 + 100, "the Pool node: its share and the dust");
        vm.assertEq(_credit(ETH, COMMUNITY_POOL), 0, "not the community pool");
        _assertTotals(totals, 0, 0, 0, 0, 100, 2, "unallocated");
    }

    function test_Settle_EscrowNodeSharesAreKeptForTheLicense() public {
        _noFee();
        ISettlementEngine.Share[] memory shares =
            _shares(_share(ALICE, 8000), _kind(_share(ERIN, 2000), ESCROW));
        ISettlementEngine.Totals memory totals = _settleOn(GRAPH, shares, address(token), 1000);
        vm.assertEq(_credit(address(token), ALICE), 800, "party");
        vm.assertEq(_credit(address(token), ERIN), 0, "an Escrow node is not credited");
        vm.assertEq(engine.escrowOf(LICENSE, address(token)), 200, "kept for the license");
        vm.assertEq(totals.escrow, 0, "Totals.escrow is the hold's only");

        vm.prank(ENFORCER);
        engine.releaseHold(LICENSE, address(token), ERIN);
        vm.assertEq(_credit(address(token), ERIN), 200, "released to ERIN");
        vm.assertEq(engine.escrowOf(LICENSE, address(token)), 0, "escrow emptied");
    }

    function test_Settle_VestingShareCreatesAGrant() public {
        _noFee();
        vm.warp(T0 + 123);
        ISettlementEngine.Share memory vesting = _share(DAVE, 2000);
        (vesting.vestingCliff, vesting.vestingEnd) = (30 days, 120 days);
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 8000), vesting);
        _register(GRAPH, shares);
        vm.deal(SETTLER, 1_200_000);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.GrantCreated(1, DAVE, ETH, 240_000);
        vm.prank(SETTLER);
        engine.settle{value: 1_200_000}(_request(_txid(1), GRAPH, ETH, 1_200_000), shares);

        vm.assertEq(_credit(ETH, DAVE), 0, "a vesting share is not credited");
        vm.assertEq(_credit(ETH, ALICE), 960_000, "ALICE");
        ISettlementEngine.Grant memory grant = engine.grantOf(1);
        vm.assertEq(grant.grantor, address(0), "no grantor: a payee's grant is irrevocable");
        vm.assertEq(grant.beneficiary, DAVE, "beneficiary");
        vm.assertEq(grant.token, ETH, "token");
        vm.assertEq(grant.start, T0 + 123, "start = block time");
        vm.assertEq(grant.cliff, T0 + 123 + 30 days, "cliff relative to start");
        vm.assertEq(grant.end, T0 + 123 + 120 days, "end relative to start");
        vm.assertEq(grant.total, 240_000, "total");
        vm.assertEq(grant.claimed, 0, "claimed");
        vm.assertFalse(grant.revoked, "revoked");
        vm.assertEq(engine.claimable(1), 0, "nothing before the cliff");

        vm.warp(T0 + 123 + 30 days);
        vm.assertEq(engine.claimable(1), 60_000, "a quarter at the cliff");
        vm.prank(DAVE);
        vm.assertEq(engine.claim(1), 60_000, "claimed");
        vm.assertEq(_credit(ETH, DAVE), 60_000, "credited");
        vm.warp(T0 + 123 + 120 days);
        vm.prank(DAVE);
        vm.assertEq(engine.claim(1), 180_000, "the rest");
        vm.assertEq(address(engine).balance, 1_200_000, "all still in the engine");
    }

    function test_Settle_VestingShareInAnErc20() public {
        _noFee();
        ISettlementEngine.Share memory vesting = _share(DAVE, 10_000);
        vesting.vestingEnd = 10 days;
        _settleOn(GRAPH, _shares(vesting), address(token), 5000);
        ISettlementEngine.Grant memory grant = engine.grantOf(1);
        vm.assertEq(grant.token, address(token), "token");
        vm.assertEq(grant.cliff, T0, "cliff 0 = start");
        vm.assertEq(grant.end, T0 + 10 days, "end");
        vm.assertEq(grant.total, 5000, "total");
        vm.warp(T0 + 5 days);
        vm.assertEq(engine.claimable(1), 2500, "half");
    }

    /// @dev registerGraph only requires cliff <= end, so a vesting end of 2^64 - 1 seconds registers;
    /// the settlement then computes `start + vestingEnd` in uint64. A graph the engine accepted must
    /// settle (or the engine must refuse it at registration): otherwise every payment over it reverts.
    function test_AGraphWithAFarVestingEndIsRefusedOrSettles() public {
        ISettlementEngine.Share memory vesting = _share(ALICE, 10_000);
        vesting.vestingEnd = type(uint64).max;
        ISettlementEngine.Share[] memory shares = _shares(vesting);
        vm.prank(GRAPHER);
        try engine.registerGraph(GRAPH, shares) {
            ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 1000), shares);
            vm.assertEq(totals.fee, 25, "settled");
            vm.assertEq(engine.grantOf(1).total, 975, "into a grant");
        } catch (bytes memory reason) {
            vm.assertEq(
                reason, _err(ISettlementEngine.InvalidGraph.selector, 0), "refused as an invalid graph"
            );
        }
    }

    // ------------------------------------------------------------------ replay and graph checks

    function test_RevertWhen_TxidAlreadySettled() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        _settle(_request(_txid(1), GRAPH, ETH, 1_000_000), shares);
        // The same txid, whatever the asset or amount.
        vm.deal(SETTLER, 5);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.TxidAlreadySettled.selector, _txid(1)));
        vm.prank(SETTLER);
        engine.settle{value: 5}(_request(_txid(1), GRAPH, ETH, 5), shares);
        _fundSettler(address(token), 5);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.TxidAlreadySettled.selector, _txid(1)));
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, address(token), 5), shares);
        vm.assertEq(_credit(ETH, ALICE), 529_500, "first settlement only");
    }

    function test_RevertWhen_GraphIsUnknown() public {
        ISettlementEngine.Share[] memory shares = _exampleShares();
        bytes32 unknown = keccak256("graph:unknown");
        vm.deal(SETTLER, 100);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.GraphMismatch.selector, unknown));
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), unknown, ETH, 100), shares);
    }

    function test_RevertWhen_SharesAreTampered() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        bytes memory mismatch = abi.encodeWithSelector(ISettlementEngine.GraphMismatch.selector, GRAPH);
        vm.deal(SETTLER, 500);

        ISettlementEngine.Share[] memory tampered = _exampleShares();
        tampered[0].recipient = STRANGER;
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), GRAPH, ETH, 100), tampered);

        tampered = _exampleShares();
        tampered[2].cap = 0;
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), GRAPH, ETH, 100), tampered);

        tampered = _shares(shares[1], shares[0], shares[2]);
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), GRAPH, ETH, 100), tampered);

        tampered = _shares(shares[0], shares[1]);
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), GRAPH, ETH, 100), tampered);

        tampered = _exampleShares();
        tampered[1].vestingEnd = 1;
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), GRAPH, ETH, 100), tampered);

        vm.assertFalse(engine.isSettled(_txid(1)), "txid unused");
    }

    function test_RegisterGraph_StoresTheHashAndEmits() public {
        ISettlementEngine.Share[] memory shares = _exampleShares();
        bytes32 expected = SettlementReference.graphHash(shares);
        vm.assertEq(engine.graphHashOf(GRAPH), bytes32(0), "none yet");
        vm.expectEmit(address(engine));
        emit ISettlementEngine.GraphRegistered(GRAPH, expected, 3, GRAPHER);
        vm.assertEq(_register(GRAPH, shares), expected, "returned hash");
        vm.assertEq(engine.graphHashOf(GRAPH), expected, "stored hash");
    }

    function _expectInvalidGraph(ISettlementEngine.Share[] memory shares, uint256 index) internal {
        vm.expectRevert(_err(ISettlementEngine.InvalidGraph.selector, index));
        vm.prank(GRAPHER);
        engine.registerGraph(GRAPH, shares);
    }

    function test_RevertWhen_GraphIsInvalid() public {
        // A zero recipient.
        _expectInvalidGraph(_shares(_share(ALICE, 100), _share(address(0), 100)), 1);
        // Basis points over 10,000: the share that crosses it.
        _expectInvalidGraph(_shares(_share(ALICE, 6000), _share(BOB, 4001), _share(CAROL, 0)), 1);
        _expectInvalidGraph(_shares(_share(ALICE, 10_001)), 0);
        // A floor above its cap.
        ISettlementEngine.Share memory inverted = _share(ALICE, 100);
        (inverted.floor, inverted.cap) = (11, 10);
        _expectInvalidGraph(_shares(_share(BOB, 100), inverted), 1);
        // Two Pool nodes.
        _expectInvalidGraph(
            _shares(_kind(_share(ALICE, 100), POOL), _share(BOB, 100), _kind(_share(CAROL, 100), POOL)), 2
        );
        // A vesting cliff after its end.
        ISettlementEngine.Share memory vesting = _share(ALICE, 100);
        (vesting.vestingCliff, vesting.vestingEnd) = (11, 10);
        _expectInvalidGraph(_shares(vesting), 0);
        // No shares.
        _expectInvalidGraph(new ISettlementEngine.Share[](0), 0);
        // More than MAX_SHARES (10,000) shares.
        ISettlementEngine.Share[] memory many = new ISettlementEngine.Share[](10_001);
        for (uint256 i = 0; i < many.length; i++) {
            // forge-lint: disable-next-line(unsafe-typecast)
            many[i] = _share(address(uint160(0x10000 + i)), 0);
        }
        _expectInvalidGraph(many, 10_001);
        vm.assertEq(engine.graphHashOf(GRAPH), bytes32(0), "nothing registered");
    }

    function test_RegisterGraph_AcceptsTheBoundaries() public {
        // 10,000 shares of 1 bps: MAX_SHARES and 10,000 bps exactly; a floor equal to its cap, a floor
        // without a cap, one Pool node, a cliff equal to its end.
        ISettlementEngine.Share[] memory many = new ISettlementEngine.Share[](10_000);
        for (uint256 i = 0; i < many.length; i++) {
            // forge-lint: disable-next-line(unsafe-typecast)
            many[i] = _share(address(uint160(0x10000 + i)), 1);
        }
        (many[1].floor, many[1].cap) = (5, 5);
        many[2].floor = 7;
        many[3].kind = POOL;
        (many[4].vestingCliff, many[4].vestingEnd) = (10, 10);
        _register(GRAPH, many);
        vm.assertEq(engine.graphHashOf(GRAPH), SettlementReference.graphHash(many), "registered");
    }

    function test_RevertWhen_GraphExists() public {
        _register(GRAPH, _exampleShares());
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.GraphExists.selector, GRAPH));
        vm.prank(GRAPHER);
        engine.registerGraph(GRAPH, _shares(_share(STRANGER, 10_000)));
        vm.assertEq(engine.graphHashOf(GRAPH), SettlementReference.graphHash(_exampleShares()), "unchanged");
    }

    // ------------------------------------------------------------------ the packed form

    /// @dev A graph with every kind and every term: plain, floor + Pool, vesting, Escrow, adjustment.
    function _mixedShares() internal pure returns (ISettlementEngine.Share[] memory shares) {
        shares = new ISettlementEngine.Share[](5);
        shares[0] = _share(ALICE, 4000);
        shares[1] = _kind(_share(BOB, 2000), POOL);
        shares[1].floor = 5;
        shares[2] = _share(CAROL, 1500);
        (shares[2].vestingCliff, shares[2].vestingEnd) = (1 days, 30 days);
        shares[3] = _kind(_share(DAVE, 1000), ESCROW);
        shares[4] = _kind(_share(ERIN, 500), INSURER);
        (shares[4].adjustment, shares[4].cap) = (-2, 1_000_000);
    }

    function test_PackGraph_IsTheDocumentedForm() public view {
        ISettlementEngine.Share[] memory shares = _mixedShares();
        (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) = engine.packGraph(shares);
        vm.assertEq(packed.length, 5, "one word per share");
        vm.assertEq(packed[0], uint256(uint160(ALICE)) | 4000 << 160, "plain Party: t = 0");
        vm.assertEq(packed[1], uint256(uint160(BOB)) | 2000 << 160 | 3 << 176 | 1 << 184, "Pool with terms 1");
        vm.assertEq(packed[2], uint256(uint160(CAROL)) | 1500 << 160 | 2 << 184, "vesting: terms 2");
        vm.assertEq(packed[3], uint256(uint160(DAVE)) | 1000 << 160 | 2 << 176, "plain Escrow");
        vm.assertEq(packed[4], uint256(uint160(ERIN)) | 500 << 160 | 1 << 176 | 3 << 184, "Insurer: terms 3");
        vm.assertEq(terms.length, 3, "terms only for shares that have them");
        vm.assertEq(terms[0].floor, 5, "floor");
        vm.assertEq(terms[1].vestingCliff, 1 days, "cliff");
        vm.assertEq(terms[1].vestingEnd, 30 days, "end");
        vm.assertEq(terms[2].cap, 1_000_000, "cap");
        vm.assertTrue(terms[2].adjustment == -2, "adjustment");
        (uint256[] memory expected, ISettlementEngine.ShareTerms[] memory expectedTerms) =
            SettlementReference.pack(shares);
        vm.assertEq(
            keccak256(abi.encode(packed, terms)), keccak256(abi.encode(expected, expectedTerms)), "ref"
        );
    }

    function test_RegisterGraph_HashIsThePackedForms() public {
        ISettlementEngine.Share[] memory shares = _mixedShares();
        (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) = engine.packGraph(shares);
        vm.assertEq(
            _register(GRAPH, shares),
            keccak256(abi.encode(packed, terms)),
            "keccak256(abi.encode(packed, terms))"
        );
    }

    function test_SettlePacked_SpecificationExample() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        ISettlementEngine.SettleRequest memory request = _request(_txid(1), GRAPH, address(token), 1_000_000);
        (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) =
            SettlementReference.pack(shares);
        _fundSettler(address(token), 1_000_000);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.Settled(
            _txid(1),
            GRAPH,
            LICENSE,
            address(token),
            1_000_000,
            82_500,
            25_000,
            10_000,
            38_250,
            3,
            keccak256(abi.encode(_exampleTable())),
            keccak256(abi.encode(_examplePath()))
        );
        vm.prank(SETTLER);
        _assertExample(address(token), engine.settlePacked(request, packed, terms));
    }

    function test_SettlePacked_PaysExactlyLikeSettle() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _mixedShares();
        _register(GRAPH, shares);
        ISettlementEngine.Totals memory a = _settle(_request(_txid(1), GRAPH, ETH, 1_000_003), shares);
        uint256[6] memory first = [
            _credit(ETH, ALICE),
            _credit(ETH, BOB),
            _credit(ETH, DAVE),
            _credit(ETH, ERIN),
            engine.escrowOf(LICENSE, ETH),
            engine.grantOf(1).total
        ];
        ISettlementEngine.Totals memory b = _settlePacked(_request(_txid(2), GRAPH, ETH, 1_000_003), shares);
        vm.assertEq(keccak256(abi.encode(a)), keccak256(abi.encode(b)), "same totals");
        vm.assertEq(_credit(ETH, ALICE), 2 * first[0], "ALICE twice");
        vm.assertEq(_credit(ETH, BOB), 2 * first[1], "BOB (Pool: share + dust) twice");
        vm.assertEq(_credit(ETH, DAVE), 0, "Escrow node not credited");
        vm.assertEq(_credit(ETH, ERIN), 2 * first[3], "ERIN twice");
        vm.assertEq(engine.escrowOf(LICENSE, ETH), 2 * first[4], "escrow twice");
        vm.assertEq(engine.grantOf(2).total, first[5], "a second grant of the same size");
        vm.assertEq(engine.grantOf(2).beneficiary, CAROL, "to CAROL");
        // 40% + 20% + 15% + 10% + 5% of 1,000,003, half to even: 400,001 + 200,001 + 150,000 + 100,000 + 50,000.
        vm.assertEq(first[0], 400_001, "ALICE");
        vm.assertEq(first[5], 150_000, "CAROL's grant");
        vm.assertEq(first[4], 100_000, "escrow");
        vm.assertEq(first[3], 50_000 - 2, "ERIN, adjusted");
        vm.assertEq(a.dust, 1_000_003 - 400_001 - 200_001 - 150_000 - 100_000 - 49_998, "dust");
        vm.assertEq(first[1], 200_001 + a.dust, "BOB: Pool share and dust");
    }

    function test_RevertWhen_PackedGraphIsTampered() public {
        ISettlementEngine.Share[] memory shares = _mixedShares();
        _register(GRAPH, shares);
        (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) =
            SettlementReference.pack(shares);
        bytes memory mismatch = abi.encodeWithSelector(ISettlementEngine.GraphMismatch.selector, GRAPH);
        ISettlementEngine.SettleRequest memory request = _request(_txid(1), GRAPH, ETH, 100);
        vm.deal(SETTLER, 100);

        packed[0] += 1 << 160; // one more basis point for ALICE
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settlePacked{value: 100}(request, packed, terms);
        packed[0] -= 1 << 160;

        packed[3] = packed[3] - (2 << 176); // the Escrow node made a Party
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settlePacked{value: 100}(request, packed, terms);
        packed[3] = packed[3] + (2 << 176);

        terms[0].floor = 0; // BOB's floor dropped
        vm.expectRevert(mismatch);
        vm.prank(SETTLER);
        engine.settlePacked{value: 100}(request, packed, terms);
        terms[0].floor = 5;

        vm.expectRevert(mismatch); // the terms missing
        vm.prank(SETTLER);
        engine.settlePacked{value: 100}(request, packed, new ISettlementEngine.ShareTerms[](0));

        // The untampered form settles.
        vm.prank(SETTLER);
        engine.settlePacked{value: 100}(request, packed, terms);
        vm.assertTrue(engine.isSettled(_txid(1)), "settled");
    }

    function test_SettlePacked_SharesTheTxidsRolesAndPauseOfSettle() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) =
            SettlementReference.pack(shares);
        _settle(_request(_txid(1), GRAPH, ETH, 1000), shares);
        vm.deal(SETTLER, 1000);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.TxidAlreadySettled.selector, _txid(1)));
        vm.prank(SETTLER);
        engine.settlePacked{value: 1000}(_request(_txid(1), GRAPH, ETH, 1000), packed, terms);

        vm.deal(STRANGER, 1000);
        vm.expectRevert(_unauthorized(STRANGER, settlerRole));
        vm.prank(STRANGER);
        engine.settlePacked{value: 1000}(_request(_txid(2), GRAPH, ETH, 1000), packed, terms);

        vm.prank(PAUSER);
        engine.pauseSettlement();
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(SETTLER);
        engine.settlePacked{value: 1000}(_request(_txid(2), GRAPH, ETH, 1000), packed, terms);

        vm.prank(PAUSER);
        engine.unpause();
        vm.expectRevert(_invalidAmount(1000, 999));
        vm.prank(SETTLER);
        engine.settlePacked{value: 999}(_request(_txid(2), GRAPH, ETH, 1000), packed, terms);
    }

    // ------------------------------------------------------------------ payment checks

    function test_RevertWhen_AmountIsZero() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        vm.expectRevert(_invalidAmount(0, 0));
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, ETH, 0), shares);
        vm.expectRevert(_invalidAmount(0, 0));
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, address(token), 0), shares);
    }

    function test_RevertWhen_EthValueDoesNotMatch() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        vm.deal(SETTLER, 1000);
        vm.expectRevert(_invalidAmount(100, 99));
        vm.prank(SETTLER);
        engine.settle{value: 99}(_request(_txid(1), GRAPH, ETH, 100), shares);
        vm.expectRevert(_invalidAmount(100, 101));
        vm.prank(SETTLER);
        engine.settle{value: 101}(_request(_txid(1), GRAPH, ETH, 100), shares);
        vm.expectRevert(_invalidAmount(100, 0));
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, ETH, 100), shares);
    }

    function test_RevertWhen_ValueIsSentWithAToken() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        _fundSettler(address(token), 100);
        vm.deal(SETTLER, 1);
        vm.expectRevert(_invalidAmount(100, 1));
        vm.prank(SETTLER);
        engine.settle{value: 1}(_request(_txid(1), GRAPH, address(token), 100), shares);
    }

    function test_RevertWhen_TheTokenTakesAFee() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        FeeOnTransferERC20 fot = new FeeOnTransferERC20(100);
        fot.mint(SETTLER, 10_000);
        vm.prank(SETTLER);
        fot.approve(address(engine), type(uint256).max);
        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.FeeOnTransferToken.selector, address(fot), 10_000, 9900)
        );
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, address(fot), 10_000), shares);

        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.FeeOnTransferToken.selector, address(fot), 10_000, 9900)
        );
        vm.prank(SETTLER);
        engine.createGrant(ALICE, address(fot), 10_000, T0, T0, T0 + 10);
    }

    function test_RevertWhen_TheAllowanceIsShort() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        token.mint(SETTLER, 1000);
        vm.prank(SETTLER);
        token.approve(address(engine), 999);
        vm.expectRevert();
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, address(token), 1000), shares);
        vm.assertFalse(engine.isSettled(_txid(1)), "not settled");
    }

    // ------------------------------------------------------------------ rate tables

    function _usOnly(bool nexus) internal pure returns (ISettlementEngine.JurisdictionLevel[] memory path) {
        path = new ISettlementEngine.JurisdictionLevel[](1);
        path[0] = _level(US, nexus);
    }

    function test_RateTable_MccEntryBeatsTheAnyMccEntry() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](3);
        entries[0] = _entry(US, 0, true, 600, US_COLLECTOR);
        entries[1] = _entry(US, 5812, true, 100, SF_COLLECTOR);
        entries[2] = _entry(US, 5411, true, 0, address(0)); // exempt groceries
        _registerTable(entries);
        _setPath(GRAPH, _usOnly(true));
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 600, "MCC 0");
        vm.assertEq(engine.taxRateOf(GRAPH, 5812), 100, "the MCC's own entry");
        vm.assertEq(engine.taxRateOf(GRAPH, 1234), 600, "no own entry: the any-MCC entry");
        vm.assertEq(engine.taxRateOf(GRAPH, 5411), 0, "an own zero entry exempts");

        ISettlementEngine.SettleRequest memory request = _request(_txid(1), GRAPH, ETH, 100_000);
        request.mcc = 5812;
        vm.assertEq(_settle(request, shares).tax, 1000, "taxed at the MCC rate");
        vm.assertEq(_credit(ETH, SF_COLLECTOR), 1000, "to the MCC entry's collector");
        vm.assertEq(_credit(ETH, US_COLLECTOR), 0, "not the any-MCC collector");

        request = _request(_txid(2), GRAPH, ETH, 100_000);
        request.mcc = 1234;
        vm.assertEq(_settle(request, shares).tax, 6000, "taxed at the any-MCC rate");
        vm.assertEq(_credit(ETH, US_COLLECTOR), 6000, "any-MCC collector");

        request = _request(_txid(3), GRAPH, ETH, 100_000);
        request.mcc = 5411;
        vm.assertEq(_settle(request, shares).tax, 0, "exempt");
    }

    function test_RateTable_NexusEntriesDiffer() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        ISettlementEngine.RateEntry[] memory entries = new ISettlementEngine.RateEntry[](2);
        entries[0] = _entry(US, 0, true, 600, US_COLLECTOR);
        entries[1] = _entry(US, 0, false, 150, SF_COLLECTOR);
        _registerTable(entries);
        _setPath(GRAPH, _usOnly(false));
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 150, "without nexus");
        vm.assertEq(_settle(_request(_txid(1), GRAPH, ETH, 10_000), shares).tax, 150, "tax without nexus");
        vm.assertEq(_credit(ETH, SF_COLLECTOR), 150, "no-nexus collector");
        _setPath(GRAPH, _usOnly(true));
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 600, "with nexus");
        vm.assertEq(_settle(_request(_txid(2), GRAPH, ETH, 10_000), shares).tax, 600, "tax with nexus");
        vm.assertEq(_credit(ETH, US_COLLECTOR), 600, "nexus collector");
    }

    function test_RateTable_MissingEntryTaxesNothing() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        _registerTable(_exampleTable());
        ISettlementEngine.JurisdictionLevel[] memory path = new ISettlementEngine.JurisdictionLevel[](2);
        (path[0], path[1]) = (_level(US_CA_SF, true), _level(US, false));
        _setPath(GRAPH, path);
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 0, "no entries for these levels");
        vm.assertEq(engine.taxRateOf(keccak256("graph:none"), 0), 0, "no path");
        vm.assertEq(_settle(_request(_txid(1), GRAPH, ETH, 10_000), shares).tax, 0, "untaxed");
    }

    function test_RateTable_VersionsReplaceTheActiveTable() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        _setPath(GRAPH, _examplePath());

        ISettlementEngine.RateEntry[] memory first = _exampleTable();
        vm.expectEmit(address(engine));
        emit ISettlementEngine.RateTableRegistered(1, keccak256(abi.encode(first)), 2);
        (uint32 version, bytes32 tableHash) = _registerTable(first);
        vm.assertEq(version, 1, "version 1");
        vm.assertEq(tableHash, keccak256(abi.encode(first)), "hash 1");
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 825, "table 1 rate");

        ISettlementEngine.RateEntry[] memory second = new ISettlementEngine.RateEntry[](1);
        second[0] = _entry(US_CA, 0, true, 700, CA_COLLECTOR);
        (version, tableHash) = _registerTable(second);
        vm.assertEq(version, 2, "version 2");
        vm.assertEq(tableHash, keccak256(abi.encode(second)), "hash 2");
        (uint32 active, bytes32 activeHash) = engine.activeRateTable();
        vm.assertEq(active, 2, "active version");
        vm.assertEq(activeHash, tableHash, "active hash");
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 700, "table 2 alone: US is gone");

        vm.deal(SETTLER, 10_000);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.Settled(
            _txid(1),
            GRAPH,
            LICENSE,
            ETH,
            10_000,
            700,
            250,
            0,
            0,
            0,
            tableHash,
            keccak256(abi.encode(_examplePath()))
        );
        vm.prank(SETTLER);
        engine.settle{value: 10_000}(_request(_txid(1), GRAPH, ETH, 10_000), shares);
        vm.assertEq(_credit(ETH, US_COLLECTOR), 0, "US no longer taxes");
        vm.assertEq(_credit(ETH, CA_COLLECTOR), 700, "US-CA at 700");

        // An empty table is a table too: nothing is taxed.
        (version,) = _registerTable(new ISettlementEngine.RateEntry[](0));
        vm.assertEq(version, 3, "version 3");
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 0, "empty table");
    }

    function test_RevertWhen_RateTableIsInvalid() public {
        ISettlementEngine.RateEntry[] memory entries = _exampleTable();
        entries[1].rateBps = 10_001;
        vm.expectRevert(_err(ISettlementEngine.InvalidRate.selector, 10_001));
        vm.prank(TAXER);
        engine.registerRateTable(entries);

        entries = _exampleTable();
        entries[0].collector = address(0);
        vm.expectRevert(_invalidAccount(address(0)));
        vm.prank(TAXER);
        engine.registerRateTable(entries);

        (uint32 version,) = engine.activeRateTable();
        vm.assertEq(version, 0, "nothing registered");

        // 10,000 bps and a zero collector at a zero rate are fine.
        entries = _exampleTable();
        entries[0].rateBps = 10_000;
        entries[1] = _entry(US_CA, 0, true, 0, address(0));
        (version,) = _registerTable(entries);
        vm.assertEq(version, 1, "registered");
    }

    // ------------------------------------------------------------------ jurisdictions

    function test_SetJurisdiction_AtMostFourLevels() public {
        _register(GRAPH, _exampleShares());
        _registerTable(_exampleTable());
        ISettlementEngine.JurisdictionLevel[] memory path = new ISettlementEngine.JurisdictionLevel[](4);
        for (uint256 i = 0; i < 4; i++) {
            path[i] = _level(US, true);
        }
        vm.expectEmit(address(engine));
        emit ISettlementEngine.JurisdictionSet(GRAPH, keccak256(abi.encode(path)), path);
        _setPath(GRAPH, path);
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 2400, "four levels");

        ISettlementEngine.JurisdictionLevel[] memory five = new ISettlementEngine.JurisdictionLevel[](5);
        for (uint256 i = 0; i < 5; i++) {
            five[i] = _level(US_CA, true);
        }
        vm.expectRevert(_err(ISettlementEngine.InvalidGraph.selector, 5));
        vm.prank(TAXER);
        engine.setJurisdiction(GRAPH, five);
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 2400, "unchanged");
    }

    function test_SetJurisdiction_ReplacesThePath() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        _registerTable(_exampleTable());
        ISettlementEngine.JurisdictionLevel[] memory three = new ISettlementEngine.JurisdictionLevel[](3);
        (three[0], three[1], three[2]) = (_level(US, true), _level(US_CA, true), _level(US, true));
        _setPath(GRAPH, three);
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 1425, "three levels");

        ISettlementEngine.JurisdictionLevel[] memory one = new ISettlementEngine.JurisdictionLevel[](1);
        one[0] = _level(US_CA, true);
        _setPath(GRAPH, one);
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 225, "replaced, not appended");

        (, bytes32 tableHash) = engine.activeRateTable();
        vm.deal(SETTLER, 10_000);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.Settled(
            _txid(1), GRAPH, LICENSE, ETH, 10_000, 225, 250, 0, 0, 0, tableHash, keccak256(abi.encode(one))
        );
        vm.prank(SETTLER);
        engine.settle{value: 10_000}(_request(_txid(1), GRAPH, ETH, 10_000), shares);
        vm.assertEq(_credit(ETH, US_COLLECTOR), 0, "the old levels are gone");

        _setPath(GRAPH, new ISettlementEngine.JurisdictionLevel[](0));
        vm.assertEq(engine.taxRateOf(GRAPH, 0), 0, "cleared");
    }

    function test_RevertWhen_SetJurisdictionOnAnUnknownGraph() public {
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.GraphMismatch.selector, GRAPH));
        vm.prank(TAXER);
        engine.setJurisdiction(GRAPH, _examplePath());
    }

    // ------------------------------------------------------------------ holds

    function test_SetHold_StoresAndEmits() public {
        vm.expectEmit(address(engine));
        emit ISettlementEngine.HoldSet(LICENSE, 1500, CASE);
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 1500, CASE);
        ISettlementEngine.Hold memory hold = engine.holdOf(LICENSE);
        vm.assertEq(hold.outstanding, 1500, "outstanding");
        vm.assertEq(hold.ref, CASE, "ref");
        vm.assertEq(engine.holdOf(LICENSE + 1).outstanding, 0, "other licenses untouched");
    }

    function test_Hold_OutstandingDecreasesAcrossSettlements() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 1500, CASE);

        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 1000), shares);
        vm.assertEq(totals.escrow, 1000, "all of the first settlement");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 500, "500 outstanding");
        vm.assertEq(_credit(ETH, ALICE), 0, "nothing distributable");

        totals = _settle(_request(_txid(2), GRAPH, ETH, 1000), shares);
        vm.assertEq(totals.escrow, 500, "the rest of the hold");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 0, "satisfied");
        vm.assertEq(_credit(ETH, ALICE), 500, "ALICE gets the rest");

        totals = _settle(_request(_txid(3), GRAPH, ETH, 1000), shares);
        vm.assertEq(totals.escrow, 0, "no more escrow");
        vm.assertEq(_credit(ETH, ALICE), 1500, "ALICE");
        vm.assertEq(engine.escrowOf(LICENSE, ETH), 1500, "escrow");

        // Other licenses are not held.
        ISettlementEngine.SettleRequest memory other = _request(_txid(4), GRAPH, ETH, 1000);
        other.licenseId = LICENSE + 1;
        vm.assertEq(_settle(other, shares).escrow, 0, "another license");
    }

    function test_Hold_EscrowIsAfterTaxAndFee() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 10_000_000, CASE);
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 1_000_000), shares);
        _assertTotals(totals, 82_500, 25_000, 750, 892_500, 0, 0, "all of A - T - fee held");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 10_000_000 - 892_500, "outstanding");
        vm.assertEq(_credit(ETH, ALICE), 0, "ALICE");
    }

    function test_SetHold_ReplacesTheOutstandingAmountNotTheEscrow() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 300, CASE);
        _settle(_request(_txid(1), GRAPH, ETH, 1000), shares);
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 50, keccak256("case-2"));
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 50, "replaced");
        vm.assertEq(engine.holdOf(LICENSE).ref, keccak256("case-2"), "new ref");
        vm.assertEq(engine.escrowOf(LICENSE, ETH), 300, "escrow kept");
        _settle(_request(_txid(2), GRAPH, ETH, 1000), shares);
        vm.assertEq(engine.escrowOf(LICENSE, ETH), 350, "50 more");
    }

    function test_ReleaseHold_CreditsTheEscrowAndClears() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        _settle(_request(_txid(1), GRAPH, ETH, 1_000_000), shares);
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 777, CASE);

        vm.expectEmit(address(engine));
        emit ISettlementEngine.HoldReleased(LICENSE, ETH, ERIN, 10_000);
        vm.prank(ENFORCER);
        engine.releaseHold(LICENSE, ETH, ERIN);
        vm.assertEq(_credit(ETH, ERIN), 10_000, "released to ERIN");
        vm.assertEq(engine.escrowOf(LICENSE, ETH), 0, "escrow cleared");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 0, "hold ended");
        vm.assertEq(engine.holdOf(LICENSE).ref, bytes32(0), "ref cleared");

        // The next settlement is not held.
        vm.assertEq(_settle(_request(_txid(2), GRAPH, ETH, 1_000_000), shares).escrow, 0, "no escrow");
        vm.prank(ERIN);
        vm.assertEq(engine.withdraw(ETH), 10_000, "ERIN withdraws the release");
    }

    function test_ReleaseHold_IsPerAsset() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 1000, CASE);
        _settle(_request(_txid(1), GRAPH, ETH, 400), shares);
        _settle(_request(_txid(2), GRAPH, address(token), 400), shares);
        vm.assertEq(engine.escrowOf(LICENSE, ETH), 400, "ETH escrow");
        vm.assertEq(engine.escrowOf(LICENSE, address(token)), 400, "token escrow");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 200, "one counter for both assets");

        vm.prank(ENFORCER);
        engine.releaseHold(LICENSE, address(token), ERIN);
        vm.assertEq(_credit(address(token), ERIN), 400, "token released");
        vm.assertEq(_credit(ETH, ERIN), 0, "ETH not released");
        vm.assertEq(engine.escrowOf(LICENSE, ETH), 400, "ETH escrow stays");
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 0, "the hold ended");

        vm.prank(ENFORCER);
        engine.releaseHold(LICENSE, ETH, DAVE);
        vm.assertEq(_credit(ETH, DAVE), 400, "ETH released later");
    }

    function test_ReleaseHold_WithNothingEscrowedEndsTheHold() public {
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 1000, CASE);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.HoldReleased(LICENSE, ETH, ERIN, 0);
        vm.prank(ENFORCER);
        engine.releaseHold(LICENSE, ETH, ERIN);
        vm.assertEq(engine.holdOf(LICENSE).outstanding, 0, "ended");
        vm.assertEq(_credit(ETH, ERIN), 0, "nothing credited");
    }

    function test_RevertWhen_ReleaseHoldToZero() public {
        vm.expectRevert(_invalidAccount(address(0)));
        vm.prank(ENFORCER);
        engine.releaseHold(LICENSE, ETH, address(0));
    }

    // ------------------------------------------------------------------ withdraw

    function test_Withdraw_Eth() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        _settle(_request(_txid(1), GRAPH, ETH, 1_000_000), shares);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.Withdrawn(ALICE, ETH, 529_500);
        vm.prank(ALICE);
        vm.assertEq(engine.withdraw(ETH), 529_500, "returned");
        vm.assertEq(ALICE.balance, 529_500, "paid");
        vm.assertEq(_credit(ETH, ALICE), 0, "credit zeroed");
        vm.assertEq(address(engine).balance, 1_000_000 - 529_500, "engine balance");
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(ALICE);
        engine.withdraw(ETH);
    }

    function test_Withdraw_Erc20() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        _settle(_request(_txid(1), GRAPH, address(token), 1_000_000), shares);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.Withdrawn(US_COLLECTOR, address(token), 60_000);
        vm.prank(US_COLLECTOR);
        vm.assertEq(engine.withdraw(address(token)), 60_000, "returned");
        vm.assertEq(token.balanceOf(US_COLLECTOR), 60_000, "paid");
        vm.assertEq(token.balanceOf(address(engine)), 940_000, "engine balance");
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(US_COLLECTOR);
        engine.withdraw(ETH);
    }

    function test_RevertWhen_WithdrawingNothing() public {
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(STRANGER);
        engine.withdraw(ETH);
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(STRANGER);
        engine.withdraw(address(token));
    }

    function test_RevertWhen_TheReceiverRejectsEth() public {
        _noFee();
        RejectingReceiver rejecting = new RejectingReceiver();
        ISettlementEngine.Share[] memory shares = _shares(_share(address(rejecting), 10_000));
        _settleOn(GRAPH, shares, ETH, 1000);
        _settle(_request(_txid(9), GRAPH, address(token), 500), shares);
        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.PaymentFailed.selector, address(rejecting), 1000)
        );
        rejecting.withdrawFrom(address(engine), ETH);
        vm.assertEq(_credit(ETH, address(rejecting)), 1000, "credit kept");
        vm.assertEq(rejecting.withdrawFrom(address(engine), address(token)), 500, "tokens still withdraw");
        vm.assertEq(token.balanceOf(address(rejecting)), 500, "paid in tokens");
    }

    function test_Withdraw_ReentrantReceiverThatBubblesFails() public {
        _noFee();
        ReentrantReceiver receiver = new ReentrantReceiver(address(engine), true);
        _settleOn(GRAPH, _shares(_share(address(receiver), 10_000)), ETH, 1000);
        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.PaymentFailed.selector, address(receiver), 1000)
        );
        receiver.withdrawEth();
        vm.assertEq(_credit(ETH, address(receiver)), 1000, "credit kept");
        vm.assertEq(address(engine).balance, 1000, "nothing left the engine");
    }

    function test_Withdraw_ReentrantReceiverIsPaidOnce() public {
        _noFee();
        ReentrantReceiver receiver = new ReentrantReceiver(address(engine), false);
        _settleOn(GRAPH, _shares(_share(address(receiver), 10_000)), ETH, 1000);
        // A second credit that a successful re-entry would take.
        _settle(_request(_txid(9), GRAPH, ETH, 1000), _shares(_share(address(receiver), 10_000)));
        vm.assertEq(receiver.withdrawEth(), 2000, "withdrawn");
        vm.assertEq(receiver.reentries(), 1, "it re-entered");
        vm.assertEq(receiver.reentrySuccesses(), 0, "the re-entry failed");
        vm.assertEq(
            receiver.lastRevertData(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "stopped by the reentrancy guard"
        );
        vm.assertEq(address(receiver).balance, 2000, "paid once");
        vm.assertEq(address(engine).balance, 0, "engine empty");
        vm.assertEq(_credit(ETH, address(receiver)), 0, "credit zeroed");
    }

    // ------------------------------------------------------------------ malicious tokens

    function test_RevertWhen_TheTokenReentersSettle() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        ReentrantERC20 evil = new ReentrantERC20();
        // Even with the settler role, a re-entry is refused by the guard.
        vm.prank(ADMIN);
        engine.grantRole(settlerRole, address(evil));
        evil.mint(address(evil), 1000);
        evil.approveFromSelf(address(engine), 1000);
        evil.arm(
            address(engine),
            abi.encodeCall(engine.settle, (_request(_txid(2), GRAPH, address(evil), 1000), shares)),
            true,
            true,
            false
        );
        evil.mint(SETTLER, 1000);
        vm.prank(SETTLER);
        evil.approve(address(engine), 1000);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, address(evil), 1000), shares);
        vm.assertFalse(engine.isSettled(_txid(1)), "outer not settled");
        vm.assertFalse(engine.isSettled(_txid(2)), "inner not settled");
    }

    function test_TheTokenCannotReenterWithdrawDuringSettle() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        ReentrantERC20 evil = new ReentrantERC20();
        evil.arm(address(engine), abi.encodeCall(engine.withdraw, (ETH)), false, true, false);
        evil.mint(SETTLER, 1_000_000);
        vm.prank(SETTLER);
        evil.approve(address(engine), 1_000_000);
        vm.prank(SETTLER);
        engine.settle(_request(_txid(1), GRAPH, address(evil), 1_000_000), shares);
        vm.assertEq(evil.reentries(), 1, "re-entered");
        vm.assertEq(evil.reentrySuccesses(), 0, "refused");
        vm.assertEq(
            evil.lastRevertData(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "by the guard"
        );
        vm.assertEq(_credit(address(evil), ALICE), 529_500, "the settlement itself is intact");
    }

    function test_TheTokenCannotReenterWithdrawDuringWithdraw() public {
        _noFee();
        ReentrantERC20 evil = new ReentrantERC20();
        // The token is itself a payee, twice over.
        ISettlementEngine.Share[] memory shares = _shares(_share(address(evil), 10_000));
        _register(GRAPH, shares);
        evil.mint(SETTLER, 2000);
        vm.startPrank(SETTLER);
        evil.approve(address(engine), 2000);
        engine.settle(_request(_txid(1), GRAPH, address(evil), 1000), shares);
        engine.settle(_request(_txid(2), GRAPH, address(evil), 1000), shares);
        vm.stopPrank();
        evil.arm(address(engine), abi.encodeCall(engine.withdraw, (address(evil))), false, false, true);
        vm.prank(address(evil));
        vm.assertEq(engine.withdraw(address(evil)), 2000, "withdrawn once");
        vm.assertEq(evil.reentrySuccesses(), 0, "re-entry refused");
        vm.assertEq(evil.reentries(), 1, "re-entered");
        vm.assertEq(evil.balanceOf(address(evil)), 2000, "paid once");
        vm.assertEq(evil.balanceOf(address(engine)), 0, "engine empty");
    }

    function test_RevertWhen_TheTokenReentersClaimDuringCreateGrant() public {
        ReentrantERC20 evil = new ReentrantERC20();
        evil.mint(ALICE, 1000);
        vm.prank(ALICE);
        evil.approve(address(engine), 1000);
        evil.arm(address(engine), abi.encodeCall(engine.claim, (1)), true, true, false);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(ALICE);
        engine.createGrant(BOB, address(evil), 1000, T0, T0, T0 + 10);
    }

    // ------------------------------------------------------------------ grants

    function test_CreateGrant_Eth() public {
        vm.deal(ALICE, 1000);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.GrantCreated(1, BOB, ETH, 1000);
        vm.prank(ALICE);
        uint256 id = engine.createGrant{value: 1000}(BOB, ETH, 1000, T0 + 10, T0 + 110, T0 + 410);
        vm.assertEq(id, 1, "first id");
        ISettlementEngine.Grant memory grant = engine.grantOf(id);
        vm.assertEq(grant.grantor, ALICE, "grantor");
        vm.assertEq(grant.beneficiary, BOB, "beneficiary");
        vm.assertEq(grant.token, ETH, "token");
        vm.assertEq(grant.start, T0 + 10, "start");
        vm.assertEq(grant.cliff, T0 + 110, "cliff");
        vm.assertEq(grant.end, T0 + 410, "end");
        vm.assertEq(grant.total, 1000, "total");
        vm.assertEq(grant.claimed, 0, "claimed");
        vm.assertFalse(grant.revoked, "revoked");
        vm.assertEq(address(engine).balance, 1000, "funded");
        vm.assertEq(ALICE.balance, 0, "from ALICE");

        vm.deal(ALICE, 5);
        vm.prank(ALICE);
        vm.assertEq(engine.createGrant{value: 5}(CAROL, ETH, 5, T0, T0, T0 + 1), 2, "ids increment");
    }

    function test_CreateGrant_Erc20() public {
        token.mint(ALICE, 1000);
        vm.prank(ALICE);
        token.approve(address(engine), 1000);
        vm.prank(ALICE);
        uint256 id = engine.createGrant(BOB, address(token), 1000, T0, T0, T0 + 100);
        vm.assertEq(engine.grantOf(id).token, address(token), "token");
        vm.assertEq(token.balanceOf(address(engine)), 1000, "funded");
        vm.warp(T0 + 100);
        vm.prank(BOB);
        engine.claim(id);
        vm.prank(BOB);
        vm.assertEq(engine.withdraw(address(token)), 1000, "withdrawn");
        vm.assertEq(token.balanceOf(BOB), 1000, "BOB paid");
    }

    function test_RevertWhen_CreateGrantIsInvalid() public {
        vm.deal(ALICE, 10_000);
        vm.startPrank(ALICE);
        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.InvalidSchedule.selector, T0 + 1, T0, T0 + 10)
        );
        engine.createGrant{value: 100}(BOB, ETH, 100, T0 + 1, T0, T0 + 10);
        vm.expectRevert(
            abi.encodeWithSelector(ISettlementEngine.InvalidSchedule.selector, T0, T0 + 11, T0 + 10)
        );
        engine.createGrant{value: 100}(BOB, ETH, 100, T0, T0 + 11, T0 + 10);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.InvalidSchedule.selector, T0, T0, T0));
        engine.createGrant{value: 100}(BOB, ETH, 100, T0, T0, T0);
        vm.expectRevert(_invalidAccount(address(0)));
        engine.createGrant{value: 100}(address(0), ETH, 100, T0, T0, T0 + 10);
        vm.expectRevert(_invalidAmount(0, 0));
        engine.createGrant(BOB, ETH, 0, T0, T0, T0 + 10);
        vm.expectRevert(_invalidAmount(100, 99));
        engine.createGrant{value: 99}(BOB, ETH, 100, T0, T0, T0 + 10);
        vm.expectRevert(_invalidAmount(100, 1));
        engine.createGrant{value: 1}(BOB, address(token), 100, T0, T0, T0 + 10);
        vm.stopPrank();
        vm.assertEq(engine.grantOf(1).beneficiary, address(0), "no grant");
    }

    function _grant1000() internal returns (uint256 id) {
        // 1,000 from ALICE to BOB: start T0, cliff T0 + 100, end T0 + 400.
        vm.deal(ALICE, 1000);
        vm.prank(ALICE);
        id = engine.createGrant{value: 1000}(BOB, ETH, 1000, T0, T0 + 100, T0 + 400);
    }

    function test_Claim_NothingBeforeTheCliff() public {
        uint256 id = _grant1000();
        vm.warp(T0 + 99);
        vm.assertEq(engine.claimable(id), 0, "nothing before the cliff");
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(BOB);
        engine.claim(id);
    }

    function test_Claim_Linear() public {
        uint256 id = _grant1000();
        vm.warp(T0 + 100);
        vm.assertEq(engine.claimable(id), 250, "at the cliff: what accrued since start");
        vm.expectEmit(address(engine));
        emit ISettlementEngine.GrantClaimed(id, 250);
        vm.prank(BOB);
        vm.assertEq(engine.claim(id), 250, "first claim");
        vm.assertEq(_credit(ETH, BOB), 250, "credited");
        vm.assertEq(engine.grantOf(id).claimed, 250, "claimed recorded");
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(BOB);
        engine.claim(id);

        vm.warp(T0 + 250);
        vm.assertEq(engine.claimable(id), 375, "625 vested, 250 claimed");
        vm.prank(BOB);
        engine.claim(id);
        vm.warp(T0 + 1000);
        vm.assertEq(engine.claimable(id), 375, "the rest after the end");
        vm.prank(BOB);
        engine.claim(id);
        vm.assertEq(_credit(ETH, BOB), 1000, "all of it");
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(BOB);
        engine.claim(id);
        vm.prank(BOB);
        engine.withdraw(ETH);
        vm.assertEq(BOB.balance, 1000, "BOB paid");
        vm.assertEq(address(engine).balance, 0, "engine empty");
    }

    function test_Claim_RoundsDown() public {
        vm.deal(ALICE, 10);
        vm.prank(ALICE);
        uint256 id = engine.createGrant{value: 10}(BOB, ETH, 10, T0, T0, T0 + 3);
        vm.warp(T0 + 1);
        vm.assertEq(engine.claimable(id), 3, "10/3 rounded down");
        vm.warp(T0 + 2);
        vm.assertEq(engine.claimable(id), 6, "20/3 rounded down");
    }

    function test_RevertWhen_ClaimIsNotTheBeneficiarys() public {
        uint256 id = _grant1000();
        vm.warp(T0 + 400);
        vm.expectRevert(_err(ISettlementEngine.InvalidGrant.selector, id));
        vm.prank(ALICE);
        engine.claim(id);
        vm.expectRevert(_err(ISettlementEngine.InvalidGrant.selector, 99));
        vm.prank(BOB);
        engine.claim(99);
    }

    function test_RevokeGrant_ReturnsTheUnvestedPart() public {
        uint256 id = _grant1000();
        vm.warp(T0 + 100);
        vm.prank(BOB);
        engine.claim(id); // 250
        vm.warp(T0 + 200);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.GrantRevoked(id, 500);
        vm.prank(ALICE);
        vm.assertEq(engine.revokeGrant(id), 500, "unvested half returned");
        vm.assertEq(_credit(ETH, ALICE), 500, "to the grantor");
        ISettlementEngine.Grant memory grant = engine.grantOf(id);
        vm.assertTrue(grant.revoked, "revoked");
        vm.assertEq(grant.total, 500, "total is what vested");
        vm.assertEq(engine.claimable(id), 250, "vested and unclaimed stays claimable");
        vm.warp(T0 + 400);
        vm.assertEq(engine.claimable(id), 250, "vesting stopped");
        vm.prank(BOB);
        vm.assertEq(engine.claim(id), 250, "claimed after revocation");
        vm.expectRevert(ISettlementEngine.NothingToPay.selector);
        vm.prank(BOB);
        engine.claim(id);
        vm.assertEq(_credit(ETH, BOB) + _credit(ETH, ALICE), 1000, "conserved");
    }

    function test_RevokeGrant_BeforeTheCliffReturnsEverythingAfterTheEndNothing() public {
        uint256 id = _grant1000();
        vm.warp(T0 + 99);
        vm.prank(ALICE);
        vm.assertEq(engine.revokeGrant(id), 1000, "nothing vested before the cliff");
        vm.assertEq(engine.claimable(id), 0, "nothing to claim");

        uint256 second = _grant1000();
        vm.warp(T0 + 400);
        vm.prank(ALICE);
        vm.assertEq(engine.revokeGrant(second), 0, "all vested");
        vm.assertEq(engine.claimable(second), 1000, "all claimable");
    }

    function test_RevertWhen_RevokeGrantByAStrangerOrTwice() public {
        uint256 id = _grant1000();
        vm.expectRevert(_err(ISettlementEngine.InvalidGrant.selector, id));
        vm.prank(BOB);
        engine.revokeGrant(id);
        vm.prank(ALICE);
        engine.revokeGrant(id);
        vm.expectRevert(_err(ISettlementEngine.InvalidGrant.selector, id));
        vm.prank(ALICE);
        engine.revokeGrant(id);
        vm.expectRevert(_err(ISettlementEngine.InvalidGrant.selector, 42));
        vm.prank(ALICE);
        engine.revokeGrant(42);
    }

    function test_RevokeGrant_NobodyRevokesASettlementGrant() public {
        _noFee();
        ISettlementEngine.Share memory vesting = _share(DAVE, 10_000);
        vesting.vestingEnd = 100;
        _settleOn(GRAPH, _shares(vesting), ETH, 1000);
        vm.assertEq(engine.grantOf(1).grantor, address(0), "a payee's grant has no grantor");
        vm.warp(T0 + 25);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.InvalidGrant.selector, 1));
        vm.prank(GRAPHER);
        engine.revokeGrant(1);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.InvalidGrant.selector, 1));
        vm.prank(address(0));
        engine.revokeGrant(1);
        vm.assertEq(engine.claimable(1), 250, "DAVE's grant vests on");
    }

    // ------------------------------------------------------------------ governance

    function test_SetFee_BoundsAndEvents() public {
        vm.startPrank(ADMIN);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.FeeChanged(1000, DAVE);
        engine.setFee(1000, DAVE);
        (uint16 feeBps, address wallet) = engine.fee();
        vm.assertEq(feeBps, 1000, "max fee");
        vm.assertEq(wallet, DAVE, "wallet");
        vm.expectRevert(_err(ISettlementEngine.InvalidRate.selector, 1001));
        engine.setFee(1001, DAVE);
        vm.expectRevert(_invalidAccount(address(0)));
        engine.setFee(100, address(0));
        engine.setFee(0, FEE_WALLET);
        vm.stopPrank();
        (feeBps,) = engine.fee();
        vm.assertEq(feeBps, 0, "zero fee allowed");
    }

    function test_SetFee_TakesEffectOnTheNextSettlement() public {
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        vm.prank(ADMIN);
        engine.setFee(1000, DAVE);
        vm.prank(ADMIN);
        engine.setSustainability(500, ERIN);
        ISettlementEngine.Totals memory totals = _settle(_request(_txid(1), GRAPH, ETH, 100_000), shares);
        _assertTotals(totals, 0, 10_000, 500, 0, 0, 0, "10% fee, 5% of it");
        vm.assertEq(_credit(ETH, DAVE), 9500, "new fee wallet");
        vm.assertEq(_credit(ETH, ERIN), 500, "new sustainability wallet");
        vm.assertEq(_credit(ETH, FEE_WALLET), 0, "old fee wallet");
    }

    function test_SetSustainability_BoundsAndEvents() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(_err(ISettlementEngine.InvalidRate.selector, 99));
        engine.setSustainability(99, ERIN);
        vm.expectRevert(_err(ISettlementEngine.InvalidRate.selector, 501));
        engine.setSustainability(501, ERIN);
        vm.expectRevert(_invalidAccount(address(0)));
        engine.setSustainability(200, address(0));
        vm.expectEmit(address(engine));
        emit ISettlementEngine.SustainabilityChanged(100, ERIN);
        engine.setSustainability(100, ERIN);
        engine.setSustainability(500, ERIN);
        vm.stopPrank();
        (uint16 shareBps, address wallet) = engine.sustainability();
        vm.assertEq(shareBps, 500, "share");
        vm.assertEq(wallet, ERIN, "wallet");
    }

    function test_SetCommunityPool() public {
        vm.expectRevert(_invalidAccount(address(0)));
        vm.prank(ADMIN);
        engine.setCommunityPool(address(0));
        vm.expectEmit(address(engine));
        emit ISettlementEngine.CommunityPoolChanged(ERIN);
        vm.prank(ADMIN);
        engine.setCommunityPool(ERIN);
        vm.assertEq(engine.communityPool(), ERIN, "pool");
        _noFee();
        _settleOn(GRAPH, _shares(_share(ALICE, 5000)), ETH, 100);
        vm.assertEq(_credit(ETH, ERIN), 50, "dust to the new pool");
        vm.assertEq(_credit(ETH, COMMUNITY_POOL), 0, "not the old one");
    }

    // ------------------------------------------------------------------ pause

    function test_Pause_BlocksSettleButNotWithdrawClaimOrRelease() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        _settle(_request(_txid(1), GRAPH, ETH, 1_000_000), shares);
        uint256 id = _grant1000();

        vm.expectEmit(address(engine));
        emit Pausable.Paused(PAUSER);
        vm.prank(PAUSER);
        engine.pauseSettlement();
        vm.assertTrue(engine.paused(), "paused");

        vm.deal(SETTLER, 100);
        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(2), GRAPH, ETH, 100), shares);

        vm.prank(ALICE);
        vm.assertEq(engine.withdraw(ETH), 529_500, "withdraw works");
        vm.warp(T0 + 400);
        vm.prank(BOB);
        vm.assertEq(engine.claim(id), 1000, "claim works");
        vm.prank(ENFORCER);
        engine.releaseHold(LICENSE, ETH, ERIN);
        vm.assertEq(_credit(ETH, ERIN), 10_000, "release works");

        vm.expectRevert(Pausable.EnforcedPause.selector);
        vm.prank(PAUSER);
        engine.pauseSettlement();

        vm.prank(PAUSER);
        engine.unpause();
        vm.assertFalse(engine.paused(), "unpaused");
        _settle(_request(_txid(2), GRAPH, ETH, 100), shares);
        vm.assertTrue(engine.isSettled(_txid(2)), "settles again");
        vm.expectRevert(Pausable.ExpectedPause.selector);
        vm.prank(PAUSER);
        engine.unpause();
    }

    // ------------------------------------------------------------------ access control

    function test_RevertWhen_CallerLacksTheRole() public {
        ISettlementEngine.Share[] memory shares = _exampleShares();
        ISettlementEngine.SettleRequest memory request = _request(_txid(1), GRAPH, ETH, 1);
        address[2] memory intruders = [STRANGER, ADMIN];
        for (uint256 i = 0; i < intruders.length; i++) {
            address who = intruders[i];
            vm.deal(who, 1);
            vm.expectRevert(_unauthorized(who, settlerRole));
            vm.prank(who);
            engine.settle{value: 1}(request, shares);
            vm.expectRevert(_unauthorized(who, graphRole));
            vm.prank(who);
            engine.registerGraph(GRAPH, shares);
            vm.expectRevert(_unauthorized(who, taxRole));
            vm.prank(who);
            engine.registerRateTable(_exampleTable());
            vm.expectRevert(_unauthorized(who, taxRole));
            vm.prank(who);
            engine.setJurisdiction(GRAPH, _examplePath());
            vm.expectRevert(_unauthorized(who, enforcementRole));
            vm.prank(who);
            engine.setHold(LICENSE, 1, CASE);
            vm.expectRevert(_unauthorized(who, enforcementRole));
            vm.prank(who);
            engine.releaseHold(LICENSE, ETH, who);
            vm.expectRevert(_unauthorized(who, pauserRole));
            vm.prank(who);
            engine.pauseSettlement();
            vm.expectRevert(_unauthorized(who, pauserRole));
            vm.prank(who);
            engine.unpause();
        }
        // Each role holder is refused every other role's function.
        vm.expectRevert(_unauthorized(GRAPHER, settlerRole));
        vm.prank(GRAPHER);
        engine.settle(request, shares);
        vm.expectRevert(_unauthorized(SETTLER, graphRole));
        vm.prank(SETTLER);
        engine.registerGraph(GRAPH, shares);
        vm.expectRevert(_unauthorized(ENFORCER, taxRole));
        vm.prank(ENFORCER);
        engine.registerRateTable(_exampleTable());
        vm.expectRevert(_unauthorized(TAXER, enforcementRole));
        vm.prank(TAXER);
        engine.setHold(LICENSE, 1, CASE);
        vm.expectRevert(_unauthorized(ENFORCER, pauserRole));
        vm.prank(ENFORCER);
        engine.pauseSettlement();
    }

    function test_RevertWhen_GovernanceCallerIsNotTheAdmin() public {
        address[3] memory intruders = [STRANGER, SETTLER, PAUSER];
        for (uint256 i = 0; i < intruders.length; i++) {
            address who = intruders[i];
            vm.expectRevert(_unauthorized(who, adminRole));
            vm.prank(who);
            engine.setFee(100, who);
            vm.expectRevert(_unauthorized(who, adminRole));
            vm.prank(who);
            engine.setSustainability(200, who);
            vm.expectRevert(_unauthorized(who, adminRole));
            vm.prank(who);
            engine.setCommunityPool(who);
            vm.expectRevert(_unauthorized(who, adminRole));
            vm.prank(who);
            engine.grantRole(settlerRole, who);
        }
        (uint16 feeBps, address wallet) = engine.fee();
        vm.assertEq(feeBps, FEE_BPS, "fee unchanged");
        vm.assertEq(wallet, FEE_WALLET, "wallet unchanged");
    }

    function test_RevokedRoleLosesAccess() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        vm.prank(ADMIN);
        engine.revokeRole(settlerRole, SETTLER);
        vm.deal(SETTLER, 100);
        vm.expectRevert(_unauthorized(SETTLER, settlerRole));
        vm.prank(SETTLER);
        engine.settle{value: 100}(_request(_txid(1), GRAPH, ETH, 100), shares);
        vm.assertTrue(IAccessControl(address(engine)).hasRole(adminRole, ADMIN), "admin kept");
    }

    // ------------------------------------------------------------------ epochs

    function test_RevertWhen_EpochIsNotOver() public {
        uint64 current = engine.epochOf(block.timestamp);
        vm.assertEq(current, T0 / EPOCH, "epochOf");
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.EpochNotClosable.selector, current));
        engine.closeEpoch(current);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.EpochNotClosable.selector, current + 1));
        engine.closeEpoch(current + 1);
        // The last second of the epoch is still in it.
        vm.warp((uint256(current) + 1) * EPOCH - 1);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.EpochNotClosable.selector, current));
        engine.closeEpoch(current);
        vm.warp((uint256(current) + 1) * EPOCH);
        engine.closeEpoch(current);
    }

    /// @dev Settles `count` example payments of growing amounts at `at`, returning their leaves.
    function _settleMany(uint256 first, uint256 count, uint256 at, ISettlementEngine.Share[] memory shares)
        internal
        returns (bytes32[] memory leaves)
    {
        vm.warp(at);
        (, bytes32 tableHash) = engine.activeRateTable();
        bytes32 jurisdictionHash = keccak256(abi.encode(_examplePath()));
        leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; i++) {
            address asset = i % 2 == 0 ? ETH : address(token);
            ISettlementEngine.SettleRequest memory request =
                _request(_txid(first + i), GRAPH, asset, 1_000_000 + 7919 * (first + i));
            ISettlementEngine.Totals memory totals = _settle(request, shares);
            leaves[i] = _leaf(request, totals, tableHash, jurisdictionHash);
        }
    }

    function test_CloseEpoch_RootIsTheMerkleRootOfTheLeaves() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        uint64 epoch = engine.epochOf(T0);
        uint256 start = uint256(epoch) * EPOCH;
        bytes32[] memory leaves = _settleMany(1, 5, T0, shares);
        bytes32[] memory next = _settleMany(100, 1, start + EPOCH, shares);

        // The first leaf as the interface documents it, from the example's totals.
        ISettlementEngine.SettleRequest memory firstRequest = _request(_txid(1), GRAPH, ETH, 1_007_919);
        SettlementReference.Outcome memory o = SettlementReference.split(
            1_007_919, _rates(600, 225), FEE_BPS, SUSTAINABILITY_BPS, 10_000, shares
        );
        vm.assertEq(
            leaves[0],
            SettlementReference.leaf(
                firstRequest,
                o.tax,
                o.fee,
                o.escrow,
                o.dust,
                keccak256(abi.encode(_exampleTable())),
                keccak256(abi.encode(_examplePath()))
            ),
            "leaf"
        );

        vm.warp(start + 2 * EPOCH);
        bytes32 expected = SettlementReference.merkleRoot(leaves);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.EpochRoot(epoch, expected, 5);
        vm.prank(STRANGER);
        vm.assertEq(engine.closeEpoch(epoch), expected, "root of five leaves");
        vm.assertEq(engine.epochRootOf(epoch), expected, "stored");

        bytes32 nextRoot = SettlementReference.merkleRoot(next);
        vm.assertEq(engine.closeEpoch(epoch + 1), nextRoot, "root of one leaf");
        vm.assertNotEq(uint256(nextRoot), uint256(expected), "epochs do not mix");

        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.EpochNotClosable.selector, epoch));
        engine.closeEpoch(epoch);
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.EpochNotClosable.selector, epoch + 1));
        engine.closeEpoch(epoch + 1);
    }

    function test_CloseEpoch_LeafOrderMatters() public {
        ISettlementEngine.Share[] memory shares = _setUpExample();
        uint64 epoch = engine.epochOf(T0);
        bytes32[] memory leaves = _settleMany(1, 2, T0, shares);
        vm.warp(uint256(epoch + 1) * EPOCH);
        bytes32 root = engine.closeEpoch(epoch);
        vm.assertEq(root, SettlementReference.merkleRoot(leaves), "in settlement order");
        (leaves[0], leaves[1]) = (leaves[1], leaves[0]);
        vm.assertNotEq(uint256(root), uint256(SettlementReference.merkleRoot(leaves)), "not sorted pairs");
        vm.assertEq(
            root, _rootOfTwo(leaves[1], leaves[0]), "keccak256(left || right) with zero subtrees above"
        );
    }

    /// @dev The root of a depth-32 tree with exactly two leaves, by hand.
    function _rootOfTwo(bytes32 a, bytes32 b) internal pure returns (bytes32 node) {
        node = keccak256(abi.encodePacked(a, b));
        bytes32 zero = keccak256(abi.encodePacked(bytes32(0), bytes32(0)));
        for (uint256 height = 1; height < 32; height++) {
            node = keccak256(abi.encodePacked(node, zero));
            zero = keccak256(abi.encodePacked(zero, zero));
        }
    }

    function test_CloseEpoch_ManyLeaves() public {
        _noFee();
        ISettlementEngine.Share[] memory shares = _shares(_share(ALICE, 10_000));
        _register(GRAPH, shares);
        uint64 epoch = engine.epochOf(T0);
        bytes32 jurisdictionHash = keccak256(abi.encode(new ISettlementEngine.JurisdictionLevel[](0)));
        bytes32[] memory leaves = new bytes32[](37);
        for (uint256 i = 0; i < leaves.length; i++) {
            ISettlementEngine.SettleRequest memory request = _request(_txid(i), GRAPH, ETH, i + 1);
            ISettlementEngine.Totals memory totals = _settle(request, shares);
            leaves[i] = _leaf(request, totals, bytes32(0), jurisdictionHash);
        }
        vm.warp(uint256(epoch + 1) * EPOCH);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.EpochRoot(epoch, SettlementReference.merkleRoot(leaves), 37);
        engine.closeEpoch(epoch);
    }

    function test_CloseEpoch_EmptyEpoch() public {
        uint64 epoch = engine.epochOf(T0) - 5;
        bytes32 zero;
        for (uint256 height = 0; height < 32; height++) {
            zero = keccak256(abi.encodePacked(zero, zero));
        }
        vm.assertEq(SettlementReference.merkleRoot(new bytes32[](0)), zero, "reference: 2^32 zero leaves");
        vm.expectEmit(address(engine));
        emit ISettlementEngine.EpochRoot(epoch, zero, 0);
        vm.assertEq(engine.closeEpoch(epoch), zero, "empty root");
        vm.assertEq(engine.epochRootOf(epoch), zero, "stored");
        vm.assertEq(engine.epochRootOf(epoch + 1), bytes32(0), "open epochs have no root");
        vm.expectRevert(abi.encodeWithSelector(ISettlementEngine.EpochNotClosable.selector, epoch));
        engine.closeEpoch(epoch);
    }

    function test_Settle_RecordsInTheCurrentEpochOnly() public {
        // A settlement after an epoch closed goes to the current epoch, never into the closed one.
        ISettlementEngine.Share[] memory shares = _setUpExample();
        uint64 epoch = engine.epochOf(T0);
        bytes32[] memory leaves = _settleMany(1, 1, T0, shares);
        vm.warp(uint256(epoch + 1) * EPOCH);
        bytes32 root = engine.closeEpoch(epoch);
        bytes32[] memory later = _settleMany(2, 1, uint256(epoch + 1) * EPOCH, shares);
        vm.assertEq(engine.epochRootOf(epoch), root, "closed root unchanged");
        vm.assertEq(root, SettlementReference.merkleRoot(leaves), "one leaf");
        vm.warp(uint256(epoch + 2) * EPOCH);
        vm.assertEq(engine.closeEpoch(epoch + 1), SettlementReference.merkleRoot(later), "the later one");
    }
}
