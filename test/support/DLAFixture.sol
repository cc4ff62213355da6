// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {DLAEnforcement} from "../../contracts/solidity/enforcement/DLAEnforcement.sol";
import {IDLAEnforcement} from "../../contracts/solidity/interfaces/IDLAEnforcement.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {SettlementEngine} from "../../contracts/solidity/settlement/SettlementEngine.sol";
import {LicenseFixture} from "./LicenseFixture.sol";
import {MockERC20} from "./SettlementMocks.sol";

/// @title DLAFixture
/// @notice The shared world of the DLA enforcement tests: the real DID registry and license registry
/// of {LicenseFixture} (Valid DIDs, issuers, holders), the real SettlementEngine configured as in
/// {SettlementFixture} (250 bps fee, 300 bps of it to sustainability, a community pool), a one-share
/// payout graph, and the DLAEnforcement contract holding ENFORCEMENT_ROLE in the registry and the
/// engine, with a triage officer, two investigators, a council of three, a treasury, ETH and an
/// ERC-20 as hold assets, and three reason policies.
/// @dev Unit, fuzz and invariant tests inherit it and call `setUp()` (or `_deployFixture()`).
/// `SettlementFixture` itself cannot be inherited beside `LicenseFixture` (both declare `ADMIN`,
/// `ENFORCER`, `US`, `_request`, ...), so the engine is deployed here the way it deploys it.
abstract contract DLAFixture is LicenseFixture {
    SettlementEngine internal engine;
    DLAEnforcement internal dla;
    MockERC20 internal token;

    address internal constant TRIAGER = address(0x7819);
    address internal constant INVESTIGATOR = address(0x1417);
    address internal constant INVESTIGATOR2 = address(0x1427);
    address internal constant COUNCIL1 = address(0xC001);
    address internal constant COUNCIL2 = address(0xC002);
    address internal constant COUNCIL3 = address(0xC003);
    address internal constant TREASURY = address(0x7EA5);
    /// @dev The DID "did:chlom:reporter" (region US).
    address internal constant REPORTER = address(0x4E90);
    /// @dev The DID "did:chlom:reporter2" (region FR).
    address internal constant REPORTER2 = address(0x4E92);
    address internal constant SETTLER = address(0x5E771E);
    address internal constant GRAPHER = address(0x64A9E4);
    address internal constant PAYEE = address(0xA71CE);
    address internal constant FEE_WALLET = address(0xFEE0);
    address internal constant SUS_WALLET = address(0x5A5A5);
    address internal constant COMMUNITY_POOL = address(0xC0FFEE);
    address internal constant ETH = address(0);

    bytes32 internal constant REPORTER_DID = keccak256("did:chlom:reporter");
    bytes32 internal constant REPORTER2_DID = keccak256("did:chlom:reporter2");

    /// @dev Every sanction allowed, a 14-day appeal window.
    uint16 internal constant REASON_ALL = 1;
    /// @dev Freeze, Escrow and Remediation only (no Suspend), a 7-day appeal window.
    uint16 internal constant REASON_LIGHT = 2;
    /// @dev Every sanction allowed, no appeal (window 0).
    uint16 internal constant REASON_FINAL = 3;
    /// @dev No policy.
    uint16 internal constant REASON_NONE = 99;
    uint64 internal constant APPEAL_WINDOW = 14 days;
    uint64 internal constant LIGHT_APPEAL_WINDOW = 7 days;
    uint16 internal constant ALL_SANCTIONS = 0x7f;
    uint16 internal constant LIGHT_SANCTIONS = 1 << 0 | 1 << 1 | 1 << 6;

    bytes32 internal constant GRAPH = keccak256("graph:dla");
    bytes32 internal constant EVIDENCE = keccak256("ipfs://evidence-0");
    uint16 internal constant FEE_BPS = 250;
    uint16 internal constant SUSTAINABILITY_BPS = 300;

    IDLAEnforcement.Stage internal constant NONE = IDLAEnforcement.Stage.None;
    IDLAEnforcement.Stage internal constant OPEN = IDLAEnforcement.Stage.Open;
    IDLAEnforcement.Stage internal constant TRIAGE = IDLAEnforcement.Stage.Triage;
    IDLAEnforcement.Stage internal constant INVESTIGATION = IDLAEnforcement.Stage.Investigation;
    IDLAEnforcement.Stage internal constant SANCTION = IDLAEnforcement.Stage.Sanction;
    IDLAEnforcement.Stage internal constant APPEAL = IDLAEnforcement.Stage.Appeal;
    IDLAEnforcement.Stage internal constant RESOLVED = IDLAEnforcement.Stage.Resolved;
    IDLAEnforcement.Stage internal constant CLOSED = IDLAEnforcement.Stage.Closed;

    IDLAEnforcement.Sanction internal constant FREEZE = IDLAEnforcement.Sanction.Freeze;
    IDLAEnforcement.Sanction internal constant ESCROW = IDLAEnforcement.Sanction.Escrow;
    IDLAEnforcement.Sanction internal constant FINE = IDLAEnforcement.Sanction.Fine;
    IDLAEnforcement.Sanction internal constant CLAWBACK = IDLAEnforcement.Sanction.Clawback;
    IDLAEnforcement.Sanction internal constant SUSPEND = IDLAEnforcement.Sanction.Suspend;
    IDLAEnforcement.Sanction internal constant REVOKE = IDLAEnforcement.Sanction.Revoke;
    IDLAEnforcement.Sanction internal constant REMEDIATION = IDLAEnforcement.Sanction.Remediation;

    bytes32 internal triageRole;
    bytes32 internal investigatorRole;
    bytes32 internal councilRole;
    bytes32 internal adminRole;

    /// @dev The license every test starts from: Active, held by HOLDER.
    uint256 internal license;
    uint256 internal txNonce;
    ISettlementEngine.Share[] internal graphShares;

    function setUp() public virtual override {
        _deployFixture();
        _deployEnforcement();
    }

    /// @dev Deploys the engine and the DLA contract over {LicenseFixture}'s world (call after
    /// `_deployFixture()`), grants the roles, sets the policies, and issues `license`.
    function _deployEnforcement() internal {
        _registerValid(REPORTER, "did:chlom:reporter", "US");
        _registerValid(REPORTER2, "did:chlom:reporter2", "FR");

        engine = new SettlementEngine(ADMIN, 1 days);
        token = new MockERC20("Mock USD", "mUSD");
        dla = new DLAEnforcement(ADMIN, address(dids), address(registry), address(engine));
        triageRole = dla.TRIAGE_ROLE();
        investigatorRole = dla.INVESTIGATOR_ROLE();
        councilRole = dla.COUNCIL_ROLE();
        adminRole = dla.DEFAULT_ADMIN_ROLE();

        vm.startPrank(ADMIN);
        engine.grantRole(engine.SETTLER_ROLE(), SETTLER);
        engine.grantRole(engine.GRAPH_ROLE(), GRAPHER);
        engine.grantRole(engine.ENFORCEMENT_ROLE(), address(dla));
        engine.setFee(FEE_BPS, FEE_WALLET);
        engine.setSustainability(SUSTAINABILITY_BPS, SUS_WALLET);
        engine.setCommunityPool(COMMUNITY_POOL);
        registry.grantRole(enforcementRole, address(dla));

        dla.grantRole(triageRole, TRIAGER);
        dla.grantRole(investigatorRole, INVESTIGATOR);
        dla.grantRole(investigatorRole, INVESTIGATOR2);
        dla.grantRole(councilRole, COUNCIL1);
        dla.grantRole(councilRole, COUNCIL2);
        dla.grantRole(councilRole, COUNCIL3);
        dla.setTreasury(TREASURY);
        address[] memory assets = new address[](2);
        (assets[0], assets[1]) = (ETH, address(token));
        dla.setHoldAssets(assets);
        dla.setReasonPolicy(REASON_ALL, ALL_SANCTIONS, APPEAL_WINDOW);
        dla.setReasonPolicy(REASON_LIGHT, LIGHT_SANCTIONS, LIGHT_APPEAL_WINDOW);
        dla.setReasonPolicy(REASON_FINAL, ALL_SANCTIONS, 0);
        vm.stopPrank();

        ISettlementEngine.Share memory share;
        share.recipient = PAYEE;
        share.bps = 10_000;
        graphShares.push(share);
        vm.prank(GRAPHER);
        engine.registerGraph(GRAPH, graphShares);

        license = _issueActive(HOLDER_DID);

        vm.label(address(engine), "SettlementEngine");
        vm.label(address(dla), "DLAEnforcement");
        vm.label(address(token), "MockERC20");
        vm.label(TRIAGER, "TRIAGER");
        vm.label(INVESTIGATOR, "INVESTIGATOR");
        vm.label(INVESTIGATOR2, "INVESTIGATOR2");
        vm.label(COUNCIL1, "COUNCIL1");
        vm.label(COUNCIL2, "COUNCIL2");
        vm.label(COUNCIL3, "COUNCIL3");
        vm.label(TREASURY, "TREASURY");
        vm.label(REPORTER, "REPORTER");
        vm.label(REPORTER2, "REPORTER2");
        vm.label(SETTLER, "SETTLER");
        vm.label(PAYEE, "PAYEE");
    }

    // ------------------------------------------------------------------ the lifecycle, step by step

    function _open(uint256 licenseId, uint16 reason) internal returns (uint256 caseId) {
        vm.prank(REPORTER);
        caseId = dla.openCase(licenseId, reason, EVIDENCE);
    }

    function _triage(uint256 caseId) internal {
        vm.prank(TRIAGER);
        dla.triageCase(caseId, 1);
    }

    function _assign(uint256 caseId, address investigator) internal {
        vm.prank(TRIAGER);
        dla.assignInvestigator(caseId, investigator);
    }

    /// @dev Opens a case on `licenseId` for `reason`, triages it and assigns INVESTIGATOR.
    function _investigate(uint256 licenseId, uint16 reason) internal returns (uint256 caseId) {
        caseId = _open(licenseId, reason);
        _triage(caseId);
        _assign(caseId, INVESTIGATOR);
    }

    function _apply(uint256 caseId, IDLAEnforcement.Sanction sanction, bytes memory params) internal {
        vm.prank(INVESTIGATOR);
        dla.applySanction(caseId, sanction, params);
    }

    function _apply(uint256 caseId, IDLAEnforcement.Sanction sanction) internal {
        _apply(caseId, sanction, "");
    }

    function _amount(uint256 amount) internal pure returns (bytes memory) {
        return abi.encode(amount);
    }

    /// @dev Opens, investigates and freezes: stage Sanction.
    function _sanctioned(uint256 licenseId, uint16 reason) internal returns (uint256 caseId) {
        caseId = _investigate(licenseId, reason);
        _apply(caseId, FREEZE);
    }

    function _appeal(uint256 caseId) internal {
        vm.prank(HOLDER);
        dla.fileAppeal(caseId, keccak256("memo"));
    }

    function _vote(uint256 caseId, address member, bool uphold) internal {
        vm.prank(member);
        dla.decideAppeal(caseId, uphold);
    }

    function _resolve(uint256 caseId, IDLAEnforcement.Ruling ruling) internal {
        vm.prank(INVESTIGATOR);
        dla.resolve(caseId, ruling);
    }

    /// @dev Another Active license held by `holderDid`.
    function _newLicense(bytes32 holderDid) internal returns (uint256) {
        return _issueActive(holderDid);
    }

    // ------------------------------------------------------------------ settlement

    /// @dev Settles `amount` of ETH (or the mock token) for `licenseId` over the one-share graph.
    function _settle(uint256 licenseId, address asset, uint256 amount)
        internal
        returns (ISettlementEngine.Totals memory)
    {
        ISettlementEngine.SettleRequest memory request = ISettlementEngine.SettleRequest(
            keccak256(abi.encode("dla-tx", ++txNonce)), GRAPH, licenseId, asset, amount, 0
        );
        if (asset == ETH) {
            vm.deal(SETTLER, SETTLER.balance + amount);
            vm.prank(SETTLER);
            return engine.settle{value: amount}(request, graphShares);
        }
        token.mint(SETTLER, amount);
        vm.prank(SETTLER);
        token.approve(address(engine), amount);
        vm.prank(SETTLER);
        return engine.settle(request, graphShares);
    }

    // ------------------------------------------------------------------ reads and errors

    function _case(uint256 caseId) internal view returns (IDLAEnforcement.Case memory) {
        return dla.getCase(caseId);
    }

    function _stage(uint256 caseId) internal view returns (IDLAEnforcement.Stage) {
        return dla.getCase(caseId).stage;
    }

    function _bit(IDLAEnforcement.Sanction sanction) internal pure returns (uint16) {
        return uint16(1) << uint8(sanction);
    }

    function _frozen(uint256 licenseId) internal view returns (bool) {
        return registry.getLicense(licenseId).frozen;
    }

    function _unauthorized(address account, bytes32 role) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }

    function _invalidStage(uint256 caseId, IDLAEnforcement.Stage stage) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDLAEnforcement.InvalidStage.selector, caseId, stage);
    }

    function _notAuthorized(address caller, uint256 caseId) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDLAEnforcement.NotAuthorized.selector, caller, caseId);
    }

    function _notAllowed(uint256 caseId, IDLAEnforcement.Sanction sanction)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IDLAEnforcement.SanctionNotAllowed.selector, caseId, sanction);
    }

    function _sanctionState(uint256 caseId, IDLAEnforcement.Sanction sanction)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IDLAEnforcement.SanctionState.selector, caseId, sanction);
    }

    function _invalidArgument() internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDLAEnforcement.InvalidArgument.selector);
    }
}
