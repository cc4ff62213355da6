// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {SettlementEngine} from "../../contracts/solidity/settlement/SettlementEngine.sol";
import {MockERC20} from "./SettlementMocks.sol";
import {SettlementReference} from "./SettlementReference.sol";
import {TestBase} from "./TestBase.sol";

/// @title SettlementFixture
/// @notice The shared world of the SettlementEngine tests: an engine with every role granted to its
/// own actor, the specification's fee (250 bps to FEE_WALLET, 300 bps of it to SUS_WALLET), a
/// community pool, a plain ERC-20, and helpers to build graphs, rate tables and requests.
/// @dev Unit, fuzz and invariant tests inherit it and call `setUp()` (or `_deployFixture()`).
abstract contract SettlementFixture is TestBase {
    SettlementEngine internal engine;
    MockERC20 internal token;

    address internal constant ADMIN = address(0xA11CE);
    address internal constant SETTLER = address(0x5E771E);
    address internal constant GRAPHER = address(0x64A9E4);
    address internal constant TAXER = address(0x7A8E4);
    address internal constant ENFORCER = address(0xE4F0);
    address internal constant PAUSER = address(0x9A05E);
    address internal constant STRANGER = address(0x5757);

    address internal constant ALICE = address(0xA71CE);
    address internal constant BOB = address(0xB0B0B);
    address internal constant CAROL = address(0xCA401);
    address internal constant DAVE = address(0xDA7E0);
    address internal constant ERIN = address(0xE4140);

    address internal constant US_COLLECTOR = address(0x05C011);
    address internal constant CA_COLLECTOR = address(0xCAC011);
    address internal constant SF_COLLECTOR = address(0x5FC011);
    address internal constant FEE_WALLET = address(0xFEE0);
    address internal constant SUS_WALLET = address(0x5A5A5);
    address internal constant COMMUNITY_POOL = address(0xC0FFEE);

    bytes32 internal constant US = "US";
    bytes32 internal constant US_CA = "US-CA";
    bytes32 internal constant US_CA_SF = "US-CA-SF";

    bytes32 internal constant GRAPH = keccak256("graph:example");
    uint256 internal constant LICENSE = 7;
    uint16 internal constant FEE_BPS = 250;
    uint16 internal constant SUSTAINABILITY_BPS = 300;
    uint64 internal constant EPOCH = 1 days;
    uint64 internal constant T0 = 1_700_000_000;
    address internal constant ETH = address(0);

    bytes32 internal settlerRole;
    bytes32 internal graphRole;
    bytes32 internal taxRole;
    bytes32 internal enforcementRole;
    bytes32 internal pauserRole;
    bytes32 internal adminRole;

    function setUp() public virtual {
        _deployFixture();
    }

    function _deployFixture() internal {
        vm.warp(T0);
        engine = new SettlementEngine(ADMIN, EPOCH);
        token = new MockERC20("Mock USD", "mUSD");
        settlerRole = engine.SETTLER_ROLE();
        graphRole = engine.GRAPH_ROLE();
        taxRole = engine.TAX_ROLE();
        enforcementRole = engine.ENFORCEMENT_ROLE();
        pauserRole = engine.PAUSER_ROLE();
        adminRole = engine.DEFAULT_ADMIN_ROLE();
        vm.startPrank(ADMIN);
        engine.grantRole(settlerRole, SETTLER);
        engine.grantRole(graphRole, GRAPHER);
        engine.grantRole(taxRole, TAXER);
        engine.grantRole(enforcementRole, ENFORCER);
        engine.grantRole(pauserRole, PAUSER);
        engine.setFee(FEE_BPS, FEE_WALLET);
        engine.setSustainability(SUSTAINABILITY_BPS, SUS_WALLET);
        engine.setCommunityPool(COMMUNITY_POOL);
        vm.stopPrank();

        vm.label(address(engine), "SettlementEngine");
        vm.label(address(token), "MockERC20");
        vm.label(ADMIN, "ADMIN");
        vm.label(SETTLER, "SETTLER");
        vm.label(GRAPHER, "GRAPHER");
        vm.label(TAXER, "TAXER");
        vm.label(ENFORCER, "ENFORCER");
        vm.label(PAUSER, "PAUSER");
        vm.label(STRANGER, "STRANGER");
        vm.label(ALICE, "ALICE");
        vm.label(BOB, "BOB");
        vm.label(CAROL, "CAROL");
        vm.label(DAVE, "DAVE");
        vm.label(ERIN, "ERIN");
        vm.label(US_COLLECTOR, "US_COLLECTOR");
        vm.label(CA_COLLECTOR, "CA_COLLECTOR");
        vm.label(SF_COLLECTOR, "SF_COLLECTOR");
        vm.label(FEE_WALLET, "FEE_WALLET");
        vm.label(SUS_WALLET, "SUS_WALLET");
        vm.label(COMMUNITY_POOL, "COMMUNITY_POOL");
    }

    // ------------------------------------------------------------------ shares and graphs

    function _share(address recipient, uint16 bps)
        internal
        pure
        returns (ISettlementEngine.Share memory share)
    {
        share.recipient = recipient;
        share.kind = ISettlementEngine.NodeKind.Party;
        share.bps = bps;
    }

    function _shares(ISettlementEngine.Share memory a)
        internal
        pure
        returns (ISettlementEngine.Share[] memory shares)
    {
        shares = new ISettlementEngine.Share[](1);
        shares[0] = a;
    }

    function _shares(ISettlementEngine.Share memory a, ISettlementEngine.Share memory b)
        internal
        pure
        returns (ISettlementEngine.Share[] memory shares)
    {
        shares = new ISettlementEngine.Share[](2);
        (shares[0], shares[1]) = (a, b);
    }

    function _shares(
        ISettlementEngine.Share memory a,
        ISettlementEngine.Share memory b,
        ISettlementEngine.Share memory c
    ) internal pure returns (ISettlementEngine.Share[] memory shares) {
        shares = new ISettlementEngine.Share[](3);
        (shares[0], shares[1], shares[2]) = (a, b, c);
    }

    /// @dev The specification example's graph: 60% ALICE, 30% BOB, 10% CAROL capped at 50,000.
    function _exampleShares() internal pure returns (ISettlementEngine.Share[] memory shares) {
        ISettlementEngine.Share memory carol = _share(CAROL, 1000);
        carol.cap = 50_000;
        shares = _shares(_share(ALICE, 6000), _share(BOB, 3000), carol);
    }

    function _register(bytes32 graphId, ISettlementEngine.Share[] memory shares) internal returns (bytes32) {
        vm.prank(GRAPHER);
        return engine.registerGraph(graphId, shares);
    }

    // ------------------------------------------------------------------ taxes

    function _entry(bytes32 jurisdiction, uint16 mcc, bool nexus, uint16 rateBps, address collector)
        internal
        pure
        returns (ISettlementEngine.RateEntry memory)
    {
        return ISettlementEngine.RateEntry(jurisdiction, mcc, nexus, rateBps, collector);
    }

    /// @dev The specification example's table: US 600 bps, US-CA 225 bps, both any MCC, with nexus.
    function _exampleTable() internal pure returns (ISettlementEngine.RateEntry[] memory entries) {
        entries = new ISettlementEngine.RateEntry[](2);
        entries[0] = _entry(US, 0, true, 600, US_COLLECTOR);
        entries[1] = _entry(US_CA, 0, true, 225, CA_COLLECTOR);
    }

    function _level(bytes32 code, bool nexus)
        internal
        pure
        returns (ISettlementEngine.JurisdictionLevel memory)
    {
        return ISettlementEngine.JurisdictionLevel(code, nexus);
    }

    /// @dev US, then US-CA, both with nexus.
    function _examplePath() internal pure returns (ISettlementEngine.JurisdictionLevel[] memory path) {
        path = new ISettlementEngine.JurisdictionLevel[](2);
        path[0] = _level(US, true);
        path[1] = _level(US_CA, true);
    }

    function _registerTable(ISettlementEngine.RateEntry[] memory entries)
        internal
        returns (uint32 version, bytes32 tableHash)
    {
        vm.prank(TAXER);
        return engine.registerRateTable(entries);
    }

    function _setPath(bytes32 graphId, ISettlementEngine.JurisdictionLevel[] memory path) internal {
        vm.prank(TAXER);
        engine.setJurisdiction(graphId, path);
    }

    /// @dev Registers the example graph under GRAPH, the example table and path, and a hold of
    /// 10,000 on LICENSE: the whole specification example but the payment.
    function _setUpExample() internal returns (ISettlementEngine.Share[] memory shares) {
        shares = _exampleShares();
        _register(GRAPH, shares);
        _registerTable(_exampleTable());
        _setPath(GRAPH, _examplePath());
        vm.prank(ENFORCER);
        engine.setHold(LICENSE, 10_000, keccak256("case-1"));
    }

    // ------------------------------------------------------------------ settlement

    function _request(bytes32 txid, bytes32 graphId, address asset, uint256 amount)
        internal
        pure
        returns (ISettlementEngine.SettleRequest memory request)
    {
        request = ISettlementEngine.SettleRequest(txid, graphId, LICENSE, asset, amount, 0);
    }

    /// @dev Funds SETTLER (ETH, or minted tokens approved to the engine) and settles as SETTLER.
    function _settle(ISettlementEngine.SettleRequest memory request, ISettlementEngine.Share[] memory shares)
        internal
        returns (ISettlementEngine.Totals memory)
    {
        if (request.token == ETH) {
            vm.deal(SETTLER, SETTLER.balance + request.amount);
            vm.prank(SETTLER);
            return engine.settle{value: request.amount}(request, shares);
        }
        _fundSettler(request.token, request.amount);
        vm.prank(SETTLER);
        return engine.settle(request, shares);
    }

    /// @dev As `_settle`, through `settlePacked` with the packed form computed by the test's own
    /// reference (`SettlementReference.pack`), not by the engine's `packGraph`.
    function _settlePacked(
        ISettlementEngine.SettleRequest memory request,
        ISettlementEngine.Share[] memory shares
    ) internal returns (ISettlementEngine.Totals memory) {
        (uint256[] memory packed, ISettlementEngine.ShareTerms[] memory terms) =
            SettlementReference.pack(shares);
        if (request.token == ETH) {
            vm.deal(SETTLER, SETTLER.balance + request.amount);
            vm.prank(SETTLER);
            return engine.settlePacked{value: request.amount}(request, packed, terms);
        }
        _fundSettler(request.token, request.amount);
        vm.prank(SETTLER);
        return engine.settlePacked(request, packed, terms);
    }

    /// @dev Mints `amount` of the (mock) `asset` to SETTLER and approves the engine for it.
    function _fundSettler(address asset, uint256 amount) internal {
        MockERC20(asset).mint(SETTLER, amount);
        vm.prank(SETTLER);
        MockERC20(asset).approve(address(engine), amount);
    }

    function _txid(uint256 n) internal pure returns (bytes32) {
        return keccak256(abi.encode("txid", n));
    }

    // ------------------------------------------------------------------ errors and reads

    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }

    function _credit(address asset, address account) internal view returns (uint256) {
        return engine.creditOf(asset, account);
    }

    function _balanceOf(address asset, address account) internal view returns (uint256) {
        return asset == ETH ? account.balance : MockERC20(asset).balanceOf(account);
    }

    function _rates(uint256 a, uint256 b) internal pure returns (uint256[] memory rates) {
        rates = new uint256[](2);
        (rates[0], rates[1]) = (a, b);
    }

    function _noRates() internal pure returns (uint256[] memory) {
        return new uint256[](0);
    }

    /// @dev The leaf the engine should append for `request` with `totals`.
    function _leaf(
        ISettlementEngine.SettleRequest memory request,
        ISettlementEngine.Totals memory totals,
        bytes32 tableHash,
        bytes32 jurisdictionHash
    ) internal pure returns (bytes32) {
        return SettlementReference.leaf(
            request, totals.tax, totals.fee, totals.escrow, totals.dust, tableHash, jurisdictionHash
        );
    }
}
