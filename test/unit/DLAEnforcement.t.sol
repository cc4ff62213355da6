// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {DLAEnforcement} from "../../contracts/solidity/enforcement/DLAEnforcement.sol";
import {IDIDRegistry} from "../../contracts/solidity/interfaces/IDIDRegistry.sol";
import {IDLAEnforcement} from "../../contracts/solidity/interfaces/IDLAEnforcement.sol";
import {ILicenseRegistry} from "../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {DLAFixture} from "../support/DLAFixture.sol";
import {Vm} from "../support/Vm.sol";

contract DLAEnforcementTest is DLAFixture {
    IDLAEnforcement.Ruling internal constant NO_RULING = IDLAEnforcement.Ruling.None;
    IDLAEnforcement.Ruling internal constant DISMISSED = IDLAEnforcement.Ruling.Dismissed;
    IDLAEnforcement.Ruling internal constant SANCTIONED = IDLAEnforcement.Ruling.Sanctioned;
    IDLAEnforcement.Ruling internal constant OVERTURNED = IDLAEnforcement.Ruling.Overturned;

    bytes32 internal constant PLAN = keccak256("ipfs://remediation-plan");
    bytes32 internal constant PROOF = keccak256("ipfs://evidence-1");

    // ------------------------------------------------------------------ helpers

    function _assertStage(uint256 caseId, IDLAEnforcement.Stage expected, string memory message)
        internal
        view
    {
        vm.assertEq(uint256(_stage(caseId)), uint256(expected), message);
    }

    function _assertLicenseState(uint256 id, ILicenseRegistry.LicenseState expected, string memory message)
        internal
        view
    {
        vm.assertEq(uint256(registry.stateOf(id)), uint256(expected), message);
    }

    function _assertHold(uint256 id, uint256 outstanding, bytes32 ref, string memory message) internal view {
        ISettlementEngine.Hold memory hold = engine.holdOf(id);
        vm.assertEq(hold.outstanding, outstanding, string.concat(message, ": outstanding"));
        vm.assertEq(hold.ref, ref, string.concat(message, ": ref"));
    }

    /// @dev A case in `stage` on a fresh license of HOLDER (the report interval must be 0).
    function _caseIn(IDLAEnforcement.Stage stage) internal returns (uint256 caseId) {
        uint256 id = _newLicense(HOLDER_DID);
        caseId = _open(id, REASON_ALL);
        if (stage == OPEN) return caseId;
        _triage(caseId);
        if (stage == TRIAGE) return caseId;
        _assign(caseId, INVESTIGATOR);
        if (stage == INVESTIGATION) return caseId;
        if (stage == RESOLVED || stage == CLOSED) {
            _resolve(caseId, DISMISSED);
            if (stage == CLOSED) {
                vm.warp(block.timestamp + 7 days + 1);
                dla.closeCase(caseId);
            }
            return caseId;
        }
        _apply(caseId, ESCROW, _amount(100));
        if (stage == SANCTION) return caseId;
        _appeal(caseId);
    }

    function _noInterval() internal {
        vm.prank(ADMIN);
        dla.setReportInterval(0);
    }

    function _setSla(IDLAEnforcement.Stage stage, uint64 seconds_) internal {
        vm.prank(ADMIN);
        dla.setSla(stage, seconds_);
    }

    // ------------------------------------------------------------------ deployment

    function test_Constructor_SetsDefaultsRolesAndContracts() public {
        DLAEnforcement fresh = new DLAEnforcement(ADMIN, address(dids), address(registry), address(engine));
        vm.assertTrue(fresh.hasRole(fresh.DEFAULT_ADMIN_ROLE(), ADMIN), "admin");
        vm.assertEq(fresh.TRIAGE_ROLE(), keccak256("CHLOM_TRIAGE_ROLE"), "triage role");
        vm.assertEq(fresh.INVESTIGATOR_ROLE(), keccak256("CHLOM_INVESTIGATOR_ROLE"), "investigator role");
        vm.assertEq(fresh.COUNCIL_ROLE(), keccak256("CHLOM_COUNCIL_ROLE"), "council role");
        vm.assertEq(fresh.MAX_EVIDENCE(), 64, "MAX_EVIDENCE");
        vm.assertEq(fresh.MAX_REPORTER_EVIDENCE(), 16, "MAX_REPORTER_EVIDENCE");
        vm.assertEq(fresh.MAX_PRIORITY(), 3, "MAX_PRIORITY");
        vm.assertEq(fresh.MAX_HOLD_ASSETS(), 8, "MAX_HOLD_ASSETS");
        vm.assertEq(address(fresh.didRegistry()), address(dids), "did registry");
        vm.assertEq(address(fresh.licenseRegistry()), address(registry), "license registry");
        vm.assertEq(address(fresh.settlementEngine()), address(engine), "settlement engine");
        vm.assertEq(fresh.councilQuorum(), 1, "quorum");
        vm.assertEq(fresh.treasury(), ADMIN, "treasury");
        address[] memory assets = fresh.holdAssets();
        vm.assertEq(assets.length, 1, "one hold asset");
        vm.assertEq(assets[0], ETH, "ETH");
        vm.assertEq(fresh.reportInterval(), 1 days, "report interval");
        vm.assertEq(fresh.reopenWindow(), 7 days, "reopen window");
        for (uint8 s = 0; s <= uint8(CLOSED); s++) {
            vm.assertEq(fresh.slaOf(IDLAEnforcement.Stage(s)), 0, "no SLA");
            vm.assertEq(fresh.casesInStage(IDLAEnforcement.Stage(s)), 0, "no case");
        }
        vm.assertEq(fresh.caseCount(), 0, "caseCount");
        vm.assertEq(fresh.breaches(), 0, "breaches");
        vm.assertEq(fresh.meanTimeToResolve(), 0, "mean time");
    }

    function test_RevertWhen_ConstructorGetsAZeroAddress() public {
        vm.expectRevert(_invalidArgument());
        new DLAEnforcement(address(0), address(dids), address(registry), address(engine));
        vm.expectRevert(_invalidArgument());
        new DLAEnforcement(ADMIN, address(0), address(registry), address(engine));
        vm.expectRevert(_invalidArgument());
        new DLAEnforcement(ADMIN, address(dids), address(0), address(engine));
        vm.expectRevert(_invalidArgument());
        new DLAEnforcement(ADMIN, address(dids), address(registry), address(0));
    }

    // ------------------------------------------------------------------ openCase

    function test_OpenCase_OpensCaseOneAndEmits() public {
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseOpened(1, license, REASON_ALL, REPORTER, EVIDENCE);
        vm.prank(REPORTER);
        uint256 caseId = dla.openCase(license, REASON_ALL, EVIDENCE);

        vm.assertEq(caseId, 1, "ids run from 1");
        vm.assertEq(dla.caseCount(), 1, "caseCount");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.licenseId, license, "licenseId");
        vm.assertEq(c.reasonCode, REASON_ALL, "reason");
        vm.assertEq(uint256(c.stage), uint256(OPEN), "stage");
        vm.assertEq(uint256(c.ruling), uint256(NO_RULING), "ruling");
        vm.assertEq(c.priority, 0, "priority");
        vm.assertEq(c.reporter, REPORTER, "reporter");
        vm.assertEq(c.reporterDid, REPORTER_DID, "reporter DID");
        vm.assertEq(c.investigator, address(0), "no investigator");
        vm.assertEq(c.openedAt, T0, "openedAt");
        vm.assertEq(c.updatedAt, T0, "updatedAt");
        vm.assertEq(c.slaDeadline, 0, "no SLA, no deadline");
        vm.assertEq(c.sanctions, 0, "no sanctions");
        vm.assertEq(c.evidenceCount, 1, "the opening evidence counts");
        vm.assertEq(c.held, 0, "nothing held");
        bytes32[] memory evidence = dla.evidenceOf(caseId);
        vm.assertEq(evidence.length, 1, "one reference");
        vm.assertEq(evidence[0], EVIDENCE, "the opening reference");
        vm.assertEq(dla.activeCaseOf(license), caseId, "active case");
        vm.assertEq(dla.casesInStage(OPEN), 1, "one open case");
    }

    function test_OpenCase_SetsTheOpenDeadlineFromItsSla() public {
        _setSla(OPEN, 2 days);
        uint256 caseId = _open(license, REASON_ALL);
        vm.assertEq(_case(caseId).slaDeadline, T0 + 2 days, "deadline");
    }

    function test_RevertWhen_ReporterHasNoDid() public {
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.ReporterNotInGoodStanding.selector, STRANGER));
        vm.prank(STRANGER);
        dla.openCase(license, REASON_ALL, EVIDENCE);
    }

    function test_RevertWhen_ReporterDidIsNotValid() public {
        _setDidStatus(REPORTER_DID, IDIDRegistry.Status.Suspended);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.ReporterNotInGoodStanding.selector, REPORTER));
        vm.prank(REPORTER);
        dla.openCase(license, REASON_ALL, EVIDENCE);
    }

    function test_RevertWhen_ReporterReportsWithinTheInterval() public {
        _open(license, REASON_ALL);
        uint256 other = _newLicense(HOLDER2_DID);
        vm.warp(T0 + 1 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.ReportTooSoon.selector, REPORTER_DID, uint64(T0 + 1 days))
        );
        vm.prank(REPORTER);
        dla.openCase(other, REASON_ALL, EVIDENCE);

        // Another DID is not limited by REPORTER's report.
        vm.prank(REPORTER2);
        dla.openCase(other, REASON_ALL, EVIDENCE);
    }

    function test_OpenCase_AllowsTheNextReportAfterTheInterval() public {
        _open(license, REASON_ALL);
        uint256 other = _newLicense(HOLDER2_DID);
        vm.warp(T0 + 1 days);
        uint256 caseId = _open(other, REASON_ALL);
        vm.assertEq(caseId, 2, "second case");
    }

    function test_RevertWhen_ReportsComeFromTheSameDidUnderANewController() public {
        _open(license, REASON_ALL);
        address rotated = address(0x4E99);
        vm.prank(REPORTER);
        dids.rotateController(REPORTER_DID, rotated);
        uint256 other = _newLicense(HOLDER2_DID);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.ReportTooSoon.selector, REPORTER_DID, uint64(T0 + 1 days))
        );
        vm.prank(rotated);
        dla.openCase(other, REASON_ALL, EVIDENCE);
    }

    function test_RevertWhen_LicenseDoesNotExist() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, uint256(42)));
        vm.prank(REPORTER);
        dla.openCase(42, REASON_ALL, EVIDENCE);
    }

    function test_RevertWhen_LicenseHasAnActiveCase() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.CaseAlreadyActive.selector, license, caseId));
        vm.prank(REPORTER2);
        dla.openCase(license, REASON_LIGHT, EVIDENCE);
    }

    function test_RevertWhen_TheHolderReportsItsOwnLicense() public {
        // HOLDER controls a Valid DID, but a self-report would let it shield its license.
        vm.expectRevert(_notAuthorized(HOLDER, 0));
        vm.prank(HOLDER);
        dla.openCase(license, REASON_ALL, EVIDENCE);
        // The holder of another license may report this one, and the owner is read live: after a
        // transfer the new owner may not report it, the former one may.
        uint256 other = _newLicense(HOLDER2_DID);
        vm.prank(HOLDER2);
        registry.transferFrom(HOLDER2, HOLDER, other);
        vm.expectRevert(_notAuthorized(HOLDER, 0));
        vm.prank(HOLDER);
        dla.openCase(other, REASON_ALL, EVIDENCE);
        vm.prank(HOLDER2);
        uint256 caseId = dla.openCase(other, REASON_ALL, EVIDENCE);
        vm.assertEq(_case(caseId).reporter, HOLDER2, "a former holder reports");
    }

    function test_RevertWhen_TheHolderReportsItsOwnLicenseThatHasACase() public {
        // The holder check comes after the license's existence and before the active case.
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(_notAuthorized(HOLDER, 0));
        vm.prank(HOLDER);
        dla.openCase(license, REASON_NONE, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, uint256(42)));
        vm.prank(HOLDER);
        dla.openCase(42, REASON_ALL, EVIDENCE);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.CaseAlreadyActive.selector, license, caseId));
        vm.prank(REPORTER2);
        dla.openCase(license, REASON_ALL, EVIDENCE);
    }

    function test_RevertWhen_ReasonHasNoPolicy() public {
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.InvalidReason.selector, REASON_NONE));
        vm.prank(REPORTER);
        dla.openCase(license, REASON_NONE, EVIDENCE);

        vm.prank(ADMIN);
        dla.setReasonPolicy(REASON_LIGHT, 0, 1 days);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.InvalidReason.selector, REASON_LIGHT));
        vm.prank(REPORTER);
        dla.openCase(license, REASON_LIGHT, EVIDENCE);
    }

    function test_RevertWhen_OpeningEvidenceIsZero() public {
        vm.expectRevert(_invalidArgument());
        vm.prank(REPORTER);
        dla.openCase(license, REASON_ALL, bytes32(0));
    }

    function test_OpenCase_ChecksAuthorityThenRateThenLicenseThenActiveThenReasonThenEvidence() public {
        _open(license, REASON_ALL);
        // Everything wrong at once: each fix reveals the next check.
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.ReporterNotInGoodStanding.selector, STRANGER));
        vm.prank(STRANGER);
        dla.openCase(42, REASON_NONE, bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.ReportTooSoon.selector, REPORTER_DID, uint64(T0 + 1 days))
        );
        vm.prank(REPORTER);
        dla.openCase(42, REASON_NONE, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, uint256(42)));
        vm.prank(REPORTER2);
        dla.openCase(42, REASON_NONE, bytes32(0));
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.CaseAlreadyActive.selector, license, uint256(1))
        );
        vm.prank(REPORTER2);
        dla.openCase(license, REASON_NONE, bytes32(0));
        uint256 other = _newLicense(HOLDER2_DID);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.InvalidReason.selector, REASON_NONE));
        vm.prank(REPORTER2);
        dla.openCase(other, REASON_NONE, bytes32(0));
        vm.expectRevert(_invalidArgument());
        vm.prank(REPORTER2);
        dla.openCase(other, REASON_ALL, bytes32(0));
    }

    // ------------------------------------------------------------------ triageCase

    function test_TriageCase_MovesToTriageWithAPriority() public {
        _setSla(TRIAGE, 1 days);
        uint256 caseId = _open(license, REASON_ALL);
        vm.warp(T0 + 10);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseTriaged(caseId, 3);
        vm.prank(TRIAGER);
        dla.triageCase(caseId, 3);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(TRIAGE), "stage");
        vm.assertEq(c.priority, 3, "priority");
        vm.assertEq(c.updatedAt, T0 + 10, "updatedAt");
        vm.assertEq(c.slaDeadline, T0 + 10 + 1 days, "triage deadline");
        vm.assertEq(dla.casesInStage(OPEN), 0, "left Open");
        vm.assertEq(dla.casesInStage(TRIAGE), 1, "in Triage");
    }

    function test_RevertWhen_TriageCallerLacksTheRole() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(_unauthorized(INVESTIGATOR, triageRole));
        vm.prank(INVESTIGATOR);
        dla.triageCase(caseId, 0);
    }

    function test_RevertWhen_TriagingAMissingCase() public {
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.CaseNotFound.selector, uint256(7)));
        vm.prank(TRIAGER);
        dla.triageCase(7, 0);
    }

    function test_RevertWhen_TriagePriorityIsAboveTheMaximum() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(_invalidArgument());
        vm.prank(TRIAGER);
        dla.triageCase(caseId, 4);
    }

    // ------------------------------------------------------------------ assignInvestigator

    function test_AssignInvestigator_MovesToInvestigation() public {
        _setSla(INVESTIGATION, 3 days);
        uint256 caseId = _open(license, REASON_ALL);
        _triage(caseId);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.InvestigatorAssigned(caseId, INVESTIGATOR);
        _assign(caseId, INVESTIGATOR);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(INVESTIGATION), "stage");
        vm.assertEq(c.investigator, INVESTIGATOR, "investigator");
        vm.assertEq(c.slaDeadline, T0 + 3 days, "investigation deadline");
    }

    function test_AssignInvestigator_ReassignsKeepingTheDeadline() public {
        _setSla(INVESTIGATION, 3 days);
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.warp(T0 + 1 days);
        _assign(caseId, INVESTIGATOR2);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(INVESTIGATION), "still Investigation");
        vm.assertEq(c.investigator, INVESTIGATOR2, "reassigned");
        vm.assertEq(c.slaDeadline, T0 + 3 days, "the stage was not entered again");
        vm.assertEq(c.updatedAt, T0 + 1 days, "updatedAt");
        // The previous investigator no longer acts on the case.
        vm.expectRevert(_notAuthorized(INVESTIGATOR, caseId));
        _apply(caseId, FREEZE);
        vm.prank(INVESTIGATOR2);
        dla.applySanction(caseId, FREEZE, "");
    }

    function test_AssignInvestigator_ReassignsInSanctionKeepingTheStageAndDeadline() public {
        _setSla(SANCTION, 5 days);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.warp(T0 + 1 days);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.InvestigatorAssigned(caseId, INVESTIGATOR2);
        _assign(caseId, INVESTIGATOR2);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(SANCTION), "still Sanction");
        vm.assertEq(c.investigator, INVESTIGATOR2, "reassigned");
        vm.assertEq(c.slaDeadline, T0 + 5 days, "the Sanction deadline stays");
        vm.assertEq(c.sanctionedAt, T0, "the sanction time stays");
        vm.assertEq(c.updatedAt, T0 + 1 days, "updatedAt");
        vm.assertEq(dla.casesInStage(SANCTION), 1, "counted once, in Sanction");
        // The new investigator acts on the case, the previous one no longer does.
        vm.expectRevert(_notAuthorized(INVESTIGATOR, caseId));
        vm.prank(INVESTIGATOR);
        dla.liftFreeze(license);
        vm.prank(INVESTIGATOR2);
        dla.liftFreeze(license);
        vm.prank(INVESTIGATOR2);
        dla.fine(license, 10);
        vm.assertEq(_case(caseId).held, 10, "the new investigator fined");
    }

    function test_AssignInvestigator_ReassignsInAppeal() public {
        _setSla(APPEAL, 2 days);
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 10 days)));
        _appeal(caseId);
        vm.warp(T0 + 1 hours);
        _assign(caseId, INVESTIGATOR2);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(APPEAL), "still Appeal");
        vm.assertEq(c.investigator, INVESTIGATOR2, "reassigned");
        vm.assertEq(c.slaDeadline, T0 + 2 days, "the Appeal deadline stays");
        vm.expectRevert(_notAuthorized(INVESTIGATOR, caseId));
        vm.prank(INVESTIGATOR);
        dla.addEvidence(caseId, PROOF);
        vm.expectRevert(_notAuthorized(INVESTIGATOR, caseId));
        vm.prank(INVESTIGATOR);
        dla.confirmRemediation(caseId);
        vm.prank(INVESTIGATOR2);
        dla.addEvidence(caseId, PROOF);
        vm.prank(INVESTIGATOR2);
        dla.confirmRemediation(caseId);
        vm.assertEq(_case(caseId).remediationDeadline, 0, "confirmed by the new investigator");
    }

    function test_RevertWhen_TheAssignedInvestigatorLostTheRole() public {
        _setSla(SANCTION, 1 days);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.prank(ADMIN);
        dla.revokeRole(investigatorRole, INVESTIGATOR);
        vm.assertEq(_case(caseId).investigator, INVESTIGATOR, "still the case's investigator");

        bytes memory err = _notAuthorized(INVESTIGATOR, caseId);
        vm.startPrank(INVESTIGATOR);
        vm.expectRevert(err);
        dla.applySanction(caseId, SUSPEND, "");
        vm.expectRevert(err);
        dla.fine(license, 1);
        vm.expectRevert(err);
        dla.setEscrow(license, 1, PROOF);
        vm.expectRevert(err);
        dla.requireRemediation(license, PLAN);
        vm.expectRevert(err);
        dla.liftFreeze(license);
        vm.expectRevert(err);
        dla.addEvidence(caseId, PROOF);
        vm.expectRevert(err);
        dla.confirmRemediation(caseId);
        vm.warp(T0 + APPEAL_WINDOW + 1);
        vm.expectRevert(err);
        dla.resolve(caseId, SANCTIONED);
        vm.stopPrank();

        // A triage officer reassigns the case; granted the role again, the former investigator is
        // not the case's any more.
        _assign(caseId, INVESTIGATOR2);
        vm.prank(ADMIN);
        dla.grantRole(investigatorRole, INVESTIGATOR);
        vm.expectRevert(err);
        _resolve(caseId, SANCTIONED);
        vm.prank(INVESTIGATOR2);
        dla.resolve(caseId, SANCTIONED);
        _assertStage(caseId, RESOLVED, "resolved by the new investigator");
    }

    function test_TheAssignedInvestigatorActsAgainOnceTheRoleIsGrantedBack() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.prank(ADMIN);
        dla.revokeRole(investigatorRole, INVESTIGATOR);
        vm.expectRevert(_notAuthorized(INVESTIGATOR, caseId));
        _resolve(caseId, DISMISSED);
        vm.prank(ADMIN);
        dla.grantRole(investigatorRole, INVESTIGATOR);
        _resolve(caseId, DISMISSED);
        _assertStage(caseId, RESOLVED, "the role is checked at each call");
    }

    function test_RevertWhen_AssigneeIsNotAnInvestigator() public {
        uint256 caseId = _open(license, REASON_ALL);
        _triage(caseId);
        vm.expectRevert(_invalidArgument());
        _assign(caseId, STRANGER);
        vm.expectRevert(_invalidArgument());
        _assign(caseId, address(0));
    }

    function test_RevertWhen_AssignCallerLacksTheRole() public {
        uint256 caseId = _open(license, REASON_ALL);
        _triage(caseId);
        vm.expectRevert(_unauthorized(INVESTIGATOR, triageRole));
        vm.prank(INVESTIGATOR);
        dla.assignInvestigator(caseId, INVESTIGATOR);
    }

    // ------------------------------------------------------------------ addEvidence

    function test_AddEvidence_ByTheReporterWhileOpenOrTriage() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.EvidenceAdded(caseId, PROOF, REPORTER);
        vm.prank(REPORTER);
        dla.addEvidence(caseId, PROOF);
        _triage(caseId);
        vm.prank(REPORTER);
        dla.addEvidence(caseId, keccak256("p2"));

        bytes32[] memory evidence = dla.evidenceOf(caseId);
        vm.assertEq(evidence.length, 3, "three references");
        vm.assertEq(evidence[1], PROOF, "in order");
        vm.assertEq(_case(caseId).evidenceCount, 3, "evidenceCount");
    }

    function test_AddEvidence_ByTheInvestigatorFromInvestigationToAppeal() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.prank(INVESTIGATOR);
        dla.addEvidence(caseId, keccak256("i"));
        _apply(caseId, FREEZE);
        vm.prank(INVESTIGATOR);
        dla.addEvidence(caseId, keccak256("s"));
        _appeal(caseId);
        vm.prank(INVESTIGATOR);
        dla.addEvidence(caseId, keccak256("a"));
        vm.assertEq(_case(caseId).evidenceCount, 4, "evidenceCount");
    }

    function test_RevertWhen_EvidenceComesFromTheWrongParty() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(_notAuthorized(INVESTIGATOR, caseId));
        vm.prank(INVESTIGATOR);
        dla.addEvidence(caseId, PROOF);
        _triage(caseId);
        _assign(caseId, INVESTIGATOR);
        vm.expectRevert(_notAuthorized(REPORTER, caseId));
        vm.prank(REPORTER);
        dla.addEvidence(caseId, PROOF);
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        vm.prank(INVESTIGATOR2);
        dla.addEvidence(caseId, PROOF);
    }

    function test_RevertWhen_TheReporterExceedsItsCap() public {
        uint256 caseId = _open(license, REASON_ALL);
        bytes memory full = abi.encodeWithSelector(IDLAEnforcement.TooMuchEvidence.selector, caseId);
        vm.startPrank(REPORTER);
        for (uint256 i = 1; i < 16; i++) {
            dla.addEvidence(caseId, keccak256(abi.encode(i)));
        }
        vm.assertEq(_case(caseId).evidenceCount, 16, "at the reporter's cap, the opening reference included");
        vm.expectRevert(full);
        dla.addEvidence(caseId, PROOF);
        // The count comes before the reference: a zero reference is refused as too much too.
        vm.expectRevert(full);
        dla.addEvidence(caseId, bytes32(0));
        vm.stopPrank();
        _triage(caseId);
        vm.expectRevert(full);
        vm.prank(REPORTER);
        dla.addEvidence(caseId, PROOF);
        // Authority before the count: someone else is not told the case is full.
        vm.expectRevert(_notAuthorized(REPORTER2, caseId));
        vm.prank(REPORTER2);
        dla.addEvidence(caseId, PROOF);
        vm.assertEq(dla.evidenceOf(caseId).length, 16, "16 references");
    }

    function test_RevertWhen_TheInvestigatorExceedsTheCap() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.startPrank(REPORTER);
        for (uint256 i = 1; i < 16; i++) {
            dla.addEvidence(caseId, keccak256(abi.encode(i)));
        }
        vm.stopPrank();
        _triage(caseId);
        _assign(caseId, INVESTIGATOR);
        // The investigator keeps the room up to MAX_EVIDENCE.
        vm.startPrank(INVESTIGATOR);
        for (uint256 i = 16; i < 64; i++) {
            dla.addEvidence(caseId, keccak256(abi.encode(i)));
        }
        vm.assertEq(_case(caseId).evidenceCount, 64, "at the cap");
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.TooMuchEvidence.selector, caseId));
        dla.addEvidence(caseId, PROOF);
        vm.stopPrank();
        vm.assertEq(dla.evidenceOf(caseId).length, 64, "64 references");
    }

    function test_RevertWhen_EvidenceIsZero() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(_invalidArgument());
        vm.prank(REPORTER);
        dla.addEvidence(caseId, bytes32(0));
    }

    function test_RevertWhen_EvidenceIsAddedToAMissingCase() public {
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.CaseNotFound.selector, uint256(3)));
        vm.prank(REPORTER);
        dla.addEvidence(3, PROOF);
    }

    // ------------------------------------------------------------------ sanctions: the registry

    function test_ApplySanction_FreezeFreezesTheLicenseAndEntersSanction() public {
        _setSla(SANCTION, 5 days);
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.warp(T0 + 1 hours);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionApplied(caseId, license, FREEZE, "");
        _apply(caseId, FREEZE);

        vm.assertTrue(_frozen(license), "frozen in the registry");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(SANCTION), "stage");
        vm.assertEq(c.sanctions, _bit(FREEZE), "freeze bit");
        vm.assertEq(c.sanctionedAt, T0 + 1 hours, "first sanction");
        vm.assertEq(c.slaDeadline, T0 + 1 hours + 5 days, "sanction deadline");
        // The holder cannot move a frozen license.
        vm.expectRevert(abi.encodeWithSelector(ILicenseRegistry.LicenseNotUsable.selector, license));
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, license);
    }

    function test_FreezeLicense_AppliesFreezeToTheActiveCase() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.prank(INVESTIGATOR);
        dla.freezeLicense(license);
        vm.assertEq(_case(caseId).sanctions, _bit(FREEZE), "freeze bit");
        vm.assertTrue(_frozen(license), "frozen");
    }

    function test_LiftFreeze_UnfreezesAndStaysInSanction() public {
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.warp(T0 + 1 days);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, FREEZE);
        vm.prank(INVESTIGATOR);
        dla.liftFreeze(license);

        vm.assertFalse(_frozen(license), "unfrozen");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.sanctions, 0, "no bit");
        vm.assertEq(uint256(c.stage), uint256(SANCTION), "still Sanction");
        vm.assertEq(c.updatedAt, T0 + 1 days, "updatedAt");
        // It can be frozen again.
        _apply(caseId, FREEZE);
        vm.assertTrue(_frozen(license), "frozen again");
    }

    function test_RevertWhen_LiftingAFreezeThatIsNotApplied() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, ESCROW, _amount(10));
        vm.expectRevert(_sanctionState(caseId, FREEZE));
        vm.prank(INVESTIGATOR);
        dla.liftFreeze(license);
    }

    function test_RevertWhen_LiftFreezeIsCalledOutsideSanctionOrByAnother() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectRevert(_invalidStage(caseId, INVESTIGATION));
        vm.prank(INVESTIGATOR);
        dla.liftFreeze(license);
        _apply(caseId, FREEZE);
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        vm.prank(INVESTIGATOR2);
        dla.liftFreeze(license);
    }

    function test_ApplySanction_SuspendSuspendsTheLicense() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, SUSPEND);
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Suspended, "suspended in the registry");
        vm.assertEq(_case(caseId).sanctions, _bit(SUSPEND), "suspend bit");
    }

    function test_ApplySanction_RevokeIsOnlyRecorded() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, REVOKE);
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Active, "not revoked before due process");
        vm.assertEq(_case(caseId).sanctions, _bit(REVOKE), "revoke bit");
    }

    function test_RevertWhen_TheRegistryRefusesTheSanction() public {
        uint256 draft = _issueDraft(HOLDER2_DID);
        uint256 caseId = _investigate(draft, REASON_ALL);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILicenseRegistry.InvalidState.selector, draft, ILicenseRegistry.LicenseState.Draft
            )
        );
        _apply(caseId, SUSPEND);
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(INVESTIGATION), "nothing changed: stage");
        vm.assertEq(c.sanctions, 0, "nothing changed: bits");
        vm.assertEq(c.sanctionedAt, 0, "nothing changed: sanctionedAt");
    }

    function test_RevertWhen_ANonRepeatableSanctionIsAppliedTwice() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, FREEZE);
        _apply(caseId, SUSPEND);
        _apply(caseId, REVOKE);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        vm.expectRevert(_sanctionState(caseId, FREEZE));
        _apply(caseId, FREEZE);
        vm.expectRevert(_sanctionState(caseId, SUSPEND));
        _apply(caseId, SUSPEND);
        vm.expectRevert(_sanctionState(caseId, REVOKE));
        _apply(caseId, REVOKE);
        vm.expectRevert(_sanctionState(caseId, REMEDIATION));
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
    }

    function test_RevertWhen_TheReasonDoesNotAllowTheSanction() public {
        uint256 caseId = _investigate(license, REASON_LIGHT);
        vm.expectRevert(_notAllowed(caseId, SUSPEND));
        _apply(caseId, SUSPEND);
        vm.expectRevert(_notAllowed(caseId, FINE));
        _apply(caseId, FINE, _amount(1));
        vm.expectRevert(_notAllowed(caseId, CLAWBACK));
        _apply(caseId, CLAWBACK, _amount(1));
        vm.expectRevert(_notAllowed(caseId, REVOKE));
        _apply(caseId, REVOKE);
        // Policies are read live: withdrawing Freeze refuses it from now on.
        vm.prank(ADMIN);
        dla.setReasonPolicy(REASON_LIGHT, 1 << 1, LIGHT_APPEAL_WINDOW);
        vm.expectRevert(_notAllowed(caseId, FREEZE));
        _apply(caseId, FREEZE);
    }

    function test_RevertWhen_SanctionParametersAreMalformed() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectRevert(_notAllowed(caseId, FREEZE));
        _apply(caseId, FREEZE, hex"00");
        vm.expectRevert(_notAllowed(caseId, SUSPEND));
        _apply(caseId, SUSPEND, _amount(1));
        vm.expectRevert(_notAllowed(caseId, REVOKE));
        _apply(caseId, REVOKE, _amount(1));
        vm.expectRevert(_notAllowed(caseId, ESCROW));
        _apply(caseId, ESCROW, "");
        vm.expectRevert(_notAllowed(caseId, ESCROW));
        _apply(caseId, ESCROW, _amount(0));
        vm.expectRevert(_notAllowed(caseId, FINE));
        _apply(caseId, FINE, abi.encode(uint256(1), uint256(2)));
        vm.expectRevert(_notAllowed(caseId, CLAWBACK));
        _apply(caseId, CLAWBACK, hex"01");
        vm.expectRevert(_notAllowed(caseId, REMEDIATION));
        _apply(caseId, REMEDIATION, abi.encode(bytes32(0), uint256(T0 + 1)));
        vm.expectRevert(_notAllowed(caseId, REMEDIATION));
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 - 1)));
        vm.expectRevert(_notAllowed(caseId, REMEDIATION));
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(type(uint64).max) + 1));
        vm.expectRevert(_notAllowed(caseId, REMEDIATION));
        _apply(caseId, REMEDIATION, abi.encode(PLAN));
        _assertStage(caseId, INVESTIGATION, "nothing applied");
    }

    function test_RevertWhen_SanctionComesFromAnyoneButTheAssignedInvestigator() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        address[4] memory others = [INVESTIGATOR2, TRIAGER, HOLDER, ADMIN];
        for (uint256 i = 0; i < others.length; i++) {
            vm.expectRevert(_notAuthorized(others[i], caseId));
            vm.prank(others[i]);
            dla.applySanction(caseId, FREEZE, "");
        }
    }

    function test_RevertWhen_LicenseAddressedCallsFindNoActiveCase() public {
        bytes memory err = abi.encodeWithSelector(IDLAEnforcement.NoActiveCase.selector, license);
        vm.startPrank(INVESTIGATOR);
        vm.expectRevert(err);
        dla.freezeLicense(license);
        vm.expectRevert(err);
        dla.liftFreeze(license);
        vm.expectRevert(err);
        dla.setEscrow(license, 1, PROOF);
        vm.expectRevert(err);
        dla.fine(license, 1);
        vm.expectRevert(err);
        dla.requireRemediation(license, PLAN);
        vm.stopPrank();
    }

    function test_RevertWhen_LicenseAddressedCallsComeFromAnotherInvestigator() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.startPrank(INVESTIGATOR2);
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        dla.freezeLicense(license);
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        dla.setEscrow(license, 1, PROOF);
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        dla.fine(license, 1);
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        dla.requireRemediation(license, PLAN);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ sanctions: the engine

    function test_SetEscrow_HoldsInTheEngineAndRecordsTheReference() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionApplied(caseId, license, ESCROW, _amount(5000));
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.EvidenceAdded(caseId, PROOF, INVESTIGATOR);
        vm.expectEmit(address(engine));
        emit ISettlementEngine.HoldSet(license, 5000, bytes32(caseId));
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 5000, PROOF);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.held, 5000, "held");
        vm.assertEq(c.sanctions, _bit(ESCROW), "escrow bit");
        vm.assertEq(c.evidenceCount, 2, "ref recorded as evidence");
        vm.assertEq(dla.evidenceOf(caseId)[1], PROOF, "the ref");
        _assertHold(license, 5000, bytes32(caseId), "engine hold");
    }

    function test_RevertWhen_SetEscrowRefIsZeroOrEvidenceIsFull() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectRevert(_invalidArgument());
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 5000, bytes32(0));
        vm.startPrank(INVESTIGATOR);
        for (uint256 i = 1; i < 64; i++) {
            dla.addEvidence(caseId, keccak256(abi.encode(i)));
        }
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.TooMuchEvidence.selector, caseId));
        dla.setEscrow(license, 5000, PROOF);
        vm.stopPrank();
        _assertHold(license, 0, bytes32(0), "no hold");
    }

    function test_MoneySanctions_AddUpAndRepeat() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 1000, PROOF);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 300);
        _apply(caseId, CLAWBACK, _amount(200));
        vm.prank(INVESTIGATOR);
        dla.fine(license, 50);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.held, 1550, "the total");
        vm.assertEq(c.sanctions, _bit(ESCROW) | _bit(FINE) | _bit(CLAWBACK), "bits");
        _assertHold(license, 1550, bytes32(caseId), "the engine holds the total");
    }

    function test_Settle_RoutesTheHeldShareToEscrowWhileTheCaseHolds() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 5000, PROOF);

        // 10,000 wei: fee 250 (its sustainability share inside), then up to the hold to escrow.
        ISettlementEngine.Totals memory totals = _settle(license, ETH, 10_000);
        vm.assertEq(totals.fee, 250, "fee");
        vm.assertEq(totals.escrow, 5000, "the hold's amount to escrow");
        vm.assertEq(engine.escrowOf(license, ETH), 5000, "escrowed");
        vm.assertEq(engine.creditOf(ETH, PAYEE), 4750, "the payee gets the rest");
        _assertHold(license, 0, bytes32(caseId), "the hold is used up");

        // A later sanction holds only its own amount again: what is escrowed is not held twice.
        vm.prank(INVESTIGATOR);
        dla.fine(license, 1000);
        vm.assertEq(_case(caseId).held, 6000, "held is the total applied");
        _assertHold(license, 1000, bytes32(caseId), "outstanding is the new amount");
        totals = _settle(license, ETH, 10_000);
        vm.assertEq(totals.escrow, 1000, "second settlement escrows the fine");
        vm.assertEq(engine.escrowOf(license, ETH), 6000, "escrow is the case's total");

        // Another license's settlements are not held.
        uint256 other = _newLicense(HOLDER2_DID);
        vm.assertEq(_settle(other, ETH, 10_000).escrow, 0, "no hold on another license");
    }

    function test_Settle_PartialSettlementsFillTheHoldAcrossAssets() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 15_000, PROOF);
        vm.assertEq(_settle(license, ETH, 10_000).escrow, 9750, "all of B");
        vm.assertEq(_settle(license, address(token), 10_000).escrow, 5250, "the rest, in tokens");
        _assertHold(license, 0, bytes32(caseId), "filled");
        vm.assertEq(engine.escrowOf(license, address(token)), 5250, "token escrow");
    }

    // ------------------------------------------------------------------ remediation and escalation

    function test_RequireRemediation_SetsThePlanWithTheSanctionSla() public {
        _setSla(SANCTION, 10 days);
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionApplied(
            caseId, license, REMEDIATION, abi.encode(PLAN, uint64(T0 + 10 days))
        );
        vm.prank(INVESTIGATOR);
        dla.requireRemediation(license, PLAN);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.remediationPlan, PLAN, "plan");
        vm.assertEq(c.remediationDeadline, T0 + 10 days, "deadline");
        vm.assertEq(c.sanctions, _bit(REMEDIATION), "bit");
    }

    function test_RevertWhen_RequireRemediationHasNoSanctionSla() public {
        // Without a Sanction SLA the plan would have no deadline and could never escalate: its
        // deadline is 0, before now, so the plan is malformed.
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectRevert(_notAllowed(caseId, REMEDIATION));
        vm.prank(INVESTIGATOR);
        dla.requireRemediation(license, PLAN);
        _assertStage(caseId, INVESTIGATION, "nothing applied");
        // The checks before the parameters keep their order: another investigator, a reason that
        // does not allow remediation.
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        vm.prank(INVESTIGATOR2);
        dla.requireRemediation(license, PLAN);
        vm.prank(ADMIN);
        dla.setReasonPolicy(REASON_ALL, ALL_SANCTIONS & ~_bit(REMEDIATION), APPEAL_WINDOW);
        vm.expectRevert(_notAllowed(caseId, REMEDIATION));
        vm.prank(INVESTIGATOR);
        dla.requireRemediation(license, PLAN);
        // Once the SLA is set, the same call applies the plan.
        vm.prank(ADMIN);
        dla.setReasonPolicy(REASON_ALL, ALL_SANCTIONS, APPEAL_WINDOW);
        _setSla(SANCTION, 1 days);
        vm.prank(INVESTIGATOR);
        dla.requireRemediation(license, PLAN);
        vm.assertEq(_case(caseId).remediationDeadline, T0 + 1 days, "deadline");
    }

    function test_Escalate_SuspendsAfterTheRemediationDeadline() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 3 days)));
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.DeadlineNotPassed.selector, caseId, uint64(T0 + 3 days))
        );
        dla.escalate(caseId);

        vm.warp(T0 + 3 days + 1);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SlaBreached(caseId, SANCTION, uint64(T0 + 3 days), 2);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionApplied(caseId, license, SUSPEND, "");
        vm.prank(STRANGER);
        dla.escalate(caseId);

        _assertLicenseState(license, ILicenseRegistry.LicenseState.Suspended, "suspended");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.sanctions, _bit(REMEDIATION) | _bit(SUSPEND), "bits");
        vm.assertEq(c.sanctionedAt, T0 + 3 days + 1, "the Suspend is the latest sanction");
        vm.assertEq(c.priority, 2, "priority rose");
        vm.assertEq(c.remediationDeadline, 0, "the plan escalated once");
        vm.assertEq(dla.breaches(), 1, "one breach");
        // Once escalated, the plan is not pending: nothing more to escalate or confirm.
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.DeadlineNotPassed.selector, caseId, uint64(0)));
        dla.escalate(caseId);
        vm.expectRevert(_sanctionState(caseId, REMEDIATION));
        vm.prank(INVESTIGATOR);
        dla.confirmRemediation(caseId);
    }

    function test_Escalate_IsOnlyABreachWhenTheReasonDoesNotAllowSuspend() public {
        uint256 caseId = _investigate(license, REASON_LIGHT);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        vm.warp(T0 + 2 days);
        vm.recordLogs();
        dla.escalate(caseId);
        vm.assertEq(vm.getRecordedLogs().length, 1, "only SlaBreached");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Active, "not suspended");
        vm.assertEq(_case(caseId).sanctions, _bit(REMEDIATION), "no suspend bit");
        vm.assertEq(dla.breaches(), 1, "a breach");
    }

    function test_Escalate_OnALicenseThatIsNotActiveIsOnlyABreach() public {
        // Another enforcer suspended the license meanwhile: the registry would refuse a second
        // suspension, so the missed plan is a breach only.
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        _suspend(license);
        vm.warp(T0 + 2 days);
        vm.recordLogs();
        dla.escalate(caseId);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        vm.assertEq(logs.length, 1, "one event");
        vm.assertEq(logs[0].topics[0], IDLAEnforcement.SlaBreached.selector, "only SlaBreached");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.sanctions, _bit(REMEDIATION), "no suspend bit");
        vm.assertEq(c.sanctionedAt, T0, "no sanction, so the appeal window stays");
        vm.assertEq(c.remediationDeadline, 0, "the plan escalated once");
        vm.assertEq(dla.breaches(), 1, "a breach");
    }

    function test_Escalate_OnARevokedOrDraftLicenseIsOnlyABreach() public {
        _noInterval();
        uint256 revoked = _investigate(license, REASON_ALL);
        _apply(revoked, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        vm.prank(ISSUER);
        registry.revokeLicense(license, "issuer");
        uint256 draft = _investigate(_issueDraft(HOLDER2_DID), REASON_ALL);
        _apply(draft, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        vm.warp(T0 + 2 days);
        dla.escalate(revoked);
        dla.escalate(draft);
        vm.assertEq(_case(revoked).sanctions, _bit(REMEDIATION), "no suspend of a revoked license");
        vm.assertEq(_case(draft).sanctions, _bit(REMEDIATION), "no suspend of a draft");
        vm.assertEq(dla.breaches(), 2, "two breaches");
    }

    function test_Escalate_InAppealSuspendsAndRestartsOnlyTheSanctionTime() public {
        _setSla(APPEAL, 10 days);
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        _appeal(caseId);
        vm.warp(T0 + 2 days);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SlaBreached(caseId, APPEAL, uint64(T0 + 1 days), 2);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionApplied(caseId, license, SUSPEND, "");
        dla.escalate(caseId);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(APPEAL), "still Appeal: the pending appeal covers the Suspend");
        vm.assertEq(c.sanctionedAt, T0 + 2 days, "sanctionedAt is the Suspend's");
        vm.assertEq(c.slaDeadline, T0 + 10 days, "the Appeal deadline stays");
        vm.assertEq(c.sanctions, _bit(REMEDIATION) | _bit(SUSPEND), "bits");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Suspended, "suspended");
        // The appeal decides the Suspend with the rest: upheld, it is reinstated.
        _vote(caseId, COUNCIL1, true);
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Active, "reinstated");
    }

    function test_Escalate_DoesNotSuspendTwice() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, SUSPEND);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        vm.warp(T0 + 2 days);
        vm.recordLogs();
        dla.escalate(caseId);
        vm.assertEq(vm.getRecordedLogs().length, 1, "only SlaBreached");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Suspended, "still suspended");
    }

    function test_ConfirmRemediation_StopsTheEscalation() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(T0 + 1 days)));
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.RemediationConfirmed(caseId);
        vm.prank(INVESTIGATOR);
        dla.confirmRemediation(caseId);
        vm.assertEq(_case(caseId).remediationDeadline, 0, "no longer pending");
        vm.assertEq(_case(caseId).remediationPlan, PLAN, "the plan is kept");

        vm.warp(T0 + 2 days);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.DeadlineNotPassed.selector, caseId, uint64(0)));
        dla.escalate(caseId);
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Active, "not suspended");
    }

    function test_RevertWhen_ConfirmingWithoutAPendingPlanOrByAnother() public {
        _setSla(SANCTION, 1 days);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.expectRevert(_sanctionState(caseId, REMEDIATION));
        vm.prank(INVESTIGATOR);
        dla.confirmRemediation(caseId);
        vm.prank(INVESTIGATOR);
        dla.requireRemediation(license, PLAN);
        vm.expectRevert(_notAuthorized(HOLDER, caseId));
        vm.prank(HOLDER);
        dla.confirmRemediation(caseId);
    }

    function test_Escalate_RaisesPriorityAndRestartsTheDeadline() public {
        _setSla(OPEN, 1 days);
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.DeadlineNotPassed.selector, caseId, uint64(T0 + 1 days))
        );
        dla.escalate(caseId);
        vm.warp(T0 + 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.DeadlineNotPassed.selector, caseId, uint64(T0 + 1 days))
        );
        dla.escalate(caseId);

        vm.warp(T0 + 1 days + 1);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SlaBreached(caseId, OPEN, uint64(T0 + 1 days), 1);
        vm.prank(STRANGER);
        dla.escalate(caseId);
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.priority, 1, "priority 1");
        vm.assertEq(c.slaDeadline, T0 + 2 days + 1, "restarted");
        vm.assertEq(c.updatedAt, T0 + 1 days + 1, "updatedAt");

        // Three more breaches: the priority stops at MAX_PRIORITY.
        for (uint256 i = 0; i < 3; i++) {
            vm.warp(_case(caseId).slaDeadline + 1);
            dla.escalate(caseId);
        }
        vm.assertEq(_case(caseId).priority, 3, "at most MAX_PRIORITY");
        vm.assertEq(dla.breaches(), 4, "four breaches");
    }

    function test_Escalate_FollowsEachStagesSla() public {
        _setSla(TRIAGE, 1 hours);
        _setSla(INVESTIGATION, 2 days);
        _setSla(APPEAL, 5 days);
        uint256 caseId = _open(license, REASON_ALL);
        vm.assertEq(_case(caseId).slaDeadline, 0, "Open has no SLA");
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.DeadlineNotPassed.selector, caseId, uint64(0)));
        dla.escalate(caseId);
        _triage(caseId);
        vm.warp(T0 + 2 hours);
        dla.escalate(caseId);
        _assign(caseId, INVESTIGATOR);
        vm.assertEq(_case(caseId).slaDeadline, T0 + 2 hours + 2 days, "investigation deadline");
        _apply(caseId, FREEZE);
        vm.assertEq(_case(caseId).slaDeadline, 0, "Sanction has no SLA");
        _appeal(caseId);
        vm.assertEq(_case(caseId).slaDeadline, T0 + 2 hours + 5 days, "appeal deadline");
        vm.warp(T0 + 6 days);
        dla.escalate(caseId);
        vm.assertEq(dla.breaches(), 2, "two breaches");
        _vote(caseId, COUNCIL1, false);
        vm.assertEq(_case(caseId).slaDeadline, 0, "Resolved has no deadline");
    }

    function test_RevertWhen_EscalatingAnInactiveCase() public {
        _noInterval();
        uint256 resolved = _caseIn(RESOLVED);
        vm.expectRevert(_invalidStage(resolved, RESOLVED));
        dla.escalate(resolved);
        uint256 closed = _caseIn(CLOSED);
        vm.expectRevert(_invalidStage(closed, CLOSED));
        dla.escalate(closed);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.CaseNotFound.selector, uint256(99)));
        dla.escalate(99);
    }

    // ------------------------------------------------------------------ prioritize

    function test_Prioritize_SetsThePriority() public {
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.PriorityChanged(caseId, 3);
        vm.prank(TRIAGER);
        dla.prioritize(caseId, 3);
        vm.assertEq(_case(caseId).priority, 3, "priority");
        _triage(caseId);
        vm.prank(TRIAGER);
        dla.prioritize(caseId, 0);
        vm.assertEq(_case(caseId).priority, 0, "lowered");
    }

    function test_RevertWhen_PrioritizeIsAboveTheMaximumUnauthorizedOrInactive() public {
        _noInterval();
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(_invalidArgument());
        vm.prank(TRIAGER);
        dla.prioritize(caseId, 4);
        vm.expectRevert(_unauthorized(INVESTIGATOR, triageRole));
        vm.prank(INVESTIGATOR);
        dla.prioritize(caseId, 1);
        uint256 resolved = _caseIn(RESOLVED);
        vm.expectRevert(_invalidStage(resolved, RESOLVED));
        vm.prank(TRIAGER);
        dla.prioritize(resolved, 1);
    }

    // ------------------------------------------------------------------ reclassify

    function test_Reclassify_ChangesTheReasonAndKeepsTheStageAndDeadline() public {
        _setSla(OPEN, 1 days);
        _setSla(INVESTIGATION, 3 days);
        uint256 caseId = _open(license, REASON_LIGHT);
        vm.warp(T0 + 1 hours);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseReclassified(caseId, REASON_ALL);
        vm.prank(TRIAGER);
        dla.reclassify(caseId, REASON_ALL);
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.reasonCode, REASON_ALL, "reason");
        vm.assertEq(uint256(c.stage), uint256(OPEN), "still Open");
        vm.assertEq(c.slaDeadline, T0 + 1 days, "the Open deadline stays");
        vm.assertEq(c.updatedAt, T0 + 1 hours, "updatedAt");

        _triage(caseId);
        vm.prank(TRIAGER);
        dla.reclassify(caseId, REASON_FINAL);
        vm.assertEq(_case(caseId).reasonCode, REASON_FINAL, "in Triage");
        _assign(caseId, INVESTIGATOR);
        vm.warp(T0 + 2 hours);
        vm.prank(TRIAGER);
        dla.reclassify(caseId, REASON_LIGHT);
        c = _case(caseId);
        vm.assertEq(c.reasonCode, REASON_LIGHT, "in Investigation");
        vm.assertEq(c.slaDeadline, T0 + 1 hours + 3 days, "the Investigation deadline stays");
        // The same reason again is accepted (a no-op reclassification).
        vm.prank(TRIAGER);
        dla.reclassify(caseId, REASON_LIGHT);
        // Sanctions follow the new reason's policy.
        vm.expectRevert(_notAllowed(caseId, SUSPEND));
        _apply(caseId, SUSPEND);
        _apply(caseId, FREEZE);
    }

    function test_RevertWhen_ReclassifyIsUnauthorizedOffStageOrToAReasonWithoutPolicy() public {
        _noInterval();
        uint256 caseId = _open(license, REASON_ALL);
        vm.expectRevert(_unauthorized(INVESTIGATOR, triageRole));
        vm.prank(INVESTIGATOR);
        dla.reclassify(caseId, REASON_LIGHT);
        vm.expectRevert(_unauthorized(REPORTER, triageRole));
        vm.prank(REPORTER);
        dla.reclassify(caseId, REASON_LIGHT);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.InvalidReason.selector, REASON_NONE));
        vm.prank(TRIAGER);
        dla.reclassify(caseId, REASON_NONE);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.CaseNotFound.selector, uint256(9)));
        vm.prank(TRIAGER);
        dla.reclassify(9, REASON_LIGHT);
        // From Sanction on, the reason is fixed: the stage is checked before the reason.
        IDLAEnforcement.Stage[4] memory fixedStages = [SANCTION, APPEAL, RESOLVED, CLOSED];
        for (uint256 i = 0; i < fixedStages.length; i++) {
            uint256 other = _caseIn(fixedStages[i]);
            vm.expectRevert(_invalidStage(other, fixedStages[i]));
            vm.prank(TRIAGER);
            dla.reclassify(other, REASON_NONE);
            vm.assertEq(_case(other).reasonCode, REASON_ALL, "unchanged");
        }
    }

    // ------------------------------------------------------------------ resolve

    function test_Resolve_DismissesFromInvestigation() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.warp(T0 + 4 days);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseResolved(caseId, DISMISSED);
        _resolve(caseId, DISMISSED);

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(RESOLVED), "stage");
        vm.assertEq(uint256(c.ruling), uint256(DISMISSED), "ruling");
        vm.assertEq(c.resolvedAt, T0 + 4 days, "resolvedAt");
        vm.assertEq(c.sanctions, 0, "never sanctioned");
        vm.assertEq(dla.activeCaseOf(license), 0, "no active case");
        vm.assertEq(dla.meanTimeToResolve(), 4 days, "KPI");
        _assertHold(license, 0, bytes32(0), "the engine was not touched");
        // The license can be reported again.
        vm.prank(REPORTER2);
        dla.openCase(license, REASON_ALL, EVIDENCE);
    }

    function test_Resolve_SanctionedAfterTheWindowExecutesRevokeAndReleasesEscrowToTheHolder() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, FREEZE);
        _apply(caseId, REVOKE);
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 3000, PROOF);
        _settle(license, ETH, 2000);
        _settle(license, address(token), 2000);
        uint256 escrowEth = engine.escrowOf(license, ETH);
        uint256 escrowToken = engine.escrowOf(license, address(token));
        vm.assertEq(escrowEth, 1950, "ETH escrow");
        vm.assertEq(escrowToken, 1050, "token escrow");

        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0 + APPEAL_WINDOW))
        );
        _resolve(caseId, SANCTIONED);

        vm.warp(T0 + APPEAL_WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0 + APPEAL_WINDOW))
        );
        _resolve(caseId, SANCTIONED);
        vm.warp(T0 + APPEAL_WINDOW + 1);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseResolved(caseId, SANCTIONED);
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseRevoked(license, address(dla), bytes32(caseId));
        _resolve(caseId, SANCTIONED);

        _assertLicenseState(license, ILicenseRegistry.LicenseState.Revoked, "revoke executed");
        vm.assertTrue(_frozen(license), "the freeze stays");
        vm.assertEq(engine.creditOf(ETH, HOLDER), escrowEth, "ETH escrow back to the holder");
        vm.assertEq(engine.creditOf(address(token), HOLDER), escrowToken, "token escrow back to the holder");
        vm.assertEq(engine.escrowOf(license, ETH), 0, "ETH escrow empty");
        _assertHold(license, 0, bytes32(0), "the hold ended");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.ruling), uint256(SANCTIONED), "ruling");
        vm.assertEq(c.sanctions, _bit(FREEZE) | _bit(REVOKE) | _bit(ESCROW), "the sanctions stand");
        vm.assertEq(c.held, 3000, "held stays as the record");
        vm.assertEq(dla.activeCaseOf(license), 0, "no active case");
    }

    function test_Resolve_SanctionedSendsFinesToTheTreasury() public {
        uint256 caseId = _investigate(license, REASON_FINAL);
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 1000, PROOF);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 500);
        _settle(license, ETH, 10_000);
        vm.warp(T0 + 1); // a zero appeal window
        _resolve(caseId, SANCTIONED);
        vm.assertEq(engine.creditOf(ETH, TREASURY), 1500, "escrow to the treasury after a fine");
        vm.assertEq(engine.creditOf(ETH, HOLDER), 0, "nothing to the holder");
        vm.prank(TREASURY);
        engine.withdraw(ETH);
        vm.assertEq(TREASURY.balance, 1500, "the treasury withdrew");
    }

    function test_Resolve_SanctionedClawbackGoesToTheTreasury() public {
        uint256 caseId = _investigate(license, REASON_FINAL);
        _apply(caseId, CLAWBACK, _amount(700));
        _settle(license, ETH, 10_000);
        vm.warp(T0 + 1);
        _resolve(caseId, SANCTIONED);
        vm.assertEq(engine.creditOf(ETH, TREASURY), 700, "clawback to the treasury");
    }

    function test_Resolve_SanctionedWithoutMoneyLeavesTheEngineAlone() public {
        uint256 caseId = _investigate(license, REASON_FINAL);
        _apply(caseId, SUSPEND);
        vm.warp(T0 + 1);
        vm.recordLogs();
        _resolve(caseId, SANCTIONED);
        LogCount memory counted = _countEmitters();
        vm.assertEq(counted.engine, 0, "no engine call");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Suspended, "the suspension stays");
    }

    function test_RevertWhen_ResolveRulingDoesNotFitTheStage() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectRevert(_invalidArgument());
        _resolve(caseId, NO_RULING);
        vm.expectRevert(_invalidArgument());
        _resolve(caseId, OVERTURNED);
        vm.expectRevert(_invalidArgument());
        _resolve(caseId, SANCTIONED);
        _apply(caseId, FREEZE);
        vm.expectRevert(_invalidArgument());
        _resolve(caseId, DISMISSED);
        vm.expectRevert(_invalidArgument());
        _resolve(caseId, OVERTURNED);
    }

    function test_RevertWhen_ResolveComesFromAnotherAccount() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.expectRevert(_notAuthorized(INVESTIGATOR2, caseId));
        vm.prank(INVESTIGATOR2);
        dla.resolve(caseId, DISMISSED);
        vm.expectRevert(_notAuthorized(TRIAGER, caseId));
        vm.prank(TRIAGER);
        dla.resolve(caseId, DISMISSED);
    }

    function test_Resolve_SanctionedSkipsTheRevokeOfALicenseItsIssuerRevoked() public {
        // The issuer revokes first: the registry would refuse the recorded Revoke, so it is not
        // asked; the case resolves and its money sanction is settled as usual.
        uint256 caseId = _investigate(license, REASON_FINAL);
        _apply(caseId, REVOKE);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 100);
        _settle(license, ETH, 1000);
        vm.prank(ISSUER);
        registry.revokeLicense(license, "issuer");
        vm.warp(T0 + 1);
        vm.recordLogs();
        _resolve(caseId, SANCTIONED);
        LogCount memory counted = _countEmitters();
        vm.assertEq(counted.registry, 0, "the registry was not asked to revoke");
        vm.assertEq(counted.engine, 1 + 2, "the hold ended and both hold assets were released");

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(RESOLVED), "resolved");
        vm.assertEq(uint256(c.ruling), uint256(SANCTIONED), "ruling");
        vm.assertEq(c.sanctions, _bit(REVOKE) | _bit(FINE), "the sanctions stand as the record");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Revoked, "revoked");
        vm.assertEq(registry.getLicense(license).revokedBy, ISSUER, "by its issuer");
        vm.assertEq(engine.creditOf(ETH, TREASURY), 100, "the fine is paid");
        vm.assertEq(dla.activeCaseOf(license), 0, "no active case");
    }

    function test_Resolve_SanctionedSkipsTheRevokeOfAnExpiredLicense() public {
        uint256 caseId = _investigate(license, REASON_FINAL);
        _apply(caseId, FREEZE);
        _apply(caseId, REVOKE);
        vm.warp(T0 + DURATION + 1);
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Expired, "expired");
        vm.recordLogs();
        _resolve(caseId, SANCTIONED);
        LogCount memory counted = _countEmitters();
        vm.assertEq(counted.registry, 0, "the registry was not asked to revoke");
        vm.assertEq(counted.dla, 1, "CaseResolved");
        _assertStage(caseId, RESOLVED, "resolved");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Expired, "still expired, not revoked");
    }

    // ------------------------------------------------------------------ appeals

    function test_FileAppeal_ByTheHolderWithinTheWindow() public {
        _setSla(APPEAL, 3 days);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.warp(T0 + APPEAL_WINDOW); // the window's last second
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.AppealFiled(caseId, HOLDER, keccak256("memo"));
        _appeal(caseId);
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(APPEAL), "stage");
        vm.assertEq(c.slaDeadline, T0 + APPEAL_WINDOW + 3 days, "appeal deadline");
        vm.assertEq(dla.activeCaseOf(license), caseId, "still active");
    }

    function test_RevertWhen_AppealIsFiledAfterTheWindow() public {
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.warp(T0 + APPEAL_WINDOW + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0 + APPEAL_WINDOW))
        );
        _appeal(caseId);
    }

    function test_ApplySanction_EverySanctionRestartsTheAppealWindow() public {
        uint256 caseId = _sanctioned(license, REASON_ALL);
        uint64 later = T0 + APPEAL_WINDOW + 1;
        vm.warp(later);
        // The freeze's window is over; a new sanction opens a new one, for everything applied.
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0 + APPEAL_WINDOW))
        );
        _appeal(caseId);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 10);
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.sanctionedAt, later, "sanctionedAt is the latest sanction");
        vm.assertEq(c.updatedAt, later, "updatedAt");
        bytes memory open = abi.encodeWithSelector(
            IDLAEnforcement.AppealWindow.selector, caseId, uint64(later + APPEAL_WINDOW)
        );
        vm.expectRevert(open);
        _resolve(caseId, SANCTIONED);
        vm.warp(later + APPEAL_WINDOW);
        vm.expectRevert(open);
        _resolve(caseId, SANCTIONED);
        _appeal(caseId);
        _assertStage(caseId, APPEAL, "appealed within the new window");
    }

    function test_ApplySanction_RepeatedMoneySanctionsRestartTheWindowButLiftingDoesNot() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, ESCROW, _amount(1));
        vm.warp(T0 + 1 days);
        _apply(caseId, ESCROW, _amount(1));
        vm.assertEq(_case(caseId).sanctionedAt, T0 + 1 days, "a repeated escrow restarts it");
        _apply(caseId, FREEZE);
        vm.warp(T0 + 2 days);
        vm.prank(INVESTIGATOR);
        dla.liftFreeze(license);
        vm.assertEq(_case(caseId).sanctionedAt, T0 + 1 days, "lifting is not a sanction");
        vm.warp(T0 + 1 days + APPEAL_WINDOW + 1);
        _resolve(caseId, SANCTIONED);
        _assertStage(caseId, RESOLVED, "resolved after the latest sanction's window");
    }

    function test_RevertWhen_AZeroAppealWindowHasPassed() public {
        uint256 caseId = _sanctioned(license, REASON_FINAL);
        vm.warp(T0 + 1);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0)));
        _appeal(caseId);
    }

    function test_FileAppeal_AZeroWindowStillAllowsTheSanctionsOwnSecond() public {
        uint256 caseId = _sanctioned(license, REASON_FINAL);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0)));
        _resolve(caseId, SANCTIONED);
        _appeal(caseId);
        _assertStage(caseId, APPEAL, "appealed within the window's one second");
    }

    function test_RevertWhen_AppellantIsNotTheHolder() public {
        uint256 caseId = _sanctioned(license, REASON_ALL);
        address[3] memory others = [REPORTER, INVESTIGATOR, ISSUER];
        for (uint256 i = 0; i < others.length; i++) {
            vm.expectRevert(_notAuthorized(others[i], caseId));
            vm.prank(others[i]);
            dla.fileAppeal(caseId, keccak256("memo"));
        }
    }

    function test_RevertWhen_AppealMemoIsZero() public {
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.expectRevert(_invalidArgument());
        vm.prank(HOLDER);
        dla.fileAppeal(caseId, bytes32(0));
    }

    function test_DecideAppeal_UpheldLiftsEverythingAndReturnsTheEscrow() public {
        vm.prank(ADMIN);
        dla.setCouncilQuorum(2);
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, FREEZE);
        _apply(caseId, SUSPEND);
        _apply(caseId, REVOKE);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 4000);
        _settle(license, ETH, 10_000);
        _appeal(caseId);

        _vote(caseId, COUNCIL1, true);
        (uint8 votesFor, uint8 votesAgainst) = dla.appealVotes(caseId);
        vm.assertEq(votesFor, 1, "one for");
        vm.assertEq(votesAgainst, 0, "none against");
        _assertStage(caseId, APPEAL, "undecided");
        _vote(caseId, COUNCIL2, false);
        _assertStage(caseId, APPEAL, "still undecided");

        vm.warp(T0 + 20 days);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.AppealVoted(caseId, COUNCIL3, true);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.AppealDecided(caseId, true, 2, 1);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, FREEZE);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, FINE);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, SUSPEND);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, REVOKE);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseResolved(caseId, OVERTURNED);
        _vote(caseId, COUNCIL3, true);

        vm.assertFalse(_frozen(license), "unfrozen");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Active, "reinstated, never revoked");
        vm.assertEq(engine.creditOf(ETH, HOLDER), 4000, "the escrow back to the holder, even after a fine");
        vm.assertEq(engine.creditOf(ETH, TREASURY), 0, "nothing to the treasury");
        _assertHold(license, 0, bytes32(0), "the hold ended");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(RESOLVED), "stage");
        vm.assertEq(uint256(c.ruling), uint256(OVERTURNED), "ruling");
        vm.assertEq(c.sanctions, 0, "everything lifted");
        vm.assertEq(c.held, 0, "nothing held");
        vm.assertEq(dla.activeCaseOf(license), 0, "no active case");
        // The holder may use the license again.
        vm.prank(HOLDER);
        registry.transferFrom(HOLDER, HOLDER2, license);
    }

    function test_DecideAppeal_UpheldOnALicenseRevokedMeanwhileLiftsTheCaseWithoutTheRegistry() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, FREEZE);
        _apply(caseId, SUSPEND);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 400);
        _settle(license, ETH, 10_000);
        _appeal(caseId);
        // The issuer revokes the frozen, suspended license while the appeal is pending.
        vm.prank(ISSUER);
        registry.revokeLicense(license, "issuer");

        vm.recordLogs();
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, FREEZE);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, FINE);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SanctionLifted(caseId, license, SUSPEND);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseResolved(caseId, OVERTURNED);
        _vote(caseId, COUNCIL1, true);
        vm.assertEq(_countEmitters().registry, 0, "neither unfreeze nor reinstate was asked");

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.ruling), uint256(OVERTURNED), "overturned");
        vm.assertEq(c.sanctions, 0, "everything lifted in the case");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Revoked, "the issuer's revocation stands");
        vm.assertTrue(_frozen(license), "a revoked license is not unfrozen");
        vm.assertEq(engine.creditOf(ETH, HOLDER), 400, "the escrow back to the holder all the same");
        _assertHold(license, 0, bytes32(0), "the hold ended");
    }

    function test_DecideAppeal_UpheldOnAnExpiredLicenseLiftsTheCaseWithoutTheRegistry() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.warp(T0 + DURATION - 1 days);
        _apply(caseId, FREEZE);
        _apply(caseId, SUSPEND);
        _appeal(caseId);
        vm.warp(T0 + DURATION + 1);
        vm.recordLogs();
        _vote(caseId, COUNCIL1, true);
        LogCount memory counted = _countEmitters();
        vm.assertEq(counted.registry, 0, "the registry was not asked");
        vm.assertEq(
            counted.dla, 1 + 1 + 2 + 1, "AppealVoted, AppealDecided, two SanctionLifted, CaseResolved"
        );
        vm.assertEq(uint256(_case(caseId).ruling), uint256(OVERTURNED), "overturned");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Expired, "expired");
    }

    function test_DecideAppeal_UpheldReinstatesOnlyASuspendedLicense() public {
        // Another enforcer reinstated the license meanwhile: the appeal unfreezes it (it is live)
        // and does not ask to reinstate an Active license.
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, FREEZE);
        _apply(caseId, SUSPEND);
        _appeal(caseId);
        vm.prank(ENFORCER);
        registry.reinstateLicense(license);
        vm.recordLogs();
        vm.expectEmit(address(registry));
        emit ILicenseRegistry.LicenseUnfrozen(license, address(dla));
        _vote(caseId, COUNCIL1, true);
        vm.assertEq(_countEmitters().registry, 2, "LicenseUnfrozen and its MetadataUpdate only");
        vm.assertFalse(_frozen(license), "unfrozen");
        _assertLicenseState(license, ILicenseRegistry.LicenseState.Active, "active");
    }

    function test_DecideAppeal_RejectedIsFinal() public {
        vm.prank(ADMIN);
        dla.setCouncilQuorum(2);
        uint256 caseId = _investigate(license, REASON_ALL);
        _apply(caseId, REVOKE);
        vm.prank(INVESTIGATOR);
        dla.setEscrow(license, 2000, PROOF);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 1000);
        _settle(license, ETH, 10_000);
        _appeal(caseId);
        _vote(caseId, COUNCIL1, false);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.AppealDecided(caseId, false, 0, 2);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseResolved(caseId, SANCTIONED);
        _vote(caseId, COUNCIL2, false);

        _assertLicenseState(license, ILicenseRegistry.LicenseState.Revoked, "revoke executed");
        vm.assertEq(engine.creditOf(ETH, TREASURY), 3000, "escrow to the treasury");
        _assertHold(license, 0, bytes32(0), "the hold ended");
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.ruling), uint256(SANCTIONED), "ruling");
        vm.assertEq(c.sanctions, _bit(REVOKE) | _bit(ESCROW) | _bit(FINE), "sanctions stand");
        // The rejected appeal is final: no second appeal, no more votes.
        vm.expectRevert(_invalidStage(caseId, RESOLVED));
        _appeal(caseId);
        vm.expectRevert(_invalidStage(caseId, RESOLVED));
        _vote(caseId, COUNCIL3, true);
    }

    function test_RevertWhen_ACouncilMemberVotesTwice() public {
        vm.prank(ADMIN);
        dla.setCouncilQuorum(2);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        _appeal(caseId);
        _vote(caseId, COUNCIL1, true);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.AlreadyVoted.selector, caseId, COUNCIL1));
        _vote(caseId, COUNCIL1, false);
    }

    function test_RevertWhen_AVoterIsNotOnTheCouncil() public {
        uint256 caseId = _sanctioned(license, REASON_ALL);
        _appeal(caseId);
        address[3] memory others = [INVESTIGATOR, TRIAGER, ADMIN];
        for (uint256 i = 0; i < others.length; i++) {
            vm.expectRevert(_unauthorized(others[i], councilRole));
            _vote(caseId, others[i], true);
        }
    }

    function test_DecideAppeal_AfterTheQuorumIsLoweredTheVotersSideDecides() public {
        vm.prank(ADMIN);
        dla.setCouncilQuorum(3);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        _appeal(caseId);
        _vote(caseId, COUNCIL1, false);
        _vote(caseId, COUNCIL2, false);
        vm.prank(ADMIN);
        dla.setCouncilQuorum(1);
        // Two votes against sit above the new quorum, but only a vote decides, for its own side.
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.AppealDecided(caseId, true, 1, 2);
        _vote(caseId, COUNCIL3, true);
        vm.assertEq(uint256(_case(caseId).ruling), uint256(OVERTURNED), "upheld");
    }

    // ------------------------------------------------------------------ no appeal, reopen, close

    function test_Lifecycle_NoAppealResolvesAfterTheWindowThenCloses() public {
        uint256 caseId = _sanctioned(license, REASON_ALL);
        uint64 resolvedAt = T0 + APPEAL_WINDOW + 1;
        vm.warp(resolvedAt);
        _resolve(caseId, SANCTIONED);
        vm.warp(resolvedAt + 7 days);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.ReopenWindow.selector, caseId, uint64(resolvedAt + 7 days))
        );
        dla.closeCase(caseId);
        vm.warp(resolvedAt + 7 days + 1);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseClosed(caseId);
        vm.prank(STRANGER);
        dla.closeCase(caseId);
        _assertStage(caseId, CLOSED, "closed");
        vm.assertEq(uint256(_case(caseId).ruling), uint256(SANCTIONED), "ruling kept");
        vm.assertEq(dla.casesInStage(CLOSED), 1, "KPI");
        vm.assertEq(dla.casesInStage(RESOLVED), 0, "KPI");
        vm.expectRevert(_invalidStage(caseId, CLOSED));
        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("cause"));
    }

    function test_Reopen_WithinTheWindowReturnsToInvestigation() public {
        _setSla(INVESTIGATION, 2 days);
        uint256 caseId = _investigate(license, REASON_ALL);
        vm.warp(T0 + 1 days);
        _resolve(caseId, DISMISSED);
        vm.warp(T0 + 8 days); // the reopen window's last second
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CaseReopened(caseId, keccak256("new evidence"));
        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("new evidence"));

        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(uint256(c.stage), uint256(INVESTIGATION), "stage");
        vm.assertEq(uint256(c.ruling), uint256(NO_RULING), "no ruling yet");
        vm.assertEq(c.investigator, INVESTIGATOR, "the same investigator");
        vm.assertEq(c.slaDeadline, T0 + 8 days + 2 days, "investigation deadline");
        vm.assertEq(dla.activeCaseOf(license), caseId, "active again");
        vm.assertEq(dla.casesInStage(RESOLVED), 0, "KPI: not resolved");
        vm.assertEq(dla.casesInStage(INVESTIGATION), 1, "KPI: investigating");
        // The investigator carries on: sanction, then resolve after the window.
        _apply(caseId, FREEZE);
        vm.assertEq(_case(caseId).sanctionedAt, T0 + 8 days, "first sanction of the round");
        vm.warp(block.timestamp + APPEAL_WINDOW + 1);
        _resolve(caseId, SANCTIONED);
        vm.assertEq(dla.meanTimeToResolve(), 1 days, "the KPI counts the first resolution");
        vm.assertEq(_case(caseId).resolvedAt, block.timestamp, "resolvedAt is the latest");
    }

    function test_Reopen_OfASanctionedCaseStartsANewRound() public {
        uint256 caseId = _investigate(license, REASON_FINAL);
        _apply(caseId, FREEZE);
        vm.prank(INVESTIGATOR);
        dla.fine(license, 100);
        _settle(license, ETH, 1000);
        vm.warp(T0 + 1);
        _resolve(caseId, SANCTIONED);
        vm.assertEq(engine.creditOf(ETH, TREASURY), 100, "fine paid");

        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("cause"));
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.sanctions, 0, "a new round");
        vm.assertEq(c.held, 0, "nothing held");
        vm.assertEq(c.sanctionedAt, 0, "no sanction yet");
        vm.assertTrue(_frozen(license), "the final freeze stays in the registry");
        // A dismissal now never sanctioned anything in this round.
        _resolve(caseId, DISMISSED);
        vm.assertEq(uint256(_case(caseId).ruling), uint256(DISMISSED), "dismissed");
    }

    function test_Reopen_ASecondAppealStartsFromZeroVotes() public {
        vm.prank(ADMIN);
        dla.setCouncilQuorum(2);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        _appeal(caseId);
        _vote(caseId, COUNCIL1, true);
        _vote(caseId, COUNCIL2, true);
        vm.assertEq(uint256(_case(caseId).ruling), uint256(OVERTURNED), "overturned");
        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("cause"));
        _apply(caseId, FREEZE);
        _appeal(caseId);
        (uint8 votesFor, uint8 votesAgainst) = dla.appealVotes(caseId);
        vm.assertEq(votesFor + votesAgainst, 0, "fresh votes");
        _vote(caseId, COUNCIL1, false);
        _vote(caseId, COUNCIL2, false);
        vm.assertEq(uint256(_case(caseId).ruling), uint256(SANCTIONED), "the same members voted again");
    }

    function test_RevertWhen_ReopenIsAfterTheWindow() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _resolve(caseId, DISMISSED);
        vm.warp(T0 + 7 days + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDLAEnforcement.ReopenWindow.selector, caseId, uint64(T0 + 7 days))
        );
        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("cause"));
    }

    function test_RevertWhen_ReopenCauseIsZeroOrCallerLacksTheRole() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _resolve(caseId, DISMISSED);
        vm.expectRevert(_invalidArgument());
        vm.prank(TRIAGER);
        dla.reopen(caseId, bytes32(0));
        vm.expectRevert(_unauthorized(INVESTIGATOR, triageRole));
        vm.prank(INVESTIGATOR);
        dla.reopen(caseId, keccak256("cause"));
    }

    function test_RevertWhen_ReopeningWhileTheLicenseHasAnotherActiveCase() public {
        uint256 caseId = _investigate(license, REASON_ALL);
        _resolve(caseId, DISMISSED);
        vm.prank(REPORTER2);
        uint256 second = dla.openCase(license, REASON_ALL, EVIDENCE);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.CaseAlreadyActive.selector, license, second));
        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("cause"));
    }

    function test_CloseCase_WithAZeroReopenWindowClosesTheNextSecond() public {
        vm.prank(ADMIN);
        dla.setReopenWindow(0);
        uint256 caseId = _investigate(license, REASON_ALL);
        _resolve(caseId, DISMISSED);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.ReopenWindow.selector, caseId, uint64(T0)));
        dla.closeCase(caseId);
        vm.warp(T0 + 1);
        vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.ReopenWindow.selector, caseId, uint64(T0)));
        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("cause"));
        dla.closeCase(caseId);
        _assertStage(caseId, CLOSED, "closed");
    }

    // ------------------------------------------------------------------ the stage table

    /// @dev Every call from every stage it does not allow reverts with InvalidStage (investigator
    /// calls on a case with no investigator yet fail on authority first: NotAuthorized).
    function test_RevertWhen_CallIsOffTheStageTable() public {
        _noInterval();
        for (uint8 s = uint8(OPEN); s <= uint8(CLOSED); s++) {
            IDLAEnforcement.Stage stage = IDLAEnforcement.Stage(s);
            uint256 caseId = _caseIn(stage);
            bool assigned = stage >= INVESTIGATION;
            bytes memory stageErr = _invalidStage(caseId, stage);

            if (stage != OPEN) {
                vm.expectRevert(stageErr);
                vm.prank(TRIAGER);
                dla.triageCase(caseId, 1);
            }
            if (stage < TRIAGE || stage > APPEAL) {
                vm.expectRevert(stageErr);
                _assign(caseId, INVESTIGATOR2);
            }
            if (stage > INVESTIGATION) {
                vm.expectRevert(stageErr);
                vm.prank(TRIAGER);
                dla.reclassify(caseId, REASON_LIGHT);
            }
            if (stage != INVESTIGATION && stage != SANCTION) {
                vm.expectRevert(assigned ? stageErr : _notAuthorized(INVESTIGATOR, caseId));
                _apply(caseId, REVOKE);
                vm.expectRevert(assigned ? stageErr : _notAuthorized(INVESTIGATOR, caseId));
                _resolve(caseId, stage == APPEAL ? SANCTIONED : DISMISSED);
            }
            if (stage != SANCTION) {
                uint256 id = _case(caseId).licenseId;
                if (stage >= RESOLVED) {
                    vm.expectRevert(abi.encodeWithSelector(IDLAEnforcement.NoActiveCase.selector, id));
                } else {
                    vm.expectRevert(assigned ? stageErr : _notAuthorized(INVESTIGATOR, caseId));
                }
                vm.prank(INVESTIGATOR);
                dla.liftFreeze(id);
                vm.expectRevert(stageErr);
                _appeal(caseId);
            }
            if (stage != SANCTION && stage != APPEAL) {
                vm.expectRevert(assigned ? stageErr : _notAuthorized(INVESTIGATOR, caseId));
                vm.prank(INVESTIGATOR);
                dla.confirmRemediation(caseId);
            }
            if (stage != APPEAL) {
                vm.expectRevert(stageErr);
                _vote(caseId, COUNCIL1, true);
            }
            if (stage != RESOLVED) {
                vm.expectRevert(stageErr);
                vm.prank(TRIAGER);
                dla.reopen(caseId, keccak256("cause"));
                vm.expectRevert(stageErr);
                dla.closeCase(caseId);
            }
            if (stage >= RESOLVED) {
                vm.expectRevert(stageErr);
                vm.prank(INVESTIGATOR);
                dla.addEvidence(caseId, PROOF);
                vm.expectRevert(stageErr);
                vm.prank(TRIAGER);
                dla.prioritize(caseId, 1);
                vm.expectRevert(stageErr);
                dla.escalate(caseId);
            }
            _assertStage(caseId, stage, "no call moved the case");
        }
    }

    function test_RevertWhen_CaseDoesNotExist() public {
        bytes memory err = abi.encodeWithSelector(IDLAEnforcement.CaseNotFound.selector, uint256(5));
        vm.expectRevert(err);
        dla.getCase(5);
        vm.expectRevert(err);
        vm.prank(TRIAGER);
        dla.assignInvestigator(5, INVESTIGATOR);
        vm.expectRevert(err);
        _apply(5, FREEZE);
        vm.expectRevert(err);
        _resolve(5, DISMISSED);
        vm.expectRevert(err);
        _appeal(5);
        vm.expectRevert(err);
        _vote(5, COUNCIL1, true);
        vm.expectRevert(err);
        vm.prank(TRIAGER);
        dla.reopen(5, keccak256("cause"));
        vm.expectRevert(err);
        dla.closeCase(5);
        vm.expectRevert(err);
        vm.prank(INVESTIGATOR);
        dla.confirmRemediation(5);
        vm.expectRevert(err);
        vm.prank(TRIAGER);
        dla.prioritize(5, 1);
    }

    function test_UpdatedAt_ChangesOnEveryStateChange() public {
        uint256 caseId = _open(license, REASON_ALL);
        uint256 t = T0;
        t += 10;
        vm.warp(t);
        _triage(caseId);
        vm.assertEq(_case(caseId).updatedAt, t, "triage");
        t += 10;
        vm.warp(t);
        vm.prank(TRIAGER);
        dla.prioritize(caseId, 2);
        vm.assertEq(_case(caseId).updatedAt, t, "prioritize");
        t += 10;
        vm.warp(t);
        vm.prank(REPORTER);
        dla.addEvidence(caseId, PROOF);
        vm.assertEq(_case(caseId).updatedAt, t, "evidence");
        t += 10;
        vm.warp(t);
        _assign(caseId, INVESTIGATOR);
        vm.assertEq(_case(caseId).updatedAt, t, "assign");
        t += 10;
        vm.warp(t);
        _apply(caseId, REMEDIATION, abi.encode(PLAN, uint256(t + 1 days)));
        vm.assertEq(_case(caseId).updatedAt, t, "sanction");
        t += 10;
        vm.warp(t);
        vm.prank(INVESTIGATOR);
        dla.confirmRemediation(caseId);
        vm.assertEq(_case(caseId).updatedAt, t, "confirm");
        t += 10;
        vm.warp(t);
        _appeal(caseId);
        vm.assertEq(_case(caseId).updatedAt, t, "appeal");
        vm.prank(ADMIN);
        dla.setCouncilQuorum(2);
        t += 10;
        vm.warp(t);
        _vote(caseId, COUNCIL1, true);
        vm.assertEq(_case(caseId).updatedAt, t, "vote");
        t += 10;
        vm.warp(t);
        _vote(caseId, COUNCIL2, true);
        vm.assertEq(_case(caseId).updatedAt, t, "decision");
        t += 10;
        vm.warp(t);
        vm.prank(TRIAGER);
        dla.reopen(caseId, keccak256("cause"));
        vm.assertEq(_case(caseId).updatedAt, t, "reopen");
        _resolve(caseId, DISMISSED);
        t += 7 days + 1;
        vm.warp(t);
        dla.closeCase(caseId);
        vm.assertEq(_case(caseId).updatedAt, t, "close");
    }

    // ------------------------------------------------------------------ KPIs

    function test_Kpis_CountStagesBreachesAndTheMeanTimeToResolve() public {
        _noInterval();
        _setSla(OPEN, 1 hours);
        uint256 a = _open(_newLicense(HOLDER_DID), REASON_ALL); // stays Open
        uint256 b = _investigate(_newLicense(HOLDER2_DID), REASON_ALL); // resolved after 2 days
        uint256 c = _investigate(_newLicense(HOLDER3_DID), REASON_ALL); // resolved after 4 days
        vm.assertEq(dla.casesInStage(OPEN), 1, "open");
        vm.assertEq(dla.casesInStage(INVESTIGATION), 2, "investigating");
        vm.warp(T0 + 2 days);
        _resolve(b, DISMISSED);
        vm.assertEq(dla.meanTimeToResolve(), 2 days, "one resolved");
        vm.warp(T0 + 4 days);
        _resolve(c, DISMISSED);
        vm.assertEq(dla.meanTimeToResolve(), 3 days, "mean of 2 and 4 days");
        dla.escalate(a);
        vm.assertEq(dla.breaches(), 1, "breach");
        vm.assertEq(dla.casesInStage(OPEN), 1, "open");
        vm.assertEq(dla.casesInStage(INVESTIGATION), 0, "none investigating");
        vm.assertEq(dla.casesInStage(RESOLVED), 2, "resolved");
        vm.assertEq(dla.caseCount(), 3, "three cases");
    }

    // ------------------------------------------------------------------ governance

    function test_Governance_SettersStoreAndEmit() public {
        vm.startPrank(ADMIN);
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SlaSet(APPEAL, 9 days);
        dla.setSla(APPEAL, 9 days);
        vm.assertEq(dla.slaOf(APPEAL), 9 days, "sla");

        vm.expectEmit(address(dla));
        emit IDLAEnforcement.ReasonPolicySet(7, 0x11, 3 days);
        dla.setReasonPolicy(7, 0x11, 3 days);
        IDLAEnforcement.ReasonPolicy memory policy = dla.reasonPolicy(7);
        vm.assertEq(policy.allowedSanctions, 0x11, "allowed");
        vm.assertEq(policy.appealWindow, 3 days, "window");

        vm.expectEmit(address(dla));
        emit IDLAEnforcement.CouncilQuorumSet(5);
        dla.setCouncilQuorum(5);
        vm.assertEq(dla.councilQuorum(), 5, "quorum");

        vm.expectEmit(address(dla));
        emit IDLAEnforcement.TreasurySet(STRANGER);
        dla.setTreasury(STRANGER);
        vm.assertEq(dla.treasury(), STRANGER, "treasury");

        address[] memory assets = new address[](8);
        for (uint256 i = 0; i < 8; i++) {
            // i + 1 is at most 8.
            // forge-lint: disable-next-line(unsafe-typecast)
            assets[i] = address(uint160(i + 1));
        }
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.HoldAssetsSet(assets);
        dla.setHoldAssets(assets);
        vm.assertEq(dla.holdAssets().length, 8, "eight assets");

        vm.expectEmit(address(dla));
        emit IDLAEnforcement.ReportIntervalSet(1 hours);
        dla.setReportInterval(1 hours);
        vm.assertEq(dla.reportInterval(), 1 hours, "interval");

        vm.expectEmit(address(dla));
        emit IDLAEnforcement.ReopenWindowSet(30 days);
        dla.setReopenWindow(30 days);
        vm.assertEq(dla.reopenWindow(), 30 days, "reopen window");
        vm.stopPrank();
    }

    function test_RevertWhen_GovernanceArgumentsAreInvalid() public {
        vm.startPrank(ADMIN);
        IDLAEnforcement.Stage[3] memory noSla = [NONE, RESOLVED, CLOSED];
        for (uint256 i = 0; i < noSla.length; i++) {
            vm.expectRevert(_invalidArgument());
            dla.setSla(noSla[i], 1 days);
        }
        vm.expectRevert(_invalidArgument());
        dla.setReasonPolicy(4, 1 << 7, 1 days);
        vm.expectRevert(_invalidArgument());
        dla.setCouncilQuorum(0);
        vm.expectRevert(_invalidArgument());
        dla.setTreasury(address(0));
        vm.expectRevert(_invalidArgument());
        dla.setHoldAssets(new address[](9));
        vm.stopPrank();
    }

    function test_RevertWhen_GovernanceCallerIsNotTheAdmin() public {
        bytes memory err = _unauthorized(TRIAGER, adminRole);
        vm.startPrank(TRIAGER);
        vm.expectRevert(err);
        dla.setSla(OPEN, 1);
        vm.expectRevert(err);
        dla.setReasonPolicy(1, 1, 1);
        vm.expectRevert(err);
        dla.setCouncilQuorum(2);
        vm.expectRevert(err);
        dla.setTreasury(STRANGER);
        vm.expectRevert(err);
        dla.setHoldAssets(new address[](0));
        vm.expectRevert(err);
        dla.setReportInterval(1);
        vm.expectRevert(err);
        dla.setReopenWindow(1);
        vm.expectRevert(err);
        dla.grantRole(triageRole, STRANGER);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ log helpers

    struct LogCount {
        uint256 dla;
        uint256 registry;
        uint256 engine;
    }

    function _countEmitters() internal returns (LogCount memory counted) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; i++) {
            if (logs[i].emitter == address(dla)) counted.dla++;
            else if (logs[i].emitter == address(registry)) counted.registry++;
            else if (logs[i].emitter == address(engine)) counted.engine++;
        }
    }
}
