//! The license registry's custom errors, as in `ILicenseRegistry.sol` (and the OpenZeppelin errors
//! the registry can raise), so that a Stylus registry reverts with the same bytes and the reference
//! model can predict them exactly.

#![allow(missing_docs)] // the sol! macro generates undocumented items; each error is documented in ILicenseRegistry.sol

alloy_sol_types::sol! {
    #[derive(Debug, PartialEq, Eq)]
    error NotAuthorized(address caller, uint256 id);
    #[derive(Debug, PartialEq, Eq)]
    error LicenseNotFound(uint256 id);
    #[derive(Debug, PartialEq, Eq)]
    error LicenseHasExpired(uint256 id, uint64 expiresAt);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidState(uint256 id, uint8 state);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidJurisdiction(bytes2 region);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidRoyalty(uint16 royaltyBps, uint16 maxBps);
    #[derive(Debug, PartialEq, Eq)]
    error AlreadyRevoked(uint256 id);
    #[derive(Debug, PartialEq, Eq)]
    error ComplianceFailed(bytes32 didHash, uint8 riskScore, uint8 status);
    #[derive(Debug, PartialEq, Eq)]
    error HolderRegionNotAllowed(bytes32 didHash, bytes2 region);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidExpiry(uint64 expiresAt, uint64 notBefore, uint64 notAfter);
    #[derive(Debug, PartialEq, Eq)]
    error NotRenewable(uint256 id);
    #[derive(Debug, PartialEq, Eq)]
    error NotSublicensable(uint256 parentId);
    #[derive(Debug, PartialEq, Eq)]
    error LicenseNotUsable(uint256 id);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidLicenseType(uint8 licenseType);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidTerms();
    #[derive(Debug, PartialEq, Eq)]
    error FreezeUnchanged(uint256 id, bool frozen);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidScore(uint8 score);
    #[derive(Debug, PartialEq, Eq)]
    error InvalidAccount(address account);
    #[derive(Debug, PartialEq, Eq)]
    error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);
    #[derive(Debug, PartialEq, Eq)]
    error ERC721NonexistentToken(uint256 tokenId);
    #[derive(Debug, PartialEq, Eq)]
    error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner);
    #[derive(Debug, PartialEq, Eq)]
    error ERC721InvalidReceiver(address receiver);
    #[derive(Debug, PartialEq, Eq)]
    error ERC721InsufficientApproval(address operator, uint256 tokenId);
    #[derive(Debug, PartialEq, Eq)]
    error ERC721InvalidApprover(address approver);
}
