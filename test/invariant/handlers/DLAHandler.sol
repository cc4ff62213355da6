// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DLAEnforcement} from "../../../contracts/solidity/enforcement/DLAEnforcement.sol";
import {DIDRegistry} from "../../../contracts/solidity/identity/DIDRegistry.sol";
import {IDLAEnforcement} from "../../../contracts/solidity/interfaces/IDLAEnforcement.sol";
import {ILicenseRegistry} from "../../../contracts/solidity/interfaces/ILicenseRegistry.sol";
import {ISettlementEngine} from "../../../contracts/solidity/interfaces/ISettlementEngine.sol";
import {LicenseRegistry} from "../../../contracts/solidity/licensing/LicenseRegistry.sol";
import {SettlementEngine} from "../../../contracts/solidity/settlement/SettlementEngine.sol";
import {DLAFixture} from "../../support/DLAFixture.sol";

/// @notice Drives the DLA contract with bounded random calls — every lifecycle call, sanctions of
/// every kind, appeals and votes, reopening, closing, escalation, priorities, reclassification,
/// time, ETH settlements on the real engine for the licenses under a hold, the admin taking
/// INVESTIGATOR_ROLE from the second investigator and giving it back, and now and then an issuer
/// revoking a license under a case — mostly by the account the call needs, sometimes by another
/// (reports sometimes by the license's own holder).
/// @dev Every call runs in try/catch so that the handler never reverts (fail_on_revert). Around each
/// call the handler reads the case's stage and checks the outcome against the stage table
/// (`illegalTransitions`, which also counts an investigator's call accepted without the role, a
/// self-report accepted, a sanction that did not set `sanctionedAt`, and an escalation that
/// suspended a license that was not Active), checks that every accepted appeal was inside its
/// window (`lateAppeals`), and keeps a ghost of what settlements routed to escrow per case, of
/// breaches and of first resolutions, for the invariants.
contract DLAHandler is DLAFixture {
    enum Action {
        Triage,
        Assign,
        Evidence,
        Sanction,
        LiftFreeze,
        Confirm,
        Resolve,
        Appeal,
        Vote,
        Reopen,
        Close,
        Escalate,
        Prioritize,
        Reclassify
    }

    uint256[] public licenses;

    /// @notice Escrow settlements routed into the hold of case `caseId` in its current round.
    mapping(uint256 caseId => uint256) public ghostTaken;
    uint256 public ghostBreaches;
    uint256 public ghostResolved;
    uint256 public ghostResolveSeconds;
    mapping(uint256 caseId => bool) public ghostFirstResolved;

    /// @notice The case last resolved on each license (reopen targets it).
    mapping(uint256 licenseId => uint256 caseId) public lastResolved;

    uint256 public illegalTransitions;
    uint256 public lateAppeals;
    uint256 public unexplainedEscrow;
    string public lastViolation;
    mapping(string op => uint256) public successes;
    mapping(string op => uint256) public attempts;

    constructor(
        DLAEnforcement dla_,
        LicenseRegistry registry_,
        SettlementEngine engine_,
        DIDRegistry dids_,
        uint256[] memory licenses_
    ) {
        dla = dla_;
        registry = registry_;
        engine = engine_;
        dids = dids_;
        licenses = licenses_;
        investigatorRole = dla_.INVESTIGATOR_ROLE();
        ISettlementEngine.Share memory share;
        share.recipient = PAYEE;
        share.bps = 10_000;
        graphShares.push(share);
    }

    // ------------------------------------------------------------------ picking

    function _license(uint256 seed) internal view returns (uint256) {
        return licenses[seed % licenses.length];
    }

    /// @dev Three times in four an active case (the first from a random license on), where the
    /// lifecycle happens; otherwise any case from 1 to caseCount. 0 when there is no case.
    function _pick(uint256 seed) internal view returns (uint256) {
        uint256 count = dla.caseCount();
        if (count == 0) return 0;
        if (seed % 4 != 0) {
            for (uint256 i = 0; i < licenses.length; i++) {
                uint256 active = dla.activeCaseOf(_license((seed >> 2) + i));
                if (active != 0) return active;
            }
        }
        return 1 + (seed >> 8) % count;
    }

    /// @dev Any case from 1 to caseCount (reopen and close act on resolved ones); 0 when none.
    function _pickAny(uint256 seed) internal view returns (uint256) {
        uint256 count = dla.caseCount();
        return count == 0 ? 0 : 1 + seed % count;
    }

    /// @dev The right account 7 times in 8, another otherwise.
    function _actor(address right, uint256 seed) internal pure returns (address) {
        if (seed % 8 != 0) return right;
        address[6] memory others = [REPORTER, INVESTIGATOR2, TRIAGER, HOLDER, COUNCIL3, STRANGER];
        return others[(seed >> 3) % others.length];
    }

    function _holder(uint256 caseId) internal view returns (address) {
        return registry.ownerOf(_case(caseId).licenseId);
    }

    // ------------------------------------------------------------------ the table

    function _isActive(IDLAEnforcement.Stage stage) internal pure returns (bool) {
        return stage >= OPEN && stage <= APPEAL;
    }

    /// @dev Whether `action` may succeed from `before`, and the stage it leaves (decideAppeal: the
    /// stage if it decides).
    function _table(IDLAEnforcement.Stage before, Action action)
        internal
        pure
        returns (bool allowed, IDLAEnforcement.Stage next)
    {
        if (action == Action.Triage) return (before == OPEN, TRIAGE);
        if (action == Action.Assign) {
            return (before >= TRIAGE && before <= APPEAL, before == TRIAGE ? INVESTIGATION : before);
        }
        if (action == Action.Reclassify) return (before >= OPEN && before <= INVESTIGATION, before);
        if (action == Action.Sanction) return (before == INVESTIGATION || before == SANCTION, SANCTION);
        if (action == Action.Resolve) return (before == INVESTIGATION || before == SANCTION, RESOLVED);
        if (action == Action.Appeal) return (before == SANCTION, APPEAL);
        if (action == Action.Vote) return (before == APPEAL, RESOLVED);
        if (action == Action.Reopen) return (before == RESOLVED, INVESTIGATION);
        if (action == Action.Close) return (before == RESOLVED, CLOSED);
        if (action == Action.LiftFreeze) return (before == SANCTION, SANCTION);
        if (action == Action.Confirm) return (before == SANCTION || before == APPEAL, before);
        // Evidence, Escalate, Prioritize: any active stage, no move.
        return (_isActive(before), before);
    }

    function _check(uint256 caseId, IDLAEnforcement.Stage before, Action action, bool ok, string memory op)
        internal
    {
        attempts[op]++;
        IDLAEnforcement.Stage afterCall = _stage(caseId);
        if (!ok) {
            if (afterCall != before) _violation(string.concat(op, ": a refused call moved the case"));
            return;
        }
        successes[op]++;
        (bool allowed, IDLAEnforcement.Stage next) = _table(before, action);
        if (!allowed) _violation(string.concat(op, ": succeeded from a stage the table refuses"));
        // A vote that does not decide leaves the case in Appeal.
        bool undecidedVote = action == Action.Vote && afterCall == APPEAL;
        if (afterCall != next && !undecidedVote) _violation(string.concat(op, ": moved off the table"));
        if (afterCall == RESOLVED && before != RESOLVED) {
            _resolved(caseId);
            lastResolved[_case(caseId).licenseId] = caseId;
        }
    }

    function _violation(string memory why) internal {
        illegalTransitions++;
        lastViolation = why;
    }

    /// @dev An investigator's call succeeded: `actor` must be the case's investigator and hold the role.
    function _checkInvestigator(uint256 caseId, address actor, string memory op) internal {
        if (actor != _case(caseId).investigator || !dla.hasRole(investigatorRole, actor)) {
            _violation(
                string.concat(op, ": accepted from an account that is not the investigator with the role")
            );
        }
    }

    function _resolved(uint256 caseId) internal {
        if (ghostFirstResolved[caseId]) return;
        ghostFirstResolved[caseId] = true;
        ghostResolved++;
        ghostResolveSeconds += block.timestamp - _case(caseId).openedAt;
    }

    // ------------------------------------------------------------------ actions

    function open(uint256 licenseSeed, uint256 reporterSeed, uint256 reasonSeed) external {
        uint256 id = _license(licenseSeed);
        address reporter = reporterSeed % 2 == 0 ? REPORTER : REPORTER2;
        if (reporterSeed % 8 == 1) reporter = registry.ownerOf(id);
        uint16 reason = [REASON_ALL, REASON_LIGHT, REASON_FINAL][reasonSeed % 3];
        attempts["open"]++;
        uint256 before = dla.caseCount();
        vm.prank(reporter);
        try dla.openCase(id, reason, keccak256(abi.encode(before))) returns (uint256 caseId) {
            successes["open"]++;
            if (caseId != before + 1 || _stage(caseId) != OPEN) _violation("open: not a new Open case");
            if (reporter == registry.ownerOf(id)) _violation("open: the holder reported its own license");
        } catch {}
    }

    function triage(uint256 caseSeed, uint256 actorSeed, uint8 priority) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Stage before = _stage(caseId);
        address actor = _actor(TRIAGER, actorSeed);
        vm.prank(actor);
        try dla.triageCase(caseId, priority % 4) {
            _check(caseId, before, Action.Triage, true, "triage");
        } catch {
            _check(caseId, before, Action.Triage, false, "triage");
        }
    }

    function assign(uint256 caseSeed, uint256 actorSeed, bool second) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Stage before = _stage(caseId);
        address actor = _actor(TRIAGER, actorSeed);
        address investigator = second ? INVESTIGATOR2 : INVESTIGATOR;
        vm.prank(actor);
        try dla.assignInvestigator(caseId, investigator) {
            _check(caseId, before, Action.Assign, true, "assign");
        } catch {
            _check(caseId, before, Action.Assign, false, "assign");
        }
    }

    function addEvidence(uint256 caseSeed, uint256 actorSeed, bytes32 ref) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Case memory c = _case(caseId);
        address right = c.stage <= TRIAGE ? c.reporter : c.investigator;
        address actor = _actor(right, actorSeed);
        vm.prank(actor);
        try dla.addEvidence(caseId, ref) {
            _check(caseId, c.stage, Action.Evidence, true, "evidence");
            if (c.stage > TRIAGE) {
                _checkInvestigator(caseId, actor, "evidence");
            } else if (c.evidenceCount >= dla.MAX_REPORTER_EVIDENCE()) {
                _violation("evidence: past the reporter's cap");
            }
        } catch {
            _check(caseId, c.stage, Action.Evidence, false, "evidence");
        }
    }

    function applySanction(uint256 caseSeed, uint256 actorSeed, uint256 kindSeed, uint256 amount) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Case memory c = _case(caseId);
        IDLAEnforcement.Sanction sanction = IDLAEnforcement.Sanction(kindSeed % 7);
        bytes memory params;
        if (sanction == ESCROW || sanction == FINE || sanction == CLAWBACK) {
            params = abi.encode(bound(amount, 1, 1e21));
        } else if (sanction == REMEDIATION) {
            params = abi.encode(keccak256(abi.encode(amount)), block.timestamp + bound(amount, 0, 2 days));
        }
        address actor = _actor(c.investigator, actorSeed);
        vm.prank(actor);
        try dla.applySanction(caseId, sanction, params) {
            _check(caseId, c.stage, Action.Sanction, true, "sanction");
            _checkInvestigator(caseId, actor, "sanction");
            if (_case(caseId).sanctionedAt != block.timestamp) {
                _violation("sanction: sanctionedAt is not now");
            }
        } catch {
            _check(caseId, c.stage, Action.Sanction, false, "sanction");
        }
    }

    function liftFreeze(uint256 caseSeed, uint256 actorSeed) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Case memory c = _case(caseId);
        if (dla.activeCaseOf(c.licenseId) != caseId) return;
        address actor = _actor(c.investigator, actorSeed);
        vm.prank(actor);
        try dla.liftFreeze(c.licenseId) {
            _check(caseId, c.stage, Action.LiftFreeze, true, "liftFreeze");
            _checkInvestigator(caseId, actor, "liftFreeze");
        } catch {
            _check(caseId, c.stage, Action.LiftFreeze, false, "liftFreeze");
        }
    }

    function confirmRemediation(uint256 caseSeed, uint256 actorSeed) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Case memory c = _case(caseId);
        address actor = _actor(c.investigator, actorSeed);
        vm.prank(actor);
        try dla.confirmRemediation(caseId) {
            _check(caseId, c.stage, Action.Confirm, true, "confirm");
            _checkInvestigator(caseId, actor, "confirm");
        } catch {
            _check(caseId, c.stage, Action.Confirm, false, "confirm");
        }
    }

    function resolve(uint256 caseSeed, uint256 actorSeed, uint8 rulingSeed) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Case memory c = _case(caseId);
        // Mostly the ruling the stage can give.
        IDLAEnforcement.Ruling ruling =
            c.stage == SANCTION ? IDLAEnforcement.Ruling.Sanctioned : IDLAEnforcement.Ruling.Dismissed;
        if (rulingSeed % 8 == 0) ruling = IDLAEnforcement.Ruling(rulingSeed % 4);
        address actor = _actor(c.investigator, actorSeed);
        vm.prank(actor);
        try dla.resolve(caseId, ruling) {
            _check(caseId, c.stage, Action.Resolve, true, "resolve");
            _checkInvestigator(caseId, actor, "resolve");
            IDLAEnforcement.Case memory resolved = _case(caseId);
            bool fits = c.stage == INVESTIGATION
                ? resolved.ruling == IDLAEnforcement.Ruling.Dismissed
                : resolved.ruling == IDLAEnforcement.Ruling.Sanctioned;
            if (!fits || resolved.ruling != ruling) _violation("resolve: a ruling the stage cannot give");
            if (c.stage == SANCTION && block.timestamp <= uint256(c.sanctionedAt) + _window(c.reasonCode)) {
                _violation("resolve: Sanctioned inside the appeal window");
            }
        } catch {
            _check(caseId, c.stage, Action.Resolve, false, "resolve");
        }
    }

    function fileAppeal(uint256 caseSeed, uint256 actorSeed) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Case memory c = _case(caseId);
        address holder = _holder(caseId);
        address actor = _actor(holder, actorSeed);
        uint256 closesAt = uint256(c.sanctionedAt) + _window(c.reasonCode);
        vm.prank(actor);
        try dla.fileAppeal(caseId, keccak256("memo")) {
            _check(caseId, c.stage, Action.Appeal, true, "appeal");
            if (block.timestamp > closesAt) lateAppeals++;
            if (actor != holder) _violation("appeal: by someone other than the holder");
        } catch {
            _check(caseId, c.stage, Action.Appeal, false, "appeal");
        }
    }

    function vote(uint256 caseSeed, uint256 memberSeed, bool uphold) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Stage before = _stage(caseId);
        address[4] memory voters = [COUNCIL1, COUNCIL2, COUNCIL3, INVESTIGATOR];
        address member = voters[memberSeed % (memberSeed % 16 == 0 ? 4 : 3)];
        vm.prank(member);
        try dla.decideAppeal(caseId, uphold) {
            _check(caseId, before, Action.Vote, true, "vote");
        } catch {
            _check(caseId, before, Action.Vote, false, "vote");
        }
    }

    function reopen(uint256 caseSeed, uint256 actorSeed) external {
        uint256 caseId = caseSeed % 4 != 0 ? lastResolved[_license(caseSeed >> 2)] : 0;
        if (caseId == 0) caseId = _pickAny(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Stage before = _stage(caseId);
        address actor = _actor(TRIAGER, actorSeed);
        vm.prank(actor);
        try dla.reopen(caseId, keccak256("cause")) {
            _check(caseId, before, Action.Reopen, true, "reopen");
            ghostTaken[caseId] = 0;
        } catch {
            _check(caseId, before, Action.Reopen, false, "reopen");
        }
    }

    function close(uint256 caseSeed) external {
        uint256 caseId = _pickAny(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Stage before = _stage(caseId);
        vm.prank(STRANGER);
        try dla.closeCase(caseId) {
            _check(caseId, before, Action.Close, true, "close");
        } catch {
            _check(caseId, before, Action.Close, false, "close");
        }
    }

    function escalate(uint256 caseSeed) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Case memory c = _case(caseId);
        IDLAEnforcement.Stage before = c.stage;
        bool active = registry.stateOf(c.licenseId) == ILicenseRegistry.LicenseState.Active;
        vm.prank(STRANGER);
        try dla.escalate(caseId) {
            _check(caseId, before, Action.Escalate, true, "escalate");
            ghostBreaches++;
            IDLAEnforcement.Case memory now_ = _case(caseId);
            if (now_.sanctions & _bit(SUSPEND) != c.sanctions & _bit(SUSPEND)) {
                if (!active) _violation("escalate: suspended a license that was not Active");
                if (now_.sanctionedAt != block.timestamp) {
                    _violation("escalate: the Suspend did not set sanctionedAt");
                }
            } else if (now_.sanctionedAt != c.sanctionedAt) {
                _violation("escalate: sanctionedAt moved without a Suspend");
            }
        } catch {
            _check(caseId, before, Action.Escalate, false, "escalate");
        }
    }

    function prioritize(uint256 caseSeed, uint256 actorSeed, uint8 level) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Stage before = _stage(caseId);
        address actor = _actor(TRIAGER, actorSeed);
        vm.prank(actor);
        try dla.prioritize(caseId, level % 5) {
            _check(caseId, before, Action.Prioritize, true, "prioritize");
        } catch {
            _check(caseId, before, Action.Prioritize, false, "prioritize");
        }
    }

    function reclassify(uint256 caseSeed, uint256 actorSeed, uint256 reasonSeed) external {
        uint256 caseId = _pick(caseSeed);
        if (caseId == 0) return;
        IDLAEnforcement.Stage before = _stage(caseId);
        address actor = _actor(TRIAGER, actorSeed);
        // Mostly a reason with a policy, sometimes one without.
        uint16 reason = [REASON_ALL, REASON_LIGHT, REASON_FINAL, REASON_NONE][reasonSeed % 4];
        vm.prank(actor);
        try dla.reclassify(caseId, reason) {
            _check(caseId, before, Action.Reclassify, true, "reclassify");
            if (_case(caseId).reasonCode != reason || reason == REASON_NONE) {
                _violation("reclassify: not to the reason asked, or to one without a policy");
            }
        } catch {
            _check(caseId, before, Action.Reclassify, false, "reclassify");
        }
    }

    /// @notice Now and then (one seed in four; not the fuzzer's favourite 0 and 2^256 - 1), the admin
    /// takes INVESTIGATOR_ROLE from INVESTIGATOR2, or gives it back; its cases wait for it or for a
    /// reassignment.
    function toggleInvestigatorRole(uint256 seed) external {
        if (seed % 4 != 1) return;
        attempts["toggleRole"]++;
        vm.startPrank(ADMIN);
        if (dla.hasRole(investigatorRole, INVESTIGATOR2)) dla.revokeRole(investigatorRole, INVESTIGATOR2);
        else dla.grantRole(investigatorRole, INVESTIGATOR2);
        vm.stopPrank();
        successes["toggleRole"]++;
    }

    /// @notice Rarely (one seed in sixteen; not the fuzzer's favourite 0 and 2^256 - 1), the issuer
    /// revokes a license: the case on it must still be able to resolve, be overturned and escalate.
    function issuerRevokes(uint256 licenseSeed) external {
        if (licenseSeed % 16 != 7) return;
        uint256 id = _license(licenseSeed >> 4);
        attempts["issuerRevokes"]++;
        vm.prank(ISSUER);
        try registry.revokeLicense(id, "issuer") {
            successes["issuerRevokes"]++;
        } catch {}
    }

    /// @notice An ETH settlement for a license: whatever its hold routes to escrow is the active
    /// case's (no hold may exist without one).
    function settle(uint256 licenseSeed, uint256 amount) external {
        uint256 id = _license(licenseSeed);
        amount = bound(amount, 1, 1e21);
        vm.deal(SETTLER, SETTLER.balance + amount);
        ISettlementEngine.SettleRequest memory request =
            ISettlementEngine.SettleRequest(keccak256(abi.encode("h", ++txNonce)), GRAPH, id, ETH, amount, 0);
        attempts["settle"]++;
        vm.prank(SETTLER);
        try engine.settle{value: amount}(request, graphShares) returns (
            ISettlementEngine.Totals memory totals
        ) {
            successes["settle"]++;
            if (totals.escrow == 0) return;
            uint256 caseId = dla.activeCaseOf(id);
            if (caseId == 0) unexplainedEscrow++;
            else ghostTaken[caseId] += totals.escrow;
        } catch {}
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 1 days));
    }

    // ------------------------------------------------------------------ reads

    function _window(uint16 reason) internal view returns (uint64) {
        return dla.reasonPolicy(reason).appealWindow;
    }

    function licenseCount() external view returns (uint256) {
        return licenses.length;
    }
}
