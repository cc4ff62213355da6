// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDLAEnforcement} from "../../contracts/solidity/interfaces/IDLAEnforcement.sol";
import {ISettlementEngine} from "../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {DLAFixture} from "../support/DLAFixture.sol";

/// @notice Properties of the DLA contract over random inputs, each against a small model written
/// here: the rate limit, the windows (counted from the latest sanction), the deadlines, the council's
/// tally, money sanctions and their escrow on the real engine, the evidence caps of the reporter and
/// the investigator, malformed parameters and the KPI.
contract DLAEnforcementFuzzTest is DLAFixture {
    function _setPolicy(uint16 reason, uint16 allowed, uint64 window) internal {
        vm.prank(ADMIN);
        dla.setReasonPolicy(reason, allowed, window);
    }

    /// @dev Council member `i` of the eleven the tally test adds.
    function _member(uint256 i) internal pure returns (address) {
        // A small offset from a constant: far below 2^160.
        // forge-lint: disable-next-line(unsafe-typecast)
        return address(uint160(0xC0C000 + i));
    }

    /// @dev `bound` into uint64 (the callers' bounds are below 2^64).
    function _bound64(uint256 x, uint256 min, uint256 max) internal pure returns (uint64) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(bound(x, min, max));
    }

    /// @dev `bound` into uint8 (the callers' bounds are below 2^8).
    function _bound8(uint256 x, uint256 min, uint256 max) internal pure returns (uint8) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint8(bound(x, min, max));
    }

    function testFuzz_OpenCase_OneReportPerDidPerInterval(uint64 interval, uint64 elapsed) public {
        interval = _bound64(interval, 0, 30 days);
        elapsed = _bound64(elapsed, 0, 60 days);
        vm.prank(ADMIN);
        dla.setReportInterval(interval);
        _open(license, REASON_ALL);
        uint256 other = _newLicense(HOLDER2_DID);
        vm.warp(T0 + elapsed);

        if (elapsed < interval) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IDLAEnforcement.ReportTooSoon.selector, REPORTER_DID, uint64(T0 + interval)
                )
            );
        }
        vm.prank(REPORTER);
        dla.openCase(other, REASON_ALL, EVIDENCE);
        // Another DID is never limited by REPORTER's reports.
        uint256 third = _newLicense(HOLDER3_DID);
        vm.prank(REPORTER2);
        dla.openCase(third, REASON_ALL, EVIDENCE);
    }

    function testFuzz_FileAppeal_OnlyWithinTheWindowAndResolveOnlyAfter(uint64 window, uint64 elapsed)
        public
    {
        window = _bound64(window, 0, 60 days);
        elapsed = _bound64(elapsed, 0, 90 days);
        _setPolicy(REASON_ALL, ALL_SANCTIONS, window);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.warp(T0 + elapsed);
        bytes memory closed =
            abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0 + window));

        if (elapsed <= window) {
            vm.expectRevert(closed);
            _resolve(caseId, IDLAEnforcement.Ruling.Sanctioned);
            _appeal(caseId);
            vm.assertEq(uint256(_stage(caseId)), uint256(APPEAL), "appealed");
        } else {
            vm.expectRevert(closed);
            _appeal(caseId);
            _resolve(caseId, IDLAEnforcement.Ruling.Sanctioned);
            vm.assertEq(uint256(_stage(caseId)), uint256(RESOLVED), "resolved");
        }
    }

    /// @dev A second sanction `gap` seconds after the first restarts the window: the appeal is judged
    /// against the latest sanction's window, whatever the first one's.
    function testFuzz_AppealWindow_CountsFromTheLatestSanction(uint64 window, uint64 gap, uint64 elapsed)
        public
    {
        window = _bound64(window, 0, 30 days);
        gap = _bound64(gap, 0, 60 days);
        elapsed = _bound64(elapsed, 0, 60 days);
        _setPolicy(REASON_ALL, ALL_SANCTIONS, window);
        uint256 caseId = _sanctioned(license, REASON_ALL);
        vm.warp(T0 + gap);
        _apply(caseId, ESCROW, _amount(1));
        vm.assertEq(_case(caseId).sanctionedAt, T0 + gap, "the latest sanction");
        vm.warp(T0 + gap + elapsed);
        bytes memory err =
            abi.encodeWithSelector(IDLAEnforcement.AppealWindow.selector, caseId, uint64(T0 + gap + window));
        if (elapsed <= window) {
            vm.expectRevert(err);
            _resolve(caseId, IDLAEnforcement.Ruling.Sanctioned);
            _appeal(caseId);
            vm.assertEq(uint256(_stage(caseId)), uint256(APPEAL), "appealed");
        } else {
            vm.expectRevert(err);
            _appeal(caseId);
            _resolve(caseId, IDLAEnforcement.Ruling.Sanctioned);
            vm.assertEq(uint256(_stage(caseId)), uint256(RESOLVED), "resolved");
        }
    }

    function testFuzz_Escalate_OnlyAfterTheDeadline(uint64 sla, uint64 elapsed, uint8 priority) public {
        sla = _bound64(sla, 1, 30 days);
        elapsed = _bound64(elapsed, 0, 60 days);
        priority = _bound8(priority, 0, 3);
        vm.prank(ADMIN);
        dla.setSla(TRIAGE, sla);
        uint256 caseId = _open(license, REASON_ALL);
        vm.prank(TRIAGER);
        dla.triageCase(caseId, priority);
        vm.warp(T0 + elapsed);

        if (elapsed <= sla) {
            vm.expectRevert(
                abi.encodeWithSelector(IDLAEnforcement.DeadlineNotPassed.selector, caseId, uint64(T0 + sla))
            );
            dla.escalate(caseId);
            return;
        }
        uint8 expected = priority < 3 ? priority + 1 : 3;
        vm.expectEmit(address(dla));
        emit IDLAEnforcement.SlaBreached(caseId, TRIAGE, uint64(T0 + sla), expected);
        dla.escalate(caseId);
        IDLAEnforcement.Case memory c = _case(caseId);
        vm.assertEq(c.priority, expected, "priority");
        vm.assertEq(c.slaDeadline, T0 + elapsed + sla, "restarted");
        vm.assertEq(dla.breaches(), 1, "one breach");
    }

    function testFuzz_DecideAppeal_TheFirstVoteToBringItsSideToTheQuorumDecides(uint8 quorum, uint256 seed)
        public
    {
        quorum = _bound8(quorum, 1, 6);
        vm.startPrank(ADMIN);
        for (uint256 i = 0; i < 11; i++) {
            dla.grantRole(councilRole, _member(i));
        }
        dla.setCouncilQuorum(quorum);
        vm.stopPrank();
        uint256 caseId = _sanctioned(license, REASON_ALL);
        _appeal(caseId);

        uint8 votesFor;
        uint8 votesAgainst;
        for (uint256 i = 0; i < 11; i++) {
            bool uphold = (seed >> i) & 1 == 1;
            if (uphold) votesFor++;
            else votesAgainst++;
            bool decides = (uphold ? votesFor : votesAgainst) >= quorum;
            if (decides) {
                vm.expectEmit(address(dla));
                emit IDLAEnforcement.AppealDecided(caseId, uphold, votesFor, votesAgainst);
            }
            _vote(caseId, _member(i), uphold);
            if (decides) {
                IDLAEnforcement.Ruling expected =
                    uphold ? IDLAEnforcement.Ruling.Overturned : IDLAEnforcement.Ruling.Sanctioned;
                vm.assertEq(uint256(_case(caseId).ruling), uint256(expected), "ruling");
                vm.assertEq(_frozen(license), !uphold, "the freeze follows the ruling");
                vm.expectRevert(_invalidStage(caseId, RESOLVED));
                _vote(caseId, COUNCIL1, uphold);
                return;
            }
            (uint8 f, uint8 a) = dla.appealVotes(caseId);
            vm.assertEq(f, votesFor, "for");
            vm.assertEq(a, votesAgainst, "against");
        }
        revert("eleven votes always reach a quorum of at most six");
    }

    function testFuzz_MoneySanctions_HoldTheSumAndReleaseItToTheRightAccount(
        uint256[4] memory amounts,
        uint8 kinds,
        uint256 payment,
        bool upheld
    ) public {
        uint256 caseId = _investigate(license, REASON_ALL);
        uint256 total;
        bool toTreasury;
        for (uint256 i = 0; i < amounts.length; i++) {
            amounts[i] = bound(amounts[i], 1, 1e27);
            uint8 kind = _bound8((kinds >> (2 * i)) & 3, 1, 3); // Escrow, Fine or Clawback
            _apply(caseId, IDLAEnforcement.Sanction(kind), _amount(amounts[i]));
            total += amounts[i];
            toTreasury = toTreasury || kind != 1;
            vm.assertEq(_case(caseId).held, total, "held is the sum");
            vm.assertEq(engine.holdOf(license).outstanding, total, "the engine holds the sum");
        }

        payment = bound(payment, 1, 4e27);
        ISettlementEngine.Totals memory totals = _settle(license, ETH, payment);
        uint256 available = payment - totals.tax - totals.fee;
        uint256 escrow = total < available ? total : available;
        vm.assertEq(totals.escrow, escrow, "escrow is min(hold, what is left after tax and fee)");
        vm.assertEq(engine.holdOf(license).outstanding, total - escrow, "the hold shrinks by it");

        if (upheld) {
            _appeal(caseId);
            _vote(caseId, COUNCIL1, true);
            vm.assertEq(engine.creditOf(ETH, HOLDER), escrow, "an upheld appeal returns all to the holder");
        } else {
            vm.warp(T0 + APPEAL_WINDOW + 1);
            _resolve(caseId, IDLAEnforcement.Ruling.Sanctioned);
            address to = toTreasury ? TREASURY : HOLDER;
            vm.assertEq(engine.creditOf(ETH, to), escrow, "final escrow to the treasury after a fine");
        }
        vm.assertEq(engine.escrowOf(license, ETH), 0, "released");
        vm.assertEq(engine.holdOf(license).outstanding, 0, "the hold ended");
    }

    function testFuzz_ApplySanction_RefusesMalformedParameters(uint8 which, bytes memory params) public {
        IDLAEnforcement.Sanction sanction = IDLAEnforcement.Sanction(bound(which, 0, 6));
        uint256 caseId = _investigate(license, REASON_ALL);
        bool wellFormed;
        if (sanction == ESCROW || sanction == FINE || sanction == CLAWBACK) {
            wellFormed = params.length == 32 && abi.decode(params, (uint256)) != 0;
        } else if (sanction == REMEDIATION) {
            if (params.length == 64) {
                (bytes32 plan, uint256 deadline) = abi.decode(params, (bytes32, uint256));
                wellFormed = plan != bytes32(0) && deadline >= block.timestamp && deadline <= type(uint64).max;
            }
        } else {
            wellFormed = params.length == 0;
        }
        if (!wellFormed) vm.expectRevert(_notAllowed(caseId, sanction));
        _apply(caseId, sanction, params);
        vm.assertEq(_case(caseId).sanctions, wellFormed ? _bit(sanction) : 0, "applied iff well formed");
    }

    function testFuzz_ApplySanction_RemediationDeadlines(uint64 deadline) public {
        uint256 caseId = _investigate(license, REASON_ALL);
        bytes memory params = abi.encode(keccak256("plan"), uint256(deadline));
        if (deadline < T0) vm.expectRevert(_notAllowed(caseId, REMEDIATION));
        _apply(caseId, REMEDIATION, params);
        if (deadline >= T0) vm.assertEq(_case(caseId).remediationDeadline, deadline, "deadline");
    }

    /// @dev The reporter adds `byReporter` references, then the investigator `byInvestigator`: the
    /// reporter stops at 16, the investigator at 64, the opening reference counted in both.
    function testFuzz_AddEvidence_StopsAtEachPartysCap(uint8 byReporter, uint8 byInvestigator) public {
        byReporter = _bound8(byReporter, 0, 24);
        byInvestigator = _bound8(byInvestigator, 0, 72);
        uint256 caseId = _open(license, REASON_ALL);
        bytes memory full = abi.encodeWithSelector(IDLAEnforcement.TooMuchEvidence.selector, caseId);
        uint256 count = 1;
        vm.startPrank(REPORTER);
        for (uint256 i = 0; i < byReporter; i++) {
            if (count >= 16) vm.expectRevert(full);
            else count++;
            dla.addEvidence(caseId, keccak256(abi.encode(i)));
        }
        vm.stopPrank();
        _triage(caseId);
        _assign(caseId, INVESTIGATOR);
        vm.startPrank(INVESTIGATOR);
        for (uint256 i = 0; i < byInvestigator; i++) {
            if (count >= 64) vm.expectRevert(full);
            else count++;
            dla.addEvidence(caseId, keccak256(abi.encode("i", i)));
        }
        vm.stopPrank();
        uint256 reporters = byReporter + 1 > 16 ? 16 : byReporter + 1;
        uint256 expected = reporters + byInvestigator > 64 ? 64 : reporters + byInvestigator;
        vm.assertEq(count, expected, "the model");
        vm.assertEq(dla.evidenceOf(caseId).length, expected, "references");
        vm.assertEq(_case(caseId).evidenceCount, expected, "evidenceCount");
    }

    function testFuzz_Prioritize_AtMostMaxPriority(uint8 level) public {
        uint256 caseId = _open(license, REASON_ALL);
        if (level > 3) vm.expectRevert(_invalidArgument());
        vm.prank(TRIAGER);
        dla.prioritize(caseId, level);
        if (level <= 3) vm.assertEq(_case(caseId).priority, level, "priority");
    }

    function testFuzz_MeanTimeToResolve_IsTheMeanOfFirstResolutions(uint256[4] memory durations) public {
        vm.prank(ADMIN);
        dla.setReportInterval(0);
        // Sort, so that time only moves forward.
        for (uint256 i = 0; i < 4; i++) {
            durations[i] = bound(durations[i], 0, 100 days);
            for (uint256 j = i; j > 0 && durations[j] < durations[j - 1]; j--) {
                (durations[j], durations[j - 1]) = (durations[j - 1], durations[j]);
            }
        }
        bytes32[4] memory holders = [HOLDER_DID, HOLDER2_DID, HOLDER3_DID, HOLDER_DID];
        uint256[4] memory cases;
        for (uint256 i = 0; i < 4; i++) {
            cases[i] = _investigate(_newLicense(holders[i]), REASON_ALL);
        }
        uint256 sum;
        for (uint256 i = 0; i < 4; i++) {
            vm.warp(T0 + durations[i]);
            _resolve(cases[i], IDLAEnforcement.Ruling.Dismissed);
            sum += durations[i];
            vm.assertEq(dla.meanTimeToResolve(), sum / (i + 1), "mean");
        }
        // A reopened case resolved again does not count twice.
        vm.prank(TRIAGER);
        dla.reopen(cases[3], keccak256("cause"));
        vm.warp(block.timestamp + 3 days);
        _resolve(cases[3], IDLAEnforcement.Ruling.Dismissed);
        vm.assertEq(dla.meanTimeToResolve(), sum / 4, "first resolutions only");
    }
}
