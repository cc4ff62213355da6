// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDLAEnforcement} from "../../contracts/solidity/interfaces/IDLAEnforcement.sol";
import {ILicenseRegistry} from "../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {DLAFixture} from "../support/DLAFixture.sol";
import {DLAHandler} from "./handlers/DLAHandler.sol";

/// @dev Cases live through many calls (opening is two selectors of twenty): 64 runs of 128 calls,
/// at most a day of time per call, so that no license expires within a run.
/// forge-config: default.invariant.runs = 64
/// forge-config: default.invariant.depth = 128
/// forge-config: ci.invariant.runs = 128
/// forge-config: ci.invariant.depth = 128
contract DLAEnforcementInvariantTest is DLAFixture {
    DLAHandler internal handler;

    function setUp() public override {
        _deployFixture();
        _deployEnforcement();
        uint256[] memory ids = new uint256[](5);
        ids[0] = license;
        ids[1] = _newLicense(HOLDER2_DID);
        ids[2] = _newLicense(HOLDER3_DID);
        ids[3] = _newLicense(HOLDER_DID);
        ids[4] = _issueDraft(HOLDER2_DID); // the registry refuses to suspend a Draft
        vm.startPrank(ADMIN);
        dla.setCouncilQuorum(2);
        dla.setReportInterval(1 hours);
        dla.setSla(OPEN, 1 days);
        dla.setSla(INVESTIGATION, 2 days);
        dla.setSla(SANCTION, 1 days);
        dla.setSla(APPEAL, 12 hours);
        dla.setReasonPolicy(REASON_ALL, ALL_SANCTIONS, 2 days);
        dla.setReasonPolicy(REASON_LIGHT, LIGHT_SANCTIONS, 1 days);
        vm.stopPrank();

        handler = new DLAHandler(dla, registry, engine, dids, ids);
        vm.label(address(handler), "DLAHandler");
        bytes4[] memory selectors = new bytes4[](20);
        selectors[0] = DLAHandler.open.selector;
        selectors[1] = DLAHandler.triage.selector;
        selectors[2] = DLAHandler.assign.selector;
        selectors[3] = DLAHandler.addEvidence.selector;
        selectors[4] = DLAHandler.applySanction.selector;
        selectors[5] = DLAHandler.liftFreeze.selector;
        selectors[6] = DLAHandler.confirmRemediation.selector;
        selectors[7] = DLAHandler.resolve.selector;
        selectors[8] = DLAHandler.fileAppeal.selector;
        selectors[9] = DLAHandler.vote.selector;
        selectors[10] = DLAHandler.reopen.selector;
        selectors[11] = DLAHandler.close.selector;
        selectors[12] = DLAHandler.escalate.selector;
        selectors[13] = DLAHandler.prioritize.selector;
        selectors[14] = DLAHandler.settle.selector;
        selectors[15] = DLAHandler.warp.selector;
        selectors[16] = DLAHandler.open.selector; // twice as likely: cases to work on
        selectors[17] = DLAHandler.reclassify.selector;
        selectors[18] = DLAHandler.toggleInvestigatorRole.selector;
        selectors[19] = DLAHandler.issuerRevokes.selector;
        targetSelector(address(handler), selectors);
        targetContract(address(handler));
    }

    function _isSanctionStage(IDLAEnforcement.Case memory c) internal pure returns (bool) {
        return c.stage == SANCTION || c.stage == APPEAL;
    }

    /// @notice A sanction bit is set only while the case is in Sanction or Appeal, or once it was
    /// resolved as Sanctioned (Resolved, then Closed): nothing is left of a dismissed or overturned
    /// case, and a reopened case starts a new round.
    function invariant_SanctionBitsOnlyInSanctionAppealOrSanctioned() public view {
        uint256 count = dla.caseCount();
        for (uint256 id = 1; id <= count; id++) {
            IDLAEnforcement.Case memory c = _case(id);
            if (c.sanctions == 0) continue;
            bool sanctioned =
                (c.stage == RESOLVED || c.stage == CLOSED) && c.ruling == IDLAEnforcement.Ruling.Sanctioned;
            vm.assertTrue(
                _isSanctionStage(c) || sanctioned, "a sanction bit outside Sanction/Appeal/Sanctioned"
            );
            vm.assertTrue(c.sanctionedAt != 0, "a sanctioned case has its sanction time");
        }
    }

    /// @notice Every freeze a case holds is a freeze in the registry, every suspension a suspension
    /// (or the revocation it came to), every executed Revoke a revoked license.
    function invariant_FreezesAndSuspensionsAreInTheRegistry() public view {
        uint256 count = dla.caseCount();
        for (uint256 id = 1; id <= count; id++) {
            IDLAEnforcement.Case memory c = _case(id);
            if (c.sanctions & _bit(FREEZE) != 0) {
                vm.assertTrue(_frozen(c.licenseId), "freeze not in the registry");
            }
            ILicenseRegistry.LicenseState state = registry.stateOf(c.licenseId);
            if (c.sanctions & _bit(SUSPEND) != 0) {
                vm.assertTrue(
                    state == ILicenseRegistry.LicenseState.Suspended
                        || state == ILicenseRegistry.LicenseState.Revoked,
                    "suspension not in the registry"
                );
            }
            if (c.sanctions & _bit(REVOKE) != 0 && c.ruling == IDLAEnforcement.Ruling.Sanctioned) {
                vm.assertEq(
                    uint256(state), uint256(ILicenseRegistry.LicenseState.Revoked), "revoke not executed"
                );
            }
        }
    }

    /// @notice A case under a money sanction holds exactly `held` minus what settlements routed to
    /// escrow, under its own reference, and the license's escrow is what they routed; a license with
    /// no such case has no hold and no escrow (releases emptied them).
    function invariant_HoldsAreInTheEngine() public view {
        vm.assertEq(handler.unexplainedEscrow(), 0, "a settlement was held without a case");
        uint256 money = _bit(ESCROW) | _bit(FINE) | _bit(CLAWBACK);
        for (uint256 i = 0; i < handler.licenseCount(); i++) {
            uint256 id = handler.licenses(i);
            uint256 caseId = dla.activeCaseOf(id);
            ISettlementEngine.Hold memory hold = engine.holdOf(id);
            IDLAEnforcement.Case memory c;
            if (caseId != 0) c = _case(caseId);
            if (caseId != 0 && c.sanctions & money != 0) {
                uint256 taken = handler.ghostTaken(caseId);
                vm.assertEq(hold.ref, bytes32(caseId), "the hold is the case's");
                vm.assertEq(hold.outstanding, c.held - taken, "outstanding = held - escrowed");
                vm.assertEq(engine.escrowOf(id, ETH), taken, "escrow = what settlements routed");
            } else {
                vm.assertEq(hold.outstanding, 0, "no hold without a money sanction");
                vm.assertEq(engine.escrowOf(id, ETH), 0, "no escrow without a money sanction");
                if (caseId != 0) vm.assertEq(c.held, 0, "held without a money sanction");
            }
        }
    }

    /// @notice A case holds at most MAX_EVIDENCE references, and at most MAX_REPORTER_EVIDENCE while
    /// only its reporter adds them (Open, Triage).
    function invariant_EvidenceWithinTheCaps() public view {
        uint256 count = dla.caseCount();
        for (uint256 id = 1; id <= count; id++) {
            IDLAEnforcement.Case memory c = _case(id);
            vm.assertEq(dla.evidenceOf(id).length, c.evidenceCount, "evidenceCount counts the references");
            vm.assertLe(c.evidenceCount, dla.MAX_EVIDENCE(), "at most MAX_EVIDENCE");
            if (c.stage <= TRIAGE) {
                vm.assertLe(c.evidenceCount, dla.MAX_REPORTER_EVIDENCE(), "at most the reporter's cap");
            }
        }
    }

    /// @notice Every case counts in exactly its stage.
    function invariant_CasesInStageSumToCaseCount() public view {
        uint256 count = dla.caseCount();
        uint256[8] memory perStage;
        for (uint256 id = 1; id <= count; id++) {
            perStage[uint8(_stage(id))]++;
        }
        vm.assertEq(perStage[0], 0, "no case in None");
        vm.assertEq(dla.casesInStage(NONE), 0, "KPI None");
        uint256 sum;
        for (uint8 s = uint8(OPEN); s <= uint8(CLOSED); s++) {
            uint256 kpi = dla.casesInStage(IDLAEnforcement.Stage(s));
            vm.assertEq(kpi, perStage[s], "casesInStage matches the cases");
            sum += kpi;
        }
        vm.assertEq(sum, count, "casesInStage sums to caseCount");
    }

    /// @notice A license has at most one active case, and `activeCaseOf` names it.
    function invariant_OneActiveCasePerLicense() public view {
        uint256 count = dla.caseCount();
        for (uint256 i = 0; i < handler.licenseCount(); i++) {
            uint256 id = handler.licenses(i);
            uint256 active;
            for (uint256 caseId = 1; caseId <= count; caseId++) {
                IDLAEnforcement.Case memory c = _case(caseId);
                if (c.licenseId != id || c.stage < OPEN || c.stage > APPEAL) continue;
                vm.assertEq(active, 0, "two active cases on one license");
                active = caseId;
            }
            vm.assertEq(dla.activeCaseOf(id), active, "activeCaseOf");
        }
    }

    /// @notice Appeals were accepted only from the license holder within the reason's window.
    function invariant_AppealsOnlyWithinTheWindow() public view {
        vm.assertEq(handler.lateAppeals(), 0, "an appeal after its window");
    }

    /// @notice Every accepted call moved its case along the stage table, and no refused call moved it;
    /// no investigator's call was accepted without the role, no holder reported its own license, every
    /// sanction set `sanctionedAt`, and escalation suspended only Active licenses.
    function invariant_StagesFollowTheTable() public view {
        vm.assertEq(handler.illegalTransitions(), 0, handler.lastViolation());
    }

    /// @notice The KPIs agree with the handler's ghost: breaches and the mean time to first resolution.
    function invariant_KpisMatchTheGhost() public view {
        vm.assertEq(dla.breaches(), handler.ghostBreaches(), "breaches");
        uint256 resolved = handler.ghostResolved();
        uint256 mean = resolved == 0 ? 0 : handler.ghostResolveSeconds() / resolved;
        vm.assertEq(dla.meanTimeToResolve(), mean, "mean time to resolve");
    }
}
