// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IDIDRegistry} from "../interfaces/IDIDRegistry.sol";
import {IDLAEnforcement} from "../interfaces/IDLAEnforcement.sol";
import {ILicenseRegistry} from "../interfaces/ILicenseRegistry.sol";
import {ISettlementEngine} from "../interfaces/ISettlementEngine.sol";

/// @title DLAEnforcement
/// @notice The CHLOM DLA enforcement cases. See {IDLAEnforcement} for the stage table, the sanctions
/// ladder and what each sanction does on the license registry and the settlement engine, appeals,
/// deadlines, roles and the check order.
/// @dev Decisions the interface leaves open:
///
/// - **Check order.** A role check comes first (`onlyRole`); an authority that depends on the case
///   (the investigator, the reporter, the license holder) is checked right after the case is found,
///   then the stage, then the arguments, then the other contracts' own refusals (which bubble).
/// - **Windows** include their last second, as `chlom_core::enforcement::within`: an appeal is
///   filed while `now <= sanctionedAt + appealWindow` and `resolve(Sanctioned)` waits until after
///   it; a case is reopened while `now <= resolvedAt + reopenWindow` and closed after it. Deadlines
///   pass when `now > deadline`. Every `time + seconds` saturates at 2^64 - 1.
/// - **Appeal votes**: a vote decides when it brings its own side to `councilQuorum`
///   (`chlom_core::enforcement::AppealTally`), even if a lowered quorum left the other side above it.
/// - **Holds.** A money sanction (Escrow, Fine, Clawback) adds its amount to `Case.held` and sets the
///   engine's hold to what this case's hold has outstanding plus the amount, which is `held` until a
///   settlement routes part of it to escrow (so that money already escrowed is not held twice). A
///   case that applied no money sanction never touches the engine.
/// - **Remediation.** Its parameters must be a non-zero plan and a deadline not before now (so
///   `requireRemediation` without a Sanction SLA is refused). `remediationDeadline` reads 0 once the
///   plan is confirmed or has escalated: a plan escalates once (to Suspend if the reason allows it,
///   the case has not suspended yet and the license is Active, else only as a breach).
/// - **Reopening** starts a new round: the case goes back to Investigation with no sanctions, no hold
///   and no sanction time, and the votes of a later appeal start from zero. The sanctions of the
///   earlier resolution were final and stay where they took effect (a freeze, a suspension, a
///   revocation, released escrow). `resolvedAt` is the latest resolution; the KPI counts the first.
/// - **An upheld appeal** lifts every sanction (a `SanctionLifted` for each) and sets `held` to 0.
/// - **Policies** are read live: a reason's allowed sanctions and appeal window are those in force
///   when a call is made.
///
/// **Reentrancy.** State is written and events emitted before any external call other than views
/// (`ownerOf`, `stateOf`, `holdOf`, `standingOf`, made with STATICCALL). The only callees are
/// the license registry and the settlement engine, fixed at construction and trusted (ours, and
/// neither calls back: `releaseHold` credits, it does not transfer), so no reentrancy guard is needed.
contract DLAEnforcement is AccessControl, IDLAEnforcement {
    /// @notice Triage officers: accept, assign, prioritize and reopen cases.
    bytes32 public constant TRIAGE_ROLE = keccak256("CHLOM_TRIAGE_ROLE");
    /// @notice Investigators; only the one assigned to a case acts on it.
    bytes32 public constant INVESTIGATOR_ROLE = keccak256("CHLOM_INVESTIGATOR_ROLE");
    /// @notice The appeal council.
    bytes32 public constant COUNCIL_ROLE = keccak256("CHLOM_COUNCIL_ROLE");

    /// @notice The most evidence references a case holds (the opening one included).
    uint16 public constant MAX_EVIDENCE = 64;
    /// @notice The most evidence references a case holds while its reporter adds them (Open and
    /// Triage; the opening one included), so that a reporter cannot use up the investigator's room.
    uint16 public constant MAX_REPORTER_EVIDENCE = 16;
    /// @notice The highest priority.
    uint8 public constant MAX_PRIORITY = 3;
    /// @notice The most tokens `setHoldAssets` accepts.
    uint256 public constant MAX_HOLD_ASSETS = 8;

    /// @dev Sanction bits (`1 << Sanction`).
    uint16 private constant _FREEZE = 1 << 0;
    uint16 private constant _FINE = 1 << 2;
    uint16 private constant _CLAWBACK = 1 << 3;
    uint16 private constant _SUSPEND = 1 << 4;
    uint16 private constant _REVOKE = 1 << 5;
    uint16 private constant _REMEDIATION = 1 << 6;
    /// @dev Escrow, Fine and Clawback: the sanctions that add to the hold and may repeat.
    uint16 private constant _MONEY = (1 << 1) | _FINE | _CLAWBACK;
    /// @dev The whole ladder.
    uint16 private constant _ALL = (1 << 7) - 1;

    IDIDRegistry private immutable _dids;
    ILicenseRegistry private immutable _licenses;
    ISettlementEngine private immutable _engine;

    /// @dev The votes of a case's current appeal; `round` counts its appeals.
    struct Votes {
        uint8 votesFor;
        uint8 votesAgainst;
        uint32 round;
    }

    mapping(uint256 caseId => Case) private _cases;
    mapping(uint256 caseId => bytes32[]) private _evidence;
    mapping(uint256 licenseId => uint256 caseId) private _activeCase;
    mapping(uint16 reasonCode => ReasonPolicy) private _policies;
    mapping(Stage stage => uint64 seconds_) private _slas;
    mapping(bytes32 reporterDid => uint64 at) private _lastReport;
    mapping(uint256 caseId => Votes) private _votes;
    mapping(uint256 caseId => mapping(uint256 round => mapping(address member => bool))) private _voted;
    mapping(Stage stage => uint256 cases) private _inStage;
    uint256 private _caseCount;
    uint256 private _breaches;
    uint256 private _resolvedCases;
    uint256 private _resolveSeconds;
    address[] private _holdAssets;
    address private _treasury;
    uint8 private _councilQuorum;
    uint64 private _reportInterval;
    uint64 private _reopenWindow;

    /// @notice Deploys the enforcement contract: council quorum 1, report interval 1 day, reopen
    /// window 7 days, the admin as treasury, ETH as the only hold asset, no SLAs.
    /// @param admin Receives `DEFAULT_ADMIN_ROLE` and is the first treasury; not zero.
    /// @param didRegistry The DID registry; not zero.
    /// @param licenseRegistry The license registry; not zero.
    /// @param settlementEngine The settlement engine; not zero.
    constructor(address admin, address didRegistry, address licenseRegistry, address settlementEngine) {
        if (
            admin == address(0) || didRegistry == address(0) || licenseRegistry == address(0)
                || settlementEngine == address(0)
        ) revert InvalidArgument();
        _dids = IDIDRegistry(didRegistry);
        _licenses = ILicenseRegistry(licenseRegistry);
        _engine = ISettlementEngine(settlementEngine);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _treasury = admin;
        _councilQuorum = 1;
        _reportInterval = 1 days;
        _reopenWindow = 7 days;
        _holdAssets.push(address(0));
    }

    // ----------------------------------------------------------------------------- the lifecycle

    /// @inheritdoc IDLAEnforcement
    function openCase(uint256 licenseId, uint16 reasonCode, bytes32 evidenceRef)
        external
        returns (uint256 caseId)
    {
        (bytes32 did,, IDIDRegistry.Status status) = _dids.standingOf(msg.sender);
        if (status != IDIDRegistry.Status.Valid) revert ReporterNotInGoodStanding(msg.sender);
        uint64 last = _lastReport[did];
        if (last != 0) {
            uint64 nextAllowedAt = _plus(last, _reportInterval);
            if (block.timestamp < nextAllowedAt) revert ReportTooSoon(did, nextAllowedAt);
        }
        // The license exists (the registry's ERC721NonexistentToken bubbles), and its holder does not
        // report it: a self-report would open the case the holder chooses, shielding the license from
        // a real one while it runs.
        if (_holderOf(licenseId) == msg.sender) revert NotAuthorized(msg.sender, 0);
        uint256 active = _activeCase[licenseId];
        if (active != 0) revert CaseAlreadyActive(licenseId, active);
        if (_policies[reasonCode].allowedSanctions == 0) revert InvalidReason(reasonCode);
        if (evidenceRef == bytes32(0)) revert InvalidArgument();

        caseId = ++_caseCount;
        Case storage c = _cases[caseId];
        c.licenseId = licenseId;
        c.reasonCode = reasonCode;
        c.reporter = msg.sender;
        c.reporterDid = did;
        c.openedAt = _now();
        c.evidenceCount = 1;
        _evidence[caseId].push(evidenceRef);
        _lastReport[did] = _now();
        _activeCase[licenseId] = caseId;
        _enter(c, Stage.Open);
        emit CaseOpened(caseId, licenseId, reasonCode, msg.sender, evidenceRef);
    }

    /// @inheritdoc IDLAEnforcement
    function triageCase(uint256 caseId, uint8 priority) external onlyRole(TRIAGE_ROLE) {
        Case storage c = _existing(caseId);
        _requireStage(caseId, c, Stage.Open);
        if (priority > MAX_PRIORITY) revert InvalidArgument();

        c.priority = priority;
        _enter(c, Stage.Triage);
        emit CaseTriaged(caseId, priority);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev `account` without `INVESTIGATOR_ROLE` (the zero address included) is an InvalidArgument.
    /// A reassignment (Investigation, Sanction, Appeal) keeps the stage and its deadline (the stage is
    /// not entered again), so that a case whose investigator lost the role can go on.
    function assignInvestigator(uint256 caseId, address account) external onlyRole(TRIAGE_ROLE) {
        Case storage c = _existing(caseId);
        Stage stage = c.stage;
        if (stage < Stage.Triage || stage > Stage.Appeal) revert InvalidStage(caseId, stage);
        if (!hasRole(INVESTIGATOR_ROLE, account)) revert InvalidArgument();

        c.investigator = account;
        if (stage == Stage.Triage) _enter(c, Stage.Investigation);
        else c.updatedAt = _now();
        emit InvestigatorAssigned(caseId, account);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev Who may add depends on the stage, so the stage decides first: Resolved and Closed cases
    /// take no evidence (InvalidStage). Then the count (TooMuchEvidence: `MAX_REPORTER_EVIDENCE` for
    /// the reporter, `MAX_EVIDENCE` for the investigator), then the reference.
    function addEvidence(uint256 caseId, bytes32 proofRef) external {
        Case storage c = _existing(caseId);
        Stage stage = c.stage;
        if (stage == Stage.Open || stage == Stage.Triage) {
            if (msg.sender != c.reporter) revert NotAuthorized(msg.sender, caseId);
            if (c.evidenceCount >= MAX_REPORTER_EVIDENCE) revert TooMuchEvidence(caseId);
        } else if (_isActive(stage)) {
            _requireInvestigator(caseId, c);
        } else {
            revert InvalidStage(caseId, stage);
        }
        _checkEvidence(caseId, c, proofRef);

        _recordEvidence(caseId, c, proofRef);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev Checks after the case's investigator and stage: the reason allows the sanction
    /// (SanctionNotAllowed), it is not applied yet unless it is Escrow, Fine or Clawback
    /// (SanctionState), and its parameters are well formed (SanctionNotAllowed): empty for Freeze,
    /// Suspend and Revoke; a non-zero `uint256` amount for Escrow, Fine and Clawback; a non-zero plan
    /// and a deadline not before now for Remediation.
    function applySanction(uint256 caseId, Sanction sanction, bytes calldata params) external {
        _applySanction(caseId, _existing(caseId), sanction, params, false, bytes32(0));
    }

    /// @inheritdoc IDLAEnforcement
    function freezeLicense(uint256 licenseId) external {
        uint256 caseId = _activeCaseOf(licenseId);
        _applySanction(caseId, _cases[caseId], Sanction.Freeze, "", false, bytes32(0));
    }

    /// @inheritdoc IDLAEnforcement
    function liftFreeze(uint256 licenseId) external {
        uint256 caseId = _activeCaseOf(licenseId);
        Case storage c = _cases[caseId];
        _requireInvestigator(caseId, c);
        _requireStage(caseId, c, Stage.Sanction);
        if (c.sanctions & _FREEZE == 0) revert SanctionState(caseId, Sanction.Freeze);

        c.sanctions &= ~_FREEZE;
        c.updatedAt = _now();
        emit SanctionLifted(caseId, licenseId, Sanction.Freeze);
        _licenses.unfreezeLicense(licenseId);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev `ref` is checked after the sanction (zero: InvalidArgument; the evidence full:
    /// TooMuchEvidence); `SanctionApplied` is emitted before `EvidenceAdded`.
    function setEscrow(uint256 licenseId, uint256 amount, bytes32 ref) external {
        uint256 caseId = _activeCaseOf(licenseId);
        _applySanction(caseId, _cases[caseId], Sanction.Escrow, abi.encode(amount), true, ref);
    }

    /// @inheritdoc IDLAEnforcement
    function fine(uint256 licenseId, uint256 amount) external {
        uint256 caseId = _activeCaseOf(licenseId);
        _applySanction(caseId, _cases[caseId], Sanction.Fine, abi.encode(amount), false, bytes32(0));
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev Without a Sanction SLA the plan's deadline is 0, which is before now: a plan with no
    /// deadline could never escalate, so it is refused as malformed (SanctionNotAllowed).
    function requireRemediation(uint256 licenseId, bytes32 planRef) external {
        uint256 caseId = _activeCaseOf(licenseId);
        uint64 sla = _slas[Stage.Sanction];
        bytes memory params = abi.encode(planRef, sla == 0 ? 0 : _plus(_now(), sla));
        _applySanction(caseId, _cases[caseId], Sanction.Remediation, params, false, bytes32(0));
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev Stage Sanction or Appeal (where a plan can be pending); no pending plan is a
    /// `SanctionState(caseId, Remediation)`. The plan's deadline then reads 0.
    function confirmRemediation(uint256 caseId) external {
        Case storage c = _existing(caseId);
        _requireInvestigator(caseId, c);
        Stage stage = c.stage;
        if (stage != Stage.Sanction && stage != Stage.Appeal) revert InvalidStage(caseId, stage);
        if (!_remediationPending(c)) revert SanctionState(caseId, Sanction.Remediation);

        c.remediationDeadline = 0;
        c.updatedAt = _now();
        emit RemediationConfirmed(caseId);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev A stage other than Investigation and Sanction is an InvalidStage; from those, a ruling
    /// other than the stage's (Dismissed from Investigation, Sanctioned from Sanction) is an
    /// InvalidArgument, as `chlom_core::enforcement::next_stage` refuses it.
    function resolve(uint256 caseId, Ruling ruling) external {
        Case storage c = _existing(caseId);
        _requireInvestigator(caseId, c);
        Stage stage = c.stage;
        if (stage != Stage.Investigation && stage != Stage.Sanction) revert InvalidStage(caseId, stage);
        if (stage == Stage.Investigation) {
            if (ruling != Ruling.Dismissed) revert InvalidArgument();
            _resolveCase(caseId, c, Ruling.Dismissed);
            return;
        }
        if (ruling != Ruling.Sanctioned) revert InvalidArgument();
        uint64 closesAt = _appealClosesAt(c);
        if (block.timestamp <= closesAt) revert AppealWindow(caseId, closesAt);
        _finalize(caseId, c);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev A zero `memoRef` is an InvalidArgument.
    function fileAppeal(uint256 caseId, bytes32 memoRef) external {
        Case storage c = _existing(caseId);
        if (msg.sender != _holderOf(c.licenseId)) revert NotAuthorized(msg.sender, caseId);
        _requireStage(caseId, c, Stage.Sanction);
        uint64 closesAt = _appealClosesAt(c);
        if (block.timestamp > closesAt) revert AppealWindow(caseId, closesAt);
        if (memoRef == bytes32(0)) revert InvalidArgument();

        Votes storage votes = _votes[caseId];
        (votes.votesFor, votes.votesAgainst) = (0, 0);
        ++votes.round;
        _enter(c, Stage.Appeal);
        emit AppealFiled(caseId, msg.sender, memoRef);
    }

    /// @inheritdoc IDLAEnforcement
    function decideAppeal(uint256 caseId, bool uphold) external onlyRole(COUNCIL_ROLE) {
        Case storage c = _existing(caseId);
        _requireStage(caseId, c, Stage.Appeal);
        Votes storage votes = _votes[caseId];
        mapping(address => bool) storage voted = _voted[caseId][votes.round];
        if (voted[msg.sender]) revert AlreadyVoted(caseId, msg.sender);

        voted[msg.sender] = true;
        uint8 side;
        // A vote that brings its side to the quorum decides, so before a vote its side is below the
        // quorum in force at its previous vote (a uint8): the count never passes 255.
        unchecked {
            side = uphold ? ++votes.votesFor : ++votes.votesAgainst;
        }
        c.updatedAt = _now();
        emit AppealVoted(caseId, msg.sender, uphold);

        if (side < _councilQuorum) return;
        emit AppealDecided(caseId, uphold, votes.votesFor, votes.votesAgainst);
        if (uphold) _overturn(caseId, c);
        else _finalize(caseId, c);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev A zero `cause` is an InvalidArgument; a license that has another active case by now
    /// cannot have this one reopened (CaseAlreadyActive). See the contract documentation for what
    /// reopening resets.
    function reopen(uint256 caseId, bytes32 cause) external onlyRole(TRIAGE_ROLE) {
        Case storage c = _existing(caseId);
        _requireStage(caseId, c, Stage.Resolved);
        uint64 closesAt = _plus(c.resolvedAt, _reopenWindow);
        if (block.timestamp > closesAt) revert ReopenWindow(caseId, closesAt);
        if (cause == bytes32(0)) revert InvalidArgument();
        uint256 licenseId = c.licenseId;
        uint256 active = _activeCase[licenseId];
        if (active != 0) revert CaseAlreadyActive(licenseId, active);

        c.ruling = Ruling.None;
        c.sanctions = 0;
        c.held = 0;
        c.sanctionedAt = 0;
        c.remediationPlan = bytes32(0);
        c.remediationDeadline = 0;
        _activeCase[licenseId] = caseId;
        _enter(c, Stage.Investigation);
        emit CaseReopened(caseId, cause);
    }

    /// @inheritdoc IDLAEnforcement
    function closeCase(uint256 caseId) external {
        Case storage c = _existing(caseId);
        _requireStage(caseId, c, Stage.Resolved);
        uint64 closesAt = _plus(c.resolvedAt, _reopenWindow);
        if (block.timestamp <= closesAt) revert ReopenWindow(caseId, closesAt);

        _enter(c, Stage.Closed);
        emit CaseClosed(caseId);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev One call is one breach, whichever deadline passed (both, possibly): `SlaBreached` names the
    /// stage's deadline if it passed, else the plan's. A passed stage deadline restarts at now + the
    /// stage's SLA; a passed plan escalates once (see the contract documentation).
    /// `DeadlineNotPassed` names the stage's deadline, or the plan's when the stage has none.
    function escalate(uint256 caseId) external {
        Case storage c = _existing(caseId);
        Stage stage = c.stage;
        if (!_isActive(stage)) revert InvalidStage(caseId, stage);
        uint64 stageDeadline = c.slaDeadline;
        bool stagePassed = stageDeadline != 0 && block.timestamp > stageDeadline;
        bool planPending = _remediationPending(c);
        bool planPassed = planPending && block.timestamp > c.remediationDeadline;
        if (!stagePassed && !planPassed) {
            revert DeadlineNotPassed(
                caseId, stageDeadline == 0 && planPending ? c.remediationDeadline : stageDeadline
            );
        }

        uint64 deadline = stagePassed ? stageDeadline : c.remediationDeadline;
        uint8 priority = c.priority < MAX_PRIORITY ? c.priority + 1 : MAX_PRIORITY;
        c.priority = priority;
        if (stagePassed) {
            uint64 sla = _slas[stage];
            c.slaDeadline = sla == 0 ? 0 : _plus(_now(), sla);
        }
        bool suspend;
        if (planPassed) {
            c.remediationDeadline = 0;
            // The registry suspends only an Active license: on another the missed plan is a breach only.
            suspend = _policies[c.reasonCode].allowedSanctions & _SUSPEND != 0 && c.sanctions & _SUSPEND == 0
                && _licenses.stateOf(c.licenseId) == ILicenseRegistry.LicenseState.Active;
            if (suspend) {
                c.sanctions |= _SUSPEND;
                c.sanctionedAt = _now();
            }
        }
        ++_breaches;
        c.updatedAt = _now();
        emit SlaBreached(caseId, stage, deadline, priority);
        if (suspend) {
            emit SanctionApplied(caseId, c.licenseId, Sanction.Suspend, "");
            _licenses.suspendLicense(c.licenseId, bytes32(caseId));
        }
    }

    /// @inheritdoc IDLAEnforcement
    function prioritize(uint256 caseId, uint8 level) external onlyRole(TRIAGE_ROLE) {
        Case storage c = _existing(caseId);
        if (!_isActive(c.stage)) revert InvalidStage(caseId, c.stage);
        if (level > MAX_PRIORITY) revert InvalidArgument();

        c.priority = level;
        c.updatedAt = _now();
        emit PriorityChanged(caseId, level);
    }

    /// @inheritdoc IDLAEnforcement
    function reclassify(uint256 caseId, uint16 reasonCode) external onlyRole(TRIAGE_ROLE) {
        Case storage c = _existing(caseId);
        Stage stage = c.stage;
        if (stage < Stage.Open || stage > Stage.Investigation) revert InvalidStage(caseId, stage);
        if (_policies[reasonCode].allowedSanctions == 0) revert InvalidReason(reasonCode);

        c.reasonCode = reasonCode;
        c.updatedAt = _now();
        emit CaseReclassified(caseId, reasonCode);
    }

    // ----------------------------------------------------------------------------- governance

    /// @inheritdoc IDLAEnforcement
    function setSla(Stage stage, uint64 seconds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_isActive(stage)) revert InvalidArgument();
        _slas[stage] = seconds_;
        emit SlaSet(stage, seconds_);
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev Bits outside the ladder (above `1 << Remediation`) are an InvalidArgument.
    function setReasonPolicy(uint16 reasonCode, uint16 allowedSanctions, uint64 appealWindow)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        if (allowedSanctions & ~_ALL != 0) revert InvalidArgument();
        _policies[reasonCode] = ReasonPolicy(allowedSanctions, appealWindow);
        emit ReasonPolicySet(reasonCode, allowedSanctions, appealWindow);
    }

    /// @inheritdoc IDLAEnforcement
    function setCouncilQuorum(uint8 quorum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (quorum == 0) revert InvalidArgument();
        _councilQuorum = quorum;
        emit CouncilQuorumSet(quorum);
    }

    /// @inheritdoc IDLAEnforcement
    function setTreasury(address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (treasury == address(0)) revert InvalidArgument();
        _treasury = treasury;
        emit TreasurySet(treasury);
    }

    /// @inheritdoc IDLAEnforcement
    function setHoldAssets(address[] calldata tokens) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (tokens.length > MAX_HOLD_ASSETS) revert InvalidArgument();
        _holdAssets = tokens;
        emit HoldAssetsSet(tokens);
    }

    /// @inheritdoc IDLAEnforcement
    function setReportInterval(uint64 seconds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _reportInterval = seconds_;
        emit ReportIntervalSet(seconds_);
    }

    /// @inheritdoc IDLAEnforcement
    function setReopenWindow(uint64 seconds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _reopenWindow = seconds_;
        emit ReopenWindowSet(seconds_);
    }

    // ----------------------------------------------------------------------------- views

    /// @inheritdoc IDLAEnforcement
    function getCase(uint256 caseId) external view returns (Case memory) {
        return _existing(caseId);
    }

    /// @inheritdoc IDLAEnforcement
    function evidenceOf(uint256 caseId) external view returns (bytes32[] memory) {
        return _evidence[caseId];
    }

    /// @inheritdoc IDLAEnforcement
    function activeCaseOf(uint256 licenseId) external view returns (uint256) {
        return _activeCase[licenseId];
    }

    /// @inheritdoc IDLAEnforcement
    function caseCount() external view returns (uint256) {
        return _caseCount;
    }

    /// @inheritdoc IDLAEnforcement
    function reasonPolicy(uint16 reasonCode) external view returns (ReasonPolicy memory) {
        return _policies[reasonCode];
    }

    /// @inheritdoc IDLAEnforcement
    function slaOf(Stage stage) external view returns (uint64) {
        return _slas[stage];
    }

    /// @inheritdoc IDLAEnforcement
    /// @dev The current (or last) appeal's votes; a new appeal starts from zero.
    function appealVotes(uint256 caseId) external view returns (uint8 votesFor, uint8 votesAgainst) {
        Votes storage votes = _votes[caseId];
        return (votes.votesFor, votes.votesAgainst);
    }

    /// @inheritdoc IDLAEnforcement
    function casesInStage(Stage stage) external view returns (uint256) {
        return _inStage[stage];
    }

    /// @inheritdoc IDLAEnforcement
    function breaches() external view returns (uint256) {
        return _breaches;
    }

    /// @inheritdoc IDLAEnforcement
    function meanTimeToResolve() external view returns (uint256) {
        uint256 resolved = _resolvedCases;
        return resolved == 0 ? 0 : _resolveSeconds / resolved;
    }

    /// @notice The DID registry that vouches for reporters.
    function didRegistry() external view returns (IDIDRegistry) {
        return _dids;
    }

    /// @notice The license registry sanctions act on (this contract holds its ENFORCEMENT_ROLE).
    function licenseRegistry() external view returns (ILicenseRegistry) {
        return _licenses;
    }

    /// @notice The settlement engine holds act on (this contract holds its ENFORCEMENT_ROLE).
    function settlementEngine() external view returns (ISettlementEngine) {
        return _engine;
    }

    /// @notice M, the votes that decide an appeal.
    function councilQuorum() external view returns (uint8) {
        return _councilQuorum;
    }

    /// @notice Where final fines and clawbacks go.
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @notice The tokens (address(0) for ETH) whose escrow a case releases.
    function holdAssets() external view returns (address[] memory) {
        return _holdAssets;
    }

    /// @notice How long a DID waits between reports, in seconds.
    function reportInterval() external view returns (uint64) {
        return _reportInterval;
    }

    /// @notice How long a resolved case may be reopened, in seconds.
    function reopenWindow() external view returns (uint64) {
        return _reopenWindow;
    }

    // ----------------------------------------------------------------------------- internals

    /// @dev `applySanction` for every entry point; `withRef` records `ref` as evidence too (setEscrow).
    function _applySanction(
        uint256 caseId,
        Case storage c,
        Sanction sanction,
        bytes memory params,
        bool withRef,
        bytes32 ref
    ) private {
        uint16 bit = _checkSanction(caseId, c, sanction, params);
        if (withRef) _checkEvidence(caseId, c, ref);
        uint256 licenseId = c.licenseId;
        bool money = bit & _MONEY != 0;
        uint256 outstanding;
        if (money) {
            uint256 amount = abi.decode(params, (uint256));
            ISettlementEngine.Hold memory hold = _engine.holdOf(licenseId);
            outstanding = (hold.ref == bytes32(caseId) ? hold.outstanding : 0) + amount;
            c.held += amount;
        } else if (bit == _REMEDIATION) {
            (bytes32 plan, uint256 deadline) = abi.decode(params, (bytes32, uint256));
            c.remediationPlan = plan;
            // forge-lint: disable-next-line(unsafe-typecast)
            c.remediationDeadline = uint64(deadline); // _checkSanction: at most type(uint64).max
        }
        c.sanctions |= bit;
        // Every sanction restarts the appeal window: the holder may appeal what was applied last.
        c.sanctionedAt = _now();
        if (c.stage == Stage.Investigation) _enter(c, Stage.Sanction);
        else c.updatedAt = _now();
        emit SanctionApplied(caseId, licenseId, sanction, params);
        if (withRef) _recordEvidence(caseId, c, ref);

        if (bit == _FREEZE) _licenses.freezeLicense(licenseId);
        else if (bit == _SUSPEND) _licenses.suspendLicense(licenseId, bytes32(caseId));
        else if (money) _engine.setHold(licenseId, outstanding, bytes32(caseId));
    }

    /// @dev The checks of `applySanction` on the case (see its documentation); returns the sanction's bit.
    function _checkSanction(uint256 caseId, Case storage c, Sanction sanction, bytes memory params)
        private
        view
        returns (uint16 bit)
    {
        _requireInvestigator(caseId, c);
        Stage stage = c.stage;
        if (stage != Stage.Investigation && stage != Stage.Sanction) revert InvalidStage(caseId, stage);
        bit = uint16(1) << uint8(sanction);
        if (_policies[c.reasonCode].allowedSanctions & bit == 0) revert SanctionNotAllowed(caseId, sanction);
        bool wellFormed;
        if (bit & _MONEY != 0) {
            wellFormed = params.length == 32 && abi.decode(params, (uint256)) != 0;
        } else {
            if (c.sanctions & bit != 0) revert SanctionState(caseId, sanction);
            if (bit == _REMEDIATION) {
                if (params.length == 64) {
                    (bytes32 plan, uint256 deadline) = abi.decode(params, (bytes32, uint256));
                    wellFormed =
                        plan != bytes32(0) && deadline >= block.timestamp && deadline <= type(uint64).max;
                }
            } else {
                wellFormed = params.length == 0;
            }
        }
        if (!wellFormed) revert SanctionNotAllowed(caseId, sanction);
    }

    /// @dev Resolution as Sanctioned (after the appeal window, or a rejected appeal): a recorded Revoke
    /// is executed unless the license is revoked or expired by now (the registry would refuse, and the
    /// license is out of use either way), and the hold ends, its escrow to the treasury after a Fine
    /// or Clawback, else to the holder. Freezes and suspensions stay.
    function _finalize(uint256 caseId, Case storage c) private {
        uint16 sanctions = c.sanctions;
        uint256 licenseId = c.licenseId;
        address to;
        if (sanctions & _MONEY != 0) {
            to = sanctions & (_FINE | _CLAWBACK) != 0 ? _treasury : _holderOf(licenseId);
        }
        bool revoke = sanctions & _REVOKE != 0 && _isLive(_licenses.stateOf(licenseId));

        _resolveCase(caseId, c, Ruling.Sanctioned);

        if (revoke) _licenses.revokeLicense(licenseId, bytes32(caseId));
        if (to != address(0)) _releaseHold(caseId, licenseId, to);
    }

    /// @dev An upheld appeal: every sanction lifted, the escrow back to the holder, ruling Overturned.
    /// The registry is asked only what it can do in the license's state now: unfreeze unless it is
    /// revoked or expired, reinstate only if it is suspended (a license revoked or expired meanwhile
    /// stays so; the case is overturned all the same).
    function _overturn(uint256 caseId, Case storage c) private {
        uint16 sanctions = c.sanctions;
        uint256 licenseId = c.licenseId;
        address holder = sanctions & _MONEY != 0 ? _holderOf(licenseId) : address(0);
        ILicenseRegistry.LicenseState state;
        if (sanctions & (_FREEZE | _SUSPEND) != 0) state = _licenses.stateOf(licenseId);

        c.sanctions = 0;
        c.held = 0;
        c.remediationDeadline = 0;
        for (uint8 s = 0; s <= uint8(Sanction.Remediation); ++s) {
            if (sanctions & (uint16(1) << s) != 0) emit SanctionLifted(caseId, licenseId, Sanction(s));
        }
        _resolveCase(caseId, c, Ruling.Overturned);

        if (sanctions & _FREEZE != 0 && _isLive(state)) _licenses.unfreezeLicense(licenseId);
        if (sanctions & _SUSPEND != 0 && state == ILicenseRegistry.LicenseState.Suspended) {
            _licenses.reinstateLicense(licenseId);
        }
        if (holder != address(0)) _releaseHold(caseId, licenseId, holder);
    }

    /// @dev Stage Resolved with `ruling`, the license free for a new case, the KPI on a first
    /// resolution; emits `CaseResolved`.
    function _resolveCase(uint256 caseId, Case storage c, Ruling ruling) private {
        if (c.resolvedAt == 0) {
            ++_resolvedCases;
            _resolveSeconds += block.timestamp - c.openedAt;
        }
        c.ruling = ruling;
        c.resolvedAt = _now();
        delete _activeCase[c.licenseId];
        _enter(c, Stage.Resolved);
        emit CaseResolved(caseId, ruling);
    }

    /// @dev Ends the engine's hold and releases the license's escrow in every hold asset to `to`.
    function _releaseHold(uint256 caseId, uint256 licenseId, address to) private {
        _engine.setHold(licenseId, 0, bytes32(caseId));
        address[] memory assets = _holdAssets;
        for (uint256 i = 0; i < assets.length; ++i) {
            _engine.releaseHold(licenseId, assets[i], to);
        }
    }

    /// @dev Moves the case to `next`: the KPI counts, the deadline (now + the stage's SLA, or 0),
    /// `updatedAt`.
    function _enter(Case storage c, Stage next) private {
        Stage previous = c.stage;
        // A case is counted in exactly one stage, so its previous stage's count is at least 1.
        unchecked {
            if (previous != Stage.None) --_inStage[previous];
        }
        ++_inStage[next];
        c.stage = next;
        uint64 sla = _slas[next];
        c.slaDeadline = sla == 0 ? 0 : _plus(_now(), sla);
        c.updatedAt = _now();
    }

    function _checkEvidence(uint256 caseId, Case storage c, bytes32 ref) private view {
        if (c.evidenceCount >= MAX_EVIDENCE) revert TooMuchEvidence(caseId);
        if (ref == bytes32(0)) revert InvalidArgument();
    }

    function _recordEvidence(uint256 caseId, Case storage c, bytes32 ref) private {
        _evidence[caseId].push(ref);
        ++c.evidenceCount;
        c.updatedAt = _now();
        emit EvidenceAdded(caseId, ref, msg.sender);
    }

    function _existing(uint256 caseId) private view returns (Case storage c) {
        c = _cases[caseId];
        if (c.stage == Stage.None) revert CaseNotFound(caseId);
    }

    function _activeCaseOf(uint256 licenseId) private view returns (uint256 caseId) {
        caseId = _activeCase[licenseId];
        if (caseId == 0) revert NoActiveCase(licenseId);
    }

    function _requireStage(uint256 caseId, Case storage c, Stage stage) private view {
        if (c.stage != stage) revert InvalidStage(caseId, c.stage);
    }

    /// @dev The assigned investigator, who still holds `INVESTIGATOR_ROLE` (revoking the role ends
    /// its authority over its cases; a triage officer reassigns them).
    function _requireInvestigator(uint256 caseId, Case storage c) private view {
        if (msg.sender != c.investigator || !hasRole(INVESTIGATOR_ROLE, msg.sender)) {
            revert NotAuthorized(msg.sender, caseId);
        }
    }

    function _remediationPending(Case storage c) private view returns (bool) {
        return c.sanctions & _REMEDIATION != 0 && c.remediationDeadline != 0;
    }

    function _appealClosesAt(Case storage c) private view returns (uint64) {
        return _plus(c.sanctionedAt, _policies[c.reasonCode].appealWindow);
    }

    /// @dev The token owner in the license registry; reverts (ERC721NonexistentToken) if none.
    function _holderOf(uint256 licenseId) private view returns (address) {
        return IERC721(address(_licenses)).ownerOf(licenseId);
    }

    /// @dev Neither revoked nor expired: the registry still acts on the license.
    function _isLive(ILicenseRegistry.LicenseState state) private pure returns (bool) {
        return
            state != ILicenseRegistry.LicenseState.Revoked && state != ILicenseRegistry.LicenseState.Expired;
    }

    /// @dev Open to Appeal.
    function _isActive(Stage stage) private pure returns (bool) {
        return stage >= Stage.Open && stage <= Stage.Appeal;
    }

    function _now() private view returns (uint64) {
        // Block timestamps fit in 64 bits for the next 584 billion years.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(block.timestamp);
    }

    /// @dev `a + b`, saturating at type(uint64).max.
    function _plus(uint64 a, uint64 b) private pure returns (uint64) {
        // Two uint64 values sum below 2^65, far from uint256's limit; the cast back is checked.
        unchecked {
            uint256 sum = uint256(a) + b;
            // forge-lint: disable-next-line(unsafe-typecast)
            return sum > type(uint64).max ? type(uint64).max : uint64(sum);
        }
    }
}
