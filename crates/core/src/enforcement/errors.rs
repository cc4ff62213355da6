//! The DLA contract's custom errors, as in `IDLAEnforcement.sol`, so that a Stylus twin reverts
//! with the same bytes and tests and the CLI can decode either.

#![allow(missing_docs)] // the sol! macro generates undocumented items; each error is documented in IDLAEnforcement.sol

alloy_sol_types::sol! {
    #[derive(Debug, PartialEq, Eq)]
    error CaseNotFound(uint256 caseId);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidStage(uint256 caseId, uint8 stage);
    #[derive(Debug, PartialEq, Eq)]
    error NotAuthorized(address caller, uint256 caseId);
    #[derive(Debug, PartialEq, Eq)]
    error ReporterNotInGoodStanding(address reporter);
    #[derive(Debug, PartialEq, Eq)]
    error ReportTooSoon(bytes32 reporterDid, uint64 nextAllowedAt);
    #[derive(Debug, PartialEq, Eq)]
    error CaseAlreadyActive(uint256 licenseId, uint256 caseId);
    #[derive(Debug, PartialEq, Eq)]
    error NoActiveCase(uint256 licenseId);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidReason(uint16 reasonCode);
    #[derive(Debug, PartialEq, Eq)]
    error SanctionNotAllowed(uint256 caseId, uint8 sanction);
    #[derive(Debug, PartialEq, Eq)]
    error SanctionState(uint256 caseId, uint8 sanction);
    #[derive(Debug, PartialEq, Eq)]
    error TooMuchEvidence(uint256 caseId);
    #[derive(Debug, PartialEq, Eq)]
    error AppealWindow(uint256 caseId, uint64 closesAt);
    #[derive(Debug, PartialEq, Eq)]
    error AlreadyVoted(uint256 caseId, address member);
    #[derive(Debug, PartialEq, Eq)]
    error ReopenWindow(uint256 caseId, uint64 closesAt);
    #[derive(Debug, PartialEq, Eq)]
    error DeadlineNotPassed(uint256 caseId, uint64 deadline);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidArgument();
}
