// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IDLAEnforcement
/// @notice DLA enforcement cases: the due-process lifecycle of a reported breach of a license, with
/// evidence references, deterministic sanctions on the license registry and the settlement engine,
/// appeals to a council, per-stage deadlines and on-chain KPIs.
///
/// @dev **Stages and who moves them** (`Case.stage`; `chlom_core::enforcement` is the same table):
///
///     from                 call                           to             who
///     -------------------  -----------------------------  -------------  ---------------------------------
///     (none)               openCase                       Open           a reporter: a Valid DID, rate-limited
///     Open                 triageCase                     Triage         TRIAGE_ROLE
///     Triage               assignInvestigator             Investigation  TRIAGE_ROLE (to an INVESTIGATOR_ROLE)
///     Investigation        assignInvestigator             Investigation  TRIAGE_ROLE (reassignment)
///     Sanction             assignInvestigator             Sanction       TRIAGE_ROLE (reassignment)
///     Appeal               assignInvestigator             Appeal         TRIAGE_ROLE (reassignment)
///     Open                 reclassify                     Open           TRIAGE_ROLE (to a reason with a policy)
///     Triage               reclassify                     Triage         TRIAGE_ROLE (to a reason with a policy)
///     Investigation        reclassify                     Investigation  TRIAGE_ROLE (to a reason with a policy)
///     Investigation        applySanction (first)          Sanction       the assigned investigator
///     Sanction             applySanction (more)           Sanction       the assigned investigator
///     Investigation        resolve(Dismissed)             Resolved       the assigned investigator
///     Sanction             resolve(Sanctioned)            Resolved       the assigned investigator, after the appeal window
///     Sanction             fileAppeal                     Appeal         the license holder, within the appeal window
///     Appeal               decideAppeal (quorum reached)  Resolved       COUNCIL_ROLE members, M of N
///     Resolved             reopen                         Investigation  TRIAGE_ROLE, within the reopen window
///     Resolved             closeCase                      Closed         anyone, after the reopen window
///
/// No stage is skipped: every other call reverts with `InvalidStage`. A license has at most one
/// active case (any stage before Resolved) at a time. A reassignment or a reclassification keeps
/// the stage and its deadline (only `updatedAt` changes). The assigned investigator acts only while
/// it still holds `INVESTIGATOR_ROLE`: revoking the role ends its authority over its cases
/// (`NotAuthorized`), and a triage officer reassigns them.
///
/// **Sanctions** (the ladder, `Sanction`): Freeze, Escrow, Fine, Clawback, Suspend, Revoke and
/// Remediation. Governance maps each reason code to the sanctions allowed for it and to its appeal
/// window (`setReasonPolicy`); a reason without a policy cannot be reported. What each does:
///
///     Freeze       LicenseRegistry.freezeLicense now; lifted by liftFreeze or an upheld appeal
///     Suspend      LicenseRegistry.suspendLicense now; reinstated by an upheld appeal
///     Escrow, Fine, Clawback
///                  SettlementEngine.setHold(licenseId, total held, caseRef) now: the license's next
///                  settlements route up to the amount to escrow (params: abi.encode(uint256 amount))
///     Revoke       recorded now, LicenseRegistry.revokeLicense when the case resolves as Sanctioned
///                  (an irreversible sanction waits for due process)
///     Remediation  a plan (params: abi.encode(bytes32 planRef, uint64 deadline)); `escalate` after
///                  the deadline without `confirmRemediation` applies the next rung, Suspend (if the
///                  reason allows it, the case has no Suspend yet and the license is Active; else
///                  the missed plan is a breach only)
///
/// When a case resolves as Sanctioned (after the appeal window, or when the council rejects the
/// appeal) the sanctions become final: a recorded Revoke is executed (as the license's state allows,
/// below), the hold ends, and what the
/// license's escrow holds in each `holdAssets` token is released to the treasury if a Fine or
/// Clawback was applied, else to the license holder; freezes and suspensions stay. An upheld appeal
/// lifts everything: unfreeze and reinstate (as the license's state allows, below), the hold ends
/// and the escrow goes back to the holder, a
/// recorded Revoke is dropped (ruling Overturned), and `SanctionLifted` is emitted for each
/// sanction. A dismissed case never sanctioned anything. A case that applied no Escrow, Fine or
/// Clawback never touches the settlement engine (so it cannot sweep escrow the license's own graph
/// routed there). The hold a money sanction sets is the case's outstanding hold plus the new
/// amount (money a settlement already moved to escrow is not held twice).
///
/// **The license's state decides the registry calls a case makes as consequences**, read with
/// `LicenseRegistry.stateOf` when the consequence is due, so that a license its issuer revoked or
/// that expired meanwhile cannot strand the case: at a resolution as Sanctioned a recorded Revoke
/// is executed only if the license is neither Revoked nor Expired; an upheld appeal unfreezes only
/// if it is neither Revoked nor Expired and reinstates only if it is Suspended (the case is
/// overturned, and `SanctionLifted` emitted, all the same); `escalate` suspends only an Active
/// license. The settlement engine's calls do not depend on it. The sanctions the investigator
/// applies (Freeze, Suspend) call the registry directly, and its refusals bubble.
///
/// **Reopening** starts a new round: the case's sanction bits, `held`, `sanctionedAt` and plan are
/// reset (what the earlier resolution did stays in force) and a new appeal is voted afresh; a case
/// whose license has another active case cannot be reopened (`CaseAlreadyActive`). Windows include
/// their last second; a deadline has passed when `now > deadline`. A missed remediation escalates
/// once.
///
/// **Appeals.** The license holder (the token owner in the registry) may appeal within the reason's
/// appeal window, counted from the case's latest sanction (`sanctionedAt`): every sanction applied,
/// the Suspend of an escalated remediation plan included, restarts it, so that the holder can appeal
/// a sanction applied after the window of an earlier one closed. (An escalation's Suspend while the
/// case is in Appeal sets `sanctionedAt` too and changes nothing else: the pending appeal covers
/// it.) Council members (`COUNCIL_ROLE`) vote once each; the first side to reach `councilQuorum`
/// votes decides.
///
/// **Deadlines.** Each active stage has an SLA (`setSla`); entering a stage sets `slaDeadline` to
/// now + its SLA (0 = none). After the deadline anyone may `escalate`: the priority rises (at most
/// `MAX_PRIORITY`), `SlaBreached` is emitted and the deadline restarts. KPIs: cases per stage,
/// breaches, and the mean time from opening to resolution.
///
/// **Roles.** `DEFAULT_ADMIN_ROLE` (governance): policies, SLAs, the quorum, the treasury, the hold
/// assets, the report interval, the reopen window and roles. `TRIAGE_ROLE`: triage officers.
/// `INVESTIGATOR_ROLE`: investigators (only the assigned one acts on a case, while it holds the
/// role). `COUNCIL_ROLE`: the
/// appeal council. This contract must hold `ENFORCEMENT_ROLE` in the license registry and in the
/// settlement engine.
///
/// **Reporters.** A reporter may not report a license it holds (the token owner): a self-report would
/// let a holder open a harmless case and so keep a real one from being opened while it runs. A
/// triage officer corrects a case's reason with `reclassify` until a sanction is applied. The
/// reporter adds at most `MAX_REPORTER_EVIDENCE` (16) references (the opening one included), so
/// that the investigator keeps room up to `MAX_EVIDENCE` (64).
///
/// **Check order**: role, existence, authority that depends on the case (investigator, reporter,
/// holder), stage, arguments, then the other contracts.
interface IDLAEnforcement {
    /// @notice Where a case is.
    enum Stage {
        None,
        Open,
        Triage,
        Investigation,
        Sanction,
        Appeal,
        Resolved,
        Closed
    }

    /// @notice The sanctions ladder.
    enum Sanction {
        Freeze,
        Escrow,
        Fine,
        Clawback,
        Suspend,
        Revoke,
        Remediation
    }

    /// @notice How a case ended.
    enum Ruling {
        None,
        Dismissed,
        Sanctioned,
        Overturned
    }

    /// @notice A case.
    struct Case {
        uint256 licenseId;
        uint16 reasonCode;
        Stage stage;
        Ruling ruling;
        uint8 priority;
        address reporter;
        bytes32 reporterDid;
        address investigator;
        uint64 openedAt;
        uint64 updatedAt;
        uint64 slaDeadline;
        uint64 sanctionedAt;
        uint64 resolvedAt;
        /// @dev Bit `1 << Sanction` for each sanction applied and not lifted.
        uint16 sanctions;
        uint16 evidenceCount;
        uint256 held;
        bytes32 remediationPlan;
        uint64 remediationDeadline;
    }

    /// @notice What governance allows for a reason code.
    struct ReasonPolicy {
        /// @dev Bit `1 << Sanction` for each sanction allowed; zero = no policy (not reportable).
        uint16 allowedSanctions;
        uint64 appealWindow;
    }

    event CaseOpened(
        uint256 indexed caseId,
        uint256 indexed licenseId,
        uint16 reasonCode,
        address indexed reporter,
        bytes32 evidenceRef
    );
    event CaseTriaged(uint256 indexed caseId, uint8 priority);
    event InvestigatorAssigned(uint256 indexed caseId, address indexed investigator);
    event EvidenceAdded(uint256 indexed caseId, bytes32 proofRef, address indexed by);
    event SanctionApplied(uint256 indexed caseId, uint256 indexed licenseId, Sanction sanction, bytes params);
    event SanctionLifted(uint256 indexed caseId, uint256 indexed licenseId, Sanction sanction);
    event RemediationConfirmed(uint256 indexed caseId);
    event CaseResolved(uint256 indexed caseId, Ruling ruling);
    event AppealFiled(uint256 indexed caseId, address indexed appellant, bytes32 memoRef);
    event AppealVoted(uint256 indexed caseId, address indexed member, bool uphold);
    event AppealDecided(uint256 indexed caseId, bool upheld, uint8 votesFor, uint8 votesAgainst);
    event CaseReopened(uint256 indexed caseId, bytes32 cause);
    event CaseClosed(uint256 indexed caseId);
    event PriorityChanged(uint256 indexed caseId, uint8 priority);
    event CaseReclassified(uint256 indexed caseId, uint16 reasonCode);
    event SlaBreached(uint256 indexed caseId, Stage stage, uint64 deadline, uint8 priority);
    event ReasonPolicySet(uint16 indexed reasonCode, uint16 allowedSanctions, uint64 appealWindow);
    event SlaSet(Stage stage, uint64 seconds_);
    event CouncilQuorumSet(uint8 quorum);
    event TreasurySet(address treasury);
    event HoldAssetsSet(address[] tokens);
    event ReportIntervalSet(uint64 seconds_);
    event ReopenWindowSet(uint64 seconds_);

    /// @notice No such case.
    error CaseNotFound(uint256 caseId);
    /// @notice The case is not in a stage that allows the call.
    error InvalidStage(uint256 caseId, Stage stage);
    /// @notice The caller may not act on this case (not the assigned investigator holding
    /// `INVESTIGATOR_ROLE`, the reporter or the license holder, as the call requires); `openCase`
    /// gives it with case 0 to the holder of the reported license.
    error NotAuthorized(address caller, uint256 caseId);
    /// @notice The reporter has no Valid DID.
    error ReporterNotInGoodStanding(address reporter);
    /// @notice The reporter's DID reported less than `reportInterval` ago.
    error ReportTooSoon(bytes32 reporterDid, uint64 nextAllowedAt);
    /// @notice The license already has an active case.
    error CaseAlreadyActive(uint256 licenseId, uint256 caseId);
    /// @notice The license has no active case (for the license-addressed sanction calls).
    error NoActiveCase(uint256 licenseId);
    /// @notice A reason code without a policy.
    error InvalidReason(uint16 reasonCode);
    /// @notice The sanction is not allowed for the case's reason, or its parameters are malformed.
    error SanctionNotAllowed(uint256 caseId, Sanction sanction);
    /// @notice The sanction is already applied, or (for lifts) not applied.
    error SanctionState(uint256 caseId, Sanction sanction);
    /// @notice A case holds at most `MAX_EVIDENCE` references, `MAX_REPORTER_EVIDENCE` while its
    /// reporter adds them.
    error TooMuchEvidence(uint256 caseId);
    /// @notice The appeal window is closed (or, for `resolve`, still open).
    error AppealWindow(uint256 caseId, uint64 closesAt);
    /// @notice The council member voted on this appeal before.
    error AlreadyVoted(uint256 caseId, address member);
    /// @notice The reopen window is closed (or, for `closeCase`, still open).
    error ReopenWindow(uint256 caseId, uint64 closesAt);
    /// @notice The stage's deadline has not passed, or the stage has none.
    error DeadlineNotPassed(uint256 caseId, uint64 deadline);
    /// @notice A priority above `MAX_PRIORITY`, a zero quorum, a zero treasury, too many hold assets,
    /// a zero account, a zero reference, a ruling `resolve` cannot give, a stage without an SLA, a
    /// policy with bits outside the ladder, or an investigator without `INVESTIGATOR_ROLE`.
    error InvalidArgument();

    // ----------------------------------------------------------------------------- the lifecycle

    /// @notice Reports a breach of a license.
    /// @dev Requirements: the caller controls a Valid DID in the DID registry; its DID reported at
    /// least `reportInterval` ago (or never); the license exists; the caller does not hold it
    /// (`NotAuthorized(caller, 0)`); it has no active case; the reason has a policy; `evidenceRef`
    /// is not zero. Emits `CaseOpened`.
    function openCase(uint256 licenseId, uint16 reasonCode, bytes32 evidenceRef)
        external
        returns (uint256 caseId);

    /// @notice Accepts a case for investigation with a priority (0 to `MAX_PRIORITY`).
    /// @dev Requirements: `TRIAGE_ROLE`; stage Open. Emits `CaseTriaged`.
    function triageCase(uint256 caseId, uint8 priority) external;

    /// @notice Assigns (or reassigns) the case's investigator. From Triage the case enters
    /// Investigation; a reassignment (Investigation, Sanction, Appeal) keeps the stage and its
    /// deadline, so that a case whose investigator left goes on.
    /// @dev Requirements: `TRIAGE_ROLE`; stage Triage, Investigation, Sanction or Appeal; `account`
    /// holds `INVESTIGATOR_ROLE`. Emits `InvestigatorAssigned`.
    function assignInvestigator(uint256 caseId, address account) external;

    /// @notice Adds an evidence reference (a content address).
    /// @dev Requirements: the reporter while Open or Triage, fewer than `MAX_REPORTER_EVIDENCE` (16)
    /// references then; the assigned investigator from Investigation to Appeal, fewer than
    /// `MAX_EVIDENCE` (64); not zero. The count includes the opening reference. Emits `EvidenceAdded`.
    function addEvidence(uint256 caseId, bytes32 proofRef) external;

    /// @notice Applies a sanction (see the interface documentation for each and its parameters). The
    /// first moves the case to Sanction; each sets `sanctionedAt` to now, restarting the appeal window.
    /// @dev Requirements: the assigned investigator; stage Investigation or Sanction; allowed for the
    /// reason; not already applied (Escrow, Fine and Clawback add up and may repeat). Emits
    /// `SanctionApplied`.
    function applySanction(uint256 caseId, Sanction sanction, bytes calldata params) external;

    /// @notice `applySanction(activeCase, Freeze, "")` for the license's active case.
    function freezeLicense(uint256 licenseId) external;

    /// @notice Lifts the freeze of the license's active case (remediated, say).
    /// @dev Requirements: the assigned investigator; stage Sanction; the freeze applied. Emits
    /// `SanctionLifted`.
    function liftFreeze(uint256 licenseId) external;

    /// @notice `applySanction(activeCase, Escrow, abi.encode(amount))`; `ref` is recorded as evidence.
    function setEscrow(uint256 licenseId, uint256 amount, bytes32 ref) external;

    /// @notice `applySanction(activeCase, Fine, abi.encode(amount))`.
    function fine(uint256 licenseId, uint256 amount) external;

    /// @notice `applySanction(activeCase, Remediation, abi.encode(planRef, now + the Sanction SLA))`;
    /// without a Sanction SLA the deadline is 0, before now, so the plan is malformed
    /// (`SanctionNotAllowed(caseId, Remediation)`): a plan needs a deadline to escalate.
    function requireRemediation(uint256 licenseId, bytes32 planRef) external;

    /// @notice The remediation plan was carried out: `escalate` no longer suspends.
    /// @dev Requirements: the assigned investigator; a pending plan. Emits `RemediationConfirmed`.
    function confirmRemediation(uint256 caseId) external;

    /// @notice Ends the case: Dismissed from Investigation, Sanctioned from Sanction once the appeal
    /// window of the latest sanction closed (the sanctions become final, see the interface
    /// documentation).
    /// @dev Requirements: the assigned investigator. Emits `CaseResolved`.
    function resolve(uint256 caseId, Ruling ruling) external;

    /// @notice The license holder appeals the sanctions.
    /// @dev Requirements: the caller owns the license's token; stage Sanction; within the appeal
    /// window (`sanctionedAt + appealWindow`, `sanctionedAt` being the latest sanction). Emits
    /// `AppealFiled`.
    function fileAppeal(uint256 caseId, bytes32 memoRef) external;

    /// @notice A council member's vote; the first side to reach the quorum decides.
    /// @dev Requirements: `COUNCIL_ROLE`; stage Appeal; not voted before. Emits `AppealVoted`, and
    /// when decided `AppealDecided`, `SanctionLifted` per sanction (upheld) and `CaseResolved`.
    function decideAppeal(uint256 caseId, bool uphold) external;

    /// @notice Reopens a resolved case for investigation (the same investigator).
    /// @dev Requirements: `TRIAGE_ROLE`; stage Resolved; within the reopen window. Emits
    /// `CaseReopened`.
    function reopen(uint256 caseId, bytes32 cause) external;

    /// @notice Closes a resolved case after its reopen window.
    /// @dev Requirements: stage Resolved; the window over. Anyone may call. Emits `CaseClosed`.
    function closeCase(uint256 caseId) external;

    /// @notice After the stage's deadline: the priority rises, the deadline restarts, and a
    /// remediation plan past its deadline escalates to Suspend (when the reason allows it, the case
    /// has no Suspend yet and the license is Active; the Suspend sets `sanctionedAt`).
    /// @dev Requirements: an active stage with a passed deadline (or a pending remediation past
    /// its own). Anyone may call. Emits `SlaBreached` (and `SanctionApplied` when it suspends).
    function escalate(uint256 caseId) external;

    /// @notice Changes a case's priority.
    /// @dev Requirements: `TRIAGE_ROLE`; an active case; at most `MAX_PRIORITY`. Emits
    /// `PriorityChanged`.
    function prioritize(uint256 caseId, uint8 level) external;

    /// @notice Corrects a case's reason code before any sanction (a reporter's wrong or understated
    /// reason must not bind the investigation); the stage and its deadline stay.
    /// @dev Requirements: `TRIAGE_ROLE`; stage Open, Triage or Investigation; the new reason has a
    /// policy (`InvalidReason`). Emits `CaseReclassified`.
    function reclassify(uint256 caseId, uint16 reasonCode) external;

    // ----------------------------------------------------------------------------- governance

    /// @notice Sets the SLA of an active stage (Open to Appeal), in seconds; 0 = no deadline.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `SlaSet`.
    function setSla(Stage stage, uint64 seconds_) external;

    /// @notice Sets what a reason code allows; `allowedSanctions == 0` withdraws the policy.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `ReasonPolicySet`.
    function setReasonPolicy(uint16 reasonCode, uint16 allowedSanctions, uint64 appealWindow) external;

    /// @notice Sets M, the votes that decide an appeal (at least 1).
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `CouncilQuorumSet`.
    function setCouncilQuorum(uint8 quorum) external;

    /// @notice Sets where final fines and clawbacks go.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`; not zero. Emits `TreasurySet`.
    function setTreasury(address treasury) external;

    /// @notice Sets the tokens (address(0) for ETH) whose escrow a case releases (at most 8).
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `HoldAssetsSet`.
    function setHoldAssets(address[] calldata tokens) external;

    /// @notice Sets how long a DID waits between reports.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `ReportIntervalSet`.
    function setReportInterval(uint64 seconds_) external;

    /// @notice Sets how long a resolved case may be reopened.
    /// @dev Requirements: `DEFAULT_ADMIN_ROLE`. Emits `ReopenWindowSet`.
    function setReopenWindow(uint64 seconds_) external;

    // ----------------------------------------------------------------------------- views

    /// @notice A case (reverts `CaseNotFound`).
    function getCase(uint256 caseId) external view returns (Case memory);

    /// @notice A case's evidence references, in order (the opening one first).
    function evidenceOf(uint256 caseId) external view returns (bytes32[] memory);

    /// @notice The license's active case (0 if none).
    function activeCaseOf(uint256 licenseId) external view returns (uint256);

    /// @notice How many cases were opened (ids run from 1).
    function caseCount() external view returns (uint256);

    /// @notice A reason code's policy.
    function reasonPolicy(uint16 reasonCode) external view returns (ReasonPolicy memory);

    /// @notice A stage's SLA.
    function slaOf(Stage stage) external view returns (uint64);

    /// @notice The appeal votes so far.
    function appealVotes(uint256 caseId) external view returns (uint8 votesFor, uint8 votesAgainst);

    /// @notice KPI: cases now in `stage`.
    function casesInStage(Stage stage) external view returns (uint256);

    /// @notice KPI: SLA breaches escalated so far.
    function breaches() external view returns (uint256);

    /// @notice KPI: the mean seconds from opening to (first) resolution over resolved cases (0 if none).
    function meanTimeToResolve() external view returns (uint256);
}
